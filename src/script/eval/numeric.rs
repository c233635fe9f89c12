//! .NET's numeric types as PowerShell's operators and casts treat them: Int32 (`Value::Int` that fits 32 bits),
//! Int64 (`Value::Long`, or an `Int` that does not fit), Byte, Double, and `[char]` as a code point.
//!
//! Arithmetic on two Int32s that overflows gives a Double, not an Int64, and so does Int64 arithmetic that
//! overflows (about_Arithmetic_Operators, about_Type_Conversion); bitwise operators keep the width of their
//! operands and shifts mask their count to it (`21 -shr 32` is 21). The numeric types the shell does not model
//! (`[decimal]`, `[single]`, the unsigned and 16-bit ones, `[bigint]`) are refused by name, never approximated.
//! Nothing here evaluates expressions; `operators` and `types` call in.

use crate::script::error::ErrorCategory;
use crate::script::syntax::BinaryOp;
use crate::script::value::Value;

use super::convert::{Num, parse_number, round_half_even, to_number, to_str};
use super::flow::{RuntimeError, convert_error, runtime, unsupported};

/// The numeric type names the shell refuses (canonical, lower case, without `System.`), with their .NET names.
pub(crate) const UNMODELED: &[(&str, &str)] = &[
    ("decimal", "System.Decimal"),
    ("single", "System.Single"),
    ("float", "System.Single"),
    ("sbyte", "System.SByte"),
    ("int16", "System.Int16"),
    ("short", "System.Int16"),
    ("uint16", "System.UInt16"),
    ("ushort", "System.UInt16"),
    ("uint32", "System.UInt32"),
    ("uint", "System.UInt32"),
    ("uint64", "System.UInt64"),
    ("ulong", "System.UInt64"),
    ("bigint", "System.Numerics.BigInteger"),
    ("numerics.biginteger", "System.Numerics.BigInteger"),
];

/// The error for a numeric type the shell does not model.
pub(crate) fn unmodeled(canonical: &str) -> Option<RuntimeError> {
    if canonical == "decimal" {
        return Some(unsupported("The decimal type ([decimal], the d suffix)"));
    }
    UNMODELED
        .iter()
        .find(|(n, _)| *n == canonical)
        .map(|(_, full)| unsupported(format!("The numeric type [{full}]")))
}

impl Num {
    /// Whether the number has Int64 semantics (an Int64, or an integer too large for Int32).
    fn is_wide(self) -> bool {
        match self {
            Num::Int(i) => i32::try_from(i).is_err(),
            Num::Long(_) => true,
            Num::Double(_) => false,
        }
    }
}

/// PowerShell's error for a division by zero: a RuntimeException wrapping .NET's DivideByZeroException (so
/// `catch [DivideByZeroException]` takes it).
fn divide_by_zero() -> RuntimeError {
    const TEXT: &str = "Attempted to divide by zero.";
    let mut e = runtime(ErrorCategory::NotSpecified, "RuntimeException", TEXT);
    if let (Some(outer), Some(inner)) = (
        super::exceptions::find("System.Management.Automation.RuntimeException"),
        super::exceptions::find("System.DivideByZeroException"),
    ) {
        let inner = super::exceptions::object(inner, TEXT, None);
        e.exception = Some(super::exceptions::object(outer, TEXT, Some(inner)));
    }
    e
}

fn double_op(op: BinaryOp, x: f64, y: f64) -> Result<Value, RuntimeError> {
    Ok(Value::Double(match op {
        BinaryOp::Add => x + y,
        BinaryOp::Subtract => x - y,
        BinaryOp::Multiply => x * y,
        BinaryOp::Divide => {
            if y == 0.0 {
                return Err(divide_by_zero());
            }
            x / y
        }
        _ => {
            if y == 0.0 {
                return Err(divide_by_zero());
            }
            x % y
        }
    }))
}

/// `+ - * / %` on two numbers: Int32 when both are Int32 and the result fits, Int64 when either is Int64 and the
/// result fits, a Double otherwise (and for a division that leaves a remainder).
pub(crate) fn arith_numbers(op: BinaryOp, a: Num, b: Num) -> Result<Value, RuntimeError> {
    let (x, y) = match (a, b) {
        (Num::Double(_), _) | (_, Num::Double(_)) => {
            return double_op(op, a.as_f64(), b.as_f64());
        }
        (Num::Int(x) | Num::Long(x), Num::Int(y) | Num::Long(y)) => (x, y),
    };
    let wide = a.is_wide() || b.is_wide();
    let result = match op {
        BinaryOp::Add => x.checked_add(y),
        BinaryOp::Subtract => x.checked_sub(y),
        BinaryOp::Multiply => x.checked_mul(y),
        BinaryOp::Divide => {
            if y == 0 {
                return Err(divide_by_zero());
            }
            match x.checked_rem(y) {
                Some(0) => x.checked_div(y),
                _ => return Ok(Value::Double(x as f64 / y as f64)),
            }
        }
        _ => {
            if y == 0 {
                return Err(divide_by_zero());
            }
            x.checked_rem(y)
        }
    };
    match result {
        Some(r) if wide => Ok(Value::Long(r)),
        Some(r) if i32::try_from(r).is_ok() => Ok(Value::Int(r)),
        _ => double_op(op, x as f64, y as f64),
    }
}

/// An operand of a bitwise operator as (bits, is Int64).
fn bits(v: &Value) -> Result<(i64, bool), RuntimeError> {
    let n = to_number(v).ok_or_else(|| {
        convert_error(
            &to_str(v),
            "System.Int32",
            "Input string was not in a correct format.",
        )
    })?;
    Ok(match n {
        Num::Int(i) => (i, i32::try_from(i).is_err()),
        Num::Long(i) => (i, true),
        Num::Double(d) if d.is_finite() && d.abs() < 9.2e18 => (round_half_even(d) as i64, true),
        Num::Double(_) => {
            return Err(convert_error(
                &to_str(v),
                "System.Int64",
                "Value was either too large or too small for an Int64.",
            ));
        }
    })
}

fn width(v: i64, wide: bool) -> Value {
    if wide {
        Value::Long(v)
    } else {
        Value::Int(i64::from(v as i32))
    }
}

/// `-band`, `-bor`, `-bxor`, `-shl`, `-shr`: Int64 when either operand is (the left one for shifts), the count
/// of a shift masked to the width as .NET does.
pub(crate) fn bitwise(op: BinaryOp, l: &Value, r: &Value) -> Result<Value, RuntimeError> {
    let ((a, aw), (b, bw)) = (bits(l)?, bits(r)?);
    Ok(match op {
        BinaryOp::ShiftLeft | BinaryOp::ShiftRight => {
            let count = if aw { b & 63 } else { b & 31 } as u32;
            match (op, aw) {
                (BinaryOp::ShiftLeft, true) => Value::Long(a.wrapping_shl(count)),
                (BinaryOp::ShiftLeft, false) => {
                    width(i64::from((a as i32).wrapping_shl(count)), false)
                }
                (_, true) => Value::Long(a.wrapping_shr(count)),
                (_, false) => width(i64::from((a as i32).wrapping_shr(count)), false),
            }
        }
        BinaryOp::BitAnd => width(a & b, aw || bw),
        BinaryOp::BitOr => width(a | b, aw || bw),
        _ => width(a ^ b, aw || bw),
    })
}

/// `-bnot`: the complement in the operand's width.
pub(crate) fn bnot(v: &Value) -> Result<Value, RuntimeError> {
    let (a, wide) = bits(v)?;
    Ok(width(!a, wide))
}

/// Unary minus on a number; `None` when the value is not one.
pub(crate) fn negate(v: &Value) -> Option<Value> {
    Some(match to_number(v)? {
        Num::Int(i) if i32::try_from(i).is_ok() => match i32::try_from(-i) {
            Ok(_) => Value::Int(-i),
            Err(_) => Value::Double(-(i as f64)),
        },
        Num::Int(i) | Num::Long(i) => i
            .checked_neg()
            .map_or(Value::Double(-(i as f64)), Value::Long),
        Num::Double(d) => Value::Double(-d),
    })
}

/// A whole number for a cast from a value: `None` when the value has no numeric meaning, `Err` with .NET's
/// overflow text (`what`: "an Int32") when it is out of `range`.
fn whole(
    v: &Value,
    type_name: &str,
    range: std::ops::RangeInclusive<i64>,
    what: &str,
) -> Result<i64, RuntimeError> {
    let overflow = || {
        convert_error(
            &to_str(v),
            type_name,
            &format!("Value was either too large or too small for {what}."),
        )
    };
    let n = match v {
        Value::Char(c) => Num::Int(i64::from(u32::from(*c))),
        Value::String(s) => parse_number(s).ok_or_else(|| {
            convert_error(
                &to_str(v),
                type_name,
                "Input string was not in a correct format.",
            )
        })?,
        Value::DateTime(_) | Value::Hashtable(_) | Value::Object(_) | Value::Guid(_) => {
            return Err(convert_error(&to_str(v), type_name, ""));
        }
        // A one-element array converts as its element (an array holding itself does not).
        Value::Array(items) => match items.unwrap_single() {
            Some(one) => return whole(&one, type_name, range, what),
            None => {
                return Err(runtime(
                    ErrorCategory::InvalidArgument,
                    "ConvertToFinalInvalidCastException",
                    format!(
                        "Cannot convert the \"System.Object[]\" value of type \"System.Object[]\" to type \"{type_name}\"."
                    ),
                ));
            }
        },
        other => to_number(other).ok_or_else(|| convert_error(&to_str(v), type_name, ""))?,
    };
    let i = match n {
        Num::Int(i) | Num::Long(i) => i,
        Num::Double(d) if d.is_finite() && d.abs() < 9.3e18 => {
            let r = round_half_even(d);
            // 2^63: the first double an Int64 cannot hold.
            const LIMIT: f64 = 9_223_372_036_854_775_808.0;
            if !(-LIMIT..LIMIT).contains(&r) {
                return Err(overflow());
            }
            r as i64
        }
        Num::Double(_) => return Err(overflow()),
    };
    if range.contains(&i) {
        Ok(i)
    } else {
        Err(overflow())
    }
}

/// `[int]`, `[long]`, `[byte]`, `[char]`, `[double]` casts (canonical names); `None` for other types.
pub(crate) fn cast_numeric(canonical: &str, v: &Value) -> Option<Result<Value, RuntimeError>> {
    if v.is_null() {
        return Some(Ok(match canonical {
            "int" => Value::Int(0),
            "long" => Value::Long(0),
            "byte" => Value::Byte(0),
            "char" => Value::Char('\0'),
            "double" => Value::Double(0.0),
            _ => return None,
        }));
    }
    Some(match canonical {
        "int" => whole(
            v,
            "System.Int32",
            i64::from(i32::MIN)..=i64::from(i32::MAX),
            "an Int32",
        )
        .map(Value::Int),
        "long" => whole(v, "System.Int64", i64::MIN..=i64::MAX, "an Int64").map(Value::Long),
        "byte" => {
            whole(v, "System.Byte", 0..=255, "an unsigned byte").map(|b| Value::Byte(b as u8))
        }
        "char" => to_char(v),
        "double" => match v {
            Value::Char(c) => Ok(Value::Double(f64::from(u32::from(*c)))),
            _ => to_number(v)
                .map(|n| Value::Double(n.as_f64()))
                .ok_or_else(|| {
                    convert_error(
                        &to_str(v),
                        "System.Double",
                        "Input string was not in a correct format.",
                    )
                }),
        },
        _ => return None,
    })
}

fn to_char(v: &Value) -> Result<Value, RuntimeError> {
    match v {
        Value::Char(c) => Ok(Value::Char(*c)),
        Value::String(s) => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(Value::Char(c)),
                _ => Err(convert_error(
                    s,
                    "System.Char",
                    "String must be exactly one character long.",
                )),
            }
        }
        Value::Array(items) if let Some(one) = items.unwrap_single() => to_char(&one),
        _ => {
            let code = whole(v, "System.Char", 0..=0xFFFF, "a character")?;
            u32::try_from(code)
                .ok()
                .and_then(char::from_u32)
                .map(Value::Char)
                .ok_or_else(|| unsupported("A [char] that is half of a surrogate pair"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int32_overflow_widens_to_double_and_int64_stays_wide() {
        let max = i64::from(i32::MAX);
        assert_eq!(
            arith_numbers(BinaryOp::Add, Num::Int(max), Num::Int(1)).ok(),
            Some(Value::Double(2_147_483_648.0))
        );
        assert_eq!(
            arith_numbers(BinaryOp::Add, Num::Long(max), Num::Int(1)).ok(),
            Some(Value::Long(max + 1))
        );
        assert_eq!(
            arith_numbers(BinaryOp::Add, Num::Long(i64::MAX), Num::Int(2)).ok(),
            Some(Value::Double(i64::MAX as f64 + 2.0))
        );
        assert_eq!(
            arith_numbers(BinaryOp::Divide, Num::Int(6), Num::Int(2)).ok(),
            Some(Value::Int(3))
        );
    }

    #[test]
    fn shifts_mask_their_count_to_the_width() {
        let shr = |a: Value, b: i64| bitwise(BinaryOp::ShiftRight, &a, &Value::Int(b)).ok();
        assert_eq!(shr(Value::Int(21), 32), Some(Value::Int(21)));
        assert_eq!(shr(Value::Int(21), 65), Some(Value::Int(10)));
        assert_eq!(shr(Value::Long(21), 32), Some(Value::Long(0)));
        assert_eq!(bnot(&Value::Int(10)).ok(), Some(Value::Int(-11)));
    }

    #[test]
    fn casts_check_their_range() {
        assert_eq!(
            cast_numeric("byte", &Value::Int(200)).and_then(Result::ok),
            Some(Value::Byte(200))
        );
        assert!(matches!(
            cast_numeric("byte", &Value::Int(300)),
            Some(Err(_))
        ));
        assert!(matches!(
            cast_numeric("int", &Value::Long(3_000_000_000)),
            Some(Err(_))
        ));
        assert_eq!(
            cast_numeric("char", &Value::Int(65)).and_then(Result::ok),
            Some(Value::Char('A'))
        );
        assert_eq!(
            cast_numeric("int", &Value::Double(2.5)).and_then(Result::ok),
            Some(Value::Int(2))
        );
    }
}
