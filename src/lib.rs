//! easim: a simulated Exchange ActiveSync environment.
//!
//! Layout (see ARCHITECTURE.md): `model` is the tenant; `access` decides device access; `generator` generates
//! tenants; `wbxml` is the EAS binary XML codec; `server` is the network shell; `import` turns admins' Export-Csv / ConvertTo-Json exports into a tenant; `persist` reads and
//! writes tenant files; `durable` keeps a state directory (snapshot + journal) for `--state`; `remote` runs the shell's cmdlets on a running server's admin endpoint; `sim` simulates devices that send EAS requests from scripts and tests; `repl` is the interactive shell's
//! input, completion and console. Each module says what it is for in its own header.

pub mod access;
pub mod admin;
pub mod durable;
pub mod eas;
pub mod generator;
pub mod import;
pub mod load;
pub mod model;
pub mod persist;
pub mod remote;
pub mod repl;
pub mod script;
pub mod server;
pub mod sim;
pub mod wbxml;
