//! Benchmark of the device simulator's set-up and first request, for `easim test`'s budget (issue 13: 200 `It`s
//! that each start from a fresh 1,000-mailbox tenant in ≤ 3 s): cloning the `default` profile's tenant (1,000
//! mailboxes, ≈ 1,360 partnerships), building a `SimHost` around the clone, and a script's first
//! `Invoke-EasRequest` (which generates the owner's mailbox on first use), each the median of many runs.
//!
//! A plain timing loop rather than criterion (each figure is microseconds to a millisecond and the point is the
//! sum per test). Method and figures: BENCHMARKS.md, "Device simulator". Run: `cargo bench --bench sim`.

#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use easim::generator::{Profile, builtin_profile, generate};
use easim::model::Timestamp;
use easim::script::{Session, StringHost};
use easim::sim::SimHost;

const NOW: Timestamp = Timestamp::from_secs(1_795_422_600);
const RUNS: usize = 201;

fn median(mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS).map(|_| f()).collect();
    times.sort();
    times[RUNS / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("sim: bench");
        return;
    }
    let profile = Profile::parse(builtin_profile("default").unwrap()).unwrap();
    let tenant = generate(&profile, 1, NOW);
    println!(
        "tenant: {} mailboxes, {} devices",
        tenant.mailbox_count(),
        tenant.device_count()
    );
    let (_, device) = tenant.devices().next().unwrap();
    let identity = tenant.device_identity(device);
    let device_id = device.device_id.clone();

    let clone = median(|| {
        let start = Instant::now();
        let copy = tenant.clone();
        let t = start.elapsed();
        drop(black_box(copy));
        t
    });
    let new = median(|| {
        let copy = tenant.clone();
        let start = Instant::now();
        let host = SimHost::new(copy, NOW);
        let t = start.elapsed();
        drop(black_box(host));
        t
    });
    let both = median(|| {
        let start = Instant::now();
        let host = SimHost::new(tenant.clone(), NOW);
        let t = start.elapsed();
        drop(black_box(host));
        t
    });
    println!("tenant.clone():                 {clone:.1?}");
    println!("SimHost::new(clone, now):       {new:.1?}");
    println!("both (one Describe's set-up):   {both:.1?}");

    let request = |script: &str| {
        median(|| {
            let mut host = SimHost::new(tenant.clone(), NOW);
            let mut out = StringHost::new();
            let start = Instant::now();
            Session::default().run(script, &mut host, &mut out);
            let t = start.elapsed();
            assert!(!out.text.contains("Exception"), "{}", out.text);
            drop(black_box(host));
            t
        })
    };
    let by_identity = request(&format!(
        "$null = Invoke-EasRequest -Identity '{identity}' -Command FolderSync"
    ));
    let by_id = request(&format!(
        "$null = Invoke-EasRequest -Identity '{device_id}' -Command FolderSync"
    ));
    let first_contact = request(
        "$null = New-SimulatedDevice -Mailbox (Get-Mailbox -ResultSize 1).Name -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android/14'",
    );
    println!("first Invoke-EasRequest FolderSync, by Identity: {by_identity:.1?}");
    println!("the same, by bare DeviceId (scans partnerships): {by_id:.1?}");
    println!("New-SimulatedDevice (Provision, first contact):  {first_contact:.1?}");
}
