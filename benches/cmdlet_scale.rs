//! Per-object cost of every admin cmdlet over tenants of 10k, 100k and 250k device partnerships, and the ratio of
//! the 250k cost to the 10k cost measured in the same run (issue 11, point 7: ≤ 1.5× for every cmdlet).
//!
//! Each case runs a fixed number of operations on objects spread evenly over the tenant (so a lookup that scans
//! from the start of the tenant cannot hide behind early objects), through binding and the cmdlet as the admin
//! endpoint calls them. Listing cases divide by the objects written. Rounds interleave the three sizes and the
//! best round is reported (on a shared machine the others add time spent waiting for a core). Mutations are undone outside the
//! timed part. Export-Tenant and Import-Tenant copy the whole tenant by definition and are not measured.
//!
//! The tenants come from a small deterministic builder here (not `gen`), so the figures do not move when the
//! generator changes: mailboxes with 1–4 partnerships each (mean 2.5), 40 models, 4 types, 12 OS versions.
//! Run with `cargo bench --bench cmdlet_scale` (`-- --quick` for fewer rounds; any other argument is a substring
//! of the case names to run); see BENCHMARKS.md ("Cmdlet cost at scale").

use std::sync::Arc;
use std::time::{Duration, Instant};

use easim::admin::{CmdletContext, LocalHost, cmdlets};
use easim::model::{
    AccessLevel, Characteristic, DeviceAccessRule, DeviceKey, Guid, Mailbox, MailboxId,
    MobileDevice, RecipientTypeDetails, Tenant, Timestamp,
};
use easim::script::{Hashtable, NamedArg, NonInteractive, Value};
use easim::script::{RunOutcome, Session, StringHost};

const SIZES: [usize; 3] = [10_000, 100_000, 250_000];
const MODELS: usize = 40;
const NOW: Timestamp = Timestamp::from_secs(1_795_422_600);

/// A tenant with `devices` partnerships over `devices / 2.5` mailboxes, one Allow rule, org default Quarantine.
fn tenant(devices: usize) -> Tenant {
    let mut t = Tenant::new("bench.test");
    t.org.default_access_level = AccessLevel::Quarantine;
    t.rules
        .insert(DeviceAccessRule {
            guid: Guid::from_random_bits(1),
            query_string: "Model07".into(),
            characteristic: Characteristic::DeviceModel,
            access_level: AccessLevel::Allow,
            when_created: None,
        })
        .expect("one rule");
    let models: Vec<Arc<str>> = (0..MODELS).map(|i| format!("Model{i:02}").into()).collect();
    let types: Vec<Arc<str>> = ["iPhone", "Android", "Outlook", "WindowsMail"]
        .iter()
        .map(|s| Arc::from(*s))
        .collect();
    let oses: Vec<Arc<str>> = (0..12).map(|i| format!("OS {i}.0").into()).collect();
    let mut n = 0u64;
    let mut made = 0;
    let mut m = 0usize;
    while made < devices {
        let name = format!("user{m:06}");
        let id = t
            .add_mailbox(Mailbox {
                guid: Guid::from_random_bits(0x1000_0000 + m as u128),
                name: name.clone(),
                alias: name.clone(),
                display_name: name.clone(),
                primary_smtp_address: format!("{name}@bench.test"),
                user_principal_name: format!("{name}@bench.test"),
                recipient_type_details: RecipientTypeDetails::UserMailbox,
                password: String::new(),
                cas: Default::default(),
            })
            .expect("unique mailbox");
        for d in 0..(1 + m % 4).min(devices - made) {
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = (n >> 33) as usize;
            let mut dev = MobileDevice::new(
                Guid::from_random_bits(0x2000_0000 + (m * 8 + d) as u128),
                id,
                &format!("DEV{m:06}X{d}"),
                &types[r % types.len()],
            );
            dev.device_model = models[(r / 7) % MODELS].clone();
            dev.device_os = oses[(r / 11) % oses.len()].clone();
            dev.first_sync_time = Some(NOW.add_secs(-(r as i64 % 86_400)));
            dev.last_success_sync = Some(NOW.add_secs(-(r as i64 % 8_640_000)));
            t.add_device(dev).expect("unique device");
            made += 1;
        }
        m += 1;
    }
    t
}

/// One tenant and the objects the cases pick from it, spread evenly over creation order.
struct Fixture {
    tenant: Tenant,
    devices: Vec<DeviceKey>,
    mailboxes: Vec<MailboxId>,
}

impl Fixture {
    fn new(size: usize) -> Fixture {
        let tenant = tenant(size);
        let devices = spread(&tenant.devices().map(|(k, _)| k).collect::<Vec<_>>());
        let mailboxes = spread(&tenant.mailboxes().map(|(id, _)| id).collect::<Vec<_>>());
        Fixture {
            tenant,
            devices,
            mailboxes,
        }
    }

    fn device_identity(&self, k: DeviceKey) -> String {
        let d = self.tenant.device(k).expect("a sampled device");
        self.tenant.device_identity(d)
    }

    fn device_guid(&self, k: DeviceKey) -> String {
        self.tenant
            .device(k)
            .expect("a sampled device")
            .guid
            .to_string()
    }

    fn mailbox_name(&self, id: MailboxId) -> String {
        self.tenant.mailbox(id).name.clone()
    }
}

/// The objects a case works on: this many, evenly spaced over `all`.
const SAMPLES: usize = 500;

fn spread<T: Copy>(all: &[T]) -> Vec<T> {
    (0..SAMPLES).map(|i| all[i * all.len() / SAMPLES]).collect()
}

/// Runs one cmdlet call; returns the objects it wrote. A terminating error fails the bench.
fn call(tenant: &mut Tenant, name: &str, positional: Vec<Value>, named: Vec<NamedArg>) -> usize {
    let mut confirmer = NonInteractive;
    let mut ctx = CmdletContext::new(tenant, NOW, &mut confirmer);
    cmdlets::call(&mut ctx, name, positional, named)
        .unwrap_or_else(|e| panic!("{name} failed: {}", e.message));
    let out = ctx.take_output();
    assert_eq!(out.errors().count(), 0, "{name} wrote an error");
    out.objects().count()
}

fn no_confirm() -> NamedArg {
    NamedArg::new("Confirm", false)
}

fn add(id: &str) -> Value {
    let h = Hashtable::new();
    h.insert("Add", Value::str(id));
    Value::Hashtable(h)
}

/// What one measured round of a case did: the time spent in the timed part, and how many objects it covered.
struct Round {
    spent: Duration,
    objects: usize,
}

/// A case: given a fixture, does its work once (timing only the part that counts) and says how many objects
/// that covered.
type Case = fn(&mut Fixture) -> Round;

fn timed(objects: usize, f: impl FnOnce()) -> Round {
    let start = Instant::now();
    f();
    Round {
        spent: start.elapsed(),
        objects,
    }
}

/// Per-call cases: each sampled object once.
fn per_device(
    f: &mut Fixture,
    make: impl Fn(&Fixture, DeviceKey) -> (Vec<Value>, Vec<NamedArg>),
    name: &str,
) -> Round {
    let args: Vec<_> = f.devices.iter().map(|&k| make(f, k)).collect();
    let t = &mut f.tenant;
    timed(args.len(), || {
        for (pos, named) in args {
            call(t, name, pos, named);
        }
    })
}

fn per_mailbox(
    f: &mut Fixture,
    make: impl Fn(&Fixture, MailboxId) -> (Vec<Value>, Vec<NamedArg>),
    name: &str,
) -> Round {
    let args: Vec<_> = f.mailboxes.iter().map(|&id| make(f, id)).collect();
    let t = &mut f.tenant;
    timed(args.len(), || {
        for (pos, named) in args {
            call(t, name, pos, named);
        }
    })
}

/// A listing: the whole call, divided by the objects written.
fn listing(f: &mut Fixture, name: &str, named: Vec<NamedArg>) -> Round {
    let t = &mut f.tenant;
    let mut n = 0;
    let mut r = timed(0, || n = call(t, name, Vec::new(), named));
    r.objects = n;
    r
}

static CASES: &[(&str, Case)] = &[
    ("Get-MobileDevice (all, per object)", |f| {
        listing(
            f,
            "Get-MobileDevice",
            vec![NamedArg::new("ResultSize", "Unlimited")],
        )
    }),
    ("Get-MobileDevice -Filter DeviceModel (per object)", |f| {
        listing(
            f,
            "Get-MobileDevice",
            vec![NamedArg::new("Filter", "DeviceModel -eq 'Model13'")],
        )
    }),
    ("Get-MobileDevice -Identity <Identity>", |f| {
        per_device(
            f,
            |f, k| (vec![Value::str(f.device_identity(k))], vec![]),
            "Get-MobileDevice",
        )
    }),
    ("Get-MobileDevice -Identity <Guid>", |f| {
        per_device(
            f,
            |f, k| (vec![Value::str(f.device_guid(k))], vec![]),
            "Get-MobileDevice",
        )
    }),
    ("Get-MobileDevice -Mailbox", |f| {
        per_mailbox(
            f,
            |f, id| (vec![], vec![NamedArg::new("Mailbox", f.mailbox_name(id))]),
            "Get-MobileDevice",
        )
    }),
    ("Get-MobileDeviceStatistics -Identity <Guid> (piped)", |f| {
        per_device(
            f,
            |f, k| (vec![Value::str(f.device_guid(k))], vec![]),
            "Get-MobileDeviceStatistics",
        )
    }),
    ("Get-MobileDeviceStatistics -Identity <Identity>", |f| {
        per_device(
            f,
            |f, k| (vec![Value::str(f.device_identity(k))], vec![]),
            "Get-MobileDeviceStatistics",
        )
    }),
    ("Get-MobileDeviceStatistics -Mailbox", |f| {
        per_mailbox(
            f,
            |f, id| (vec![], vec![NamedArg::new("Mailbox", f.mailbox_name(id))]),
            "Get-MobileDeviceStatistics",
        )
    }),
    ("Clear-MobileDevice", |f| {
        let r = per_device(
            f,
            |f, k| (vec![Value::str(f.device_identity(k))], vec![no_confirm()]),
            "Clear-MobileDevice",
        );
        let undo: Vec<_> = f.devices.iter().map(|&k| f.device_identity(k)).collect();
        for id in undo {
            call(
                &mut f.tenant,
                "Clear-MobileDevice",
                vec![Value::str(id)],
                vec![NamedArg::switch("Cancel"), no_confirm()],
            );
        }
        r
    }),
    ("Remove-MobileDevice", |f| {
        let saved: Vec<MobileDevice> = f
            .devices
            .iter()
            .map(|&k| f.tenant.device(k).expect("a sampled device").clone())
            .collect();
        let r = per_device(
            f,
            |f, k| (vec![Value::str(f.device_identity(k))], vec![no_confirm()]),
            "Remove-MobileDevice",
        );
        // Back in reverse order, so each takes the slot it left (slots are reused last-freed first).
        for d in saved.into_iter().rev() {
            f.tenant.add_device(d).expect("the device goes back");
        }
        r
    }),
    ("Get-Mailbox -Identity", |f| {
        per_mailbox(
            f,
            |f, id| (vec![Value::str(f.mailbox_name(id))], vec![]),
            "Get-Mailbox",
        )
    }),
    ("Get-Mailbox (all, per object)", |f| {
        listing(
            f,
            "Get-Mailbox",
            vec![NamedArg::new("ResultSize", "Unlimited")],
        )
    }),
    ("Get-CASMailbox -Identity", |f| {
        per_mailbox(
            f,
            |f, id| (vec![Value::str(f.mailbox_name(id))], vec![]),
            "Get-CASMailbox",
        )
    }),
    ("Get-CASMailbox (all, per object)", |f| {
        listing(
            f,
            "Get-CASMailbox",
            vec![NamedArg::new("ResultSize", "Unlimited")],
        )
    }),
    ("Set-CASMailbox -ActiveSyncAllowedDeviceIDs @{Add}", |f| {
        let pins: Vec<(MailboxId, String)> = f
            .devices
            .iter()
            .map(|&k| {
                let d = f.tenant.device(k).expect("a sampled device");
                (d.mailbox, d.device_id.clone())
            })
            .collect();
        let args: Vec<_> = pins
            .iter()
            .map(|(m, id)| {
                (
                    vec![Value::str(f.mailbox_name(*m))],
                    vec![NamedArg::new("ActiveSyncAllowedDeviceIDs", add(id))],
                )
            })
            .collect();
        let t = &mut f.tenant;
        let r = timed(args.len(), || {
            for (pos, named) in args {
                call(t, "Set-CASMailbox", pos, named);
            }
        });
        for (m, _) in pins {
            f.tenant.cas_mut(m).allowed_device_ids.clear();
        }
        r
    }),
    ("New-/Get-/Set-/Remove-ActiveSyncDeviceAccessRule", |f| {
        let t = &mut f.tenant;
        timed(SAMPLES, || {
            for i in 0..SAMPLES {
                let q = format!("NoSuchModel{i}");
                call(
                    t,
                    "New-ActiveSyncDeviceAccessRule",
                    vec![],
                    vec![
                        NamedArg::new("QueryString", q.as_str()),
                        NamedArg::new("Characteristic", "DeviceModel"),
                        NamedArg::new("AccessLevel", "Block"),
                    ],
                );
                let name = format!("{q} (DeviceModel)");
                call(
                    t,
                    "Get-ActiveSyncDeviceAccessRule",
                    vec![Value::str(name.as_str())],
                    vec![],
                );
                call(
                    t,
                    "Set-ActiveSyncDeviceAccessRule",
                    vec![Value::str(name.as_str())],
                    vec![NamedArg::new("AccessLevel", "Quarantine")],
                );
                call(
                    t,
                    "Remove-ActiveSyncDeviceAccessRule",
                    vec![Value::str(name.as_str())],
                    vec![no_confirm()],
                );
            }
        })
    }),
    ("Get-/Set-ActiveSyncOrganizationSettings", |f| {
        let t = &mut f.tenant;
        timed(SAMPLES, || {
            for i in 0..SAMPLES {
                call(t, "Get-ActiveSyncOrganizationSettings", vec![], vec![]);
                call(
                    t,
                    "Set-ActiveSyncOrganizationSettings",
                    vec![],
                    vec![NamedArg::new("UserMailInsert", format!("insert {i}"))],
                );
            }
        })
    }),
    ("New-/Get-/Set-/Remove-MobileDeviceMailboxPolicy", |f| {
        let t = &mut f.tenant;
        timed(SAMPLES, || {
            for i in 0..SAMPLES {
                let name = format!("Policy{i}");
                call(
                    t,
                    "New-MobileDeviceMailboxPolicy",
                    vec![Value::str(name.as_str())],
                    vec![],
                );
                call(
                    t,
                    "Get-MobileDeviceMailboxPolicy",
                    vec![Value::str(name.as_str())],
                    vec![],
                );
                call(
                    t,
                    "Set-MobileDeviceMailboxPolicy",
                    vec![Value::str(name.as_str())],
                    vec![NamedArg::new("MinPasswordLength", Value::Int(6))],
                );
                call(
                    t,
                    "Remove-MobileDeviceMailboxPolicy",
                    vec![Value::str(name.as_str())],
                    vec![no_confirm()],
                );
            }
        })
    }),
    (
        "Shell: Get-MobileDevice -Filter … | Get-MobileDeviceStatistics (per device)",
        |f| {
            let source = "$s = @(Get-MobileDevice -Filter \"DeviceModel -eq 'Model13'\" | Get-MobileDeviceStatistics)\n$s.Count";
            let mut n = 0;
            let t = &mut f.tenant;
            let mut r = timed(0, || {
                let mut host = LocalHost::new(t, NOW);
                let mut out = StringHost::new();
                let outcome = Session::default().run(source, &mut host, &mut out);
                assert_eq!(outcome, RunOutcome::Completed, "{}", out.errors);
                n = out.text.trim().parse().expect("a count");
            });
            r.objects = n;
            r
        },
    ),
];

/// The best round: on a shared machine the others are the same work plus time spent waiting for a core.
fn best(v: Vec<f64>) -> f64 {
    v.into_iter().fold(f64::INFINITY, f64::min)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let rounds = if quick { 5 } else { 15 };
    let built = Instant::now();
    let mut fixtures: Vec<Fixture> = SIZES.iter().map(|&s| Fixture::new(s)).collect();
    eprintln!(
        "tenants of {} devices built in {:.1} s; {rounds} rounds per case",
        SIZES.map(|s| s.to_string()).join(", "),
        built.elapsed().as_secs_f64()
    );
    println!(
        "| Case | {} | 250k / 10k | 250k / 100k |",
        SIZES.map(|s| format!("{}k devices", s / 1000)).join(" | ")
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let mut worst: f64 = 0.0;
    for (name, case) in CASES {
        if !only.is_empty() && !only.iter().any(|o| name.contains(o.as_str())) {
            continue;
        }
        let mut per_size: Vec<Vec<f64>> = vec![Vec::new(); SIZES.len()];
        // One untimed warm-up round, then interleaved rounds.
        for f in &mut fixtures {
            case(f);
        }
        for _ in 0..rounds {
            for (i, f) in fixtures.iter_mut().enumerate() {
                let r = case(f);
                assert!(r.objects > 0, "{name} covered no objects");
                per_size[i].push(r.spent.as_nanos() as f64 / r.objects as f64);
            }
        }
        let med: Vec<f64> = per_size.into_iter().map(best).collect();
        let ratio = med[2] / med[0];
        worst = worst.max(ratio);
        println!(
            "| {name} | {} | {ratio:.2}× | {:.2}× |",
            med.iter()
                .map(|ns| format!("{:.2} µs", ns / 1000.0))
                .collect::<Vec<_>>()
                .join(" | "),
            med[2] / med[1]
        );
    }
    println!("\nworst ratio 250k / 10k: {worst:.2}× (target ≤ 1.5×)");
}
