//! Unit tests of the EAS layer: request-line parsing in both forms, how global statuses go on the wire per
//! version, the EASProvisionDoc for a policy, the sync difference, and the literal ABQ notice.
//! Snapshots use expect-test (`UPDATE_EXPECT=1` refreshes them).

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use expect_test::{Expect, expect};

use super::mail_store::{Change, Folder, FolderType, Item, Message, View, diff};
use super::request::{self, Headers, encode_base64};
use super::*;
use crate::model::{
    DeviceAccessState, Guid, MailboxId, MobileDevice, MobileDeviceMailboxPolicy, Timestamp,
};
use crate::wbxml::{Document, to_xml};

#[track_caller]
fn check(actual: impl AsRef<str>, expect: Expect) {
    expect.assert_eq(actual.as_ref());
}

fn parse(query: &str, version: Option<&str>) -> String {
    let headers = Headers {
        protocol_version: version,
        policy_key: Some("7"),
        user_agent: Some("UA/1"),
        ..Headers::default()
    };
    match request::parse(Some(query), &headers, &ProtocolVersion::SUPPORTED) {
        Ok(r) => format!(
            "{:?} {} user={:?} id={} type={} v={} key={:?} qkey={:?} locale={:?} coll={:?} save={}",
            r.form,
            r.command.name(),
            r.user,
            r.device_id,
            r.device_type,
            r.version,
            r.policy_key,
            r.query_policy_key,
            r.locale,
            r.collection_id,
            r.save_in_sent
        ),
        Err(e) => format!(
            "error {} (status {:?}, http {}): {e}",
            match &e {
                RequestError::UnknownCommand(_) => "UnknownCommand",
                _ => "-",
            },
            e.status().map(|s| s.0),
            e.http_status()
        ),
    }
}

#[test]
fn request_lines_parse_in_both_forms() {
    let cases = [
        ("jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l", None),
        (
            "Cmd=Sync&User=alice%40contoso.com&DeviceId=ABC123&DeviceType=iPhone",
            Some("14.1"),
        ),
        (
            "deviceid=ABC123&cmd=sendmail&devicetype=iPhone&user=CONTOSO%5Calice&SaveInSent=T",
            Some("12.1"),
        ),
        (
            "Cmd=Provision&User=a&DeviceId=A1&DeviceType=T&PolicyKey=3141",
            Some("16.1"),
        ),
        (
            "Cmd=Sync&User=a&DeviceId=A1&DeviceType=T&CollectionId=5&Unknown=x",
            Some("16.0"),
        ),
        (
            "Cmd=Sync&Cmd=Ping&User=a&DeviceId=A1&DeviceType=T",
            Some("16.1"),
        ),
        ("Cmd=Sync&User=a&DeviceId=A1&DeviceType=T", Some("2.5")),
        ("Cmd=Sync&User=a&DeviceType=T", Some("16.1")),
        ("Cmd=Sync&User=a&DeviceId=A1", Some("16.1")),
        (
            "Cmd=Sync&User=a&DeviceId=A1&DeviceType=T&PolicyKey=x",
            Some("16.1"),
        ),
        ("Cmd=Nope&User=a&DeviceId=A1&DeviceType=T", Some("16.1")),
        ("////", None),
        ("jAAJ", None),
    ];
    let mut out = String::new();
    for (q, v) in cases {
        writeln!(out, "{q} [{v:?}]\n  {}", parse(q, v)).unwrap();
    }
    check(
        out,
        expect![[r#"
            jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l [None]
              Base64 Sync user=None id=v140Device type=SmartPhone v=14.0 key=None qkey=None locale=Some(1033) coll=None save=false
            Cmd=Sync&User=alice%40contoso.com&DeviceId=ABC123&DeviceType=iPhone [Some("14.1")]
              Plain Sync user=Some("alice@contoso.com") id=ABC123 type=iPhone v=14.1 key=Some(7) qkey=None locale=None coll=None save=false
            deviceid=ABC123&cmd=sendmail&devicetype=iPhone&user=CONTOSO%5Calice&SaveInSent=T [Some("12.1")]
              Plain SendMail user=Some("CONTOSO\\alice") id=ABC123 type=iPhone v=12.1 key=Some(7) qkey=None locale=None coll=None save=true
            Cmd=Provision&User=a&DeviceId=A1&DeviceType=T&PolicyKey=3141 [Some("16.1")]
              Plain Provision user=Some("a") id=A1 type=T v=16.1 key=Some(7) qkey=Some(3141) locale=None coll=None save=false
            Cmd=Sync&User=a&DeviceId=A1&DeviceType=T&CollectionId=5&Unknown=x [Some("16.0")]
              Plain Sync user=Some("a") id=A1 type=T v=16.0 key=Some(7) qkey=None locale=None coll=Some("5") save=false
            Cmd=Sync&Cmd=Ping&User=a&DeviceId=A1&DeviceType=T [Some("16.1")]
              error - (status None, http 400): the Cmd parameter appears more than once
            Cmd=Sync&User=a&DeviceId=A1&DeviceType=T [Some("2.5")]
              error - (status None, http 400): protocol version '2.5' is not supported (supported: 12.1,14.0,14.1,16.0,16.1)
            Cmd=Sync&User=a&DeviceType=T [Some("16.1")]
              error - (status Some(108), http 400): DeviceId is missing
            Cmd=Sync&User=a&DeviceId=A1 [Some("16.1")]
              error - (status Some(109), http 400): DeviceType is missing
            Cmd=Sync&User=a&DeviceId=A1&DeviceType=T&PolicyKey=x [Some("16.1")]
              error - (status None, http 400): X-MS-PolicyKey 'x' is not a decimal uint32
            Cmd=Nope&User=a&DeviceId=A1&DeviceType=T [Some("16.1")]
              error UnknownCommand (status None, http 501): unknown command 'Nope'
            //// [None]
              error UnknownCommand (status None, http 501): unknown command '#255'
            jAAJ [None]
              error - (status None, http 400): the base64 query ends early: locale
        "#]],
    );
}

#[test]
fn the_base64_form_round_trips() {
    let mut r = EasRequest::new(
        Command::ItemOperations,
        "bob@contoso.test",
        "DEV1",
        "Android",
        ProtocolVersion::V16_1,
    );
    r.form = QueryForm::Base64;
    r.policy_key = Some(0xDEAD_BEEF);
    r.locale = Some(0x0407);
    r.collection_id = Some("5".into());
    r.accept_multipart = true;
    let q = encode_base64(&r);
    let back = request::parse(Some(&q), &Headers::default(), &ProtocolVersion::SUPPORTED).unwrap();
    assert_eq!(back, r);
}

#[test]
fn global_statuses_go_on_the_wire_per_version_and_command() {
    let cases = [
        (
            Command::FolderSync,
            ProtocolVersion::V16_1,
            GlobalStatus::DEVICE_NOT_PROVISIONED,
            449,
        ),
        (
            Command::FolderSync,
            ProtocolVersion::V12_1,
            GlobalStatus::DEVICE_NOT_PROVISIONED,
            449,
        ),
        (
            Command::Sync,
            ProtocolVersion::V14_0,
            GlobalStatus::DEVICE_IS_BLOCKED_FOR_THIS_USER,
            403,
        ),
        (
            Command::Ping,
            ProtocolVersion::V14_0,
            GlobalStatus::MAXIMUM_DEVICES_REACHED,
            403,
        ),
        (
            Command::Ping,
            ProtocolVersion::V14_1,
            GlobalStatus::MAXIMUM_DEVICES_REACHED,
            403,
        ),
        (
            Command::SendMail,
            ProtocolVersion::V16_0,
            GlobalStatus::MAIL_SUBMISSION_FAILED,
            500,
        ),
        (
            Command::GetAttachment,
            ProtocolVersion::V16_1,
            GlobalStatus::COMMAND_NOT_SUPPORTED,
            501,
        ),
        (
            Command::Settings,
            ProtocolVersion::V14_1,
            GlobalStatus::USER_DISABLED_FOR_SYNC,
            403,
        ),
    ];
    let mut out = String::new();
    for (cmd, v, status, http) in cases {
        let r = response::global_error(cmd, v, status, http);
        let body = if r.body.is_empty() {
            "(no body)".to_string()
        } else {
            to_xml(&crate::wbxml::decode(&r.body).unwrap())
        };
        writeln!(
            out,
            "{} {v} {status}: HTTP {} tarpit={} {body}",
            cmd.name(),
            r.http_status,
            r.tarpit
        )
        .unwrap();
    }
    check(
        out,
        expect![[r#"
            FolderSync 16.1 142 DeviceNotProvisioned: HTTP 200 tarpit=false <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><FolderSync xmlns="FolderHierarchy:"><Status>142</Status></FolderSync>
            FolderSync 12.1 142 DeviceNotProvisioned: HTTP 449 tarpit=false (no body)
            Sync 14.0 129 DeviceIsBlockedForThisUser: HTTP 200 tarpit=true <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><Sync xmlns="AirSync:"><Status>129</Status></Sync>
            Ping 14.0 177 MaximumDevicesReached: HTTP 403 tarpit=true (no body)
            Ping 14.1 177 MaximumDevicesReached: HTTP 200 tarpit=true <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><Ping xmlns="Ping:"><Status>177</Status></Ping>
            SendMail 16.0 120 MailSubmissionFailed: HTTP 200 tarpit=true <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><SendMail xmlns="ComposeMail:"><Status>120</Status></SendMail>
            GetAttachment 16.1 137 CommandNotSupported: HTTP 501 tarpit=true (no body)
            Settings 14.1 126 UserDisabledForSync: HTTP 200 tarpit=true <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><Settings xmlns="Settings:"><Status>126</Status></Settings>
        "#]],
    );
}

#[test]
fn the_provision_doc_follows_the_policy_in_exchanges_order() {
    let policy = MobileDeviceMailboxPolicy {
        password_enabled: true,
        min_password_length: Some(6),
        max_attachment_size: Some(10),
        max_email_age_filter: Some(14),
        ..MobileDeviceMailboxPolicy::default()
    };
    let doc = commands::provision::provision_doc(&policy, ProtocolVersion::V16_1);
    let xml = to_xml(&Document::new(doc));
    let xml = xml.replace("><", ">\n<");
    let interesting: Vec<&str> = xml
        .lines()
        .filter(|l| {
            [
                "Password",
                "Attachment",
                "AgeFilter",
                "Truncation",
                "Bluetooth",
            ]
            .iter()
            .any(|w| l.contains(w))
        })
        .collect();
    check(
        interesting.join("\n"),
        expect![[r#"
            <DevicePasswordEnabled>1</DevicePasswordEnabled>
            <AlphanumericDevicePasswordRequired>0</AlphanumericDevicePasswordRequired>
            <PasswordRecoveryEnabled>0</PasswordRecoveryEnabled>
            <AttachmentsEnabled>1</AttachmentsEnabled>
            <MinDevicePasswordLength>6</MinDevicePasswordLength>
            <MaxDevicePasswordFailedAttempts/>
            <MaxAttachmentSize>10240</MaxAttachmentSize>
            <AllowSimpleDevicePassword>1</AllowSimpleDevicePassword>
            <DevicePasswordExpiration/>
            <DevicePasswordHistory>0</DevicePasswordHistory>
            <MinDevicePasswordComplexCharacters>1</MinDevicePasswordComplexCharacters>
            <AllowBluetooth>2</AllowBluetooth>
            <MaxCalendarAgeFilter>0</MaxCalendarAgeFilter>
            <MaxEmailAgeFilter>4</MaxEmailAgeFilter>
            <MaxEmailBodyTruncationSize>-1</MaxEmailBodyTruncationSize>
            <MaxEmailHTMLBodyTruncationSize>-1</MaxEmailHTMLBodyTruncationSize>"#]],
    );
}

fn message(subject: &str) -> Message {
    Message {
        subject: subject.into(),
        from: "a@x".into(),
        to: "b@x".into(),
        cc: String::new(),
        date: Timestamp::from_secs(1000),
        body: "hi".into(),
        html: false,
        importance: 1,
        mime: None,
    }
}

#[test]
fn the_sync_difference_adds_changes_and_deletes_in_the_devices_view() {
    let mut items = BTreeMap::new();
    for (id, version, notice) in [(1, 1, None), (2, 3, None), (4, 1, Some("dev1".to_string()))] {
        items.insert(
            id,
            Item {
                id,
                version,
                payload: super::mail_store::Payload::Email(std::sync::Arc::new(message("m"))),
                read: false,
                flagged: false,
                notice_for: notice,
                generated: None,
            },
        );
    }
    let folder = Folder {
        id: 5,
        parent: 0,
        name: "Inbox".to_string(),
        kind: FolderType::Inbox,
        version: 1,
        items,
    };
    // The device holds 1 (current), 2 (old version) and 3 (gone).
    let known: BTreeMap<u32, u32> = [(1, 1), (2, 1), (3, 1)].into_iter().collect();
    assert_eq!(
        diff(&folder, &known, View::Full, None),
        vec![Change::Delete(3), Change::Change(2), Change::Add(4)]
    );
    // Quarantined: only its own notice; what it held disappears.
    assert_eq!(
        diff(&folder, &known, View::NoticesFor("dev1"), None),
        vec![
            Change::Delete(1),
            Change::Delete(2),
            Change::Delete(3),
            Change::Add(4)
        ]
    );
    assert_eq!(
        diff(&folder, &BTreeMap::new(), View::NoticesFor("dev2"), None),
        vec![]
    );
    // A date filter leaves out older new items.
    assert_eq!(
        diff(
            &folder,
            &BTreeMap::new(),
            View::Full,
            Some(Timestamp::from_secs(2000))
        ),
        vec![]
    );
}

#[test]
fn the_abq_notice_has_the_literal_subject_and_the_device_table() {
    let mut d = MobileDevice::new(Guid(1), MailboxId(0), "ABC123", "iPhone");
    d.device_model = "iPhone6C2".into();
    d.device_os = "iOS 12.5".into();
    d.client_version = "16.1".into();
    let owner = mail_gen::Owner {
        display_name: "Alice Smith",
        smtp: "alice@contoso.test",
    };
    let m = mail_gen::abq_notice(
        DeviceAccessState::Quarantined,
        &d,
        &owner,
        "contoso.test",
        Some("Call the help desk <x1234>."),
        Timestamp::from_secs(1_795_000_000),
    )
    .unwrap();
    assert_eq!(m.subject, mail_gen::QUARANTINE_SUBJECT);
    assert!(m.html);
    assert!(m.from.ends_with("@contoso.test>"));
    check(
        m.body.replace("<tr>", "\n<tr>"),
        expect![[r#"
            <html><body><p>Your mobile device is temporarily blocked from synchronizing using Exchange ActiveSync because it is quarantined. You don't need to take any action. Content will be downloaded automatically as soon as your administrator grants access to the device.</p><p>Call the help desk &lt;x1234&gt;.</p><p>Information about your device:</p><table>
            <tr><td>Device model:</td><td>iPhone6C2</td></tr>
            <tr><td>Device type:</td><td>iPhone</td></tr>
            <tr><td>Device ID:</td><td>ABC123</td></tr>
            <tr><td>Device OS:</td><td>iOS 12.5</td></tr>
            <tr><td>Device user agent:</td><td></td></tr>
            <tr><td>Device IMEI:</td><td></td></tr>
            <tr><td>Exchange ActiveSync version:</td><td>16.1</td></tr>
            <tr><td>Device access state:</td><td>Quarantined</td></tr>
            <tr><td>Device access state reason:</td><td>Unknown</td></tr></table><p>Sent at 2026-11-18T11:06:40Z to alice@contoso.test</p></body></html>"#]],
    );
    assert_eq!(
        mail_gen::abq_notice(
            DeviceAccessState::Allowed,
            &d,
            &owner,
            "contoso.test",
            None,
            Timestamp::from_secs(0)
        ),
        None
    );
}

// ---- whole requests through `handle`, without sockets ------------------------------------------------------

mod robustness {
    use proptest::prelude::*;
    use rand::SeedableRng;

    use super::super::*;
    use super::request;
    use crate::model::{CasSettings, Guid, Mailbox, RecipientTypeDetails, Tenant, Timestamp};
    use crate::wbxml::{Document, Element, Node, Page, Tag, encode};

    fn tenant() -> Tenant {
        let mut t = Tenant::new("contoso.test");
        t.add_mailbox(Mailbox {
            guid: Guid::from_random_bits(1),
            name: "Alice".into(),
            alias: "alice".into(),
            display_name: "Alice".into(),
            primary_smtp_address: "alice@contoso.test".into(),
            user_principal_name: "alice@contoso.test".into(),
            recipient_type_details: RecipientTypeDetails::UserMailbox,
            password: "pw".into(),
            cas: CasSettings::default(),
        })
        .unwrap();
        t
    }

    const PAGES: [Page; 8] = [
        Page::AirSync,
        Page::Email,
        Page::FolderHierarchy,
        Page::Ping,
        Page::Provision,
        Page::AirSyncBase,
        Page::Settings,
        Page::ItemOperations,
    ];

    fn any_tag() -> impl Strategy<Value = Tag> {
        let tags: Vec<Tag> = PAGES.iter().flat_map(|p| p.tags()).collect();
        proptest::sample::select(tags)
    }

    fn any_element() -> impl Strategy<Value = Element> {
        let text = prop_oneof!["[0-9]{1,4}", "[a-zA-Z:0-9 ]{0,8}", Just("0".to_string())];
        let leaf = (any_tag(), proptest::option::of(text)).prop_map(|(tag, text)| Element {
            page: tag.page,
            token: tag.token,
            children: text.map(Node::Text).into_iter().collect(),
        });
        leaf.prop_recursive(4, 40, 5, |inner| {
            (any_tag(), proptest::collection::vec(inner, 0..5)).prop_map(|(tag, kids)| Element {
                page: tag.page,
                token: tag.token,
                children: kids.into_iter().map(Node::Element).collect(),
            })
        })
    }

    /// Provision phase one (`None`) or the acknowledgement of a temporary key.
    fn provision(ack: Option<u32>) -> Element {
        use crate::wbxml::tags::Provision as P;
        let mut policy =
            Element::new(P::Policy).with_leaf(P::PolicyType, "MS-EAS-Provisioning-WBXML");
        if let Some(k) = ack {
            policy = policy
                .with_leaf(P::PolicyKey, k.to_string())
                .with_leaf(P::Status, "1");
        }
        Element::new(P::Provision).with(Element::new(P::Policies).with(policy))
    }

    fn policy_key(body: &[u8]) -> Option<u32> {
        use crate::wbxml::tags::Provision as P;
        let root = crate::wbxml::decode(body).ok()?.root;
        root.child(P::Policies)?
            .child(P::Policy)?
            .child_text(P::PolicyKey)?
            .parse()
            .ok()
    }

    proptest! {
        /// Any query string parses or is refused with an error; never a panic.
        #[test]
        fn any_query_parses_or_is_refused(q in "[ -~]{0,60}", bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
            let headers = request::Headers { protocol_version: Some("16.1"), ..request::Headers::default() };
            let _ = request::parse(Some(&q), &headers, &ProtocolVersion::SUPPORTED);
            let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &bytes);
            let _ = request::parse(Some(&b64), &headers, &ProtocolVersion::SUPPORTED);
        }

        /// Any well-formed body under any command's root, on a provisioned device, gets an answer: no panic,
        /// and the tenant stays consistent (one partnership).
        #[test]
        fn any_body_gets_an_answer(
            body in any_element(),
            command in proptest::sample::select(vec![
                Command::Sync, Command::FolderSync, Command::Ping, Command::Provision, Command::Settings,
                Command::GetItemEstimate, Command::ItemOperations, Command::SendMail,
            ]),
            raw in proptest::collection::vec(any::<u8>(), 0..40),
        ) {
            let mut tenant = tenant();
            let mut store = MailStore::new(1, Timestamp::from_secs(1_795_000_000));
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
            let config = EasConfig::default();
            let creds = Credentials { user: "alice".into(), password: "pw".into() };
            let mut cx = Context {
                tenant: &mut tenant,
                store: &mut store,
                rng: &mut rng,
                config: &config,
                now: Timestamp::from_secs(1_795_000_000),
            };
            // Provision first, so the commands get past the policy check.
            let mut req = EasRequest::new(Command::Provision, "alice", "DEV1", "T", ProtocolVersion::V14_0);
            let out = handle(&mut cx, &req, Some(&creds), &encode(&Document::new(provision(None))));
            let temp = policy_key(&out.response.body);
            req.policy_key = temp;
            let out = handle(&mut cx, &req, Some(&creds), &encode(&Document::new(provision(temp))));
            let key = policy_key(&out.response.body);
            prop_assert!(key.is_some());

            let mut req = EasRequest::new(command, "alice", "DEV1", "T", ProtocolVersion::V16_1);
            req.policy_key = key;
            let root = response::root_tag(command, req.version).unwrap();
            let doc = Document::new(Element { page: root.page, token: root.token, children: vec![Node::Element(body)] });
            let out = handle(&mut cx, &req, Some(&creds), &encode(&doc));
            prop_assert!(out.response.http_status >= 200);
            let out = handle(&mut cx, &req, Some(&creds), &raw);
            prop_assert!(out.response.http_status >= 200);
            prop_assert_eq!(cx.tenant.device_count(), 1);
        }
    }
}

/// `n` children under a command's capped element, as a request body.
fn capped_body(command: &str, n: usize) -> Vec<u8> {
    use crate::wbxml::tags::{AirSync as A, GetItemEstimate as G, ItemOperations as I, Ping as P};
    use crate::wbxml::{Element, encode};
    let root = match command {
        "Sync" => {
            Element::new(A::Sync).with(Element::new(A::Collections).with_all((0..n).map(|i| {
                Element::new(A::Collection)
                    .with_leaf(A::SyncKey, "0")
                    .with_leaf(A::CollectionId, i.to_string())
            })))
        }
        "Ping" => Element::new(P::Ping)
            .with_leaf(P::HeartbeatInterval, "60")
            .with(Element::new(P::Folders).with_all((0..n).map(|i| {
                Element::new(P::Folder)
                    .with_leaf(P::Id, i.to_string())
                    .with_leaf(P::Class, "Email")
            }))),
        "GetItemEstimate" => Element::new(G::GetItemEstimate).with(
            Element::new(G::Collections)
                .with_all((0..n).map(|i| {
                    Element::new(G::Collection).with_leaf(G::CollectionId, i.to_string())
                })),
        ),
        _ => Element::new(I::ItemOperations).with_all((0..n).map(|i| {
            Element::new(I::Fetch)
                .with_leaf(I::Store, "Mailbox")
                .with_leaf(A::ServerId, format!("5:{i}"))
        })),
    };
    encode(&Document::new(root))
}

#[test]
fn request_caps_answer_as_exchange_does() {
    // Sources beside each cap in `eas::limits` (Exchange 2013's MaxNumOfFolders = MaxRetrievedItems = 100; Ping
    // and GetItemEstimate refuse from 100, Sync and ItemOperations above it).
    let config = EasConfig::default();
    let mut out = String::new();
    for (command, counts) in [
        ("Sync", [100, 101]),
        ("Ping", [99, 100]),
        ("GetItemEstimate", [99, 100]),
        ("ItemOperations", [100, 101]),
    ] {
        let query = format!("Cmd={command}&User=a&DeviceId=A1&DeviceType=T");
        let headers = Headers {
            protocol_version: Some("16.1"),
            ..Headers::default()
        };
        let req = request::parse(Some(&query), &headers, &ProtocolVersion::SUPPORTED).unwrap();
        for n in counts {
            let answer = match prepare(&req, &capped_body(command, n), &config) {
                Body::Wbxml(root) => format!("runs ({} children)", root.children.len()),
                Body::OverCap(r) => format!(
                    "refused: HTTP {} {}",
                    r.http_status,
                    if r.body.is_empty() {
                        String::new()
                    } else {
                        to_xml(&crate::wbxml::decode(&r.body).unwrap())
                    }
                ),
                other => format!("{other:?}"),
            };
            writeln!(out, "{command} × {n}: {answer}").unwrap();
        }
    }
    check(
        out,
        expect![[r#"
        Sync × 100: runs (1 children)
        Sync × 101: refused: HTTP 200 <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><Sync xmlns="AirSync:"><Status>15</Status><Limit>100</Limit></Sync>
        Ping × 99: runs (2 children)
        Ping × 100: refused: HTTP 200 <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><Ping xmlns="Ping:"><Status>6</Status><MaxFolders>100</MaxFolders></Ping>
        GetItemEstimate × 99: runs (1 children)
        GetItemEstimate × 100: refused: HTTP 200 <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><GetItemEstimate xmlns="GetItemEstimate:"><Status>103</Status></GetItemEstimate>
        ItemOperations × 100: runs (100 children)
        ItemOperations × 101: refused: HTTP 200 <?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><ItemOperations xmlns="ItemOperations:"><Status>11</Status></ItemOperations>
    "#]],
    );
}

#[test]
fn a_body_past_the_element_limit_is_invalid_wbxml_and_builds_nothing() {
    use crate::wbxml::tags::FolderHierarchy as F;
    use crate::wbxml::{Element, encode};
    let config = EasConfig::default();
    let headers = Headers {
        protocol_version: Some("16.1"),
        ..Headers::default()
    };
    let req = request::parse(
        Some("Cmd=FolderSync&User=a&DeviceId=A1&DeviceType=T"),
        &headers,
        &ProtocolVersion::SUPPORTED,
    )
    .unwrap();
    let max = config.limits.wbxml.max_elements;
    let body = |n: usize| {
        encode(&Document::new(
            Element::new(F::FolderSync).with_all((1..n).map(|_| Element::new(F::SyncKey))),
        ))
    };
    assert!(matches!(prepare(&req, &body(max), &config), Body::Wbxml(_)));
    assert!(matches!(
        prepare(&req, &body(max + 1), &config),
        Body::Malformed(GlobalStatus::INVALID_WBXML)
    ));
}

/// The mailbox log's XML view is Exchange's `AirSyncUtility.BuildOuterXml(doc, truncatePII: true)` ([EX13]
/// `Microsoft.Exchange.AirSync/AirSyncUtility.cs`): tab indents after CRLF, `xmlns` only where the namespace
/// changes, PII tags (`Subject`, `From`, `Data` …) cut to their length, a `Body` to `<Body=N bytes/>` from its
/// EstimatedDataSize (else its Data's length), opaque bytes in hex, text escaped (`'` as `&apos;`).
#[test]
fn the_mailbox_log_xml_view_truncates_as_exchange_does() {
    use crate::wbxml::Element;
    use crate::wbxml::tags::{AirSync, AirSyncBase, ComposeMail, Email};
    let sync = Element::new(AirSync::Sync).with(
        Element::new(AirSync::Collections).with(
            Element::new(AirSync::Collection)
                .with_leaf(AirSync::SyncKey, "7")
                .with_leaf(AirSync::CollectionId, "5")
                .with(
                    Element::new(AirSync::Commands).with(
                        Element::new(AirSync::Add)
                            .with_leaf(AirSync::ServerId, "5:1")
                            .with(
                                Element::new(AirSync::ApplicationData)
                                    .with_leaf(Email::Subject, "Quarterly numbers")
                                    .with_leaf(Email::From, "\"Bob\" <bob@contoso.com>")
                                    .with_leaf(Email::Read, "0")
                                    .with(
                                        Element::new(AirSyncBase::Body)
                                            .with_leaf(AirSyncBase::Type, "1")
                                            .with_leaf(AirSyncBase::EstimatedDataSize, "1234")
                                            .with_leaf(AirSyncBase::Data, "hello"),
                                    )
                                    .with_leaf(Email::MessageClass, "IPM.Note & 'x'"),
                            ),
                    ),
                )
                .with(Element::new(AirSync::MoreAvailable)),
        ),
    );
    check(
        mailbox_log::outer_xml(&sync).replace("\r\n", "\n"),
        expect![[r#"
            <?xml version="1.0" encoding="utf-8" ?>
            <Sync xmlns="AirSync:">
            	<Collections>
            		<Collection>
            			<SyncKey>7</SyncKey>
            			<CollectionId>5</CollectionId>
            			<Commands>
            				<Add>
            					<ServerId>5:1</ServerId>
            					<ApplicationData>
            						<Subject xmlns="Email:" bytes="17"/>
            						<From xmlns="Email:" bytes="23"/>
            						<Read xmlns="Email:">0</Read>
            						<Body=1234 bytes/>
            						<MessageClass xmlns="Email:">IPM.Note &amp; &apos;x&apos;</MessageClass>
            					</ApplicationData>
            				</Add>
            			</Commands>
            			<MoreAvailable/>
            		</Collection>
            	</Collections>
            </Sync>"#]],
    );
    let send = Element::new(ComposeMail::SendMail)
        .with_leaf(ComposeMail::ClientId, "c1")
        .with(Element::opaque(ComposeMail::Mime, b"To: x\r\n".to_vec()));
    let request = mailbox_log::request_xml(&send);
    check(
        request.replace("\r\n", "\n"),
        expect![[r#"
            <?xml version="1.0" encoding="utf-8" ?>
            <SendMail xmlns="ComposeMail:">
            	<ClientId>c1</ClientId>
            	<Mime>[Mime Removed] BytesCount = 27</Mime>
            </SendMail>"#]],
    );
}

fn pim_owner() -> mail_gen::Owner<'static> {
    mail_gen::Owner {
        display_name: "Alice Smith",
        smtp: "alice@contoso.test",
    }
}

fn pim_colleagues() -> Vec<mail_gen::Owner<'static>> {
    vec![
        mail_gen::Owner {
            display_name: "Bob Jones",
            smtp: "bob@contoso.test",
        },
        mail_gen::Owner {
            display_name: "Dave Brown",
            smtp: "dave@contoso.test",
        },
    ]
}

#[test]
fn generated_pim_items_depend_only_on_seed_epoch_and_mailbox() {
    let epoch = Timestamp::parse("2026-11-18T08:00:00Z").unwrap();
    let items = |seed, guid, kind| {
        pim_gen::folder_items(
            seed,
            epoch,
            Guid(guid),
            kind,
            &pim_owner(),
            &pim_colleagues(),
        )
    };
    for kind in [
        FolderType::Calendar,
        FolderType::Contacts,
        FolderType::Tasks,
    ] {
        let a = items(7, 0x10, kind);
        assert!(!a.is_empty(), "{kind:?}");
        assert_eq!(a, items(7, 0x10, kind), "{kind:?}: same seed, same items");
        assert_ne!(a, items(8, 0x10, kind), "{kind:?}: another seed");
        assert_ne!(a, items(7, 0x11, kind), "{kind:?}: another mailbox");
    }
    // Other folders get nothing.
    assert!(items(7, 0x10, FolderType::Notes).is_empty());
}

#[test]
fn a_calendar_has_a_weekly_meeting_with_colleagues_an_invitation_and_an_all_day_event() {
    use super::pim::Payload;
    let epoch = Timestamp::parse("2026-11-18T08:00:00Z").unwrap();
    let events: Vec<_> = pim_gen::folder_items(
        1,
        epoch,
        Guid(0x42),
        FolderType::Calendar,
        &pim_owner(),
        &pim_colleagues(),
    )
    .into_iter()
    .map(|p| match p {
        Payload::Calendar(e) => e,
        other => panic!("not a calendar item: {other:?}"),
    })
    .collect();
    let weekly = events
        .iter()
        .find(|e| {
            e.recurrence
                .as_ref()
                .is_some_and(|r| r.kind == 1 && r.interval == 1)
        })
        .unwrap();
    assert_eq!(weekly.meeting_status, 1);
    assert_eq!(weekly.organizer_email, "alice@contoso.test");
    let invited: Vec<&str> = weekly.attendees.iter().map(|a| a.email.as_str()).collect();
    assert_eq!(invited, ["bob@contoso.test", "dave@contoso.test"]);
    // DayOfWeek is the start's weekday (MS-ASCAL DayOfWeek: 1 Sunday … 64 Saturday; 1970-01-01 a Thursday).
    let weekday = (weekly.start.secs().div_euclid(86_400) + 4).rem_euclid(7);
    assert_eq!(
        weekly.recurrence.as_ref().unwrap().day_of_week,
        Some(1 << weekday)
    );
    let invitation = events.iter().find(|e| e.meeting_status == 3).unwrap();
    assert_eq!(invitation.organizer_email, "bob@contoso.test");
    assert_eq!(invitation.attendees[0].email, "alice@contoso.test");
    let all_day = events.iter().find(|e| e.all_day).unwrap();
    assert_eq!(all_day.start.secs() % 86_400, 0);
    assert_eq!(all_day.end.secs_since(all_day.start), 86_400);
    // UIDs are distinct and within MS-ASCAL UID's 300 characters.
    let mut uids: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len());
    assert!(uids.iter().all(|u| u.len() <= 300));
}

#[test]
fn a_pim_folder_is_filled_once_and_only_when_asked() {
    let epoch = Timestamp::parse("2026-11-18T08:00:00Z").unwrap();
    let mut store = MailStore::new(7, epoch);
    let mb = store.mailbox(MailboxId(0), Guid(0x10), &pim_owner());
    let mail_items: usize = mb.folders().iter().map(|f| f.items.len()).sum();
    assert!(
        mb.folder(mail_store::INBOX)
            .is_some_and(|f| !f.items.is_empty())
    );
    // Nothing in the PIM folders until a Sync asks.
    assert!(mb.folder(1).unwrap().items.is_empty());
    assert!(mb.pending(1));
    mb.fill(1, &pim_owner(), &pim_colleagues());
    let n = mb.folder(1).unwrap().items.len();
    assert!(n >= 5);
    mb.fill(1, &pim_owner(), &pim_colleagues());
    assert_eq!(mb.folder(1).unwrap().items.len(), n, "filled once");
    assert!(mb.pending(2) && mb.pending(11));
    // Mail is untouched, and a mail folder is never filled.
    mb.fill(mail_store::INBOX, &pim_owner(), &pim_colleagues());
    let total: usize = mb.folders().iter().map(|f| f.items.len()).sum();
    assert_eq!(total, mail_items + n);
}

/// A mailbox's record reads back to the same mailbox: generated items (named by their place in a generator run)
/// come back equal to what the generator made, changed and client-made ones as they were, with the per-device
/// sync state; and reading it back gives the same bytes again.
#[test]
fn a_mailbox_record_reads_back_to_the_same_mailbox() {
    let epoch = Timestamp::parse("2026-11-18T08:00:00Z").unwrap();
    let mut store = MailStore::new(7, epoch);
    store.track_changes();
    let mb = store.mailbox(MailboxId(3), Guid(0x10), &pim_owner());
    mb.fill(1, &pim_owner(), &pim_colleagues());
    let first = *mb
        .folder(mail_store::INBOX)
        .unwrap()
        .items
        .keys()
        .next()
        .unwrap();
    mb.folder_mut(mail_store::INBOX)
        .unwrap()
        .items
        .get_mut(&first)
        .unwrap()
        .read = true;
    let moved = mb
        .move_item(mail_store::INBOX, first, mail_store::DELETED_ITEMS)
        .unwrap();
    let added = mb
        .add_item(mail_store::DRAFTS, message("client draft"), true, None)
        .unwrap();
    let event = *mb.folder(1).unwrap().items.keys().next().unwrap();
    let other = mb.folder(1).unwrap().items[&event].payload.clone();
    mb.replace_payload(1, event, other).unwrap();
    mb.create_folder(0, "Projects", FolderType::UserMail)
        .unwrap();
    mb.set_oof(mail_store::Oof {
        state: 1,
        internal_message: Some("away".into()),
        ..mail_store::Oof::default()
    });
    let mut device = mail_store::DeviceState::default();
    device.restart_hierarchy(4);
    device.know_folder(mail_store::INBOX, 1);
    let mut collection = device.take_collection(mail_store::INBOX);
    collection.key = 9;
    collection.known.insert(moved, 1);
    collection.previous = Some((8, BTreeMap::new()));
    device.set_collection(mail_store::INBOX, collection);
    device.set_last_sync(
        crate::wbxml::Element::new(crate::wbxml::tags::AirSync::Sync)
            .with_leaf(crate::wbxml::tags::AirSync::WindowSize, "25"),
    );
    mb.put_device_state("ApplDEV1", device);

    let changed = store.take_changed();
    assert_eq!(changed.len(), 1);
    let (id, record) = &changed[0];
    assert_eq!(*id, MailboxId(3));
    assert!(store.take_changed().is_empty(), "nothing changed since");

    let mut back = MailStore::new(7, epoch);
    back.restore(*id, record).unwrap();
    let (a, b) = (store.get(*id).unwrap(), back.get(*id).unwrap());
    assert_eq!(a.folders(), b.folders());
    assert_eq!(a.oof(), b.oof());
    assert_eq!(a.device_state("appldev1"), b.device_state("ApplDEV1"));
    assert_eq!(&mail_store::record::encode(b), record);
    let client_draft = &b.folder(mail_store::DRAFTS).unwrap().items[&added];
    assert_eq!(client_draft.message().unwrap().subject, "client draft");
    // Generated content is named, not copied: the record is far smaller than its items written whole.
    let whole: usize = a
        .folders()
        .iter()
        .flat_map(|f| f.items.values())
        .map(|i| serde_json::to_vec(&i.payload).unwrap().len())
        .sum();
    assert!(record.len() * 3 < whole, "{} vs {whole}", record.len());

    // From another server (another seed) it is refused, and a damaged record is an error, not a panic.
    assert!(MailStore::new(8, epoch).restore(*id, record).is_err());
    for cut in [0, 1, record.len() / 2, record.len() - 1] {
        assert!(back.restore(*id, &record[..cut]).is_err());
    }
}
