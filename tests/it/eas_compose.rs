//! SendMail, SmartReply and SmartForward over loopback HTTP at every protocol version: what is delivered, as
//! whom, and every error path's status, with error answers checked against Microsoft's response schemas.
//!
//! Sender: Exchange discards the From a client's MIME names and submits as the mailbox owner ([EX13]
//! PiratesRE/exchange_diff `Microsoft.Exchange.AirSync/SendMailBase.cs ParseMimeToMessage`, line 488,
//! `message.From = null`). Smart* ID checks: `SendMailBase.cs ParseXmlRequest` / `GetSmartItemId` /
//! `GetSmartItem` (105 InvalidCombinationOfIDs, 106 InvalidIDs, 150 ItemNotFound).

use easim::eas::{Command, ProtocolVersion};
use easim::load::client::{self, Reply};
use easim::load::session::Session;
use easim::wbxml::Element;
use easim::wbxml::tags::ComposeMail as C;

use crate::eas::{device, ready};
use crate::eas_schema::{assert_valid, compose_mail};
use crate::support::TestServer;

/// The MIME of every message in `alias`'s folder, as the store keeps it.
fn stored_mime(server: &TestServer, alias: &str, folder: u32) -> Vec<String> {
    let world = server.state.lock();
    let id = world.tenant.find_mailboxes(alias)[0];
    let Some(store) = world.mail.get(id) else {
        return Vec::new();
    };
    store
        .folder(folder)
        .map(|f| {
            f.items
                .values()
                .map(|i| {
                    let m = i.message().expect("mail folders hold messages");
                    match &m.mime {
                        Some(raw) => String::from_utf8_lossy(raw).into_owned(),
                        None => format!(
                            "From: {}\r\nSubject: {}\r\n\r\n{}",
                            m.from, m.subject, m.body
                        ),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A ComposeMail request (14.0+) for SmartReply or SmartForward.
fn smart(root: C, mime: &[u8], source: &[(C, &str)], extra: &[C]) -> Element {
    let mut el = Element::new(root).with_leaf(C::ClientId, "c-1");
    let mut src = Element::new(C::Source);
    for (tag, value) in source {
        src = src.with_leaf(*tag, *value);
    }
    if !source.is_empty() {
        el = el.with(src);
    }
    for tag in extra {
        el = el.with(Element::new(*tag));
    }
    el.with(Element::opaque(C::Mime, mime.to_vec()))
}

/// Sends a Smart* command, the 14.0+ way or the 12.1 way (MIME body, ids in the query).
async fn send_smart(
    s: &mut Session,
    command: Command,
    mime: &[u8],
    folder: Option<&str>,
    item: Option<&str>,
    long_id: Option<&str>,
    save: bool,
) -> Reply {
    let root = if command == Command::SmartReply {
        C::SmartReply
    } else {
        C::SmartForward
    };
    if s.device.version >= ProtocolVersion::V14_0 {
        let mut source = Vec::new();
        if let Some(f) = folder {
            source.push((C::FolderId, f));
        }
        if let Some(i) = item {
            source.push((C::ItemId, i));
        }
        if let Some(l) = long_id {
            source.push((C::LongId, l));
        }
        let extra: &[C] = if save { &[C::SaveInSentItems] } else { &[] };
        let r = s
            .send(command, Some(&smart(root, mime, &source, extra)))
            .await
            .unwrap();
        if !r.body.is_empty() {
            let name = if command == Command::SmartReply {
                "ComposeMail:SmartReply"
            } else {
                "ComposeMail:SmartForward"
            };
            assert_valid(&r, &compose_mail(name));
        }
        return r;
    }
    let mut req = client::request_bytes(&s.device, command, mime.to_vec(), None);
    for (name, value) in [
        ("CollectionId", folder),
        ("ItemId", item),
        ("LongId", long_id),
    ] {
        if let Some(v) = value {
            req.target.push_str(&format!("&{name}={v}"));
        }
    }
    if save {
        req.target.push_str("&SaveInSent=T");
    }
    s.send_wire(&req).await.unwrap()
}

#[tokio::test]
async fn send_mail_goes_out_as_the_authenticated_mailbox_whatever_the_mime_says() {
    let server = TestServer::default().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("alice", &format!("SPOOF{}", version.0));
        d.version = version;
        let mut alice = ready(&server, d).await;
        let subject = format!("From the CEO {version}");
        let mime = format!(
            "From: \"The CEO\" <ceo@contoso.test>\r\nSender: ceo@contoso.test\r\nTo: bob@contoso.test\r\nSubject: {subject}\r\n\r\nWire the money.\r\n"
        );
        let r = if version >= ProtocolVersion::V14_0 {
            alice
                .send(
                    Command::SendMail,
                    Some(&client::send_mail(mime.as_bytes(), true)),
                )
                .await
                .unwrap()
        } else {
            let mut req = client::request_bytes(
                &alice.device,
                Command::SendMail,
                mime.clone().into_bytes(),
                None,
            );
            req.target.push_str("&SaveInSent=T");
            alice.send_wire(&req).await.unwrap()
        };
        assert_eq!((r.status, r.body.len()), (200, 0), "{version}: {}", r.xml());
        // Bob's device shows Alice as the sender, and so does every stored copy, MIME included.
        let mut bob = ready(&server, device("bob", &format!("SPOOFR{}", version.0))).await;
        let (inbox, _) = bob.sync_all("5", 500).await.unwrap();
        let got = inbox
            .iter()
            .find(|i| i.subject.as_deref() == Some(subject.as_str()))
            .expect("delivered");
        assert_eq!(
            got.from.as_deref(),
            Some("\"Alice Smith\" <alice@contoso.test>")
        );
        for (alias, folder) in [("bob", 5), ("alice", 10)] {
            let copies: Vec<String> = stored_mime(&server, alias, folder)
                .into_iter()
                .filter(|m| m.contains(&subject))
                .collect();
            assert_eq!(copies.len(), 1, "{alias} {folder}");
            assert!(!copies[0].contains("ceo@contoso.test"), "{}", copies[0]);
            assert!(copies[0].starts_with("From: \"Alice Smith\" <alice@contoso.test>\r\n"));
            assert!(copies[0].ends_with("Wire the money.\r\n"));
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn smart_reply_and_forward_send_the_original_after_the_text_at_every_version() {
    let server = TestServer::default().await;
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("alice", &format!("SMART{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        let (inbox, _) = s.sync_all("5", 500).await.unwrap();
        let original = inbox.iter().find(|i| i.body.is_some()).unwrap();
        let original_text = original.body.clone().unwrap();

        for command in [Command::SmartReply, Command::SmartForward] {
            let subject = format!("{command:?} {version}");
            let mime = format!(
                "From: mallory@example.com\r\nTo: bob@contoso.test\r\nSubject: {subject}\r\n\r\nSee below.\r\n"
            );
            let r = send_smart(
                &mut s,
                command,
                mime.as_bytes(),
                Some("5"),
                Some(&original.server_id),
                None,
                true,
            )
            .await;
            assert_eq!(
                (r.status, r.body.len()),
                (200, 0),
                "{version} {command:?}: {}",
                r.xml()
            );
            let copies: Vec<String> = stored_mime(&server, "bob", 5)
                .into_iter()
                .filter(|m| m.contains(&subject))
                .collect();
            assert_eq!(copies.len(), 1, "{version} {command:?}");
            let m = &copies[0];
            assert!(m.contains("See below."), "{m}");
            // The original body follows (HTML originals keep their markup; check a stretch of its text).
            let probe: String = original_text.chars().take(20).collect();
            assert!(
                m.contains(probe.trim()) || m.contains(&probe.replace('&', "&amp;")),
                "the original body is missing from\n{m}"
            );
            assert!(
                m.contains("alice@contoso.test") && !m.contains("mallory"),
                "{m}"
            );
            assert!(
                stored_mime(&server, "alice", 10)
                    .iter()
                    .any(|m| m.contains(&subject)),
                "saved to Sent Items"
            );
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn replace_mime_sends_only_the_clients_message() {
    let server = TestServer::default().await;
    let mut s = ready(&server, device("alice", "SMARTRM")).await;
    let (inbox, _) = s.sync_all("5", 500).await.unwrap();
    let original = &inbox[0];
    let mime = b"To: bob@contoso.test\r\nSubject: Replaced\r\n\r\nOnly this.\r\n";
    let body = smart(
        C::SmartForward,
        mime,
        &[(C::FolderId, "5"), (C::ItemId, &original.server_id)],
        &[C::ReplaceMime],
    );
    let r = s.send(Command::SmartForward, Some(&body)).await.unwrap();
    assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.xml());
    let copies: Vec<String> = stored_mime(&server, "bob", 5)
        .into_iter()
        .filter(|m| m.contains("Subject: Replaced"))
        .collect();
    assert_eq!(copies.len(), 1);
    assert!(
        copies[0].ends_with("\r\n\r\nOnly this.\r\n"),
        "{}",
        copies[0]
    );
    server.stop().await;
}

/// (FolderId, ItemId, LongId, body status from 14.0, HTTP status before).
type Case<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, u16, u16);

#[tokio::test]
async fn smart_commands_refuse_bad_ids_with_exchanges_statuses() {
    let server = TestServer::default().await;
    let mime = b"To: bob@contoso.test\r\nSubject: x\r\n\r\ny";
    for version in ProtocolVersion::SUPPORTED {
        let mut d = device("dave", &format!("SMERR{}", version.0));
        d.version = version;
        let mut s = ready(&server, d).await;
        let (inbox, _) = s.sync_all("5", 500).await.unwrap();
        let item = inbox[0].server_id.as_str();
        // (folder, item, long id) → the global status; 12.1 cannot carry it in a body and gets the HTTP code
        // Exchange pairs it with.
        let cases: [Case; 5] = [
            // Neither ItemId nor LongId: 105 (ParseXmlRequest, HTTP 400).
            (Some("5"), None, None, 105, 400),
            // LongId with ItemId: 105.
            (None, Some(item), Some("NToxMjM"), 105, 400),
            // A LongId this server did not issue: 106 (GetSmartItemId, HTTP 500).
            (None, None, Some("not-a-long-id"), 106, 500),
            // An item that is not there: 150 (GetSmartItem, HTTP 500).
            (Some("5"), Some("5:999999"), None, 150, 500),
            // No FolderId means the Inbox, and the item is not in it: 150.
            (None, Some("10:1"), None, 150, 500),
        ];
        for command in [Command::SmartReply, Command::SmartForward] {
            for (i, (folder, it, long, status, http)) in cases.iter().enumerate() {
                let r = send_smart(&mut s, command, mime, *folder, *it, *long, false).await;
                if version >= ProtocolVersion::V14_0 {
                    assert_eq!(
                        (r.status, r.status()),
                        (200, Some(*status)),
                        "{version} {command:?} case {i}"
                    );
                } else {
                    assert_eq!(r.status, *http, "{version} {command:?} case {i}");
                }
            }
        }
        // No recipient: 119 MessageHasNoRecipient.
        let r = send_smart(
            &mut s,
            Command::SmartReply,
            b"Subject: x\r\n\r\ny",
            Some("5"),
            Some(item),
            None,
            false,
        )
        .await;
        if version >= ProtocolVersion::V14_0 {
            assert_eq!(r.status(), Some(119));
        } else {
            assert_eq!(r.status, 500);
        }
    }
    // 16.0+: Mime together with Forwardees is 178 InvalidMimeBodyCombination (SmartForwardCommand.cs
    // ParseXmlRequest).
    let mut s = ready(&server, device("dave", "SMFWD16")).await;
    let (inbox, _) = s.sync_all("5", 500).await.unwrap();
    let body = smart(
        C::SmartForward,
        mime,
        &[(C::FolderId, "5"), (C::ItemId, &inbox[0].server_id)],
        &[],
    )
    .with(
        Element::new(C::Forwardees)
            .with(Element::new(C::Forwardee).with_leaf(C::ForwardeeEmail, "bob@contoso.test")),
    );
    let r = s.send(Command::SmartForward, Some(&body)).await.unwrap();
    assert_eq!(r.status(), Some(178));
    assert_valid(&r, &compose_mail("ComposeMail:SmartForward"));
    server.stop().await;
}

#[tokio::test]
async fn a_quarantined_device_cannot_smart_reply() {
    let server = TestServer::default().await;
    server
        .admin(
            "Set-ActiveSyncOrganizationSettings",
            serde_json::json!({"DefaultAccessLevel": "Quarantine"}),
        )
        .await;
    let mut s = ready(&server, device("alice", "SMARTQ")).await;
    let body = smart(
        C::SmartReply,
        b"To: bob@contoso.test\r\nSubject: x\r\n\r\ny",
        &[(C::FolderId, "5"), (C::ItemId, "5:1")],
        &[],
    );
    // 120 MailSubmissionFailed (eas-facts §4.1, from [EX13] the commands' HandleQuarantinedState).
    let r = s.send(Command::SmartReply, Some(&body)).await.unwrap();
    assert_eq!(r.status(), Some(120));
    assert_valid(&r, &compose_mail("ComposeMail:SmartReply"));
    server.stop().await;
}
