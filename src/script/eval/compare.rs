//! PowerShell's comparisons: equality and ordering where the left operand decides the type the right one is
//! converted to, case-insensitive text unless the `-c` form was written, `-like` wildcards (`*`, `?`, `[a-z]`,
//! backtick escapes), `-match` regular expressions (with a compiled-pattern cache), and the total order
//! Sort-Object uses.
//!
//! Array-on-the-left filtering and `$Matches` are the operator layer's business; these functions compare two
//! scalars.

use std::cmp::Ordering;

use crate::model::eq_ci;
use crate::script::error::ErrorCategory;
use crate::script::value::Value;

use super::convert::{Num, is_timespan, is_true, to_date, to_number, to_str, to_str_culture};
use super::flow::{RuntimeError, convert_error, runtime};

/// Whether the operator was written case-sensitively (`-ceq`).
pub(crate) type CaseSensitive = bool;

fn str_eq(a: &str, b: &str, cs: CaseSensitive) -> bool {
    if cs { a == b } else { eq_ci(a, b) }
}

/// The weight of a character in the culture's (en-US) order: punctuation, symbols and white space before
/// digits, digits before letters, letters without regard to case (.NET's culture comparison; ordinal order
/// would put `{`, `|`, `}`, `~` after the letters).
fn weight(c: char) -> (u8, char) {
    let folded = c.to_lowercase().next().unwrap_or(c);
    if c.is_alphabetic() {
        (2, folded)
    } else if c.is_numeric() {
        (1, c)
    } else {
        (0, c)
    }
}

/// Text order as PowerShell's culture-aware comparisons give it: case-insensitive unless `cs`, and then lower
/// case before upper case among otherwise equal texts.
fn str_cmp(a: &str, b: &str, cs: CaseSensitive) -> Ordering {
    let folded = a.chars().map(weight).cmp(b.chars().map(weight));
    match folded {
        Ordering::Equal if cs => b.cmp(a),
        o => o,
    }
}

/// `-eq` of two scalars (also what `-contains`, `-in` and Group-Object use).
pub(crate) fn equals(l: &Value, r: &Value, cs: CaseSensitive) -> bool {
    match (l, r) {
        (Value::Null | Value::Nothing, r) => r.is_null(),
        (_, Value::Null | Value::Nothing) => false,
        (Value::String(a), r) => str_eq(a, &to_str(r), cs),
        (Value::Char(a), r) => str_eq(&a.to_string(), &to_str(r), cs),
        (Value::Int(_) | Value::Long(_) | Value::Byte(_) | Value::Double(_), r) => {
            let (Some(a), Some(b)) = (to_number(l), num_for_compare(r)) else {
                return false;
            };
            num_cmp(a, b) == Ordering::Equal
        }
        (Value::Bool(b), r) => *b == is_true(r),
        (Value::DateTime(a), r) => to_date(r).is_some_and(|b| *a == b),
        (Value::Enum(e), Value::Enum(o)) => e.number == o.number && e.type_name == o.type_name,
        (Value::Enum(e), Value::Int(i)) => e.number == *i,
        (Value::Enum(e), r) => {
            let t = to_str(r);
            eq_ci(e.name, t.trim()) || t.trim().parse::<i64>().is_ok_and(|n| n == e.number)
        }
        (Value::Guid(g), r) => eq_ci(&g.to_string(), to_str(r).trim()),
        (Value::Object(a), Value::Object(b)) => match (is_timespan(l), is_timespan(r)) {
            (Some(x), Some(y)) => x == y,
            _ => a == b,
        },
        (a, b) => a == b,
    }
}

/// A right operand as a number when comparing with a number on the left; `None` when it has no numeric value.
fn num_for_compare(r: &Value) -> Option<Num> {
    match r {
        Value::String(s) if s.trim().is_empty() => None,
        _ => to_number(r),
    }
}

fn num_cmp(a: Num, b: Num) -> Ordering {
    match (a, b) {
        (Num::Int(x) | Num::Long(x), Num::Int(y) | Num::Long(y)) => x.cmp(&y),
        _ => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .unwrap_or(Ordering::Equal),
    }
}

/// The ordering `-lt`, `-gt`, `-le`, `-ge` use: the right operand converted to the left's type; an error when
/// it cannot be (PowerShell's conversion error).
pub(crate) fn ordering(l: &Value, r: &Value, cs: CaseSensitive) -> Result<Ordering, RuntimeError> {
    match (l, r) {
        (l, r) if l.is_null() && r.is_null() => Ok(Ordering::Equal),
        (l, _) if l.is_null() => Ok(Ordering::Less),
        (_, r) if r.is_null() => Ok(Ordering::Greater),
        (Value::String(a), r) => Ok(str_cmp(a, &to_str(r), cs)),
        (Value::Char(a), r) => Ok(str_cmp(&a.to_string(), &to_str(r), cs)),
        (
            Value::Int(_) | Value::Long(_) | Value::Byte(_) | Value::Double(_) | Value::Bool(_),
            r,
        ) => {
            let a = to_number(l).unwrap_or(Num::Int(0));
            let b = to_number(r).ok_or_else(|| {
                convert_error(
                    &to_str(r),
                    l.type_name().as_ref(),
                    "Input string was not in a correct format.",
                )
            })?;
            Ok(num_cmp(a, b))
        }
        (Value::DateTime(a), r) => {
            let b = to_date(r).ok_or_else(|| {
                convert_error(
                    &to_str(r),
                    "System.DateTime",
                    "String was not recognized as a valid DateTime.",
                )
            })?;
            Ok(a.cmp(&b))
        }
        (Value::Enum(e), Value::Enum(o)) => Ok(e.number.cmp(&o.number)),
        (Value::Enum(e), Value::Int(i)) => Ok(e.number.cmp(i)),
        (Value::Enum(e), r) => Ok(str_cmp(e.name, &to_str(r), cs)),
        (Value::Guid(g), r) => Ok(str_cmp(&g.to_string(), &to_str(r), cs)),
        _ => match (is_timespan(l), is_timespan(r)) {
            (Some(a), Some(b)) => Ok(a.cmp(&b)),
            _ => Err(runtime(
                ErrorCategory::InvalidOperation,
                "NotIcomparable",
                format!(
                    "Cannot compare \"{}\" because it is not IComparable.",
                    to_str(l)
                ),
            )),
        },
    }
}

/// `LanguagePrimitives.Compare` as Sort-Object and Select-Object's ObjectCommandComparer use it: `$null` before
/// everything but negative numbers (it is 0 among numbers), text in the culture's order, numbers by value,
/// otherwise the right value converted to the left's type; `None` when they cannot be compared (the caller
/// then compares their text).
fn dotnet_compare(a: &Value, b: &Value, cs: CaseSensitive) -> Option<Ordering> {
    let negative = |v: &Value| match v {
        Value::Int(i) | Value::Long(i) => Some(*i < 0),
        Value::Double(d) => Some(*d < 0.0),
        _ => None,
    };
    if a.is_null() && b.is_null() {
        return Some(Ordering::Equal);
    }
    if a.is_null() {
        return Some(if negative(b) == Some(true) {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    if b.is_null() {
        return Some(if negative(a) == Some(true) {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let numeric = |v: &Value| {
        matches!(
            v,
            Value::Int(_) | Value::Long(_) | Value::Byte(_) | Value::Double(_)
        )
    };
    match (a, b) {
        (Value::String(x), _) => Some(str_cmp(x, &to_str(b), cs)),
        _ if numeric(a) && numeric(b) => Some(num_cmp(to_number(a)?, to_number(b)?)),
        _ if numeric(a) => Some(num_cmp(to_number(a)?, num_for_compare(b)?)),
        (Value::Bool(x), _) => Some(x.cmp(&is_true(b))),
        (Value::DateTime(x), _) => Some(x.cmp(&to_date(b)?)),
        (Value::Enum(x), Value::Enum(y)) if x.type_name == y.type_name => {
            Some(x.number.cmp(&y.number))
        }
        (Value::Char(x), _) => Some(str_cmp(&x.to_string(), &to_str(b), cs)),
        _ => match (is_timespan(a), is_timespan(b)) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ if a == b => Some(Ordering::Equal),
            _ => None,
        },
    }
}

/// Sort-Object's comparison of two values (ObjectCommandComparer): `dotnet_compare`, or the culture order of
/// their text when they cannot be compared.
pub(crate) fn object_compare(
    a: &Value,
    b: &Value,
    cs: CaseSensitive,
    c: &crate::script::culture::Culture,
) -> Ordering {
    dotnet_compare(a, b, cs)
        .unwrap_or_else(|| str_cmp(&to_str_culture(a, c), &to_str_culture(b, c), cs))
}

// ---- -like -----------------------------------------------------------------------------------------------

#[derive(Debug)]
enum Tok {
    Lit(char),
    Any,
    One,
    Set(Vec<(char, char)>),
}

/// PowerShell's WildcardPattern: `*`, `?`, `[abc]`, `[a-z]`, and a backtick escaping the next character.
pub(crate) fn like(text: &str, pattern: &str, cs: CaseSensitive) -> bool {
    let fold = |s: &str| -> Vec<char> {
        if cs {
            s.chars().collect()
        } else {
            s.chars().flat_map(char::to_lowercase).collect()
        }
    };
    let p = fold(pattern);
    let mut toks = Vec::new();
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '*' => toks.push(Tok::Any),
            '?' => toks.push(Tok::One),
            '`' if i + 1 < p.len() => {
                i += 1;
                toks.push(Tok::Lit(p[i]));
            }
            '[' => match p[i + 1..].iter().position(|&c| c == ']') {
                Some(len) => {
                    let body = &p[i + 1..i + 1 + len];
                    let mut set = Vec::new();
                    let mut j = 0;
                    while j < body.len() {
                        if j + 2 < body.len() && body[j + 1] == '-' {
                            set.push((body[j], body[j + 2]));
                            j += 3;
                        } else {
                            set.push((body[j], body[j]));
                            j += 1;
                        }
                    }
                    toks.push(Tok::Set(set));
                    i += len + 1;
                }
                None => toks.push(Tok::Lit('[')),
            },
            c => toks.push(Tok::Lit(c)),
        }
        i += 1;
    }
    let t = fold(text);
    wild_match(&toks, &t)
}

/// Iterative matching with single-star backtracking: linear in practice, never exponential.
fn wild_match(toks: &[Tok], text: &[char]) -> bool {
    let (mut ti, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < text.len() {
        let matched = match toks.get(pi) {
            Some(Tok::Lit(c)) => *c == text[ti],
            Some(Tok::One) => true,
            Some(Tok::Set(set)) => set.iter().any(|&(a, b)| a <= text[ti] && text[ti] <= b),
            Some(Tok::Any) => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            None => false,
        };
        if matched {
            ti += 1;
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    toks[pi.min(toks.len())..]
        .iter()
        .all(|t| matches!(t, Tok::Any))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_handles_powershell_wildcards() {
        assert!(like("iPhone6C2", "iphone*", false));
        assert!(!like("iPhone6C2", "iphone*", true));
        assert!(like("abc", "a?c", false));
        assert!(like("a1c", "a[0-9]c", false));
        assert!(like("a*c", "a`*c", false));
        assert!(!like("abc", "a`*c", false));
        assert!(like("", "*", false));
        assert!(like("DeviceAccessState", "device*state", false));
        assert!(!like("abc", "ab", false));
    }

    #[test]
    fn left_operand_decides_the_type() {
        assert!(equals(&Value::Int(10), &Value::str("10"), false));
        assert!(equals(&Value::str("ABC"), &Value::str("abc"), false));
        assert!(!equals(&Value::str("ABC"), &Value::str("abc"), true));
        assert!(equals(&Value::Bool(true), &Value::str("false"), false));
        assert_eq!(
            ordering(&Value::str("10"), &Value::Int(9), false).ok(),
            Some(Ordering::Less)
        );
        assert!(ordering(&Value::Int(1), &Value::str("x"), false).is_err());
    }
}
