//! Benchmark of `easim whatif` and `easim import` at full scale, each as a ratio against a baseline measured in
//! the same run: what-if of scenario A's pin-then-remove-rule change over the `large` profile (baseline: loading
//! that tenant from its fixture JSON), and importing a 250k-device `Get-MobileDevice | Export-Csv` export plus
//! the matching `Get-CASMailbox` export (baseline: the same `model::from_json` load).
//!
//! A plain timing loop (median of a few runs) rather than criterion: one iteration takes about a second, so
//! criterion's minimum sample count would take minutes on the shared machines. Method and figures:
//! BENCHMARKS.md, "What-if and import". Run: `cargo bench --bench import_whatif`.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use easim::admin::{LocalHost, whatif};
use easim::generator::{Profile, builtin_profile, generate};
use easim::import::{self, Options, Source};
use easim::model::{AccessLevel, Characteristic, DeviceAccessRule, Guid, Tenant, Timestamp};

const NOW: Timestamp = Timestamp::from_secs(1_795_422_600);
const RUNS: usize = 3;

fn median(mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| f()).collect();
    times.sort();
    times[RUNS / 2]
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let v = f();
    (start.elapsed(), v)
}

/// The `large` profile with scenario A's set-up: org default Quarantine and a rule allowing the iPhone 5s.
fn scenario_tenant() -> Tenant {
    let profile = Profile::parse(builtin_profile("large").unwrap()).unwrap();
    let mut tenant = generate(&profile, 1, NOW);
    tenant.org.default_access_level = AccessLevel::Quarantine;
    tenant
        .rules
        .insert(DeviceAccessRule {
            guid: Guid::from_random_bits(0x5cea),
            query_string: "iPhone6C2".to_string(),
            characteristic: Characteristic::DeviceModel,
            access_level: AccessLevel::Allow,
            when_created: None,
        })
        .unwrap();
    tenant
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The tenant's devices as `Get-MobileDevice | Export-Csv -NoTypeInformation` writes them (Exchange Online's
/// columns), and its CAS mailboxes with the allow and block lists joined by `;`.
fn exports(tenant: &Tenant) -> (String, String) {
    let mut devices = String::from(
        "\"RunspaceId\",\"FriendlyName\",\"DeviceId\",\"DeviceImei\",\"DeviceMobileOperator\",\"DeviceOS\",\"DeviceOSLanguage\",\"DeviceTelephoneNumber\",\"DeviceType\",\"DeviceUserAgent\",\"DeviceModel\",\"FirstSyncTime\",\"UserDisplayName\",\"DeviceAccessState\",\"DeviceAccessStateReason\",\"DeviceAccessControlRule\",\"ClientVersion\",\"ClientType\",\"IsManaged\",\"IsCompliant\",\"IsDisabled\",\"Name\",\"Identity\",\"Guid\",\"WhenChanged\",\"WhenCreated\",\"IsValid\",\"ObjectState\"\n",
    );
    for (_, d) in tenant.devices() {
        let m = tenant.mailbox(d.mailbox);
        let first = d.first_sync_time.map(|t| {
            let c = t.civil();
            let (h, ampm) = match c.hour {
                0 => (12, "AM"),
                1..=11 => (c.hour, "AM"),
                12 => (12, "PM"),
                _ => (c.hour - 12, "PM"),
            };
            format!(
                "{}/{}/{} {h}:{:02}:{:02} {ampm}",
                c.month, c.day, c.year, c.minute, c.second
            )
        });
        let fields = [
            "7e1c0a7e-3c1d-4d0e-9a55-0b2f7b0d5e11".to_string(),
            d.friendly_name.clone(),
            d.device_id.clone(),
            d.device_imei.clone(),
            d.device_mobile_operator.to_string(),
            d.device_os.to_string(),
            d.device_os_language.to_string(),
            d.device_telephone_number.clone(),
            d.device_type.to_string(),
            d.device_user_agent.to_string(),
            d.device_model.to_string(),
            first.clone().unwrap_or_default(),
            m.display_name.clone(),
            d.access.state.to_string(),
            d.access.reason.to_string(),
            d.access.rule.clone().unwrap_or_default(),
            d.client_version.to_string(),
            d.client_type.to_string(),
            "False".to_string(),
            "False".to_string(),
            "False".to_string(),
            d.identity_leaf(),
            tenant.device_identity(d),
            d.guid.to_string(),
            first.clone().unwrap_or_default(),
            first.unwrap_or_default(),
            "True".to_string(),
            "Unchanged".to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        devices.push_str(&line.join(","));
        devices.push('\n');
    }
    let mut cas = String::from(
        "\"Name\",\"PrimarySmtpAddress\",\"DisplayName\",\"ActiveSyncEnabled\",\"ActiveSyncAllowedDeviceIDs\",\"ActiveSyncBlockedDeviceIDs\",\"Identity\",\"Guid\"\n",
    );
    for (_, m) in tenant.mailboxes() {
        let fields = [
            m.name.clone(),
            m.primary_smtp_address.clone(),
            m.display_name.clone(),
            if m.cas.active_sync_enabled {
                "True"
            } else {
                "False"
            }
            .to_string(),
            m.cas.allowed_device_ids.join(";"),
            m.cas.blocked_device_ids.join(";"),
            m.name.clone(),
            m.guid.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        cas.push_str(&line.join(","));
        cas.push('\n');
    }
    (devices, cas)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("import_whatif: bench");
        return;
    }
    let tenant = scenario_tenant();
    let json = easim::model::to_json(&tenant);
    println!(
        "tenant: {} mailboxes, {} devices, fixture {:.0} MB",
        tenant.mailbox_count(),
        tenant.device_count(),
        json.len() as f64 / 1e6
    );
    let load = median(|| {
        let (t, tenant) = timed(|| easim::model::from_json(&json).unwrap());
        drop(black_box(tenant));
        t
    });
    println!("baseline, loading the tenant (model::from_json): {load:.2?}");

    let pin = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pin-allowed-devices.ps1"),
    )
    .unwrap();
    let mut changes = 0;
    let mut run = Duration::ZERO;
    let mut compare = Duration::ZERO;
    let total = median(|| {
        let (t_run, (copy, changed)) = timed(|| {
            let mut copy = tenant.clone();
            let run = whatif::run_change(&mut LocalHost::new(&mut copy, NOW), &pin);
            (copy, run)
        });
        assert!(changed.completed(), "{}", changed.errors);
        let (t_cmp, report) = timed(|| whatif::compare(&tenant, &copy, NOW));
        assert_eq!(report.lost_access(), 0);
        changes = report.changes.len();
        run = t_run;
        compare = t_cmp;
        t_run + t_cmp
    });
    println!(
        "whatif pin-then-remove-rule: {total:.2?} beyond loading (run on a copy {run:.2?}, compare {compare:.2?}; {changes} devices change); ratio to loading {:.2}",
        total.as_secs_f64() / load.as_secs_f64()
    );

    let (devices, cas) = exports(&tenant);
    println!(
        "exports: Get-MobileDevice {:.0} MB ({} rows), Get-CASMailbox {:.0} MB",
        devices.len() as f64 / 1e6,
        tenant.device_count(),
        cas.len() as f64 / 1e6
    );
    let options = Options {
        domain: Some(tenant.domain().to_string()),
        ..Options::default()
    };
    let sources = [
        Source {
            name: "cas.csv",
            text: &cas,
        },
        Source {
            name: "devices.csv",
            text: &devices,
        },
    ];
    let mut imported = 0;
    let import_time = median(|| {
        let (t, out) = timed(|| import::import(&sources, &options).unwrap());
        imported = out.tenant.device_count();
        drop(black_box(out));
        t
    });
    assert_eq!(imported, tenant.device_count());
    println!(
        "import of the 250k-device export: {import_time:.2?} ({imported} devices); ratio to loading {:.2}",
        import_time.as_secs_f64() / load.as_secs_f64()
    );
}
