//! The layering rules as one table: for each module (or inner layer) what of the crate it may use and whether it
//! is pure. Edit this file, not the checker, when the architecture changes. It checks nothing itself
//! (`check.rs` does).
//!
//! How a row reads: `row(MODULE, KIND, MAY_USE)`.
//! - MODULE is a module path; a file obeys the row with the longest MODULE that is a prefix of its own module
//!   (so `crate::script::syntax` overrides `crate::script` for the parser, lexer, AST …). Every module of `src/`
//!   must be covered by some row. The binary `src/bin/easim/` is `bin::easim`; it names the library `easim::…`,
//!   which counts as `crate::…` here.
//! - MAY_USE is an allow-list of path prefixes of the crate: a module (`crate::model`) or a single item
//!   (`crate::model::eq_ci`; then `use crate::model;` itself is not allowed, only the listed items). A module may
//!   always use itself (everything under its MODULE). Paths are resolved first (groups, `super::`, `self::`, names
//!   brought in by `use`, re-exports followed to what they name). An item-level entry also matches a re-exported
//!   name on the way (`crate::model::eq_ci` allows `crate::model::ci::eq_ci` reached through it).
//! - KIND: `Pure` may not name anything in `IMPURE` (time, randomness and I/O come in as arguments); `Local` may
//!   do I/O on this machine but names nothing in `NETWORK`; `Shell` does any I/O; `Bin` does I/O and may use
//!   `anyhow`. `anyhow` is for `src/bin/` only.
//!
//! Test code (`#[cfg(test)]` modules, `tests.rs` files pulled in by `#[cfg(test)] mod tests;`, `#[test]` functions)
//! obeys MAY_USE like the rest of its module, so tests cannot smuggle in a dependency the code does not have, but is
//! exempt from purity and from the `anyhow` rule (tests may read fixtures, use clocks and `anyhow::Result`).

/// What a module may do beyond naming the crate's modules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// No clock, no unseeded randomness, no files, sockets, environment or processes: see `IMPURE`.
    Pure,
    /// May do I/O on this machine (terminal, files) but names nothing in `NETWORK`; typed errors only.
    Local,
    /// May do I/O; typed errors only.
    Shell,
    /// The binary: I/O and `anyhow`.
    Bin,
}

use Kind::{Bin, Local, Pure, Shell};

/// One row of the table.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) module: &'static str,
    pub(crate) kind: Kind,
    pub(crate) may_use: &'static [&'static str],
}

pub(crate) const fn row(
    module: &'static str,
    kind: Kind,
    may_use: &'static [&'static str],
) -> Rule {
    Rule {
        module,
        kind,
        may_use,
    }
}

/// What a pure module may not name, anywhere in a resolved path: the list plus rand's other unseeded
/// sources. `std::fs` catches `use std::{fs, …}`, `std::fs::read(…)` inline and `::std::fs`; `Instant::now` catches
/// `std::time::Instant::now` and `tokio::time::Instant::now` alike.
pub(crate) const IMPURE: &[&str] = &[
    "std::fs",
    "std::net",
    "std::env",
    "std::process",
    "std::thread::sleep",
    "tokio",
    "hyper",
    "hyper_util",
    "SystemTime::now",
    "Instant::now",
    "thread_rng",
    "rand::rng",
    "rand::random",
    "OsRng",
    "ThreadRng",
    "from_os_rng",
    "from_entropy",
];

/// What a `Local` module may not name: sockets and the async runtime.
pub(crate) const NETWORK: &[&str] = &["std::net", "tokio", "hyper", "hyper_util"];

/// The language-neutral primitives of `model` that the PowerShell language may use once it knows nothing of
/// Exchange: case-insensitive keys, time, Guids.
pub(crate) const MODEL_PRIMITIVES: &[&str] = &[
    "crate::model::eq_ci",
    "crate::model::CiKey",
    "crate::model::CiRef",
    "crate::model::Timestamp",
    "crate::model::Civil",
    "crate::model::days_in_month",
    "crate::model::Guid",
];

/// The module directions of ARCHITECTURE.md ("Invariants").
#[rustfmt::skip]
pub(crate) const RULES: &[Rule] = &[
    // The pure core.
    row("crate::model",     Pure, &[]),
    row("crate::wbxml",     Pure, &[]),
    row("crate::access",    Pure, &["crate::model"]),
    row("crate::generator", Pure, &["crate::model"]),
    // Admins' exports (CSV, JSON) into a tenant: text in, tenant out.
    row("crate::import",    Pure, &["crate::model"]),
    row("crate::eas",       Pure, &["crate::wbxml", "crate::model", "crate::access"]),

    // The PowerShell language knows nothing of Exchange: only the model's language-neutral primitives.
    row("crate::script",    Pure, MODEL_PRIMITIVES),
    // Inner layers of `script`, bottom up. The front end (lexer, parser, AST, diagnostics) knows nothing of
    // evaluation, values or commands; wildcards, values and error records are the bottom; the command metadata,
    // the registry, the host seam and the binder know nothing of the evaluator. The evaluator, its utility
    // cmdlets, formatting and CSV (`eval`, `utility`, `format`, `csv`) are the top and may use all of these.
    row("crate::script::syntax",   Pure, &[]),
    row("crate::script::wildcard", Pure, MODEL_PRIMITIVES),
    row("crate::script::value",    Pure, MODEL_PRIMITIVES),
    // The cultures' data (`$PSCulture`): plain tables the formatting reads.
    row("crate::script::culture",  Pure, &[]),
    row("crate::script::error",    Pure, &["crate::script::value", "crate::script::syntax"]),
    row("crate::script::messages", Pure, &["crate::script::error"]),
    row("crate::script::params",   Pure, &[
        "crate::script::value", "crate::script::error", "crate::script::culture", "crate::model::eq_ci",
    ]),
    row("crate::script::cmdlet",   Pure, &["crate::script::params", "crate::script::value", "crate::script::error"]),
    row("crate::script::registry", Pure, &["crate::script::cmdlet", "crate::model::eq_ci"]),
    row("crate::script::host",     Pure, &[
        "crate::script::cmdlet", "crate::script::params", "crate::script::error", "crate::script::registry",
        "crate::model::Timestamp",
    ]),
    row("crate::script::binder",   Pure, &[
        "crate::script::cmdlet", "crate::script::params", "crate::script::value", "crate::script::error",
        "crate::script::messages", "crate::script::culture",
        "crate::model::eq_ci",
    ]),

    // The evaluator knows none of the built-in cmdlets (the session hands it their table) and no CSV; the
    // built-in cmdlets know no session. `session` puts the evaluator and the cmdlets together.
    row("crate::script::eval",     Pure, &[
        "crate::script::syntax", "crate::script::value", "crate::script::error", "crate::script::messages",
        "crate::script::params", "crate::script::cmdlet", "crate::script::registry", "crate::script::host",
        "crate::script::binder", "crate::script::wildcard", "crate::script::culture",
        "crate::model::eq_ci", "crate::model::Timestamp", "crate::model::Civil", "crate::model::days_in_month",
        "crate::model::Guid",
    ]),
    row("crate::script::utility",  Pure, &[
        "crate::script::syntax", "crate::script::value", "crate::script::error", "crate::script::messages",
        "crate::script::params", "crate::script::cmdlet", "crate::script::registry", "crate::script::host",
        "crate::script::binder", "crate::script::wildcard", "crate::script::eval", "crate::script::csv",
        "crate::script::catalog", "crate::script::culture",
        "crate::model::eq_ci", "crate::model::Timestamp", "crate::model::Civil", "crate::model::days_in_month",
        "crate::model::Guid",
    ]),
    // Pester builds on the evaluator and the utility cmdlets (its session's built-ins are both); nothing of
    // the language imports it.
    row("crate::script::pester",   Pure, &[
        "crate::script::syntax", "crate::script::value", "crate::script::error", "crate::script::params",
        "crate::script::cmdlet", "crate::script::registry", "crate::script::host", "crate::script::wildcard",
        "crate::script::eval", "crate::script::utility",
        "crate::model::eq_ci", "crate::model::Timestamp",
    ]),
    row("crate::script::csv",      Pure, &[
        "crate::script::value", "crate::script::eval::convert", "crate::script::culture", "crate::model::eq_ci",
        "crate::model::Timestamp",
    ]),

    // The Exchange admin domain embeds the language; its -Filter language (OPATH) knows no cmdlets.
    row("crate::admin",        Pure, &["crate::script", "crate::model", "crate::access"]),
    // Its errors quote input as every error does (`script::error::quoted`).
    row("crate::admin::opath", Pure, &[
        "crate::script::value", "crate::script::wildcard", "crate::script::error", "crate::model",
        "crate::admin::enums",
    ]),

    // The device simulator (`SimHost`, Invoke-EasRequest, New-SimulatedDevice): pure like the domain it drives. It
    // builds requests with the crate's own EAS client, `load::client` (its pure half only, never `load`'s sockets),
    // dispatches them with `eas` and forwards Exchange's cmdlets to `admin`. Only `bin` and tests import it.
    row("crate::sim",     Pure, &[
        "crate::eas", "crate::admin", "crate::script", "crate::model", "crate::access", "crate::load::client",
    ]),

    // The imperative shell.
    row("crate::server",  Shell, &["crate::eas", "crate::script", "crate::admin", "crate::model", "crate::access", "crate::durable"]),
    // `load` and `remote` are HTTP clients like any other: never `server`.
    row("crate::load",    Shell, &["crate::eas", "crate::wbxml", "crate::model"]),
    row("crate::remote",  Shell, &["crate::script", "crate::admin", "crate::model"]),
    // The shell's front end runs nothing itself: the binary gives it a host (in-process or remote).
    row("crate::repl",    Local, &["crate::script", "crate::admin", "crate::model"]),
    row("crate::persist", Shell, &["crate::model"]),
    // Durable state: the journal and snapshots on this machine's disk; replay runs admin calls again.
    row("crate::durable", Local, &["crate::admin", "crate::script", "crate::model", "crate::persist"]),

    // The thin CLI may use every library module.
    row("bin::easim", Bin, &[
        "crate::model", "crate::wbxml", "crate::access", "crate::generator", "crate::import", "crate::eas", "crate::script",
        "crate::admin", "crate::server", "crate::load", "crate::remote", "crate::repl", "crate::persist",
        "crate::sim", "crate::durable",
    ]),
];
