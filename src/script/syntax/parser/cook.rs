//! Cooking literal tokens into expressions: numbers, bare words, single- and double-quoted strings and
//! here-strings, whose `$var` and `$( … )` parts are parsed here (the `$( … )` source as its own range).

use super::super::ast::{Expr, ExprKind, Quote, StringPart};
use super::super::lexer::{is_double_quote, is_newline, is_single_quote};
use super::super::literal::{self, ExpandKind, RawPart};
use super::super::span::Span;
use super::super::token::{Token, TokenKind};
use super::Parser;

impl Parser<'_> {
    pub(super) fn number(&mut self, t: Token) -> Expr {
        let text = self.text(t.span);
        let kind = match literal::number_value(text) {
            Some(n) => ExprKind::Number(n),
            None => {
                self.error(t.span, format!("The numeric constant {text} is not valid."));
                ExprKind::Error
            }
        };
        Expr { kind, span: t.span }
    }

    /// A bare word in argument mode: a constant string, or an expandable one if it holds `$` or a backtick.
    pub(super) fn bare_word(&mut self, t: Token) -> Expr {
        let text = self.text(t.span);
        if !text.contains(['$', '`']) {
            return Expr {
                kind: ExprKind::String {
                    value: text.into(),
                    quote: Quote::Bare,
                },
                span: t.span,
            };
        }
        self.expandable(
            t.span,
            t.span.start as usize,
            t.span.end as usize,
            ExpandKind::Bare,
            Quote::Bare,
        )
    }

    pub(super) fn single_string(&mut self, t: Token) -> Expr {
        let text = self.text(t.span);
        let (value, quote) = if t.kind == TokenKind::SingleHereString {
            let (start, end) = here_content(self.src, t.span);
            (
                self.src.get(start..end).unwrap_or("").to_string(),
                Quote::SingleHere,
            )
        } else {
            let inner = strip_quotes(text);
            (literal::single_quoted(inner), Quote::Single)
        };
        Expr {
            kind: ExprKind::String {
                value: value.into(),
                quote,
            },
            span: t.span,
        }
    }

    pub(super) fn double_string(&mut self, t: Token) -> Expr {
        if t.kind == TokenKind::DoubleHereString {
            let (start, end) = here_content(self.src, t.span);
            return self.expandable(t.span, start, end, ExpandKind::Here, Quote::DoubleHere);
        }
        let text = self.text(t.span);
        let inner = strip_quotes(text);
        let start = t.span.start as usize + first_len(text);
        self.expandable(
            t.span,
            start,
            start + inner.len(),
            ExpandKind::Double,
            Quote::Double,
        )
    }

    fn expandable(
        &mut self,
        span: Span,
        start: usize,
        end: usize,
        kind: ExpandKind,
        quote: Quote,
    ) -> Expr {
        let raw = literal::expandable_parts(self.src, start, end, kind, self.depth);
        let mut parts = Vec::with_capacity(raw.len());
        for part in raw {
            match part {
                RawPart::Text(text) => parts.push(StringPart::Text(text.into())),
                RawPart::Variable(v) => parts.push(StringPart::Expr(Expr {
                    kind: ExprKind::Variable(literal::variable_path(self.text(v))),
                    span: v,
                })),
                RawPart::Subexpression { inner, whole } => {
                    if !self.enter() {
                        break;
                    }
                    let statements =
                        self.with_range(inner.start as usize, inner.end as usize, |p| {
                            p.parse_statements(None)
                        });
                    self.leave();
                    parts.push(StringPart::Expr(Expr {
                        kind: ExprKind::Subexpression(statements),
                        span: whole,
                    }));
                }
                RawPart::Error(at, e) => {
                    let message = e.message(self.text(at));
                    self.error(at, message);
                }
            }
        }
        let constant = parts.iter().all(|p| matches!(p, StringPart::Text(_)));
        let kind = if constant {
            let value: String = parts
                .iter()
                .filter_map(|p| match p {
                    StringPart::Text(t) => Some(&**t),
                    StringPart::Expr(_) => None,
                })
                .collect();
            ExprKind::String {
                value: value.into(),
                quote,
            }
        } else {
            ExprKind::Expandable { parts, quote }
        };
        Expr { kind, span }
    }
}

fn first_len(text: &str) -> usize {
    text.chars().next().map_or(0, char::len_utf8)
}

/// The text between a string token's opening and closing quotes (either may be a curly quote).
fn strip_quotes(text: &str) -> &str {
    let start = first_len(text);
    let last = text.chars().next_back();
    let closed =
        text.chars().count() >= 2 && last.is_some_and(|c| is_double_quote(c) || is_single_quote(c));
    let end = if closed {
        text.len() - last.map_or(0, char::len_utf8)
    } else {
        text.len()
    };
    text.get(start..end.max(start)).unwrap_or("")
}

/// The content range of a here-string token: after the header's line break, before the closing line's break.
fn here_content(src: &str, span: Span) -> (usize, usize) {
    let text = span.text(src);
    let base = span.start as usize;
    let start = match text.find(is_newline) {
        Some(i) if text.get(i..).is_some_and(|s| s.starts_with("\r\n")) => i + 2,
        Some(i) => i + 1,
        None => text.len(),
    };
    // The token ends with a newline, a quote character and `@`.
    let body = text.get(..text.len().saturating_sub(1)).unwrap_or("");
    let close_quote = body.chars().next_back().map_or(0, char::len_utf8);
    let before_close = body.get(..body.len() - close_quote).unwrap_or("");
    let end = if let Some(b) = before_close.strip_suffix("\r\n") {
        b.len()
    } else if let Some(b) = before_close.strip_suffix(['\n', '\r']) {
        b.len()
    } else {
        before_close.len()
    };
    (base + start, base + end.max(start))
}
