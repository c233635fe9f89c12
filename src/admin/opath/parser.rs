//! The OPATH grammar: `-or` binds loosest, then `-and`, then `-not`; parentheses group; a comparison is
//! `Property -op value`. Produces an unbound `Expr` (property names as written), or an error with a position.
//!
//! Nesting is limited so that hostile input cannot exhaust the stack. Binding names to a cmdlet's properties is
//! `eval`'s job.

use std::fmt;

use crate::script::error::quoted;

use super::lexer::{Tok, Token, lex};
use super::{ErrorKind, OpathError};

/// The deepest nesting of parentheses and `-not` accepted.
const MAX_DEPTH: usize = 64;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Like,
    NotLike,
}

impl Op {
    pub const ALL: [Op; 8] = [
        Op::Eq,
        Op::Ne,
        Op::Lt,
        Op::Gt,
        Op::Le,
        Op::Ge,
        Op::Like,
        Op::NotLike,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Lt => "lt",
            Op::Gt => "gt",
            Op::Le => "le",
            Op::Ge => "ge",
            Op::Like => "like",
            Op::NotLike => "notlike",
        }
    }

    fn from_name(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.name() == name)
    }
}

/// A value as written in the filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawValue {
    /// A quoted string or a bare word.
    Text(String),
    True,
    False,
    Null,
}

/// A parsed filter, before its property names are checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// Two or more operands (chains are kept flat, so a long chain is not a deep tree).
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Cmp {
        property: String,
        /// 0-based character position of the property name.
        property_pos: usize,
        op: Op,
        value: RawValue,
        value_pos: usize,
    },
}

/// Parses filter text.
pub fn parse(text: &str) -> Result<Expr, OpathError> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(OpathError::new(
            ErrorKind::Syntax,
            text,
            0,
            "The filter is empty.".into(),
        ));
    }
    let mut p = Parser {
        text,
        tokens,
        i: 0,
        depth: 0,
    };
    let expr = p.or_expr()?;
    if let Some(t) = p.peek() {
        return Err(p.error_at(t.pos, format!("Unexpected {}.", describe(&t.tok))));
    }
    Ok(expr)
}

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.i)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.i).cloned();
        self.i += 1;
        t
    }

    fn end_pos(&self) -> usize {
        self.text.chars().count()
    }

    fn error_at(&self, pos: usize, detail: String) -> OpathError {
        OpathError::new(ErrorKind::Syntax, self.text, pos, detail)
    }

    fn at_op(&self, name: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Op(o), .. }) if o == name)
    }

    fn or_expr(&mut self) -> Result<Expr, OpathError> {
        let mut items = vec![self.and_expr()?];
        while self.at_op("or") {
            self.i += 1;
            items.push(self.and_expr()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and_expr(&mut self) -> Result<Expr, OpathError> {
        let mut items = vec![self.not_expr()?];
        while self.at_op("and") {
            self.i += 1;
            items.push(self.not_expr()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn not_expr(&mut self) -> Result<Expr, OpathError> {
        if self.at_op("not") {
            let pos = self.peek().map_or(0, |t| t.pos);
            self.enter(pos)?;
            self.i += 1;
            let inner = self.not_expr()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn enter(&mut self, pos: usize) -> Result<(), OpathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(
                pos,
                format!("The filter nests more than {MAX_DEPTH} levels deep."),
            ));
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<Expr, OpathError> {
        let Some(t) = self.next() else {
            return Err(self.error_at(
                self.end_pos(),
                "The filter ends where a comparison was expected.".into(),
            ));
        };
        match t.tok {
            Tok::LParen => {
                self.enter(t.pos)?;
                let inner = self.or_expr()?;
                self.depth -= 1;
                match self.next() {
                    Some(Token {
                        tok: Tok::RParen, ..
                    }) => Ok(inner),
                    Some(other) => Err(self.error_at(
                        other.pos,
                        format!("Expected ')' but found {}.", describe(&other.tok)),
                    )),
                    None => Err(self.error_at(t.pos, "The '(' here is not closed.".into())),
                }
            }
            Tok::Word(property) => self.comparison(property, t.pos),
            other => Err(self.error_at(
                t.pos,
                format!("Expected a property name but found {}.", describe(&other)),
            )),
        }
    }

    fn comparison(&mut self, property: String, property_pos: usize) -> Result<Expr, OpathError> {
        let op = match self.next() {
            Some(Token {
                tok: Tok::Op(name),
                pos,
            }) => Op::from_name(&name).ok_or_else(|| {
                self.error_at(
                    pos,
                    format!(
                        "'-{}' is not a comparison operator; use -eq, -ne, -lt, -gt, -le, -ge, -like or -notlike.",
                        quoted(&name)
                    ),
                )
            })?,
            Some(other) => {
                return Err(self.error_at(
                    other.pos,
                    format!(
                        "Expected a comparison operator after '{}' but found {}.",
                        quoted(&property),
                        describe(&other.tok)
                    ),
                ));
            }
            None => {
                return Err(self.error_at(
                    self.end_pos(),
                    format!("Expected a comparison operator after '{}'.", quoted(&property)),
                ));
            }
        };
        let (value, value_pos) = match self.next() {
            Some(Token { tok, pos }) => match tok {
                Tok::Quoted(s) | Tok::Word(s) => (RawValue::Text(s), pos),
                Tok::True => (RawValue::True, pos),
                Tok::False => (RawValue::False, pos),
                Tok::Null => (RawValue::Null, pos),
                other => {
                    return Err(self.error_at(
                        pos,
                        format!(
                            "Expected a value after '-{}' but found {}.",
                            op.name(),
                            describe(&other)
                        ),
                    ));
                }
            },
            None => {
                return Err(self.error_at(
                    self.end_pos(),
                    format!("Expected a value after '-{}'.", op.name()),
                ));
            }
        };
        Ok(Expr::Cmp {
            property,
            property_pos,
            op,
            value,
            value_pos,
        })
    }
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
        Tok::Op(o) => format!("'-{}'", quoted(o)),
        Tok::True => "'$true'".into(),
        Tok::False => "'$false'".into(),
        Tok::Null => "'$null'".into(),
        Tok::Quoted(s) => format!("the string '{}'", quoted(s)),
        Tok::Word(w) => format!("'{}'", quoted(w)),
    }
}

impl fmt::Display for Expr {
    /// Canonical filter text: fully parenthesised, values single-quoted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::And(items) | Expr::Or(items) => {
                let op = if matches!(self, Expr::And(_)) {
                    " -and "
                } else {
                    " -or "
                };
                f.write_str("(")?;
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(op)?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str(")")
            }
            Expr::Not(a) => write!(f, "-not {a}"),
            Expr::Cmp {
                property,
                op,
                value,
                ..
            } => {
                write!(f, "{property} -{} ", op.name())?;
                match value {
                    RawValue::Text(s) => write!(f, "'{}'", s.replace('\'', "''")),
                    RawValue::True => f.write_str("$true"),
                    RawValue::False => f.write_str("$false"),
                    RawValue::Null => f.write_str("$null"),
                }
            }
        }
    }
}
