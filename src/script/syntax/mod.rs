//! The front end of the admin language: source text to a syntax tree plus diagnostics.
//!
//! Stages: `lexer` reads tokens on demand in the mode the parser asks for (PowerShell's expression and
//! argument modes), `parser` builds the `ast`, `literal` cooks strings and numbers, `diagnostic` renders
//! problems as PowerShell parse errors, `dump` prints trees for snapshot tests. `parse` never fails and never
//! panics: it returns the best tree it could build and every problem it found, each with a span. Nothing here
//! knows cmdlets, values or the tenant; binding parameters and evaluating are later stages.

mod ast;
mod diagnostic;
mod dump;
mod lexer;
mod literal;
mod parser;
mod span;
mod token;

#[cfg(test)]
mod tests;

pub use ast::*;
pub use diagnostic::{Diagnostic, Severity, render_all};
pub use dump::dump;
pub use span::{LineIndex, Position, Span};

/// How deeply blocks, brackets and operators may nest before the parser gives up with a diagnostic; keeps
/// recursion (and so the stack) bounded on any input.
pub(crate) const MAX_NESTING: u32 = 256;

/// The result of parsing: always a tree, plus what was wrong with the source.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub script: ScriptBlock,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Parses a whole script.
pub fn parse(source: &str) -> Parsed {
    let mut parser = parser::Parser::new(source);
    let script = parser.parse_script();
    Parsed {
        script,
        diagnostics: parser.finish(),
    }
}
