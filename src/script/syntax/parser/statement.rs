//! Statements: statement lists, control flow (`if`, `foreach`, `for`, `while`, `do`, `switch`, `try`),
//! flow (`break`, `continue`, `return`, `throw`, `exit`), and the diagnostics for PowerShell constructs easim
//! does not run. Functions and script blocks are in `block`, pipelines and assignments in `command`.

use super::super::ast::{
    Block, Catch, DoLoop, For, ForEach, If, IfClause, ScriptBlock, Statement, StatementKind,
    Switch, SwitchClause, SwitchFlags, Try, While,
};
use super::super::literal::variable_path;
use super::super::span::Span;
use super::super::token::{Mode, Token, TokenKind};
use super::{Parser, ends_statement};

/// Keywords PowerShell has and easim refuses, with the reason shown to the admin.
const UNSUPPORTED: &[(&str, &str)] = &[
    ("class", "'class' definitions are not supported by easim."),
    ("enum", "'enum' definitions are not supported by easim."),
    ("using", "'using' statements are not supported by easim."),
    (
        "workflow",
        "Windows PowerShell workflows ('workflow') are not supported by easim.",
    ),
    (
        "configuration",
        "DSC configurations ('configuration') are not supported by easim.",
    ),
    (
        "parallel",
        "Workflow 'parallel' blocks are not supported by easim.",
    ),
    (
        "sequence",
        "Workflow 'sequence' blocks are not supported by easim.",
    ),
    (
        "inlinescript",
        "Workflow 'inlinescript' blocks are not supported by easim.",
    ),
    ("data", "'data' sections are not supported by easim."),
    (
        "dynamicparam",
        "'dynamicparam' blocks are not supported by easim.",
    ),
];

pub(super) fn is_word(text: &str, word: &str) -> bool {
    text.eq_ignore_ascii_case(word)
}

impl Parser<'_> {
    /// The whole source as a script block.
    pub(super) fn parse_script_top(&mut self) -> ScriptBlock {
        let (param_block, body) = self.parse_script_block_contents(None);
        ScriptBlock {
            param_block,
            body,
            text: self.src.into(),
            span: Span::new(0, self.src.len()),
        }
    }

    /// Statements up to `close` (not consumed) or the end of input.
    pub(super) fn parse_statements(&mut self, close: Option<TokenKind>) -> Vec<Statement> {
        let mut out = Vec::new();
        loop {
            let t = self.peek(Mode::Argument);
            match t.kind {
                TokenKind::NewLine | TokenKind::Semi => {
                    self.bump(Mode::Argument);
                    continue;
                }
                TokenKind::Eof => break,
                k if Some(k) == close => break,
                TokenKind::RParen | TokenKind::RBrace => {
                    self.unexpected(t);
                    self.bump(Mode::Argument);
                    continue;
                }
                _ => {}
            }
            let before = self.position();
            let statement = self.parse_statement();
            let needs_end = matches!(
                statement.kind,
                StatementKind::Pipeline(_)
                    | StatementKind::Assignment(_)
                    | StatementKind::Return(_)
                    | StatementKind::Throw(_)
                    | StatementKind::Exit(_)
                    | StatementKind::Break { .. }
                    | StatementKind::Continue { .. }
            );
            out.push(statement);
            let next = self.peek(Mode::Expression);
            if needs_end && !ends_statement(next.kind) {
                self.unexpected(next);
                self.recover_to_statement_end();
            }
            if self.position() == before {
                // Nothing was consumed: skip the token so the loop ends.
                let t = self.bump(Mode::Argument);
                self.unexpected(t);
            }
        }
        out
    }

    pub(super) fn parse_statement(&mut self) -> Statement {
        if !self.enter() {
            return Statement {
                kind: StatementKind::Error,
                span: self.here(),
            };
        }
        let statement = self.parse_statement_inner();
        self.leave();
        statement
    }

    fn parse_statement_inner(&mut self) -> Statement {
        let t = self.peek(Mode::Argument);
        if t.kind != TokenKind::Generic {
            return self.parse_pipeline_statement();
        }
        let word = self.text(t.span);
        if let Some(label) = word.strip_prefix(':')
            && !label.is_empty()
        {
            return self.parse_labeled(t, label.into());
        }
        let start = t.span;
        let kind = match word.to_ascii_lowercase().as_str() {
            "if" => self.parse_if(),
            "foreach" => self.parse_foreach(None),
            "for" => self.parse_for(None),
            "while" => self.parse_while(None),
            "do" => self.parse_do(None),
            "switch" => self.parse_switch(None),
            "function" | "filter" => self.parse_function(),
            "try" => self.parse_try(),
            "trap" => self.parse_trap(),
            "return" | "throw" | "exit" => self.parse_flow_with_value(),
            "break" | "continue" => self.parse_break_continue(),
            "else" | "elseif" => {
                self.misplaced(t, "must follow the closing '}' of an 'if' or 'elseif' block")
            }
            "catch" | "finally" => {
                self.misplaced(t, "must follow the closing '}' of a 'try' or 'catch' block")
            }
            "param" => self.misplaced(
                t,
                "blocks must come first in a script, function or script block",
            ),
            "begin" | "process" | "end" if self.next_is_block_after() => self.misplaced(
                t,
                "blocks must come first in a script block, which then holds only 'begin', 'process' and 'end' blocks",
            ),
            lower => {
                if let Some((_, message)) = UNSUPPORTED.iter().find(|(k, _)| *k == lower) {
                    self.error(t.span, *message);
                    self.bump(Mode::Argument);
                    self.recover_to_statement_end();
                    StatementKind::Error
                } else {
                    return self.parse_pipeline_statement();
                }
            }
        };
        Statement {
            kind,
            span: start.cover(Span::new(self.prev_end, self.prev_end)),
        }
    }

    /// Whether a `{` follows the next token (possibly on a later line), without consuming anything.
    pub(super) fn next_is_block_after(&mut self) -> bool {
        let cp = self.checkpoint();
        self.bump(Mode::Argument);
        self.skip_newlines(Mode::Argument);
        let found = self.at(Mode::Argument, TokenKind::LBrace);
        self.restore(cp);
        found
    }

    fn misplaced(&mut self, t: Token, what: &str) -> StatementKind {
        let word = self.text(t.span).to_string();
        self.error(t.span, format!("Unexpected '{word}': '{word}' {what}."));
        self.bump(Mode::Argument);
        self.recover_to_statement_end();
        StatementKind::Error
    }

    fn parse_labeled(&mut self, t: Token, label: Box<str>) -> Statement {
        self.bump(Mode::Argument);
        let next = self.peek(Mode::Argument);
        let word = if next.kind == TokenKind::Generic {
            self.text(next.span).to_ascii_lowercase()
        } else {
            String::new()
        };
        let kind = match word.as_str() {
            "foreach" => self.parse_foreach(Some(label)),
            "for" => self.parse_for(Some(label)),
            "while" => self.parse_while(Some(label)),
            "do" => self.parse_do(Some(label)),
            "switch" => self.parse_switch(Some(label)),
            _ => {
                self.error(
                    t.span,
                    "A loop label must be followed by 'foreach', 'for', 'while', 'do' or 'switch'.",
                );
                self.recover_to_statement_end();
                StatementKind::Error
            }
        };
        Statement {
            kind,
            span: t.span.cover(self.here()),
        }
    }

    /// `( pipeline )` after `keyword`; an `Error` statement (with a diagnostic) when missing.
    fn parse_condition(&mut self, keyword: &str) -> Statement {
        self.skip_newlines(Mode::Expression);
        let Some(open) = self.eat(Mode::Expression, TokenKind::LParen) else {
            let at = self.peek(Mode::Expression).span;
            self.error(
                at,
                format!("Missing '(' after '{keyword}' in {keyword} statement."),
            );
            return self.error_statement();
        };
        self.skip_newlines(Mode::Argument);
        if self.at(Mode::Argument, TokenKind::RParen) {
            let close = self.bump(Mode::Argument);
            self.error(
                open.span.cover(close.span),
                format!("Missing the condition inside '{keyword} ( )'."),
            );
            return self.error_statement();
        }
        let condition = self.parse_pipeline_statement();
        self.skip_newlines(Mode::Expression);
        if self.eat(Mode::Expression, TokenKind::RParen).is_none() {
            let at = self.peek(Mode::Expression).span;
            self.error(
                at,
                format!("Missing closing ')' after expression in '{keyword}' statement."),
            );
        }
        condition
    }

    fn error_statement(&self) -> Statement {
        Statement {
            kind: StatementKind::Error,
            span: self.here(),
        }
    }

    /// `{ statements }`; `what` completes "Missing statement block after …".
    pub(super) fn parse_block(&mut self, what: &str) -> Block {
        self.skip_newlines(Mode::Argument);
        let Some(open) = self.eat(Mode::Argument, TokenKind::LBrace) else {
            let at = self.peek(Mode::Argument).span;
            self.error(at, format!("Missing statement block after {what}."));
            return Block {
                statements: Vec::new(),
                span: self.here(),
            };
        };
        let statements = self.parse_statements(Some(TokenKind::RBrace));
        self.expect_close_brace(open);
        Block {
            statements,
            span: open.span.cover(self.here()),
        }
    }

    fn expect_close_brace(&mut self, open: Token) {
        if self.eat(Mode::Argument, TokenKind::RBrace).is_none() {
            self.error(
                open.span,
                "Missing closing '}' in statement block or type definition.",
            );
        }
    }

    /// Peeks past newlines for one of `words`; consumes the newlines and the word when found.
    fn eat_keyword_after_newlines(&mut self, words: &[&str]) -> Option<(Token, usize)> {
        let cp = self.checkpoint();
        self.skip_newlines(Mode::Argument);
        let t = self.peek(Mode::Argument);
        if t.kind == TokenKind::Generic {
            let text = self.text(t.span);
            if let Some(i) = words.iter().position(|w| is_word(text, w)) {
                self.bump(Mode::Argument);
                return Some((t, i));
            }
        }
        self.restore(cp);
        None
    }

    fn parse_if(&mut self) -> StatementKind {
        self.bump(Mode::Argument);
        let mut clauses = Vec::new();
        let mut else_block = None;
        let mut keyword = "if";
        loop {
            let condition = self.parse_condition(keyword);
            let body = self.parse_block(&format!("{keyword} ( condition )"));
            clauses.push(IfClause { condition, body });
            match self.eat_keyword_after_newlines(&["elseif", "else"]) {
                Some((_, 0)) => keyword = "elseif",
                Some((t, _)) => {
                    let after = self.peek(Mode::Argument);
                    if after.kind == TokenKind::Generic && is_word(self.text(after.span), "if") {
                        self.error(
                            t.span.cover(after.span),
                            "'else if' is not PowerShell: write 'elseif'.",
                        );
                    }
                    else_block = Some(self.parse_block("'else'"));
                    break;
                }
                None => break,
            }
        }
        StatementKind::If(If {
            clauses,
            else_block,
        })
    }

    fn parse_foreach(&mut self, label: Option<Box<str>>) -> StatementKind {
        let keyword = self.bump(Mode::Argument);
        let option = self.peek(Mode::Argument);
        if option.kind == TokenKind::Parameter {
            self.error(
                option.span,
                "'foreach -parallel' (workflows) is not supported by easim.",
            );
            self.bump(Mode::Argument);
        }
        self.skip_newlines(Mode::Expression);
        if self.eat(Mode::Expression, TokenKind::LParen).is_none() {
            self.error(keyword.span, "Missing opening '(' after keyword 'foreach'.");
            self.recover_to_statement_end();
            return StatementKind::Error;
        }
        self.skip_newlines(Mode::Expression);
        let var = self.peek(Mode::Expression);
        if var.kind != TokenKind::Variable {
            self.error(var.span, "Missing variable name after foreach.");
            return self.skip_loop_after_bad_header();
        }
        self.bump(Mode::Expression);
        let variable = variable_path(self.text(var.span));
        self.skip_newlines(Mode::Expression);
        let word = self.peek(Mode::Expression);
        if word.kind == TokenKind::Identifier && is_word(self.text(word.span), "in") {
            self.bump(Mode::Expression);
        } else {
            self.error(word.span, "Missing 'in' after variable in foreach loop.");
            return self.skip_loop_after_bad_header();
        }
        self.skip_newlines(Mode::Argument);
        let iterable = if self.at(Mode::Argument, TokenKind::RParen) {
            let at = self.peek(Mode::Argument).span;
            self.error(at, "Missing foreach loop pipeline.");
            self.error_statement()
        } else {
            self.parse_pipeline_statement()
        };
        self.skip_newlines(Mode::Expression);
        if self.eat(Mode::Expression, TokenKind::RParen).is_none() {
            let at = self.peek(Mode::Expression).span;
            self.error(
                at,
                "Missing closing ')' after expression in 'foreach' statement.",
            );
        }
        let body = self.parse_block("foreach ( … in … )");
        StatementKind::ForEach(ForEach {
            label,
            variable,
            iterable: Box::new(iterable),
            body,
        })
    }

    /// After an error in a loop header: skips the rest of the header and the body.
    fn skip_loop_after_bad_header(&mut self) -> StatementKind {
        self.recover_to_close_paren();
        if self.at(Mode::Argument, TokenKind::LBrace) {
            self.parse_block("the loop header");
        }
        StatementKind::Error
    }

    fn parse_for(&mut self, label: Option<Box<str>>) -> StatementKind {
        let keyword = self.bump(Mode::Argument);
        self.skip_newlines(Mode::Expression);
        if self.eat(Mode::Expression, TokenKind::LParen).is_none() {
            self.error(keyword.span, "Missing opening '(' after keyword 'for'.");
            self.recover_to_statement_end();
            return StatementKind::Error;
        }
        let mut parts: [Option<Box<Statement>>; 3] = [None, None, None];
        for (i, part) in parts.iter_mut().enumerate() {
            self.skip_newlines(Mode::Argument);
            let t = self.peek(Mode::Argument);
            if !matches!(t.kind, TokenKind::Semi | TokenKind::RParen) {
                *part = Some(Box::new(self.parse_pipeline_statement()));
            }
            if i < 2 {
                self.skip_newlines(Mode::Argument);
                self.eat(Mode::Argument, TokenKind::Semi);
            }
        }
        self.skip_newlines(Mode::Expression);
        if self.eat(Mode::Expression, TokenKind::RParen).is_none() {
            let at = self.peek(Mode::Expression).span;
            self.error(
                at,
                "Missing closing ')' after expression in 'for' statement.",
            );
        }
        let body = self.parse_block("for ( … )");
        let [init, condition, iterator] = parts;
        StatementKind::For(For {
            label,
            init,
            condition,
            iterator,
            body,
        })
    }

    fn parse_while(&mut self, label: Option<Box<str>>) -> StatementKind {
        self.bump(Mode::Argument);
        let condition = self.parse_condition("while");
        let body = self.parse_block("while ( condition )");
        StatementKind::While(While {
            label,
            condition: Box::new(condition),
            body,
        })
    }

    fn parse_do(&mut self, label: Option<Box<str>>) -> StatementKind {
        let keyword = self.bump(Mode::Argument);
        let body = self.parse_block("'do'");
        let Some((_, i)) = self.eat_keyword_after_newlines(&["while", "until"]) else {
            self.error(keyword.span, "Missing 'while' or 'until' in do loop.");
            return StatementKind::Error;
        };
        let until = i == 1;
        let condition = self.parse_condition(if until { "until" } else { "while" });
        StatementKind::DoLoop(DoLoop {
            label,
            body,
            until,
            condition: Box::new(condition),
        })
    }

    fn parse_switch(&mut self, label: Option<Box<str>>) -> StatementKind {
        let keyword = self.bump(Mode::Argument);
        let mut flags = SwitchFlags::default();
        loop {
            let t = self.peek(Mode::Argument);
            if t.kind != TokenKind::Parameter {
                break;
            }
            self.bump(Mode::Argument);
            let name = parameter_name(self.text(t.span)).to_ascii_lowercase();
            match name.as_str() {
                "regex" => flags.regex = true,
                "wildcard" => flags.wildcard = true,
                "exact" => flags.exact = true,
                "casesensitive" => flags.case_sensitive = true,
                "file" => self.error(t.span, "'switch -File' is not supported by easim."),
                "parallel" => self.error(
                    t.span,
                    "'switch -Parallel' (workflows) is not supported by easim.",
                ),
                _ => self.error(
                    t.span,
                    format!("Unknown switch option '{}'.", self.text(t.span)),
                ),
            }
        }
        let subject = self.parse_condition("switch");
        self.skip_newlines(Mode::Argument);
        let Some(open) = self.eat(Mode::Argument, TokenKind::LBrace) else {
            self.error(keyword.span, "Missing '{' in switch statement.");
            return StatementKind::Error;
        };
        let mut clauses = Vec::new();
        let mut default = None;
        loop {
            let t = self.peek(Mode::Argument);
            match t.kind {
                TokenKind::NewLine | TokenKind::Semi => {
                    self.bump(Mode::Argument);
                }
                TokenKind::RBrace => {
                    self.bump(Mode::Argument);
                    break;
                }
                TokenKind::Eof => {
                    self.error(open.span, "Missing closing '}' in switch statement.");
                    break;
                }
                TokenKind::Generic if is_word(self.text(t.span), "default") => {
                    self.bump(Mode::Argument);
                    let body = self.parse_block("'default' in switch statement");
                    if default.is_some() {
                        self.error(
                            t.span,
                            "The switch statement contains more than one default clause.",
                        );
                    }
                    default = Some(body);
                }
                _ => {
                    let before = self.position();
                    let pattern = self.parse_argument_value(false);
                    let body = self.parse_block("a switch clause pattern");
                    clauses.push(SwitchClause { pattern, body });
                    if self.position() == before {
                        self.bump(Mode::Argument);
                    }
                }
            }
        }
        StatementKind::Switch(Switch {
            label,
            flags,
            subject: Box::new(subject),
            clauses,
            default,
        })
    }

    fn parse_try(&mut self) -> StatementKind {
        let keyword = self.bump(Mode::Argument);
        let body = self.parse_block("'try'");
        let mut catches = Vec::new();
        let mut finally = None;
        while let Some((_, i)) = self.eat_keyword_after_newlines(&["catch", "finally"]) {
            if i == 1 {
                finally = Some(self.parse_block("'finally'"));
                break;
            }
            let mut types = Vec::new();
            loop {
                self.skip_newlines(Mode::Expression);
                if !self.at(Mode::Expression, TokenKind::LBracket) {
                    break;
                }
                let open = self.bump(Mode::Expression);
                types.push(self.parse_type_after_bracket(open));
                if self.eat(Mode::Expression, TokenKind::Comma).is_none() {
                    break;
                }
            }
            let body = self.parse_block("'catch'");
            catches.push(Catch { types, body });
        }
        if catches.is_empty() && finally.is_none() {
            self.error(
                keyword.span,
                "The Try statement is missing its Catch or Finally block.",
            );
        }
        StatementKind::Try(Try {
            body,
            catches,
            finally,
        })
    }

    /// `trap [T] { … }`.
    fn parse_trap(&mut self) -> StatementKind {
        self.bump(Mode::Argument);
        let mut types = Vec::new();
        self.skip_newlines(Mode::Expression);
        if self.at(Mode::Expression, TokenKind::LBracket) {
            let open = self.bump(Mode::Expression);
            types.push(self.parse_type_after_bracket(open));
        }
        let body = self.parse_block("'trap'");
        StatementKind::Trap(Catch { types, body })
    }

    fn parse_flow_with_value(&mut self) -> StatementKind {
        let keyword = self.bump(Mode::Argument);
        let next = self.peek(Mode::Argument);
        let value = if ends_statement(next.kind) || next.kind == TokenKind::Pipe {
            None
        } else {
            Some(Box::new(self.parse_pipeline_statement()))
        };
        match self.text(keyword.span).to_ascii_lowercase().as_str() {
            "return" => StatementKind::Return(value),
            "throw" => StatementKind::Throw(value),
            _ => StatementKind::Exit(value),
        }
    }

    fn parse_break_continue(&mut self) -> StatementKind {
        let keyword = self.bump(Mode::Argument);
        let next = self.peek(Mode::Argument);
        let label = if next.kind == TokenKind::Generic {
            self.bump(Mode::Argument);
            Some(self.text(next.span).into())
        } else {
            None
        };
        if is_word(self.text(keyword.span), "break") {
            StatementKind::Break { label }
        } else {
            StatementKind::Continue { label }
        }
    }
}

/// A parameter token's name: `-Name:` is `Name` (any dash character).
pub(super) fn parameter_name(text: &str) -> &str {
    let mut chars = text.chars();
    chars.next();
    let rest = chars.as_str();
    rest.strip_suffix(':').unwrap_or(rest)
}
