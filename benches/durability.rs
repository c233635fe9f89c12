//! What `--state DIR` costs (issue 12's targets): the InvokeCommand round trip of a change (Set-CASMailbox) with
//! and without a state directory (target ≤ 2×), EAS steady-state Sync throughput with and without one (target: at
//! most 20 % fewer requests per second), and start-up replay of a 1-million-entry journal (target ≤ 5 s), for each
//! kind of entry. Both sync policies are measured: `--fsync interval` (the default: written before the answer,
//! synced every second) and `--fsync always` (synced before the answer, grouped).
//!
//! Replay covers every kind of entry, mailbox records included (and what reading a record back at start costs).
//!
//! Also: concurrent admin callers (group commit), and how long a snapshot of the `large` profile holds the world
//! lock. Run with `cargo bench --bench durability` (`-- --quick` for shorter runs; `-- admin`, `-- eas`,
//! `-- replay` or `-- snapshot` for one part). No Criterion: bounded loops with wall-clock medians, as `eas_load` does, because the costs
//! measured are a disk's. Client and server share the machine's 2 cores. Loopback only; state directories are
//! temporary.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use easim::admin::cmdlets;
use easim::admin::examples::example_tenant;
use easim::durable::{
    AdminCall, Counters, DeviceRecord, DeviceTimes, Durable, DurableConfig, Entry, MailboxRecord,
    State, SyncPolicy,
};
use easim::eas::MailStore;
use easim::eas::mail_store::record;
use easim::generator::{Profile, builtin_profile, generate};
use easim::load::{LoadPlan, Target};
use easim::model::{MailboxId, MobileDevice, Tenant, Timestamp};
use easim::remote::{RemoteConfig, RemoteHost};
use easim::script::{CmdletHost, Hashtable, NamedArg, NonInteractive, Value, bind};
use easim::server::{AppState, Listeners, ServerConfig};
use tokio::net::TcpListener;
use tokio::sync::watch;

const TOKEN: &str = "bench-token";
const CONNECTIONS: usize = 32;

fn now() -> Timestamp {
    Timestamp::parse("2026-11-23T00:00:00Z").expect("a valid instant")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Memory,
    Interval,
    Always,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Memory, Mode::Interval, Mode::Always];

    fn name(self) -> &'static str {
        match self {
            Mode::Memory => "in memory (no --state)",
            Mode::Interval => "--state, --fsync interval",
            Mode::Always => "--state, --fsync always",
        }
    }
}

/// The server's state for `mode`; the temporary directory lives as long as the returned guard.
fn app_state(tenant: Tenant, mode: Mode) -> (AppState, Option<tempfile::TempDir>) {
    let config = ServerConfig {
        admin_token: TOKEN.into(),
        mail_epoch: Some(now()),
        ..ServerConfig::default()
    };
    let sync = match mode {
        Mode::Memory => return (AppState::new(tenant, config), None),
        Mode::Interval => SyncPolicy::Write,
        Mode::Always => SyncPolicy::Always,
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let cfg = DurableConfig {
        sync,
        ..DurableConfig::default()
    };
    let initial = State {
        tenant,
        seed: 1,
        mail_epoch: now(),
        rng_word_pos: 0,
        mail: Default::default(),
    };
    let (durable, state, _) = Durable::open(dir.path(), cfg, || Ok(initial)).expect("opens");
    (
        AppState::resume(state, durable, config).expect("resumes"),
        Some(dir),
    )
}

/// A server on its own thread and runtime (2 workers); stops when dropped.
struct Served {
    admin: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn serve(state: AppState) -> Served {
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async move {
            let eas = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            let admin = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            addr_tx
                .send(admin.local_addr().expect("an address"))
                .expect("the bench waits for the address");
            let listeners = Listeners {
                eas,
                admin: Some(admin),
            };
            let _ = easim::server::run(listeners, Arc::new(state), async {
                let _ = stop_rx.await;
            })
            .await;
        });
    });
    Served {
        admin: addr_rx.recv().expect("the server binds"),
        stop: Some(stop_tx),
        thread: Some(thread),
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

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A remote host on `served` and the two Set-CASMailbox calls it alternates (@{Add} and @{Remove}, so every
/// call changes the tenant and costs the same).
struct AdminClient {
    host: RemoteHost,
    calls: [easim::script::BoundParameters; 2],
}

impl AdminClient {
    fn new(served: &Served) -> AdminClient {
        let url = format!(
            "http://{}/adminapi/beta/contoso.com/InvokeCommand",
            served.admin
        );
        let info = cmdlets::find("Set-CASMailbox").expect("a cmdlet");
        let edit = |verb: &str| {
            let h = Hashtable::new();
            h.insert(verb.to_string(), Value::str("BENCH0001"));
            let named = vec![
                NamedArg::new("Identity", "carol"),
                NamedArg::new("ActiveSyncBlockedDeviceIDs", Value::Hashtable(h)),
            ];
            bind(info, vec![], named).expect("binds")
        };
        AdminClient {
            host: RemoteHost::new(RemoteConfig::new(url, TOKEN), now()).expect("a valid URL"),
            calls: [edit("Add"), edit("Remove")],
        }
    }

    /// Mean microseconds per round trip over `n` calls.
    fn run(&mut self, n: usize) -> f64 {
        let info = cmdlets::find("Set-CASMailbox").expect("a cmdlet");
        let started = Instant::now();
        for i in 0..n {
            self.host
                .invoke(info, &self.calls[i % 2], &mut NonInteractive)
                .expect("the call runs");
        }
        started.elapsed().as_secs_f64() * 1e6 / n as f64
    }
}

/// The three modes' servers side by side, measured in turns (round after round), so that the machine's load,
/// which changes by the second on a shared build machine, weighs on all three alike; each round's time is
/// compared with the in-memory time of the same round.
fn admin(quick: bool) {
    let (calls, rounds) = if quick { (300, 5) } else { (1000, 15) };
    let mut dirs = Vec::new();
    let mut servers = Vec::new();
    for mode in Mode::ALL {
        let (state, dir) = app_state(example_tenant(), mode);
        dirs.push(dir);
        servers.push(serve(state));
    }
    let mut clients: Vec<AdminClient> = servers.iter().map(AdminClient::new).collect();
    for c in &mut clients {
        c.run(calls / 4); // warm up connections and caches
    }
    let mut times = vec![Vec::new(); Mode::ALL.len()];
    let mut ratios = vec![Vec::new(); Mode::ALL.len()];
    for _ in 0..rounds {
        let round: Vec<f64> = clients.iter_mut().map(|c| c.run(calls)).collect();
        for (m, t) in round.iter().enumerate() {
            times[m].push(*t);
            ratios[m].push(t / round[0]);
        }
    }
    for (m, mode) in Mode::ALL.into_iter().enumerate() {
        println!(
            "admin Set-CASMailbox round trip, {}: {:.0} µs median; {:.2}× in memory (median of {rounds} rounds of {calls})",
            mode.name(),
            median(times[m].clone()),
            median(ratios[m].clone())
        );
    }
    // Group commit: concurrent callers share one sync under --fsync always.
    for (m, mode) in Mode::ALL.into_iter().enumerate() {
        let clients = 8;
        let per = calls / 2;
        let started = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..clients {
                let served = &servers[m];
                scope.spawn(move || AdminClient::new(served).run(per));
            }
        });
        let rate = (clients * per) as f64 / started.elapsed().as_secs_f64();
        println!(
            "admin Set-CASMailbox, {clients} concurrent clients, {}: {rate:.0} calls/s",
            mode.name()
        );
    }
}

/// A snapshot of the `large` profile: how long the world lock is held (the tenant is cloned under it) and how
/// long the whole snapshot takes (serialized and written outside the lock).
fn snapshot() {
    let profile = Profile::parse(builtin_profile("large").expect("built in")).expect("valid");
    let tenant = generate(&profile, 1, now());
    let (mailboxes, devices) = (tenant.mailbox_count(), tenant.device_count());
    let dir = tempfile::tempdir().expect("a temporary directory");
    let initial = State {
        tenant,
        seed: 1,
        mail_epoch: now(),
        rng_word_pos: 0,
        mail: Default::default(),
    };
    let started = Instant::now();
    let (durable, state, _) =
        Durable::open(dir.path(), DurableConfig::default(), || Ok(initial)).expect("opens");
    let first = started.elapsed();
    // Baseline (the former design, in the same run): copying the state, which it did under the world lock.
    let t = Instant::now();
    let copy = state.clone();
    let copy_time = t.elapsed();
    drop(copy);
    // A change journaled since, so the snapshot has something to replay; then a request-like thread takes a
    // stand-in for the world lock over and over while the snapshot runs, and the longest wait is recorded.
    durable.journal().append(&Entry::Counters(Counters {
        rng_word_pos: 16,
        changes: state.tenant.changes() + 1,
    }));
    let world = std::sync::Mutex::new(state);
    let done = std::sync::atomic::AtomicBool::new(false);
    let started = Instant::now();
    let held = std::thread::scope(|s| {
        let probe = s.spawn(|| {
            let mut worst = Duration::ZERO;
            while !done.load(std::sync::atomic::Ordering::Acquire) {
                let t = Instant::now();
                let w = world.lock().expect("not poisoned");
                worst = worst.max(t.elapsed());
                drop(w);
                std::thread::sleep(Duration::from_micros(200));
            }
            worst
        });
        durable.snapshot().expect("snapshots");
        done.store(true, std::sync::atomic::Ordering::Release);
        probe.join().expect("probe")
    });
    let total = started.elapsed();
    let bytes = std::fs::metadata(dir.path().join("snapshot.json")).map_or(0, |m| m.len());
    println!(
        "snapshot of large ({mailboxes} mailboxes, {devices} partnerships, {:.0} MB): longest world-lock wait during it {:.2} ms (a copy under the lock, as before, took {:.0} ms); {:.1} s in all, off-lock (first snapshot at a new directory {:.1} s)",
        bytes as f64 / 1e6,
        held.as_secs_f64() * 1e3,
        copy_time.as_secs_f64() * 1e3,
        total.as_secs_f64(),
        first.as_secs_f64()
    );
}

fn default_tenant() -> Tenant {
    let profile = Profile::parse(builtin_profile("default").expect("built in")).expect("valid");
    generate(&profile, 1, now())
}

async fn eas_rate(mode: Mode, duration: Duration) -> f64 {
    let tenant = default_tenant();
    let devices = easim::load::run::fleet(&tenant, CONNECTIONS, "BENCH");
    let (state, _dir) = app_state(tenant, mode);
    let eas = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = eas.local_addr().expect("bound");
    let (tx, mut rx) = watch::channel(false);
    let server = tokio::spawn(easim::server::run(
        Listeners { eas, admin: None },
        Arc::new(state),
        async move {
            let _ = rx.wait_for(|s| *s).await;
        },
    ));
    let report = easim::load::run::run(LoadPlan {
        addr,
        target: Target::EasSync { devices },
        duration,
        max_requests: 5_000_000,
        per_device: None,
        live: None,
    })
    .await
    .expect("the load run completes")
    .summary();
    let _ = tx.send(true);
    let _ = server.await;
    assert_eq!(report.errors, 0, "{report}");
    report.per_second()
}

/// Like `admin`: the modes in turns, `rounds` short runs each, each compared with the same round's in-memory rate.
async fn eas(duration: Duration, rounds: usize) {
    let mut rates = vec![Vec::new(); Mode::ALL.len()];
    let mut ratios = vec![Vec::new(); Mode::ALL.len()];
    for _ in 0..rounds {
        let mut round = Vec::new();
        for mode in Mode::ALL {
            round.push(eas_rate(mode, duration).await);
        }
        for (m, r) in round.iter().enumerate() {
            rates[m].push(*r);
            ratios[m].push(r / round[0]);
        }
    }
    for (m, mode) in Mode::ALL.into_iter().enumerate() {
        println!(
            "EAS steady-state Sync, {CONNECTIONS} connections, {}: {:.0} requests/s median; {:+.1} % vs in memory (median of {rounds} rounds of {:.0} s)",
            mode.name(),
            median(rates[m].clone()),
            (median(ratios[m].clone()) - 1.0) * 100.0,
            duration.as_secs_f64()
        );
    }
}

/// A state directory over the default tenant whose journal holds `n` entries made by `entry`.
fn journal_of(dir: &Path, n: u64, entry: &MakeEntry) {
    let initial = State {
        tenant: default_tenant(),
        seed: 1,
        mail_epoch: now(),
        rng_word_pos: 0,
        mail: Default::default(),
    };
    let (durable, state, _) =
        Durable::open(dir, DurableConfig::default(), || Ok(initial)).expect("opens");
    let mut live = state;
    for i in 0..n {
        let e = entry(&live, i);
        easim::durable::apply(&mut live, &e).expect("applies");
        let seq = durable.journal().append(&e);
        if i % 10_000 == 9_999 {
            durable.journal().commit(seq).expect("writes");
        }
    }
    durable.journal().flush().expect("flushes");
}

fn copy(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).expect("reads") {
        let e = e.expect("an entry");
        if e.file_name() != "lock" {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copies");
        }
    }
}

/// Builds the `i`th journal entry over the state as it is then.
type MakeEntry = dyn Fn(&State, u64) -> Entry;

fn replay(quick: bool) {
    let n: u64 = if quick { 100_000 } else { 1_000_000 };
    let first_device = |s: &State| -> MobileDevice {
        let (_, d) = s
            .tenant
            .devices()
            .next()
            .expect("the default tenant has devices");
        d.clone()
    };
    // What a Sync that changed a mailbox journals: its record (here the generated mailboxes of the default
    // tenant's first 500, as the first request to each leaves them; devices' holdings add a few bytes an item).
    let records: Vec<(MailboxId, Vec<u8>)> = {
        let tenant = default_tenant();
        let mut mail = MailStore::new(1, now());
        (0..500)
            .map(|i| {
                let id = MailboxId(i);
                (id, record::encode(mail.of(&tenant, id)))
            })
            .collect()
    };
    let record_bytes = records.iter().map(|(_, r)| r.len()).sum::<usize>() / records.len();
    let restored = Instant::now();
    let mut back = MailStore::new(1, now());
    for (id, r) in &records {
        back.restore(*id, r).expect("a record reads back");
    }
    println!(
        "a generated mailbox's record: {record_bytes} bytes on average; reading one back at start (regenerating its mail): {:.0} µs",
        restored.elapsed().as_secs_f64() * 1e6 / records.len() as f64
    );
    let kinds: [(&str, Box<MakeEntry>); 4] = [
        (
            "DeviceTimes (steady-state Sync / Ping)",
            Box::new(move |s: &State, i: u64| {
                let d = first_device(s);
                Entry::DeviceTimes(DeviceTimes {
                    mailbox: d.mailbox,
                    device_id: d.device_id,
                    last_sync_attempt_time: Some(now().add_secs(i as i64)),
                    last_success_sync: Some(now().add_secs(i as i64)),
                    last_ping_heartbeat: None,
                    counters: Counters {
                        rng_word_pos: 0,
                        changes: i,
                    },
                })
            }),
        ),
        (
            "Device (a changed partnership, whole)",
            Box::new(move |s: &State, i: u64| {
                let mut d = first_device(s);
                d.last_sync_attempt_time = Some(now().add_secs(i as i64));
                d.provisioning.policy_key = Some(i as u32);
                Entry::Device(Box::new(DeviceRecord {
                    device: d,
                    counters: Counters {
                        rng_word_pos: i as u128,
                        changes: i,
                    },
                }))
            }),
        ),
        (
            "Mailbox (a mailbox's mail and sync state record)",
            Box::new(move |_: &State, i: u64| {
                let (mailbox, record) = &records[(i % 500) as usize];
                Entry::Mailbox(MailboxRecord {
                    mailbox: *mailbox,
                    record: record.clone(),
                })
            }),
        ),
        (
            "Admin (Set-CASMailbox @{Add}/@{Remove})",
            Box::new(|s: &State, i: u64| {
                let (_, m) = s
                    .tenant
                    .mailboxes()
                    .nth((i % 500) as usize)
                    .expect("mailboxes");
                let verb = if (i / 500).is_multiple_of(2) {
                    "Add"
                } else {
                    "Remove"
                };
                let body = format!(
                    r##"{{"CmdletInput":{{"CmdletName":"Set-CASMailbox","Parameters":{{"Identity":"{}","ActiveSyncBlockedDeviceIDs":{{"@odata.type":"#Exchange.GenericHashTable","{verb}":["BENCH0001"]}}}}}}}}"##,
                    m.alias
                );
                Entry::Admin(AdminCall {
                    now: now().add_secs(i as i64),
                    user: "admin@contoso.com".into(),
                    body: body.into_bytes(),
                    answers: None,
                })
            }),
        ),
    ];
    for (name, make) in kinds {
        let source = tempfile::tempdir().expect("a temporary directory");
        let built = Instant::now();
        journal_of(source.path(), n, &*make);
        let bytes: u64 = std::fs::read_dir(source.path())
            .expect("reads")
            .filter_map(|e| e.ok()?.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        let built = built.elapsed();
        let mut times = Vec::new();
        for _ in 0..if quick { 1 } else { 3 } {
            let copy_dir = tempfile::tempdir().expect("a temporary directory");
            copy(source.path(), copy_dir.path());
            let started = Instant::now();
            let (_d, _state, report) =
                Durable::open(copy_dir.path(), DurableConfig::default(), || {
                    Err("the copy has a snapshot".into())
                })
                .expect("replays");
            times.push(started.elapsed().as_secs_f64());
            assert_eq!(report.replayed, n);
        }
        println!(
            "start-up replay of {n} {name} entries ({:.0} MB on disk, built in {:.1} s): {:.2} s (median; includes writing the new snapshot)",
            bytes as f64 / 1e6,
            built.as_secs_f64(),
            median(times)
        );
    }
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
    if wants("admin") {
        admin(quick);
    }
    if wants("eas") {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let (seconds, rounds) = if quick { (1, 3) } else { (2, 7) };
        runtime.block_on(eas(Duration::from_secs(seconds), rounds));
    }
    if wants("replay") {
        replay(quick);
    }
    if wants("snapshot") {
        snapshot();
    }
}
