//! Load benchmark of the EAS endpoint over loopback: keep-alive steady-state Sync loops (provisioned devices
//! whose Inbox is drained, so every Sync is fully processed — auth, access decision, sync state diff — and
//! answers "nothing new"), against a minimal hyper "hello" service driven by the same client in the same run
//! as the baseline. Then the resident memory of a server holding a ~100k-device tenant. Then (`pim`) the full
//! download of a Calendar folder of 5,000 items against that of an Inbox of 5,000 messages, same device, same
//! run.
//!
//! Run with `cargo bench --bench eas_load` (add `-- --quick` for 2-second runs; `-- load`, `-- memory` or
//! `-- pim` for one part). Bounded: fixed connections, a deadline and a request budget; loopback only. Client and server
//! share one 2-worker runtime, as they share the machine's 2 cores.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use easim::generator::{Profile, builtin_profile, generate};
use easim::load::{LoadPlan, LoadReport, Target};
use easim::model::{Tenant, Timestamp};
use easim::server::{AppState, Listeners, ServerConfig};
use http_body_util::Full;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

const CONNECTIONS: usize = 32;

fn now() -> Timestamp {
    Timestamp::parse("2026-11-23T00:00:00Z").expect("a valid instant")
}

fn profile(name: &str, mailboxes: Option<u32>) -> Profile {
    let mut text = builtin_profile(name)
        .expect("the profile is built in")
        .to_string();
    if let Some(n) = mailboxes {
        let line = text
            .lines()
            .find(|l| l.starts_with("mailboxes = "))
            .expect("profiles name their mailbox count")
            .to_string();
        text = text.replace(&line, &format!("mailboxes = {n}"));
    }
    Profile::parse(&text).expect("the profile parses")
}

/// Starts `easim::server::run` on 127.0.0.1:0; returns the address and the stop switch.
async fn start_easim(tenant: Tenant) -> (SocketAddr, watch::Sender<bool>, Arc<AppState>) {
    let eas = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = eas.local_addr().expect("bound address");
    let config = ServerConfig {
        mail_epoch: Some(now()),
        ..ServerConfig::default()
    };
    let state = Arc::new(AppState::new(tenant, config));
    let (tx, mut rx) = watch::channel(false);
    let s = state.clone();
    tokio::spawn(async move {
        let _ = easim::server::run(Listeners { eas, admin: None }, s, async move {
            let _ = rx.wait_for(|stop| *stop).await;
        })
        .await;
    });
    (addr, tx, state)
}

/// A minimal hyper HTTP/1.1 service answering `hello` to everything: the baseline.
async fn start_hello() -> (SocketAddr, watch::Sender<bool>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("bound address");
    let (tx, mut rx) = watch::channel(false);
    tokio::spawn(async move {
        let mut conns = JoinSet::new();
        loop {
            tokio::select! {
                _ = rx.wait_for(|stop| *stop) => break,
                accepted = listener.accept() => {
                    let Ok((stream, _)) = accepted else { continue };
                    let _ = stream.set_nodelay(true);
                    conns.spawn(async move {
                        let service = service_fn(|_req| async {
                            Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::from_static(b"hello"))))
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            }
        }
        conns.abort_all();
    });
    (addr, tx)
}

async fn load(duration: Duration) {
    let tenant = generate(&profile("default", None), 1, now());
    let devs = easim::load::run::fleet(&tenant, CONNECTIONS, "BENCH");
    let (addr, stop, _state) = start_easim(tenant).await;
    let eas = easim::load::run::run(LoadPlan {
        addr,
        target: Target::EasSync { devices: devs },
        duration,
        max_requests: 5_000_000,
        per_device: None,
        live: None,
    })
    .await
    .expect("the EAS load run completes")
    .summary();
    let _ = stop.send(true);
    let (hello_addr, hello_stop) = start_hello().await;
    let hello = easim::load::run::run(LoadPlan {
        addr: hello_addr,
        target: Target::Get {
            path: "/".to_string(),
            connections: CONNECTIONS,
        },
        duration,
        max_requests: 5_000_000,
        per_device: None,
        live: None,
    })
    .await
    .expect("the hello load run completes")
    .summary();
    let _ = hello_stop.send(true);
    report("EAS steady-state Sync", &eas);
    report("hyper hello baseline", &hello);
    println!(
        "ratio EAS/hello: {:.2} ({:.0} / {:.0} req/s)",
        eas.per_second() / hello.per_second().max(1.0),
        eas.per_second(),
        hello.per_second()
    );
}

fn report(name: &str, r: &LoadReport) {
    println!("{name}: {r}");
}

/// Resident set size in bytes, from /proc/self/status (`None` off Linux).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

async fn memory(duration: Duration) {
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let before = resident_bytes();
    // `large` scaled to ~100k device partnerships.
    let tenant = generate(&profile("large", Some(40_400)), 1, now());
    let (mailboxes, partnerships) = (tenant.mailbox_count(), tenant.device_count());
    let devs = easim::load::run::fleet(&tenant, CONNECTIONS, "BENCH");
    let (addr, stop, state) = start_easim(tenant).await;
    let r = easim::load::run::run(LoadPlan {
        addr,
        target: Target::EasSync { devices: devs },
        duration: duration.min(Duration::from_secs(2)),
        max_requests: 1_000_000,
        per_device: None,
        live: None,
    })
    .await
    .expect("the load run against the large tenant completes")
    .summary();
    let materialised = state.lock().mail.len();
    let after = resident_bytes();
    let _ = stop.send(true);
    match (before, after) {
        (Some(b), Some(a)) => println!(
            "memory: serving {mailboxes} mailboxes / {partnerships} device partnerships ({materialised} mailboxes' mail materialised, {} requests served): {:.1} MiB resident (process started at {:.1} MiB)",
            r.requests,
            mib(a),
            mib(b)
        ),
        _ => println!("memory: /proc/self/status not available; skipped"),
    }
}

/// Items in each folder of the `pim` part.
const FOLDER_ITEMS: usize = 5_000;

/// Fills `folder` of the device's mailbox to `FOLDER_ITEMS` items by repeating its generated ones (shared
/// payloads: the cost measured is writing them, not making them up).
fn fill_to(state: &AppState, upn: &str, folder: u32) {
    let mut world = state.lock();
    let world = &mut *world;
    let (id, _) = world
        .tenant
        .mailboxes()
        .find(|(_, m)| m.user_principal_name.eq_ignore_ascii_case(upn))
        .expect("the fleet's user has a mailbox");
    let store = world.mail.filled(&world.tenant, id, folder);
    let seeds: Vec<_> = store
        .folder(folder)
        .expect("a standard folder")
        .items
        .values()
        .map(|i| i.payload.clone())
        .collect();
    let mut n = seeds.len();
    while n < FOLDER_ITEMS {
        store.add_payload(folder, seeds[n % seeds.len()].clone(), true, None);
        n += 1;
    }
}

/// The median wall time of draining `folder` from SyncKey 0 with the largest window (512), `rounds` times.
async fn drain(
    session: &mut easim::load::session::Session,
    folder: &str,
    rounds: usize,
) -> Duration {
    let mut times = Vec::new();
    for _ in 0..rounds {
        let start = Instant::now();
        let (items, _) = session
            .sync_all(folder, 512)
            .await
            .expect("the folder syncs");
        times.push(start.elapsed());
        assert_eq!(items.len(), FOLDER_ITEMS, "folder {folder}");
    }
    times.sort();
    times[rounds / 2]
}

async fn pim(quick: bool) {
    let tenant = generate(&profile("default", Some(10)), 1, now());
    let device = easim::load::run::fleet(&tenant, 1, "PIMBENCH")
        .pop()
        .expect("the tenant has a user with ActiveSync");
    let (addr, stop, state) = start_easim(tenant).await;
    fill_to(&state, &device.user, easim::eas::folder::CALENDAR);
    fill_to(&state, &device.user, easim::eas::folder::INBOX);
    let mut s = easim::load::session::Session::connect(addr, device)
        .await
        .expect("connect");
    s.provision().await.expect("provision");
    s.folder_sync().await.expect("folder sync");
    let rounds = if quick { 5 } else { 21 };
    // One untimed pass each first, so both start warm.
    drain(&mut s, "1", 1).await;
    drain(&mut s, "5", 1).await;
    let calendar = drain(&mut s, "1", rounds).await;
    let inbox = drain(&mut s, "5", rounds).await;
    let _ = stop.send(true);
    let per_item = |d: Duration| d.as_secs_f64() * 1e6 / FOLDER_ITEMS as f64;
    println!(
        "pim: full Sync of {FOLDER_ITEMS} items, window 512, median of {rounds}: Calendar {:.1} ms ({:.1} µs/item), Inbox {:.1} ms ({:.1} µs/item), ratio Calendar/Inbox {:.2}",
        calendar.as_secs_f64() * 1e3,
        per_item(calendar),
        inbox.as_secs_f64() * 1e3,
        per_item(inbox),
        calendar.as_secs_f64() / inbox.as_secs_f64()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wants = |part: &str| only.is_empty() || only.contains(&part);
    let duration = Duration::from_secs(if quick { 2 } else { 5 });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        if wants("load") {
            load(duration).await;
        }
        if wants("memory") {
            memory(duration).await;
        }
        if wants("pim") {
            pim(quick).await;
        }
    });
}
