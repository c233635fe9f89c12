//! .NET text formatting as PowerShell exposes it: the `-f` operator's composite format (`{0,-30}`, `{1:N2}`) and
//! standard and custom numeric formats (`N2`, `D3`, `P1`, `F0`, `X`, `C`, `0.00`, `#,##0`), in the session's
//! culture (its decimal and group separators, currency); dates go to `date_format`.
//!
//! Percent uses .NET Framework's pattern `12.50 %`, as in Windows PowerShell 5.1, which the Exchange
//! Management Shell runs on. A format needing culture data no source states is refused (`Err` names it).

use crate::script::culture::Culture;
use crate::script::error::ErrorCategory;
use crate::script::value::Value;

use super::convert::{Num, format_double_in, to_number, to_str_culture};
use super::date_format::format_date;
use super::flow::{RuntimeError, runtime, unsupported};

fn format_error(detail: &str) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "FormatError",
        format!("Error formatting a string: {detail}"),
    )
}

/// `"{0,-30} {1,6}" -f $a, $b`.
pub(crate) fn format_composite(
    fmt: &str,
    args: &[Value],
    c: &Culture,
) -> Result<String, RuntimeError> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' if chars.get(i + 1) == Some(&'{') => {
                out.push('{');
                i += 2;
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
                out.push('}');
                i += 2;
            }
            '{' => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or_else(|| format_error("Input string was not in a correct format."))?;
                let item: String = chars[i + 1..i + end].iter().collect();
                i += end + 1;
                let (head, spec) = match item.split_once(':') {
                    Some((h, s)) => (h, s),
                    None => (item.as_str(), ""),
                };
                let (index, align) = match head.split_once(',') {
                    Some((n, a)) => (
                        n.trim(),
                        a.trim()
                            .parse::<i64>()
                            .ok()
                            .map(|w| w.clamp(-100_000, 100_000)),
                    ),
                    None => (head.trim(), None),
                };
                let index: usize = index
                    .parse()
                    .map_err(|_| format_error("Input string was not in a correct format."))?;
                let value = args.get(index).ok_or_else(|| {
                    format_error(
                        "Index (zero based) must be greater than or equal to zero and less than the size of the argument list.",
                    )
                })?;
                let text = format_value(value, spec, c).map_err(unsupported)?;
                let width = align.unwrap_or(0);
                let len = text.chars().count() as i64;
                if width > len {
                    out.push_str(&" ".repeat((width - len) as usize));
                    out.push_str(&text);
                } else if -width > len {
                    out.push_str(&text);
                    out.push_str(&" ".repeat((-width - len) as usize));
                } else {
                    out.push_str(&text);
                }
            }
            '}' => return Err(format_error("Input string was not in a correct format.")),
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

/// One value with a format string (`""` is the default text) in culture `c`; `Err` names what `c` lacks.
pub(crate) fn format_value(v: &Value, spec: &str, c: &Culture) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(to_str_culture(v, c));
    }
    match v {
        Value::DateTime(t) => format_date(*t, spec, c),
        Value::Int(_) | Value::Long(_) | Value::Byte(_) | Value::Double(_) => match to_number(v) {
            Some(n) => format_number(n, spec, c),
            None => Ok(to_str_culture(v, c)),
        },
        other => Ok(to_str_culture(other, c)),
    }
}

fn group(int_digits: &str, separator: &str) -> String {
    let mut out = String::new();
    let n = int_digits.len();
    for (i, ch) in int_digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(ch);
    }
    out
}

fn fixed(x: f64, decimals: usize, grouped: bool, c: &Culture) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((a, b)) => (a.to_string(), Some(b.to_string())),
        None => (s.clone(), None),
    };
    let int = if grouped {
        group(&int, c.group_separator)
    } else {
        int
    };
    let neg = x < 0.0 && s.chars().any(|ch| ch.is_ascii_digit() && ch != '0');
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&int);
    if let Some(f) = frac {
        out.push_str(c.decimal_separator);
        out.push_str(&f);
    }
    out
}

/// `C`: the culture's currency symbol and patterns (.NET's numbering, see `culture::Currency`).
fn currency(x: f64, decimals: usize, c: &Culture) -> Result<String, String> {
    let cur = c
        .currency
        .as_ref()
        .ok_or_else(|| c.missing("Formatting currency ('C')"))?;
    let n = fixed(x.abs(), decimals, true, c);
    let negative = x < 0.0 && n.chars().any(|ch| ch.is_ascii_digit() && ch != '0');
    let sym = cur.symbol;
    let pattern = if negative {
        cur.negative_pattern
    } else {
        cur.positive_pattern
    };
    Ok(match (negative, pattern) {
        (false, 0) => format!("{sym}{n}"),
        (false, 1) => format!("{n}{sym}"),
        (false, 2) => format!("{sym} {n}"),
        (false, 3) => format!("{n} {sym}"),
        (true, 0) => format!("({sym}{n})"),
        (true, 1) => format!("-{sym}{n}"),
        (true, 5) => format!("-{n}{sym}"),
        (true, 8) => format!("-{n} {sym}"),
        _ => return Err(c.missing("Formatting this currency pattern")),
    })
}

/// Standard (`N2`, `D3`, `P1`, `F`, `X`, `C`, `E`, `G`) and simple custom (`0.00`, `#,##0`) numeric formats in
/// culture `c`; `Err` names what `c` lacks.
pub(crate) fn format_number(n: Num, spec: &str, c: &Culture) -> Result<String, String> {
    let mut chars = spec.chars();
    let first = chars.next().unwrap_or('G');
    let rest: String = chars.collect();
    let digits = if rest.is_empty() {
        None
    } else {
        rest.parse::<usize>().ok().map(|d| d.min(30))
    };
    let is_standard = first.is_ascii_alphabetic() && (rest.is_empty() || digits.is_some());
    if is_standard {
        let x = n.as_f64();
        return Ok(match first.to_ascii_uppercase() {
            'N' => fixed(x, digits.unwrap_or(2), true, c),
            'F' => fixed(x, digits.unwrap_or(2), false, c),
            'P' if c.percent => format!("{} %", fixed(x * 100.0, digits.unwrap_or(2), true, c)),
            'P' => return Err(c.missing("Formatting percent ('P')")),
            'C' => currency(x, digits.unwrap_or(2), c)?,
            'D' => match n {
                Num::Int(i) | Num::Long(i) => {
                    let s = format!("{:0>width$}", i.unsigned_abs(), width = digits.unwrap_or(0));
                    if i < 0 { format!("-{s}") } else { s }
                }
                Num::Double(d) => format_double_in(d, c),
            },
            'X' => match n {
                Num::Int(i) | Num::Long(i) => {
                    let s = format!("{:0>width$x}", i, width = digits.unwrap_or(0));
                    if first == 'X' { s.to_uppercase() } else { s }
                }
                Num::Double(d) => format_double_in(d, c),
            },
            'E' => {
                let s = format!("{:.*e}", digits.unwrap_or(6), x);
                match s.split_once('e') {
                    Some((m, e)) => {
                        let e: i32 = e.parse().unwrap_or(0);
                        let sign = if e < 0 { '-' } else { '+' };
                        format!(
                            "{}{}{sign}{:03}",
                            m.replace('.', c.decimal_separator),
                            if first == 'E' { 'E' } else { 'e' },
                            e.abs()
                        )
                    }
                    None => s,
                }
            }
            _ => match n {
                Num::Int(i) | Num::Long(i) => i.to_string(),
                Num::Double(d) => format_double_in(d, c),
            },
        });
    }
    Ok(custom_number(n.as_f64(), spec, c))
}

fn custom_number(x: f64, spec: &str, c: &Culture) -> String {
    let percent = spec.contains('%');
    let x = if percent { x * 100.0 } else { x };
    let (int_part, frac_part) = match spec.split_once('.') {
        Some((a, b)) => (a, b),
        None => (spec, ""),
    };
    let decimals = frac_part.chars().filter(|c| matches!(c, '0' | '#')).count();
    let min_decimals = frac_part.chars().filter(|&c| c == '0').count();
    let grouped = int_part.contains(',');
    let min_int = int_part.chars().filter(|&c| c == '0').count();
    let mut s = fixed(x, decimals, false, &crate::script::culture::INVARIANT);
    if decimals > min_decimals && s.contains('.') {
        let keep = s.len() - (decimals - min_decimals);
        while s.len() > keep && s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    let neg = s.starts_with('-');
    let body = s.trim_start_matches('-');
    let (int, frac) = match body.split_once('.') {
        Some((a, b)) => (a.to_string(), Some(b.to_string())),
        None => (body.to_string(), None),
    };
    let int = if int == "0" && min_int == 0 {
        String::new()
    } else {
        int
    };
    let int = format!("{:0>width$}", int, width = min_int);
    let int = if grouped {
        group(&int, c.group_separator)
    } else {
        int
    };
    let prefix: String = spec
        .chars()
        .take_while(|c| !matches!(c, '0' | '#' | ',' | '.'))
        .collect();
    let suffix: String = spec
        .chars()
        .rev()
        .take_while(|c| !matches!(c, '0' | '#' | ',' | '.'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let mut out = prefix;
    if neg {
        out.push('-');
    }
    out.push_str(&int);
    if let Some(f) = frac {
        out.push_str(c.decimal_separator);
        out.push_str(&f);
    }
    out.push_str(&suffix);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::culture::{DE_DE, EN_GB, EN_US, FR_FR};

    #[test]
    fn composite_formats_align_and_format() {
        let args = [Value::str("iOS"), Value::Int(42), Value::Double(12.345)];
        assert_eq!(
            format_composite("{0,-5}|{1,4}|{2:N1}|{{x}}", &args, &EN_US)
                .ok()
                .as_deref(),
            Some("iOS  |  42|12.3|{x}")
        );
        assert!(format_composite("{3}", &args, &EN_US).is_err());
        let f = |n, spec| format_number(n, spec, &EN_US);
        assert_eq!(f(Num::Int(1234567), "N0").as_deref(), Ok("1,234,567"));
        assert_eq!(f(Num::Int(7), "D3").as_deref(), Ok("007"));
        assert_eq!(f(Num::Double(0.125), "P1").as_deref(), Ok("12.5 %"));
        assert_eq!(f(Num::Double(12.345), "0.00").as_deref(), Ok("12.35"));
        assert_eq!(f(Num::Int(1234), "#,##0").as_deref(), Ok("1,234"));
        assert_eq!(
            f(Num::Double(-12345.67), "C").as_deref(),
            Ok("($12,345.67)")
        );
    }

    #[test]
    fn numbers_take_the_cultures_separators() {
        // de-DE: a German Windows server prints (-12345.67).ToString("c") as `-12.345,67 €`
        // (https://www.powershell-user.de/powershell-und-die-waehrung/); en-GB: `'{0:N2}' -f 32583.122` is
        // `32,583.12` (Mastering Windows PowerShell Scripting, ch. 10).
        assert_eq!(
            format_number(Num::Double(-12345.67), "C", &DE_DE).as_deref(),
            Ok("-12.345,67 €")
        );
        assert_eq!(
            format_number(Num::Double(32583.122), "N2", &EN_GB).as_deref(),
            Ok("32,583.12")
        );
        assert_eq!(
            format_number(Num::Double(1234.5), "N2", &FR_FR).as_deref(),
            Ok("1\u{a0}234,50")
        );
        assert_eq!(
            format_number(Num::Double(1234.5), "#,##0.0", &DE_DE).as_deref(),
            Ok("1.234,5")
        );
        assert!(format_number(Num::Double(0.5), "P", &DE_DE).is_err());
        assert!(format_number(Num::Double(0.5), "C", &FR_FR).is_err());
    }
}
