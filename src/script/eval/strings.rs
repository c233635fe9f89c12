//! .NET text formatting as PowerShell exposes it: the `-f` operator's composite format (`{0,-30}`, `{1:N2}`),
//! standard and custom numeric formats (`N2`, `D3`, `P1`, `F0`, `X`, `0.00`, `#,##0`), and date formats
//! (`Get-Date -Format`, `.ToString('yyyy-MM-dd')`, standard `d`, `g`, `s`, `u`, `o` …), all in en-US.
//!
//! Percent uses .NET Framework's en-US pattern (`12.50 %`), as in Windows PowerShell 5.1, which the Exchange
//! Management Shell runs on.

use crate::model::Timestamp;
use crate::script::error::ErrorCategory;
use crate::script::value::Value;

use super::convert::{Num, format_double, hour12, to_number, to_str_culture};
use super::flow::{RuntimeError, runtime};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The day of the week (0 = Sunday).
pub(crate) fn weekday(t: Timestamp) -> usize {
    // 1970-01-01 was a Thursday.
    (t.millis().div_euclid(86_400_000) + 4).rem_euclid(7) as usize
}

pub(crate) fn day_name(t: Timestamp) -> &'static str {
    DAYS[weekday(t)]
}

fn format_error(detail: &str) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidOperation,
        "FormatError",
        format!("Error formatting a string: {detail}"),
    )
}

/// `"{0,-30} {1,6}" -f $a, $b`.
pub(crate) fn format_composite(fmt: &str, args: &[Value]) -> Result<String, RuntimeError> {
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
                let text = format_value(value, spec);
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

/// One value with a format string (`""` is the default text).
pub(crate) fn format_value(v: &Value, spec: &str) -> String {
    if spec.is_empty() {
        return to_str_culture(v);
    }
    match v {
        Value::DateTime(t) => format_date(*t, spec),
        Value::Int(_) | Value::Long(_) | Value::Byte(_) | Value::Double(_) => match to_number(v) {
            Some(n) => format_number(n, spec),
            None => to_str_culture(v),
        },
        other => to_str_culture(other),
    }
}

fn group(int_digits: &str) -> String {
    let mut out = String::new();
    let n = int_digits.len();
    for (i, c) in int_digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn fixed(x: f64, decimals: usize, grouped: bool) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((a, b)) => (a.to_string(), Some(b.to_string())),
        None => (s.clone(), None),
    };
    let int = if grouped { group(&int) } else { int };
    let neg = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&int);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// Standard (`N2`, `D3`, `P1`, `F`, `X`, `C`, `E`, `G`) and simple custom (`0.00`, `#,##0`) numeric formats.
pub(crate) fn format_number(n: Num, spec: &str) -> String {
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
        return match first.to_ascii_uppercase() {
            'N' => fixed(x, digits.unwrap_or(2), true),
            'F' => fixed(x, digits.unwrap_or(2), false),
            'P' => format!("{} %", fixed(x * 100.0, digits.unwrap_or(2), true)),
            'C' => {
                let t = fixed(x.abs(), digits.unwrap_or(2), true);
                if x < 0.0 {
                    format!("(${t})")
                } else {
                    format!("${t}")
                }
            }
            'D' => match n {
                Num::Int(i) | Num::Long(i) => {
                    let s = format!("{:0>width$}", i.unsigned_abs(), width = digits.unwrap_or(0));
                    if i < 0 { format!("-{s}") } else { s }
                }
                Num::Double(d) => format_double(d),
            },
            'X' => match n {
                Num::Int(i) | Num::Long(i) => {
                    let s = format!("{:0>width$x}", i, width = digits.unwrap_or(0));
                    if first == 'X' { s.to_uppercase() } else { s }
                }
                Num::Double(d) => format_double(d),
            },
            'E' => {
                let s = format!("{:.*e}", digits.unwrap_or(6), x);
                match s.split_once('e') {
                    Some((m, e)) => {
                        let e: i32 = e.parse().unwrap_or(0);
                        let sign = if e < 0 { '-' } else { '+' };
                        format!(
                            "{m}{}{sign}{:03}",
                            if first == 'E' { 'E' } else { 'e' },
                            e.abs()
                        )
                    }
                    None => s,
                }
            }
            _ => match n {
                Num::Int(i) | Num::Long(i) => i.to_string(),
                Num::Double(d) => format_double(d),
            },
        };
    }
    custom_number(n.as_f64(), spec)
}

fn custom_number(x: f64, spec: &str) -> String {
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
    let mut s = fixed(x, decimals, false);
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
    let int = if grouped { group(&int) } else { int };
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
        out.push('.');
        out.push_str(&f);
    }
    out.push_str(&suffix);
    out
}

/// A date with a standard or custom .NET format string, en-US, in UTC.
pub(crate) fn format_date(t: Timestamp, spec: &str) -> String {
    let custom = match spec {
        "d" => "M/d/yyyy",
        "D" => "dddd, MMMM d, yyyy",
        "t" => "h:mm tt",
        "T" => "h:mm:ss tt",
        "f" => "dddd, MMMM d, yyyy h:mm tt",
        "F" => "dddd, MMMM d, yyyy h:mm:ss tt",
        "g" => "M/d/yyyy h:mm tt",
        "G" => "M/d/yyyy h:mm:ss tt",
        "M" | "m" => "MMMM d",
        "Y" | "y" => "MMMM yyyy",
        "s" => "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
        "u" => "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
        "o" | "O" => "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
        "r" | "R" => "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
        other => other,
    };
    let c = t.civil();
    let chars: Vec<char> = custom.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == ch {
            n += 1;
        }
        match ch {
            'y' => {
                let y = c.year.rem_euclid(10_000);
                match n {
                    1 => out.push_str(&(y % 100).to_string()),
                    2 => out.push_str(&format!("{:02}", y % 100)),
                    _ => out.push_str(&format!("{:0>width$}", y, width = n)),
                }
            }
            'M' => match n {
                1 => out.push_str(&c.month.to_string()),
                2 => out.push_str(&format!("{:02}", c.month)),
                3 => out.push_str(&MONTHS[(c.month as usize).saturating_sub(1) % 12][..3]),
                _ => out.push_str(MONTHS[(c.month as usize).saturating_sub(1) % 12]),
            },
            'd' => match n {
                1 => out.push_str(&c.day.to_string()),
                2 => out.push_str(&format!("{:02}", c.day)),
                3 => out.push_str(&day_name(t)[..3]),
                _ => out.push_str(day_name(t)),
            },
            'h' => {
                let (h, _) = hour12(c.hour);
                out.push_str(&if n == 1 {
                    h.to_string()
                } else {
                    format!("{h:02}")
                });
            }
            'H' => out.push_str(&if n == 1 {
                c.hour.to_string()
            } else {
                format!("{:02}", c.hour)
            }),
            'm' => out.push_str(&if n == 1 {
                c.minute.to_string()
            } else {
                format!("{:02}", c.minute)
            }),
            's' => out.push_str(&if n == 1 {
                c.second.to_string()
            } else {
                format!("{:02}", c.second)
            }),
            'f' | 'F' => {
                let ms = format!("{:03}0000", c.millis);
                let digits = &ms[..n.min(7)];
                if ch == 'F' {
                    out.push_str(digits.trim_end_matches('0'));
                } else {
                    out.push_str(digits);
                }
            }
            't' => {
                let (_, ampm) = hour12(c.hour);
                out.push_str(if n == 1 { &ampm[..1] } else { ampm });
            }
            'K' => out.push('Z'),
            'z' => out.push_str(match n {
                1 => "+0",
                2 => "+00",
                _ => "+00:00",
            }),
            'g' => out.push_str("A.D."),
            '\'' | '"' => {
                let end = chars[i + 1..].iter().position(|&q| q == ch);
                match end {
                    Some(len) => {
                        out.extend(&chars[i + 1..i + 1 + len]);
                        i += len + 2;
                    }
                    None => {
                        out.extend(&chars[i + 1..]);
                        i = chars.len();
                    }
                }
                continue;
            }
            '\\' => {
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                }
                i += 2;
                continue;
            }
            '%' => {
                i += 1;
                continue;
            }
            other => {
                for _ in 0..n {
                    out.push(other);
                }
            }
        }
        i += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_formats_align_and_format() {
        let args = [Value::str("iOS"), Value::Int(42), Value::Double(12.345)];
        assert_eq!(
            format_composite("{0,-5}|{1,4}|{2:N1}|{{x}}", &args)
                .ok()
                .as_deref(),
            Some("iOS  |  42|12.3|{x}")
        );
        assert!(format_composite("{3}", &args).is_err());
        assert_eq!(format_number(Num::Int(1234567), "N0"), "1,234,567");
        assert_eq!(format_number(Num::Int(7), "D3"), "007");
        assert_eq!(format_number(Num::Double(0.125), "P1"), "12.5 %");
        assert_eq!(format_number(Num::Double(12.345), "0.00"), "12.35");
        assert_eq!(format_number(Num::Int(1234), "#,##0"), "1,234");
    }

    #[test]
    fn dates_format_like_dotnet() {
        let t = Timestamp::parse("2026-11-23T08:05:09Z").expect("a valid time");
        assert_eq!(format_date(t, "yyyy-MM-dd"), "2026-11-23");
        assert_eq!(format_date(t, "yyyyMMdd_HHmm"), "20261123_0805");
        assert_eq!(format_date(t, "D"), "Monday, November 23, 2026");
        assert_eq!(format_date(t, "g"), "11/23/2026 8:05 AM");
        assert_eq!(format_date(t, "s"), "2026-11-23T08:05:09");
        assert_eq!(
            format_date(t, "dd MMM yyyy 'at' h:mm tt"),
            "23 Nov 2026 at 8:05 AM"
        );
    }
}
