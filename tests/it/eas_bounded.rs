//! Bodies built to be expensive, over loopback: a Sync of millions of empty `<Collection/>` elements is answered
//! by Exchange's collection cap (Status 15) without holding up anyone else's request, 16 MB bodies under the
//! body limit get an error status instead of exhausting the server's memory, and a message to more recipients
//! than Exchange Online's limit is bounced with a non-delivery report instead of delivered. Latencies are measured, not
//! assumed; on a loaded machine an attempt whose baseline itself was slow is retried a bounded number of times.

use std::time::{Duration, Instant};

use easim::eas::Command;
use easim::load::client;
use easim::load::session::Session;
use easim::server::ServerConfig;

use crate::eas::{device, ready, session};
use crate::support::{TestServer, test_config, test_tenant};

/// How much a concurrent wide request may delay a small one (issue #12).
const ALLOWED_DELAY: Duration = Duration::from_millis(100);

fn config() -> ServerConfig {
    ServerConfig {
        max_body_bytes: 17_000_000,
        ..test_config()
    }
}

/// `Sync{Collections{Collection/ × n}}`: one byte per empty Collection (AirSync page 0, token 0x0F).
fn wide_sync(n: usize) -> Vec<u8> {
    let mut body = vec![0x03, 0x01, 0x6A, 0x00, 0x45, 0x5C];
    body.extend(std::iter::repeat_n(0x0F, n));
    body.extend([0x01, 0x01]);
    body
}

/// `FolderSync{SyncKey/ × n}`: millions of siblings under a command that has no cap of its own.
fn wide_folder_sync(n: usize) -> Vec<u8> {
    // SWITCH_PAGE 7 (FolderHierarchy), FolderSync (0x16) with content, SyncKey (0x12) empty × n.
    let mut body = vec![0x03, 0x01, 0x6A, 0x00, 0x00, 0x07, 0x56];
    body.extend(std::iter::repeat_n(0x12, n));
    body.push(0x01);
    body
}

/// Round trips of a small authenticated request (OPTIONS takes the world's lock to authenticate).
async fn small_round_trip(s: &mut Session) -> Duration {
    let start = Instant::now();
    let r = s.options().await.unwrap();
    assert_eq!(r.status, 200);
    start.elapsed()
}

/// One attempt: the slowest small request while a wide Sync is sent and answered, the small requests' baseline
/// (slowest of 10 alone), and the wide request's own duration.
async fn attempt(wide: &mut Session, small: &mut Session) -> [Duration; 3] {
    let mut baseline = Duration::ZERO;
    for _ in 0..10 {
        baseline = baseline.max(small_round_trip(small).await);
    }
    let req = client::request_bytes(&wide.device, Command::Sync, wide_sync(3_000_000), None);
    let (done_tx, mut done_rx) = tokio::sync::oneshot::channel::<Duration>();
    let wide_task = async {
        let start = Instant::now();
        let r = wide.send_wire(&req).await.unwrap();
        // Exchange's answer to more than MaxNumOfFolders collections (sources in eas::limits).
        assert_eq!(r.status, 200, "{}", r.xml());
        assert_eq!(r.status(), Some(15), "{}", r.xml());
        let _ = done_tx.send(start.elapsed());
    };
    let small_task = async {
        let mut slowest = Duration::ZERO;
        loop {
            slowest = slowest.max(small_round_trip(small).await);
            if let Ok(took) = done_rx.try_recv() {
                return (slowest, took);
            }
        }
    };
    let ((), (slowest, wide_took)) = tokio::join!(wide_task, small_task);
    [slowest, baseline, wide_took]
}

// Two workers, so that the server can serve the small requests while it reads the wide one, as it would on a
// real machine; on one thread any work at all on the wide body would delay them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wide_sync_is_refused_by_its_cap_without_holding_up_other_requests() {
    let server = TestServer::start(test_tenant(), config()).await;
    let mut wide = ready(&server, device("alice", "WIDE01")).await;
    let mut small = session(&server, device("bob", "SMALL01")).await;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let [slowest, baseline, wide_took] = attempt(&mut wide, &mut small).await;
        eprintln!(
            "wide Sync (3 MB, 3,000,000 collections) answered in {wide_took:?}; small requests: slowest {slowest:?} \
             during it, {baseline:?} alone"
        );
        seen.push((slowest, baseline, wide_took));
        if slowest <= baseline + ALLOWED_DELAY {
            server.stop().await;
            return;
        }
    }
    panic!("a small request was delayed by more than {ALLOWED_DELAY:?} in every attempt: {seen:?}");
}

#[tokio::test]
async fn sixteen_megabyte_bodies_get_an_error_status_and_the_server_goes_on() {
    let server = TestServer::start(test_tenant(), config()).await;
    let mut s = ready(&server, device("alice", "BIG01")).await;
    // 16,000,000 one-byte Collections: the Sync cap answers after reading 101 of them.
    let r = s
        .send_wire(&client::request_bytes(
            &s.device,
            Command::Sync,
            wide_sync(16_000_000),
            None,
        ))
        .await
        .unwrap();
    assert_eq!((r.status, r.status()), (200, Some(15)), "{}", r.xml());
    // 16,000,000 siblings under FolderSync: past the 20,000-element document limit, so 102 InvalidWBXML (at 16.1
    // in the body, HTTP 200, eas-facts §3.2).
    let r = s
        .send_wire(&client::request_bytes(
            &s.device,
            Command::FolderSync,
            wide_folder_sync(16_000_000),
            None,
        ))
        .await
        .unwrap();
    assert_eq!((r.status, r.status()), (200, Some(102)), "{}", r.xml());
    // The server is still there and serves the device as before.
    s.folder_sync().await.unwrap();
    server.stop().await;
}

/// A MIME message from alice to bob and `others` more addresses outside the tenant.
fn mail_to_many(subject: &str, others: usize) -> Vec<u8> {
    let mut to = String::from("Bob Jones <bob@contoso.test>");
    for i in 0..others {
        to.push_str(&format!(", guest{i}@fabrikam.example"));
    }
    format!("From: alice@contoso.test\r\nTo: {to}\r\nSubject: {subject}\r\n\r\nHello all.\r\n")
        .into_bytes()
}

#[tokio::test]
async fn a_message_to_more_recipients_than_the_limit_is_not_delivered_and_the_sender_gets_a_report()
{
    let server = TestServer::start(test_tenant(), config()).await;
    let mut alice = ready(&server, device("alice", "MANY01")).await;
    let mut bob = ready(&server, device("bob", "MANY02")).await;
    let (_, alice_key) = alice.sync_all("5", 200).await.unwrap();
    let (_, bob_key) = bob.sync_all("5", 200).await.unwrap();
    // Exchange Online's default recipient limit is 500 per message (source in eas::limits): 500 go through, 501
    // are refused by transport with a 5.5.3 non-delivery report while SendMail itself succeeds.
    for (subject, others) in [("To 500", 499), ("To 501", 500)] {
        let mime = mail_to_many(subject, others);
        let r = alice
            .send(Command::SendMail, Some(&client::send_mail(&mime, false)))
            .await
            .unwrap();
        assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.xml());
    }
    let r = bob
        .send(Command::Sync, Some(&client::sync("5", &bob_key, 100)))
        .await
        .unwrap();
    let got: Vec<_> = client::sync_result(&r)
        .adds
        .into_iter()
        .filter_map(|a| a.subject)
        .collect();
    assert_eq!(got, ["To 500"]);
    let r = alice
        .send(Command::Sync, Some(&client::sync("5", &alice_key, 100)))
        .await
        .unwrap();
    let got: Vec<_> = client::sync_result(&r)
        .adds
        .into_iter()
        .filter_map(|a| a.subject)
        .collect();
    assert_eq!(got, ["Undeliverable: To 501"]);
    server.stop().await;
}
