//! Cooking token text into values: string escapes and quote doubling, the parts of expandable strings
//! (`"Checking $name: $($m.Count)"`), numbers with multipliers, and variable names.
//!
//! Pure functions of the source text; the parser turns `RawPart::Subexpression` ranges into parsed statements.
//! PowerShell expands only `$name`, `${name}` and `$( … )` inside strings: `"$x.Name"` is `$x` then `.Name`.

use super::ast::{Number, VariablePath};
use super::lexer::{Lexer, is_double_quote, is_single_quote};
use super::span::Span;
use super::token::{LexError, TokenKind};

/// How an expandable text was written: it decides the escapes that apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExpandKind {
    /// `"…"`: backtick escapes and `""` for a quote.
    Double,
    /// `@"…"@`: backtick escapes; quotes are plain text.
    Here,
    /// A bare word: backtick escapes.
    Bare,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum RawPart {
    Text(String),
    Variable(Span),
    /// `$( … )`: `inner` is the source between the parentheses.
    Subexpression {
        inner: Span,
        whole: Span,
    },
    Error(Span, LexError),
}

/// The content of `'…'` (without the quotes), with doubled quotes undoubled.
pub(crate) fn single_quoted(content: &str) -> String {
    let mut out = String::with_capacity(content.len());
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if is_single_quote(c) && chars.peek().copied().is_some_and(is_single_quote) {
            chars.next();
        }
    }
    out
}

/// The value of a backtick escape `` `c ``.
fn escape(c: char) -> char {
    match c {
        '0' => '\0',
        'a' => '\u{07}',
        'b' => '\u{08}',
        'e' => '\u{1b}',
        'f' => '\u{0c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\u{0b}',
        other => other,
    }
}

/// Splits `src[start..end]` into text and `$` expansions.
pub(crate) fn expandable_parts(
    src: &str,
    start: usize,
    end: usize,
    kind: ExpandKind,
    depth: u32,
) -> Vec<RawPart> {
    let range = src.get(..end).unwrap_or(src);
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut i = start;
    while let Some(c) = range.get(i..).and_then(|s| s.chars().next()) {
        match c {
            '`' => {
                i += 1;
                let Some(n) = range.get(i..).and_then(|s| s.chars().next()) else {
                    text.push('`');
                    break;
                };
                i += n.len_utf8();
                if n == 'u'
                    && let Some((ch, used)) = unicode_escape(range.get(i..).unwrap_or(""))
                {
                    text.push(ch);
                    i += used;
                } else {
                    text.push(escape(n));
                }
            }
            q if kind == ExpandKind::Double && is_double_quote(q) => {
                text.push(q);
                i += q.len_utf8();
                if let Some(n) = range.get(i..).and_then(|s| s.chars().next())
                    && is_double_quote(n)
                {
                    i += n.len_utf8();
                }
            }
            '$' => {
                if range.get(i + 1..).is_some_and(|s| s.starts_with('(')) {
                    let mut lexer = Lexer::new(range, i + 2, depth);
                    let result = lexer.skip_subexpression();
                    let close = lexer.pos();
                    flush(&mut text, &mut parts);
                    match result {
                        Ok(()) => parts.push(RawPart::Subexpression {
                            inner: Span::new(i + 2, close.saturating_sub(1)),
                            whole: Span::new(i, close),
                        }),
                        Err(e) => parts.push(RawPart::Error(Span::new(i, close), e)),
                    }
                    i = close.max(i + 1);
                    continue;
                }
                let mut lexer = Lexer::new(range, i, depth);
                match lexer.scan_variable() {
                    Some(TokenKind::Variable) => {
                        flush(&mut text, &mut parts);
                        parts.push(RawPart::Variable(Span::new(i, lexer.pos())));
                        i = lexer.pos();
                    }
                    Some(TokenKind::Error(e)) => {
                        flush(&mut text, &mut parts);
                        parts.push(RawPart::Error(Span::new(i, lexer.pos()), e));
                        i = lexer.pos().max(i + 1);
                    }
                    _ => {
                        text.push('$');
                        i += 1;
                    }
                }
            }
            c => {
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    flush(&mut text, &mut parts);
    parts
}

fn flush(text: &mut String, parts: &mut Vec<RawPart>) {
    if !text.is_empty() {
        parts.push(RawPart::Text(std::mem::take(text)));
    }
}

/// `{XXXX}` after `` `u ``: the character and the bytes used.
fn unicode_escape(s: &str) -> Option<(char, usize)> {
    let rest = s.strip_prefix('{')?;
    let close = rest.find('}')?;
    let hex = rest.get(..close)?;
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((ch, close + 2))
}

/// The value of a number token: `42`, `-5`, `1.5e3`, `0x1F`, `10kb`, `5l`, `2.5d`, typed as PowerShell types
/// literals (about_Numeric_Literals): an integer is an Int32 if it fits, else an Int64, else a Decimal; a hex
/// literal of up to 8 digits is an Int32 and of up to 16 an Int64, both keeping their bits (`0xFFFFFFFF` is -1);
/// `l` makes an Int64 and `d` a Decimal; a multiplier widens an Int32 that no longer fits. `None` if it cannot
/// be represented.
pub(crate) fn number_value(text: &str) -> Option<Number> {
    let (negative, body) = match text.chars().next() {
        Some(c) if super::lexer::is_dash(c) => (true, text.get(c.len_utf8()..)?),
        _ => (false, text),
    };
    let lower = body.to_ascii_lowercase();
    let mut digits = lower.as_str();
    let mut factor: i64 = 1;
    for (suffix, f) in [
        ("kb", 1i64 << 10),
        ("mb", 1 << 20),
        ("gb", 1 << 30),
        ("tb", 1 << 40),
        ("pb", 1 << 50),
    ] {
        if let Some(rest) = digits.strip_suffix(suffix) {
            digits = rest;
            factor = f;
            break;
        }
    }
    let hex = digits.starts_with("0x");
    let mut decimal = false;
    let mut long = false;
    if !hex && let Some(rest) = digits.strip_suffix('d') {
        digits = rest;
        decimal = true;
    } else if let Some(rest) = digits.strip_suffix('l') {
        digits = rest;
        long = true;
    }
    let value = if hex {
        let h = digits.get(2..)?;
        let bits = u64::from_str_radix(h, 16).ok()?;
        if long || bits > u64::from(u32::MAX) {
            Number::Long(bits as i64)
        } else {
            Number::Int(i64::from(bits as u32 as i32))
        }
    } else if decimal {
        Number::Decimal(digits.parse::<f64>().ok()?)
    } else if digits.contains(['.', 'e']) {
        let d = digits.parse::<f64>().ok()?;
        if long {
            let r = half_even(d);
            if !(r.is_finite() && r.abs() < 9.2e18) {
                return None;
            }
            Number::Long(r as i64)
        } else {
            Number::Double(d)
        }
    } else {
        match digits.parse::<i64>() {
            Ok(n) if long => Number::Long(n),
            Ok(n) if i32::try_from(n).is_ok() => Number::Int(n),
            Ok(n) => Number::Long(n),
            Err(_) if long => return None,
            Err(_) => Number::Decimal(digits.parse::<f64>().ok()?),
        }
    };
    let scaled = match value {
        Number::Int(n) => match n.checked_mul(factor) {
            Some(m) if i32::try_from(m).is_ok() => Number::Int(m),
            Some(m) => Number::Long(m),
            None => Number::Double(n as f64 * factor as f64),
        },
        Number::Long(n) => n
            .checked_mul(factor)
            .map_or(Number::Double(n as f64 * factor as f64), Number::Long),
        Number::Double(d) => Number::Double(d * factor as f64),
        Number::Decimal(d) => Number::Decimal(d * factor as f64),
    };
    Some(match (negative, scaled) {
        (false, n) => n,
        (true, Number::Int(n)) => Number::Int(-n),
        (true, Number::Long(n)) if n == 1 << 31 => Number::Int(-n),
        (true, Number::Long(n)) => Number::Long(n.wrapping_neg()),
        (true, Number::Double(d)) => Number::Double(-d),
        (true, Number::Decimal(d)) => Number::Decimal(-d),
    })
}

/// Rounds half to even, as .NET's conversion of a real to an integer does (`2.5l` is 2).
fn half_even(d: f64) -> f64 {
    let r = d.round();
    if (d - d.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - d.signum()
    } else {
        r
    }
}

/// The variable named by a `Variable` token's text (`$x`, `${a b}`, `$script:x`, `$_`, `$?`).
pub(crate) fn variable_path(text: &str) -> VariablePath {
    let body = text.strip_prefix('$').unwrap_or(text);
    if let Some(braced) = body.strip_prefix('{') {
        let inner = braced.strip_suffix('}').unwrap_or(braced);
        let mut name = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '`' => name.extend(chars.next()),
                c => name.push(c),
            }
        }
        return split_scope(&name);
    }
    split_scope(body)
}

fn split_scope(name: &str) -> VariablePath {
    const SCOPES: [&str; 7] = [
        "global", "local", "script", "private", "using", "env", "variable",
    ];
    if let Some((scope, rest)) = name.split_once(':')
        && !rest.is_empty()
        && SCOPES.iter().any(|s| s.eq_ignore_ascii_case(scope))
    {
        return VariablePath {
            scope: Some(scope.into()),
            name: rest.into(),
        };
    }
    VariablePath {
        scope: None,
        name: name.into(),
    }
}
