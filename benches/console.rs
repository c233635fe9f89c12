//! Server time of the trainer's console over the `large` profile (~250k devices): the first page of
//! `/console` (counts, charts and the first 50 rows: what a browser paints first; target ≤ 300 ms), filtered
//! pages of the device table (target ≤ 50 ms each), and a device's page. Requests go through `server::route`
//! after a real sign-in, as the admin listener serves them, without a socket (loopback adds little to a page of
//! tens of kilobytes). A fifth of the devices are made Quarantined by a rule and a fifth Blocked, so filters
//! select something. Each case runs `ROUNDS` times; the best and the median are printed.
//!
//! `-- eas`: what a console watching the live feed costs the EAS endpoint. The `eas_load` steady-state Sync (32
//! keep-alive connections over the `default` tenant, every Sync fully processed) against one server, in turns
//! with and without a signed-in browser's `/console/events` stream open and read (the feed then builds an event
//! per request and the stream sends at most ten batches a second); each round's rate with the console is compared
//! with the same round's without (target: at most 5 % slower).
//!
//! `-- scenario`: the scenario controls over `scenario-a`, `default` and `large`: the console's snapshot (a copy
//! of the tenant under the world lock, its JSON after) and a confirmed reset to it (`Import-Tenant -Force` of that
//! JSON), each timed whole, with a probe thread locking the world every 200 µs to show the longest wait a request
//! would have had.
//!
//! Run with `cargo bench --bench console` (`-- --quick` for fewer rounds; `-- pages` or `-- eas` for one part).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use easim::generator::{Profile, builtin_profile, generate};
use easim::load::{Device, LoadPlan, Target};
use easim::model::{DeviceAccessState, DeviceAccessStateReason, Timestamp};
use easim::server::{AppState, Endpoint, Listeners, ServerConfig, route};
use http_body_util::BodyExt;
use hyper::Request;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

const NOW: Timestamp = Timestamp::from_secs(1_795_422_600);
const TOKEN: &str = "bench-token";

async fn get(state: &AppState, path: &str, cookie: &str) -> (u16, Bytes, Option<String>) {
    let req = Request::builder()
        .method("GET")
        .uri(path)
        .header("cookie", cookie)
        .body(Bytes::new())
        .expect("a valid request");
    send(state, req).await
}

async fn send(state: &AppState, req: Request<Bytes>) -> (u16, Bytes, Option<String>) {
    let resp = route(state, Endpoint::Admin, req).await;
    let status = resp.status().as_u16();
    let cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_string);
    let body = resp
        .into_body()
        .collect()
        .await
        .expect("a whole body")
        .to_bytes();
    (status, body, cookie)
}

fn csrf(page: &[u8]) -> String {
    let page = String::from_utf8_lossy(page);
    let key = r#"name="csrf" value=""#;
    let at = page.find(key).expect("a CSRF field") + key.len();
    page[at..]
        .split('"')
        .next()
        .expect("a closing quote")
        .to_string()
}

/// Signs in as a browser does; returns the session cookie.
async fn sign_in(state: &AppState) -> String {
    let (_, form, login) = get(state, "/console/login", "").await;
    let login = login.expect("a login cookie");
    let req = Request::builder()
        .method("POST")
        .uri("/console/login")
        .header("cookie", &login)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::from(format!("csrf={}&token={TOKEN}", csrf(&form))))
        .expect("a valid request");
    let (status, _, session) = send(state, req).await;
    assert_eq!(status, 303, "signed in");
    session.expect("a session cookie")
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        if wants("pages") {
            pages(quick).await;
        }
        if wants("eas") {
            eas_cost(quick).await;
        }
        if wants("scenario") {
            for profile in ["scenario-a", "default", "large"] {
                scenario(profile, if quick { 2 } else { 5 }).await;
            }
        }
    });
}

/// The EAS steady-state Sync rate of one timed run against the running server.
async fn sync_rate(addr: SocketAddr, devices: &[Device], duration: Duration) -> f64 {
    let report = easim::load::run::run(LoadPlan {
        addr,
        target: Target::EasSync {
            devices: devices.to_vec(),
        },
        duration,
        max_requests: 5_000_000,
        per_device: None,
        live: None,
    })
    .await
    .expect("the load run completes")
    .summary();
    assert_eq!(report.errors, 0, "{report}");
    report.per_second()
}

/// A browser's live feed: `/console/events` on the admin listener, opened and read until the task is stopped;
/// counts the bytes.
fn watch_feed(
    admin: SocketAddr,
    session: String,
    bytes: Arc<AtomicU64>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut stream = TcpStream::connect(admin)
            .await
            .expect("connect to the admin listener");
        let request = format!(
            "GET /console/events HTTP/1.1\r\nHost: {admin}\r\nCookie: {session}\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream
            .write_all(request.as_bytes())
            .await
            .expect("send the request");
        let mut buf = vec![0; 64 * 1024];
        let n = stream.read(&mut buf).await.expect("read the answer");
        assert!(
            buf[..n].starts_with(b"HTTP/1.1 200"),
            "the event stream opens: {}",
            String::from_utf8_lossy(&buf[..n])
        );
        while let Ok(n) = stream.read(&mut buf).await {
            if n == 0 {
                break;
            }
            bytes.fetch_add(n as u64, Ordering::Relaxed);
        }
    })
}

async fn eas_cost(quick: bool) {
    let (rounds, duration) = if quick {
        (3, Duration::from_secs(2))
    } else {
        (7, Duration::from_secs(2))
    };
    let profile = Profile::parse(builtin_profile("default").expect("built in")).expect("parses");
    let tenant = generate(&profile, 1, NOW);
    let devices = easim::load::run::fleet(&tenant, 32, "BENCH");
    let state = Arc::new(AppState::new(
        tenant,
        ServerConfig {
            admin_token: TOKEN.into(),
            mail_epoch: Some(NOW),
            ..ServerConfig::default()
        },
    ));
    let eas = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = eas.local_addr().expect("bound");
    let admin = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let admin_addr = admin.local_addr().expect("bound");
    let (stop, mut stopped) = watch::channel(false);
    let server = tokio::spawn(easim::server::run(
        Listeners {
            eas,
            admin: Some(admin),
        },
        state.clone(),
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        },
    ));
    let session = sign_in(&state).await;
    // A first run provisions the fleet, so every timed round is steady state.
    sync_rate(addr, &devices, Duration::from_millis(500)).await;
    let (mut without, mut with, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let streamed = Arc::new(AtomicU64::new(0));
    for round in 0..rounds {
        let mut rate = [0.0; 2];
        // Alternate which goes first, so a drift in the machine's load weighs on both alike.
        for watched in if round % 2 == 0 {
            [false, true]
        } else {
            [true, false]
        } {
            let feed = watched.then(|| watch_feed(admin_addr, session.clone(), streamed.clone()));
            rate[usize::from(watched)] = sync_rate(addr, &devices, duration).await;
            if let Some(feed) = feed {
                feed.abort();
            }
        }
        without.push(rate[0]);
        with.push(rate[1]);
        ratios.push(rate[1] / rate[0]);
    }
    let _ = stop.send(true);
    let _ = server.await;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "EAS steady-state Sync, 32 connections: {:.0} requests/s without a console, {:.0} with one watching the live feed ({:.1} MB streamed); with/without {:.3} (median of {rounds} rounds of {:.0} s; target ≥ 0.95)",
        median(without),
        median(with),
        streamed.load(Ordering::Relaxed) as f64 / 1e6,
        median(ratios),
        duration.as_secs_f64()
    );
}

/// POSTs a console form (signed in, with the page's CSRF token); returns the status.
async fn post(state: &AppState, path: &str, session: &str, csrf: &str, form: &str) -> u16 {
    let req = Request::builder()
        .method("POST")
        .uri(path)
        .header("cookie", session)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::from(format!("csrf={csrf}&{form}")))
        .expect("a valid request");
    send(state, req).await.0
}

/// A thread that locks the world every 200 µs until stopped; returns the longest it waited.
fn probe(state: Arc<AppState>, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<Duration> {
    std::thread::spawn(move || {
        let mut longest = Duration::ZERO;
        while !stop.load(Ordering::Relaxed) {
            let t = Instant::now();
            drop(state.lock());
            longest = longest.max(t.elapsed());
            std::thread::sleep(Duration::from_micros(200));
        }
        longest
    })
}

async fn scenario(profile: &str, rounds: usize) {
    let parsed = Profile::parse(builtin_profile(profile).expect("built in")).expect("parses");
    let tenant = generate(&parsed, 1, NOW);
    let devices = tenant.device_count();
    let state = Arc::new(AppState::new(
        tenant,
        ServerConfig {
            admin_token: TOKEN.into(),
            ..ServerConfig::default()
        },
    ));
    let session = sign_in(&state).await;
    let (_, page, _) = get(&state, "/console", &session).await;
    let token = csrf(&page);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (mut snapshot, mut reset, mut waited) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let stop = Arc::new(AtomicBool::new(false));
        let probing = probe(state.clone(), stop.clone());
        let t = Instant::now();
        assert_eq!(
            post(&state, "/console/snapshot", &session, &token, "").await,
            303
        );
        snapshot.push(t.elapsed());
        // Snapshots are numbered from 1; reset to this round's (the tenant has not changed since: no question).
        let t = Instant::now();
        let status = post(
            &state,
            "/console/reset",
            &session,
            &token,
            &format!("snapshot={}&confirm=yes", round + 1),
        )
        .await;
        assert_eq!(status, 303, "the reset is done");
        reset.push(t.elapsed());
        stop.store(true, Ordering::Relaxed);
        waited.push(probing.join().expect("the probe ends"));
    }
    for v in [&mut snapshot, &mut reset, &mut waited] {
        v.sort();
    }
    println!(
        "{profile} ({devices} devices): snapshot {:.1} ms, reset {:.1} ms (medians of {rounds}); longest wait for the world lock meanwhile {:.1} ms",
        ms(snapshot[rounds / 2]),
        ms(reset[rounds / 2]),
        ms(waited[rounds / 2]),
    );
}

async fn pages(quick: bool) {
    let rounds = if quick { 5 } else { 25 };
    let started = Instant::now();
    let profile = Profile::parse(builtin_profile("large").expect("built in")).expect("parses");
    let mut tenant = generate(&profile, 1, NOW);
    let keys: Vec<_> = tenant.devices().map(|(k, _)| k).collect();
    for (i, k) in keys.into_iter().enumerate() {
        tenant.update_device(k, |d| match i % 5 {
            0 => {
                d.access.state = DeviceAccessState::Quarantined;
                d.access.reason = DeviceAccessStateReason::DeviceRule;
                d.access.rule = Some("Lab (DeviceModel)".into());
            }
            1 => {
                d.access.state = DeviceAccessState::Blocked;
                d.access.reason = DeviceAccessStateReason::Individual;
            }
            _ => {}
        });
    }
    let (_, sample) = tenant.devices().nth(123_457).expect("a large tenant");
    let model = sample.device_model.replace(' ', "+");
    let owner = tenant.mailbox(sample.mailbox).primary_smtp_address.clone();
    let guid = sample.guid.to_string();
    println!(
        "tenant: {} mailboxes, {} devices (generated in {:.1} s)",
        tenant.mailbox_count(),
        tenant.device_count(),
        started.elapsed().as_secs_f64()
    );
    let state = AppState::new(
        tenant,
        ServerConfig {
            admin_token: TOKEN.into(),
            ..ServerConfig::default()
        },
    );

    let session = sign_in(&state).await;

    let cases = [
        ("first paint: /console".to_string(), "/console".to_string()),
        ("page 2,000 of all".into(), "/console?page=2000".into()),
        (
            "state=Quarantined, page 500".into(),
            "/console?state=Quarantined&page=500".into(),
        ),
        ("model filter".into(), format!("/console?model={model}")),
        (
            "state + model".into(),
            format!("/console?state=Allowed&model={model}"),
        ),
        ("owner filter".into(), format!("/console?owner={owner}")),
        (
            "reason=Individual (scan)".into(),
            "/console?reason=Individual&page=100".into(),
        ),
        (
            "rule filter (scan)".into(),
            "/console?rule=Lab+(DeviceModel)".into(),
        ),
        ("device page".into(), format!("/console/device?id={guid}")),
    ];
    println!(
        "{:<32} {:>9} {:>9} {:>9}",
        "case", "best ms", "median ms", "KB"
    );
    for (name, path) in cases {
        let mut times = Vec::with_capacity(rounds);
        let mut size = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            let (status, body, _) = get(&state, &path, &session).await;
            times.push(t.elapsed());
            assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
            size = body.len();
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name:<32} {:>9.2} {:>9.2} {:>9.1}",
            ms(times[0]),
            ms(times[rounds / 2]),
            size as f64 / 1024.0
        );
    }
}
