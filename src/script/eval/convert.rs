//! PowerShell's value conversions: truthiness, numbers from text, text from values (invariant culture for string
//! expansion and `[string]`, the session culture for `ToString()` and formatting), dates from text, and the
//! shell's own object kinds (script blocks, time spans, error records, PSCustomObject) with their type names.
//!
//! The session culture is an argument (`&Culture`); nothing here evaluates expressions or looks up variables.

use crate::model::Timestamp;
use crate::script::culture::Culture;
use crate::script::value::{PsObject, Value};

use super::date_format::standard;

pub(crate) const PSCUSTOMOBJECT: &str = "System.Management.Automation.PSCustomObject";
pub(crate) const SCRIPT_BLOCK: &str = "System.Management.Automation.ScriptBlock";
pub(crate) const TIME_SPAN: &str = "System.TimeSpan";
pub(crate) const ERROR_RECORD: &str = "System.Management.Automation.ErrorRecord";
pub(crate) const GROUP_INFO: &str = "Microsoft.PowerShell.Commands.GroupInfo";
pub(crate) const DICTIONARY_ENTRY: &str = "System.Collections.DictionaryEntry";
pub(crate) const MEASURE_INFO: &str = "Microsoft.PowerShell.Commands.GenericMeasureInfo";
pub(crate) const CULTURE_INFO: &str = "System.Globalization.CultureInfo";

/// A number as PowerShell's arithmetic sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Num {
    /// An integer: Int32 when it fits, Int64 when it does not.
    Int(i64),
    /// An Int64 whatever its value.
    Long(i64),
    Double(f64),
}

impl Num {
    pub(crate) fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) | Num::Long(i) => i as f64,
            Num::Double(d) => d,
        }
    }

    pub(crate) fn into_value(self) -> Value {
        match self {
            Num::Int(i) => Value::Int(i),
            Num::Long(i) => Value::Long(i),
            Num::Double(d) => Value::Double(d),
        }
    }
}

/// PowerShell's `LanguagePrimitives.IsTrue`.
pub(crate) fn is_true(v: &Value) -> bool {
    match v {
        Value::Null | Value::Nothing => false,
        Value::Bool(b) => *b,
        Value::Int(i) | Value::Long(i) => *i != 0,
        Value::Byte(b) => *b != 0,
        Value::Char(c) => *c != '\0',
        Value::Double(d) => *d != 0.0,
        Value::String(s) => !s.is_empty(),
        Value::Enum(e) => e.number != 0,
        Value::Array(items) => match items.len() {
            0 => false,
            1 => items.unwrap_single().is_none_or(|one| is_true(&one)),
            _ => true,
        },
        Value::DateTime(_) | Value::Guid(_) | Value::Hashtable(_) | Value::Object(_) => true,
    }
}

/// A number from text the way PowerShell parses it in conversions: decimal, `0x` hex, exponents, surrounding
/// spaces, and the `KB`/`MB`/`GB`/`TB` multipliers.
pub(crate) fn parse_number(text: &str) -> Option<Num> {
    let t = text.trim();
    if t.is_empty() {
        return Some(Num::Int(0));
    }
    let (neg, body) = match t.as_bytes()[0] {
        b'-' => (true, &t[1..]),
        b'+' => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let (digits, mult) = ["kb", "mb", "gb", "tb", "pb"]
        .iter()
        .enumerate()
        .find_map(|(i, suffix)| {
            lower
                .strip_suffix(suffix)
                .map(|d| (d.to_string(), 1024i64.pow(i as u32 + 1)))
        })
        .unwrap_or((lower.clone(), 1));
    let n = if let Some(hex) = digits.strip_prefix("0x") {
        // As literals: up to 8 hex digits are an Int32's bits, up to 16 an Int64's.
        let bits = u64::from_str_radix(hex, 16).ok()?;
        if bits > u64::from(u32::MAX) {
            Num::Long(bits as i64)
        } else {
            Num::Int(i64::from(bits as u32 as i32))
        }
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        match digits.parse::<i64>() {
            Ok(i) => Num::Int(i),
            Err(_) => Num::Double(digits.parse::<f64>().ok()?),
        }
    } else {
        let ok = digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'+' | b'-'))
            && digits.bytes().any(|b| b.is_ascii_digit());
        if !ok {
            return None;
        }
        Num::Double(digits.parse::<f64>().ok()?)
    };
    let n = match n {
        Num::Int(i) | Num::Long(i) => i
            .checked_mul(mult)
            .map_or(Num::Double(i as f64 * mult as f64), Num::Int),
        Num::Double(d) => Num::Double(d * mult as f64),
    };
    Some(match (neg, n) {
        (false, n) => n,
        (true, Num::Int(i) | Num::Long(i)) => Num::Int(-i),
        (true, Num::Double(d)) => Num::Double(-d),
    })
}

/// The value as a number for arithmetic and numeric comparison, or `None` when it has no numeric meaning.
pub(crate) fn to_number(v: &Value) -> Option<Num> {
    match v {
        Value::Null | Value::Nothing => Some(Num::Int(0)),
        Value::Bool(b) => Some(Num::Int(i64::from(*b))),
        Value::Int(i) => Some(Num::Int(*i)),
        Value::Long(i) => Some(Num::Long(*i)),
        Value::Byte(b) => Some(Num::Int(i64::from(*b))),
        Value::Double(d) => Some(Num::Double(*d)),
        Value::String(s) => parse_number(s),
        Value::Enum(e) => Some(Num::Int(e.number)),
        Value::Array(items) => items.unwrap_single().and_then(|one| to_number(&one)),
        _ => None,
    }
}

/// Rounds half to even, as .NET's conversions to integers do (`[int]2.5` is 2).
pub(crate) fn round_half_even(d: f64) -> f64 {
    let r = d.round();
    if (d - d.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - d.signum()
    } else {
        r
    }
}

/// The value as a whole number (`[int]`, indexes, counts).
pub(crate) fn to_int(v: &Value) -> Option<i64> {
    match to_number(v)? {
        Num::Int(i) | Num::Long(i) => Some(i),
        Num::Double(d) if d.is_finite() && d.abs() < 9.2e18 => Some(round_half_even(d) as i64),
        Num::Double(_) => None,
    }
}

/// A double as .NET Framework prints it: up to 15 significant digits, `E` notation for very large or small
/// magnitudes.
pub(crate) fn format_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".to_string();
    }
    if d.is_infinite() {
        return if d > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if d == 0.0 {
        return "0".to_string();
    }
    let sci = format!("{d:.14e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let sign = if neg { "-" } else { "" };
    if !(-4..15).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}E{esign}{:02}", exp.abs());
    }
    let point = exp + 1;
    let body = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{a}.{b}")
    };
    format!("{sign}{body}")
}

/// The instants .NET's DateTime can hold: 0001-01-01 to 9999-12-31 (milliseconds since the Unix epoch).
pub(crate) const DATE_RANGE: std::ops::RangeInclusive<i64> =
    -62_135_596_800_000..=253_402_300_799_999;

/// A date `ms` milliseconds from the epoch, if DateTime can hold it.
pub(crate) fn date_in_range(ms: i64) -> Option<Timestamp> {
    DATE_RANGE.contains(&ms).then(|| Timestamp::from_millis(ms))
}

/// `MM/dd/yyyy HH:mm:ss`: how dates expand in strings and convert with `[string]` (invariant culture).
pub(crate) fn date_invariant(t: Timestamp) -> String {
    let c = t.civil();
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}:{:02}",
        c.month, c.day, c.year, c.hour, c.minute, c.second
    )
}

/// The culture's short date and long time (`G`; en-US `M/d/yyyy h:mm:ss tt`, de-DE `dd.MM.yyyy HH:mm:ss`): how
/// dates show in tables, lists, `ToString()` and Write-Host.
pub(crate) fn date_culture(t: Timestamp, c: &Culture) -> String {
    standard(t, "G", c)
}

/// A double as `ToString()` gives it in culture `c`: `format_double` with the culture's decimal separator
/// (a German Windows server prints `1/3` as `0,333333333333333`, https://powershell-user.de/rechnen-mit-dezimalzahlen).
pub(crate) fn format_double_in(d: f64, c: &Culture) -> String {
    let s = format_double(d);
    if c.decimal_separator == "." {
        s
    } else {
        s.replace('.', c.decimal_separator)
    }
}

/// Text of a value with the invariant culture: string expansion, `[string]`, `-join`, string concatenation.
pub(crate) fn to_str(v: &Value) -> String {
    text(v, None)
}

/// Text of a value with the session culture: `ToString()`, Write-Host, table and list cells.
pub(crate) fn to_str_culture(v: &Value, c: &Culture) -> String {
    text(v, Some(c))
}

fn text(v: &Value, culture: Option<&Culture>) -> String {
    match v {
        Value::Array(_) | Value::Object(_) => {
            crate::script::value::nested(v.to_text(), || nested_text(v, culture))
        }
        other => nested_text(other, culture),
    }
}

fn nested_text(v: &Value, culture: Option<&Culture>) -> String {
    match v {
        Value::Null | Value::Nothing => String::new(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) | Value::Long(i) => i.to_string(),
        Value::Byte(b) => b.to_string(),
        Value::Char(c) => c.to_string(),
        Value::Double(d) => match culture {
            Some(c) => format_double_in(*d, c),
            None => format_double(*d),
        },
        Value::String(s) => s.to_string(),
        Value::DateTime(t) => match culture {
            Some(c) => date_culture(*t, c),
            None => date_invariant(*t),
        },
        Value::Guid(g) => g.to_string(),
        Value::Enum(e) => e.name.to_string(),
        Value::Array(items) => items
            .to_vec()
            .iter()
            .map(|i| text(i, culture))
            .collect::<Vec<_>>()
            .join(" "),
        Value::Hashtable(h) if h.is_ordered() => {
            "System.Collections.Specialized.OrderedDictionary".into()
        }
        Value::Hashtable(_) => "System.Collections.Hashtable".into(),
        Value::Object(o) => object_text(o, culture),
    }
}

/// What an object's `ToString()` gives: the shell's own kinds by type, PSCustomObject as `@{a=1; b=2}`,
/// Exchange objects as their Identity.
pub(crate) fn object_text(o: &PsObject, culture: Option<&Culture>) -> String {
    let t = o.type_name();
    if t == SCRIPT_BLOCK {
        return o
            .get("Text")
            .as_ref()
            .map(Value::to_text)
            .unwrap_or_default();
    }
    if t == ERROR_RECORD {
        return error_message(o);
    }
    if t == TIME_SPAN {
        return timespan_text(timespan_ms(o));
    }
    if t == PSCUSTOMOBJECT
        || t.starts_with("Selected.")
        || t == "Deserialized.System.Management.Automation.PSCustomObject"
    {
        let parts: Vec<String> = o
            .props()
            .map(|(k, v)| format!("{k}={}", text(&v, culture)))
            .collect();
        return format!("@{{{}}}", parts.join("; "));
    }
    if t == GROUP_INFO || t == DICTIONARY_ENTRY || t == MEASURE_INFO {
        return t.to_string();
    }
    // CultureInfo.ToString() is its name: `"$(get-culture)"` is `en-GB` (PowerShell/PowerShell#13397).
    if t == CULTURE_INFO {
        return o
            .get("Name")
            .as_ref()
            .map(Value::to_text)
            .unwrap_or_default();
    }
    match o.get("Identity") {
        Some(id @ (Value::String(_) | Value::Guid(_))) => id.to_text(),
        _ => t.to_string(),
    }
}

/// The CultureInfo object of a culture (Get-Culture, `[cultureinfo]'de-DE'`), with the properties the culture
/// table has sources for.
pub(crate) fn culture_info(c: &Culture) -> Value {
    let mut dt = PsObject::with_capacity("System.Globalization.DateTimeFormatInfo", 10);
    if let Some((am, pm)) = c.designators {
        dt.push("AMDesignator", am);
        dt.push("PMDesignator", pm);
    }
    dt.push(
        "FullDateTimePattern",
        format!("{} {}", c.long_date, c.long_time),
    );
    dt.push("LongDatePattern", c.long_date);
    dt.push("LongTimePattern", c.long_time);
    if let Some(p) = c.month_day {
        dt.push("MonthDayPattern", p);
    }
    dt.push("ShortDatePattern", c.short_date);
    dt.push("ShortTimePattern", c.short_time);
    if let Some(p) = c.year_month {
        dt.push("YearMonthPattern", p);
    }
    dt.push("DayNames", Value::strings(c.day_names));
    // .NET's MonthNames has a thirteenth, empty name (for 13-month calendars).
    dt.push(
        "MonthNames",
        Value::strings(c.month_names.iter().copied().chain([""])),
    );
    let mut nf = PsObject::with_capacity("System.Globalization.NumberFormatInfo", 6);
    if let Some(cur) = &c.currency {
        nf.push("CurrencyDecimalSeparator", c.decimal_separator);
        nf.push("CurrencyGroupSeparator", c.group_separator);
        nf.push("CurrencySymbol", cur.symbol);
        nf.push("CurrencyNegativePattern", i64::from(cur.negative_pattern));
        nf.push("CurrencyPositivePattern", i64::from(cur.positive_pattern));
    }
    nf.push("NumberDecimalSeparator", c.decimal_separator);
    nf.push("NumberGroupSeparator", c.group_separator);
    let mut o = PsObject::with_capacity(CULTURE_INFO, 10);
    o.push("LCID", i64::from(c.lcid));
    o.push("Name", c.name);
    o.push("IetfLanguageTag", c.name);
    o.push("DisplayName", c.display_name);
    o.push("EnglishName", c.display_name);
    // The invariant culture's is `iv`.
    let language = match c.name.split('-').next() {
        Some("") | None => "iv",
        Some(l) => l,
    };
    o.push("TwoLetterISOLanguageName", language);
    o.push("DateTimeFormat", Value::Object(dt));
    o.push("NumberFormat", Value::Object(nf));
    let mut ti = PsObject::with_capacity("System.Globalization.TextInfo", 1);
    if let Some(sep) = c.list_separator {
        ti.push("ListSeparator", Value::Char(sep));
    }
    o.push("TextInfo", Value::Object(ti));
    Value::Object(o)
}

/// The culture a CultureInfo object stands for (a `ToString(format, provider)` argument).
pub(crate) fn culture_of(v: &Value) -> Option<&'static Culture> {
    match v {
        Value::Object(o) if o.type_name() == CULTURE_INFO => {
            match o.get("Name").as_ref().map(Value::to_text).as_deref() {
                Some("") => Some(&crate::script::culture::INVARIANT),
                Some(name) => crate::script::culture::find(name),
                None => None,
            }
        }
        _ => None,
    }
}

/// The message of an ErrorRecord object (`"$_"` in a catch block).
pub(crate) fn error_message(o: &PsObject) -> String {
    match o.get("Exception") {
        Some(Value::Object(e)) => e
            .get("Message")
            .as_ref()
            .map(Value::to_text)
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// A TimeSpan object from milliseconds, with .NET's properties in the order Format-List shows them.
pub(crate) fn timespan(ms: i64) -> Value {
    let mut o = PsObject::with_capacity(TIME_SPAN, 11);
    let total = ms as f64;
    o.push("Ticks", ms.saturating_mul(10_000));
    o.push("Days", ms / 86_400_000);
    o.push("Hours", ms / 3_600_000 % 24);
    o.push("Milliseconds", ms % 1000);
    o.push("Minutes", ms / 60_000 % 60);
    o.push("Seconds", ms / 1000 % 60);
    o.push("TotalDays", Value::Double(total / 86_400_000.0));
    o.push("TotalHours", Value::Double(total / 3_600_000.0));
    o.push("TotalMilliseconds", Value::Double(total));
    o.push("TotalMinutes", Value::Double(total / 60_000.0));
    o.push("TotalSeconds", Value::Double(total / 1000.0));
    Value::Object(o)
}

/// The milliseconds of a TimeSpan object.
pub(crate) fn timespan_ms(o: &PsObject) -> i64 {
    match o.get("Ticks") {
        Some(Value::Int(t)) => t / 10_000,
        _ => 0,
    }
}

pub(crate) fn is_timespan(v: &Value) -> Option<i64> {
    match v {
        Value::Object(o) if o.type_name() == TIME_SPAN => Some(timespan_ms(o)),
        _ => None,
    }
}

/// `[-][d.]hh:mm:ss[.fffffff]`.
pub(crate) fn timespan_text(ms: i64) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    let days = ms / 86_400_000;
    let rest = ms % 86_400_000;
    let mut s = String::from(sign);
    if days > 0 {
        s.push_str(&format!("{days}."));
    }
    s.push_str(&format!(
        "{:02}:{:02}:{:02}",
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60
    ));
    if !rest.is_multiple_of(1000) {
        s.push_str(&format!(".{:03}0000", rest % 1000));
    }
    s
}

/// A date from a value: a DateTime, or text in ISO 8601 or the en-US / invariant forms (`11/23/2026`,
/// `11/23/2026 8:30 AM`, `2026-11-23`).
pub(crate) fn to_date(v: &Value) -> Option<Timestamp> {
    match v {
        Value::DateTime(t) => Some(*t),
        Value::String(s) => parse_date(s),
        Value::Array(items) => items.unwrap_single().and_then(|one| to_date(&one)),
        _ => None,
    }
}

pub(crate) fn parse_date(text: &str) -> Option<Timestamp> {
    let t = text.trim();
    if let Some(ts) = Timestamp::parse(t) {
        return Some(ts);
    }
    if t.bytes().any(|b| b.is_ascii_alphabetic()) && !t.ends_with(['M', 'm']) {
        return parse_named_month(t);
    }
    let (date, time) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, rest.trim()),
        None => (t, ""),
    };
    let nums: Vec<&str> = date.split(['/', '-', '.']).collect();
    let parse = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = match nums.as_slice() {
        [a, b, c] if a.len() == 4 => (parse(a)? as i32, parse(b)?, parse(c)?),
        [m, d, y] if y.len() == 4 => (parse(y)? as i32, parse(m)?, parse(d)?),
        _ => return None,
    };
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    if !time.is_empty() {
        let upper = time.to_ascii_uppercase();
        let (clock, pm) = if let Some(c) = upper.strip_suffix("PM") {
            (c.trim().to_string(), Some(true))
        } else if let Some(c) = upper.strip_suffix("AM") {
            (c.trim().to_string(), Some(false))
        } else {
            (upper.trim().trim_end_matches('Z').to_string(), None)
        };
        let parts: Vec<&str> = clock.split(':').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return None;
        }
        hour = parse(parts[0])?;
        minute = parse(parts[1])?;
        if let Some(s) = parts.get(2) {
            second = parse(s.split('.').next().unwrap_or("0"))?;
        }
        match pm {
            Some(true) if hour < 12 => hour += 12,
            Some(false) if hour == 12 => hour = 0,
            Some(_) if hour > 12 => return None,
            _ => {}
        }
    }
    Timestamp::from_civil(crate::model::Civil {
        year,
        month,
        day,
        hour,
        minute,
        second,
        millis: 0,
    })
}

/// A date from text the way a compiled cmdlet's parameter binding reads it: in the session culture
/// (PowerShell/PowerShell#6989: casts and script parameters use the invariant culture, cmdlet parameters the
/// current one; with en-GB, `get-date "31/12/2008"` is 31 December and `get-date "12/31/2008"` an error,
/// http://richardspowershellblog.wordpress.com/2008/06/01/culture/). Month-first cultures read as `parse_date`
/// does; day-first ones (`dd/MM/yyyy`, `dd.MM.yyyy`) take ISO 8601 or day, month, year with an optional 24-hour
/// `HH:mm[:ss]`. `Err` names text a day-first culture would read with data easim lacks (month names, AM/PM).
pub(crate) fn parse_date_in(text: &str, c: &Culture) -> Result<Option<Timestamp>, String> {
    if c.short_date.starts_with('M') {
        return Ok(parse_date(text));
    }
    let t = text.trim();
    if let Some(ts) = Timestamp::parse(t) {
        return Ok(Some(ts));
    }
    if t.bytes().any(|b| b.is_ascii_alphabetic()) {
        return Err(c.missing("Reading a date with names or AM/PM as a cmdlet parameter"));
    }
    let (date, time) = match t.split_once(' ') {
        Some((d, rest)) => (d, rest.trim()),
        None => (t, ""),
    };
    let nums: Vec<&str> = date.split(['/', '.', '-']).collect();
    let parse = |s: &str| s.parse::<u32>().ok();
    let Some((year, month, day)) = (match nums.as_slice() {
        [y, m, d] if y.len() == 4 => parse(y)
            .zip(parse(m))
            .zip(parse(d))
            .map(|((y, m), d)| (y, m, d)),
        [d, m, y] if y.len() == 4 => parse(y)
            .zip(parse(m))
            .zip(parse(d))
            .map(|((y, m), d)| (y, m, d)),
        _ => None,
    }) else {
        return Ok(None);
    };
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    if !time.is_empty() {
        let parts: Vec<&str> = time.split(':').collect();
        if !(2..=3).contains(&parts.len()) {
            return Ok(None);
        }
        let (Some(h), Some(m)) = (parse(parts[0]), parse(parts[1])) else {
            return Ok(None);
        };
        (hour, minute) = (h, m);
        if let Some(s) = parts.get(2) {
            let Some(s) = parse(s.split('.').next().unwrap_or("0")) else {
                return Ok(None);
            };
            second = s;
        }
    }
    Ok(Timestamp::from_civil(crate::model::Civil {
        year: year as i32,
        month,
        day,
        hour,
        minute,
        second,
        millis: 0,
    }))
}

/// A date with the month's name (en-US): `1 Jan 1970`, `Jan 1 1970`, `January 1, 1970`, `1-Jan-2022`, with an
/// optional `hh:mm[:ss]` time.
fn parse_named_month(t: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let (mut month, mut day, mut year) = (None, None, None);
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    for tok in t.split([' ', '-', ',']).filter(|x| !x.is_empty()) {
        if tok.contains(':') {
            let parts: Vec<&str> = tok.split(':').collect();
            hour = parts.first()?.parse().ok()?;
            minute = parts.get(1)?.parse().ok()?;
            second = parts.get(2).map_or(Some(0), |x| x.parse().ok())?;
        } else if tok.bytes().all(|b| b.is_ascii_digit()) {
            let n: u32 = tok.parse().ok()?;
            if tok.len() == 4 {
                year = Some(n as i32);
            } else if day.is_none() {
                day = Some(n);
            } else {
                return None;
            }
        } else {
            let lower = tok.trim_end_matches('.').to_ascii_lowercase();
            let m = MONTHS
                .iter()
                .position(|name| lower.len() >= 3 && name.starts_with(&lower))?;
            if month.replace(m as u32 + 1).is_some() {
                return None;
            }
        }
    }
    Timestamp::from_civil(crate::model::Civil {
        year: year?,
        month: month?,
        day: day?,
        hour,
        minute,
        second,
        millis: 0,
    })
}

/// A new PSCustomObject.
pub(crate) fn custom_object() -> PsObject {
    PsObject::new(PSCUSTOMOBJECT)
}

/// Whether the object is one PowerShell would show as a PSCustomObject (built by the shell or Select-Object).
pub(crate) fn is_custom(o: &PsObject) -> bool {
    o.type_name() == PSCUSTOMOBJECT || o.type_name().starts_with("Selected.")
}

/// The items a value enumerates to (`foreach`, `@()`, casts to arrays): an array's elements, "nothing" none,
/// anything else itself.
pub(crate) fn enumerate(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.into_vec(),
        Value::Nothing => Vec::new(),
        other => vec![other],
    }
}

/// Collected output as a value: none is "nothing" (`AutomationNull`), one item is itself, more are an array.
pub(crate) fn collapse(mut items: Vec<Value>) -> Value {
    match items.len() {
        0 => Value::Nothing,
        1 => items.pop().unwrap_or_default(),
        _ => Value::array(items),
    }
}

/// Like `collapse`, but none is `$null`: member enumeration and calculated properties, which PowerShell gives
/// `$null` when nothing came out.
pub(crate) fn collapse_or_null(items: Vec<Value>) -> Value {
    match collapse(items) {
        Value::Nothing => Value::Null,
        v => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_like_dotnet_framework() {
        assert_eq!(format_double(1.0 / 3.0), "0.333333333333333");
        assert_eq!(format_double(2.5), "2.5");
        assert_eq!(format_double(100.0), "100");
        assert_eq!(format_double(1e15), "1E+15");
        assert_eq!(format_double(0.00001), "1E-05");
        assert_eq!(format_double(-12.75), "-12.75");
        assert_eq!(format_double(0.1 + 0.2), "0.3");
    }

    #[test]
    fn numbers_parse_from_text() {
        assert_eq!(parse_number(" 42 "), Some(Num::Int(42)));
        assert_eq!(parse_number("0x10"), Some(Num::Int(16)));
        assert_eq!(parse_number("1.5"), Some(Num::Double(1.5)));
        assert_eq!(parse_number("2KB"), Some(Num::Int(2048)));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(round_half_even(2.5), 2.0);
        assert_eq!(round_half_even(3.5), 4.0);
        assert_eq!(round_half_even(-2.5), -2.0);
    }

    #[test]
    fn dates_parse_and_print() {
        let t = parse_date("11/23/2026 8:30 PM").expect("an en-US date");
        assert_eq!(
            date_culture(t, &crate::script::culture::EN_US),
            "11/23/2026 8:30:00 PM"
        );
        assert_eq!(
            date_culture(t, &crate::script::culture::DE_DE),
            "23.11.2026 20:30:00"
        );
        assert_eq!(date_invariant(t), "11/23/2026 20:30:00");
        assert_eq!(parse_date("2026-11-23"), parse_date("11/23/2026"));
        assert_eq!(timespan_text(90 * 86_400_000 + 1000), "90.00:00:01");
    }

    #[test]
    fn cmdlet_dates_are_read_in_the_culture() {
        use crate::script::culture::{DE_DE, EN_GB, EN_US};
        let dec31 = parse_date("2008-12-31");
        // en-GB reads day first (http://richardspowershellblog.wordpress.com/2008/06/01/culture/).
        assert_eq!(parse_date_in("31/12/2008", &EN_GB), Ok(dec31));
        assert_eq!(parse_date_in("12/31/2008", &EN_GB), Ok(None));
        assert_eq!(parse_date_in("31.12.2008", &DE_DE), Ok(dec31));
        assert_eq!(parse_date_in("2008-12-31", &DE_DE), Ok(dec31));
        assert_eq!(parse_date_in("12/31/2008", &EN_US), Ok(dec31));
        assert!(parse_date_in("31 Dec 2008", &DE_DE).is_err());
    }
}
