//! The admin language: the PowerShell subset admins' bulk scripts are written in (`syntax`: lexer, parser, AST,
//! diagnostics), and its runtime: values, parameter binding, the evaluator (`eval`) with its utility cmdlets
//! (`utility`), PowerShell-looking output (`eval::format`) and CSV (`csv`).
//!
//! The language knows nothing of Exchange. Its embedder (`crate::admin`) gives it a `Registry` (the commands it
//! runs and the default views of their objects) through a `CmdletHost`, which runs each bound invocation.
//!
//! How a script runs: `eval::Session::run(source, &mut dyn CmdletHost, &mut dyn ShellHost)` parses it, then
//! evaluates it; the host's commands are bound (`binder`) and go to the `CmdletHost` one invocation at a time,
//! the utility cmdlets run inside the evaluator, and everything printed goes to the `ShellHost`.
//!
//! Nothing here does I/O, reads the clock or draws randomness: the caller passes `now` and answers prompts through
//! a `Confirmer`; files go through the `ShellHost`. Dates and numbers print in the session's culture
//! (`culture`: en-US, en-GB, de-DE, fr-FR; `SessionOptions::culture`).

pub mod binder;
pub mod cmdlet;
pub mod csv;
pub mod culture;
pub mod error;
pub mod eval;
pub mod host;
pub mod messages;
pub mod params;
pub mod pester;
pub mod registry;
pub mod session;
pub mod syntax;
pub(crate) mod utility;
pub mod value;
pub mod wildcard;

pub use binder::{NamedArg, bind, convert};
pub use cmdlet::{
    AlwaysAnswer, CmdletInfo, ConfirmAnswer, ConfirmImpact, ConfirmPrompt, Confirmer, Emitted,
    Example, NonInteractive, Output,
};
pub use error::{ErrorCategory, ErrorRecord};
pub use eval::format::text_table;
pub use eval::{
    ProgressRecord, RunOutcome, SessionOptions, ShellError, ShellHost, StringHost, progress_line,
};
pub use host::CmdletHost;
pub use params::{
    ActionPreference, Arg, BoundParameters, CustomType, MultiValued, ParamType, ParameterInfo,
    PipelineInput,
};
pub use registry::{Registry, TypeView};
pub use session::{Session, run};
pub use utility::catalog;
pub use value::{ArrayRef, EnumValue, Hashtable, PsObject, Value};
