//! Typed values out of export cells, as Export-Csv and ConvertTo-Json write them: text, booleans (`True`),
//! Exchange enums by name or number, dates (ISO 8601, `/Date(ms)/`, en-US `M/d/yyyy h:mm:ss tt`), `Unlimited`
//! limits, TimeSpans (`00:15:00`, `90.00:00:00`), sizes (`10 MB (10,485,760 bytes)`), and multi-valued
//! properties (`;`- or `,`-joined text, JSON arrays), refusing the type-name placeholder a plain Export-Csv
//! writes for them.
//!
//! It does not know which export a column belongs to (`kinds` does).

use std::borrow::Cow;
use std::str::FromStr;

use crate::model::{Civil, Timestamp};

use super::Problem;
use super::table::{Columns, Raw, Row};

/// A column resolved once per file: the first of its accepted names the file has.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Col {
    pub(crate) index: Option<usize>,
    pub(crate) name: &'static str,
}

impl Col {
    pub(crate) fn new(columns: &Columns, names: &[&'static str]) -> Col {
        for n in names {
            if let Some(i) = columns.find(n) {
                return Col {
                    index: Some(i),
                    name: n,
                };
            }
        }
        Col {
            index: None,
            name: names.first().copied().unwrap_or_default(),
        }
    }
}

/// A cell's value as text, or a list when the JSON holds an array.
enum Val<'r> {
    Null,
    Text(Cow<'r, str>),
    List(Vec<String>),
}

fn value<'r>(raw: Raw<'r>) -> Result<Val<'r>, String> {
    match raw {
        Raw::Text("") => Ok(Val::Null),
        Raw::Text(t) => Ok(Val::Text(Cow::Borrowed(t))),
        Raw::Json(j) => {
            let v: serde_json::Value =
                serde_json::from_str(j.get()).map_err(|e| format!("invalid JSON value: {e}"))?;
            json_value(v)
        }
    }
}

fn json_scalar(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(b) => Some(if *b { "True" } else { "False" }.to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Object(o) => {
            // A serialized ADObjectId or SmtpAddress: its Name / Address is what the shell shows.
            ["Name", "Address", "DisplayName"]
                .iter()
                .find_map(|k| o.get(*k).and_then(|x| x.as_str()).map(str::to_string))
        }
        _ => None,
    }
}

fn json_value<'r>(v: serde_json::Value) -> Result<Val<'r>, String> {
    match v {
        serde_json::Value::Null => Ok(Val::Null),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| json_scalar(i).ok_or_else(|| format!("the list holds {i}, not a value")))
            .collect::<Result<Vec<_>, _>>()
            .map(Val::List),
        // Windows PowerShell 5.1 wraps some collections as {"value": [...], "Count": n}.
        serde_json::Value::Object(mut o) if o.get("value").is_some_and(|x| x.is_array()) => {
            json_value(o.remove("value").unwrap_or_default())
        }
        other => json_scalar(&other)
            .map(|s| Val::Text(Cow::Owned(s)))
            .ok_or_else(|| format!("expected a value, found {other}")),
    }
}

/// Whether `text` is the type name Export-Csv writes for a collection instead of its items.
pub(crate) fn is_type_placeholder(text: &str) -> bool {
    let t = text.trim();
    let dotted =
        t.starts_with("System.") || t.starts_with("Microsoft.") || t.starts_with("Deserialized.");
    let head = t.split('[').next().unwrap_or(t);
    dotted
        && !head.contains(' ')
        && (t.contains('`')
            || t.ends_with("[]")
            || t.contains("Collection")
            || t.contains("MultiValuedProperty")
            || t.contains("ArrayList"))
}

impl Row<'_> {
    fn val(&self, col: Col) -> Result<Option<Val<'_>>, Problem> {
        let Some(i) = col.index else { return Ok(None) };
        let Some(raw) = self.cell(i) else {
            return Ok(None);
        };
        match value(raw) {
            Ok(Val::Null) => Ok(None),
            Ok(v) => Ok(Some(v)),
            Err(m) => Err(self.problem(col, m)),
        }
    }

    /// A problem at the cell of `col` (at the record's start when the file lacks the column).
    pub(crate) fn problem(&self, col: Col, message: impl Into<String>) -> Problem {
        Problem::at(self.position(col.index), message)
    }

    /// A single value as text (a one-element JSON list counts as its element).
    pub(crate) fn text(&self, col: Col) -> Result<Option<String>, Problem> {
        match self.val(col)? {
            None | Some(Val::Null) => Ok(None),
            Some(Val::Text(t)) => {
                Ok(Some(t.trim().to_string())).map(|t| t.filter(|s| !s.is_empty()))
            }
            Some(Val::List(mut l)) if l.len() <= 1 => Ok(l.pop()),
            Some(Val::List(_)) => Err(self.problem(
                col,
                format!("{} holds a list; expected one value", col.name),
            )),
        }
    }

    /// A multi-valued property: a JSON array, or text joined with `;` (else `,`).
    pub(crate) fn list(&self, col: Col) -> Result<Option<Vec<String>>, Problem> {
        match self.val(col)? {
            None | Some(Val::Null) => Ok(col.index.map(|_| Vec::new())),
            Some(Val::List(l)) => Ok(Some(
                l.into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            )),
            Some(Val::Text(t)) => {
                if is_type_placeholder(&t) {
                    return Err(self.problem(col, placeholder_message(col.name, &t)));
                }
                let t = t.trim().trim_start_matches('{').trim_end_matches('}');
                let sep = if t.contains(';') { ';' } else { ',' };
                Ok(Some(
                    t.split(sep)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                ))
            }
        }
    }

    pub(crate) fn boolean(&self, col: Col) -> Result<Option<bool>, Problem> {
        let Some(t) = self.text(col)? else {
            return Ok(None);
        };
        match t.to_ascii_lowercase().as_str() {
            "true" | "1" | "$true" | "yes" => Ok(Some(true)),
            "false" | "0" | "$false" | "no" => Ok(Some(false)),
            _ => Err(self.problem(
                col,
                format!("{} is '{t}'; expected True or False", col.name),
            )),
        }
    }

    /// An Exchange enum by name or number.
    pub(crate) fn parse<T>(&self, col: Col) -> Result<Option<T>, Problem>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let Some(t) = self.text(col)? else {
            return Ok(None);
        };
        T::from_str(&t)
            .map(Some)
            .map_err(|e| self.problem(col, format!("{}: {e}", col.name)))
    }

    /// A date as Export-Csv (en-US, or day first with `day_first`) or ConvertTo-Json writes it; read as UTC.
    pub(crate) fn time(&self, col: Col, day_first: bool) -> Result<Option<Timestamp>, Problem> {
        let Some(t) = self.text(col)? else {
            return Ok(None);
        };
        parse_time(&t, day_first).map(Some).ok_or_else(|| {
            self.problem(
                col,
                format!(
                    "{} is '{t}', which is not a date as Export-Csv writes it (M/d/yyyy h:mm:ss AM, or ISO 8601; --day-first for d/M/yyyy)",
                    col.name
                ),
            )
        })
    }

    /// A count or `Unlimited` (`Some(None)`).
    pub(crate) fn limit(&self, col: Col) -> Result<Option<Option<u32>>, Problem> {
        let Some(t) = self.text(col)? else {
            return Ok(None);
        };
        if t.eq_ignore_ascii_case("unlimited") {
            return Ok(Some(None));
        }
        t.replace(',', "")
            .parse::<u32>()
            .map(|n| Some(Some(n)))
            .map_err(|_| {
                self.problem(
                    col,
                    format!("{} is '{t}'; expected a number or Unlimited", col.name),
                )
            })
    }

    /// A count that has no `Unlimited`.
    pub(crate) fn count(&self, col: Col) -> Result<Option<u32>, Problem> {
        match self.limit(col)? {
            Some(None) => Err(self.problem(col, format!("{} cannot be Unlimited", col.name))),
            other => Ok(other.flatten()),
        }
    }

    /// A TimeSpan (`[d.]hh:mm:ss`) or `Unlimited`, in `unit` seconds (1 for seconds, 86400 for days).
    pub(crate) fn span(&self, col: Col, unit: u64) -> Result<Option<Option<u32>>, Problem> {
        let Some(t) = self.text(col)? else {
            return Ok(None);
        };
        if t.eq_ignore_ascii_case("unlimited") {
            return Ok(Some(None));
        }
        parse_span(&t)
            .map(|s| Some(Some(u32::try_from(s / unit).unwrap_or(u32::MAX))))
            .ok_or_else(|| {
                self.problem(
                    col,
                    format!(
                        "{} is '{t}'; expected a TimeSpan such as 00:15:00 or Unlimited",
                        col.name
                    ),
                )
            })
    }

    /// A ByteQuantifiedSize (`10 MB (10,485,760 bytes)`, or bytes) or `Unlimited`, in KB.
    pub(crate) fn kilobytes(&self, col: Col) -> Result<Option<Option<u32>>, Problem> {
        let Some(t) = self.text(col)? else {
            return Ok(None);
        };
        if t.eq_ignore_ascii_case("unlimited") {
            return Ok(Some(None));
        }
        let digits = match (t.find('('), t.find(" bytes")) {
            (Some(a), Some(b)) if a < b => t[a + 1..b].to_string(),
            _ => t.clone(),
        };
        digits
            .replace([',', '.', ' '], "")
            .parse::<u64>()
            .map(|b| Some(Some(u32::try_from(b / 1024).unwrap_or(u32::MAX))))
            .map_err(|_| self.problem(col, format!("{} is '{t}'; expected a size such as 10 MB (10,485,760 bytes) or Unlimited", col.name)))
    }
}

/// What to say when a multi-valued column holds its type name.
fn placeholder_message(column: &str, found: &str) -> String {
    format!(
        "{column} holds \"{found}\", the type name Export-Csv writes for a multi-valued property instead of its values; \
         export it joined, with this calculated property in place of {column} in Select-Object: \
         @{{n='{column}';e={{$_.{column} -join ';'}}}} (or use ConvertTo-Json, which keeps lists)"
    )
}

/// A TimeSpan's seconds: `[-][d.]hh:mm:ss[.fffffff]`.
fn parse_span(t: &str) -> Option<u64> {
    let t = t.trim();
    let (days, rest) = match t.split_once('.') {
        Some((d, r)) if !d.contains(':') => (d.parse::<u64>().ok()?, r),
        _ => (0, t),
    };
    let rest = rest.split('.').next()?;
    let parts: Vec<&str> = rest.split(':').collect();
    if parts.len() != 3 {
        return None;
    }
    let h: u64 = parts[0].parse().ok()?;
    let m: u64 = parts[1].parse().ok()?;
    let s: u64 = parts[2].parse().ok()?;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
}

/// Dates as exports hold them, read as UTC.
pub(crate) fn parse_time(t: &str, day_first: bool) -> Option<Timestamp> {
    let t = t.trim();
    if let Some(inner) = t.strip_prefix("/Date(").and_then(|r| r.strip_suffix(")/")) {
        let end = inner[1..].find(['+', '-']).map_or(inner.len(), |i| i + 1);
        return inner[..end].parse::<i64>().ok().map(Timestamp::from_millis);
    }
    if let Some(ts) = Timestamp::parse(t) {
        return Some(ts);
    }
    if t.len() >= 10 && t.as_bytes().get(4) == Some(&b'-') {
        return Timestamp::parse(&format!("{}T00:00:00Z", &t[..10]));
    }
    // M/d/yyyy h:mm:ss [AM|PM] (en-US), or d/M/yyyy or d.M.yyyy with day_first.
    let mut words = t.split_whitespace();
    let date = words.next()?;
    let time = words.next().unwrap_or("0:00:00");
    let ampm = words.next();
    let d: Vec<&str> = date.split(['/', '.', '-']).collect();
    if d.len() != 3 {
        return None;
    }
    let (a, b, year): (u32, u32, i32) =
        (d[0].parse().ok()?, d[1].parse().ok()?, d[2].parse().ok()?);
    let (month, day) = if day_first { (b, a) } else { (a, b) };
    let tm: Vec<&str> = time.split(':').collect();
    let mut hour: u32 = tm.first()?.parse().ok()?;
    let minute: u32 = tm.get(1).map_or(Some(0), |s| s.parse().ok())?;
    let second: u32 = tm
        .get(2)
        .map_or(Some(0), |s| s.split('.').next()?.parse().ok())?;
    match ampm.map(str::to_ascii_uppercase).as_deref() {
        Some("PM") if hour < 12 => hour += 12,
        Some("AM") if hour == 12 => hour = 0,
        Some("AM" | "PM") | None => {}
        Some(_) => return None,
    }
    Timestamp::from_civil(Civil {
        year,
        month,
        day,
        hour,
        minute,
        second,
        millis: 0,
    })
}
