//! Script blocks and functions: `{ … }` with an optional `[CmdletBinding()] param( … )` and optional
//! `begin`/`process`/`end` blocks, `function Name($a) { }` and `filter`, and parameter declarations with
//! attributes, type constraints and defaults.

use super::super::ast::{
    FunctionDefinition, NamedBlocks, ParamBlock, Parameter, ScriptBlock, ScriptBody, StatementKind,
};
use super::super::literal::variable_path;
use super::super::token::{AssignKind, Mode, Token, TokenKind};
use super::statement::is_word;
use super::types::Bracket;
use super::{Parser, ends_statement};

impl Parser<'_> {
    pub(super) fn parse_function(&mut self) -> StatementKind {
        let keyword = self.bump(Mode::Argument);
        let is_filter = is_word(self.text(keyword.span), "filter");
        let name_token = self.peek(Mode::Argument);
        if name_token.kind != TokenKind::Generic {
            self.error(
                keyword.span.cover(name_token.span),
                format!("Missing name after '{}'.", self.text(keyword.span)),
            );
            self.recover_to_statement_end();
            return StatementKind::Error;
        }
        self.bump(Mode::Argument);
        let name: Box<str> = self.text(name_token.span).into();
        self.skip_newlines(Mode::Expression);
        let declared = if let Some(open) = self.eat(Mode::Expression, TokenKind::LParen) {
            let parameters = self.parse_parameter_list();
            Some(ParamBlock {
                attributes: Vec::new(),
                parameters,
                span: open.span.cover(self.here()),
            })
        } else {
            None
        };
        self.skip_newlines(Mode::Argument);
        let Some(open) = self.eat(Mode::Argument, TokenKind::LBrace) else {
            let at = self.peek(Mode::Argument).span;
            self.error(at, "Missing function body in function declaration.");
            self.recover_to_statement_end();
            return StatementKind::Error;
        };
        let mut body = self.parse_script_block_after_brace(open);
        if let Some(declared) = declared {
            if let Some(block) = &body.param_block {
                self.error(
                    block.span,
                    "A param block cannot be used if arguments were specified in the function declaration.",
                );
            } else {
                body.param_block = Some(declared);
            }
        }
        StatementKind::Function(Box::new(FunctionDefinition {
            name,
            is_filter,
            body,
        }))
    }

    /// A `{ … }` script block whose `{` was just consumed.
    pub(super) fn parse_script_block_after_brace(&mut self, open: Token) -> ScriptBlock {
        let (param_block, body) = self.parse_script_block_contents(Some(TokenKind::RBrace));
        let text_end = if self.at(Mode::Argument, TokenKind::RBrace) {
            let close = self.bump(Mode::Argument);
            close.span.start as usize
        } else {
            self.error(
                open.span,
                "Missing closing '}' in statement block or type definition.",
            );
            self.prev_end
        };
        let text_start = (open.span.end as usize).min(text_end);
        ScriptBlock {
            param_block,
            body,
            text: self.src.get(text_start..text_end).unwrap_or("").into(),
            span: open.span.cover(self.here()),
        }
    }

    /// `[attributes] param( … )` if present, then plain statements or named blocks, up to `close`.
    pub(super) fn parse_script_block_contents(
        &mut self,
        close: Option<TokenKind>,
    ) -> (Option<ParamBlock>, ScriptBody) {
        let param_block = self.parse_param_block();
        self.skip_separators();
        let t = self.peek(Mode::Argument);
        let named = t.kind == TokenKind::Generic
            && ["begin", "process", "end", "dynamicparam"]
                .iter()
                .any(|w| is_word(self.text(t.span), w))
            && self.next_is_block_after();
        if !named {
            return (
                param_block,
                ScriptBody::Statements(self.parse_statements(close)),
            );
        }
        let mut blocks = NamedBlocks::default();
        loop {
            let t = self.peek(Mode::Argument);
            match t.kind {
                TokenKind::NewLine | TokenKind::Semi => {
                    self.bump(Mode::Argument);
                    continue;
                }
                TokenKind::Eof => break,
                k if Some(k) == close => break,
                _ => {}
            }
            let word = self.text(t.span).to_ascii_lowercase();
            let slot = match word.as_str() {
                _ if t.kind != TokenKind::Generic => None,
                "begin" => Some(&mut blocks.begin),
                "process" => Some(&mut blocks.process),
                "end" => Some(&mut blocks.end),
                _ => None,
            };
            let is_dynamic = t.kind == TokenKind::Generic && word == "dynamicparam";
            if slot.is_none() && !is_dynamic {
                self.error(
                    t.span,
                    format!(
                        "Unexpected token '{}': a script block with 'begin', 'process' or 'end' blocks can contain only those blocks.",
                        self.token_text(t)
                    ),
                );
                let before = self.position();
                self.recover_to_statement_end();
                if self.position() == before {
                    self.bump(Mode::Argument);
                }
                continue;
            }
            self.bump(Mode::Argument);
            let block = self.parse_block(&format!("'{word}'"));
            if is_dynamic {
                self.error(t.span, "'dynamicparam' blocks are not supported by easim.");
                continue;
            }
            let duplicate = match word.as_str() {
                "begin" => blocks.begin.replace(block).is_some(),
                "process" => blocks.process.replace(block).is_some(),
                _ => blocks.end.replace(block).is_some(),
            };
            if duplicate {
                self.error(
                    t.span,
                    format!("The script block has more than one '{word}' block."),
                );
            }
        }
        (param_block, ScriptBody::Named(blocks))
    }

    /// `[CmdletBinding()] param( … )` at the start of a script block, or nothing (and nothing consumed).
    fn parse_param_block(&mut self) -> Option<ParamBlock> {
        if !self.param_block_follows() {
            return None;
        }
        let mut attributes = Vec::new();
        let mut start = None;
        loop {
            self.skip_separators();
            if !self.at(Mode::Expression, TokenKind::LBracket) {
                break;
            }
            let open = self.bump(Mode::Expression);
            start.get_or_insert(open.span);
            match self.parse_bracket_after_open(open) {
                Bracket::Attribute(a) => attributes.push(a),
                Bracket::Type(t) => self.error(
                    t.span,
                    "Only attributes such as [CmdletBinding()] can come before 'param', not a type.",
                ),
            }
        }
        let t = self.bump(Mode::Argument);
        self.skip_newlines(Mode::Expression);
        let parameters = if self.eat(Mode::Expression, TokenKind::LParen).is_some() {
            self.parse_parameter_list()
        } else {
            self.error(t.span, "Missing '(' after 'param'.");
            Vec::new()
        };
        Some(ParamBlock {
            attributes,
            parameters,
            span: start.unwrap_or(t.span).cover(self.here()),
        })
    }

    /// Newlines and `;`, read in expression mode: they lex alike in both modes, and an argument-mode read
    /// would take a whole `[a][b]…` run as one bare word each time (quadratic over a chain of attributes).
    fn skip_separators(&mut self) {
        while matches!(
            self.peek(Mode::Expression).kind,
            TokenKind::NewLine | TokenKind::Semi
        ) {
            self.bump(Mode::Expression);
        }
    }

    /// Whether `param` comes next, after any `[ … ]` attributes: decided on tokens alone, skipping balanced
    /// brackets, so nested script blocks inside attribute arguments are never parsed twice.
    fn param_block_follows(&mut self) -> bool {
        let cp = self.checkpoint();
        let mut level = 0u32;
        let found = loop {
            if level == 0 {
                self.skip_separators();
                if self.at(Mode::Expression, TokenKind::LBracket) {
                    self.bump(Mode::Expression);
                    level = 1;
                    continue;
                }
                let word = self.peek(Mode::Argument);
                break word.kind == TokenKind::Generic && is_word(self.text(word.span), "param");
            }
            match self.bump(Mode::Expression).kind {
                TokenKind::Eof => break false,
                TokenKind::LBracket
                | TokenKind::LParen
                | TokenKind::LBrace
                | TokenKind::DollarParen
                | TokenKind::AtParen
                | TokenKind::AtBrace => level += 1,
                TokenKind::RBracket | TokenKind::RParen | TokenKind::RBrace => level -= 1,
                _ => {}
            }
        };
        self.restore(cp);
        found
    }

    /// Parameters after `(` up to and including `)`.
    fn parse_parameter_list(&mut self) -> Vec<Parameter> {
        let mut parameters = Vec::new();
        loop {
            self.skip_newlines(Mode::Expression);
            let t = self.peek(Mode::Expression);
            match t.kind {
                TokenKind::RParen => {
                    self.bump(Mode::Expression);
                    break;
                }
                TokenKind::Eof => {
                    self.error(t.span, "Missing ')' in function parameter list.");
                    break;
                }
                _ => {}
            }
            let before = self.position();
            if let Some(p) = self.parse_parameter() {
                parameters.push(p);
            }
            self.skip_newlines(Mode::Expression);
            let t = self.peek(Mode::Expression);
            match t.kind {
                TokenKind::Comma => {
                    self.bump(Mode::Expression);
                }
                TokenKind::RParen => {}
                _ => {
                    self.error(t.span, "Missing ')' in function parameter list.");
                    if self.position() == before {
                        self.bump(Mode::Expression);
                    }
                    if ends_statement(t.kind) {
                        break;
                    }
                }
            }
        }
        parameters
    }

    fn parse_parameter(&mut self) -> Option<Parameter> {
        let mut attributes = Vec::new();
        let mut type_constraint = None;
        let start = self.peek(Mode::Expression).span;
        while self.at(Mode::Expression, TokenKind::LBracket) {
            let open = self.bump(Mode::Expression);
            match self.parse_bracket_after_open(open) {
                super::types::Bracket::Attribute(a) => attributes.push(a),
                super::types::Bracket::Type(t) => type_constraint = Some(t),
            }
            self.skip_newlines(Mode::Expression);
        }
        let t = self.peek(Mode::Expression);
        if t.kind != TokenKind::Variable {
            self.error(
                t.span,
                "Parameter declarations are a comma-separated list of variable names with optional initializer expressions.",
            );
            return None;
        }
        self.bump(Mode::Expression);
        let name = variable_path(self.text(t.span));
        let default = if self.at(Mode::Expression, TokenKind::Assign(AssignKind::Assign)) {
            self.bump(Mode::Expression);
            self.skip_newlines(Mode::Expression);
            Some(self.parse_expression_without_comma())
        } else {
            None
        };
        Some(Parameter {
            attributes,
            type_constraint,
            name,
            default,
            span: start.cover(self.here()),
        })
    }
}
