//! Settings (Oof Get/Set, UserInformation Get, DeviceInformation Set) and ValidateCert over loopback HTTP at
//! every protocol version, with every answer checked against Microsoft's response schemas, and the OPTIONS
//! command list: it advertises exactly the commands that work.
//!
//! Sources: [EX13] PiratesRE/exchange_diff `Microsoft.Exchange.AirSync/UserInformationSetting.cs ProcessGet`,
//! `OofSetting.cs`, `ValidateCertCommand.cs`, `StatusCode.cs`; MS-ASHTTP 2.2.4.1.2 (MS-ASProtocolCommands
//! lists the commands the server supports).

use easim::eas::{Command, ProtocolVersion};
use easim::load::client::{self, Reply};
use easim::load::session::Session;
use easim::wbxml::Element;
use easim::wbxml::tags::{Settings as S, ValidateCert as V};

use crate::eas::{device, ready, session};
use crate::eas_schema::{assert_valid, settings, validate_cert};
use crate::support::{TestServer, test_config, test_tenant};

async fn send_settings(s: &mut Session, body: &Element) -> Reply {
    let r = s.send(Command::Settings, Some(body)).await.unwrap();
    assert_valid(&r, &settings());
    r
}

fn oof_set(state: &str, start: Option<&str>, end: Option<&str>, message: &str) -> Element {
    let mut set = Element::new(S::Set).with_leaf(S::OofState, state);
    if let Some(t) = start {
        set = set.with_leaf(S::StartTime, t);
    }
    if let Some(t) = end {
        set = set.with_leaf(S::EndTime, t);
    }
    set = set.with(
        Element::new(S::OofMessage)
            .with(Element::new(S::AppliesToExternalKnown))
            .with_leaf(S::Enabled, "1")
            .with_leaf(S::ReplyMessage, message)
            .with_leaf(S::BodyType, "Text"),
    );
    Element::new(S::Settings).with(Element::new(S::Oof).with(set))
}

fn oof_status(r: &Reply) -> Option<String> {
    r.doc()?
        .child(S::Oof)?
        .child_text(S::Status)
        .map(str::to_string)
}

#[tokio::test]
async fn oof_is_stored_per_mailbox_and_read_back_by_its_other_devices() {
    let server = TestServer::default().await;
    for (i, version) in ProtocolVersion::SUPPORTED.into_iter().enumerate() {
        let user = ["alice", "bob", "dave", "alice", "bob"][i];
        let mut a = device(user, &format!("OOFA{i}"));
        a.version = version;
        let mut a = ready(&server, a).await;
        let mut b = device(user, &format!("OOFB{i}"));
        b.version = version;
        let mut b = ready(&server, b).await;
        let message = format!("Back on Monday ({version})");
        let r = send_settings(
            &mut a,
            &oof_set(
                "2",
                Some("2026-12-01T08:00:00.000Z"),
                Some("2026-12-05T17:00:00.000Z"),
                &message,
            ),
        )
        .await;
        assert_eq!(oof_status(&r).as_deref(), Some("1"), "{}", r.xml());
        // The other device of the mailbox reads it back.
        let r = send_settings(&mut b, &client::settings_get()).await;
        let doc = r.doc().unwrap();
        let get = doc.child(S::Oof).unwrap().child(S::Get).unwrap();
        assert_eq!(get.child_text(S::OofState), Some("2"));
        assert_eq!(
            get.child_text(S::StartTime),
            Some("2026-12-01T08:00:00.000Z")
        );
        assert_eq!(get.child_text(S::EndTime), Some("2026-12-05T17:00:00.000Z"));
        let external: Vec<&Element> = get
            .children_named(S::OofMessage)
            .filter(|m| m.child(S::AppliesToExternalKnown).is_some())
            .collect();
        assert_eq!(
            external[0].child_text(S::ReplyMessage),
            Some(message.as_str())
        );
        // Invalid arguments: a time that is not a date-time, or a time-based Oof ending before it starts: Oof
        // Status 5 ([EX13] OofSetting.cs InvalidScheduledOofDuration → Settings_InvalidArguments), and
        // nothing changes.
        for (start, end) in [
            ("next monday", "2026-12-05T17:00:00.000Z"),
            ("2026-12-05T17:00:00.000Z", "2026-12-01T08:00:00.000Z"),
        ] {
            let r = send_settings(&mut a, &oof_set("2", Some(start), Some(end), "x")).await;
            assert_eq!(oof_status(&r).as_deref(), Some("5"));
        }
        let r = send_settings(&mut b, &client::settings_get()).await;
        assert!(r.xml().contains(&message));
        // Turn it off again for the next version's user.
        let r = send_settings(&mut a, &oof_set("0", None, None, "")).await;
        assert_eq!(oof_status(&r).as_deref(), Some("1"));
    }
    server.stop().await;
}

#[tokio::test]
async fn user_information_has_the_shape_of_each_version() {
    let server = TestServer::default().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("bob", &format!("UI{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        let body = Element::new(S::Settings)
            .with(Element::new(S::UserInformation).with(Element::new(S::Get)));
        let r = send_settings(&mut s, &body).await;
        let doc = r.doc().unwrap();
        let ui = doc.child(S::UserInformation).unwrap();
        assert_eq!(ui.child_text(S::Status), Some("1"));
        let get = ui.child(S::Get).unwrap();
        // Before 14.1: Get/EmailAddresses/SmtpAddress; from 14.1: Get/Accounts/Account/EmailAddresses with the
        // primary as PrimarySmtpAddress (UserInformationSetting.ProcessGet: version > 140).
        if version >= ProtocolVersion::V14_1 {
            assert!(get.child(S::EmailAddresses).is_none());
            let addresses = get
                .child(S::Accounts)
                .unwrap()
                .child(S::Account)
                .unwrap()
                .child(S::EmailAddresses)
                .unwrap();
            assert_eq!(
                addresses.child_text(S::PrimarySmtpAddress),
                Some("bob@contoso.test")
            );
        } else {
            assert!(get.child(S::Accounts).is_none());
            assert_eq!(
                get.child(S::EmailAddresses)
                    .unwrap()
                    .child_text(S::SmtpAddress),
                Some("bob@contoso.test")
            );
        }
        // DeviceInformation Set is acknowledged in the same schema.
        let info = client::settings_device_information(&s.device);
        let r = send_settings(&mut s, &info).await;
        assert_eq!(r.status(), Some(1));
    }
    server.stop().await;
}

fn validate(certs: &[&[u8]]) -> Element {
    Element::new(V::ValidateCert).with(
        Element::new(V::Certificates).with_all(
            certs
                .iter()
                .map(|c| Element::opaque(V::Certificate, c.to_vec())),
        ),
    )
}

/// (top Status, per-certificate Statuses).
async fn send_validate(s: &mut Session, body: &Element) -> (u16, Vec<String>) {
    let r = s.send(Command::ValidateCert, Some(body)).await.unwrap();
    assert_valid(&r, &validate_cert());
    let doc = r.doc().unwrap();
    (
        doc.child_text(V::Status).unwrap().parse().unwrap(),
        doc.children_named(V::Certificate)
            .map(|c| c.child_text(V::Status).unwrap().to_string())
            .collect(),
    )
}

#[tokio::test]
async fn validate_cert_answers_each_certificate_at_every_version() {
    let server = TestServer::default().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("alice", &format!("VC{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        // Valid by default; an empty certificate 10 (ValidateCertCommand.CheckStatus: EmptyCertificate).
        let (top, each) =
            send_validate(&mut s, &validate(&[b"MIIBcert1", b"", b"MIIBcert2"])).await;
        assert_eq!((top, each), (1, vec!["1".into(), "10".into(), "1".into()]));
        // An element the command does not know: 2, no certificate entries (ParseXmlRequest).
        let bad = Element::new(V::ValidateCert).with_leaf(V::Status, "1");
        assert_eq!(send_validate(&mut s, &bad).await, (2, vec![]));
        // 100 certificates or more: 2 (MaxRetrievedItems).
        let many: Vec<&[u8]> = (0..100).map(|_| &b"MIIB"[..]).collect();
        assert_eq!(send_validate(&mut s, &validate(&many)).await.0, 2);
    }
    server.stop().await;
}

#[tokio::test]
async fn validate_cert_reports_the_configured_status_and_17_in_quarantine() {
    let mut config = test_config();
    // Simulate a revoked chain: MS-ASCMD ValidateCert status 13.
    config.eas.certificate_status = 13;
    let server = TestServer::start(test_tenant(), config).await;
    let mut s = ready(&server, device("alice", "VCREV")).await;
    assert_eq!(
        send_validate(&mut s, &validate(&[b"MIIBcert"])).await,
        (1, vec!["13".into()])
    );
    server
        .admin(
            "Set-ActiveSyncOrganizationSettings",
            serde_json::json!({"DefaultAccessLevel": "Quarantine"}),
        )
        .await;
    let mut q = ready(&server, device("bob", "VCQ")).await;
    // ValidateCertCommand.HandleQuarantinedState: 17.
    assert_eq!(
        send_validate(&mut q, &validate(&[b"MIIBcert"])).await,
        (17, vec![])
    );
    server.stop().await;
}

#[tokio::test]
async fn options_advertises_exactly_the_commands_that_answer() {
    let server = TestServer::default().await;
    let mut s = session(&server, device("alice", "OPTCMD")).await;
    let r = s.options().await.unwrap();
    let advertised: Vec<String> = r
        .header("MS-ASProtocolCommands")
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    assert_eq!(
        advertised,
        [
            "Sync",
            "SendMail",
            "SmartForward",
            "SmartReply",
            "FolderSync",
            "FolderCreate",
            "FolderDelete",
            "FolderUpdate",
            "MoveItems",
            "GetItemEstimate",
            "MeetingResponse",
            "Search",
            "Settings",
            "Ping",
            "ItemOperations",
            "Provision",
            "ResolveRecipients",
            "ValidateCert",
            "Find"
        ]
    );
    // Each advertised command, sent empty at 16.1, gets an answer of its own, never 137
    // CommandNotSupported; an unadvertised one does.
    let mut s = ready(&server, device("alice", "OPTCMD2")).await;
    for name in &advertised {
        let command = Command::from_name(name).unwrap();
        let r = s.send(command, None).await.unwrap();
        assert_ne!(r.status(), Some(137), "{name}");
        assert_ne!(r.status, 501, "{name}");
    }
    let r = s.send(Command::GetAttachment, None).await.unwrap();
    assert_eq!(r.status, 501, "{}", r.xml());
    server.stop().await;
}
