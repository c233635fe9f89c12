//! Parse diagnostics: what went wrong and where, and their rendering in PowerShell's parse-error layout.
//!
//! A diagnostic is data; the parser collects them and keeps going. Rendering needs the source text (spans are
//! offsets), and produces the same shape for every diagnostic so snapshots and admins see one format:
//!
//! ```text
//! At line:3 char:15
//! + $x = foo bar |
//! +               ~
//! An empty pipe element is not allowed.
//! ```

use std::fmt::Write;

use super::span::{LineIndex, Span};

/// How bad a diagnostic is. Errors stop a script from running (as PowerShell refuses a script with parse
/// errors); warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
    pub severity: Severity,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
            severity: Severity::Error,
        }
    }

    /// This diagnostic in PowerShell's layout: position, the source line, a `~` marker under the span, message.
    pub fn render(&self, index: &LineIndex<'_>) -> String {
        let start = index.position(self.span.start);
        let line = index.line_text(start.line);
        let shown: String = line
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        let line_chars = shown.chars().count();
        let before = (start.column as usize).saturating_sub(1);
        // The marker covers the span's characters on its first line, at least one.
        let end = index.position(self.span.end);
        let width = if end.line == start.line {
            (end.column as usize).saturating_sub(start.column as usize)
        } else {
            line_chars.saturating_sub(before)
        };
        let mut out = String::new();
        let kind = match self.severity {
            Severity::Error => "",
            Severity::Warning => "Warning: ",
        };
        let _ = writeln!(out, "{kind}At line:{} char:{}", start.line, start.column);
        let _ = writeln!(out, "+ {shown}");
        let _ = writeln!(out, "+ {}{}", " ".repeat(before), "~".repeat(width.max(1)));
        out.push_str(&self.message);
        out
    }
}

/// All diagnostics of one source, rendered and separated by blank lines.
pub fn render_all(source: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(source);
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&d.render(&index));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}
