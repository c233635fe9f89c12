//! Type literals, casts and attributes: `[int]`, `[string[]]`, `[System.Collections.Generic.List[string]]`,
//! `[int]$x`, `[PSCustomObject]@{ … }`, `[math]::Round(…)`, `[Parameter(Mandatory = $true)]`. Type names are
//! kept as written (without spaces); resolving them is the evaluator's job.

use super::super::ast::{Attribute, Expr, ExprKind, NamedArgument, TypeName};
use super::super::token::{AssignKind, Mode, Token, TokenKind};
use super::expr::{dash_unary, starts_cast_operand};
use super::{Parser, without_sigil};

/// What `[ … ]` held.
pub(super) enum Bracket {
    Type(TypeName),
    Attribute(Attribute),
}

impl Parser<'_> {
    /// `[type]` literal, `[type]operand` cast, or `[type]::Member`.
    pub(super) fn parse_type_or_cast(&mut self) -> Expr {
        let open = self.bump(Mode::Expression);
        let ty = match self.parse_bracket_after_open(open) {
            Bracket::Type(ty) => ty,
            Bracket::Attribute(a) => {
                self.error(
                    a.span,
                    "Attributes are only supported on parameters and param blocks by easim.",
                );
                a.name
            }
        };
        let next = self.peek(Mode::Expression);
        let is_cast = match next.kind {
            TokenKind::DashOperator => dash_unary(without_sigil(self.text(next.span))).is_some(),
            kind => starts_cast_operand(kind),
        };
        if is_cast {
            let operand = self.parse_unary();
            let span = ty.span.cover(operand.span);
            return Expr {
                kind: ExprKind::Cast {
                    ty,
                    operand: Box::new(operand),
                },
                span,
            };
        }
        let literal = Expr {
            span: ty.span,
            kind: ExprKind::TypeLiteral(ty),
        };
        self.parse_postfix(literal, Mode::Expression)
    }

    /// The rest of `[ … ]` after `[`: a type name, or an attribute `Name( … )`.
    pub(super) fn parse_bracket_after_open(&mut self, open: Token) -> Bracket {
        let name = self.parse_type_name(open);
        if let Some(paren) = self.eat(Mode::TypeName, TokenKind::LParen) {
            let (positional, named) = self.parse_attribute_arguments(paren);
            self.expect_close_bracket();
            return Bracket::Attribute(Attribute {
                span: open.span.cover(self.here()),
                name,
                positional,
                named,
            });
        }
        self.expect_close_bracket();
        Bracket::Type(TypeName {
            name: name.name,
            span: open.span.cover(self.here()),
        })
    }

    /// A type in `catch [T]`: the name after `[`, then `]`.
    pub(super) fn parse_type_after_bracket(&mut self, open: Token) -> TypeName {
        let name = self.parse_type_name(open);
        self.expect_close_bracket();
        TypeName {
            name: name.name,
            span: open.span.cover(self.here()),
        }
    }

    fn expect_close_bracket(&mut self) {
        if self.eat(Mode::TypeName, TokenKind::RBracket).is_none() {
            let at = self.peek(Mode::TypeName).span;
            self.error(at, "Missing ] at end of attribute or type literal.");
        }
    }

    /// A dotted name with generic arguments and array ranks: `List[string]`, `string[]`, `int[,]`.
    fn parse_type_name(&mut self, open: Token) -> TypeName {
        if !self.enter() {
            return TypeName {
                name: "".into(),
                span: open.span,
            };
        }
        let mut name = String::new();
        let t = self.peek(Mode::TypeName);
        if t.kind == TokenKind::TypeWord {
            self.bump(Mode::TypeName);
            name.push_str(self.text(t.span));
        } else {
            self.error(t.span, "Missing type name after '['.");
        }
        while self.at(Mode::TypeName, TokenKind::LBracket) {
            let inner = self.bump(Mode::TypeName);
            if matches!(
                self.peek(Mode::TypeName).kind,
                TokenKind::RBracket | TokenKind::Comma
            ) {
                name.push('[');
                while self.eat(Mode::TypeName, TokenKind::Comma).is_some() {
                    name.push(',');
                }
                name.push(']');
            } else {
                let mut args = Vec::new();
                loop {
                    let arg = if let Some(nested) = self.eat(Mode::TypeName, TokenKind::LBracket) {
                        let ty = self.parse_type_name(nested);
                        self.expect_close_bracket();
                        ty
                    } else {
                        self.parse_type_name(inner)
                    };
                    args.push(arg.name.into_string());
                    if self.eat(Mode::TypeName, TokenKind::Comma).is_none() {
                        break;
                    }
                }
                name.push('[');
                name.push_str(&args.join(","));
                name.push(']');
            }
            if self.eat(Mode::TypeName, TokenKind::RBracket).is_none() {
                let at = self.peek(Mode::TypeName).span;
                self.error(at, "Missing ']' in type name.");
                break;
            }
        }
        self.leave();
        TypeName {
            name: name.into(),
            span: open.span.cover(self.here()),
        }
    }

    /// Attribute arguments after `(` up to `)`: positional expressions and `Name = value` or bare `Name`.
    fn parse_attribute_arguments(&mut self, paren: Token) -> (Vec<Expr>, Vec<NamedArgument>) {
        let mut positional = Vec::new();
        let mut named = Vec::new();
        loop {
            self.skip_newlines(Mode::Expression);
            let t = self.peek(Mode::Expression);
            match t.kind {
                TokenKind::RParen => {
                    self.bump(Mode::Expression);
                    break;
                }
                TokenKind::Identifier => {
                    self.bump(Mode::Expression);
                    let value = if self
                        .eat(Mode::Expression, TokenKind::Assign(AssignKind::Assign))
                        .is_some()
                    {
                        self.skip_newlines(Mode::Expression);
                        Some(self.parse_expression_without_comma())
                    } else {
                        None
                    };
                    named.push(NamedArgument {
                        name: self.text(t.span).into(),
                        value,
                        span: t.span.cover(self.here()),
                    });
                }
                kind if super::ends_statement(kind) && kind != TokenKind::NewLine => {
                    self.error(paren.span, "Missing closing ')' in attribute arguments.");
                    break;
                }
                _ => positional.push(self.parse_expression_without_comma()),
            }
            self.skip_newlines(Mode::Expression);
            let t = self.peek(Mode::Expression);
            match t.kind {
                TokenKind::Comma => {
                    self.bump(Mode::Expression);
                }
                TokenKind::RParen => {}
                _ => {
                    self.error(paren.span, "Missing closing ')' in attribute arguments.");
                    break;
                }
            }
        }
        (positional, named)
    }
}
