//! Admin shell benchmarks against the targets of issue 6: the pin script (scenario A) over the `large` profile
//! with 20k devices of the model in ≤ 2 s in-process, and the interpreter's overhead for a ForEach-Object
//! pipeline of Set-CASMailbox calls: ≤ 10× a hand-written Rust loop making the same cmdlet calls, measured in
//! the same run.
//!
//! The tenant is the `large` profile (100,000 mailboxes, ≈ 250,000 devices) with the iPhone 5s made common
//! (≈ 20,000 iPhone6C2), org default Quarantine and the Allow rule for the model, so the script has work to do.
//! Every iteration starts from a fresh copy of the tenant (the copy is not timed). Run with
//! `cargo bench --bench script`; see BENCHMARKS.md ("Admin shell").

use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use easim::admin::{LocalHost, cmdlets};
use easim::generator::{Profile, builtin_profile, generate};
use easim::model::{Tenant, Timestamp};
use easim::script::{CmdletHost, Hashtable, NamedArg, NonInteractive, Value, bind};
use easim::script::{RunOutcome, Session, StringHost};

const NOW: Timestamp = Timestamp::from_secs(1_795_422_600);

/// The project's pin script (scripts/pin-allowed-devices.ps1).
const PIN: &str = include_str!("../scripts/pin-allowed-devices.ps1");
/// The blog-style pin script: every device through Where-Object.
const PIN_BLOG: &str = include_str!("../fixtures/script/ok/scenario-a-pin-allowed-devices.ps1");
/// The pipeline whose interpretation overhead is measured.
const PIPELINE: &str = "Get-MobileDevice -ResultSize Unlimited -Filter \"DeviceModel -eq 'iPhone6C2'\" | \
     ForEach-Object { Set-CASMailbox -Identity $_.Identity.Split('\\')[0] -ActiveSyncAllowedDeviceIDs @{Add=$_.DeviceId} }";

fn tenant() -> Tenant {
    let text = builtin_profile("large").expect("the large profile is built in");
    let text = text
        .replace("\"iphone-5s\" = 0.5", "\"iphone-5s\" = 8.4")
        .replace(
            "default_access_level = \"Allow\"",
            "default_access_level = \"Quarantine\"",
        );
    let text = format!(
        "{text}\n[[rules]]\ncharacteristic = \"DeviceModel\"\nquery_string = \"iPhone6C2\"\naccess_level = \"Allow\"\n"
    );
    let profile = Profile::parse(&text).expect("the bench profile is valid");
    generate(&profile, 1, NOW)
}

fn run_script(t: &mut Tenant, source: &str) -> String {
    let mut host = LocalHost::new(t, NOW);
    let mut out = StringHost::new();
    let outcome = Session::default().run(source, &mut host, &mut out);
    assert_eq!(outcome, RunOutcome::Completed, "{}", out.text);
    assert!(out.errors.is_empty(), "{}", out.errors);
    out.text
}

/// The same work as `PIPELINE`, written by hand against the cmdlet API: one Get-MobileDevice, then one bound
/// Set-CASMailbox invocation per device.
fn rust_loop(t: &mut Tenant) -> usize {
    let mut host = LocalHost::new(t, NOW);
    let get = cmdlets::find("Get-MobileDevice").expect("Get-MobileDevice exists");
    let set = cmdlets::find("Set-CASMailbox").expect("Set-CASMailbox exists");
    let args = bind(
        get,
        vec![],
        vec![
            NamedArg::new("ResultSize", "Unlimited"),
            NamedArg::new("Filter", "DeviceModel -eq 'iPhone6C2'"),
        ],
    )
    .expect("binds");
    let devices = host
        .invoke(get, &args, &mut NonInteractive)
        .expect("runs")
        .into_objects();
    let mut n = 0;
    for d in devices {
        let Value::Object(o) = d else { continue };
        let identity = o
            .get("Identity")
            .as_ref()
            .map(Value::to_text)
            .unwrap_or_default();
        let owner = identity.split('\\').next().unwrap_or_default().to_string();
        let edit = Hashtable::new();
        edit.insert("Add", o.get("DeviceId").unwrap_or_default());
        let args = bind(
            set,
            vec![],
            vec![
                NamedArg::new("Identity", owner),
                NamedArg::new("ActiveSyncAllowedDeviceIDs", Value::Hashtable(edit)),
            ],
        )
        .expect("binds");
        host.invoke(set, &args, &mut NonInteractive).expect("runs");
        n += 1;
    }
    n
}

fn benches(c: &mut Criterion) {
    let base = tenant();
    let models = base
        .devices()
        .filter(|(_, d)| &*d.device_model == "iPhone6C2")
        .count();
    println!(
        "tenant: {} mailboxes, {} devices, {models} iPhone6C2",
        base.mailbox_count(),
        base.device_count()
    );
    let mut g = c.benchmark_group("admin shell");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("pin script (scripts/pin-allowed-devices.ps1), large", |b| {
        b.iter_batched_ref(
            || base.clone(),
            |t| run_script(t, PIN),
            BatchSize::LargeInput,
        )
    });
    g.bench_function(
        "blog pin script (Where-Object over every device), large",
        |b| {
            b.iter_batched_ref(
                || base.clone(),
                |t| run_script(t, PIN_BLOG),
                BatchSize::LargeInput,
            )
        },
    );
    g.bench_function("ForEach-Object Set-CASMailbox pipeline", |b| {
        b.iter_batched_ref(
            || base.clone(),
            |t| run_script(t, PIPELINE),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("hand-written Rust loop, same cmdlet calls", |b| {
        b.iter_batched_ref(|| base.clone(), rust_loop, BatchSize::LargeInput)
    });
    g.finish();

    // The ratio, measured here in the same process: the median of 5 runs each, on fresh copies.
    let median = |f: &dyn Fn(&mut Tenant)| -> Duration {
        let mut times: Vec<Duration> = (0..5)
            .map(|_| {
                let mut t = base.clone();
                let start = Instant::now();
                f(&mut t);
                start.elapsed()
            })
            .collect();
        times.sort();
        times[2]
    };
    let script = median(&|t| {
        run_script(t, PIPELINE);
    });
    let native = median(&|t| {
        rust_loop(t);
    });
    println!(
        "interpreter overhead: pipeline {:.1} ms, Rust loop {:.1} ms, ratio {:.2}x (target <= 10x)",
        script.as_secs_f64() * 1e3,
        native.as_secs_f64() * 1e3,
        script.as_secs_f64() / native.as_secs_f64()
    );
}

criterion_group!(script, benches);
criterion_main!(script);
