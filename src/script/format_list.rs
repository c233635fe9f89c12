//! A small `Format-List` renderer for what a cmdlet wrote: `Name : value` lines aligned per object, warnings as
//! `WARNING: …`, errors as `Cmdlet-Name: message`, host text as is. Dates are shown in en-US
//! (`11/23/2026 8:30:00 AM`).
//!
//! It exists so cmdlet examples can state their expected output in the form admins know. Session cultures, table
//! views, console widths and line wrapping are the shell's formatter's job, which will replace or extend this.

use crate::model::Timestamp;

use super::cmdlet::{Emitted, Output};
use super::error::ErrorRecord;
use super::value::{PsObject, Value};

/// Renders an invocation's output (and its terminating error, if any) as the console would show it.
pub fn render(cmdlet: &str, output: &Output, terminating: Option<&ErrorRecord>) -> String {
    let mut lines: Vec<String> = Vec::new();
    for item in &output.items {
        match item {
            Emitted::Object(Value::Object(o)) => object_block(&mut lines, o),
            Emitted::Object(v) => lines.push(value_text(v)),
            Emitted::Warning(w) => lines.push(format!("WARNING: {w}")),
            Emitted::Error(e) => lines.push(format!("{cmdlet}: {}", e.message)),
            Emitted::Information(s) => lines.push(s.clone()),
        }
    }
    if let Some(e) = terminating {
        lines.push(format!("{cmdlet}: {}", e.message));
    }
    let text = lines.join("\n");
    text.trim_matches('\n').to_string()
}

fn object_block(lines: &mut Vec<String>, o: &PsObject) {
    if lines.last().is_some_and(|l| !l.is_empty()) {
        lines.push(String::new());
    }
    let width = o.props().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    for (name, value) in o.props() {
        let text = value_text(value);
        let line = format!("{name:<width$} : {text}");
        lines.push(line.trim_end().to_string());
    }
    lines.push(String::new());
}

/// One value as Format-List shows it.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::DateTime(t) => en_us(*t),
        Value::Array(items) => {
            let inner: Vec<String> = items.iter().map(value_text).collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Hashtable(h) => {
            let keys: Vec<&str> = h.iter().map(|(k, _)| k).collect();
            format!("{{{}}}", keys.join(", "))
        }
        other => other.to_text(),
    }
}

/// `M/d/yyyy h:mm:ss AM` (en-US), in UTC.
pub fn en_us(t: Timestamp) -> String {
    let c = t.civil();
    let (hour12, ampm) = match c.hour {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!(
        "{}/{}/{} {}:{:02}:{:02} {}",
        c.month, c.day, c.year, hour12, c.minute, c.second, ampm
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_align_and_streams_are_labelled() {
        let mut o = PsObject::new("T");
        o.push("Name", "alice");
        o.push("ActiveSyncAllowedDeviceIDs", Value::strings(["A", "B"]));
        o.push("When", Value::DateTime(Timestamp::from_secs(1_795_392_000)));
        let out = Output {
            items: vec![
                Emitted::Object(Value::Object(o)),
                Emitted::Warning("careful".into()),
            ],
        };
        expect_test::expect![[r#"
            Name                       : alice
            ActiveSyncAllowedDeviceIDs : {A, B}
            When                       : 11/23/2026 12:00:00 AM

            WARNING: careful"#]]
        .assert_eq(&render("Get-Thing", &out, None));
    }
}
