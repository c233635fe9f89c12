//! The parser: a hand-written recursive-descent parser over the on-demand lexer, in the resilient style
//! (matklad's "resilient LL parsing"): it always returns a tree, records a diagnostic for each problem with
//! the span and PowerShell's wording where PowerShell has one, and recovers at the next statement boundary.
//!
//! Split by grammar area: `statement` (statement lists, control flow), `block` (script blocks, functions,
//! param blocks), `command` (pipelines, assignments, commands and their arguments in argument mode), `expr`
//! (operators, primaries, hashtables, postfix access), `types` (type literals, casts, attributes), `cook`
//! (literal tokens). This file holds the token cursor, the nesting guard and recovery. It does not bind
//! parameters or look at values.

mod block;
mod command;
mod cook;
mod expr;
mod statement;
mod types;

use super::MAX_NESTING;
use super::ast::ScriptBlock;
use super::diagnostic::Diagnostic;
use super::lexer::Lexer;
use super::span::Span;
use super::token::{Mode, Token, TokenKind};

pub(crate) struct Parser<'s> {
    src: &'s str,
    lexer: Lexer<'s>,
    /// One token of lookahead, remembered with the mode it was read in and where its leading trivia began
    /// (to read it again in another mode).
    peeked: Option<Peeked>,
    /// End of the last consumed token: where "missing …" diagnostics point.
    prev_end: usize,
    diagnostics: Vec<Diagnostic>,
    depth: u32,
    /// Set when nesting passes `MAX_NESTING`: from then on every peek sees the end of input and no further
    /// diagnostics are recorded, so the parser unwinds without cascading errors or deep recursion.
    aborted: bool,
    /// Bytes the lexer has read, counting every re-read after a change of mode or a checkpoint: the parser's
    /// work, which must stay linear in the source (tests check it; wall time would be a timed test).
    #[cfg(test)]
    scanned: usize,
}

#[derive(Clone, Copy)]
struct Peeked {
    token: Token,
    mode: Mode,
    from: usize,
}

/// A position to return to after a speculative parse.
#[derive(Clone, Copy)]
struct Checkpoint {
    pos: usize,
    prev_end: usize,
    diagnostics: usize,
}

impl<'s> Parser<'s> {
    pub(crate) fn new(src: &'s str) -> Parser<'s> {
        Parser {
            src,
            lexer: Lexer::new(src, 0, 0),
            peeked: None,
            prev_end: 0,
            diagnostics: Vec::new(),
            depth: 0,
            aborted: false,
            #[cfg(test)]
            scanned: 0,
        }
    }

    /// Bytes lexed so far, re-reads included.
    #[cfg(test)]
    pub(crate) fn scanned(&self) -> usize {
        self.scanned
    }

    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        let mut diagnostics = self.diagnostics;
        diagnostics.sort_by_key(|d| d.span.start);
        diagnostics.dedup();
        diagnostics
    }

    pub(crate) fn parse_script(&mut self) -> ScriptBlock {
        self.parse_script_top()
    }

    fn peek(&mut self, mode: Mode) -> Token {
        if self.aborted {
            let end = self.src.len();
            return Token {
                kind: TokenKind::Eof,
                span: Span::new(end, end),
                space_before: true,
            };
        }
        match self.peeked {
            Some(p) if p.mode == mode => return p.token,
            Some(p) => self.lexer.reset(p.from),
            None => {}
        }
        let from = self.lexer.pos();
        let token = self.lexer.next(mode);
        #[cfg(test)]
        {
            self.scanned += self.lexer.pos().saturating_sub(from);
        }
        self.peeked = Some(Peeked { token, mode, from });
        token
    }

    fn bump(&mut self, mode: Mode) -> Token {
        let token = self.peek(mode);
        if !self.aborted {
            self.peeked = None;
            self.prev_end = token.span.end as usize;
        }
        token
    }

    fn at(&mut self, mode: Mode, kind: TokenKind) -> bool {
        self.peek(mode).kind == kind
    }

    fn eat(&mut self, mode: Mode, kind: TokenKind) -> Option<Token> {
        if self.at(mode, kind) {
            Some(self.bump(mode))
        } else {
            None
        }
    }

    fn skip_newlines(&mut self, mode: Mode) {
        while self.eat(mode, TokenKind::NewLine).is_some() {}
    }

    fn text(&self, span: Span) -> &'s str {
        span.text(self.src)
    }

    /// Where the next token's leading trivia starts (the position a checkpoint or range returns to).
    fn position(&self) -> usize {
        match self.peeked {
            Some(p) => p.from,
            None => self.lexer.pos(),
        }
    }

    /// An empty span at the end of the last consumed token.
    fn here(&self) -> Span {
        Span::new(self.prev_end, self.prev_end)
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        if !self.aborted {
            self.diagnostics.push(Diagnostic::error(span, message));
        }
    }

    /// Enters one level of nesting; `false` (with a diagnostic, once) past `MAX_NESTING`. Every `true` must be
    /// matched by `leave`.
    fn enter(&mut self) -> bool {
        if self.aborted {
            return false;
        }
        if self.depth >= MAX_NESTING {
            let at = self.peek(Mode::Expression).span;
            self.error(
                at,
                format!(
                    "The script nests blocks or expressions more than {MAX_NESTING} levels deep."
                ),
            );
            self.aborted = true;
            return false;
        }
        self.depth += 1;
        true
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            pos: self.position(),
            prev_end: self.prev_end,
            diagnostics: self.diagnostics.len(),
        }
    }

    fn restore(&mut self, cp: Checkpoint) {
        self.lexer.reset(cp.pos);
        self.peeked = None;
        self.prev_end = cp.prev_end;
        self.diagnostics.truncate(cp.diagnostics);
    }

    /// Runs `f` over `src[start..end]` only (the inside of a string's `$( … )`), then resumes where it was.
    fn with_range<T>(&mut self, start: usize, end: usize, f: impl FnOnce(&mut Self) -> T) -> T {
        let src = self.src.get(..end).unwrap_or(self.src);
        let inner = Lexer::new(src, start, self.depth);
        let outer = std::mem::replace(&mut self.lexer, inner);
        let peeked = self.peeked.take();
        let prev_end = self.prev_end;
        let result = f(self);
        self.lexer = outer;
        self.peeked = peeked;
        self.prev_end = prev_end;
        result
    }

    /// Skips to the end of the current statement after an error: the next newline or `;` outside brackets, or
    /// just before a `}` / `)` that closes an enclosing construct.
    fn recover_to_statement_end(&mut self) {
        let mut level = 0u32;
        loop {
            let t = self.peek(Mode::Argument);
            match t.kind {
                TokenKind::Eof => return,
                TokenKind::NewLine | TokenKind::Semi if level == 0 => return,
                TokenKind::RParen | TokenKind::RBrace if level == 0 => return,
                TokenKind::LParen
                | TokenKind::LBrace
                | TokenKind::DollarParen
                | TokenKind::AtParen
                | TokenKind::AtBrace => level += 1,
                TokenKind::RParen | TokenKind::RBrace => level -= 1,
                _ => {}
            }
            self.bump(Mode::Argument);
        }
    }

    /// The quoted text of a token for "Unexpected token 'x'" messages (long tokens are cut).
    fn token_text(&self, token: Token) -> String {
        let text = self.text(token.span);
        let mut short: String = text.chars().take(40).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        match token.kind {
            TokenKind::Eof => "end of input".to_string(),
            TokenKind::NewLine => "new line".to_string(),
            _ => short,
        }
    }

    /// "Unexpected token 'x'", or the lexer's own message when the token is one it could not read.
    fn unexpected(&mut self, token: Token) {
        let message = match token.kind {
            TokenKind::Error(e) => e.message(self.text(token.span)),
            _ => format!(
                "Unexpected token '{}' in expression or statement.",
                self.token_text(token)
            ),
        };
        self.error(token.span, message);
    }

    /// After a syntax error inside `( … )` of a statement header: skips to the `)` (consumed) or to a `{` or
    /// line end that follows (not consumed).
    fn recover_to_close_paren(&mut self) {
        let mut level = 0u32;
        loop {
            let t = self.peek(Mode::Argument);
            match t.kind {
                TokenKind::Eof | TokenKind::NewLine | TokenKind::RBrace => return,
                TokenKind::LBrace if level == 0 => return,
                TokenKind::RParen if level == 0 => {
                    self.bump(Mode::Argument);
                    return;
                }
                TokenKind::LParen
                | TokenKind::LBrace
                | TokenKind::DollarParen
                | TokenKind::AtParen
                | TokenKind::AtBrace => level += 1,
                TokenKind::RParen => level -= 1,
                _ => {}
            }
            self.bump(Mode::Argument);
        }
    }
}

/// Tokens that end a statement (without being part of it).
fn ends_statement(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::NewLine
            | TokenKind::Semi
            | TokenKind::Eof
            | TokenKind::RParen
            | TokenKind::RBrace
    )
}

/// A token's text without its first character: the dash of `-eq` (any dash character), the `@` of `@splat`.
fn without_sigil(text: &str) -> &str {
    let mut chars = text.chars();
    chars.next();
    chars.as_str()
}
