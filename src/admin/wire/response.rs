//! The InvokeCommand answer, both ways. A page: `{"@odata.context", "@adminapi.warnings", "@adminapi.information",
//! "@adminapi.errors", "value", "@odata.nextLink"}`; an error: `{"error":{"code","message","details":[{"code":
//! "<ErrorCategory number>","target","message","errorId"}],"innererror":{…}}}`, which for a call that wrote only
//! non-terminating errors adds `"@adminapi.terminating":false` and the call's warnings and information, so a
//! client can tell the two apart and give back exactly what the cmdlet wrote.
//!
//! The endpoint writes (`page_body`, `error_body`, `non_terminating_body`); the remote host reads (`parse_page`,
//! `parse_failure`). Anything a server may send is read without a panic: unknown members are ignored and an answer
//! of the wrong shape is a `WireError`. Which status goes with which body is `invoke`'s.

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer as _;
use serde::de::{IgnoredAny, MapAccess, Visitor};

use crate::script::{ErrorCategory, ErrorRecord, Output, Value};

use super::json::Json;
use super::values::{ValuesSeed, interned, write_str, write_value};

/// An answer that is not an InvokeCommand result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct WireError(pub String);

// ---- writing ----

/// A page: `output`'s objects (only their `select`ed properties when a selection is given), its information, and
/// (on the last page, `next` = `None`) its warnings and errors. `base` is `http://host/adminapi/{version}/{tenant}`.
pub fn page_body(
    base: &str,
    output: &Output,
    next: Option<&str>,
    select: Option<&[String]>,
) -> String {
    let objects: Vec<&Value> = output.objects().collect();
    let mut out = String::with_capacity(256 + objects.len() * 1024);
    out.push_str("{\"@odata.context\":");
    write_str(
        &mut out,
        &format!("{base}/$metadata#Collection(Exchange.GenericHashTable)"),
    );
    out.push_str(
        ",\"adminapi.warnings@odata.type\":\"#Collection(String)\",\"@adminapi.warnings\":",
    );
    if next.is_none() {
        write_strings(&mut out, output.warnings());
    } else {
        out.push_str("[]");
    }
    let mut information = output.information().peekable();
    if information.peek().is_some() {
        out.push_str(",\"@adminapi.information\":");
        write_strings(&mut out, information);
    }
    let mut errors = output.errors().peekable();
    if next.is_none() && errors.peek().is_some() {
        out.push_str(",\"@adminapi.errors\":[");
        for (i, e) in errors.enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_detail(&mut out, e);
        }
        out.push(']');
    }
    out.push_str(",\"value\":[");
    for (i, v) in objects.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_value(&mut out, v, select);
    }
    out.push(']');
    if let Some(link) = next {
        out.push_str(",\"@odata.nextLink\":");
        write_str(&mut out, link);
    }
    out.push('}');
    out
}

/// A terminating error.
pub fn error_body(e: &ErrorRecord) -> String {
    let mut out = String::new();
    write_error(&mut out, e, std::slice::from_ref(&e));
    out.push('}');
    out
}

/// A call that wrote only non-terminating errors: the first is the `error`, all of them are its `details`.
pub fn non_terminating_body(output: &Output) -> String {
    let errors: Vec<&ErrorRecord> = output.errors().collect();
    let mut out = String::new();
    if let Some(first) = errors.first() {
        write_error(&mut out, first, &errors);
    }
    out.push_str(",\"@adminapi.terminating\":false,\"@adminapi.warnings\":");
    write_strings(&mut out, output.warnings());
    out.push_str(",\"@adminapi.information\":");
    write_strings(&mut out, output.information());
    out.push('}');
    out
}

/// `{"error":{…}` (the caller closes the outer object).
fn write_error(out: &mut String, e: &ErrorRecord, details: &[&ErrorRecord]) {
    out.push_str("{\"error\":{\"code\":");
    write_str(out, e.error_id);
    out.push_str(",\"message\":");
    write_str(out, &e.message);
    out.push_str(",\"details\":[");
    for (i, d) in details.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_detail(out, d);
    }
    out.push_str("],\"innererror\":{\"internalexception\":{\"message\":");
    write_str(out, &e.message);
    out.push_str(",\"type\":");
    write_str(out, e.error_id);
    out.push_str("}}}");
}

fn write_strings<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    out.push('[');
    for (i, s) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(out, s);
    }
    out.push(']');
}

/// One error: its category number as `code` (as Exchange Online sends it), the target and text, and the error
/// id (`errorId`, an easim addition, so the client's record keeps it).
fn write_detail(out: &mut String, e: &ErrorRecord) {
    out.push_str("{\"code\":");
    write_str(out, &e.category.number().to_string());
    out.push_str(",\"target\":");
    match &e.target {
        Some(t) => write_str(out, t),
        None => out.push_str("null"),
    }
    out.push_str(",\"message\":");
    write_str(out, &e.message);
    out.push_str(",\"errorId\":");
    write_str(out, e.error_id);
    out.push('}');
}

// ---- reading ----

/// One page of a successful answer.
#[derive(Debug, Default, PartialEq)]
pub struct Page {
    pub objects: Vec<Value>,
    pub warnings: Vec<String>,
    pub errors: Vec<ErrorRecord>,
    pub information: Vec<String>,
    pub next_link: Option<String>,
}

/// An error answer: a terminating error, or (`"@adminapi.terminating":false`) a call that wrote only
/// non-terminating errors, with its warnings and information.
#[derive(Debug, PartialEq)]
pub enum Failure {
    Terminating(ErrorRecord),
    NonTerminating {
        errors: Vec<ErrorRecord>,
        warnings: Vec<String>,
        information: Vec<String>,
    },
}

fn protocol(what: impl Into<String>) -> WireError {
    WireError(what.into())
}

/// A 200 answer. The objects are read straight into values (`values`); the rest is small.
pub fn parse_page(body: &[u8]) -> Result<Page, WireError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let raw = de
        .deserialize_map(PageVisitor)
        .and_then(|raw| de.end().map(|()| raw))
        .map_err(|e| {
            let start = String::from_utf8_lossy(&body[..body.len().min(120)]).into_owned();
            if e.is_data() {
                protocol(format!(
                    "the answer is not an InvokeCommand result object ({e}); it starts with {start:?}"
                ))
            } else {
                protocol(format!("the answer isn't JSON ({e}); it starts with {start:?}"))
            }
        })?;
    let objects = raw.values.ok_or_else(|| {
        protocol("the answer has no \"value\" array, so it isn't an InvokeCommand result")
    })?;
    let next_link = match raw.next_link {
        None | Some(Json::Null) => None,
        Some(Json::Str(s)) => Some(s),
        Some(other) => {
            return Err(protocol(format!(
                "\"@odata.nextLink\" is {}, not a URL string",
                other.kind()
            )));
        }
    };
    Ok(Page {
        objects,
        warnings: strings(raw.warnings.as_ref()),
        errors: raw
            .errors
            .as_ref()
            .and_then(Json::as_array)
            .unwrap_or_default()
            .iter()
            .map(|d| detail_record(d, None))
            .collect(),
        information: strings(raw.information.as_ref()),
        next_link,
    })
}

/// The members of a page, before checking.
#[derive(Default)]
struct RawPage {
    values: Option<Vec<Value>>,
    warnings: Option<Json>,
    errors: Option<Json>,
    information: Option<Json>,
    next_link: Option<Json>,
}

struct PageVisitor;

impl<'de> Visitor<'de> for PageVisitor {
    type Value = RawPage;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an InvokeCommand result object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawPage, A::Error> {
        let mut raw = RawPage::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match &*key {
                "value" => raw.values = Some(map.next_value_seed(ValuesSeed)?),
                "@adminapi.warnings" => raw.warnings = Some(map.next_value()?),
                "@adminapi.errors" => raw.errors = Some(map.next_value()?),
                "@adminapi.information" => raw.information = Some(map.next_value()?),
                "@odata.nextLink" => raw.next_link = Some(map.next_value()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(raw)
    }
}

/// An error answer (any status but 200) whose body is the documented `{"error":{…}}` shape; `None` when the body is
/// something else (plain text from a proxy or an HTTP-level refusal).
pub fn parse_failure(body: &[u8]) -> Option<Failure> {
    let json = Json::parse(body).ok()?;
    let error = json.get("error")?;
    let message = error.get("message").and_then(Json::as_str)?.to_string();
    let code = error.get("code").and_then(Json::as_str);
    let details = error
        .get("details")
        .and_then(Json::as_array)
        .unwrap_or_default();
    if matches!(json.get("@adminapi.terminating"), Some(Json::Bool(false))) && !details.is_empty() {
        return Some(Failure::NonTerminating {
            errors: details.iter().map(|d| detail_record(d, code)).collect(),
            warnings: strings(json.get("@adminapi.warnings")),
            information: strings(json.get("@adminapi.information")),
        });
    }
    let first = details.first();
    let mut record = ErrorRecord::new(
        first.map_or(ErrorCategory::NotSpecified, category),
        code.map_or("RemoteException", error_id),
        message,
    );
    record.target = first.and_then(target);
    Some(Failure::Terminating(record))
}

fn strings(json: Option<&Json>) -> Vec<String> {
    json.and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .map(|s| match s {
            Json::Str(s) => s.clone(),
            other => json_text(other),
        })
        .collect()
}

/// `{"code":"13","target":…,"message":…,"errorId":…}`.
fn detail_record(d: &Json, fallback_id: Option<&str>) -> ErrorRecord {
    let message = match d.get("message") {
        Some(Json::Str(s)) => s.clone(),
        Some(other) => json_text(other),
        None if matches!(d, Json::Str(_)) => json_text(d),
        None => "The admin endpoint reported an error without a message.".to_string(),
    };
    let id = d
        .get("errorId")
        .and_then(Json::as_str)
        .or(fallback_id)
        .map_or("RemoteException", error_id);
    let mut record = ErrorRecord::new(category(d), id, message);
    record.target = target(d);
    record
}

fn category(d: &Json) -> ErrorCategory {
    let n = match d.get("code") {
        Some(Json::Str(s)) => s.trim().parse().ok(),
        Some(Json::Int(i)) => i32::try_from(*i).ok(),
        _ => None,
    };
    n.and_then(ErrorCategory::from_number)
        .unwrap_or(ErrorCategory::NotSpecified)
}

fn target(d: &Json) -> Option<String> {
    match d.get("target")? {
        Json::Null => None,
        Json::Str(s) => Some(s.clone()),
        other => Some(json_text(other)),
    }
}

/// A JSON value as display text (for warnings or messages that are not strings).
fn json_text(json: &Json) -> String {
    match json {
        Json::Null => String::new(),
        Json::Bool(true) => "True".into(),
        Json::Bool(false) => "False".into(),
        Json::Int(i) => i.to_string(),
        Json::Float(f) => f.to_string(),
        Json::Str(s) => s.clone(),
        Json::Array(items) => items.iter().map(json_text).collect::<Vec<_>>().join(" "),
        Json::Object(_) => "System.Collections.Hashtable".into(),
    }
}

/// An `ErrorRecord` id from the server (records keep ids as `&'static str`).
fn error_id(s: &str) -> &'static str {
    interned(s).unwrap_or("RemoteException")
}
