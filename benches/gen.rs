//! Benchmark of tenant generation: the `default` profile (1,000 mailboxes) and the `large` one (100,000
//! mailboxes, ~250k devices), plus a one-off measurement of resident memory per device partnership.
//!
//! Run with `cargo bench --bench gen`. The memory figures are the growth of this process's resident set while
//! it generates and holds the `large` tenant, and the same mailboxes without devices (Linux only: it reads
//! /proc/self/status). They do not cover writing or loading fixture JSON.

use std::time::Duration;

use criterion::{BatchSize, Criterion};
use easim::generator::{Profile, builtin_profile, generate};
use easim::model::Timestamp;

fn profile(name: &str) -> Profile {
    let text = builtin_profile(name).expect("the profile is built in");
    Profile::parse(text).expect("built-in profiles parse")
}

fn now() -> Timestamp {
    Timestamp::parse("2026-11-23T00:00:00Z").expect("a valid instant")
}

/// Resident set size in bytes, from /proc/self/status (`None` off Linux).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn memory_report() {
    let large = profile("large");
    // The same mailboxes without devices: the difference between the two is what the devices cost.
    let text = builtin_profile("large").expect("the profile is built in");
    let weights = "devices_per_mailbox = [5, 15, 32, 25, 13, 6, 3, 1]";
    assert!(
        text.contains(weights),
        "large.toml's devices_per_mailbox changed; update the bench"
    );
    let no_devices = Profile::parse(&text.replace(weights, "devices_per_mailbox = [1]"))
        .expect("the edited profile parses");
    // Warm up the allocator and the lazily built statics with a small run first.
    drop(generate(&profile("small"), 1, now()));
    let Some(start) = resident_bytes() else {
        eprintln!("memory: /proc/self/status not available; skipped");
        return;
    };
    let mailboxes_only = generate(&no_devices, 1, now());
    let middle = resident_bytes().unwrap_or(start);
    let tenant = generate(&large, 1, now());
    let end = resident_bytes().unwrap_or(middle);
    let devices = tenant.device_count().max(1) as u64;
    let mailboxes = tenant.mailbox_count().max(1) as u64;
    let (whole, mailbox_part) = (end.saturating_sub(middle), middle.saturating_sub(start));
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    eprintln!(
        "memory: large tenant ({mailboxes} mailboxes, {devices} devices): {:.1} MiB resident in all, {} bytes per \
         device partnership with mailboxes counted in; mailboxes alone (with their index) {:.1} MiB, {} bytes \
         each; so a device partnership with its indexes costs {} bytes",
        mib(whole),
        whole / devices,
        mib(mailbox_part),
        mailbox_part / mailboxes,
        whole.saturating_sub(mailbox_part) / devices,
    );
    drop(tenant);
    drop(mailboxes_only);
}

fn benches(c: &mut Criterion) {
    let default = profile("default");
    c.bench_function("gen/default (1,000 mailboxes)", |b| {
        b.iter_batched(
            || (),
            |()| generate(&default, 1, now()),
            BatchSize::PerIteration,
        )
    });
    let large = profile("large");
    let mut group = c.benchmark_group("gen/large");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("100,000 mailboxes", |b| {
        b.iter_with_large_drop(|| generate(&large, 1, now()))
    });
    group.finish();
}

fn main() {
    memory_report();
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
