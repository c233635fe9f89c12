//! The admin language: the PowerShell subset admins' bulk scripts are written in (`syntax`: lexer, parser, AST,
//! diagnostics), and its runtime side: the Exchange admin cmdlets as a pure layer over the tenant, the values they
//! take and return, parameter binding, OPATH filters, and the shell that runs scripts (`eval`) with its utility
//! cmdlets (`utility`), PowerShell-looking output (`format`) and CSV (`csv`).
//!
//! How a caller (the admin endpoint now, the PowerShell interpreter later) runs a cmdlet:
//! 1. `cmdlets::find(name)` → `&'static CmdletInfo` (parameters with types, sets, positions, pipeline input).
//! 2. `binder::bind(info, positional, named)` → `BoundParameters` (PowerShell's conversion rules and errors);
//!    pipeline input is bound per record with `binder::convert`.
//! 3. `cmdlet::invoke(&mut CmdletContext, info, &args)`: the cmdlet writes objects, warnings, non-terminating
//!    errors and `What if:` text to the context's streams, or returns a terminating `ErrorRecord` having changed
//!    nothing. `cmdlets::call` does all three.
//!
//! How a script runs: `eval::Session::run(source, &mut dyn CmdletHost, &mut dyn ShellHost)` parses it, then
//! evaluates it; Exchange cmdlets are bound as above and go to the `CmdletHost` one invocation at a time, the
//! utility cmdlets run inside the evaluator, and everything printed goes to the `ShellHost`.
//!
//! Nothing here does I/O, reads the clock or draws randomness: the caller passes `now` and answers prompts through
//! a `Confirmer`; files go through the `ShellHost`. Only the en-US culture is implemented.

pub mod binder;
pub mod cmdlet;
pub mod cmdlets;
pub mod csv;
pub mod error;
pub mod eval;
pub mod examples;
pub(crate) mod format;
pub mod host;
pub mod identity;
pub mod messages;
pub mod objects;
pub mod opath;
pub mod params;
pub mod result_size;
pub mod syntax;
pub(crate) mod utility;
pub mod value;
pub mod wildcard;

#[cfg(test)]
mod tests;

pub use binder::{NamedArg, bind, convert};
pub use cmdlet::{
    AlwaysAnswer, CmdletContext, CmdletInfo, ConfirmAnswer, ConfirmImpact, ConfirmPrompt,
    Confirmer, Emitted, Emitter, Example, NonInteractive, Output, invoke,
};
pub use error::{ErrorCategory, ErrorRecord};
pub use eval::{RunOutcome, Session, SessionOptions, ShellError, ShellHost, StringHost};
pub use format::text_table;
pub use host::{CmdletHost, LocalHost};
pub use params::{
    ActionPreference, Arg, BoundParameters, IdentityKind, MultiValued, ParamType, ParameterInfo,
    PipelineInput,
};
pub use value::{EnumValue, Hashtable, PsObject, Value};
