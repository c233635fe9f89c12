//! Bad input on the EAS endpoint gets a clear status, never a crash: malformed queries and base64, unknown
//! or unsupported commands, bad WBXML, the wrong root element, oversized bodies, unsupported versions, and
//! the Exchange Online "16.1 only" setting.

use easim::eas::{Command, ProtocolVersion, QueryForm};
use easim::load::client::{self, WireRequest};
use easim::load::session::Connection;

use crate::eas::{device, ready, session};
use crate::support::{TestServer, test_config, test_tenant};

fn raw(target: &str, version: Option<&str>, body: Vec<u8>) -> WireRequest {
    let d = device("alice", "RAW1");
    let mut r = client::request_bytes(&d, Command::FolderSync, body, None);
    r.target = target.to_string();
    r.headers.retain(|(k, _)| *k != "MS-ASProtocolVersion");
    if let Some(v) = version {
        r.headers.push(("MS-ASProtocolVersion", v.to_string()));
    }
    r
}

#[tokio::test]
async fn malformed_request_lines_get_400_501_or_a_body_status() {
    let server = TestServer::default().await;
    let mut c = Connection::open(server.addr).await.unwrap();
    let base = "/Microsoft-Server-ActiveSync";
    let cases: &[(&str, Option<&str>, u16, Option<u16>)] = &[
        // No query at all.
        (base, Some("16.1"), 400, None),
        // Not base64.
        (&format!("{base}?!!!notbase64"), Some("16.1"), 400, None),
        // Valid base64 that ends early.
        (&format!("{base}?jAAJBAp2MTQw"), None, 400, None),
        // No Cmd.
        (
            &format!("{base}?Cmd=&User=alice&DeviceId=A1&DeviceType=T"),
            Some("16.1"),
            400,
            None,
        ),
        (
            &format!("{base}?Cmd=Frobnicate&User=alice&DeviceId=A1&DeviceType=T"),
            Some("16.1"),
            501,
            None,
        ),
        // Missing or bad DeviceId / DeviceType: 108 / 109 in the body from 14.0.
        (
            &format!("{base}?Cmd=FolderSync&User=alice&DeviceType=T"),
            Some("16.1"),
            200,
            Some(108),
        ),
        (
            &format!("{base}?Cmd=FolderSync&User=alice&DeviceId=bad-id!&DeviceType=T"),
            Some("14.1"),
            200,
            Some(108),
        ),
        (
            &format!("{base}?Cmd=FolderSync&User=alice&DeviceId=A1"),
            Some("16.1"),
            200,
            Some(109),
        ),
        (
            &format!("{base}?Cmd=FolderSync&User=alice&DeviceId=A1"),
            Some("12.1"),
            400,
            None,
        ),
        // Version header missing, unknown or unsupported.
        (
            &format!("{base}?Cmd=FolderSync&User=alice&DeviceId=A1&DeviceType=T"),
            None,
            400,
            None,
        ),
        (
            &format!("{base}?Cmd=FolderSync&User=alice&DeviceId=A1&DeviceType=T"),
            Some("2.5"),
            400,
            None,
        ),
        (
            &format!("{base}?Cmd=FolderSync&User=alice&DeviceId=A1&DeviceType=T"),
            Some("banana"),
            400,
            None,
        ),
        // Bad percent-encoding.
        (
            &format!("{base}?Cmd=FolderSync&User=%ZZ&DeviceId=A1&DeviceType=T"),
            Some("16.1"),
            400,
            None,
        ),
        // A DeviceId longer than 32 characters.
        (
            &format!(
                "{base}?Cmd=FolderSync&User=alice&DeviceId={}&DeviceType=T",
                "A".repeat(33)
            ),
            Some("16.1"),
            200,
            Some(108),
        ),
    ];
    for (target, version, http, status) in cases {
        let r = c.send(&raw(target, *version, Vec::new())).await.unwrap();
        assert_eq!(
            r.status,
            *http,
            "{target} {version:?}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert_eq!(r.status(), *status, "{target} {version:?}");
    }
    // An unsupported version advertises the supported ones.
    let r = c
        .send(&raw(
            &format!("{base}?Cmd=FolderSync&User=alice&DeviceId=A1&DeviceType=T"),
            Some("2.5"),
            Vec::new(),
        ))
        .await
        .unwrap();
    assert!(r.header("MS-ASProtocolVersions").is_some());
    // Other methods: 405. Other paths: 404.
    let mut get = raw(base, None, Vec::new());
    get.method = "GET";
    assert_eq!(c.send(&get).await.unwrap().status, 405);
    let mut other = raw("/owa", None, Vec::new());
    other.method = "GET";
    assert_eq!(c.send(&other).await.unwrap().status, 404);
    // The server is still fine.
    let mut s = ready(&server, device("alice", "AFTER1")).await;
    assert!(!s.sync_all("5", 100).await.unwrap().0.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn the_spec_base64_example_is_understood() {
    let server = TestServer::default().await;
    let mut c = Connection::open(server.addr).await.unwrap();
    // 14.0, Sync, en-US, DeviceId v140Device, no policy key, DeviceType SmartPhone (MS-ASHTTP example).
    let r = c
        .send(&raw(
            "/Microsoft-Server-ActiveSync?jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l",
            None,
            Vec::new(),
        ))
        .await
        .unwrap();
    // No policy key: 141, and the partnership exists with the base64 values.
    assert_eq!((r.status, r.status()), (200, Some(141)), "{}", r.xml());
    let d = crate::eas::stored(&server, "alice", "v140Device").unwrap();
    assert_eq!(&*d.device_type, "SmartPhone");
    assert_eq!(&*d.client_version, "14.0");
    server.stop().await;
}

#[tokio::test]
async fn bad_bodies_get_102_103_413_or_a_command_status() {
    let server = TestServer::default().await;
    let mut s = ready(&server, device("alice", "BODY1")).await;
    // Not WBXML: 102.
    let req = client::request_bytes(
        &s.device,
        Command::FolderSync,
        b"<FolderSync/>".to_vec(),
        None,
    );
    let r = s.send_wire(&req).await.unwrap();
    assert_eq!((r.status, r.status()), (200, Some(102)));
    // Truncated WBXML: 102.
    let req = client::request_bytes(
        &s.device,
        Command::FolderSync,
        vec![3, 1, 0x6a, 0, 0, 7, 0x56],
        None,
    );
    assert_eq!(s.send_wire(&req).await.unwrap().status(), Some(102));
    // The wrong root element for the command: 103.
    let r = s
        .send(Command::Sync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(103));
    // 12.1 cannot carry 102: HTTP 400.
    s.device.version = ProtocolVersion::V12_1;
    let req = client::request_bytes(&s.device, Command::FolderSync, b"garbage".to_vec(), None);
    assert_eq!(s.send_wire(&req).await.unwrap().status, 400);
    s.device.version = ProtocolVersion::V16_1;
    // Well-formed but incomplete commands get the command's own status.
    let empty_fs = easim::wbxml::Element::new(easim::wbxml::tags::FolderHierarchy::FolderSync);
    let r = s.send(Command::FolderSync, Some(&empty_fs)).await.unwrap();
    assert_eq!(r.status(), Some(10));
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("12345")))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(9));
    let empty_sync = easim::wbxml::Element::new(easim::wbxml::tags::AirSync::Sync);
    let r = s.send(Command::Sync, Some(&empty_sync)).await.unwrap();
    assert_eq!(r.status(), Some(4));
    let r = s.send(Command::SendMail, None).await.unwrap();
    assert_eq!(r.status(), Some(101));
    // A MoveItems without a Move: 103 InvalidXML ([EX13] MoveItemsCommand.cs ParseXmlRequest).
    let mv = easim::wbxml::Element::new(easim::wbxml::tags::Move::MoveItems);
    let r = s.send(Command::MoveItems, Some(&mv)).await.unwrap();
    assert_eq!((r.status, r.status()), (200, Some(103)));
    // A MeetingResponse without a Request (1...N, required: MS-ASCMD 2.2.3.150.2): 103 InvalidXML.
    let mr = easim::wbxml::Element::new(easim::wbxml::tags::MeetingResponse::MeetingResponse);
    let r = s.send(Command::MeetingResponse, Some(&mr)).await.unwrap();
    assert_eq!((r.status, r.status()), (200, Some(103)));
    // A command the simulator does not implement.
    let r = s.send(Command::GetAttachment, None).await.unwrap();
    assert_eq!(r.status, 501);
    // Oversized: 413 (the test server accepts 64 KiB). The server may close the connection after it.
    let req = client::request_bytes(&s.device, Command::SendMail, vec![0u8; 200_000], None);
    assert_eq!(s.send_wire(&req).await.unwrap().status, 413);
    server.stop().await;
}

#[tokio::test]
async fn only_16_1_refuses_other_versions() {
    let mut config = test_config();
    config.eas.accepted_versions = vec![ProtocolVersion::V16_1];
    let server = TestServer::start(test_tenant(), config).await;
    let mut d = device("alice", "ONLY1");
    d.version = ProtocolVersion::V14_1;
    let mut s = session(&server, d).await;
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    assert_eq!(r.status, 400);
    assert_eq!(r.header("MS-ASProtocolVersions"), Some("16.1"));
    let r = s.options().await.unwrap();
    assert_eq!(r.header("MS-ASProtocolVersions"), Some("16.1"));
    s.device.version = ProtocolVersion::V16_1;
    s.device.form = QueryForm::Base64;
    s.provision().await.unwrap();
    server.stop().await;
}
