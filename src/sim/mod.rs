//! The device simulator for scripts and tests: devices that act, not only read. `SimHost` owns a tenant and the
//! EAS server state beside it and runs, besides Exchange's cmdlets, two of its own: `Invoke-EasRequest` makes an
//! existing device send one EAS request and `New-SimulatedDevice` makes a new one contact the server. Each
//! request is built as the crate's own EAS client builds it (`load::client`), parsed and dispatched exactly as
//! the EAS endpoint does (`eas::request::parse`, `eas::handle`), so partnerships are created, decided and stored
//! by `eas::partnership` as for a real phone; the cmdlets write the answer with the access decision and the step
//! that decided it.
//!
//! Inside, one way: `host` → `cmdlets` (with `params`, their ValidateSet-style parameter types) → `act` →
//! `phone` (the devices' own memory and requests), `exchange` (one request through the dispatcher), `answer`
//! (the object written) → `world` (what is owned); `examples` runs the cmdlets' examples through a `SimHost`,
//! `copies` gives `easim test` a fresh `SimHost` per top-level block.
//! Pure: the clock is the host's `now`, randomness is seeded, nothing does I/O. Nothing imports this module but
//! `bin/` and tests.

mod act;
mod answer;
mod cmdlets;
mod copies;
pub mod examples;
mod exchange;
mod host;
mod params;
mod phone;
mod world;

#[cfg(test)]
mod tests;

use crate::script::{CmdletInfo, Registry, TypeView};

pub use answer::EAS_RESPONSE_TYPE;
pub use copies::SimCopies;
pub use host::SimHost;

/// How many commands the simulator's registry has: Exchange's and its own two.
const COMMAND_COUNT: usize = crate::admin::REGISTRY.cmdlets.len() + cmdlets::INFOS.len();
const VIEW_COUNT: usize = crate::admin::REGISTRY.views.len() + 1;

/// Exchange's commands, then the simulator's.
static COMMANDS: [&CmdletInfo; COMMAND_COUNT] =
    concat(crate::admin::REGISTRY.cmdlets, &cmdlets::INFOS);

/// Exchange's views, then the simulator's answer as a table.
static VIEWS: [(&str, TypeView); VIEW_COUNT] = concat(
    crate::admin::REGISTRY.views,
    &[(
        "EasResponse",
        TypeView::Table(&[
            "Command",
            "DeviceId",
            "HttpStatus",
            "EasStatus",
            "DeviceAccessState",
            "DeviceAccessStateReason",
            "DecidingStep",
        ]),
    )],
);

/// What the language gets from a `SimHost`: `admin::REGISTRY` (same source, version and views) plus the
/// simulator's cmdlets and the view of their answer.
pub static REGISTRY: Registry = Registry {
    cmdlets: &COMMANDS,
    source: crate::admin::REGISTRY.source,
    version: crate::admin::REGISTRY.version,
    views: &VIEWS,
};

/// `first` then `then`, at compile time (the lengths are checked there too).
const fn concat<T: Copy, const N: usize>(first: &[T], then: &[T]) -> [T; N] {
    assert!(first.len() + then.len() == N, "the lengths add up to N");
    let mut out = [first[0]; N];
    let mut i = 0;
    while i < first.len() {
        out[i] = first[i];
        i += 1;
    }
    let mut j = 0;
    while j < then.len() {
        out[first.len() + j] = then[j];
        j += 1;
    }
    out
}
