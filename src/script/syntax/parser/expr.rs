//! Expressions: binary operators by PowerShell's precedence (logical < bitwise < comparison < additive <
//! multiplicative < `-f` < `..`, all left-associative, with `,` binding tighter than all of them and unary
//! operators and casts tighter still), primaries, hashtables, and postfix member access, method calls and
//! indexing. Types and casts are in `types`, literal tokens in `cook`.

use super::super::ast::{
    BinaryOp, Case, CompareOp, Expr, ExprKind, HashEntry, Member, Number, Quote, Statement,
    StatementKind, UnaryOp,
};
use super::super::literal;
use super::super::token::{AssignKind, Mode, Token, TokenKind};
use super::{Parser, without_sigil};

/// `-name` operators that take two operands.
fn dash_binary(name: &str) -> Option<BinaryOp> {
    let lower = name.to_ascii_lowercase();
    let plain = match lower.as_str() {
        "and" => Some(BinaryOp::And),
        "or" => Some(BinaryOp::Or),
        "xor" => Some(BinaryOp::Xor),
        "band" => Some(BinaryOp::BitAnd),
        "bor" => Some(BinaryOp::BitOr),
        "bxor" => Some(BinaryOp::BitXor),
        "shl" => Some(BinaryOp::ShiftLeft),
        "shr" => Some(BinaryOp::ShiftRight),
        "is" => Some(BinaryOp::Is),
        "isnot" => Some(BinaryOp::IsNot),
        "as" => Some(BinaryOp::As),
        "join" => Some(BinaryOp::Join),
        "f" => Some(BinaryOp::Format),
        _ => None,
    };
    if plain.is_some() {
        return plain;
    }
    if let Some(op) = compare_op(&lower) {
        return Some(BinaryOp::Compare(op, Case::Insensitive));
    }
    let (case, rest) = match lower.split_at_checked(1) {
        Some(("i", rest)) => (Case::Insensitive, rest),
        Some(("c", rest)) => (Case::Sensitive, rest),
        _ => return None,
    };
    compare_op(rest).map(|op| BinaryOp::Compare(op, case))
}

fn compare_op(name: &str) -> Option<CompareOp> {
    Some(match name {
        "eq" => CompareOp::Eq,
        "ne" => CompareOp::Ne,
        "gt" => CompareOp::Gt,
        "ge" => CompareOp::Ge,
        "lt" => CompareOp::Lt,
        "le" => CompareOp::Le,
        "like" => CompareOp::Like,
        "notlike" => CompareOp::NotLike,
        "match" => CompareOp::Match,
        "notmatch" => CompareOp::NotMatch,
        "contains" => CompareOp::Contains,
        "notcontains" => CompareOp::NotContains,
        "in" => CompareOp::In,
        "notin" => CompareOp::NotIn,
        "replace" => CompareOp::Replace,
        "split" => CompareOp::Split,
        _ => return None,
    })
}

pub(super) fn dash_unary(name: &str) -> Option<UnaryOp> {
    match name.to_ascii_lowercase().as_str() {
        "not" => Some(UnaryOp::Not),
        "bnot" => Some(UnaryOp::BitNot),
        "split" => Some(UnaryOp::Split),
        "join" => Some(UnaryOp::Join),
        _ => None,
    }
}

fn precedence(op: BinaryOp) -> u8 {
    match op {
        BinaryOp::And | BinaryOp::Or | BinaryOp::Xor => 1,
        BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor => 2,
        BinaryOp::Compare(..)
        | BinaryOp::Is
        | BinaryOp::IsNot
        | BinaryOp::As
        | BinaryOp::Join
        | BinaryOp::ShiftLeft
        | BinaryOp::ShiftRight => 3,
        BinaryOp::Add | BinaryOp::Subtract => 4,
        BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Remainder => 5,
        BinaryOp::Format => 6,
        BinaryOp::Range => 7,
    }
}

impl Parser<'_> {
    pub(super) fn parse_expression(&mut self) -> Expr {
        self.parse_binary(1, true)
    }

    /// An expression in which `,` separates (method arguments, parameter defaults, attribute arguments).
    pub(super) fn parse_expression_without_comma(&mut self) -> Expr {
        self.parse_binary(1, false)
    }

    fn binary_operator(&mut self, t: Token) -> Option<BinaryOp> {
        match t.kind {
            TokenKind::Plus => Some(BinaryOp::Add),
            TokenKind::Minus => Some(BinaryOp::Subtract),
            TokenKind::Star => Some(BinaryOp::Multiply),
            TokenKind::Slash => Some(BinaryOp::Divide),
            TokenKind::Percent => Some(BinaryOp::Remainder),
            TokenKind::DotDot => Some(BinaryOp::Range),
            TokenKind::DashOperator => dash_binary(without_sigil(self.text(t.span))),
            _ => None,
        }
    }

    fn parse_binary(&mut self, min: u8, commas: bool) -> Expr {
        let mut lhs = self.parse_operand(commas);
        // Each link of a chain nests the tree one level deeper (`((a + b) + c) + d`), so it counts.
        let mut links = 0;
        loop {
            let t = self.peek(Mode::Expression);
            let Some(op) = self.binary_operator(t) else {
                break;
            };
            let prec = precedence(op);
            if prec < min || !self.enter() {
                break;
            }
            links += 1;
            self.bump(Mode::Expression);
            self.skip_newlines(Mode::Expression);
            let rhs = if self.starts_operand() {
                self.parse_binary(prec + 1, commas)
            } else {
                let text = self.text(t.span).to_string();
                self.error(
                    t.span,
                    format!("You must provide a value expression following the '{text}' operator."),
                );
                Expr {
                    kind: ExprKind::Error,
                    span: self.here(),
                }
            };
            let span = lhs.span.cover(rhs.span);
            lhs = Expr {
                kind: ExprKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        for _ in 0..links {
            self.leave();
        }
        lhs
    }

    /// Whether the next token can begin an operand (so a missing one gets a precise diagnostic).
    fn starts_operand(&mut self) -> bool {
        let t = self.peek(Mode::Expression);
        match t.kind {
            TokenKind::DashOperator => dash_unary(without_sigil(self.text(t.span))).is_some(),
            kind => {
                starts_cast_operand(kind) || matches!(kind, TokenKind::Comma | TokenKind::Error(_))
            }
        }
    }

    fn parse_operand(&mut self, commas: bool) -> Expr {
        let first = self.parse_unary();
        if !commas || !self.at(Mode::Expression, TokenKind::Comma) {
            return first;
        }
        let start = first.span;
        let mut items = vec![first];
        while let Some(comma) = self.eat(Mode::Expression, TokenKind::Comma) {
            self.skip_newlines(Mode::Expression);
            if !self.starts_operand() {
                self.error(comma.span, "Missing expression after ','.");
                break;
            }
            items.push(self.parse_unary());
        }
        Expr {
            kind: ExprKind::Array(items),
            span: start.cover(self.here()),
        }
    }

    pub(super) fn parse_unary(&mut self) -> Expr {
        if !self.enter() {
            return Expr {
                kind: ExprKind::Error,
                span: self.here(),
            };
        }
        let e = self.parse_unary_inner();
        self.leave();
        e
    }

    fn parse_unary_inner(&mut self) -> Expr {
        let t = self.peek(Mode::Expression);
        let op = match t.kind {
            TokenKind::Bang => Some(UnaryOp::Not),
            TokenKind::Minus => Some(UnaryOp::Negate),
            TokenKind::Plus => Some(UnaryOp::Plus),
            TokenKind::PlusPlus => Some(UnaryOp::PreIncrement),
            TokenKind::MinusMinus => Some(UnaryOp::PreDecrement),
            TokenKind::DashOperator => {
                let name = without_sigil(self.text(t.span));
                match dash_unary(name) {
                    Some(op) => Some(op),
                    None => {
                        self.bump(Mode::Expression);
                        let message = if dash_binary(name).is_some() {
                            format!(
                                "You must provide a value expression on the left-hand side of the '{}' operator.",
                                self.text(t.span)
                            )
                        } else {
                            format!(
                                "Unexpected token '{}' in expression or statement.",
                                self.text(t.span)
                            )
                        };
                        self.error(t.span, message);
                        return Expr {
                            kind: ExprKind::Error,
                            span: t.span,
                        };
                    }
                }
            }
            TokenKind::Comma => {
                self.bump(Mode::Expression);
                let operand = self.parse_unary();
                return Expr {
                    span: t.span.cover(operand.span),
                    kind: ExprKind::Array(vec![operand]),
                };
            }
            TokenKind::LBracket => return self.parse_type_or_cast(),
            _ => None,
        };
        if let Some(op) = op {
            self.bump(Mode::Expression);
            if !self.starts_operand() {
                let text = self.text(t.span).to_string();
                self.error(
                    t.span,
                    format!("You must provide a value expression following the '{text}' operator."),
                );
                return Expr {
                    kind: ExprKind::Error,
                    span: t.span,
                };
            }
            let operand = self.parse_unary();
            let span = t.span.cover(operand.span);
            // `-5` is the number -5, as PowerShell folds it.
            if op == UnaryOp::Negate
                && let ExprKind::Number(n) = operand.kind
            {
                let kind = ExprKind::Number(match n {
                    Number::Int(i) => Number::Int(i.wrapping_neg()),
                    // `-2147483648` is the Int32 minimum, though 2147483648 alone is an Int64.
                    Number::Long(i) if i == 1 << 31 => Number::Int(-i),
                    Number::Long(i) => Number::Long(i.wrapping_neg()),
                    Number::Double(d) => Number::Double(-d),
                    Number::Decimal(d) => Number::Decimal(-d),
                });
                return Expr { kind, span };
            }
            return Expr {
                kind: ExprKind::Unary {
                    op,
                    operand: Box::new(operand),
                },
                span,
            };
        }
        let primary = self.parse_primary(Mode::Expression);
        self.parse_postfix(primary, Mode::Expression)
    }

    /// A primary in `mode` (the token is peeked in that mode): variables, literals, brackets.
    pub(super) fn parse_primary(&mut self, mode: Mode) -> Expr {
        let t = self.peek(mode);
        let simple = |kind| Expr { kind, span: t.span };
        match t.kind {
            TokenKind::Variable => {
                self.bump(mode);
                simple(ExprKind::Variable(literal::variable_path(
                    self.text(t.span),
                )))
            }
            TokenKind::Splat => {
                self.bump(mode);
                let name = without_sigil(self.text(t.span));
                self.error(
                    t.span,
                    format!(
                        "The splatting operator '@' cannot be used to reference variables in an expression. \
                         '@{name}' can be used only as an argument to a command. To reference variables in an \
                         expression use '${name}'."
                    ),
                );
                simple(ExprKind::Variable(literal::variable_path(name)))
            }
            TokenKind::Number => {
                self.bump(mode);
                self.number(t)
            }
            TokenKind::SingleString | TokenKind::SingleHereString => {
                self.bump(mode);
                self.single_string(t)
            }
            TokenKind::DoubleString | TokenKind::DoubleHereString => {
                self.bump(mode);
                self.double_string(t)
            }
            TokenKind::LParen => self.parse_paren(),
            TokenKind::DollarParen | TokenKind::AtParen => {
                self.bump(mode);
                let statements = self.parse_statements(Some(TokenKind::RParen));
                if self.eat(Mode::Argument, TokenKind::RParen).is_none() {
                    self.error(t.span, "Missing closing ')' in subexpression.");
                }
                let span = t.span.cover(self.here());
                if t.kind == TokenKind::DollarParen {
                    Expr {
                        kind: ExprKind::Subexpression(statements),
                        span,
                    }
                } else {
                    Expr {
                        kind: ExprKind::ArraySubexpression(statements),
                        span,
                    }
                }
            }
            TokenKind::AtBrace => self.parse_hashtable(),
            TokenKind::LBrace => {
                self.bump(mode);
                let block = self.parse_script_block_after_brace(t);
                Expr {
                    span: block.span,
                    kind: ExprKind::ScriptBlock(Box::new(block)),
                }
            }
            TokenKind::LBracket if mode == Mode::Expression => self.parse_type_or_cast(),
            TokenKind::Error(e) => {
                self.bump(mode);
                let message = e.message(self.text(t.span));
                self.error(t.span, message);
                simple(ExprKind::Error)
            }
            kind if super::ends_statement(kind) || kind == TokenKind::Pipe => {
                self.error(t.span, "An expression was expected here.");
                Expr {
                    kind: ExprKind::Error,
                    span: self.here(),
                }
            }
            _ => {
                self.bump(mode);
                self.unexpected(t);
                simple(ExprKind::Error)
            }
        }
    }

    /// `( pipeline )`, also `( $x = 1 )`.
    fn parse_paren(&mut self) -> Expr {
        let open = self.bump(Mode::Expression);
        self.skip_newlines(Mode::Argument);
        let t = self.peek(Mode::Argument);
        let statement = if t.kind == TokenKind::RParen {
            self.error(t.span, "An expression was expected after '('.");
            Statement {
                kind: StatementKind::Error,
                span: t.span,
            }
        } else {
            let s = self.parse_statement();
            if !matches!(
                s.kind,
                StatementKind::Pipeline(_) | StatementKind::Assignment(_) | StatementKind::Error
            ) {
                self.error(
                    s.span,
                    "Only a pipeline or an assignment can go inside '( )'; use '$( )' for other statements.",
                );
            }
            s
        };
        self.skip_newlines(Mode::Expression);
        if self.eat(Mode::Expression, TokenKind::RParen).is_none() {
            self.error(open.span, "Missing closing ')' in expression.");
        }
        Expr {
            kind: ExprKind::Paren(Box::new(statement)),
            span: open.span.cover(self.here()),
        }
    }

    /// `@{ key = value; key = value }` with `;` or line breaks between entries.
    fn parse_hashtable(&mut self) -> Expr {
        let open = self.bump(Mode::Expression);
        let mut entries = Vec::new();
        loop {
            let t = self.peek(Mode::Expression);
            match t.kind {
                TokenKind::NewLine | TokenKind::Semi => {
                    self.bump(Mode::Expression);
                    continue;
                }
                TokenKind::RBrace => {
                    self.bump(Mode::Expression);
                    break;
                }
                TokenKind::Eof | TokenKind::RParen => {
                    self.error(open.span, "The hash literal was incomplete.");
                    break;
                }
                _ => {}
            }
            let before = self.position();
            let key = if t.kind == TokenKind::Identifier {
                self.bump(Mode::Expression);
                Expr {
                    kind: ExprKind::String {
                        value: self.text(t.span).into(),
                        quote: Quote::Bare,
                    },
                    span: t.span,
                }
            } else {
                self.parse_unary()
            };
            if self
                .eat(Mode::Expression, TokenKind::Assign(AssignKind::Assign))
                .is_none()
            {
                let at = self.peek(Mode::Expression).span;
                self.error(at, "Missing '=' operator after key in hash literal.");
                self.recover_to_statement_end();
                if self.position() == before {
                    self.bump(Mode::Expression);
                }
                continue;
            }
            self.skip_newlines(Mode::Argument);
            let next = self.peek(Mode::Argument);
            let value = if super::ends_statement(next.kind) {
                self.error(next.span, "Missing statement after '=' in hash literal.");
                Statement {
                    kind: StatementKind::Error,
                    span: self.here(),
                }
            } else {
                self.parse_statement()
            };
            entries.push(HashEntry { key, value });
            let next = self.peek(Mode::Expression);
            if !super::ends_statement(next.kind) {
                self.unexpected(next);
                self.recover_to_statement_end();
            }
        }
        Expr {
            kind: ExprKind::Hashtable(entries),
            span: open.span.cover(self.here()),
        }
    }

    /// Member access, method calls, indexing and `++`/`--` right after an expression. Member access and
    /// indexing need the operator to touch the expression (`$a [0]` is not indexing), as in PowerShell.
    pub(super) fn parse_postfix(&mut self, mut e: Expr, mode: Mode) -> Expr {
        let mut links = 0;
        loop {
            let t = self.peek(Mode::Expression);
            // `$Matches.0`: the lexer reads `.0` as a number; right after an expression it is a member.
            let dot_number = t.kind == TokenKind::Number && self.text(t.span).starts_with('.');
            let postfix = matches!(
                t.kind,
                TokenKind::Dot | TokenKind::ColonColon | TokenKind::LBracket
            ) || dot_number
                || (mode == Mode::Expression
                    && matches!(t.kind, TokenKind::PlusPlus | TokenKind::MinusMinus));
            // Each link nests the tree one level deeper (`$a.b.c` is `($a.b).c`), so it counts.
            if t.space_before || !postfix || !self.enter() {
                break;
            }
            links += 1;
            if dot_number {
                self.bump(Mode::Expression);
                let name = self.text(t.span).get(1..).unwrap_or("").to_string();
                e = Expr {
                    span: e.span.cover(t.span),
                    kind: ExprKind::Member {
                        target: Box::new(e),
                        member: Member::Name(name.into()),
                        is_static: false,
                    },
                };
                continue;
            }
            match t.kind {
                TokenKind::Dot | TokenKind::ColonColon => {
                    self.bump(Mode::Expression);
                    let is_static = t.kind == TokenKind::ColonColon;
                    let member = self.parse_member_name(t);
                    let call = self.peek(Mode::Expression);
                    if call.kind == TokenKind::LParen && !call.space_before {
                        self.bump(Mode::Expression);
                        let args = self.parse_call_arguments(call);
                        e = Expr {
                            span: e.span.cover(self.here()),
                            kind: ExprKind::Invoke {
                                target: Box::new(e),
                                member,
                                is_static,
                                args,
                            },
                        };
                    } else if call.kind == TokenKind::LBrace && !call.space_before && !is_static {
                        // `$a.Where{ … }`, `$a.ForEach{ … }`: a script block is the one argument.
                        let block = self.parse_primary(Mode::Expression);
                        e = Expr {
                            span: e.span.cover(self.here()),
                            kind: ExprKind::Invoke {
                                target: Box::new(e),
                                member,
                                is_static,
                                args: vec![block],
                            },
                        };
                    } else {
                        e = Expr {
                            span: e.span.cover(self.here()),
                            kind: ExprKind::Member {
                                target: Box::new(e),
                                member,
                                is_static,
                            },
                        };
                    }
                }
                TokenKind::LBracket => {
                    self.bump(Mode::Expression);
                    self.skip_newlines(Mode::Expression);
                    let index = if self.at(Mode::Expression, TokenKind::RBracket) {
                        self.error(t.span, "Array index expression is missing or not valid.");
                        Expr {
                            kind: ExprKind::Error,
                            span: self.here(),
                        }
                    } else {
                        self.parse_expression()
                    };
                    self.skip_newlines(Mode::Expression);
                    if self.eat(Mode::Expression, TokenKind::RBracket).is_none() {
                        let at = self.peek(Mode::Expression).span;
                        self.error(at, "Missing ']' after array index expression.");
                    }
                    e = Expr {
                        span: e.span.cover(self.here()),
                        kind: ExprKind::Index {
                            target: Box::new(e),
                            index: Box::new(index),
                        },
                    };
                }
                TokenKind::PlusPlus | TokenKind::MinusMinus if mode == Mode::Expression => {
                    self.bump(Mode::Expression);
                    let op = if t.kind == TokenKind::PlusPlus {
                        UnaryOp::PostIncrement
                    } else {
                        UnaryOp::PostDecrement
                    };
                    e = Expr {
                        span: e.span.cover(t.span),
                        kind: ExprKind::Unary {
                            op,
                            operand: Box::new(e),
                        },
                    };
                }
                _ => break,
            }
        }
        for _ in 0..links {
            self.leave();
        }
        e
    }

    fn parse_member_name(&mut self, operator: Token) -> Member {
        let t = self.peek(Mode::Expression);
        if t.space_before {
            self.error(
                operator.span,
                "Missing property name after reference operator.",
            );
            return Member::Name("".into());
        }
        match t.kind {
            TokenKind::Identifier => {
                self.bump(Mode::Expression);
                Member::Name(self.text(t.span).into())
            }
            TokenKind::Variable
            | TokenKind::SingleString
            | TokenKind::DoubleString
            | TokenKind::LParen
            | TokenKind::DollarParen => {
                if !self.enter() {
                    return Member::Name("".into());
                }
                let e = self.parse_primary(Mode::Expression);
                self.leave();
                match e.kind {
                    ExprKind::String { value, .. } => Member::Name(value),
                    _ => Member::Dynamic(Box::new(e)),
                }
            }
            _ => {
                self.error(
                    operator.span,
                    "Missing property name after reference operator.",
                );
                Member::Name("".into())
            }
        }
    }

    /// Method arguments after `(` up to and including `)`.
    fn parse_call_arguments(&mut self, open: Token) -> Vec<Expr> {
        let mut args = Vec::new();
        self.skip_newlines(Mode::Expression);
        if self.eat(Mode::Expression, TokenKind::RParen).is_some() {
            return args;
        }
        loop {
            self.skip_newlines(Mode::Expression);
            args.push(self.parse_expression_without_comma());
            self.skip_newlines(Mode::Expression);
            if self.eat(Mode::Expression, TokenKind::Comma).is_some() {
                continue;
            }
            if self.eat(Mode::Expression, TokenKind::RParen).is_none() {
                self.error(open.span, "Missing ')' in method call.");
            }
            break;
        }
        args
    }
}

/// Tokens that can follow `[type]` to make a cast, or begin an operand.
pub(super) fn starts_cast_operand(kind: TokenKind) -> bool {
    matches!(
        kind,
        TokenKind::Variable
            | TokenKind::Number
            | TokenKind::SingleString
            | TokenKind::DoubleString
            | TokenKind::SingleHereString
            | TokenKind::DoubleHereString
            | TokenKind::LParen
            | TokenKind::DollarParen
            | TokenKind::AtParen
            | TokenKind::AtBrace
            | TokenKind::LBrace
            | TokenKind::LBracket
            | TokenKind::Bang
            | TokenKind::Minus
            | TokenKind::Plus
            | TokenKind::PlusPlus
            | TokenKind::MinusMinus
            | TokenKind::Splat
    )
}
