//! JSON ↔ cmdlet values for the admin endpoint, in Exchange Online's REST shape (eas-facts §8): request
//! parameters (switches as `true`, multi-valued edits as `{"@odata.type":"#Exchange.GenericHashTable","Add":[…]}`)
//! to `Value`s, and cmdlet output to JSON objects with their OData annotations (`Prop@odata.type` for string
//! collections, `Prop@data.type` for Guids and dates, enums as names, dates as `2022-09-21T08:07:47.0000000+00:00`).
//! Beyond what Exchange Online is known to send, every object carries its type name in `@data.type`, and enum,
//! double and non-string collection properties carry their .NET type, so `easim shell --connect` reads back exactly
//! the values a local run gives (JSON clients that ignore annotations see the documented shape).
//!
//! Output JSON is written by hand so properties keep the cmdlet's order; strings are escaped by serde_json.

use std::fmt::Write as _;

use crate::model::Timestamp;
use crate::script::{Hashtable, NamedArg, PsObject, Value};

/// A request body that is not `{"CmdletInput":{"CmdletName":…,"Parameters":{…}}}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct BodyError(pub(crate) String);

/// The cmdlet name and its named arguments from a request body.
pub(crate) fn parse_request(body: &[u8]) -> Result<(String, Vec<NamedArg>), BodyError> {
    const SHAPE: &str =
        r#"{"CmdletInput":{"CmdletName":"Get-Mailbox","Parameters":{"Identity":"alice"}}}"#;
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        BodyError(format!(
            "The request body isn't valid JSON ({e}). Send a body such as {SHAPE}."
        ))
    })?;
    let input = json
        .get("CmdletInput")
        .and_then(serde_json::Value::as_object)
        .ok_or_else(|| {
            BodyError(format!(
                "The request body has no \"CmdletInput\" object. Send a body such as {SHAPE}."
            ))
        })?;
    let name = input
        .get("CmdletName")
        .and_then(serde_json::Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            BodyError(format!(
                "\"CmdletInput\" has no \"CmdletName\" string. Send a body such as {SHAPE}."
            ))
        })?;
    let mut named = Vec::new();
    match input.get("Parameters") {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::Object(params)) => {
            for (key, value) in params {
                // OData annotations on parameters (`Identity@odata.type`) carry no argument.
                if key.contains('@') {
                    continue;
                }
                named.push(NamedArg::new(key.clone(), to_value(value)));
            }
        }
        Some(_) => {
            return Err(BodyError(
                "\"Parameters\" must be a JSON object of parameter names and values.".into(),
            ));
        }
    }
    Ok((name.trim().to_string(), named))
}

/// A JSON argument as a cmdlet value; objects (GenericHashTable or plain) become hashtables.
fn to_value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Double(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::str(s.as_str()),
        serde_json::Value::Array(items) => Value::Array(items.iter().map(to_value).collect()),
        serde_json::Value::Object(map) => {
            let mut h = Hashtable::new();
            for (k, v) in map {
                if !k.starts_with('@') && !k.contains("@odata.") {
                    h.insert(k.clone(), to_value(v));
                }
            }
            Value::Hashtable(h)
        }
    }
}

/// Appends `s` as a JSON string.
pub(crate) fn write_str(out: &mut String, s: &str) {
    out.push('"');
    write_escaped(out, s);
    out.push('"');
}

/// Appends `s` escaped for the inside of a JSON string (RFC 8259: quote, backslash and control characters), in
/// place: listings write a few hundred MB of strings, so no temporary per string.
fn write_escaped(out: &mut String, s: &str) {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

/// `2022-09-21T08:07:47.0000000+00:00`.
pub(crate) fn date_text(t: Timestamp) -> String {
    let c = t.civil();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}0000+00:00",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis
    )
}

/// Appends one output value as JSON; objects keep only `select`ed properties when a selection is given.
pub(crate) fn write_value(out: &mut String, v: &Value, select: Option<&[String]>) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Double(d) if d.is_finite() => {
            let _ = write!(out, "{d}");
        }
        Value::Double(_) => out.push_str("null"),
        Value::String(s) => write_str(out, s),
        Value::DateTime(t) => write_str(out, &date_text(*t)),
        Value::Guid(g) => write_str(out, &g.to_string()),
        Value::Enum(e) => write_str(out, e.name),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item, None);
            }
            out.push(']');
        }
        Value::Hashtable(h) => {
            out.push('{');
            for (i, (k, v)) in h.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, v, None);
            }
            out.push('}');
        }
        Value::Object(o) => write_object(out, o, select),
    }
}

/// The `@data.type` a scalar needs so a client can read it back as the same value: the .NET type of Guids,
/// dates, doubles and enum values (whose JSON alone is a string or a number). `None` for the rest.
fn scalar_type(v: &Value) -> Option<&'static str> {
    match v {
        Value::Guid(_) => Some("System.Guid"),
        Value::DateTime(_) => Some("System.DateTime"),
        Value::Double(_) => Some("System.Double"),
        Value::Enum(e) => Some(e.type_name),
        _ => None,
    }
}

/// `#Collection(String)`, or `#Collection(<.NET type>)` when the items are Guids, dates, doubles or enum values.
fn collection_type(items: &[Value]) -> String {
    let item = items.iter().find_map(scalar_type).unwrap_or("String");
    format!("#Collection({item})")
}

fn write_object(out: &mut String, o: &PsObject, select: Option<&[String]>) {
    out.push_str("{\"@data.type\":");
    write_str(out, o.type_name());
    for (name, value) in o.props() {
        if select.is_some_and(|s| !s.iter().any(|n| n.eq_ignore_ascii_case(name))) {
            continue;
        }
        let annotation = match value {
            Value::Array(items) => Some(("@odata.type", collection_type(items))),
            v => scalar_type(v).map(|t| ("@data.type", t.to_string())),
        };
        if let Some((kind, type_name)) = annotation {
            out.push_str(",\"");
            write_escaped(out, name);
            out.push_str(kind);
            out.push_str("\":");
            write_str(out, &type_name);
        }
        out.push(',');
        write_str(out, name);
        out.push(':');
        write_value(out, value, None);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Guid;

    #[test]
    fn requests_become_named_arguments() {
        let body = br##"{"CmdletInput":{"CmdletName":"Set-CASMailbox","Parameters":{"Identity":"alice","ActiveSyncAllowedDeviceIDs":{"@odata.type":"#Exchange.GenericHashTable","Add":["A1"]},"Confirm":false}}}"##;
        let (name, named) = parse_request(body).expect("a valid body");
        assert_eq!(name, "Set-CASMailbox");
        let mut h = Hashtable::new();
        h.insert("Add", Value::strings(["A1"]));
        // serde_json keeps object keys sorted, so parameters bind in name order (deterministic).
        assert_eq!(
            named,
            vec![
                NamedArg::new("ActiveSyncAllowedDeviceIDs", Value::Hashtable(h)),
                NamedArg::new("Confirm", false),
                NamedArg::new("Identity", "alice"),
            ]
        );
        assert!(parse_request(b"{}").is_err());
        assert!(parse_request(b"not json").is_err());
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in [
            "",
            "plain",
            "a\"b\\c",
            "tab\tnew\nline\r",
            "\u{1}\u{1f}\u{7f}",
            "é § 😀",
            "\\\"",
        ] {
            let mut out = String::new();
            write_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).expect("a string"), "{s:?}");
        }
    }

    #[test]
    fn objects_keep_order_and_carry_annotations() {
        let mut o = PsObject::new("T");
        o.push("Name", "alice");
        o.push("Ids", Value::strings(["A"]));
        o.push("Guid", Guid(1));
        o.push("When", Timestamp::from_secs(1_663_747_667));
        let mut out = String::new();
        write_value(&mut out, &Value::Object(o), None);
        assert_eq!(
            out,
            r##"{"@data.type":"T","Name":"alice","Ids@odata.type":"#Collection(String)","Ids":["A"],"Guid@data.type":"System.Guid","Guid":"00000000-0000-0000-0000-000000000001","When@data.type":"System.DateTime","When":"2022-09-21T08:07:47.0000000+00:00"}"##
        );
    }

    #[test]
    fn enums_doubles_and_typed_collections_carry_their_dotnet_type() {
        let mut o = PsObject::new("T");
        o.push("Level", crate::model::AccessLevel::Block);
        o.push("Ratio", Value::Double(2.0));
        o.push("Ids", Value::Array(vec![Value::Guid(Guid(2))]));
        let mut out = String::new();
        let select = ["level".to_string(), "ratio".into(), "ids".into()];
        write_value(&mut out, &Value::Object(o), Some(&select));
        assert_eq!(
            out,
            r##"{"@data.type":"T","Level@data.type":"Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessLevel","Level":"Block","Ratio@data.type":"System.Double","Ratio":2,"Ids@odata.type":"#Collection(System.Guid)","Ids":["00000000-0000-0000-0000-000000000002"]}"##
        );
    }
}
