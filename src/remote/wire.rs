//! The InvokeCommand wire format from the client's side, the mirror of the server's `admin_endpoint::json`:
//! bound parameters to the request body, and response bodies (pages, error bodies) back to cmdlet values,
//! warnings, errors and information.
//!
//! Pure: bytes in, values out. Sending, paging and confirmation are `host`'s. Anything a server may send is read
//! without a panic: unknown annotations are ignored, values that do not fit their annotation stay strings, and an
//! answer of the wrong shape is a `RemoteError::Protocol`.

use crate::admin::params::{BYTE_SIZE_TYPE, TIME_SPAN_TYPE};
use std::borrow::Cow;
use std::fmt;

use serde::Deserializer as _;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value as JsonOut, json};

use crate::script::{
    Arg, BoundParameters, CmdletInfo, ErrorCategory, ErrorRecord, MultiValued, ParamType, Value,
};

use super::RemoteError;
use super::json::Json;
use super::values::{ValuesSeed, interned};

/// What a request asks besides the bound arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The invocation as bound.
    AsBound,
    /// `-WhatIf`: ask the server what the call would change (for a confirmation prompt).
    WhatIf,
    /// `-Confirm:$false`: the user has confirmed.
    Confirmed,
}

/// The request body: `{"CmdletInput":{"CmdletName":…,"Parameters":{…}}}`.
pub(crate) fn request_body(cmdlet: &CmdletInfo, args: &BoundParameters, mode: Mode) -> Vec<u8> {
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
        params.insert("WhatIf".into(), JsonOut::Bool(true));
    }
    match (mode, args.confirm) {
        (Mode::Confirmed, _) => {
            params.insert("Confirm".into(), JsonOut::Bool(false));
        }
        (Mode::WhatIf, _) | (_, None) => {}
        (Mode::AsBound, Some(c)) => {
            params.insert("Confirm".into(), JsonOut::Bool(c));
        }
    }
    if let Some(a) = args.error_action {
        params.insert("ErrorAction".into(), JsonOut::from(a.name()));
    }
    if let Some(a) = args.warning_action {
        params.insert("WarningAction".into(), JsonOut::from(a.name()));
    }
    let body = json!({"CmdletInput": {"CmdletName": cmdlet.name, "Parameters": params}});
    body.to_string().into_bytes()
}

/// One converted argument as the server's binder reads it back.
fn arg_json(arg: &Arg, ty: Option<ParamType>) -> JsonOut {
    match arg {
        Arg::Value(v) => value_json(v),
        Arg::Unlimited(None) => JsonOut::from("Unlimited"),
        Arg::Unlimited(Some(n)) => match ty {
            Some(t) if t.is_custom(&TIME_SPAN_TYPE) => JsonOut::from(time_span_text(*n)),
            Some(t) if t.is_custom(&BYTE_SIZE_TYPE) => JsonOut::from(format!("{n} KB")),
            _ => JsonOut::from(*n),
        },
        Arg::Multi(MultiValued::Replace(items)) => JsonOut::from(items.clone()),
        Arg::Multi(MultiValued::Edit { add, remove }) => {
            let mut h = Map::new();
            h.insert(
                "@odata.type".into(),
                JsonOut::from("#Exchange.GenericHashTable"),
            );
            if !add.is_empty() || remove.is_empty() {
                h.insert("Add".into(), JsonOut::from(add.clone()));
            }
            if !remove.is_empty() {
                h.insert("Remove".into(), JsonOut::from(remove.clone()));
            }
            JsonOut::Object(h)
        }
    }
}

/// Whole seconds as `[d.]hh:mm:ss`, the form the binder parses.
fn time_span_text(secs: u32) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}.{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

fn value_json(v: &Value) -> JsonOut {
    match v {
        Value::Null => JsonOut::Null,
        Value::Bool(b) => JsonOut::Bool(*b),
        Value::Int(i) => JsonOut::from(*i),
        Value::Double(d) => serde_json::Number::from_f64(*d)
            .map_or_else(|| JsonOut::from(d.to_string()), JsonOut::Number),
        Value::String(s) => JsonOut::from(&**s),
        Value::Enum(e) => JsonOut::from(e.name),
        Value::Array(items) => JsonOut::Array(items.iter().map(value_json).collect()),
        Value::Hashtable(h) => {
            let mut m = Map::new();
            m.insert(
                "@odata.type".into(),
                JsonOut::from("#Exchange.GenericHashTable"),
            );
            for (k, v) in h.iter() {
                m.insert(k.to_string(), value_json(v));
            }
            JsonOut::Object(m)
        }
        other => JsonOut::from(other.to_text()),
    }
}

/// One page of a successful answer.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Page {
    pub(crate) objects: Vec<Value>,
    pub(crate) warnings: Vec<String>,
    pub(crate) errors: Vec<ErrorRecord>,
    pub(crate) information: Vec<String>,
    pub(crate) next_link: Option<String>,
}

/// An error answer: a terminating error, or (`"@adminapi.terminating":false`) a call that wrote only
/// non-terminating errors, with its warnings and information.
#[derive(Debug, PartialEq)]
pub(crate) enum Failure {
    Terminating(ErrorRecord),
    NonTerminating {
        errors: Vec<ErrorRecord>,
        warnings: Vec<String>,
        information: Vec<String>,
    },
}

fn protocol(what: impl Into<String>) -> RemoteError {
    RemoteError::Protocol(what.into())
}

/// A 200 answer: `{"value":[…], "@adminapi.warnings":[…], "@adminapi.errors":[…], "@adminapi.information":[…],
/// "@odata.nextLink":…}`. The objects are read straight into values (`values`); the rest is small.
pub(crate) fn parse_page(body: &[u8]) -> Result<Page, RemoteError> {
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
pub(crate) fn parse_failure(body: &[u8]) -> Option<Failure> {
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
            other => plain_text(other),
        })
        .collect()
}

fn plain_text(json: &Json) -> String {
    json_text(json)
}

/// `{"code":"13","target":…,"message":…,"errorId":…}`.
fn detail_record(d: &Json, fallback_id: Option<&str>) -> ErrorRecord {
    let message = match d.get("message") {
        Some(Json::Str(s)) => s.clone(),
        Some(other) => plain_text(other),
        None if matches!(d, Json::Str(_)) => plain_text(d),
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
        other => Some(plain_text(other)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::cmdlets;
    use crate::model::{AccessLevel, Guid, Timestamp};
    use crate::script::{Hashtable, NamedArg, PsObject, bind};

    fn body(cmdlet: &str, named: Vec<NamedArg>, mode: Mode) -> serde_json::Value {
        let info = cmdlets::find(cmdlet).expect("valid");
        let args = bind(info, vec![], named).expect("valid");
        serde_json::from_slice(&request_body(info, &args, mode)).expect("valid")
    }

    #[test]
    fn bound_parameters_become_the_parameters_object() {
        let mut edit = Hashtable::new();
        edit.insert("Add", Value::strings(["A1", "A2"]));
        let b = body(
            "Set-CASMailbox",
            vec![
                NamedArg::new("Identity", "alice"),
                NamedArg::new("ActiveSyncAllowedDeviceIDs", Value::Hashtable(edit)),
                NamedArg::new("ActiveSyncEnabled", true),
                NamedArg::new("Confirm", false),
                NamedArg::new("ErrorAction", "Stop"),
            ],
            Mode::AsBound,
        );
        assert_eq!(
            b,
            json!({"CmdletInput": {"CmdletName": "Set-CASMailbox", "Parameters": {
                "Identity": "alice",
                "ActiveSyncAllowedDeviceIDs": {"@odata.type": "#Exchange.GenericHashTable", "Add": ["A1", "A2"]},
                "ActiveSyncEnabled": true,
                "Confirm": false,
                "ErrorAction": "Stop"}}})
        );
        let b = body(
            "Get-MobileDevice",
            vec![
                NamedArg::new("ResultSize", "unlimited"),
                NamedArg::switch("ActiveSync"),
                NamedArg::new("Filter", "DeviceModel -eq 'x'"),
            ],
            Mode::AsBound,
        );
        assert_eq!(
            b["CmdletInput"]["Parameters"],
            json!({"ResultSize": "Unlimited", "ActiveSync": true, "Filter": "DeviceModel -eq 'x'"})
        );
        let b = body(
            "New-ActiveSyncDeviceAccessRule",
            vec![
                NamedArg::new("QueryString", "iPhone"),
                NamedArg::new("Characteristic", "devicetype"),
                NamedArg::new("AccessLevel", "allow"),
                NamedArg::switch("WhatIf"),
            ],
            Mode::AsBound,
        );
        assert_eq!(
            b["CmdletInput"]["Parameters"],
            json!({"QueryString": "iPhone", "Characteristic": "DeviceType", "AccessLevel": "Allow", "WhatIf": true})
        );
    }

    #[test]
    fn time_spans_and_sizes_go_back_in_the_binders_text_form() {
        let b = body(
            "Set-MobileDeviceMailboxPolicy",
            vec![
                NamedArg::new("Identity", "Default"),
                NamedArg::new("MaxInactivityTimeLock", "1.02:03:04"),
                NamedArg::new("DevicePolicyRefreshInterval", "00:15:00"),
                NamedArg::new("MaxAttachmentSize", "10 MB"),
                NamedArg::new("PasswordExpiration", "Unlimited"),
            ],
            Mode::AsBound,
        );
        let p = &b["CmdletInput"]["Parameters"];
        assert_eq!(p["MaxInactivityTimeLock"], "1.02:03:04");
        assert_eq!(p["DevicePolicyRefreshInterval"], "00:15:00");
        assert_eq!(p["MaxAttachmentSize"], "10240 KB");
        assert_eq!(p["PasswordExpiration"], "Unlimited");
    }

    #[test]
    fn confirmation_modes_set_what_if_and_confirm() {
        let named = || vec![NamedArg::new("Identity", "x"), NamedArg::switch("Confirm")];
        let p =
            |mode| body("Remove-MobileDevice", named(), mode)["CmdletInput"]["Parameters"].clone();
        assert_eq!(p(Mode::AsBound), json!({"Identity": "x", "Confirm": true}));
        assert_eq!(p(Mode::WhatIf), json!({"Identity": "x", "WhatIf": true}));
        assert_eq!(
            p(Mode::Confirmed),
            json!({"Identity": "x", "Confirm": false})
        );
    }

    #[test]
    fn pages_read_back_typed_values_in_order() {
        let page = parse_page(br##"{"@odata.context":"x","@adminapi.warnings":["W1"],"@adminapi.information":["What if: y"],
            "@adminapi.errors":[{"code":"13","target":"t","message":"gone","errorId":"ManagementObjectNotFoundException"}],
            "value":[{"@data.type":"A.B.Thing","Name":"n","Level@data.type":"Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessLevel","Level":"Block",
                "When@data.type":"System.DateTime","When":"2022-09-21T08:07:47.0000000+00:00","Guid@data.type":"System.Guid","Guid":"00000000-0000-0000-0000-000000000001",
                "Ids@odata.type":"#Collection(String)","Ids":["a"],"R@data.type":"System.Double","R":2,"N":3,"H":{"k":1},"Bad@data.type":"System.Guid","Bad":"nope"},"text"],
            "@odata.nextLink":"http://h/next"}"##).expect("valid");
        let mut o = PsObject::new("A.B.Thing");
        o.push("Name", "n");
        o.push("Level", AccessLevel::Block);
        o.push("When", Timestamp::from_secs(1_663_747_667));
        o.push("Guid", Guid(1));
        o.push("Ids", Value::strings(["a"]));
        o.push("R", Value::Double(2.0));
        o.push("N", Value::Int(3));
        let mut h = Hashtable::new();
        h.insert("k", Value::Int(1));
        o.push("H", h);
        o.push("Bad", "nope");
        assert_eq!(page.objects, vec![Value::Object(o), Value::str("text")]);
        assert_eq!(page.warnings, ["W1"]);
        assert_eq!(page.information, ["What if: y"]);
        assert_eq!(
            page.errors,
            [ErrorRecord::new(
                ErrorCategory::ObjectNotFound,
                "ManagementObjectNotFoundException",
                "gone"
            )
            .with_target("t")]
        );
        assert_eq!(page.next_link.as_deref(), Some("http://h/next"));
    }

    #[test]
    fn answers_of_the_wrong_shape_are_protocol_errors_not_panics() {
        for garbage in [
            &b""[..],
            b"<html>",
            b"[]",
            b"{}",
            b"{\"value\":3}",
            b"{\"value\":[],\"@odata.nextLink\":5}",
            b"\xff\xfe",
        ] {
            assert!(
                matches!(parse_page(garbage), Err(RemoteError::Protocol(_))),
                "{garbage:?}"
            );
            let _ = parse_failure(garbage);
        }
        let odd = parse_page(br#"{"value":[{"a@":1,"@":2,"x@data.type":5,"x":"1"}],"@adminapi.warnings":[1,null],"@adminapi.errors":["plain",{"code":99}]}"#)
            .expect("valid");
        assert_eq!(odd.warnings, ["1", ""]);
        assert_eq!(odd.errors.len(), 2);
        assert_eq!(odd.errors[0].message, "plain");
        assert_eq!(odd.errors[1].category, ErrorCategory::NotSpecified);
    }

    #[test]
    fn error_bodies_tell_terminating_from_non_terminating() {
        let t = parse_failure(br#"{"error":{"code":"ManagementObjectNotFoundException","message":"m","details":[{"code":"13","target":"x","message":"m"}]}}"#);
        assert_eq!(
            t,
            Some(Failure::Terminating(
                ErrorRecord::new(
                    ErrorCategory::ObjectNotFound,
                    "ManagementObjectNotFoundException",
                    "m"
                )
                .with_target("x")
            ))
        );
        let n = parse_failure(br#"{"error":{"code":"E","message":"m","details":[{"code":"13","target":null,"message":"m"},{"code":"5","target":"y","message":"m2","errorId":"F"}]},"@adminapi.terminating":false,"@adminapi.warnings":["w"],"@adminapi.information":[]}"#);
        let Some(Failure::NonTerminating {
            errors, warnings, ..
        }) = n
        else {
            panic!("non-terminating: {n:?}")
        };
        assert_eq!(errors[0].error_id, "E");
        assert_eq!(errors[1].error_id, "F");
        assert_eq!(errors[1].target.as_deref(), Some("y"));
        assert_eq!(warnings, ["w"]);
        assert_eq!(parse_failure(b"a valid bearer token is required\n"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_answer_is_read_or_refused_without_a_panic(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("{"), proptest::strategy::Just("}"),
                    proptest::strategy::Just("["), proptest::strategy::Just("]"),
                    proptest::strategy::Just(":"), proptest::strategy::Just(","),
                    proptest::strategy::Just("\"value\""), proptest::strategy::Just("\"@data.type\""),
                    proptest::strategy::Just("\"X@data.type\""), proptest::strategy::Just("\"X@odata.type\""),
                    proptest::strategy::Just("\"X\""), proptest::strategy::Just("\"System.Guid\""),
                    proptest::strategy::Just("\"System.DateTime\""), proptest::strategy::Just("\"System.Double\""),
                    proptest::strategy::Just("\"#Collection(System.Guid)\""),
                    proptest::strategy::Just("\"Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessState\""),
                    proptest::strategy::Just("\"Allowed\""), proptest::strategy::Just("\"2022-09-21T08:07:47.0000000+00:00\""),
                    proptest::strategy::Just("\"@odata.nextLink\""), proptest::strategy::Just("\"@adminapi.warnings\""),
                    proptest::strategy::Just("\"@adminapi.errors\""), proptest::strategy::Just("\"error\""),
                    proptest::strategy::Just("\"details\""), proptest::strategy::Just("\"message\""),
                    proptest::strategy::Just("\"code\""), proptest::strategy::Just("\"@adminapi.terminating\""),
                    proptest::strategy::Just("null"), proptest::strategy::Just("false"),
                    proptest::strategy::Just("1"), proptest::strategy::Just("-1.5e300"),
                    proptest::strategy::Just("18446744073709551616"), proptest::strategy::Just("\"\\u00e9\""),
                ],
                0..40,
            )
        ) {
            let text = parts.concat();
            let _ = parse_page(text.as_bytes());
            let _ = parse_failure(text.as_bytes());
        }

        #[test]
        fn any_bytes_are_read_or_refused_without_a_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256)) {
            let _ = parse_page(&bytes);
            let _ = parse_failure(&bytes);
        }
    }
}
