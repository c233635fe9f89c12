//! easim: a simulated Exchange ActiveSync environment.
//!
//! Layout (see ARCHITECTURE.md): `model` is the tenant; `access` decides device access; `gen` generates tenants;
//! `persist` reads and writes tenant files. Each module says what it is for in its own header.

pub mod access;
pub mod model;
pub mod persist;
pub mod script;
pub mod server;
