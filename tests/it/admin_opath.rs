//! OPATH property tests on generated tenants: Get-MobileDevice's filter (compiled, evaluated, and answered from
//! the indexes) agrees with a naive reference evaluator written independently here, and with a full scan.

use easim::access::displayed_access;
use easim::admin::cmdlets::devices_matching;
use easim::admin::objects::device::DEVICE_SCHEMA;
use easim::admin::opath::{Expr, Filter, Op, RawValue};
use easim::model::{
    AccessLevel, Characteristic, ClientType, DeviceAccessRule, DeviceAccessState,
    DeviceAccessStateReason, Guid, Mailbox, MobileDevice, StoredAccess, Tenant, Timestamp,
};
use proptest::prelude::*;

const MODELS: &[&str] = &["iPhone6C2", "SM-G991B", "Pixel 7", ""];
const TYPES: &[&str] = &["iPhone", "Android", "Outlook"];
const OSES: &[&str] = &["iOS 12.1", "Android 13", ""];
const AGENTS: &[&str] = &["Apple-iPhone6C2/1602.92", "Android/13", "Outlook-iOS/2.0"];
const NAMES: &[&str] = &["Alice's iPhone", "work phone", ""];

#[derive(Clone, Debug)]
struct DeviceSpec {
    model: usize,
    dtype: usize,
    os: usize,
    agent: usize,
    friendly: usize,
    state: usize,
    reason: usize,
    client: usize,
    first_sync: Option<i64>,
}

fn device_spec() -> impl Strategy<Value = DeviceSpec> {
    (
        (
            0..MODELS.len(),
            0..TYPES.len(),
            0..OSES.len(),
            0..AGENTS.len(),
        ),
        (0..NAMES.len(), 0..5usize, 0..6usize, 0..4usize),
        proptest::option::of(0..5i64),
    )
        .prop_map(
            |((model, dtype, os, agent), (friendly, state, reason, client), first_sync)| {
                DeviceSpec {
                    model,
                    dtype,
                    os,
                    agent,
                    friendly,
                    state,
                    reason,
                    client,
                    first_sync,
                }
            },
        )
}

#[derive(Clone, Debug)]
struct RuleSpec {
    characteristic: usize,
    value: usize,
    level: usize,
}

fn rule_spec() -> impl Strategy<Value = RuleSpec> {
    (0..4usize, 0..3usize, 0..3usize).prop_map(|(characteristic, value, level)| RuleSpec {
        characteristic,
        value,
        level,
    })
}

fn day(n: i64) -> Timestamp {
    Timestamp::from_secs(1_790_000_000 + n * 86_400)
}

fn build(devices: &[DeviceSpec], rules: &[RuleSpec], default_level: usize) -> Tenant {
    let mut t = Tenant::new("gen.test");
    let levels = [
        AccessLevel::Allow,
        AccessLevel::Block,
        AccessLevel::Quarantine,
    ];
    t.org.default_access_level = levels[default_level];
    for r in rules {
        let (c, pool) = [
            (Characteristic::DeviceModel, MODELS),
            (Characteristic::DeviceType, TYPES),
            (Characteristic::DeviceOS, OSES),
            (Characteristic::UserAgent, AGENTS),
        ][r.characteristic];
        let q = pool[r.value % pool.len()];
        let _ = t.rules.insert(DeviceAccessRule {
            guid: Guid::from_random_bits(t.rules.len() as u128 + 7),
            query_string: q.to_string(),
            characteristic: c,
            access_level: levels[r.level],
            when_created: None,
        });
    }
    let mut owners = Vec::new();
    for i in 0..3u128 {
        let name = format!("m{i}");
        owners.push(
            t.add_mailbox(Mailbox {
                guid: Guid::from_random_bits(i + 1),
                name: name.clone(),
                alias: name.clone(),
                display_name: name.clone(),
                primary_smtp_address: format!("{name}@gen.test"),
                user_principal_name: format!("{name}@gen.test"),
                recipient_type_details: easim::model::RecipientTypeDetails::UserMailbox,
                password: String::new(),
                cas: Default::default(),
            })
            .unwrap(),
        );
    }
    let clients = [
        ClientType::EAS,
        ClientType::MOWA,
        ClientType::REST,
        ClientType::Outlook,
    ];
    let reasons = [
        DeviceAccessStateReason::Unknown,
        DeviceAccessStateReason::Global,
        DeviceAccessStateReason::Individual,
        DeviceAccessStateReason::DeviceRule,
        DeviceAccessStateReason::Policy,
        DeviceAccessStateReason::Upgrade,
    ];
    for (i, s) in devices.iter().enumerate() {
        let mut d = MobileDevice::new(
            Guid::from_random_bits(1000 + i as u128),
            owners[i % 3],
            &format!("DEV{i}"),
            TYPES[s.dtype],
        );
        d.device_model = MODELS[s.model].into();
        d.device_os = OSES[s.os].into();
        d.device_user_agent = AGENTS[s.agent].into();
        d.friendly_name = NAMES[s.friendly].to_string();
        d.client_type = clients[s.client];
        d.first_sync_time = s.first_sync.map(day);
        d.access = StoredAccess {
            state: DeviceAccessState::ALL[s.state],
            reason: reasons[s.reason],
            rule: None,
        };
        t.add_device(d).unwrap();
    }
    t
}

// ---- filters ---------------------------------------------------------------------------------------------

/// Properties the generated filters use, with how to draw values for them.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Str(&'static [&'static str]),
    State,
    Reason,
    Client,
    Date,
    Bool,
}

const PROPS: &[(&str, Kind)] = &[
    ("DeviceModel", Kind::Str(MODELS)),
    ("devicetype", Kind::Str(TYPES)),
    ("DeviceOS", Kind::Str(OSES)),
    ("DeviceUserAgent", Kind::Str(AGENTS)),
    ("FriendlyName", Kind::Str(NAMES)),
    ("DeviceAccessState", Kind::State),
    ("DeviceAccessStateReason", Kind::Reason),
    ("ClientType", Kind::Client),
    ("FirstSyncTime", Kind::Date),
    ("IsManaged", Kind::Bool),
];

fn comparison() -> impl Strategy<Value = Expr> {
    (
        0..PROPS.len(),
        0..8usize,
        0..12usize,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(p, op, pick, null, upper)| {
            let (name, kind) = PROPS[p];
            let mut op = Op::ALL[op];
            let value = if null && !matches!(op, Op::Like | Op::NotLike) {
                RawValue::Null
            } else {
                match kind {
                    Kind::Str(pool) => {
                        let mut s = pool[pick % pool.len()].to_string();
                        if pick >= pool.len() * 2 {
                            s = "zz-miss".to_string();
                        }
                        if matches!(op, Op::Like | Op::NotLike) {
                            let cut = s.len() / 2;
                            s = match pick % 3 {
                                0 => format!("{}*", &s[..cut]),
                                1 => format!("*{}", &s[cut..]),
                                _ => "*".to_string(),
                            };
                        }
                        if upper {
                            s = s.to_uppercase();
                        }
                        RawValue::Text(s)
                    }
                    Kind::State | Kind::Reason | Kind::Client => {
                        if matches!(op, Op::Like | Op::NotLike) {
                            op = Op::Eq;
                        }
                        let names: &[&str] = match kind {
                            Kind::State => &[
                                "Unknown",
                                "Allowed",
                                "Blocked",
                                "Quarantined",
                                "DeviceDiscovery",
                            ],
                            Kind::Reason => &[
                                "Unknown",
                                "Global",
                                "Individual",
                                "DeviceRule",
                                "Upgrade",
                                "Policy",
                            ],
                            _ => &["EAS", "MOWA", "REST", "Outlook"],
                        };
                        let n = names[pick % names.len()];
                        RawValue::Text(if upper {
                            n.to_lowercase()
                        } else {
                            n.to_string()
                        })
                    }
                    Kind::Date => {
                        if matches!(op, Op::Like | Op::NotLike) {
                            op = Op::Ge;
                        }
                        RawValue::Text(day(pick as i64 % 6).to_string())
                    }
                    Kind::Bool => {
                        if matches!(op, Op::Like | Op::NotLike) {
                            op = Op::Ne;
                        }
                        if upper {
                            RawValue::True
                        } else {
                            RawValue::False
                        }
                    }
                }
            };
            Expr::Cmp {
                property: name.to_string(),
                property_pos: 0,
                op,
                value,
                value_pos: 0,
            }
        })
}

fn filter_expr() -> impl Strategy<Value = Expr> {
    comparison().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Expr::And),
            proptest::collection::vec(inner.clone(), 2..4).prop_map(Expr::Or),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

// ---- the naive reference ---------------------------------------------------------------------------------

#[derive(Debug)]
enum Rv {
    Null,
    S(String),
    N(i64),
    B(bool),
}

fn reference_value(t: &Tenant, d: &MobileDevice, prop: &str) -> Rv {
    let s = |v: &str| {
        if v.is_empty() {
            Rv::Null
        } else {
            Rv::S(v.to_string())
        }
    };
    let shown = displayed_access(t, d);
    match prop.to_lowercase().as_str() {
        "devicemodel" => s(&d.device_model),
        "devicetype" => s(&d.device_type),
        "deviceos" => s(&d.device_os),
        "deviceuseragent" => s(&d.device_user_agent),
        "friendlyname" => s(&d.friendly_name),
        "deviceaccessstate" => Rv::N(shown.state as i64),
        "deviceaccessstatereason" => Rv::N(shown.reason as i64),
        "clienttype" => Rv::N(d.client_type as i64),
        "firstsynctime" => d.first_sync_time.map_or(Rv::Null, |t| Rv::N(t.millis())),
        "ismanaged" => Rv::B(false),
        other => panic!("no reference for {other}"),
    }
}

fn reference_literal(prop: &str, v: &RawValue) -> Rv {
    let text = match v {
        RawValue::Null => return Rv::Null,
        RawValue::True => return Rv::B(true),
        RawValue::False => return Rv::B(false),
        RawValue::Text(s) => s.as_str(),
    };
    match prop.to_lowercase().as_str() {
        "deviceaccessstate" => Rv::N(text.parse::<DeviceAccessState>().unwrap() as i64),
        "deviceaccessstatereason" => Rv::N(text.parse::<DeviceAccessStateReason>().unwrap() as i64),
        "clienttype" => Rv::N(text.parse::<ClientType>().unwrap() as i64),
        "firstsynctime" => Rv::N(Timestamp::parse(text).unwrap().millis()),
        _ if text.is_empty() => Rv::Null,
        _ => Rv::S(text.to_string()),
    }
}

/// `*` wildcard match, recursive and slow on purpose (independent of the product's matcher).
fn wild(p: &[char], t: &[char]) -> bool {
    match p.split_first() {
        None => t.is_empty(),
        Some(('*', rest)) => (0..=t.len()).any(|i| wild(rest, &t[i..])),
        Some((c, rest)) => t.first() == Some(c) && wild(rest, &t[1..]),
    }
}

fn reference(t: &Tenant, d: &MobileDevice, e: &Expr) -> bool {
    match e {
        Expr::And(items) => items.iter().all(|i| reference(t, d, i)),
        Expr::Or(items) => items.iter().any(|i| reference(t, d, i)),
        Expr::Not(i) => !reference(t, d, i),
        Expr::Cmp {
            property,
            op,
            value,
            ..
        } => {
            let v = reference_value(t, d, property);
            let l = reference_literal(property, value);
            let eq = || match (&v, &l) {
                (Rv::Null, Rv::Null) => true,
                (_, Rv::Null) | (Rv::Null, _) => false,
                (Rv::S(a), Rv::S(b)) => a.to_lowercase() == b.to_lowercase(),
                (Rv::N(a), Rv::N(b)) => a == b,
                (Rv::B(a), Rv::B(b)) => a == b,
                (Rv::B(a), Rv::S(b)) => (if *a { "true" } else { "false" }) == b.to_lowercase(),
                _ => false,
            };
            let ord = || match (&v, &l) {
                (Rv::S(a), Rv::S(b)) => Some(a.to_lowercase().cmp(&b.to_lowercase())),
                (Rv::N(a), Rv::N(b)) => Some(a.cmp(b)),
                (Rv::B(a), Rv::B(b)) => Some(a.cmp(b)),
                _ => None,
            };
            let like = || match (&v, &l) {
                (Rv::S(a), Rv::S(p)) => {
                    let a: Vec<char> = a.to_lowercase().chars().collect();
                    let p: Vec<char> = p.to_lowercase().chars().collect();
                    wild(&p, &a)
                }
                _ => false,
            };
            use std::cmp::Ordering::*;
            match op {
                Op::Eq => eq(),
                Op::Ne => !eq(),
                Op::Lt => ord() == Some(Less),
                Op::Gt => ord() == Some(Greater),
                Op::Le => matches!(ord(), Some(Less | Equal)),
                Op::Ge => matches!(ord(), Some(Greater | Equal)),
                Op::Like => like(),
                Op::NotLike => !like(),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_filter_agrees_with_the_reference_and_the_index_with_a_scan(
        devices in proptest::collection::vec(device_spec(), 0..25),
        rules in proptest::collection::vec(rule_spec(), 0..4),
        default_level in 0..3usize,
        expr in filter_expr(),
    ) {
        let t = build(&devices, &rules, default_level);
        let text = expr.to_string();
        let filter = Filter::compile(&text, DEVICE_SCHEMA)
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let expected: Vec<_> = t
            .devices()
            .filter(|(_, d)| reference(&t, d, &expr))
            .map(|(k, _)| k)
            .collect();
        let scanned = devices_matching(&t, &filter, false);
        let indexed = devices_matching(&t, &filter, true);
        prop_assert_eq!(&scanned, &expected, "scan disagrees with the reference for {}", text);
        prop_assert_eq!(&indexed, &expected, "index disagrees with the reference for {}", text);
    }
}

/// Filters that the index answers (equality on indexed properties, alone, and-ed and or-ed), which random
/// filters rarely produce.
fn indexed_filter() -> impl Strategy<Value = String> {
    let states = [
        "Unknown",
        "Allowed",
        "Blocked",
        "Quarantined",
        "DeviceDiscovery",
    ];
    (
        0..5usize,
        0..5usize,
        0..3usize,
        0..MODELS.len(),
        0..TYPES.len(),
    )
        .prop_map(move |(a, b, shape, m, ty)| match shape {
            0 => format!("DeviceAccessState -eq '{}'", states[a]),
            1 => format!(
                "DeviceModel -eq '{}' -and DeviceAccessState -eq '{}'",
                MODELS[m], states[a]
            ),
            _ => format!(
                "DeviceAccessState -eq '{}' -or DeviceAccessState -eq '{}' -or DeviceType -eq '{}'",
                states[a], states[b], TYPES[ty]
            ),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn index_answers_equal_a_scan_for_state_filters(
        devices in proptest::collection::vec(device_spec(), 0..25),
        rules in proptest::collection::vec(rule_spec(), 0..4),
        default_level in 0..3usize,
        text in indexed_filter(),
    ) {
        let t = build(&devices, &rules, default_level);
        let filter = Filter::compile(&text, DEVICE_SCHEMA).unwrap();
        prop_assert_eq!(
            devices_matching(&t, &filter, true),
            devices_matching(&t, &filter, false),
            "{}", text
        );
    }
}
