//! `easim load --model`: a short bounded fleet of devices living by their behaviour models against an
//! in-process server (its heartbeat second shortened, as `easim serve --speed` does): each device provisions
//! and runs FolderSync once, Pings, and Syncs after Pings report new mail; SendMail at its rate; heartbeats that
//! grow as the model says; the models' identities on the stored partnerships; bad model options refused.
//!
//! The expected mixes follow from the protocol and the models' cited figures, not from easim's output: a
//! Provision is two requests (MS-ASPROV 3.1.5.1: the temporary key, then its acknowledgement); a client runs
//! FolderSync before it can Sync or Ping a folder (MS-ASCMD 2.2.1.5); after Ping Status 2 it "Issue[s] a Sync
//! command request for each folder that was specified" (MS-ASCMD 2.2.3.177.11); a Sync from key 0 returns only a
//! key (MS-ASCMD 2.2.1.21), so a device's first Inbox sync is at least two Syncs.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

use easim::load::fleet::NEW_MAIL;
use easim::load::{Device, FleetSettings, LoadPlan, Mix, RunReport, Target};

use crate::support::{TestServer, easim, stderr, test_config, test_tenant};

/// The users of `test_tenant` who may use EAS: one device each.
fn devices(tenant: &easim::model::Tenant) -> Vec<Device> {
    easim::load::run::fleet(tenant, 10, "FLEET")
}

/// Runs `model` for `secs` seconds at `speed`, with `mail_per_hour` new messages per mailbox; each device sends
/// and opens `send_per_hour` messages.
async fn run(
    addr: SocketAddr,
    model: &str,
    speed: f64,
    mail_per_hour: f64,
    send_per_hour: Option<f64>,
    secs: f64,
) -> RunReport {
    let settings = FleetSettings::new(
        Mix::named(model).unwrap(),
        speed,
        mail_per_hour,
        send_per_hour,
    )
    .unwrap()
    .fetching(send_per_hour)
    .unwrap();
    easim::load::run::run(LoadPlan {
        addr,
        target: Target::Fleet {
            devices: devices(&test_tenant()),
            settings,
        },
        duration: Duration::from_secs_f64(secs),
        max_requests: 100_000,
        per_device: None,
        live: None,
    })
    .await
    .unwrap()
}

fn count(report: &RunReport, command: &str) -> u64 {
    report.by_command.get(command).map_or(0, |l| l.count())
}

fn statuses(report: &RunReport, key: &str) -> u64 {
    report.by_status.get(key).map_or(0, |l| l.count())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn android_devices_start_once_then_ping_and_sync_when_new_mail_arrives() {
    // test_config's heartbeat second is 10 ms: `--speed 100`. Android's 480 s heartbeat is 4.8 s, longer than
    // the run, so every Ping that answers in it was woken by new mail (360 an hour per mailbox: one each 0.1 s).
    let server = TestServer::default().await;
    let r = run(server.addr, "android", 100.0, 360.0, None, 2.0).await;
    let n = devices(&test_tenant()).len() as u64;
    assert_eq!(n, 3, "alice, bob and dave use EAS");
    assert_eq!(r.errors, 0, "{:?}", r.errors_by_status);
    assert_eq!(count(&r, "Provision"), 2 * n, "{:?}", r.by_command.keys());
    assert_eq!(count(&r, "FolderSync"), n);
    let woken = statuses(&r, "HTTP 200, EAS 2");
    assert!(
        woken >= n,
        "every device's Ping was woken by new mail: {woken}"
    );
    assert!(count(&r, "Ping") >= woken);
    assert!(
        count(&r, "Sync") >= 2 * n + woken,
        "a first sync of two requests, then a Sync after each Ping with changes: {} Syncs, {woken} wake-ups",
        count(&r, "Sync")
    );
    assert!(count(&r, NEW_MAIL) >= woken);
    assert_eq!(count(&r, "SendMail"), 0, "no model publishes a send rate");
    assert_eq!(
        count(&r, "ItemOperations"),
        0,
        "nor a rate of opening messages"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_new_mail_pings_expire_and_the_heartbeat_grows_by_the_models_step() {
    // A 1 ms heartbeat second: Windows Mail's 480 s heartbeat expires after 0.48 s and the next Ping asks 780 s
    // (0.78 s, past the end of the 1 s run): the documented start and the 300 s step of
    // fixtures/fleet/windows-mail.toml.
    let server = TestServer::start(
        test_tenant(),
        easim::server::ServerConfig {
            ping_second: Duration::from_millis(1),
            ..test_config()
        },
    )
    .await;
    let r = run(server.addr, "windows-mail", 1000.0, 0.0, None, 1.0).await;
    assert_eq!(r.errors, 0, "{:?}", r.errors_by_status);
    assert_eq!(statuses(&r, "HTTP 200, EAS 2"), 0, "no mail arrived");
    assert_eq!(count(&r, NEW_MAIL), 0);
    let expired = count(&r, "Ping");
    assert!(expired >= 3, "each device's first Ping expired: {expired}");
    let world = server.state.lock();
    let mut heartbeats: Vec<Option<u32>> = world
        .tenant
        .devices()
        .map(|(_, d)| d.last_ping_heartbeat)
        .collect();
    heartbeats.sort();
    assert_eq!(heartbeats, [Some(780); 3], "480 s, then one 300 s step");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mixed_fleet_presents_each_models_identity_and_sends_and_fetches_at_the_given_rates() {
    let server = TestServer::default().await;
    // 3600 an hour at speed 100: one message sent and one opened each 10 ms of the run per device.
    let r = run(server.addr, "mixed", 100.0, 0.0, Some(3600.0), 1.0).await;
    assert_eq!(r.errors, 0, "{:?}", r.errors_by_status);
    assert!(count(&r, "SendMail") >= 3, "{:?}", r.by_command.keys());
    assert!(
        count(&r, "ItemOperations") >= 3,
        "each device opened its newest message: {:?}",
        r.by_command.keys()
    );
    let world = server.state.lock();
    let mut seen: Vec<(String, String)> = world
        .tenant
        .devices()
        .map(|(_, d)| (d.device_type.to_string(), d.device_user_agent.to_string()))
        .collect();
    seen.sort();
    // The identities fixtures/fleet/*.toml give, after src/generator/catalog.rs's shapes.
    assert_eq!(
        seen,
        [
            (
                "SAMSUNGSMG991B".to_string(),
                "Android-SAMSUNG-SM-G991B/101.130101".to_string()
            ),
            (
                "WindowsMail".to_string(),
                "MSFT-WIN-3/10.0.19045".to_string()
            ),
            (
                "iPhone".to_string(),
                "Apple-iPhone14C3/2104.236".to_string()
            ),
        ]
    );
}

#[test]
fn bad_model_options_are_refused_with_the_reason() {
    let base = [
        "load",
        "--url",
        "http://127.0.0.1:9/Microsoft-Server-ActiveSync",
        "--profile",
        "small",
        "--now",
        "2026-11-23",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        easim(&args)
    };
    let o = with(&["--model", "outlook"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("does not use Exchange ActiveSync"),
        "{}",
        stderr(&o)
    );
    let o = with(&["--model", "nokia"]);
    assert!(
        stderr(&o).contains("there is no device model 'nokia'; the models are ios-mail, android, windows-mail, and mixed"),
        "{}",
        stderr(&o)
    );
    let o = with(&["--model", "android", "--speed", "0"]);
    assert!(
        stderr(&o).contains("--speed must be a number greater than 0, not 0"),
        "{}",
        stderr(&o)
    );
    let o = easim(&[
        "serve",
        "--speed",
        "0",
        "--eas-addr",
        "127.0.0.1:0",
        "--admin-addr",
        "127.0.0.1:0",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("'0' is not a speed from 1 to 1000000"),
        "{}",
        stderr(&o)
    );
    let o = with(&["--speed", "10"]);
    assert!(
        stderr(&o).contains("--model"),
        "--speed needs --model: {}",
        stderr(&o)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_device_backs_off_instead_of_retrying_at_once() {
    // Blocked devices are refused (MS-ASCMD 2.2.2: 129 DeviceIsBlockedForThisUser). iOS Mail's back-off (fixtures/fleet/ios-mail.toml) is 60 s,
    // then 120 s: at speed 100 that is 0.6 s and 1.2 s, so in a 1.5 s run each device provisions at 0 s and
    // 0.6 s and no more, where a device retrying at once would send hundreds of requests.
    let server = TestServer::default().await;
    let (status, _) = server
        .admin(
            "Set-ActiveSyncOrganizationSettings",
            serde_json::json!({"DefaultAccessLevel": "Block"}),
        )
        .await;
    assert_eq!(status, 200);
    let r = run(server.addr, "ios-mail", 100.0, 0.0, None, 1.5).await;
    assert_eq!(count(&r, "Provision"), 2 * 3, "{:?}", r.by_status.keys());
    assert_eq!(r.errors, r.requests, "every answer refused the device");
    assert_eq!(count(&r, "FolderSync"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_policy_change_mid_run_makes_devices_provision_again_and_carry_on() {
    // A changed policy makes the device's key stale: the server answers HTTP 449 or EAS 141-144 "to indicate
    // that the client's policy is not current" (MS-OXPROTO 2.5.14.5), and clients begin provisioning "when the
    // server's response to any command indicates that the client needs to re-provision" (MS-ASPROV 3.1.5.1).
    // The device then goes back to what it was doing, with no second FolderSync.
    let server = TestServer::default().await;
    let addr = server.addr;
    let fleet = tokio::spawn(async move { run(addr, "android", 100.0, 360.0, None, 2.0).await });
    tokio::time::sleep(Duration::from_millis(700)).await;
    let (status, body) = server
        .admin(
            "Set-MobileDeviceMailboxPolicy",
            serde_json::json!({"Identity": "Default", "PasswordHistory": 3}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let r = fleet.await.unwrap();
    let n = 3;
    assert!(
        count(&r, "Provision") >= 4 * n,
        "every device provisioned again: {:?} {:?}",
        r.by_command
            .iter()
            .map(|(k, l)| (k, l.count()))
            .collect::<Vec<_>>(),
        r.by_status.keys().collect::<Vec<_>>()
    );
    assert_eq!(count(&r, "FolderSync"), n);
    assert!(
        r.errors_by_status
            .keys()
            .all(
                |k| ["141", "142", "143", "144"].iter().any(|s| k.ends_with(s)) || k == "HTTP 449"
            ),
        "only the policy-key answers are errors: {:?}",
        r.errors_by_status
    );
    assert!(
        statuses(&r, "HTTP 200, EAS 2") > n,
        "Pings went on after it"
    );
}

/// What went through the flaky proxy for one SendMail: when, its body, the status it got.
type Sends = Arc<Mutex<Vec<(Instant, Bytes, u16)>>>;

/// A loopback proxy in front of the server that answers the first `fail` SendMails with HTTP 503 and
/// `Retry-After: 1` (MS-ASHTTP 3.1.5.2.3: the client SHOULD retry after that many seconds) and passes everything else
/// on, one upstream connection per request.
async fn flaky_proxy(upstream: SocketAddr, fail: usize) -> (SocketAddr, Sends) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let sends: Sends = Arc::default();
    let log = sends.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let log = log.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req: Request<Incoming>| {
                    let log = log.clone();
                    async move { Ok::<_, Infallible>(forward(req, upstream, &log, fail).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    (addr, sends)
}

async fn forward(
    req: Request<Incoming>,
    upstream: SocketAddr,
    log: &Sends,
    fail: usize,
) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let bytes = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let send = parts
        .uri
        .query()
        .is_some_and(|q| q.contains("Cmd=SendMail"));
    if send {
        let mut l = log.lock().unwrap();
        if l.iter().filter(|e| e.2 == 503).count() < fail {
            l.push((Instant::now(), bytes, 503));
            let mut r = Response::new(Full::new(Bytes::new()));
            *r.status_mut() = hyper::StatusCode::SERVICE_UNAVAILABLE;
            r.headers_mut()
                .insert("Retry-After", hyper::header::HeaderValue::from_static("1"));
            return r;
        }
    }
    let stream = TcpStream::connect(upstream).await.unwrap();
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(conn);
    let reply = sender
        .send_request(Request::from_parts(parts, Full::new(bytes.clone())))
        .await
        .unwrap();
    let (head, body) = reply.into_parts();
    if send {
        log.lock()
            .unwrap()
            .push((Instant::now(), bytes, head.status.as_u16()));
    }
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    Response::from_parts(head, Full::new(body))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_refused_with_503_is_sent_again_after_the_back_off() {
    // iOS Mail's back-off (fixtures/fleet/ios-mail.toml) is 60 s after the first server error, longer than the
    // proxy's Retry-After of 1 s: at speed 100 the same message goes again 0.6 s later. One send every 60
    // simulated seconds (0.6 s) per device, for 2.5 s.
    let server = TestServer::default().await;
    let (proxy, sends) = flaky_proxy(server.addr, 2).await;
    let r = run(proxy, "ios-mail", 100.0, 0.0, Some(60.0), 2.5).await;
    assert_eq!(statuses(&r, "HTTP 503"), 2, "{:?}", r.by_status.keys());
    let sends = sends.lock().unwrap().clone();
    let refused: Vec<_> = sends.iter().filter(|s| s.2 == 503).collect();
    assert_eq!(refused.len(), 2);
    for (at, body, _) in refused {
        // The same message, later, by at least the back-off (a lower bound: sleeps never end early).
        let again = sends
            .iter()
            .find(|(t, b, status)| b == body && *status == 200 && t > at)
            .unwrap_or_else(|| {
                panic!(
                    "a refused message was not sent again: {} sends",
                    sends.len()
                )
            });
        assert!(again.0.duration_since(*at) >= Duration::from_millis(590));
    }
}
