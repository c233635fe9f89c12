//! Remote admin shell benchmarks (issue 6): `RemoteHost` round trips per second over loopback (target ≥ 5,000/s),
//! and scenario A's pinning over the `large` profile through the admin endpoint (target ≤ 15 s).
//!
//! The pinning is measured twice, once each on a fresh server (a second run would find the devices pinned): the
//! MISSION's pin script itself (`fixtures/script/ok/scenario-a-pin-allowed-devices.ps1`) run by the evaluator's
//! `Session` with a `RemoteHost`, which is what `easim run --connect` does; and the same cmdlet calls made from
//! Rust (one `Get-MobileDevice -ResultSize Unlimited` paged over the wire, then `Get-Mailbox` and
//! `Set-CASMailbox @{Add}` per device) for the script's model and for the most common one, to show the wire's
//! share. Run with `cargo bench --bench remote`; see BENCHMARKS.md.

use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group};
use easim::admin::cmdlets;
use easim::generator::{Profile, builtin_profile, generate};
use easim::model::{Tenant, Timestamp};
use easim::remote::{RemoteConfig, RemoteHost};
use easim::script::{
    BoundParameters, CmdletHost, Hashtable, NamedArg, NonInteractive, Output, Value, bind,
};
use easim::script::{RunOutcome, Session, StringHost};
use easim::server::{self, AppState, Listeners, ServerConfig};

const TOKEN: &str = "bench-token";
const NOW: Timestamp = Timestamp::from_secs(1_795_422_600);

/// A server on 127.0.0.1:0 on its own thread and runtime (2 workers, as many as the machine has cores).
struct Served {
    addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn serve(tenant: Tenant) -> Served {
    let state = Arc::new(AppState::new(
        tenant,
        ServerConfig {
            admin_token: TOKEN.into(),
            ..ServerConfig::default()
        },
    ));
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async move {
            let eas = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            let admin = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            addr_tx
                .send(admin.local_addr().expect("an address"))
                .expect("the bench waits for the address");
            let listeners = Listeners {
                eas,
                admin: Some(admin),
            };
            let _ = server::run(listeners, state, async {
                let _ = stop_rx.await;
            })
            .await;
        });
    });
    Served {
        addr: addr_rx.recv().expect("the server binds"),
        stop: Some(stop_tx),
        thread: Some(thread),
    }
}

impl Served {
    fn host(&self) -> RemoteHost {
        let url = format!(
            "http://{}/adminapi/beta/contoso.com/InvokeCommand",
            self.addr
        );
        RemoteHost::new(RemoteConfig::new(url, TOKEN), NOW).expect("a valid URL")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn bound(
    cmdlet: &str,
    named: Vec<NamedArg>,
) -> (&'static easim::script::CmdletInfo, BoundParameters) {
    let info = cmdlets::find(cmdlet).expect("a cmdlet");
    (info, bind(info, vec![], named).expect("binds"))
}

fn invoke(host: &mut RemoteHost, cmdlet: &str, named: Vec<NamedArg>) -> Output {
    let (info, args) = bound(cmdlet, named);
    host.invoke(info, &args, &mut NonInteractive)
        .unwrap_or_else(|e| panic!("{cmdlet}: {e}"))
}

fn text(v: &Value, prop: &str) -> String {
    v.as_object()
        .and_then(|o| o.get(prop))
        .map(|x| x.to_text())
        .unwrap_or_default()
}

/// Round trips through `RemoteHost::invoke` on one keep-alive connection, as a script makes them (one at a time).
fn round_trips(c: &mut Criterion) {
    let served = serve(easim::admin::examples::example_tenant());
    let mut host = served.host();
    let mut g = c.benchmark_group("RemoteHost loopback");
    g.throughput(Throughput::Elements(1));
    let (info, args) = bound("Get-CASMailbox", vec![NamedArg::new("Identity", "alice")]);
    g.bench_function("Get-CASMailbox -Identity (1 connection)", |b| {
        b.iter(|| {
            let out = host.invoke(info, &args, &mut NonInteractive).expect("runs");
            assert_eq!(out.objects().count(), 1);
        });
    });
    // Adds and removes alternate, so the list stays short and every call costs the same.
    let edit = |verb: &str| {
        let h = Hashtable::new();
        h.insert(verb.to_string(), Value::str("BENCH0001"));
        bound(
            "Set-CASMailbox",
            vec![
                NamedArg::new("Identity", "carol"),
                NamedArg::new("ActiveSyncBlockedDeviceIDs", Value::Hashtable(h)),
            ],
        )
    };
    let (add, remove) = (edit("Add"), edit("Remove"));
    let mut n = 0u64;
    g.bench_function("Set-CASMailbox @{Add}/@{Remove} (1 connection)", |b| {
        b.iter(|| {
            n += 1;
            let (info, args) = if n.is_multiple_of(2) { &add } else { &remove };
            host.invoke(info, args, &mut NonInteractive).expect("runs");
        });
    });
    g.finish();
}

/// Scenario A's pinning over the `large` profile, once, printed: for the script's model (`iPhone6C2`) and for the
/// most common model (the worst case: most devices to pin).
fn pin_over_large() {
    let profile = Profile::parse(builtin_profile("large").expect("built in")).expect("valid");
    let started = Instant::now();
    let tenant = generate(&profile, 1, NOW);
    let generated = started.elapsed();
    let mut counts = std::collections::HashMap::<String, usize>::new();
    for (_, d) in tenant.devices() {
        *counts.entry(d.device_model.to_string()).or_default() += 1;
    }
    let (most_common, _) = counts
        .into_iter()
        .max_by_key(|(m, n)| (*n, m.clone()))
        .expect("devices");
    println!(
        "large profile: {} mailboxes, {} devices, generated in {:.1} s",
        tenant.mailbox_count(),
        tenant.device_count(),
        generated.as_secs_f64()
    );
    pin_script(tenant.clone());
    pin(tenant.clone(), "iPhone6C2");
    pin(tenant, &most_common);
}

/// The pin script, unchanged, through the evaluator and the remote host.
fn pin_script(tenant: Tenant) {
    const SCRIPT: &str = include_str!("../fixtures/script/ok/scenario-a-pin-allowed-devices.ps1");
    let served = serve(tenant);
    let mut host = served.host();
    let mut out = StringHost::new();
    let started = Instant::now();
    let outcome = Session::default().run(SCRIPT, &mut host, &mut out);
    let spent = started.elapsed();
    assert_eq!(outcome, RunOutcome::Completed, "{}", out.errors);
    println!(
        "pin script (fixtures/script/ok/scenario-a-pin-allowed-devices.ps1) over large via Session + RemoteHost: \
         {} lines printed, {} requests, {:.2} s (target <= 15 s)",
        out.text.lines().count(),
        host.requests(),
        spent.as_secs_f64()
    );
}

fn pin(tenant: Tenant, model: &str) {
    let served = serve(tenant);
    let mut host = served.host();

    let started = Instant::now();
    let all = invoke(
        &mut host,
        "Get-MobileDevice",
        vec![NamedArg::new("ResultSize", "Unlimited")],
    );
    let listed = started.elapsed();
    let listed_requests = host.requests();
    let mut pinned = 0;
    for d in all.objects() {
        if text(d, "DeviceModel") != model
            || text(d, "DeviceAccessState") != "Allowed"
            || text(d, "DeviceAccessStateReason") == "Individual"
        {
            continue;
        }
        let identity = text(d, "Identity");
        let owner = identity.split('\\').next().unwrap_or_default().to_string();
        let mailbox = invoke(
            &mut host,
            "Get-Mailbox",
            vec![NamedArg::new("Identity", owner)],
        );
        let smtp = mailbox
            .objects()
            .next()
            .map(|m| text(m, "PrimarySmtpAddress"))
            .unwrap_or_default();
        let add = Hashtable::new();
        add.insert("Add", Value::str(text(d, "DeviceId")));
        invoke(
            &mut host,
            "Set-CASMailbox",
            vec![
                NamedArg::new("Identity", smtp),
                NamedArg::new("ActiveSyncAllowedDeviceIDs", Value::Hashtable(add)),
            ],
        );
        pinned += 1;
    }
    let total = started.elapsed();
    let pin_requests = host.requests() - listed_requests;
    println!(
        "pin '{model}' over large via RemoteHost: Get-MobileDevice -ResultSize Unlimited: {} objects in \
         {listed_requests} pages, {:.2} s; pinned {pinned} devices with {pin_requests} round trips ({:.0}/s); \
         total {:.2} s (target <= 15 s)",
        all.objects().count(),
        listed.as_secs_f64(),
        pin_requests as f64 / (total - listed).as_secs_f64(),
        total.as_secs_f64(),
    );
}

criterion_group! {
    name = remote;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = round_trips
}

fn main() {
    // `cargo bench --bench remote -- <filter>` still runs the pinning once unless the filter excludes it.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter
        .as_deref()
        .is_none_or(|f| "pin over large".contains(f))
    {
        pin_over_large();
    }
    remote();
    Criterion::default().configure_from_args().final_summary();
}
