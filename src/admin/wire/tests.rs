//! The wire format's tests: the documented examples of each shape (moved here from the server's and the remote
//! host's copies of it), answers of any shape read without a panic, and round trips — what one side writes, the
//! other reads back as the same request, value, page or error.

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::admin::cmdlets;
use crate::model::{AccessLevel, DeviceAccessState, Guid, Timestamp};
use crate::script::{
    BoundParameters, Emitted, ErrorCategory, ErrorRecord, Hashtable, NamedArg, Output, PsObject,
    Value, bind,
};

// ---- requests ----

fn body(cmdlet: &str, named: Vec<NamedArg>, mode: Mode) -> serde_json::Value {
    let info = cmdlets::find(cmdlet).expect("valid");
    let args = bind(info, vec![], named).expect("valid");
    serde_json::from_slice(&request_body(info, &args, mode)).expect("valid")
}

#[test]
fn bound_parameters_become_the_parameters_object() {
    let edit = Hashtable::new();
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
    let p = |mode| body("Remove-MobileDevice", named(), mode)["CmdletInput"]["Parameters"].clone();
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
    let h = Hashtable::new();
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
            matches!(parse_page(garbage), Err(WireError(_))),
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

// ---- values (the endpoint's side) ----

#[test]
fn requests_become_named_arguments() {
    let body = br##"{"CmdletInput":{"CmdletName":"Set-CASMailbox","Parameters":{"Identity":"alice","ActiveSyncAllowedDeviceIDs":{"@odata.type":"#Exchange.GenericHashTable","Add":["A1"]},"Confirm":false}}}"##;
    let (name, named) = parse_request(body).expect("a valid body");
    assert_eq!(name, "Set-CASMailbox");
    let h = Hashtable::new();
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
    o.push("Ids", Value::array(vec![Value::Guid(Guid(2))]));
    let mut out = String::new();
    let select = ["level".to_string(), "ratio".into(), "ids".into()];
    write_value(&mut out, &Value::Object(o), Some(&select));
    assert_eq!(
        out,
        r##"{"@data.type":"T","Level@data.type":"Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessLevel","Level":"Block","Ratio@data.type":"System.Double","Ratio":2,"Ids@odata.type":"#Collection(System.Guid)","Ids":["00000000-0000-0000-0000-000000000002"]}"##
    );
}

// ---- round trips ----
//
// Names come from small pools: property, type and error names are interned process-wide up to a cap, and random
// names would use it up for the other tests of this binary.

const NAMES: &[&str] = &[
    "Name", "Identity", "DeviceId", "Guid", "When", "Level", "Ratio", "Ids", "Count", "Flag",
    "Extra", "a", "Z9",
];
const TYPES: &[&str] = &[
    "Microsoft.Exchange.Data.Directory.Management.MobileDevice",
    "Microsoft.Exchange.Data.Directory.Management.CASMailbox",
    "T",
];
const ERROR_IDS: &[&str] = &[
    "ManagementObjectNotFoundException",
    "ParameterBindingException",
    "FixtureException",
];
const CATEGORIES: &[ErrorCategory] = &[
    ErrorCategory::NotSpecified,
    ErrorCategory::InvalidArgument,
    ErrorCategory::InvalidData,
    ErrorCategory::InvalidOperation,
    ErrorCategory::ObjectNotFound,
    ErrorCategory::WriteError,
    ErrorCategory::AuthenticationError,
];

/// Any finite double, including ones whose shortest text has 17 significant digits (`416804.40283203125`): the
/// reader uses serde_json's `float_roundtrip`, so what the server writes comes back bit for bit and a remote run
/// prints what a local one prints.
fn double() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |d| d.is_finite()),
        (-999_999_999_999_999i64..=999_999_999_999_999, 0u32..16)
            .prop_map(|(n, k)| n as f64 / 10f64.powi(k as i32)),
    ]
}

/// One kind of value a cmdlet puts in a property; `Array` items are all of one kind, as the annotation says.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Null,
    Bool,
    Int,
    Double,
    Text,
    Date,
    Guid,
    Level,
    State,
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Null),
        Just(Kind::Bool),
        Just(Kind::Int),
        Just(Kind::Double),
        Just(Kind::Text),
        Just(Kind::Date),
        Just(Kind::Guid),
        Just(Kind::Level),
        Just(Kind::State),
    ]
}

fn scalar(kind: Kind) -> BoxedStrategy<Value> {
    match kind {
        Kind::Null => Just(Value::Null).boxed(),
        Kind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Kind::Int => any::<i64>().prop_map(Value::Int).boxed(),
        Kind::Double => double().prop_map(Value::Double).boxed(),
        Kind::Text => any::<String>().prop_map(Value::from).boxed(),
        // Year 1970 to 2100, to the millisecond.
        Kind::Date => (0i64..4_102_444_800_000)
            .prop_map(|ms| Value::DateTime(Timestamp::from_millis(ms)))
            .boxed(),
        Kind::Guid => any::<u128>().prop_map(|g| Value::Guid(Guid(g))).boxed(),
        Kind::Level => prop_oneof![
            Just(AccessLevel::Allow),
            Just(AccessLevel::Block),
            Just(AccessLevel::Quarantine)
        ]
        .prop_map(Value::from)
        .boxed(),
        Kind::State => prop_oneof![
            Just(DeviceAccessState::Allowed),
            Just(DeviceAccessState::Blocked),
            Just(DeviceAccessState::Quarantined),
            Just(DeviceAccessState::DeviceDiscovery)
        ]
        .prop_map(Value::from)
        .boxed(),
    }
}

/// A hashtable property: untyped entries (JSON alone carries them), unique keys.
fn hashtable() -> impl Strategy<Value = Value> {
    let entry = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<String>().prop_map(Value::from),
    ];
    proptest::collection::vec((proptest::sample::select(NAMES), entry), 0..4).prop_map(|entries| {
        let h = Hashtable::new();
        for (k, v) in entries {
            h.insert(k, v);
        }
        Value::Hashtable(h)
    })
}

fn property() -> impl Strategy<Value = Value> {
    prop_oneof![
        kind().prop_flat_map(scalar),
        kind().prop_flat_map(|k| proptest::collection::vec(scalar(k), 0..4).prop_map(Value::array)),
        hashtable(),
    ]
}

/// An output object: a type name and properties with distinct names, in the cmdlet's order.
fn object() -> impl Strategy<Value = Value> {
    (
        proptest::sample::select(TYPES),
        proptest::collection::vec((proptest::sample::select(NAMES), property()), 0..8),
    )
        .prop_map(|(type_name, props)| {
            let mut o = PsObject::new(type_name);
            for (name, value) in props {
                if o.get(name).is_none() {
                    o.push(name, value);
                }
            }
            Value::Object(o)
        })
}

/// What a cmdlet writes as a top-level object: objects, or plain strings (Export-Tenant's text).
fn output_value() -> impl Strategy<Value = Value> {
    prop_oneof![4 => object(), 1 => any::<String>().prop_map(Value::from)]
}

fn error_record() -> impl Strategy<Value = ErrorRecord> {
    (
        proptest::sample::select(CATEGORIES),
        proptest::sample::select(ERROR_IDS),
        any::<String>(),
        proptest::option::of(any::<String>()),
    )
        .prop_map(|(category, id, message, target)| {
            let mut e = ErrorRecord::new(category, id, message);
            e.target = target;
            e
        })
}

/// Everything a call wrote, interleaved as a cmdlet may write it.
fn output() -> impl Strategy<Value = Output> {
    let item = prop_oneof![
        3 => output_value().prop_map(Emitted::Object),
        1 => any::<String>().prop_map(Emitted::Warning),
        1 => any::<String>().prop_map(Emitted::Information),
        1 => error_record().prop_map(Emitted::Error),
    ];
    proptest::collection::vec(item, 0..10).prop_map(|items| Output { items })
}

fn owned<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    items.map(str::to_string).collect()
}

/// A bound invocation of a cmdlet whose parameters cover each argument form (strings, switches, numbers,
/// Unlimited, time spans, sizes, multi-valued lists and edits, the common parameters).
fn invocation() -> impl Strategy<Value = (&'static str, Vec<NamedArg>)> {
    let identity = "[A-Za-z0-9][ -~]{0,20}";
    let ids = proptest::collection::vec("[A-Za-z0-9]{1,12}", 0..3);
    let common = (
        proptest::option::of(any::<bool>()),
        any::<bool>(),
        proptest::option::of(proptest::sample::select(
            &["Stop", "Continue", "SilentlyContinue"][..],
        )),
    );
    prop_oneof![
        (identity, proptest::option::of(1u32..5000), any::<bool>()).prop_map(
            |(id, size, unlimited)| {
                let mut named = vec![NamedArg::new("Identity", id.as_str())];
                match (size, unlimited) {
                    (_, true) => named.push(NamedArg::new("ResultSize", "Unlimited")),
                    (Some(n), false) => named.push(NamedArg::new("ResultSize", i64::from(n))),
                    (None, false) => {}
                }
                ("Get-CASMailbox", named)
            }
        ),
        (
            identity,
            any::<bool>(),
            ids.clone(),
            ids,
            any::<bool>(),
            common
        )
            .prop_map(
                |(id, enabled, add, remove, edit, (confirm, what_if, error_action))| {
                    let mut named = vec![
                        NamedArg::new("Identity", id.as_str()),
                        NamedArg::new("ActiveSyncEnabled", enabled),
                    ];
                    let list = if edit {
                        let h = Hashtable::new();
                        h.insert("Add", Value::strings(add));
                        h.insert("Remove", Value::strings(remove));
                        Value::Hashtable(h)
                    } else {
                        Value::strings(add)
                    };
                    named.push(NamedArg::new("ActiveSyncBlockedDeviceIDs", list));
                    if let Some(c) = confirm {
                        named.push(NamedArg::new("Confirm", c));
                    }
                    if what_if {
                        named.push(NamedArg::switch("WhatIf"));
                    }
                    if let Some(a) = error_action {
                        named.push(NamedArg::new("ErrorAction", a));
                    }
                    ("Set-CASMailbox", named)
                }
            ),
        (0u32..400_000, 1u32..100_000, any::<bool>()).prop_map(|(secs, kb, unlimited)| {
            let span = format!(
                "{}.{:02}:{:02}:{:02}",
                secs / 86_400,
                secs / 3600 % 24,
                secs / 60 % 60,
                secs % 60
            );
            let named = vec![
                NamedArg::new("Identity", "Default"),
                NamedArg::new("MaxInactivityTimeLock", span.as_str()),
                NamedArg::new("MaxAttachmentSize", format!("{kb} KB").as_str()),
                NamedArg::new(
                    "PasswordExpiration",
                    if unlimited {
                        "Unlimited".to_string()
                    } else {
                        "10.00:00:00".to_string()
                    }
                    .as_str(),
                ),
            ];
            ("Set-MobileDeviceMailboxPolicy", named)
        }),
    ]
}

/// The bound call, order aside: the endpoint binds parameters in name order.
fn call_of(args: &BoundParameters) -> impl PartialEq + std::fmt::Debug {
    let mut params: Vec<(&str, crate::script::Arg)> =
        args.iter().map(|(n, a)| (n, a.clone())).collect();
    params.sort_by_key(|(n, _)| *n);
    (
        params,
        args.parameter_set,
        args.what_if,
        args.confirm,
        args.error_action,
        args.warning_action,
    )
}

proptest! {
    #[test]
    fn values_read_back_as_written(v in output_value()) {
        let mut text = String::new();
        write_value(&mut text, &v, None);
        let read = serde::de::DeserializeSeed::deserialize(
            ValueSeed { annotation: None },
            &mut serde_json::Deserializer::from_str(&text),
        );
        prop_assert_eq!(read.ok(), Some(v), "{}", text);
    }

    #[test]
    fn pages_read_back_as_written(out in output(), next in proptest::option::of("http://h/[a-z]{1,8}")) {
        let body = page_body("http://h/adminapi/beta/t", &out, next.as_deref(), None);
        let page = parse_page(body.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}: {body}")))?;
        prop_assert_eq!(&page.objects, &out.objects().cloned().collect::<Vec<_>>());
        prop_assert_eq!(&page.information, &owned(out.information()));
        prop_assert_eq!(&page.next_link, &next);
        // Warnings and errors come with the last page only.
        if next.is_none() {
            prop_assert_eq!(&page.warnings, &owned(out.warnings()));
            prop_assert_eq!(&page.errors, &out.errors().cloned().collect::<Vec<_>>());
        } else {
            prop_assert!(page.warnings.is_empty() && page.errors.is_empty());
        }
    }

    #[test]
    fn error_bodies_read_back_as_written(e in error_record(), out in output(), extra in error_record()) {
        prop_assert_eq!(
            parse_failure(error_body(&e).as_bytes()),
            Some(Failure::Terminating(e))
        );
        let mut out = out;
        out.items.push(Emitted::Error(extra));
        prop_assert_eq!(
            parse_failure(non_terminating_body(&out).as_bytes()),
            Some(Failure::NonTerminating {
                errors: out.errors().cloned().collect(),
                warnings: owned(out.warnings()),
                information: owned(out.information()),
            })
        );
    }

    #[test]
    fn requests_bind_back_to_the_same_call((name, named) in invocation()) {
        let cmdlet = cmdlets::find(name).ok_or_else(|| TestCaseError::fail(name))?;
        let Ok(args) = bind(cmdlet, Vec::new(), named) else {
            return Err(TestCaseError::reject("the generated call does not bind"));
        };
        let body = request_body(cmdlet, &args, Mode::AsBound);
        let (read_name, read_named) = parse_request(&body)
            .map_err(|e| TestCaseError::fail(e.0))?;
        prop_assert_eq!(read_name.as_str(), cmdlet.name);
        let again = bind(cmdlet, Vec::new(), read_named)
            .map_err(|e| TestCaseError::fail(format!("{e}: {}", String::from_utf8_lossy(&body))))?;
        prop_assert_eq!(call_of(&again), call_of(&args));
    }

    #[test]
    fn prefer_headers_read_back_as_written(n in 1usize..100_000) {
        prop_assert_eq!(page_size(std::iter::once(prefer_page_size(n).as_str())), n);
        prop_assert_eq!(anchor_user(Some(&anchor_mailbox("admin@contoso.com"))), "admin@contoso.com");
    }
}

#[test]
fn request_parameters_read_as_answer_values_do() {
    // One reader for values: a hashtable argument keeps its entries, its GenericHashTable annotation is dropped.
    let (_, named) = parse_request(
        br##"{"CmdletInput":{"CmdletName":"X","Parameters":{"H":{"@odata.type":"#Exchange.GenericHashTable","Add":["a"],"N":1.5}}}}"##,
    )
    .expect("a valid body");
    let h = Hashtable::new();
    h.insert("Add", Value::strings(["a"]));
    h.insert("N", Value::Double(1.5));
    assert_eq!(named, vec![NamedArg::new("H", Value::Hashtable(h))]);
    let _ = json!({});
}
