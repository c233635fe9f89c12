//! A shell session: the evaluator (`eval`) with the built-in cmdlets (`utility`) it resolves commands to. Variables,
//! functions and script block values persist across `Session::run` calls (a REPL runs each input line through the
//! same session; `easim run` runs one script in a fresh one). This is where the language's parts are put together,
//! so the evaluator itself depends on none of the cmdlets.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::eval::interp::{Interp, SessionState};
use super::eval::scope::Qualifier;
use super::eval::{RunOutcome, SessionOptions, ShellError, ShellHost};
use super::host::CmdletHost;
use super::syntax::{self, Severity};
use super::utility::UTILITIES;
use super::value::Value;

/// A shell session.
pub struct Session {
    state: SessionState,
}

impl Default for Session {
    fn default() -> Session {
        Session::new(SessionOptions::default())
    }
}

impl Session {
    pub fn new(options: SessionOptions) -> Session {
        Session {
            state: SessionState::new(options, UTILITIES),
        }
    }

    /// Parses and runs `source` (a script, or one REPL input), with Exchange cmdlets going to `host` and
    /// everything printed going to `out`.
    pub fn run(
        &mut self,
        source: &str,
        host: &mut dyn CmdletHost,
        out: &mut dyn ShellHost,
    ) -> RunOutcome {
        let parsed = syntax::parse(source);
        if parsed.has_errors() {
            let errors: Vec<_> = parsed
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .cloned()
                .collect();
            let rendered = syntax::render_all(source, &errors);
            let first = errors
                .first()
                .map(|d| syntax::LineIndex::new(source).position(d.span.start));
            let message = errors
                .first()
                .map(|d| d.message.clone())
                .unwrap_or_default();
            out.write_error(&ShellError {
                record: crate::script::error::ErrorRecord::new(
                    crate::script::error::ErrorCategory::ParserError,
                    "ParseException",
                    message,
                ),
                command: None,
                line: first.map(|p| p.line),
                column: first.map(|p| p.column),
                rendered: rendered.trim_end().to_string(),
            });
            return RunOutcome::ParseFailed;
        }
        let unit = self.state.add_unit(source);
        let mut it = Interp::new(&mut self.state, host, out, unit);
        it.run_script(&parsed.script)
    }

    /// A variable's value (`$name` in the global scope).
    pub fn variable(&self, name: &str) -> Option<&Value> {
        self.state.scopes.get(Qualifier::Global, name)
    }

    /// Sets a global variable.
    pub fn set_variable(&mut self, name: &str, value: Value) {
        self.state.scopes.set(Qualifier::Global, name, value);
    }

    /// The names of the session's variables (for completion).
    pub fn variable_names(&self) -> Vec<String> {
        self.state.scopes.names()
    }

    /// The names of the functions the session has defined (for completion).
    pub fn function_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .state
            .functions
            .values()
            .map(|f| f.name.clone())
            .collect();
        names.sort_by_key(|n| n.to_ascii_lowercase());
        names
    }

    /// A flag that, once set (e.g. on Ctrl+C), stops the running script at its next statement or pipeline
    /// record with "The pipeline has been stopped."; the session clears it when the run ends.
    pub fn interrupt_handle(&self) -> Arc<AtomicBool> {
        self.state.interrupt.clone()
    }
}

/// Runs a script in a fresh session with default options.
pub fn run(source: &str, host: &mut dyn CmdletHost, out: &mut dyn ShellHost) -> RunOutcome {
    Session::default().run(source, host, out)
}
