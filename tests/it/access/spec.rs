//! Generated access scenarios: a plain, printable description of a small tenant (1–3 mailboxes, 1–5 devices, a
//! few rules, two policies) plus the request facts, the proptest strategy that draws it, and the builder that
//! turns it into a `Tenant` through the public model API.
//!
//! Values come from small pools with random letter case so that rules, list entries and device values actually
//! collide. The description is what proptest shrinks and prints; the tenant is derived. Deciding is not done here.

use easim::access::{PolicyFacts, RequestFacts};
use easim::model::{
    AccessLevel, CasSettings, Characteristic, DeviceAccessRule, Guid, Mailbox, MailboxId,
    MobileDevice, MobileDeviceMailboxPolicy, Precedence, RecipientTypeDetails, Tenant, Timestamp,
    WipeRequest,
};
use proptest::prelude::*;

/// The time every generated request is made at.
pub(crate) const NOW: Timestamp = Timestamp::from_secs(1_795_000_000);

pub(crate) const DEVICE_IDS: &[&str] = &["ApplF17XK1", "ApplC39QX2", "androidc1234", "WP8ABC"];
const TYPES: &[&str] = &["iPhone", "Android", "WP8"];
/// The empty model stands for a device that never sent one (rules then see its DeviceType).
const MODELS: &[&str] = &["iPhone6C2", "SM-G900F", "iPhone", "Ärger-1", ""];
const OSES: &[&str] = &["iOS 12.1 16B92", "Android 9", ""];
const USER_AGENTS: &[&str] = &["Apple-iPhone6C2/1602.92", "Android-Mail/9", ""];
const WL_HEADERS: &[&str] = &["MDM-A", ""];
/// Policy keys devices hold and requests present.
const KEYS: &[u32] = &[1234, 5678];

/// The values a rule on `c` is drawn from: the device pool (non-empty values) plus one that never matches.
pub(crate) fn rule_pool(c: Characteristic) -> &'static [&'static str] {
    match c {
        Characteristic::DeviceType => &["iPhone", "Android", "WP8", "BlackBerry"],
        Characteristic::DeviceModel => &["iPhone6C2", "SM-G900F", "iPhone", "Android", "Ärger-1"],
        Characteristic::DeviceOS => &["iOS 12.1 16B92", "Android 9", "iOS 9"],
        Characteristic::UserAgent => &["Apple-iPhone6C2/1602.92", "Android-Mail/9", "Nokia"],
        Characteristic::XMSWLHeader => &["MDM-A", "MDM-B"],
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Scenario {
    pub(crate) precedence: Precedence,
    pub(crate) default_level: AccessLevel,
    pub(crate) discovery_secs: u32,
    /// The tenant's default policy ("Default") and a second one ("Strict").
    pub(crate) policies: [PolicySpec; 2],
    pub(crate) mailboxes: Vec<MailboxSpec>,
    pub(crate) devices: Vec<DeviceSpec>,
    /// Unique per (characteristic, case-folded query string), as the rule set requires.
    pub(crate) rules: Vec<RuleSpec>,
    pub(crate) facts: RequestFacts,
}

#[derive(Clone, Debug)]
pub(crate) struct PolicySpec {
    pub(crate) allow_non_provisionable: bool,
    pub(crate) refresh_secs: Option<u32>,
    pub(crate) revision: u64,
}

#[derive(Clone, Debug)]
pub(crate) struct MailboxSpec {
    pub(crate) enabled: bool,
    pub(crate) allowed: Vec<String>,
    pub(crate) blocked: Vec<String>,
    /// The assigned policy by name: "Strict" in any case, "Gone" (missing, so the default applies) or none.
    pub(crate) policy: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct DeviceSpec {
    /// Index into `mailboxes` (taken modulo their number).
    pub(crate) mailbox: usize,
    pub(crate) id: String,
    pub(crate) device_type: String,
    pub(crate) model: String,
    pub(crate) os: String,
    pub(crate) user_agent: String,
    pub(crate) wl_header: String,
    pub(crate) info_received: bool,
    /// Seconds before `NOW` of first contact (negative: a clock skewed into the future).
    pub(crate) first_sync_ago: Option<i64>,
    pub(crate) policy_key: Option<u32>,
    pub(crate) policy_applied: Option<String>,
    pub(crate) policy_revision: u64,
    pub(crate) policy_update_ago: Option<i64>,
    /// `Some(acknowledged)` when a wipe was requested.
    pub(crate) wipe: Option<bool>,
}

#[derive(Clone, Debug)]
pub(crate) struct RuleSpec {
    /// Fixes the rule's guid, so a rule keeps its identity when the list is reordered.
    pub(crate) id: u32,
    pub(crate) characteristic: Characteristic,
    pub(crate) query: String,
    pub(crate) level: AccessLevel,
}

/// `s` with the letter case of each character chosen by the bits of `mask`.
pub(crate) fn recase(s: &str, mask: u64) -> String {
    s.chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let upper = mask >> (i % 64) & 1 == 1;
            let folded: Vec<char> = if upper {
                c.to_uppercase().collect()
            } else {
                c.to_lowercase().collect()
            };
            folded
        })
        .collect()
}

fn cased(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    (prop::sample::select(pool), any::<u64>()).prop_map(|(s, mask)| recase(s, mask))
}

fn level() -> impl Strategy<Value = AccessLevel> {
    prop::sample::select(AccessLevel::ALL)
}

fn rule() -> impl Strategy<Value = RuleSpec> {
    (
        prop::sample::select(Characteristic::ALL),
        level(),
        any::<u64>(),
    )
        .prop_flat_map(|(characteristic, level, mask)| {
            prop::sample::select(rule_pool(characteristic)).prop_map(move |q| RuleSpec {
                id: 0,
                characteristic,
                query: recase(q, mask),
                level,
            })
        })
}

/// Policy revisions: mostly the first, so that devices are often provisioned with the current one.
fn revision() -> impl Strategy<Value = u64> {
    prop_oneof![3 => Just(0_u64), 1 => Just(1)]
}

fn policy_spec() -> impl Strategy<Value = PolicySpec> {
    (
        prop::bool::weighted(0.3),
        prop::option::of(prop::sample::select(&[3600_u32, 172_800][..])),
        revision(),
    )
        .prop_map(
            |(allow_non_provisionable, refresh_secs, revision)| PolicySpec {
                allow_non_provisionable,
                refresh_secs,
                revision,
            },
        )
}

fn mailbox() -> impl Strategy<Value = MailboxSpec> {
    let ids = || prop::collection::vec(cased(DEVICE_IDS), 0..=2);
    (
        prop::bool::weighted(0.85),
        ids(),
        ids(),
        prop::option::weighted(0.3, prop::sample::select(&["Strict", "STRICT", "Gone"][..])),
    )
        .prop_map(|(enabled, allowed, blocked, policy)| MailboxSpec {
            enabled,
            allowed,
            blocked,
            policy: policy.map(str::to_string),
        })
}

fn device() -> impl Strategy<Value = DeviceSpec> {
    let ago = || prop::sample::select(&[-60_i64, 0, 60, 839, 840, 841, 86_400][..]);
    let values = (
        cased(TYPES),
        cased(MODELS),
        cased(OSES),
        cased(USER_AGENTS),
        cased(WL_HEADERS),
    );
    let provisioning = (
        prop::option::weighted(0.8, prop::sample::select(KEYS)),
        prop::option::weighted(
            0.8,
            prop::sample::select(&["Default", "Default", "default", "Strict", "Old"][..]),
        ),
        revision(),
        prop::option::of(prop::sample::select(&[0_i64, 3599, 3600, 86_400][..])),
    );
    (
        0_usize..3,
        cased(DEVICE_IDS),
        values,
        any::<bool>(),
        prop::option::weighted(0.8, ago()),
        provisioning,
        prop::option::weighted(0.15, any::<bool>()),
    )
        .prop_map(
            |(mailbox, id, (t, m, o, u, w), info_received, first_sync_ago, p, wipe)| DeviceSpec {
                mailbox,
                id,
                device_type: t,
                model: m,
                os: o,
                user_agent: u,
                wl_header: w,
                info_received,
                first_sync_ago,
                policy_key: p.0,
                policy_applied: p.1.map(str::to_string),
                policy_revision: p.2,
                policy_update_ago: p.3,
                wipe,
            },
        )
}

fn facts() -> impl Strategy<Value = RequestFacts> {
    let policy = prop_oneof![
        2 => Just(PolicyFacts::Exempt),
        3 => Just(PolicyFacts::AssumeStored),
        2 => prop::option::of(prop::sample::select(&[0_u32, 1234, 5678][..]))
            .prop_map(PolicyFacts::Presented),
    ];
    (prop::bool::weighted(0.9), policy).prop_map(|(authenticated, policy)| RequestFacts {
        authenticated,
        policy,
        now: NOW,
    })
}

/// Any scenario, in either precedence mode.
pub(crate) fn scenario() -> impl Strategy<Value = Scenario> {
    let precedence = prop::sample::select(Precedence::ALL);
    scenario_in(precedence)
}

/// A scenario in the given mode(s).
pub(crate) fn scenario_in(
    precedence: impl Strategy<Value = Precedence>,
) -> impl Strategy<Value = Scenario> {
    (
        precedence,
        level(),
        prop::sample::select(&[840_u32, 0, 3600][..]),
        [policy_spec(), policy_spec()],
        prop::collection::vec(mailbox(), 1..=3),
        prop::collection::vec(device(), 1..=5),
        prop::collection::vec(rule(), 0..=6),
        facts(),
    )
        .prop_map(
            |(
                precedence,
                default_level,
                discovery_secs,
                policies,
                mailboxes,
                devices,
                rules,
                facts,
            )| {
                let mut s = Scenario {
                    precedence,
                    default_level,
                    discovery_secs,
                    policies,
                    mailboxes,
                    devices,
                    rules,
                    facts,
                };
                s.dedupe();
                s
            },
        )
}

impl Scenario {
    /// Drops what the model would refuse (a second device with the same id in a mailbox, a second rule for the
    /// same characteristic and query), keeping the first, so the description and the tenant always agree.
    fn dedupe(&mut self) {
        let n = self.mailboxes.len();
        for d in &mut self.devices {
            d.mailbox %= n;
        }
        let mut seen = Vec::new();
        self.devices.retain(|d| {
            let key = (d.mailbox, d.id.to_lowercase());
            let fresh = !seen.contains(&key);
            seen.push(key);
            fresh
        });
        let mut seen = Vec::new();
        self.rules.retain(|r| {
            let key = (r.characteristic, r.query.to_lowercase());
            let fresh = !seen.contains(&key);
            seen.push(key);
            fresh
        });
        for (i, r) in self.rules.iter_mut().enumerate() {
            r.id = i as u32;
        }
    }

    /// The tenant this scenario describes, rules inserted in list order.
    pub(crate) fn build(&self) -> Tenant {
        let mut t = Tenant::new("contoso.com");
        t.settings.precedence = self.precedence;
        t.settings.device_discovery_period_secs = self.discovery_secs;
        t.org.default_access_level = self.default_level;
        let policies = self
            .policies
            .iter()
            .zip(["Default", "Strict"])
            .enumerate()
            .map(|(i, (p, name))| MobileDeviceMailboxPolicy {
                guid: Guid::from_random_bits(0xD0_0D + i as u128),
                name: name.to_string(),
                is_default: i == 0,
                allow_non_provisionable_devices: p.allow_non_provisionable,
                device_policy_refresh_interval: p.refresh_secs,
                revision: p.revision,
                ..MobileDeviceMailboxPolicy::default()
            })
            .collect();
        t.replace_policies(policies)
            .expect("two policies, one default");
        for (i, m) in self.mailboxes.iter().enumerate() {
            let name = format!("User{i}");
            let mailbox = Mailbox {
                guid: Guid::from_random_bits(0x1000 + i as u128),
                name: name.clone(),
                alias: name.to_lowercase(),
                display_name: name.clone(),
                primary_smtp_address: format!("{}@contoso.com", name.to_lowercase()),
                user_principal_name: format!("{}@contoso.com", name.to_lowercase()),
                recipient_type_details: RecipientTypeDetails::UserMailbox,
                password: "pw".into(),
                cas: CasSettings {
                    active_sync_enabled: m.enabled,
                    allowed_device_ids: m.allowed.clone(),
                    blocked_device_ids: m.blocked.clone(),
                    active_sync_mailbox_policy: m.policy.clone(),
                    ..CasSettings::default()
                },
            };
            t.add_mailbox(mailbox)
                .expect("generated mailboxes are unique");
        }
        for (i, d) in self.devices.iter().enumerate() {
            let owner = MailboxId(d.mailbox as u32);
            let mut device = MobileDevice::new(
                Guid::from_random_bits(0x2000 + i as u128),
                owner,
                &d.id,
                &d.device_type,
            );
            device.device_model = d.model.as_str().into();
            device.device_os = d.os.as_str().into();
            device.device_user_agent = d.user_agent.as_str().into();
            device.xms_wl_header = d.wl_header.as_str().into();
            device.device_information_received = d.info_received;
            device.first_sync_time = d.first_sync_ago.map(|s| NOW.add_secs(-s));
            device.provisioning.policy_key = d.policy_key;
            device.provisioning.policy_applied = d.policy_applied.clone();
            device.provisioning.policy_revision = d.policy_revision;
            device.last_policy_update_time = d.policy_update_ago.map(|s| NOW.add_secs(-s));
            device.wipe = d.wipe.map(|acknowledged| WipeRequest {
                requested: NOW.add_secs(-600),
                sent: None,
                acknowledged: acknowledged.then_some(NOW.add_secs(-300)),
                account_only: false,
                requestor: "admin".into(),
            });
            t.add_device(device)
                .expect("generated devices are unique per mailbox");
        }
        for r in &self.rules {
            t.rules
                .insert(rule_of(r))
                .expect("generated rules are unique");
        }
        t
    }
}

/// The model rule a rule description stands for.
pub(crate) fn rule_of(r: &RuleSpec) -> DeviceAccessRule {
    DeviceAccessRule {
        guid: Guid::from_random_bits(0x3000 + u128::from(r.id)),
        query_string: r.query.clone(),
        characteristic: r.characteristic,
        access_level: r.level,
        when_created: None,
    }
}
