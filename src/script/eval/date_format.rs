//! .NET date and time format strings in a culture: the standard ones (`d`, `D`, `t`, `T`, `f`, `F`, `g`, `G`,
//! `M`, `Y` from the culture's patterns; `s`, `u`, `o`, `r` always invariant) and custom patterns
//! (`yyyy-MM-dd`, `dddd d. MMMM`, `h:mm tt`, quoted literals, `\` escapes). Dates are UTC.
//!
//! A pattern that needs a value the culture has no source for (abbreviated names, AM/PM designators outside
//! en-US) is refused with the name of what is missing, never guessed. Knows nothing of values or the evaluator.

use crate::model::Timestamp;
use crate::script::culture::{Culture, INVARIANT};

/// The day of the week (0 = Sunday).
pub(crate) fn weekday(t: Timestamp) -> usize {
    // 1970-01-01 was a Thursday.
    (t.millis().div_euclid(86_400_000) + 4).rem_euclid(7) as usize
}

/// The English (invariant) name of the day of the week: `DayOfWeek`'s names.
pub(crate) fn day_name(t: Timestamp) -> &'static str {
    INVARIANT.day_names[weekday(t)]
}

pub(crate) fn hour12(hour: u32) -> u32 {
    match hour % 12 {
        0 => 12,
        h => h,
    }
}

/// A date with a standard or custom .NET format string in culture `c`; `Err` names what the culture lacks.
pub(crate) fn format_date(t: Timestamp, spec: &str, c: &Culture) -> Result<String, String> {
    let joined;
    let (pattern, c) = match spec {
        "d" => (c.short_date, c),
        "D" => (c.long_date, c),
        "t" => (c.short_time, c),
        "T" => (c.long_time, c),
        "f" | "F" | "g" | "G" => {
            let date = if matches!(spec, "f" | "F") {
                c.long_date
            } else {
                c.short_date
            };
            let time = if matches!(spec, "f" | "g") {
                c.short_time
            } else {
                c.long_time
            };
            joined = format!("{date} {time}");
            (joined.as_str(), c)
        }
        "M" | "m" => (
            c.month_day
                .ok_or_else(|| c.missing("Formatting the month/day pattern ('M')"))?,
            c,
        ),
        "Y" | "y" => (
            c.year_month
                .ok_or_else(|| c.missing("Formatting the year/month pattern ('Y')"))?,
            c,
        ),
        "s" => ("yyyy'-'MM'-'dd'T'HH':'mm':'ss", &INVARIANT),
        "u" => ("yyyy'-'MM'-'dd HH':'mm':'ss'Z'", &INVARIANT),
        "o" | "O" => ("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK", &INVARIANT),
        "r" | "R" => ("ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", &INVARIANT),
        other => (other, c),
    };
    format_pattern(t, pattern, c)
}

/// A custom pattern (no standard single-letter specifiers).
pub(crate) fn format_pattern(t: Timestamp, pattern: &str, c: &Culture) -> Result<String, String> {
    let civil = t.civil();
    let chars: Vec<char> = pattern.chars().collect();
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
                let y = civil.year.rem_euclid(10_000);
                match n {
                    1 => out.push_str(&(y % 100).to_string()),
                    2 => out.push_str(&format!("{:02}", y % 100)),
                    _ => out.push_str(&format!("{:0>width$}", y, width = n)),
                }
            }
            'M' => {
                let m = (civil.month as usize).saturating_sub(1) % 12;
                match n {
                    1 => out.push_str(&civil.month.to_string()),
                    2 => out.push_str(&format!("{:02}", civil.month)),
                    3 => out.push_str(abbreviations(c)?.1[m]),
                    _ => out.push_str(c.month_names[m]),
                }
            }
            'd' => match n {
                1 => out.push_str(&civil.day.to_string()),
                2 => out.push_str(&format!("{:02}", civil.day)),
                3 => out.push_str(abbreviations(c)?.0[weekday(t)]),
                _ => out.push_str(c.day_names[weekday(t)]),
            },
            'h' => {
                let h = hour12(civil.hour);
                out.push_str(&if n == 1 {
                    h.to_string()
                } else {
                    format!("{h:02}")
                });
            }
            'H' => out.push_str(&if n == 1 {
                civil.hour.to_string()
            } else {
                format!("{:02}", civil.hour)
            }),
            'm' => out.push_str(&if n == 1 {
                civil.minute.to_string()
            } else {
                format!("{:02}", civil.minute)
            }),
            's' => out.push_str(&if n == 1 {
                civil.second.to_string()
            } else {
                format!("{:02}", civil.second)
            }),
            'f' | 'F' => {
                let ms = format!("{:03}0000", civil.millis);
                let digits = &ms[..n.min(7)];
                if ch == 'F' {
                    out.push_str(digits.trim_end_matches('0'));
                } else {
                    out.push_str(digits);
                }
            }
            't' => {
                let (am, pm) = c
                    .designators
                    .ok_or_else(|| c.missing("Formatting the AM/PM designator ('tt')"))?;
                let d = if civil.hour < 12 { am } else { pm };
                if n == 1 {
                    out.extend(d.chars().next());
                } else {
                    out.push_str(d);
                }
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
    Ok(out)
}

fn abbreviations(c: &Culture) -> Result<&([&'static str; 7], [&'static str; 12]), String> {
    c.abbreviated
        .as_ref()
        .ok_or_else(|| c.missing("Formatting abbreviated day and month names ('ddd', 'MMM')"))
}

/// A date in one of the culture's own standard patterns (`d`, `D`, `T`, `G` …), which need nothing a culture
/// in the table lacks (the table's test checks that); the invariant text if one ever did.
pub(crate) fn standard(t: Timestamp, spec: &str, c: &Culture) -> String {
    format_date(t, spec, c)
        .or_else(|_| format_date(t, spec, &INVARIANT))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::script::culture::{CULTURES, DE_DE, EN_GB, EN_US, FR_FR};

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).expect("a valid time")
    }

    #[test]
    fn dates_format_like_dotnet() {
        let t = at("2026-11-23T08:05:09Z");
        let f = |spec| format_date(t, spec, &EN_US);
        assert_eq!(f("yyyy-MM-dd").as_deref(), Ok("2026-11-23"));
        assert_eq!(f("yyyyMMdd_HHmm").as_deref(), Ok("20261123_0805"));
        assert_eq!(f("D").as_deref(), Ok("Monday, November 23, 2026"));
        assert_eq!(f("g").as_deref(), Ok("11/23/2026 8:05 AM"));
        assert_eq!(f("s").as_deref(), Ok("2026-11-23T08:05:09"));
        assert_eq!(
            f("dd MMM yyyy 'at' h:mm tt").as_deref(),
            Ok("23 Nov 2026 at 8:05 AM")
        );
    }

    #[test]
    fn cultures_use_their_own_patterns_and_names() {
        // The issue's en-GB example and the same instant in de-DE and fr-FR; the long dates as the .NET
        // standard format strings page shows them (`Montag, 15. Juni 2009 (de-DE)`).
        let t = at("2018-08-24T17:30:53Z");
        assert_eq!(
            format_date(t, "G", &EN_GB).as_deref(),
            Ok("24/08/2018 17:30:53")
        );
        assert_eq!(
            format_date(t, "G", &DE_DE).as_deref(),
            Ok("24.08.2018 17:30:53")
        );
        assert_eq!(
            format_date(t, "G", &FR_FR).as_deref(),
            Ok("24/08/2018 17:30:53")
        );
        let june = at("2009-06-15T13:45:30Z");
        assert_eq!(
            format_date(june, "D", &DE_DE).as_deref(),
            Ok("Montag, 15. Juni 2009")
        );
        assert_eq!(
            format_date(june, "D", &EN_US).as_deref(),
            Ok("Monday, June 15, 2009")
        );
        assert_eq!(format_date(june, "d", &FR_FR).as_deref(), Ok("15/06/2009"));
        // `r` is invariant whatever the culture.
        assert_eq!(
            format_date(june, "r", &DE_DE).as_deref(),
            Ok("Mon, 15 Jun 2009 13:45:30 GMT")
        );
    }

    #[test]
    fn unsourced_values_are_refused_not_guessed() {
        let t = at("2018-08-24T17:30:53Z");
        let err = format_date(t, "dd MMM yyyy", &DE_DE).expect_err("no sourced abbreviations");
        assert!(err.contains("de-DE"), "{err}");
        assert!(format_date(t, "h:mm tt", &EN_GB).is_err());
    }

    #[test]
    fn every_culture_formats_its_standard_patterns() {
        let t = at("2018-08-24T17:30:53Z");
        for c in CULTURES {
            for spec in ["d", "D", "t", "T", "f", "F", "g", "G", "s", "u", "o", "r"] {
                assert!(format_date(t, spec, c).is_ok(), "{} {spec}", c.name);
            }
        }
    }
}
