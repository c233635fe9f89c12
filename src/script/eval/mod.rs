//! The PowerShell evaluator: runs admins' scripts unchanged against Exchange cmdlets served by a `CmdletHost`,
//! writing what they print to a `ShellHost`.
//!
//! # Public API
//! - [`Session`]: variables, functions and script block values persist across [`Session::run`] calls (a REPL
//!   runs each input line through the same session; `easim run` runs one script in a fresh one).
//! - [`run`]: a whole script in a fresh session.
//! - [`ShellHost`] (output, prompts, files) with [`StringHost`], which keeps everything as text.
//! - [`catalog`]: every command's metadata (names, aliases, parameters, examples) for completion and help
//!   ([`command_names`], [`parameter_names`]); [`input_is_incomplete`] tells an interactive shell to read on.
//! - [`Session::interrupt_handle`] stops a running script (Ctrl+C).
//!
//! # Semantics
//! Parse errors stop a script before it runs (rendered as PowerShell's `At line:L char:C` blocks).
//! Non-terminating errors are written and the script goes on; statement-terminating errors (a cmdlet's, a
//! method call on `$null`) end the statement they happen in; script-terminating errors (`throw`,
//! `-ErrorAction Stop`, `$ErrorActionPreference = 'Stop'`) end the script unless a `try` catches them. Output
//! of each top-level statement is formatted as Out-Default does. `Get-Date` is the host's `now()` plus what
//! `Start-Sleep` added (nothing sleeps). Constructs and .NET types the shell does not implement are errors
//! naming them, with their position.
//!
//! # Files
//! `interp` (session state, statements), `expr` (expressions, assignment), `operators`/`compare` (PowerShell's
//! operators and conversions), `numeric` (Int32/Int64/Byte/Char/Double arithmetic, widening, casts),
//! `split_replace` (`-split`, `-replace`) over `regex` (.NET regular expressions), `exceptions` (.NET exception
//! types for `catch` and `throw`), `members` (properties, methods), `intrinsics` (`Where()`, `ForEach()`),
//! `strings` (.NET numeric and composite formats), `date_format` (date formats in a culture), `types` (casts,
//! static members), `functions` (script blocks, param binding),
//! `pipeline` (streaming stages, Exchange cmdlets), `command` (resolution, arguments), `scope`, `flow`
//! (errors), `convert`, `shell_host`, `catalog`.
//!
//! Fidelity is measured by the conformance corpus (`fixtures/powershell/`, `tests/it/ps_conformance.rs`).

pub(crate) mod args;
pub(crate) mod builtin;
pub(crate) mod command;
pub(crate) mod compare;
pub(crate) mod convert;
pub(crate) mod date_format;
pub(crate) mod exceptions;
pub(crate) mod expr;
pub(crate) mod flow;
pub(crate) mod format;
pub(crate) mod functions;
pub(crate) mod interp;
pub(crate) mod intrinsics;
pub(crate) mod members;
pub(crate) mod methods;
pub(crate) mod numeric;
pub(crate) mod operators;
pub(crate) mod pipeline;
pub(crate) mod regex;
pub(crate) mod scope;
pub mod shell_host;
pub(crate) mod split_replace;
pub(crate) mod statements;
pub(crate) mod strings;
pub(crate) mod types;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::script::culture::{self, Culture};
use crate::script::syntax::{self, Severity};
use crate::script::value::Value;

pub use shell_host::{
    ConsoleColor, HostColors, ProgressRecord, ShellError, ShellHost, StringHost, progress_line,
};

/// How a session formats and what it starts with.
#[derive(Clone, Debug)]
pub struct SessionOptions {
    /// The console width Format-Table, Format-List and Out-String lay out for (PowerShell's default is 120).
    pub width: usize,
    /// Values for the script's own `param()` block, by parameter name (`easim run x.ps1 -- -Days 30`).
    pub script_arguments: Vec<(String, Value)>,
    /// What `$env:NAME` reads.
    pub environment: Vec<(String, String)>,
    /// Setting this stops the running script as Ctrl+C does (an embedder's time limit); a fresh flag when `None`.
    pub interrupt: Option<Arc<AtomicBool>>,
    /// The culture dates and numbers print in (`$PSCulture`); en-US by default.
    pub culture: &'static Culture,
}

impl Default for SessionOptions {
    fn default() -> SessionOptions {
        SessionOptions {
            width: 120,
            script_arguments: Vec::new(),
            environment: vec![
                ("COMPUTERNAME".into(), "EASIM".into()),
                ("USERNAME".into(), "Administrator".into()),
                ("USERDOMAIN".into(), "CONTOSO".into()),
            ],
            interrupt: None,
            culture: &culture::EN_US,
        }
    }
}

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// Ran to the end (non-terminating and statement-terminating errors may have been written).
    Completed,
    /// The source had parse errors; nothing ran.
    ParseFailed,
    /// A script-terminating error ended it (it has been written).
    Failed,
    /// `exit N`.
    Exited(i32),
    /// Stopped through the interrupt handle.
    Stopped,
}

impl RunOutcome {
    /// The process exit code `easim run` uses: 0 for a completed run (or `exit 0`), 1 when a terminating error or
    /// parse error ended it, N for `exit N`.
    pub fn exit_code(self) -> i32 {
        match self {
            RunOutcome::Completed => 0,
            RunOutcome::Exited(n) => n,
            RunOutcome::ParseFailed | RunOutcome::Failed | RunOutcome::Stopped => 1,
        }
    }
}

/// Whether `source` is an unfinished input rather than a wrong one: an open brace, bracket, string or here-string,
/// a pipe or operator with nothing after it, or a line ending in a backtick. An interactive shell reads another line
/// then, as PowerShell's `>>` prompt does.
pub fn input_is_incomplete(source: &str) -> bool {
    let trimmed = source.trim_end_matches([' ', '\t']);
    if trimmed.ends_with('`') {
        return true;
    }
    let parsed = syntax::parse(source);
    let end = source.trim_end().len() as u32;
    let errors: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    !errors.is_empty()
        && errors.iter().all(|d| {
            let m = d.message.as_str();
            m.starts_with("Missing closing")
                || m.contains("missing the terminator")
                || m.contains("was incomplete")
                || ((m.starts_with("Missing")
                    || m.starts_with("You must provide")
                    || m.starts_with("An empty pipe"))
                    && d.span.end >= end)
        })
}
