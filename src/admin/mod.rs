//! The Exchange admin domain: the cmdlets (one file each, pure functions over the tenant), the objects they write
//! (`objects`, with Exchange's property names and type names), OPATH filters (`opath`), identity resolution,
//! ResultSize, Exchange's message texts (`messages`) and enums (`enums`), the default views of its objects, and
//! `LocalHost`, which runs cmdlets in-process; and what an admin API call means independent of how it arrives:
//! the InvokeCommand wire format (`wire`, one copy used by the admin endpoint and the remote cmdlet host) and the
//! InvokeCommand logic (`invoke`: body → cmdlet → binding → run against the tenant → paging, `$select`,
//! confirmation → answer). `server` and `remote` are thin shells around these. `whatif` runs a change on a copy
//! and compares every device's access before and after (`easim whatif`, `Compare-DeviceAccess`).
//!
//! It embeds the language: `script` knows nothing of Exchange and gets the command table and views from
//! `REGISTRY`, and sends every bound invocation back through a `CmdletHost` (`LocalHost` here, `remote::RemoteHost`
//! over HTTP). Nothing here does I/O, reads the clock or draws randomness: `now` and prompts are given.
//!
//! How a caller runs one cmdlet: `cmdlets::find(name)` → `&'static Cmdlet`; `script::bind(&cmdlet.info,
//! positional, named)` → `BoundParameters`; `context::invoke(&mut CmdletContext, cmdlet, &args)` writes objects,
//! warnings, non-terminating errors and `What if:` text to the context's streams, or returns a terminating
//! `ErrorRecord` having changed nothing. `cmdlets::call` does all three.

pub mod audit;
pub mod cmdlets;
pub mod context;
pub mod enums;
pub mod examples;
pub mod host;
pub mod identity;
pub mod invoke;
pub mod messages;
pub mod objects;
pub mod opath;
pub mod params;
pub mod result_size;
pub mod sort_by;
pub mod throttle;
mod views;
pub mod whatif;
pub mod wire;

#[cfg(test)]
mod cas_settings_tests;
#[cfg(test)]
mod fact_tests;
#[cfg(test)]
mod mailbox_param_tests;
#[cfg(test)]
mod policy_tests;
#[cfg(test)]
mod tests;

use crate::script::Registry;

pub use context::{Cmdlet, CmdletContext, Emitter, invoke};
pub use host::{LocalHost, TenantCopies};

/// What the language gets from the Exchange admin domain: its cmdlets and their objects' default views.
pub static REGISTRY: Registry = Registry {
    cmdlets: cmdlets::INFOS,
    source: "easim.Exchange",
    version: "15.20",
    views: views::VIEWS,
};
