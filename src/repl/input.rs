//! Reading the shell's input in chunks: one line, or several while the text so far is incomplete (an open brace,
//! parenthesis, hash literal or string, a trailing `|`, an operator missing its right side, a backtick at the end
//! of the line), as PowerShell's console continues with `>> `. An empty continuation line, or the end of input,
//! ends the chunk anyway so its parse errors show.
//!
//! "Incomplete" is decided from the parser's own diagnostics, by message, since the parser has no separate flag.
//! The line source is a trait so the same chunking serves a terminal (`terminal`) and piped standard input.
//! Evaluating chunks is the caller's job.

use std::io::{self, BufRead};

use crate::script::syntax::{self, Severity};

/// Diagnostics that mean something opened has not been closed yet, wherever they point.
const UNTERMINATED: &[&str] = &[
    "Missing closing '}'",
    "Missing closing ')'",
    "Missing ')' in method call",
    "Missing ')' in function parameter list",
    "Missing ']' after array index",
    "Missing ] at end of attribute",
    "Missing ']' in type name",
    "The hash literal was incomplete",
    "The string is missing the terminator",
    "The here-string is missing the terminator",
    "Missing the end of a block comment",
];

/// Diagnostics that mean more input is expected when they point at the end of the text.
const WANTS_MORE: &[&str] = &[
    "An empty pipe element is not allowed",
    "You must provide a value expression",
    "Missing statement block after",
    "Missing argument in parameter list",
    "Missing expression after",
    "An expression was expected here",
    "Missing foreach loop pipeline",
    "Missing '(' after",
    "Missing opening '(' after",
    "Missing the condition",
    "Missing function body",
    "Missing variable name after foreach",
    "Missing 'in' after variable",
    "Missing '{' in switch statement",
    "Missing 'while' or 'until' in do loop",
    "Missing '=' operator after key in hash literal",
    "Missing statement after '=' in hash literal",
    "Missing property name after reference operator",
    "Missing name after",
];

/// Whether `source` needs more lines before it can run (see the module docs).
pub fn is_incomplete(source: &str) -> bool {
    let end = source.trim_end().len();
    if end == 0 {
        return false;
    }
    if source.trim_end_matches([' ', '\t']).ends_with('`') {
        return true;
    }
    let parsed = syntax::parse(source);
    parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .any(|d| {
            UNTERMINATED.iter().any(|p| d.message.starts_with(p))
                || (d.span.end as usize >= end
                    && WANTS_MORE.iter().any(|p| d.message.starts_with(p)))
        })
}

/// One read from a line source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A line without its line ending.
    Text(String),
    /// Ctrl-C: drop the current input.
    Interrupted,
    /// Ctrl-D or the end of piped input.
    Eof,
}

/// Where lines come from: a terminal line editor, or piped standard input (no prompts shown).
pub trait LineSource {
    fn read_line(&mut self, prompt: &str) -> io::Result<Line>;
}

/// Lines from any reader (piped standard input, tests); prompts are not shown.
pub struct PipedInput<R> {
    reader: R,
}

impl<R: BufRead> PipedInput<R> {
    pub fn new(reader: R) -> PipedInput<R> {
        PipedInput { reader }
    }
}

impl<R: BufRead> LineSource for PipedInput<R> {
    fn read_line(&mut self, _prompt: &str) -> io::Result<Line> {
        let mut bytes = Vec::new();
        if self.reader.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(Line::Eof);
        }
        if bytes.ends_with(b"\n") {
            bytes.pop();
            if bytes.ends_with(b"\r") {
                bytes.pop();
            }
        }
        Ok(Line::Text(String::from_utf8_lossy(&bytes).into_owned()))
    }
}

/// What the shell reads at its prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chunk {
    /// Source to run (possibly several lines).
    Code(String),
    /// Ctrl-C: nothing to run; show the prompt again.
    Cancelled,
    /// The input has ended.
    Eof,
}

/// The continuation prompt.
pub const CONTINUATION_PROMPT: &str = ">> ";

/// Reads one chunk: a line, and more lines while it is incomplete.
pub fn read_chunk(source: &mut dyn LineSource, prompt: &str) -> io::Result<Chunk> {
    let mut chunk = match source.read_line(prompt)? {
        Line::Text(line) => line,
        Line::Interrupted => return Ok(Chunk::Cancelled),
        Line::Eof => return Ok(Chunk::Eof),
    };
    while is_incomplete(&chunk) {
        match source.read_line(CONTINUATION_PROMPT)? {
            Line::Text(line) if line.trim().is_empty() => break,
            Line::Text(line) => {
                chunk.push('\n');
                chunk.push_str(&line);
            }
            Line::Interrupted => return Ok(Chunk::Cancelled),
            Line::Eof => break,
        }
    }
    Ok(Chunk::Code(chunk))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_constructs_and_dangling_operators_are_incomplete() {
        for src in [
            "Get-Mailbox | ForEach-Object {",
            "if ($x) {",
            "foreach ($m in $list) {\n  $m.Name",
            "$a = @{",
            "$a = @{Add='x';",
            "$a = @(",
            "(Get-Mailbox",
            "$x.Split(",
            "$x[",
            "Write-Host \"abc",
            "Write-Host 'abc",
            "$t = @\"\nabc",
            "<# notes",
            "Get-Mailbox |",
            "$x =",
            "1 +",
            "if ($x)",
            "Get-Mailbox `",
            "[PSCustomObject]@{\n  User = 'a'",
            "function f {",
        ] {
            assert!(is_incomplete(src), "{src:?} should continue");
        }
    }

    #[test]
    fn complete_or_broken_input_runs() {
        for src in [
            "",
            "   ",
            "Get-Mailbox",
            "Get-Mailbox -ResultSize 2",
            "if ($x) { 1 } else { 2 }",
            "$a = @{Add='x'}",
            "Write-Host \"a`\"b\"",
            "Get-Mailbox }",
            "Get-Mailbox )",
            "Get-Mailbox # a comment {",
            "$t = @\"\nabc\n\"@",
            "Get-Mailbox -Identity",
        ] {
            assert!(!is_incomplete(src), "{src:?} should run");
        }
    }

    fn chunks(input: &str) -> Vec<Chunk> {
        let mut src = PipedInput::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            let c = read_chunk(&mut src, "PS> ").expect("reading from memory");
            let end = c == Chunk::Eof;
            out.push(c);
            if end {
                return out;
            }
        }
    }

    #[test]
    fn chunks_span_lines_until_complete() {
        let code = |s: &str| Chunk::Code(s.to_string());
        assert_eq!(
            chunks("Get-Mailbox\r\nforeach ($m in $x) {\n  $m\n}\n$y = 1\n"),
            [
                code("Get-Mailbox"),
                code("foreach ($m in $x) {\n  $m\n}"),
                code("$y = 1"),
                Chunk::Eof
            ]
        );
        // An empty continuation line ends the chunk; so does the end of input.
        assert_eq!(
            chunks("if ($x) {\n\nGet-Mailbox\n$z = @(\n1"),
            [
                code("if ($x) {"),
                code("Get-Mailbox"),
                code("$z = @(\n1"),
                Chunk::Eof
            ]
        );
        assert_eq!(chunks(""), [Chunk::Eof]);
        assert_eq!(chunks("\n"), [code(""), Chunk::Eof]);
    }

    #[test]
    fn ctrl_c_cancels_the_chunk() {
        struct Scripted(Vec<Line>);
        impl LineSource for Scripted {
            fn read_line(&mut self, _: &str) -> io::Result<Line> {
                Ok(if self.0.is_empty() {
                    Line::Eof
                } else {
                    self.0.remove(0)
                })
            }
        }
        let mut src = Scripted(vec![
            Line::Text("if ($x) {".into()),
            Line::Interrupted,
            Line::Interrupted,
            Line::Text("Get-Mailbox".into()),
        ]);
        let mut read = || read_chunk(&mut src, "PS> ").expect("scripted");
        assert_eq!(read(), Chunk::Cancelled);
        assert_eq!(read(), Chunk::Cancelled);
        assert_eq!(read(), Chunk::Code("Get-Mailbox".into()));
        assert_eq!(read(), Chunk::Eof);
    }
}
