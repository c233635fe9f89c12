//! Benchmark of `easim test`'s isolation: 200 `It`s, each in its own top-level `Describe` and so on its own fresh
//! copy of the 1,000-mailbox `default` tenant (issue target: ≤ 3 s in all), against a baseline measured in the same
//! run: the same 200 `It`s in one `Describe`, sharing one copy. The ratio is what isolation costs; the absolute
//! time is what a user waits for.
//!
//! A plain timing loop (median of a few runs) rather than criterion: one iteration takes about a second.
//! Method and figures: BENCHMARKS.md, "easim test". Run: `cargo bench --bench pester`.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::time::{Duration, Instant};

use easim::admin::TenantCopies;
use easim::generator::{Profile, builtin_profile, generate};
use easim::model::{Tenant, Timestamp};
use easim::script::StringHost;
use easim::script::pester::{Outcome, RunOptions, TestFile, discover, run};

const NOW: Timestamp = Timestamp::from_secs(1_795_422_600);
const RUNS: usize = 5;
const TESTS: usize = 200;

/// One test: block a DeviceId for a mailbox and read it back (a write and two reads through the cmdlets).
fn body(alias: &str) -> String {
    format!(
        "Set-CASMailbox -Identity '{alias}' -ActiveSyncBlockedDeviceIDs @{{Add='BENCH0001'}}\n        (Get-CASMailbox -Identity '{alias}').ActiveSyncBlockedDeviceIDs | Should -Contain 'BENCH0001'"
    )
}

fn isolated(aliases: &[String]) -> String {
    aliases
        .iter()
        .enumerate()
        .map(|(i, a)| {
            format!(
                "Describe 'd{i}' {{\n    It 't{i}' {{\n        {}\n    }}\n}}\n",
                body(a)
            )
        })
        .collect()
}

fn shared(aliases: &[String]) -> String {
    let tests: String = aliases
        .iter()
        .enumerate()
        .map(|(i, a)| format!("    It 't{i}' {{\n        {}\n    }}\n", body(a)))
        .collect();
    format!("Describe 'all' {{\n{tests}}}\n")
}

fn time_file(tenant: &Tenant, source: &str) -> Duration {
    let file = TestFile {
        path: "bench.Tests.ps1".into(),
        source: source.into(),
    };
    let options = RunOptions::default();
    let clock = || Duration::ZERO;
    let mut out = StringHost::new();
    let start = Instant::now();
    let mut hosts = TenantCopies {
        base: tenant,
        now: NOW,
    };
    let d = discover(&file, &mut hosts, &mut out, &clock, &options);
    let r = run(d, &mut hosts, &mut out, &clock, &options);
    let elapsed = start.elapsed();
    assert_eq!(r.root.count(Outcome::Passed), TESTS, "{}", out.text);
    elapsed
}

fn median(mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| f()).collect();
    times.sort();
    times[RUNS / 2]
}

fn main() {
    let profile = Profile::parse(builtin_profile("default").unwrap()).unwrap();
    let tenant = generate(&profile, 1, NOW);
    let aliases: Vec<String> = tenant
        .mailboxes()
        .take(TESTS)
        .map(|(_, m)| m.alias.clone())
        .collect();
    assert_eq!(aliases.len(), TESTS);
    let isolated_src = isolated(&aliases);
    let shared_src = shared(&aliases);
    let clone = median(|| {
        let start = Instant::now();
        let copy = tenant.clone();
        let d = start.elapsed();
        drop(copy);
        d
    });
    let baseline = median(|| time_file(&tenant, &shared_src));
    let fresh = median(|| time_file(&tenant, &isolated_src));
    println!(
        "easim test, {TESTS} Its on the default tenant ({} mailboxes), median of {RUNS}:",
        tenant.mailboxes().count()
    );
    println!(
        "  one Describe, one tenant copy (baseline)   {:>9.1} ms",
        baseline.as_secs_f64() * 1e3
    );
    println!(
        "  one Describe each, a fresh copy each       {:>9.1} ms",
        fresh.as_secs_f64() * 1e3
    );
    println!(
        "  ratio                                      {:>9.2}x",
        fresh.as_secs_f64() / baseline.as_secs_f64()
    );
    println!(
        "  one tenant copy                            {:>9.2} ms",
        clone.as_secs_f64() * 1e3
    );
}
