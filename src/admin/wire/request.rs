//! The InvokeCommand request body, both ways: `{"CmdletInput":{"CmdletName":…,"Parameters":{…}}}`. The client
//! writes a bound invocation (`request_body`: switches as `true`, multi-valued edits as
//! `{"@odata.type":"#Exchange.GenericHashTable","Add":[…]}`, time spans and sizes in the binder's text form); the
//! endpoint reads any such body back into named arguments for its binder (`parse_request`). Also the two request
//! headers whose values both sides must agree on (`Prefer: odata.maxpagesize`, `X-AnchorMailbox: UPN:`).
//!
//! Pure: bytes in, arguments out. Binding is `script`'s; sending is `remote`'s.

use serde_json::{Map, Value as Json, json};

use crate::admin::params::{BYTE_SIZE_TYPE, TIME_SPAN_TYPE};
use crate::script::{Arg, BoundParameters, CmdletInfo, MultiValued, NamedArg, ParamType, Value};

use super::values::from_tree;

/// What a request asks besides the bound arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The invocation as bound.
    AsBound,
    /// `-WhatIf`: ask the server what the call would change (for a confirmation prompt).
    WhatIf,
    /// `-Confirm:$false`: the user has confirmed.
    Confirmed,
}

/// A request body that is not `{"CmdletInput":{"CmdletName":…,"Parameters":{…}}}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BodyError(pub String);

/// The request body for one bound invocation.
pub fn request_body(cmdlet: &CmdletInfo, args: &BoundParameters, mode: Mode) -> Vec<u8> {
    let mut params = Map::new();
    for (name, arg) in args.iter() {
        let ty = cmdlet.parameter(name).map(|p| p.ty);
        params.insert(name.to_string(), arg_json(arg, ty));
    }
    let what_if = match mode {
        Mode::WhatIf => true,
        Mode::AsBound => args.what_if,
        Mode::Confirmed => false,
    };
    if what_if {
        params.insert("WhatIf".into(), Json::Bool(true));
    }
    match (mode, args.confirm) {
        (Mode::Confirmed, _) => {
            params.insert("Confirm".into(), Json::Bool(false));
        }
        (Mode::WhatIf, _) | (_, None) => {}
        (Mode::AsBound, Some(c)) => {
            params.insert("Confirm".into(), Json::Bool(c));
        }
    }
    if let Some(a) = args.error_action {
        params.insert("ErrorAction".into(), Json::from(a.name()));
    }
    if let Some(a) = args.warning_action {
        params.insert("WarningAction".into(), Json::from(a.name()));
    }
    let body = json!({"CmdletInput": {"CmdletName": cmdlet.name, "Parameters": params}});
    body.to_string().into_bytes()
}

/// One converted argument as the server's binder reads it back.
fn arg_json(arg: &Arg, ty: Option<ParamType>) -> Json {
    match arg {
        Arg::Value(v) => value_json(v),
        Arg::Unlimited(None) => Json::from("Unlimited"),
        Arg::Unlimited(Some(n)) => match ty {
            Some(t) if t.is_custom(&TIME_SPAN_TYPE) => Json::from(time_span_text(*n)),
            Some(t) if t.is_custom(&BYTE_SIZE_TYPE) => Json::from(format!("{n} KB")),
            _ => Json::from(*n),
        },
        Arg::Multi(MultiValued::Replace(items)) => Json::from(items.clone()),
        Arg::Multi(MultiValued::Edit { add, remove }) => {
            let mut h = Map::new();
            h.insert("@odata.type".into(), Json::from(GENERIC_HASHTABLE));
            if !add.is_empty() || remove.is_empty() {
                h.insert("Add".into(), Json::from(add.clone()));
            }
            if !remove.is_empty() {
                h.insert("Remove".into(), Json::from(remove.clone()));
            }
            Json::Object(h)
        }
    }
}

const GENERIC_HASHTABLE: &str = "#Exchange.GenericHashTable";

/// Whole seconds as `[d.]hh:mm:ss`, the form the binder parses.
fn time_span_text(secs: u32) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}.{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// An argument value: hashtables are GenericHashTables; Guids, dates and objects go as the text the binder
/// converts back.
fn value_json(v: &Value) -> Json {
    // A value that holds itself goes as `null` past the language's nesting limit.
    crate::script::value::nested(Json::Null, || nested_json(v))
}

fn nested_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Double(d) => {
            serde_json::Number::from_f64(*d).map_or_else(|| Json::from(d.to_string()), Json::Number)
        }
        Value::String(s) => Json::from(&**s),
        Value::Enum(e) => Json::from(e.name),
        Value::Array(items) => Json::Array(items.to_vec().iter().map(value_json).collect()),
        Value::Hashtable(h) => {
            let mut m = Map::new();
            m.insert("@odata.type".into(), Json::from(GENERIC_HASHTABLE));
            for (k, v) in h.iter() {
                m.insert(k.to_string(), value_json(&v));
            }
            Json::Object(m)
        }
        other => Json::from(other.to_text()),
    }
}

/// The cmdlet name and its named arguments from a request body. Parameters come in name order (serde_json keeps
/// object keys sorted), so binding is deterministic; argument values are read as `values` reads an answer's.
pub fn parse_request(body: &[u8]) -> Result<(String, Vec<NamedArg>), BodyError> {
    const SHAPE: &str =
        r#"{"CmdletInput":{"CmdletName":"Get-Mailbox","Parameters":{"Identity":"alice"}}}"#;
    let json: Json = serde_json::from_slice(body).map_err(|e| {
        BodyError(format!(
            "The request body isn't valid JSON ({e}). Send a body such as {SHAPE}."
        ))
    })?;
    let input = json
        .get("CmdletInput")
        .and_then(Json::as_object)
        .ok_or_else(|| {
            BodyError(format!(
                "The request body has no \"CmdletInput\" object. Send a body such as {SHAPE}."
            ))
        })?;
    let name = input
        .get("CmdletName")
        .and_then(Json::as_str)
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| {
            BodyError(format!(
                "\"CmdletInput\" has no \"CmdletName\" string. Send a body such as {SHAPE}."
            ))
        })?;
    let mut named = Vec::new();
    match input.get("Parameters") {
        None | Some(Json::Null) => {}
        Some(Json::Object(params)) => {
            for (key, value) in params {
                // OData annotations on parameters (`Identity@odata.type`) carry no argument.
                if key.contains('@') {
                    continue;
                }
                named.push(NamedArg::new(key.clone(), from_tree(value)));
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

/// The page size the endpoint uses when the client does not ask for one (Exchange Online's module asks for 1000).
pub const DEFAULT_PAGE_SIZE: usize = 1000;

/// The `Prefer` header value asking for pages of `n` objects.
pub fn prefer_page_size(n: usize) -> String {
    format!("odata.maxpagesize={}", n.max(1))
}

/// The page size from `Prefer` header values (`odata.maxpagesize=N`, possibly among other preferences).
pub fn page_size<'a>(prefer: impl Iterator<Item = &'a str>) -> usize {
    prefer
        .flat_map(|v| v.split(','))
        .filter_map(|p| {
            let (k, v) = p.trim().split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("odata.maxpagesize")
                .then(|| v.trim().trim_matches('"').parse::<usize>().ok())?
        })
        .find(|&n| n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
}

/// The `X-AnchorMailbox` value naming the admin who runs the cmdlets.
pub fn anchor_mailbox(user: &str) -> String {
    format!("UPN:{user}")
}

/// The admin an `X-AnchorMailbox` value names (`Administrator` when there is none).
pub fn anchor_user(value: Option<&str>) -> String {
    value
        .and_then(|v| v.strip_prefix("UPN:").or_else(|| v.strip_prefix("upn:")))
        .map(str::to_string)
        .unwrap_or_else(|| "Administrator".to_string())
}
