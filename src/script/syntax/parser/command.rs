//! Pipelines and commands: what starts a command rather than an expression, argument-mode arguments
//! (`-Name`, `-Name:value`, bare words, `a,b,c` lists, `@splat`), assignments, and the pipeline operators
//! easim does not support (redirection, `&&`, `||`).

use super::super::ast::{
    AssignOp, Assignment, Command, CommandArg, Expr, ExprKind, Invocation, Pipeline,
    PipelineElement, Quote, Statement, StatementKind,
};
use super::super::lexer::is_dash;
use super::super::literal::variable_path;
use super::super::span::Span;
use super::super::token::{AssignKind, Mode, Token, TokenKind};
use super::statement::parameter_name;
use super::{Parser, without_sigil};

/// Tokens after which an argument list (or one argument) ends.
fn ends_arguments(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::NewLine
            | TokenKind::Semi
            | TokenKind::Pipe
            | TokenKind::RParen
            | TokenKind::RBrace
            | TokenKind::Eof
            | TokenKind::AndAnd
            | TokenKind::OrOr
            | TokenKind::Redirection
    )
}

/// Whether a bare word at the start of a pipeline is really an expression: `[int]$x`, `!$x`, `1..10`, `++$i`.
fn bare_word_is_expression(text: &str) -> bool {
    match text.chars().next() {
        Some('[' | '!') => true,
        Some(c) if c.is_ascii_digit() => true,
        // No command name starts with a sign: `-$x`, `- 5`, `--$i`, `++$i`, `+5`.
        Some('+') => true,
        Some(c) if is_dash(c) => true,
        _ => false,
    }
}

impl Parser<'_> {
    /// A pipeline, or an assignment (`$x = …`, `$a[0] += …`).
    pub(super) fn parse_pipeline_statement(&mut self) -> Statement {
        let t = self.peek(Mode::Argument);
        let start = t.span;
        let mut elements = Vec::new();
        let is_command = match t.kind {
            TokenKind::Generic => !bare_word_is_expression(self.text(t.span)),
            TokenKind::Ampersand | TokenKind::Dot => true,
            TokenKind::Pipe => {
                self.error(t.span, "An empty pipe element is not allowed.");
                false
            }
            _ => false,
        };
        if is_command {
            elements.push(PipelineElement::Command(self.parse_command()));
        } else if t.kind != TokenKind::Pipe {
            let expr = self.parse_expression();
            let next = self.peek(Mode::Expression);
            if let TokenKind::Assign(kind) = next.kind {
                return self.parse_assignment(expr, kind, next);
            }
            elements.push(PipelineElement::Expression(expr));
        }
        loop {
            let t = self.peek(Mode::Argument);
            match t.kind {
                TokenKind::Pipe => {
                    self.bump(Mode::Argument);
                    self.skip_newlines(Mode::Argument);
                    if let Some(command) = self.parse_pipe_element(t) {
                        elements.push(PipelineElement::Command(command));
                    }
                }
                TokenKind::Redirection => {
                    self.error(
                        t.span,
                        format!(
                            "Redirection ('{}') is not supported by easim; use '| Out-Null' to discard output.",
                            self.text(t.span)
                        ),
                    );
                    self.bump(Mode::Argument);
                    if !ends_arguments(self.peek(Mode::Argument).kind) {
                        self.parse_argument_value(false);
                    }
                }
                TokenKind::AndAnd | TokenKind::OrOr => {
                    self.error(
                        t.span,
                        format!(
                            "The '{}' operator (PowerShell 7) is not supported by easim; use 'if ($?) {{ … }}'.",
                            self.text(t.span)
                        ),
                    );
                    self.bump(Mode::Argument);
                    self.skip_newlines(Mode::Argument);
                    if !ends_arguments(self.peek(Mode::Argument).kind) {
                        self.parse_statement();
                    }
                }
                _ => break,
            }
        }
        Statement {
            kind: StatementKind::Pipeline(Pipeline {
                elements,
                span: start.cover(self.here()),
            }),
            span: start.cover(self.here()),
        }
    }

    /// The command after a `|`; `None` (with a diagnostic) for an empty element or an expression.
    fn parse_pipe_element(&mut self, pipe: Token) -> Option<Command> {
        let t = self.peek(Mode::Argument);
        match t.kind {
            TokenKind::Generic | TokenKind::Ampersand | TokenKind::Dot => {
                Some(self.parse_command())
            }
            kind if ends_arguments(kind) => {
                self.error(pipe.span, "An empty pipe element is not allowed.");
                None
            }
            _ => {
                self.error(
                    t.span,
                    "Expressions are only allowed as the first element of a pipeline.",
                );
                self.parse_expression();
                None
            }
        }
    }

    fn parse_assignment(&mut self, target: Expr, kind: AssignKind, op: Token) -> Statement {
        if !is_assignable(&target) {
            self.error(
                target.span,
                "The assignment expression is not valid. The input to an assignment operator must be an object \
                 that is able to accept assignments, such as a variable or a property.",
            );
        }
        self.bump(Mode::Expression);
        self.skip_newlines(Mode::Argument);
        let next = self.peek(Mode::Argument);
        let value = if super::ends_statement(next.kind) || next.kind == TokenKind::Pipe {
            self.error(
                op.span,
                format!(
                    "You must provide a value expression on the right-hand side of the '{}' operator.",
                    self.text(op.span)
                ),
            );
            Statement {
                kind: StatementKind::Error,
                span: self.here(),
            }
        } else {
            self.parse_statement()
        };
        let op = match kind {
            AssignKind::Assign => AssignOp::Assign,
            AssignKind::Add => AssignOp::Add,
            AssignKind::Subtract => AssignOp::Subtract,
            AssignKind::Multiply => AssignOp::Multiply,
            AssignKind::Divide => AssignOp::Divide,
            AssignKind::Remainder => AssignOp::Remainder,
        };
        let span = target.span.cover(self.here());
        Statement {
            kind: StatementKind::Assignment(Assignment {
                target,
                op,
                value: Box::new(value),
            }),
            span,
        }
    }

    /// A command: name (or `&`/`.` and an expression) and its arguments, up to the end of the pipeline element.
    fn parse_command(&mut self) -> Command {
        let t = self.bump(Mode::Argument);
        let (invocation, name) = match t.kind {
            TokenKind::Ampersand | TokenKind::Dot => {
                let invocation = if t.kind == TokenKind::Ampersand {
                    Invocation::Call
                } else {
                    Invocation::DotSource
                };
                let next = self.peek(Mode::Argument);
                let name = if ends_arguments(next.kind) {
                    self.error(
                        t.span,
                        format!(
                            "Missing expression after '{}' in pipeline element.",
                            self.text(t.span)
                        ),
                    );
                    Expr {
                        kind: ExprKind::Error,
                        span: self.here(),
                    }
                } else {
                    self.parse_argument_value(false)
                };
                (invocation, name)
            }
            _ => (Invocation::Plain, self.bare_word(t)),
        };
        let mut args = Vec::new();
        loop {
            let t = self.peek(Mode::Argument);
            match t.kind {
                kind if ends_arguments(kind) => break,
                TokenKind::Parameter => {
                    self.bump(Mode::Argument);
                    args.push(self.parse_parameter_argument(t));
                }
                TokenKind::Splat => {
                    self.bump(Mode::Argument);
                    let variable = variable_path(without_sigil(self.text(t.span)));
                    args.push(CommandArg::Splat {
                        variable,
                        span: t.span,
                    });
                }
                TokenKind::Ampersand => {
                    self.error(
                        t.span,
                        "The ampersand (&) character is not allowed. The & operator is reserved for future use; \
                         wrap an ampersand in double quotation marks (\"&\") to pass it as part of a string.",
                    );
                    self.bump(Mode::Argument);
                }
                TokenKind::Comma => {
                    self.error(t.span, "Missing argument in parameter list.");
                    self.bump(Mode::Argument);
                }
                _ => args.push(CommandArg::Positional(self.parse_command_argument())),
            }
        }
        Command {
            invocation,
            name,
            args,
            span: t.span.cover(self.here()),
        }
    }

    /// `-Name`, or `-Name:value` (whose value may follow after spaces, as PowerShell allows).
    fn parse_parameter_argument(&mut self, t: Token) -> CommandArg {
        let text = self.text(t.span);
        let name: Box<str> = parameter_name(text).into();
        if !text.ends_with(':') {
            return CommandArg::Parameter {
                name,
                argument: None,
                span: t.span,
            };
        }
        let next = self.peek(Mode::Argument);
        if ends_arguments(next.kind) || next.kind == TokenKind::Parameter {
            self.error(
                t.span,
                format!("Missing an argument for parameter '{name}' after ':'."),
            );
            return CommandArg::Parameter {
                name,
                argument: None,
                span: t.span,
            };
        }
        let value = self.parse_command_argument();
        CommandArg::Parameter {
            name,
            span: t.span.cover(value.span),
            argument: Some(value),
        }
    }

    /// One argument, with `a, b, c` (spaces and line breaks after commas allowed) as one array.
    fn parse_command_argument(&mut self) -> Expr {
        let first = self.parse_argument_value(true);
        if !self.at(Mode::Argument, TokenKind::Comma) {
            return first;
        }
        let start = first.span;
        let mut items = vec![first];
        while let Some(comma) = self.eat(Mode::Argument, TokenKind::Comma) {
            self.skip_newlines(Mode::Argument);
            let t = self.peek(Mode::Argument);
            if ends_arguments(t.kind) || t.kind == TokenKind::Parameter {
                self.error(comma.span, "Missing argument in parameter list.");
                break;
            }
            items.push(self.parse_argument_value(true));
        }
        Expr {
            kind: ExprKind::Array(items),
            span: start.cover(self.here()),
        }
    }

    /// One value in argument mode: a bare word, a number, or an expression primary with adjacent member
    /// access and indexing (`$d.DeviceId`, `(Get-Mailbox x).PrimarySmtpAddress`, `$x.Split("\")[0]`).
    pub(super) fn parse_argument_value(&mut self, check_adjacent: bool) -> Expr {
        let t = self.peek(Mode::Argument);
        let value = match t.kind {
            TokenKind::Generic => {
                self.bump(Mode::Argument);
                self.bare_word(t)
            }
            TokenKind::Number | TokenKind::Dot | TokenKind::Parameter => {
                self.bump(Mode::Argument);
                if t.kind == TokenKind::Number {
                    self.number(t)
                } else {
                    Expr {
                        kind: ExprKind::String {
                            value: self.text(t.span).into(),
                            quote: Quote::Bare,
                        },
                        span: t.span,
                    }
                }
            }
            _ => {
                if !self.enter() {
                    return Expr {
                        kind: ExprKind::Error,
                        span: self.here(),
                    };
                }
                let primary = self.parse_primary(Mode::Argument);
                let value = self.parse_postfix(primary, Mode::Argument);
                self.leave();
                value
            }
        };
        if check_adjacent {
            let next = self.peek(Mode::Argument);
            if !next.space_before && !ends_arguments(next.kind) && next.kind != TokenKind::Comma {
                let joined = Span::new(value.span.start as usize, next.span.end as usize);
                self.error(
                    next.span,
                    format!(
                        "'{}' continues right after an argument without a space; easim does not join argument \
                         parts: quote the whole argument or separate the parts with a space.",
                        self.token_text(Token {
                            span: joined,
                            ..next
                        })
                    ),
                );
            }
        }
        value
    }
}

/// Whether an expression can be assigned to: a variable, property, element, typed variable or a list of them.
fn is_assignable(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Variable(_) | ExprKind::Member { .. } | ExprKind::Index { .. } => true,
        ExprKind::Cast { operand, .. } => matches!(operand.kind, ExprKind::Variable(_)),
        ExprKind::Array(items) => items.iter().all(is_assignable),
        _ => false,
    }
}
