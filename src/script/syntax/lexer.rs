//! The on-demand lexer: the parser asks for one token at a time in the mode it is parsing in.
//!
//! It finds token boundaries only; turning a token's text into a value (escapes, `$var` expansion, numbers)
//! is `literal`'s job. It never fails: anything it cannot read becomes a `TokenKind::Error` token the parser
//! reports. It accepts what copying a script from a blog brings along: en and em dashes for `-`, curly quotes,
//! non-breaking spaces. The only recursion is into `$( … )` inside strings, bounded by `MAX_NESTING`.

use super::MAX_NESTING;
use super::span::Span;
use super::token::{AssignKind, LexError, Mode, Token, TokenKind};

pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2015}')
}

pub(crate) fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

pub(crate) fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

pub(crate) fn is_newline(c: char) -> bool {
    c == '\n' || c == '\r'
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() && !is_newline(c)
}

/// Letters, digits and `_`: variable names, identifiers, parameter names.
pub(crate) fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters that end a bare word in argument mode.
fn ends_bare_word(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, ';' | ',' | '|' | '&' | '(' | ')' | '{' | '}' | '>' | '<')
        || is_single_quote(c)
        || is_double_quote(c)
}

pub(crate) struct Lexer<'s> {
    /// The text being lexed, cut at the end of the range (a string's `$( … )` is lexed as its own range).
    src: &'s str,
    pos: usize,
    /// How many `$( … )` inside strings enclose this lexer.
    depth: u32,
}

impl<'s> Lexer<'s> {
    /// A lexer over `src[pos..]`; spans are offsets into `src`.
    pub(crate) fn new(src: &'s str, pos: usize, depth: u32) -> Lexer<'s> {
        Lexer {
            src,
            pos: pos.min(src.len()),
            depth,
        }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn reset(&mut self, pos: usize) {
        self.pos = pos.min(self.src.len());
    }

    pub(crate) fn next(&mut self, mode: Mode) -> Token {
        let before = self.pos;
        if let Err(start) = self.skip_trivia() {
            return Token {
                kind: TokenKind::Error(LexError::UnterminatedComment),
                span: Span::new(start, self.pos),
                space_before: true,
            };
        }
        let space_before = self.pos > before;
        let start = self.pos;
        let kind = self.scan(mode);
        if self.pos == start && kind != TokenKind::Eof {
            // Every token but end-of-input consumes something; this keeps the parser's loops finite.
            self.bump();
        }
        Token {
            kind,
            span: Span::new(start, self.pos),
            space_before,
        }
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..)?.chars().next()
    }

    fn peek(&self) -> Option<char> {
        self.char_at(self.pos)
    }

    /// The character after the current one.
    fn peek2(&self) -> Option<char> {
        let c = self.peek()?;
        self.char_at(self.pos + c.len_utf8())
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn eat_while(&mut self, f: impl Fn(char) -> bool) {
        while let Some(c) = self.peek() {
            if !f(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    /// Skips spaces, comments and line continuations; `Err(start)` for an unterminated block comment.
    fn skip_trivia(&mut self) -> Result<(), usize> {
        loop {
            match self.peek() {
                Some(c) if is_space(c) => {
                    self.bump();
                }
                Some('`') if self.peek2().is_some_and(is_newline) => {
                    self.bump();
                    if self.bump() == Some('\r') {
                        self.eat('\n');
                    }
                }
                Some('#') => self.eat_while(|c| !is_newline(c)),
                Some('<') if self.peek2() == Some('#') => {
                    let start = self.pos;
                    match self.src.get(self.pos + 2..).and_then(|s| s.find("#>")) {
                        Some(i) => self.pos += 2 + i + 2,
                        None => {
                            self.pos = self.src.len();
                            return Err(start);
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn scan(&mut self, mode: Mode) -> TokenKind {
        let Some(c) = self.peek() else {
            return TokenKind::Eof;
        };
        if self.at_redirection() {
            return self.scan_redirection();
        }
        match c {
            '\n' => {
                self.bump();
                TokenKind::NewLine
            }
            '\r' => {
                self.bump();
                self.eat('\n');
                TokenKind::NewLine
            }
            c if is_single_quote(c) => self.scan_single_string(),
            c if is_double_quote(c) => self.scan_double_string(),
            '@' => self.scan_at(),
            '$' => self.scan_dollar(mode),
            _ => {
                if let Some(kind) = self.scan_punctuation(c) {
                    return kind;
                }
                match mode {
                    Mode::Expression => self.scan_expression(c),
                    Mode::Argument => self.scan_argument(c),
                    Mode::TypeName => self.scan_type_name(c),
                }
            }
        }
    }

    /// Punctuation read the same way in every mode.
    fn scan_punctuation(&mut self, c: char) -> Option<TokenKind> {
        let kind = match c {
            ';' => TokenKind::Semi,
            '(' => TokenKind::LParen,
            ')' => TokenKind::RParen,
            '{' => TokenKind::LBrace,
            '}' => TokenKind::RBrace,
            ',' => TokenKind::Comma,
            '|' if self.peek2() == Some('|') => {
                self.pos += 2;
                return Some(TokenKind::OrOr);
            }
            '|' => TokenKind::Pipe,
            '&' if self.peek2() == Some('&') => {
                self.pos += 2;
                return Some(TokenKind::AndAnd);
            }
            '&' => TokenKind::Ampersand,
            '<' => TokenKind::Error(LexError::LessThan),
            _ => return None,
        };
        self.bump();
        Some(kind)
    }

    /// `>`, `>>`, `2>`, `2>>`, `2>&1`, `*>`: a stream digit or `*` counts only when `>` follows at once.
    fn at_redirection(&self) -> bool {
        match self.peek() {
            Some('>') => true,
            Some('1'..='6' | '*') => self.peek2() == Some('>'),
            _ => false,
        }
    }

    fn scan_redirection(&mut self) -> TokenKind {
        if self.peek() != Some('>') {
            self.bump();
        }
        self.bump();
        if !self.eat('>')
            && self.peek() == Some('&')
            && self.peek2().is_some_and(|c| c.is_ascii_digit())
        {
            self.pos += 2;
        }
        TokenKind::Redirection
    }

    fn scan_expression(&mut self, c: char) -> TokenKind {
        self.bump();
        match c {
            c if is_dash(c) => match self.peek() {
                Some(d) if is_dash(d) => {
                    self.bump();
                    TokenKind::MinusMinus
                }
                Some('=') => {
                    self.bump();
                    TokenKind::Assign(AssignKind::Subtract)
                }
                Some(l) if l.is_alphabetic() => {
                    self.eat_while(is_ident_char);
                    TokenKind::DashOperator
                }
                _ => TokenKind::Minus,
            },
            '+' if self.eat('+') => TokenKind::PlusPlus,
            '+' if self.eat('=') => TokenKind::Assign(AssignKind::Add),
            '+' => TokenKind::Plus,
            '*' if self.eat('=') => TokenKind::Assign(AssignKind::Multiply),
            '*' => TokenKind::Star,
            '/' if self.eat('=') => TokenKind::Assign(AssignKind::Divide),
            '/' => TokenKind::Slash,
            '%' if self.eat('=') => TokenKind::Assign(AssignKind::Remainder),
            '%' => TokenKind::Percent,
            '=' => TokenKind::Assign(AssignKind::Assign),
            '!' => TokenKind::Bang,
            '[' => TokenKind::LBracket,
            ']' => TokenKind::RBracket,
            '.' if self.eat('.') => TokenKind::DotDot,
            '.' if self.peek().is_some_and(|d| d.is_ascii_digit()) => {
                self.pos -= 1;
                self.scan_expression_number()
            }
            '.' => TokenKind::Dot,
            ':' if self.eat(':') => TokenKind::ColonColon,
            '0'..='9' => {
                self.pos -= 1;
                self.scan_expression_number()
            }
            c if is_ident_char(c) => {
                self.eat_while(is_ident_char);
                TokenKind::Identifier
            }
            '?' => {
                let _ = self.eat('?') || self.eat('.') || self.eat('=');
                TokenKind::Error(LexError::Ternary)
            }
            '`' => {
                self.bump();
                TokenKind::Error(LexError::StrayBacktick)
            }
            _ => TokenKind::Error(LexError::Unexpected),
        }
    }

    fn scan_expression_number(&mut self) -> TokenKind {
        let end = number_end(self.src, self.pos).unwrap_or(self.pos + 1);
        self.pos = end;
        if self.peek().is_some_and(is_ident_char) {
            self.eat_while(is_ident_char);
            return TokenKind::Error(LexError::BadNumber);
        }
        TokenKind::Number
    }

    fn scan_argument(&mut self, c: char) -> TokenKind {
        let start = self.pos;
        let next = self.peek2();
        if is_dash(c) {
            match next {
                Some(n) if n.is_alphabetic() || n == '_' || n == '?' => {
                    self.bump();
                    self.eat_while(|c| is_ident_char(c) || c == '?');
                    self.eat(':');
                    return TokenKind::Parameter;
                }
                Some(n) if is_dash(n) => {
                    let after = self.char_at(start + c.len_utf8() + n.len_utf8());
                    if after == Some('%') {
                        self.pos = start + c.len_utf8() + n.len_utf8() + 1;
                        return TokenKind::Error(LexError::StopParsing);
                    }
                }
                _ => {
                    if let Some(end) = number_end(self.src, start + c.len_utf8())
                        && self.char_at(end).is_none_or(ends_bare_word)
                    {
                        self.pos = end;
                        return TokenKind::Number;
                    }
                }
            }
            return self.scan_bare_word();
        }
        if c.is_ascii_digit() || c == '.' {
            if let Some(end) = number_end(self.src, start)
                && self.char_at(end).is_none_or(ends_bare_word)
            {
                self.pos = end;
                return TokenKind::Number;
            }
            if c == '.' && next.is_none_or(|n| n.is_whitespace()) {
                self.bump();
                return TokenKind::Dot;
            }
        }
        self.scan_bare_word()
    }

    /// A bare word: everything up to a separator; backtick escapes and `$( … )` are part of it.
    fn scan_bare_word(&mut self) -> TokenKind {
        while let Some(c) = self.peek() {
            if ends_bare_word(c) {
                break;
            }
            match c {
                '`' if self.peek2().is_some_and(is_newline) => break,
                '`' => {
                    self.bump();
                    self.bump();
                }
                '$' if self.peek2() == Some('(') => {
                    self.pos += 2;
                    if let Err(e) = self.skip_subexpression() {
                        return TokenKind::Error(e);
                    }
                }
                _ => {
                    self.bump();
                }
            }
        }
        TokenKind::Generic
    }

    fn scan_type_name(&mut self, c: char) -> TokenKind {
        match c {
            '[' => {
                self.bump();
                TokenKind::LBracket
            }
            ']' => {
                self.bump();
                TokenKind::RBracket
            }
            c if is_ident_char(c) || matches!(c, '.' | '`' | '+') => {
                self.eat_while(|c| is_ident_char(c) || matches!(c, '.' | '`' | '+'));
                TokenKind::TypeWord
            }
            _ => self.scan_expression(c),
        }
    }

    fn scan_single_string(&mut self) -> TokenKind {
        self.bump();
        loop {
            match self.bump() {
                None => return TokenKind::Error(LexError::UnterminatedString { double: false }),
                Some(q) if is_single_quote(q) => {
                    if !self.peek().is_some_and(is_single_quote) {
                        return TokenKind::SingleString;
                    }
                    self.bump();
                }
                Some(_) => {}
            }
        }
    }

    fn scan_double_string(&mut self) -> TokenKind {
        self.bump();
        loop {
            match self.bump() {
                None => return TokenKind::Error(LexError::UnterminatedString { double: true }),
                Some('`') => {
                    if self.bump().is_none() {
                        return TokenKind::Error(LexError::UnterminatedString { double: true });
                    }
                }
                Some(q) if is_double_quote(q) => {
                    if !self.peek().is_some_and(is_double_quote) {
                        return TokenKind::DoubleString;
                    }
                    self.bump();
                }
                Some('$') if self.peek() == Some('(') => {
                    self.bump();
                    match self.skip_subexpression() {
                        Ok(()) => {}
                        Err(LexError::TooDeep) => return TokenKind::Error(LexError::TooDeep),
                        Err(_) => {
                            return TokenKind::Error(LexError::UnterminatedString { double: true });
                        }
                    }
                }
                Some(_) => {}
            }
        }
    }

    /// Moves past the `)` that closes a `$(` just consumed. The contents are lexed (not parsed) so that
    /// parentheses inside nested strings do not count.
    pub(crate) fn skip_subexpression(&mut self) -> Result<(), LexError> {
        if self.depth >= MAX_NESTING {
            self.pos = self.src.len();
            return Err(LexError::TooDeep);
        }
        let mut inner = Lexer::new(self.src, self.pos, self.depth + 1);
        let mut level = 1u32;
        loop {
            let token = inner.next(Mode::Argument);
            match token.kind {
                TokenKind::LParen | TokenKind::DollarParen | TokenKind::AtParen => level += 1,
                TokenKind::RParen => {
                    level -= 1;
                    if level == 0 {
                        self.pos = inner.pos;
                        return Ok(());
                    }
                }
                TokenKind::Eof => {
                    self.pos = inner.pos;
                    return Err(LexError::UnterminatedString { double: true });
                }
                TokenKind::Error(LexError::TooDeep) => {
                    self.pos = self.src.len();
                    return Err(LexError::TooDeep);
                }
                _ => {}
            }
        }
    }

    fn scan_at(&mut self) -> TokenKind {
        self.bump();
        match self.peek() {
            Some('(') => {
                self.bump();
                TokenKind::AtParen
            }
            Some('{') => {
                self.bump();
                TokenKind::AtBrace
            }
            Some(q) if is_single_quote(q) || is_double_quote(q) => self.scan_here_string(q),
            Some(c) if is_ident_char(c) => {
                self.eat_while(is_ident_char);
                TokenKind::Splat
            }
            _ => TokenKind::Error(LexError::Unexpected),
        }
    }

    fn scan_here_string(&mut self, quote: char) -> TokenKind {
        let double = is_double_quote(quote);
        self.bump();
        self.eat_while(is_space);
        match self.peek() {
            Some(c) if is_newline(c) => {}
            _ => {
                self.eat_while(|c| !is_newline(c));
                return TokenKind::Error(LexError::HereStringHeader);
            }
        }
        let closes = |c: char| {
            if double {
                is_double_quote(c)
            } else {
                is_single_quote(c)
            }
        };
        // The terminator is a quote and `@` at the very start of a line.
        while let Some(c) = self.bump() {
            if is_newline(c) {
                if c == '\r' {
                    self.eat('\n');
                }
                if self.peek().is_some_and(closes) && self.peek2() == Some('@') {
                    self.bump();
                    self.bump();
                    return if double {
                        TokenKind::DoubleHereString
                    } else {
                        TokenKind::SingleHereString
                    };
                }
            }
        }
        TokenKind::Error(LexError::UnterminatedHereString { double })
    }

    fn scan_dollar(&mut self, mode: Mode) -> TokenKind {
        if self.peek2() == Some('(') {
            self.pos += 2;
            return TokenKind::DollarParen;
        }
        if let Some(kind) = self.scan_variable() {
            return kind;
        }
        match mode {
            Mode::Argument => self.scan_bare_word(),
            Mode::Expression | Mode::TypeName => {
                self.bump();
                TokenKind::Error(LexError::InvalidVariable)
            }
        }
    }

    /// A variable reference at `$`, or `None` (nothing consumed) when `$` does not start one.
    pub(crate) fn scan_variable(&mut self) -> Option<TokenKind> {
        let start = self.pos;
        let after = self.char_at(start + 1)?;
        match after {
            '{' => {
                self.pos += 2;
                loop {
                    match self.bump() {
                        None => {
                            return Some(TokenKind::Error(LexError::UnterminatedBracedVariable));
                        }
                        Some('`') => {
                            self.bump();
                        }
                        Some('}') => return Some(TokenKind::Variable),
                        Some(_) => {}
                    }
                }
            }
            '$' | '?' | '^' => {
                self.pos += 2;
                Some(TokenKind::Variable)
            }
            c if is_ident_char(c) => {
                self.pos += 1;
                self.eat_while(is_ident_char);
                if self.peek() == Some(':') {
                    match self.peek2() {
                        Some(n) if is_ident_char(n) => {
                            self.bump();
                            self.eat_while(is_ident_char);
                        }
                        Some(':') => {}
                        _ => {
                            self.bump();
                            return Some(TokenKind::Error(LexError::InvalidScopedVariable));
                        }
                    }
                }
                Some(TokenKind::Variable)
            }
            _ => None,
        }
    }
}

/// The end of a number literal starting at `start`, or `None`: decimal with optional fraction and exponent,
/// or `0x` hex; then an optional type suffix (`l`, `d`) and multiplier (`kb` … `pb`).
pub(crate) fn number_end(src: &str, start: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut i = start;
    if at(i) == b'0' && matches!(at(i + 1), b'x' | b'X') && at(i + 2).is_ascii_hexdigit() {
        i += 2;
        while at(i).is_ascii_hexdigit() {
            i += 1;
        }
    } else {
        let int_start = i;
        while at(i).is_ascii_digit() {
            i += 1;
        }
        let has_int = i > int_start;
        let exponent_at = |j: usize| {
            matches!(at(j), b'e' | b'E')
                && (at(j + 1).is_ascii_digit()
                    || (matches!(at(j + 1), b'+' | b'-') && at(j + 2).is_ascii_digit()))
        };
        if at(i) == b'.' && at(i + 1).is_ascii_digit() {
            i += 1;
            while at(i).is_ascii_digit() {
                i += 1;
            }
        } else if has_int && at(i) == b'.' && exponent_at(i + 1) {
            // `1.e2`: a point with no fraction before an exponent.
            i += 1;
        } else if !has_int {
            return None;
        }
        if matches!(at(i), b'e' | b'E') {
            let sign = usize::from(matches!(at(i + 1), b'+' | b'-'));
            if at(i + 1 + sign).is_ascii_digit() {
                i += 1 + sign;
                while at(i).is_ascii_digit() {
                    i += 1;
                }
            }
        }
    }
    let multiplier_at = |j: usize| {
        matches!(at(j).to_ascii_lowercase(), b'k' | b'm' | b'g' | b't' | b'p')
            && matches!(at(j + 1), b'b' | b'B')
            && !at(j + 2).is_ascii_alphanumeric()
    };
    if matches!(at(i), b'l' | b'L' | b'd' | b'D')
        && (!at(i + 1).is_ascii_alphanumeric() || multiplier_at(i + 1))
    {
        i += 1;
    }
    if matches!(at(i).to_ascii_lowercase(), b'k' | b'm' | b'g' | b't' | b'p')
        && matches!(at(i + 1), b'b' | b'B')
        && !at(i + 2).is_ascii_alphanumeric()
    {
        i += 2;
    }
    Some(i)
}
