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

/// How deeply the tree may nest (blocks, brackets, unary operators, and each link of an operator or
/// member-access chain) before the parser gives up with a diagnostic. It bounds the parser's recursion and
/// the depth of every tree it returns, so neither parsing nor walking a tree can overflow the stack: at this
/// limit the worst shape measured needs about 700 KB of stack in a debug build (about 300 KB in release).
pub(crate) const MAX_NESTING: u32 = 128;

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
