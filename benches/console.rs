//! Server time of the trainer's console over the `large` profile (~250k devices): the first page of
//! `/console` (counts, charts and the first 50 rows: what a browser paints first; target ≤ 300 ms), filtered
//! pages of the device table (target ≤ 50 ms each), and a device's page. Requests go through `server::route`
//! after a real sign-in, as the admin listener serves them, without a socket (loopback adds little to a page of
//! tens of kilobytes). A fifth of the devices are made Quarantined by a rule and a fifth Blocked, so filters
//! select something. Each case runs `ROUNDS` times; the best and the median are printed.
//! Run with `cargo bench --bench console` (`-- --quick` for fewer rounds).

use std::time::{Duration, Instant};

use bytes::Bytes;
use easim::generator::{Profile, builtin_profile, generate};
use easim::model::{DeviceAccessState, DeviceAccessStateReason, Timestamp};
use easim::server::{AppState, Endpoint, ServerConfig, route};
use http_body_util::BodyExt;
use hyper::Request;

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

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
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

    // Sign in as a browser does.
    let (_, form, login) = get(&state, "/console/login", "").await;
    let login = login.expect("a login cookie");
    let req = Request::builder()
        .method("POST")
        .uri("/console/login")
        .header("cookie", &login)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Bytes::from(format!("csrf={}&token={TOKEN}", csrf(&form))))
        .expect("a valid request");
    let (status, _, session) = send(&state, req).await;
    assert_eq!(status, 303, "signed in");
    let session = session.expect("a session cookie");

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
