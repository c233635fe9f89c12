//! PowerShell's binary and unary operators on values: arithmetic with its conversions (the left operand decides:
//! a string concatenates, an array appends, a hashtable merges, numbers widen from int to double on overflow,
//! dates and time spans add and subtract), comparisons with array-on-the-left filtering, `-like`, `-match`
//! (returning what `$Matches` becomes), `-replace`, `-split`, `-join`, `-contains`/`-in`, bitwise operators
//! and ranges.
//!
//! `-and`/`-or` short-circuit and so are evaluated by the expression layer; `-f` is `strings::format`; `-is` and
//! `-as` are `types`'s.

use std::cmp::Ordering;

use crate::script::error::ErrorCategory;
use crate::script::syntax::{BinaryOp, Case, CompareOp};
use crate::script::value::{Hashtable, Value};

use super::compare::{equals, like, ordering};
use super::convert::{Num, is_timespan, is_true, timespan, to_number, to_str};
use super::flow::{RuntimeError, convert_error, runtime};
use super::numeric::arith_numbers;
use super::regex::{GroupKey, Regexes, dotnet_groups};

/// Ranges longer than this are refused rather than exhausting memory.
pub(crate) const MAX_RANGE: i64 = 10_000_000;
/// Strings and arrays built by `*` may not exceed this many elements.
const MAX_REPEAT: usize = 10_000_000;

fn op_name(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "op_Addition",
        BinaryOp::Subtract => "op_Subtraction",
        BinaryOp::Multiply => "op_Multiply",
        BinaryOp::Divide => "op_Division",
        BinaryOp::Remainder => "op_Modulus",
        _ => "op",
    }
}

fn no_operator(op: BinaryOp, l: &Value) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "MethodNotFound",
        format!(
            "Method invocation failed because [{}] does not contain a method named '{}'.",
            l.type_name(),
            op_name(op)
        ),
    )
}

fn num_operand(v: &Value, left: &Value) -> Result<Num, RuntimeError> {
    to_number(v).ok_or_else(|| {
        let target = match left {
            Value::Double(_) => "System.Double",
            Value::Long(_) => "System.Int64",
            _ => "System.Int32",
        };
        convert_error(
            &to_str(v),
            target,
            "Input string was not in a correct format.",
        )
    })
}

/// `+ - * / %` with PowerShell's left-operand rules.
pub(crate) fn arith(op: BinaryOp, l: Value, r: Value) -> Result<Value, RuntimeError> {
    let l = match (l, op) {
        // A new array (the operand is copied unless nothing else holds it).
        (Value::Array(items), BinaryOp::Add) => {
            let mut items = items.into_vec();
            match r {
                Value::Array(more) => items.extend(more.into_vec()),
                one => items.push(one),
            }
            return Ok(Value::array(items));
        }
        (l, _) => l,
    };
    match (&l, op) {
        (Value::Null | Value::Nothing, BinaryOp::Add) => return Ok(r),
        (Value::Null | Value::Nothing, BinaryOp::Multiply) => {
            // `$null * 5` is $null (the left operand decides, and null has no multiplication).
            num_operand(&r, &l)?;
            return Ok(Value::Null);
        }
        (Value::Null | Value::Nothing, _) => {
            let b = num_operand(&r, &l)?;
            return arith_numbers(op, Num::Int(0), b);
        }
        (Value::String(s), BinaryOp::Add) => {
            let mut out = s.to_string();
            out.push_str(&to_str(&r));
            return Ok(Value::from(out));
        }
        (Value::String(s), BinaryOp::Multiply) => {
            let n = num_operand(&r, &Value::Int(0))?;
            let n =
                usize::try_from(super::convert::to_int(&n.into_value()).unwrap_or(0)).unwrap_or(0);
            if s.len().saturating_mul(n) > MAX_REPEAT {
                return Err(too_large());
            }
            return Ok(Value::from(s.repeat(n)));
        }
        (Value::Array(items), BinaryOp::Multiply) => {
            let n = super::convert::to_int(&r).unwrap_or(0).max(0) as usize;
            if items.len().saturating_mul(n) > MAX_REPEAT {
                return Err(too_large());
            }
            let items = items.to_vec();
            let mut out = Vec::with_capacity(items.len() * n);
            for _ in 0..n {
                out.extend(items.iter().cloned());
            }
            return Ok(Value::array(out));
        }
        (Value::Hashtable(a), BinaryOp::Add) => {
            let Value::Hashtable(b) = &r else {
                return Err(runtime(
                    ErrorCategory::InvalidOperation,
                    "AddHashTableToNonHashTable",
                    "A hash table can only be added to another hash table.",
                ));
            };
            // `+` makes a new table; the operands stay as they are (about_Hash_Tables).
            let out = a.shallow_copy();
            for (k, v) in b.iter() {
                if out.get(&k).is_some() {
                    return Err(runtime(
                        ErrorCategory::InvalidOperation,
                        "DuplicateKeyInHashLiteral",
                        format!(
                            "Item has already been added. Key in dictionary: '{k}'  Key being added: '{k}'"
                        ),
                    ));
                }
                out.insert(k.to_string(), v.clone());
            }
            return Ok(Value::Hashtable(out));
        }
        (Value::DateTime(t), BinaryOp::Add | BinaryOp::Subtract) => {
            if let Some(ms) = is_timespan(&r) {
                let ms = if op == BinaryOp::Add { ms } else { -ms };
                return super::convert::date_in_range(t.millis().saturating_add(ms))
                    .map(Value::DateTime)
                    .ok_or_else(|| {
                        runtime(
                            ErrorCategory::InvalidOperation,
                            "ArgumentOutOfRangeException",
                            "The added or subtracted value results in an un-representable DateTime.",
                        )
                    });
            }
            if let (BinaryOp::Subtract, Value::DateTime(u)) = (op, &r) {
                return Ok(timespan(t.millis() - u.millis()));
            }
            return Err(no_operator(op, &l));
        }
        _ => {}
    }
    if let Some(a) = is_timespan(&l) {
        return match (is_timespan(&r), op) {
            (Some(b), BinaryOp::Add) => Ok(timespan(a + b)),
            (Some(b), BinaryOp::Subtract) => Ok(timespan(a - b)),
            _ => Err(no_operator(op, &l)),
        };
    }
    if let Value::Char(_) = l {
        return Err(super::flow::unsupported("Arithmetic on a [char]"));
    }
    let Some(a) = to_number(&l) else {
        return Err(no_operator(op, &l));
    };
    let b = num_operand(&r, &l)?;
    arith_numbers(op, a, b)
}

fn too_large() -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "TooLarge",
        "The result is too large: easim limits strings, arrays and ranges to 10,000,000 elements.",
    )
}

/// `a..b`.
pub(crate) fn range(l: &Value, r: &Value) -> Result<Value, RuntimeError> {
    let to = |v: &Value| {
        super::convert::to_int(v).ok_or_else(|| {
            convert_error(
                &to_str(v),
                "System.Int32",
                "Input string was not in a correct format.",
            )
        })
    };
    let (a, b) = (to(l)?, to(r)?);
    if a.abs_diff(b) >= MAX_RANGE as u64 {
        return Err(too_large());
    }
    let items: Vec<Value> = if a <= b {
        (a..=b).map(Value::Int).collect()
    } else {
        (b..=a).rev().map(Value::Int).collect()
    };
    Ok(Value::array(items))
}

/// The outcome of a comparison operator; `matches` is what `$Matches` becomes after a scalar `-match`.
pub(crate) struct Compared {
    pub(crate) value: Value,
    pub(crate) matches: Option<Hashtable>,
}

fn scalar_compare(
    op: CompareOp,
    cs: bool,
    l: &Value,
    r: &Value,
    regexes: &mut Regexes,
    want_matches: bool,
) -> Result<(bool, Option<Hashtable>), RuntimeError> {
    let ord = |want: fn(Ordering) -> bool| -> Result<bool, RuntimeError> {
        Ok(want(ordering(l, r, cs)?))
    };
    Ok(match op {
        CompareOp::Eq => (equals(l, r, cs), None),
        CompareOp::Ne => (!equals(l, r, cs), None),
        CompareOp::Gt => (ord(|o| o == Ordering::Greater)?, None),
        CompareOp::Ge => (ord(|o| o != Ordering::Less)?, None),
        CompareOp::Lt => (ord(|o| o == Ordering::Less)?, None),
        CompareOp::Le => (ord(|o| o != Ordering::Greater)?, None),
        CompareOp::Like => (like(&to_str(l), &to_str(r), cs), None),
        CompareOp::NotLike => (!like(&to_str(l), &to_str(r), cs), None),
        CompareOp::Match | CompareOp::NotMatch => {
            let text = to_str(l);
            let re = regexes.get(&to_str(r), cs)?;
            let matches = if want_matches {
                matches_table(re, &text)
            } else {
                re.is_match(&text).then(Hashtable::new)
            };
            let hit = matches.is_some();
            let matches = matches.filter(|_| want_matches);
            (hit == (op == CompareOp::Match), matches)
        }
        _ => (false, None),
    })
}

/// What `$Matches` becomes after a successful match: the whole match under 0 and each group that took part
/// under its .NET number or name; `None` when the text does not match.
pub(crate) fn matches_table(re: &regex::Regex, text: &str) -> Option<Hashtable> {
    let c = re.captures(text)?;
    let h = Hashtable::new();
    for (i, key) in dotnet_groups(re) {
        if let Some(m) = c.get(i) {
            let key = match key {
                GroupKey::Number(n) => n.to_string(),
                GroupKey::Name(n) => n,
            };
            h.insert(key, Value::str(m.as_str()));
        }
    }
    Some(h)
}

/// A comparison operator (`-eq` … `-notmatch`, `-contains`, `-in`, `-replace`, `-split`).
pub(crate) fn compare(
    op: CompareOp,
    case: Case,
    l: Value,
    r: Value,
    regexes: &mut Regexes,
) -> Result<Compared, RuntimeError> {
    let cs = case == Case::Sensitive;
    let plain = |value: Value| Compared {
        value,
        matches: None,
    };
    match op {
        CompareOp::Contains | CompareOp::NotContains => {
            let found = match &l {
                Value::Array(items) => items.to_vec().iter().any(|i| equals(i, &r, cs)),
                one => equals(one, &r, cs),
            };
            return Ok(plain(Value::Bool(found == (op == CompareOp::Contains))));
        }
        CompareOp::In | CompareOp::NotIn => {
            let found = match &r {
                Value::Array(items) => items.to_vec().iter().any(|i| equals(i, &l, cs)),
                one => equals(one, &l, cs),
            };
            return Ok(plain(Value::Bool(found == (op == CompareOp::In))));
        }
        CompareOp::Replace | CompareOp::Split => {
            return Err(runtime(
                ErrorCategory::InvalidOperation,
                "InvalidOperator",
                "-replace and -split are the evaluator's (split_replace).",
            ));
        }
        _ => {}
    }
    match l {
        Value::Array(items) => {
            let mut kept = Vec::new();
            for item in items.into_vec() {
                if scalar_compare(op, cs, &item, &r, regexes, false)?.0 {
                    kept.push(item);
                }
            }
            Ok(plain(Value::array(kept)))
        }
        l => {
            let (hit, matches) = scalar_compare(op, cs, &l, &r, regexes, true)?;
            Ok(Compared {
                value: Value::Bool(hit),
                matches,
            })
        }
    }
}

/// `$a -join $sep` (and unary `-join $a` with an empty separator).
pub(crate) fn join(l: &Value, sep: &str) -> Value {
    let text = match l {
        Value::Array(items) => items
            .to_vec()
            .iter()
            .map(to_str)
            .collect::<Vec<_>>()
            .join(sep),
        v => to_str(v),
    };
    Value::from(text)
}

/// Unary minus.
pub(crate) fn negate(v: &Value) -> Result<Value, RuntimeError> {
    if let Some(ms) = is_timespan(v) {
        return Ok(timespan(-ms));
    }
    super::numeric::negate(v).ok_or_else(|| {
        convert_error(
            &to_str(v),
            "System.Int32",
            "Input string was not in a correct format.",
        )
    })
}

/// `-xor`.
pub(crate) fn xor(l: &Value, r: &Value) -> Value {
    Value::Bool(is_true(l) != is_true(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(op: CompareOp, l: Value, r: Value) -> Value {
        compare(op, Case::Insensitive, l, r, &mut Regexes::default())
            .expect("compares")
            .value
    }

    #[test]
    fn arithmetic_follows_the_left_operand() {
        assert_eq!(
            arith(BinaryOp::Add, Value::Int(1), Value::str("2")).ok(),
            Some(Value::Int(3))
        );
        assert_eq!(
            arith(BinaryOp::Add, Value::str("1"), Value::Int(2)).ok(),
            Some(Value::str("12"))
        );
        assert_eq!(
            arith(BinaryOp::Divide, Value::Int(5), Value::Int(2)).ok(),
            Some(Value::Double(2.5))
        );
        assert_eq!(
            arith(BinaryOp::Divide, Value::Int(4), Value::Int(2)).ok(),
            Some(Value::Int(2))
        );
        assert_eq!(
            arith(
                BinaryOp::Add,
                Value::array(vec![Value::Int(1)]),
                Value::Int(2)
            )
            .ok(),
            Some(Value::array(vec![Value::Int(1), Value::Int(2)]))
        );
        assert!(arith(BinaryOp::Add, Value::Int(1), Value::str("x")).is_err());
        assert!(arith(BinaryOp::Divide, Value::Int(1), Value::Int(0)).is_err());
        assert_eq!(
            arith(BinaryOp::Add, Value::Int(i64::MAX), Value::Int(1)).ok(),
            Some(Value::Double(i64::MAX as f64 + 1.0))
        );
    }

    #[test]
    fn comparisons_filter_arrays_on_the_left() {
        let a = Value::array(vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
        assert_eq!(
            cmp(CompareOp::Gt, a.clone(), Value::Int(1)),
            Value::array(vec![Value::Int(2), Value::Int(3)])
        );
        assert_eq!(
            cmp(CompareOp::Contains, a, Value::str("2")),
            Value::Bool(true)
        );
    }
}
