//! CSV as Export-Csv writes it and Import-Csv reads it: a `#TYPE` line (unless `-NoTypeInformation`), a header
//! from the first object's properties, every field double-quoted with inner quotes doubled, dates and numbers in the
//! session culture (`ToString()`), collections as their type name (`System.Object[]`, as PowerShell writes them). Reading accepts
//! quoted fields with embedded delimiters, quotes and line breaks, and skips a `#TYPE` line.
//!
//! Pure text: the file is read and written by the shell host. Lines end with `\n`.

use crate::script::value::{PsObject, Value};

use super::culture::Culture;
use super::eval::convert::{PSCUSTOMOBJECT, to_str_culture};

fn quote(field: &str) -> String {
    format!("\"{}\"", field.replace('"', "\"\""))
}

/// The properties Export-Csv writes for a value, in order.
fn columns(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o.props().map(|(k, _)| k.to_string()).collect(),
        Value::Hashtable(h) => h.iter().map(|(k, _)| k.to_string()).collect(),
        Value::String(_) => vec!["Length".to_string()],
        _ => Vec::new(),
    }
}

fn field(v: &Value, column: &str, c: &Culture) -> String {
    let x = match v {
        Value::Object(o) => o.get(column).unwrap_or(Value::Null),
        Value::Hashtable(h) => h.get(column).unwrap_or(Value::Null),
        Value::String(s) if column == "Length" => Value::Int(s.chars().count() as i64),
        _ => Value::Null,
    };
    match &x {
        Value::Array(_) | Value::Hashtable(_) => x.type_name().to_string(),
        other => to_str_culture(other, c),
    }
}

/// The type name `#TYPE` shows for a value.
fn type_line(v: &Value) -> String {
    match v {
        Value::Object(o) => format!("#TYPE {}", o.type_name()),
        other => format!("#TYPE {}", other.type_name()),
    }
}

/// The CSV lines for `objects` (no line breaks at their ends). `header` is false when appending to a file that
/// already has one.
pub fn to_csv(
    objects: &[Value],
    type_information: bool,
    header: bool,
    delimiter: char,
    culture: &Culture,
) -> Vec<String> {
    let Some(first) = objects.iter().find(|v| !v.is_null()) else {
        return Vec::new();
    };
    let cols = columns(first);
    let sep = delimiter.to_string();
    let mut lines = Vec::with_capacity(objects.len() + 2);
    if header {
        if type_information {
            lines.push(type_line(first));
        }
        lines.push(cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(&sep));
    }
    for v in objects.iter().filter(|v| !v.is_null()) {
        lines.push(
            cols.iter()
                .map(|col| quote(&field(v, col, culture)))
                .collect::<Vec<_>>()
                .join(&sep),
        );
    }
    lines
}

/// Splits CSV text into records of fields.
fn records(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut fieldbuf = String::new();
    let mut in_quotes = false;
    let mut any = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    fieldbuf.push('"');
                    chars.next();
                } else {
                    in_quotes = false;
                }
            } else {
                fieldbuf.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                any = true;
            }
            c if c == delimiter => {
                record.push(std::mem::take(&mut fieldbuf));
                any = true;
            }
            '\r' => {}
            '\n' => {
                if any || !fieldbuf.is_empty() {
                    record.push(std::mem::take(&mut fieldbuf));
                    out.push(std::mem::take(&mut record));
                }
                any = false;
            }
            c => {
                fieldbuf.push(c);
                any = true;
            }
        }
    }
    if any || !fieldbuf.is_empty() {
        record.push(fieldbuf);
        out.push(record);
    }
    out
}

/// Why CSV text could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("The member \"{0}\" is already present.")]
    DuplicateHeader(String),
}

/// Objects from CSV text: one PSCustomObject per record with text properties named by the header (or by
/// `header`, when given, with every line data).
pub fn from_csv(
    text: &str,
    delimiter: char,
    header: Option<Vec<String>>,
) -> Result<Vec<Value>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut recs = records(text, delimiter).into_iter().peekable();
    if recs
        .peek()
        .is_some_and(|r| r.len() == 1 && r[0].starts_with("#TYPE"))
    {
        recs.next();
    }
    let names = match header {
        Some(h) => h,
        None => match recs.next() {
            Some(h) => h,
            None => return Ok(Vec::new()),
        },
    };
    for (i, n) in names.iter().enumerate() {
        if names[..i].iter().any(|m| m.eq_ignore_ascii_case(n)) {
            return Err(CsvError::DuplicateHeader(n.clone()));
        }
    }
    Ok(recs
        .map(|r| {
            let mut o = PsObject::with_capacity(PSCUSTOMOBJECT, names.len());
            for (i, n) in names.iter().enumerate() {
                o.push(
                    n.clone(),
                    r.get(i).map_or(Value::Null, |f| Value::str(f.as_str())),
                );
            }
            Value::Object(o)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Timestamp;

    #[test]
    fn export_quotes_every_field_and_import_reads_it_back() {
        let mut o = PsObject::new(PSCUSTOMOBJECT);
        o.push("User", "Bob \"B\" Kelly");
        o.push("Devices", Value::Int(2));
        o.push(
            "LastSync",
            Value::DateTime(Timestamp::from_secs(1_795_422_600)),
        );
        o.push("Ids", Value::strings(["a", "b"]));
        o.push("Note", Value::Null);
        let lines = to_csv(
            &[Value::Object(o)],
            true,
            true,
            ',',
            &crate::script::culture::EN_US,
        );
        assert_eq!(
            lines,
            [
                "#TYPE System.Management.Automation.PSCustomObject",
                r#""User","Devices","LastSync","Ids","Note""#,
                r#""Bob ""B"" Kelly","2","11/23/2026 8:30:00 AM","System.Object[]","""#,
            ]
        );
        let back = from_csv(&lines.join("\n"), ',', None).expect("valid CSV");
        let Value::Object(b) = &back[0] else {
            panic!("an object")
        };
        assert_eq!(b.get("User"), Some(Value::str("Bob \"B\" Kelly")));
        assert_eq!(b.get("Note"), Some(Value::str("")));
    }

    #[test]
    fn quoted_fields_may_hold_delimiters_and_line_breaks() {
        let rows = from_csv("a,b\n\"x,1\",\"two\nlines\"\n3,4\n", ',', None).expect("valid CSV");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            from_csv("a,a\n1,2", ',', None),
            Err(CsvError::DuplicateHeader("a".into()))
        );
    }
}
