//! Benchmark of the access engine: `decide` over every device of a 100k-device tenant with 1, 1,000 and 10,000
//! device access rules, in both precedence modes, and `explain` on a sample for comparison.
//!
//! The tenant comes from a small local builder (seeded, realistic-ish device values, rules that sometimes
//! match) rather than `easim::gen`, so the figures do not move when the generator changes. Method and latest
//! figures: BENCHMARKS.md, "Access engine". Run: `cargo bench --bench access`.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use easim::access::{RequestFacts, Verdict, decide, explain};
use easim::model::{
    AccessLevel, CasSettings, Characteristic, DeviceAccessRule, Guid, Mailbox, MailboxId,
    MobileDevice, MobileDeviceMailboxPolicy, Precedence, RecipientTypeDetails, Tenant, Timestamp,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const DEVICES: usize = 100_000;
const RULE_COUNTS: [usize; 3] = [1, 1_000, 10_000];
const EXPLAIN_SAMPLE: usize = 1_000;
const NOW: Timestamp = Timestamp::from_secs(1_795_000_000);

/// (DeviceType, DeviceModel, DeviceOS, User-Agent) of the devices in the tenant; an empty model is a device
/// that never sent one. OS and user agent get a build suffix per device, so values vary as in a real estate.
const CATALOG: &[(&str, &str, &str, &str)] = &[
    (
        "iPhone",
        "iPhone6C2",
        "iOS 12.1 16B92",
        "Apple-iPhone6C2/1602.92",
    ),
    (
        "iPhone",
        "iPhone10C6",
        "iOS 16.5 20F66",
        "Apple-iPhone10C6/2006.66",
    ),
    (
        "iPhone",
        "iPhone14C2",
        "iOS 17.2 21C62",
        "Apple-iPhone14C2/2103.62",
    ),
    ("iPad", "iPad8C1", "iOS 16.1 20B82", "Apple-iPad8C1/2002.82"),
    (
        "Android",
        "SM-G900F",
        "Android 6.0.1",
        "Android-Mail/7.5.10",
    ),
    (
        "SAMSUNGSMG991B",
        "SM-G991B",
        "Android 13",
        "Android-SAMSUNG-SM-G991B/101.130",
    ),
    (
        "Android",
        "Pixel 7",
        "Android 14",
        "Android-Mail/2023.11.19",
    ),
    (
        "Outlook",
        "Outlook for iOS and Android",
        "iOS 17.1",
        "Outlook-iOS-Android/1.0",
    ),
    ("WP8", "Lumia 950", "Windows 10 Mobile", "MSFT-WP/10.0"),
    ("Android", "", "", ""),
];

/// Rules an admin would write, some matching many devices; the first is the one-rule tenant's rule.
const REAL_RULES: &[(Characteristic, &str, AccessLevel)] = &[
    (Characteristic::DeviceModel, "iPhone6C2", AccessLevel::Allow),
    (Characteristic::DeviceType, "WP8", AccessLevel::Block),
    (
        Characteristic::DeviceOS,
        "Android 6.0.1.3",
        AccessLevel::Quarantine,
    ),
    (
        Characteristic::UserAgent,
        "Outlook-iOS-Android/1.0.7",
        AccessLevel::Allow,
    ),
    (Characteristic::DeviceModel, "SM-G991B", AccessLevel::Allow),
    (
        Characteristic::DeviceType,
        "Android",
        AccessLevel::Quarantine,
    ),
    (
        Characteristic::DeviceModel,
        "iPhone14C2",
        AccessLevel::Allow,
    ),
    (Characteristic::DeviceType, "iPad", AccessLevel::Block),
];

/// Shares equal strings, as a loaded tenant does.
#[derive(Default)]
struct Interner(HashMap<String, Arc<str>>);

impl Interner {
    fn get(&mut self, s: &str) -> Arc<str> {
        self.0
            .entry(s.to_string())
            .or_insert_with(|| s.into())
            .clone()
    }
}

/// 100,000 devices in about 25,000 mailboxes (1–7 each, created mailbox by mailbox as a fixture or the
/// generator lays them out), no rules, org default Quarantine. About 10% of mailboxes have the stricter
/// policy; a few have personal allow or block entries; 3% of devices are new and unidentified, 2% never
/// provisioned.
fn base_tenant() -> Tenant {
    let mut rng = ChaCha8Rng::seed_from_u64(0x00AC_CE55);
    let mut t = Tenant::new("contoso.com");
    t.org.default_access_level = AccessLevel::Quarantine;
    t.put_policy(MobileDeviceMailboxPolicy {
        guid: Guid::from_random_bits(0xE7EC),
        name: "Executives".into(),
        password_enabled: true,
        ..MobileDeviceMailboxPolicy::default()
    })
    .expect("a second policy");
    let mut strings = Interner::default();
    let mut devices = 0;
    for i in 0.. {
        if devices == DEVICES {
            break;
        }
        let name = format!("user{i:05}");
        let mailbox = Mailbox {
            guid: Guid::from_random_bits(0x1_0000_0000 + i as u128),
            name: name.clone(),
            alias: name.clone(),
            display_name: format!("User {i:05}"),
            primary_smtp_address: format!("{name}@contoso.com"),
            user_principal_name: format!("{name}@contoso.com"),
            recipient_type_details: RecipientTypeDetails::UserMailbox,
            password: "pw".into(),
            cas: CasSettings {
                active_sync_mailbox_policy: rng.random_bool(0.1).then(|| "Executives".into()),
                ..CasSettings::default()
            },
        };
        let owner = t.add_mailbox(mailbox).expect("unique mailboxes");
        for _ in 0..rng.random_range(1..=7).min(DEVICES - devices) {
            let id = add_device(&mut t, owner, devices, &mut rng, &mut strings);
            devices += 1;
            if rng.random_bool(0.05) {
                t.cas_mut(owner).allowed_device_ids.push(id);
            } else if rng.random_bool(0.01) {
                t.cas_mut(owner).blocked_device_ids.push(id);
            }
        }
    }
    t
}

/// Adds the `i`th device, owned by `owner`, and returns its DeviceId.
fn add_device(
    t: &mut Tenant,
    owner: MailboxId,
    i: usize,
    rng: &mut ChaCha8Rng,
    strings: &mut Interner,
) -> String {
    let (ty, model, os, ua) = CATALOG[rng.random_range(0..CATALOG.len())];
    let build = rng.random_range(0..8);
    let id = format!("{}{:010X}", &ty[..2], rng.random::<u64>() & 0xFF_FFFF_FFFF);
    let mut d = MobileDevice::new(
        Guid::from_random_bits(0x2_0000_0000 + i as u128),
        owner,
        &id,
        ty,
    );
    d.device_type = strings.get(ty);
    d.device_model = strings.get(model);
    if !os.is_empty() {
        d.device_os = strings.get(&format!("{os}.{build}"));
        d.device_user_agent = strings.get(&format!("{ua}.{build}"));
    }
    let new = rng.random_bool(0.03);
    d.device_information_received = !new;
    d.first_sync_time = Some(if new {
        NOW.add_secs(-300)
    } else {
        NOW.add_secs(-86_400 * 30)
    });
    if !rng.random_bool(0.02) {
        let policy = t.policy_for(owner);
        d.provisioning.policy_key = Some(rng.random_range(1..u32::MAX));
        d.provisioning.policy_applied = Some(policy.name.clone());
        d.provisioning.policy_revision = policy.revision;
        d.last_policy_update_time = Some(NOW.add_secs(-86_400));
    }
    t.add_device(d).expect("unique device ids");
    id
}

/// `base` with `n` rules: the admin-style rules first, then rules on values no device has (most rules of a
/// large rule set match few or no devices), spread over the five characteristics and three levels.
fn with_rules(base: &Tenant, n: usize, precedence: Precedence) -> Tenant {
    let mut t = base.clone();
    t.settings.precedence = precedence;
    for i in 0..n {
        let (characteristic, query, level) = match REAL_RULES.get(i) {
            Some(&(c, q, l)) => (c, q.to_string(), l),
            None => {
                let c = Characteristic::ALL[i % Characteristic::ALL.len()];
                (c, format!("{c}-{i:05}"), AccessLevel::ALL[i % 3])
            }
        };
        t.rules
            .insert(DeviceAccessRule {
                guid: Guid::from_random_bits(0x3_0000_0000 + i as u128),
                query_string: query,
                characteristic,
                access_level: level,
                when_created: None,
            })
            .expect("unique rules");
    }
    t
}

/// `base` with the one-rule tenant's rule (DeviceModel `iPhone6C2`, Allow) plus `extra` DeviceModel rules on
/// values no device has: the same characteristics are looked up and the same devices decided by a rule, so only
/// the number of rules differs between sizes. This isolates what rule matching costs per rule in the tenant.
fn with_same_characteristic_rules(base: &Tenant, extra: usize, precedence: Precedence) -> Tenant {
    let mut t = with_rules(base, 1, precedence);
    for i in 0..extra {
        t.rules
            .insert(DeviceAccessRule {
                guid: Guid::from_random_bits(0x4_0000_0000 + i as u128),
                query_string: format!("Model-{i:05}"),
                characteristic: Characteristic::DeviceModel,
                access_level: AccessLevel::ALL[i % 3],
                when_created: None,
            })
            .expect("unique rules");
    }
    t
}

fn decide_all(t: &Tenant, devices: &[&MobileDevice], facts: &RequestFacts) -> usize {
    devices
        .iter()
        .filter(|d| decide(t, d, facts).verdict == Verdict::Allow)
        .count()
}

fn bench_access(c: &mut Criterion) {
    let base = base_tenant();
    let facts = RequestFacts::offline(NOW);

    let mut group = c.benchmark_group("access/decide");
    group.throughput(Throughput::Elements(DEVICES as u64));
    for precedence in [Precedence::Documented, Precedence::Exchange2013] {
        for n in RULE_COUNTS {
            let t = with_rules(&base, n, precedence);
            let devices: Vec<&MobileDevice> = t.devices().map(|(_, d)| d).collect();
            let id = BenchmarkId::new(precedence.name(), format!("{n} rules"));
            group.bench_function(id, |b| {
                b.iter(|| black_box(decide_all(&t, &devices, &facts)))
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("access/rule-count");
    group.throughput(Throughput::Elements(DEVICES as u64));
    for precedence in [Precedence::Documented, Precedence::Exchange2013] {
        for extra in [0, 9_999] {
            let t = with_same_characteristic_rules(&base, extra, precedence);
            let devices: Vec<&MobileDevice> = t.devices().map(|(_, d)| d).collect();
            let id = BenchmarkId::new(precedence.name(), format!("{} rules", extra + 1));
            group.bench_function(id, |b| {
                b.iter(|| black_box(decide_all(&t, &devices, &facts)))
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("access/explain");
    group.throughput(Throughput::Elements(EXPLAIN_SAMPLE as u64));
    for precedence in [Precedence::Documented, Precedence::Exchange2013] {
        let t = with_rules(&base, 1_000, precedence);
        let sample: Vec<&MobileDevice> = t.devices().map(|(_, d)| d).take(EXPLAIN_SAMPLE).collect();
        let id = BenchmarkId::new(precedence.name(), "1000 rules");
        group.bench_function(id, |b| {
            b.iter(|| {
                sample
                    .iter()
                    .map(|d| explain(&t, d, &facts).1.steps.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    targets = bench_access
}
criterion_main!(benches);
