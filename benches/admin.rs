//! Admin cmdlet benchmarks against the targets of issue 5: Get-MobileDevice with an indexed -Filter over 250k
//! devices (≤ 20 ms), Set-CASMailbox allowed-list adds in-process (≥ 200k calls/s), and InvokeCommand round trips
//! over loopback (≥ 5,000/s).
//!
//! The 250k-device tenant comes from a small deterministic builder here (not `gen`), so the figures do not move
//! when the generator changes. Run with `cargo bench --bench admin`; see BENCHMARKS.md for what is measured.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use easim::admin::{CmdletContext, cmdlets};
use easim::model::{
    AccessLevel, Characteristic, DeviceAccessRule, Guid, Mailbox, MobileDevice,
    RecipientTypeDetails, Tenant, Timestamp,
};
use easim::script::{NamedArg, NonInteractive, Value};
use easim::server::{self, AppState, Listeners, ServerConfig};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

const MAILBOXES: usize = 50_000;
const DEVICES_PER_MAILBOX: usize = 5;
const MODELS: usize = 40;
const NOW: Timestamp = Timestamp::from_secs(1_795_422_600);

/// 50,000 mailboxes with 5 partnerships each: 40 models, 4 types, 12 OS versions, one Allow rule.
fn big_tenant() -> Tenant {
    let mut t = Tenant::new("bench.test");
    t.org.default_access_level = AccessLevel::Quarantine;
    t.rules
        .insert(DeviceAccessRule {
            guid: Guid::from_random_bits(1),
            query_string: "Model07".into(),
            characteristic: Characteristic::DeviceModel,
            access_level: AccessLevel::Allow,
            when_created: None,
        })
        .expect("one rule");
    let models: Vec<Arc<str>> = (0..MODELS).map(|i| format!("Model{i:02}").into()).collect();
    let types: Vec<Arc<str>> = ["iPhone", "Android", "Outlook", "WindowsMail"]
        .iter()
        .map(|s| Arc::from(*s))
        .collect();
    let oses: Vec<Arc<str>> = (0..12).map(|i| format!("OS {i}.0").into()).collect();
    let mut n = 0u64;
    for m in 0..MAILBOXES {
        let name = format!("user{m:05}");
        let id = t
            .add_mailbox(Mailbox {
                guid: Guid::from_random_bits(0x1000_0000 + m as u128),
                name: name.clone(),
                alias: name.clone(),
                display_name: name.clone(),
                primary_smtp_address: format!("{name}@bench.test"),
                user_principal_name: format!("{name}@bench.test"),
                recipient_type_details: RecipientTypeDetails::UserMailbox,
                password: String::new(),
                cas: Default::default(),
            })
            .expect("unique mailbox");
        for d in 0..DEVICES_PER_MAILBOX {
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = (n >> 33) as usize;
            let mut dev = MobileDevice::new(
                Guid::from_random_bits(0x2000_0000 + (m * 8 + d) as u128),
                id,
                &format!("DEV{m:05}X{d}"),
                &types[r % types.len()],
            );
            dev.device_type = types[r % types.len()].clone();
            dev.device_model = models[(r / 7) % MODELS].clone();
            dev.device_os = oses[(r / 11) % oses.len()].clone();
            dev.first_sync_time = Some(NOW.add_secs(-(r as i64 % 86_400)));
            t.add_device(dev).expect("unique device");
        }
    }
    t
}

fn run(tenant: &mut Tenant, name: &str, named: Vec<NamedArg>) -> usize {
    let mut confirmer = NonInteractive;
    let mut ctx = CmdletContext::new(tenant, NOW, &mut confirmer);
    cmdlets::call(&mut ctx, name, Vec::new(), named).expect("the cmdlet runs");
    ctx.take_output().objects().count()
}

fn get_mobile_device(c: &mut Criterion, tenant: &mut Tenant) {
    let mut g = c.benchmark_group("Get-MobileDevice 250k");
    for filter in [
        "DeviceModel -eq 'Model13'",
        "DeviceModel -eq 'Model07' -and DeviceAccessState -eq 'Allowed'",
        "DeviceAccessState -eq 'Allowed'",
        "FriendlyName -eq 'nobody''s phone'",
    ] {
        let named = || vec![NamedArg::new("Filter", filter)];
        let count = run(tenant, "Get-MobileDevice", named());
        g.bench_function(format!("{filter} ({count} devices)"), |b| {
            b.iter(|| run(tenant, "Get-MobileDevice", named()));
        });
    }
    g.finish();
}

/// Adds one device's own DeviceId to its mailbox's allowed list (the scenario A pin), through binding and the
/// cmdlet, each call a different device; the lists are cleared outside the timed part when the pool runs out.
fn set_casmailbox_add(c: &mut Criterion, tenant: &mut Tenant) {
    let pins: Vec<(String, String)> = tenant
        .devices()
        .map(|(_, d)| (tenant.mailbox(d.mailbox).name.clone(), d.device_id.clone()))
        .collect();
    let mut g = c.benchmark_group("Set-CASMailbox");
    g.throughput(Throughput::Elements(1));
    let mut next = 0usize;
    g.bench_function("allowed-list add (binding included)", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            let mut left = iters as usize;
            while left > 0 {
                if next == pins.len() {
                    let ids: Vec<_> = tenant.mailboxes().map(|(id, _)| id).collect();
                    for id in ids {
                        tenant.cas_mut(id).allowed_device_ids.clear();
                    }
                    next = 0;
                }
                let batch = left.min(pins.len() - next);
                let mut confirmer = NonInteractive;
                let mut ctx = CmdletContext::new(tenant, NOW, &mut confirmer);
                let start = Instant::now();
                for (mailbox, device_id) in &pins[next..next + batch] {
                    let add = easim::script::Hashtable::new();
                    add.insert("Add", Value::str(device_id.as_str()));
                    cmdlets::call(
                        &mut ctx,
                        "Set-CASMailbox",
                        vec![Value::str(mailbox.as_str())],
                        vec![NamedArg::new(
                            "ActiveSyncAllowedDeviceIDs",
                            Value::Hashtable(add),
                        )],
                    )
                    .expect("the add succeeds");
                }
                spent += start.elapsed();
                next += batch;
                left -= batch;
            }
            spent
        });
    });
    g.finish();
}

/// Round trips of `Get-CASMailbox -Identity <one>` over loopback, 4 keep-alive connections in parallel.
fn invoke_command_loopback(c: &mut Criterion) {
    const TOKEN: &str = "bench-token";
    const CONNECTIONS: usize = 4;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let state = Arc::new(AppState::new(
        easim::admin::examples::example_tenant(),
        ServerConfig {
            admin_token: TOKEN.into(),
            ..ServerConfig::default()
        },
    ));
    let (addr, stop) = rt.block_on(async {
        let eas = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let admin = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = admin.local_addr().expect("an address");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(server::run(
            Listeners {
                eas,
                admin: Some(admin),
            },
            state,
            async {
                let _ = rx.await;
            },
        ));
        (addr, tx)
    });
    let body = Bytes::from_static(
        br#"{"CmdletInput":{"CmdletName":"Get-CASMailbox","Parameters":{"Identity":"alice"}}}"#,
    );
    let mut g = c.benchmark_group("InvokeCommand loopback");
    g.throughput(Throughput::Elements(1));
    g.bench_function("Get-CASMailbox -Identity (4 connections)", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                let mut tasks = tokio::task::JoinSet::new();
                for i in 0..CONNECTIONS {
                    let n = iters as usize / CONNECTIONS
                        + usize::from(i < iters as usize % CONNECTIONS);
                    let body = body.clone();
                    tasks.spawn(async move {
                        let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
                        stream.set_nodelay(true).expect("nodelay");
                        let (mut send, conn) =
                            hyper::client::conn::http1::handshake(TokioIo::new(stream))
                                .await
                                .expect("handshake");
                        tokio::spawn(conn);
                        for _ in 0..n {
                            let req =
                                hyper::Request::post("/adminapi/beta/bench.test/InvokeCommand")
                                    .header("host", addr.to_string())
                                    .header("authorization", format!("Bearer {TOKEN}"))
                                    .header("content-type", "application/json")
                                    .body(Full::new(body.clone()))
                                    .expect("a request");
                            let resp = send.send_request(req).await.expect("a response");
                            assert!(resp.status().is_success());
                            resp.into_body().collect().await.expect("a body");
                        }
                    });
                }
                while tasks.join_next().await.is_some() {}
                start.elapsed()
            })
        });
    });
    g.finish();
    let _ = stop.send(());
}

fn benches(c: &mut Criterion) {
    let mut tenant = big_tenant();
    get_mobile_device(c, &mut tenant);
    set_casmailbox_add(c, &mut tenant);
    invoke_command_loopback(c);
}

criterion_group! {
    name = admin;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = benches
}
criterion_main!(admin);
