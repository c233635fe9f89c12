//! The EAS endpoint over real loopback HTTP, driven by the crate's own client: every implemented command on
//! the happy path, both URI forms, and the partnership bookkeeping (first contact, DeviceInformation,
//! LastSyncAttemptTime / LastSuccessSync).

use easim::eas::{Command, ProtocolVersion, QueryForm};
use easim::load::client::{self, Device};
use easim::load::session::Session;
use easim::model::{DevicePolicyApplicationStatus, MobileDevice};

use crate::support::{PASSWORD, TestServer};

pub(crate) fn device(user: &str, id: &str) -> Device {
    Device::new(&format!("{user}@contoso.test"), PASSWORD, id)
}

pub(crate) async fn session(server: &TestServer, device: Device) -> Session {
    Session::connect(server.addr, device).await.unwrap()
}

/// The stored partnership of `alias`'s device `id`.
pub(crate) fn stored(server: &TestServer, alias: &str, id: &str) -> Option<MobileDevice> {
    let world = server.state.lock();
    let t = &world.tenant;
    let mb = t.find_mailboxes(alias)[0];
    t.find_device(mb, id).and_then(|k| t.device(k)).cloned()
}

/// A device that provisioned and synced its hierarchy.
pub(crate) async fn ready(server: &TestServer, d: Device) -> Session {
    let mut s = session(server, d).await;
    s.provision().await.unwrap();
    s.folder_sync().await.unwrap();
    s
}

#[tokio::test]
async fn options_lists_versions_and_commands_and_needs_credentials() {
    let server = TestServer::default().await;
    let mut s = session(&server, device("alice", "OPT1")).await;
    let r = s.options().await.unwrap();
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert_eq!(
        r.header("MS-ASProtocolVersions"),
        Some("12.1,14.0,14.1,16.0,16.1")
    );
    assert!(
        r.header("MS-ASProtocolCommands")
            .unwrap()
            .contains("ItemOperations")
    );
    assert_eq!(r.header("MS-Server-ActiveSync"), Some("15.1"));
    s.device.password = "wrong".into();
    let r = s.options().await.unwrap();
    assert_eq!(r.status, 401);
    assert!(r.header("WWW-Authenticate").unwrap().starts_with("Basic"));
    server.stop().await;
}

#[tokio::test]
async fn provision_folder_sync_sync_and_fetch_on_the_plain_form() {
    let server = TestServer::default().await;
    let mut s = session(&server, device("alice", "PLAIN01")).await;
    let key = s.provision().await.unwrap();
    let d = stored(&server, "alice", "PLAIN01").unwrap();
    assert_eq!(d.provisioning.policy_key, Some(key));
    assert_eq!(d.provisioning.policy_applied.as_deref(), Some("Default"));
    assert_eq!(
        d.provisioning.application_status,
        DevicePolicyApplicationStatus::AppliedInFull
    );
    assert!(d.last_policy_update_time.is_some());
    // Provision's DeviceInformation reached the partnership.
    assert_eq!(&*d.device_model, "iPhone14C3");
    assert_eq!(&*d.device_os, "iOS 17.4.1 21E236");
    assert_eq!(d.device_imei, "356938035643809");
    assert_eq!(&*d.device_type, "iPhone");
    assert!(d.first_sync_time.is_some());

    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.header("MS-Server-ActiveSync"), Some("15.1"));
    assert_eq!(r.header("X-MS-RP"), Some("12.1,14.0,14.1,16.0,16.1"));
    let folders = s.folder_sync().await.unwrap();
    let names: Vec<&str> = folders.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"Inbox") && names.contains(&"Sent Items"),
        "{names:?}"
    );
    let inbox = folders.iter().find(|f| f.kind == 2).unwrap();
    assert!(folders.iter().all(|f| f.parent_id == "0"));

    // Windowing: 5 at a time with MoreAvailable until drained.
    let (items, key) = s.sync_all(&inbox.server_id, 5).await.unwrap();
    assert!(
        items.len() >= 12,
        "generated Inbox has 12+ items: {}",
        items.len()
    );
    assert!(
        items
            .iter()
            .all(|i| i.subject.is_some() && i.body.is_some())
    );
    // Nothing left: the empty response.
    let r = s
        .send(
            Command::Sync,
            Some(&client::sync(&inbox.server_id, &key, 5)),
        )
        .await
        .unwrap();
    assert_eq!((r.status, r.body.len()), (200, 0));

    // Estimate: nothing pending.
    let r = s
        .send(
            Command::GetItemEstimate,
            Some(&client::estimate(&inbox.server_id, &key)),
        )
        .await
        .unwrap();
    assert_eq!(
        client::estimate_result(&r.doc().unwrap()),
        (Some(1), Some(0))
    );

    // Fetch one message.
    let first = &items[0];
    let r = s
        .send(
            Command::ItemOperations,
            Some(&client::fetch(&inbox.server_id, &first.server_id)),
        )
        .await
        .unwrap();
    let (top, fetch, subject, body) = client::fetch_result(&r.doc().unwrap());
    assert_eq!((top, fetch), (Some(1), Some(1)), "{}", r.xml());
    assert_eq!(subject, first.subject);
    assert!(body.unwrap().starts_with("<html>"));
    // A missing item: Fetch Status 6.
    let r = s
        .send(
            Command::ItemOperations,
            Some(&client::fetch(&inbox.server_id, "5:999999")),
        )
        .await
        .unwrap();
    assert_eq!(client::fetch_result(&r.doc().unwrap()).1, Some(6));

    let d = stored(&server, "alice", "PLAIN01").unwrap();
    assert!(d.last_success_sync.is_some());
    assert!(d.last_sync_attempt_time >= d.last_success_sync);
    server.stop().await;
}

#[tokio::test]
async fn the_generated_mail_is_deterministic() {
    let mut subjects = Vec::new();
    for _ in 0..2 {
        let server = TestServer::default().await;
        let mut s = ready(&server, device("bob", "DET1")).await;
        let (items, _) = s.sync_all("5", 100).await.unwrap();
        subjects.push(
            items
                .into_iter()
                .map(|i| (i.server_id, i.subject, i.from))
                .collect::<Vec<_>>(),
        );
        server.stop().await;
    }
    assert_eq!(subjects[0], subjects[1]);
}

#[tokio::test]
async fn the_base64_form_works_for_every_supported_version() {
    let server = TestServer::default().await;
    for (i, version) in [
        ProtocolVersion::V12_1,
        ProtocolVersion::V14_0,
        ProtocolVersion::V14_1,
        ProtocolVersion::V16_0,
        ProtocolVersion::V16_1,
    ]
    .into_iter()
    .enumerate()
    {
        let mut d = device("bob", &format!("B64DEV{i}"));
        d.form = QueryForm::Base64;
        d.version = version;
        let mut s = ready(&server, d).await;
        let (items, _) = s.sync_all("5", 50).await.unwrap();
        assert!(!items.is_empty(), "{version}");
        let stored = stored(&server, "bob", &format!("B64DEV{i}")).unwrap();
        assert_eq!(stored.client_version.to_string(), version.to_string());
    }
    server.stop().await;
}

#[tokio::test]
async fn client_changes_deletes_and_adds_are_applied() {
    let server = TestServer::default().await;
    let mut a = ready(&server, device("alice", "CHG1")).await;
    let mut b = ready(&server, device("alice", "CHG2")).await;
    let (items, key_a) = a.sync_all("5", 100).await.unwrap();
    let (_, key_b) = b.sync_all("5", 100).await.unwrap();
    let unread = items.iter().find(|i| i.read == Some(false)).unwrap();
    let victim = items
        .iter()
        .find(|i| i.server_id != unread.server_id)
        .unwrap();
    let cmds = vec![
        client::mark_read(&unread.server_id, true),
        client::delete(&victim.server_id),
    ];
    let r = a
        .send(
            Command::Sync,
            Some(&client::sync_with("5", &key_a, 100, Some(cmds))),
        )
        .await
        .unwrap();
    let res = client::sync_result(&r);
    assert_eq!(res.status, Some(1), "{}", r.xml());
    // The device's own changes are not echoed back.
    assert!(res.adds.is_empty() && res.changes.is_empty() && res.deletes.is_empty());
    // The other device sees both.
    let r = b
        .send(Command::Sync, Some(&client::sync("5", &key_b, 100)))
        .await
        .unwrap();
    let res = client::sync_result(&r);
    assert_eq!(res.deletes, vec![victim.server_id.clone()]);
    assert_eq!(res.changes.len(), 1);
    assert_eq!(res.changes[0].read, Some(true));
    // The deleted item moved to Deleted Items.
    let (deleted, _) = b.sync_all("3", 100).await.unwrap();
    assert!(deleted.iter().any(|i| i.subject == victim.subject));
    // A draft added in Drafts gets a ServerId.
    let (_, drafts_key) = a.sync_all("4", 100).await.unwrap();
    let add = client::add_message("c1", "My draft", "bob@contoso.test");
    let r = a
        .send(
            Command::Sync,
            Some(&client::sync_with("4", &drafts_key, 100, Some(vec![add]))),
        )
        .await
        .unwrap();
    let res = client::sync_result(&r);
    assert_eq!(res.add_responses.len(), 1, "{}", r.xml());
    let (cid, sid, status) = &res.add_responses[0];
    assert_eq!((cid.as_str(), status), ("c1", &Some(1)));
    assert!(sid.as_deref().unwrap().starts_with("4:"));
    // An unknown key: Status 3.
    let r = a
        .send(Command::Sync, Some(&client::sync("5", "999", 100)))
        .await
        .unwrap();
    assert_eq!(client::sync_result(&r).status, Some(3));
    server.stop().await;
}

#[tokio::test]
async fn send_mail_lands_in_sent_items_and_the_recipients_inbox() {
    let server = TestServer::default().await;
    let mut alice = ready(&server, device("alice", "SEND1")).await;
    let mut bob = ready(&server, device("bob", "RECV1")).await;
    let (_, bob_key) = bob.sync_all("5", 200).await.unwrap();
    let (_, sent_key) = alice.sync_all("10", 200).await.unwrap();
    let mime = b"From: alice@contoso.test\r\nTo: Bob Jones <bob@contoso.test>\r\nSubject: Lunch?\r\n\r\nNoon at the usual place.\r\n";
    let r = alice
        .send(Command::SendMail, Some(&client::send_mail(mime, true)))
        .await
        .unwrap();
    assert_eq!((r.status, r.body.len()), (200, 0));
    let r = alice
        .send(Command::Sync, Some(&client::sync("10", &sent_key, 100)))
        .await
        .unwrap();
    let res = client::sync_result(&r);
    assert_eq!(res.adds.len(), 1);
    assert_eq!(res.adds[0].subject.as_deref(), Some("Lunch?"));
    let r = bob
        .send(Command::Sync, Some(&client::sync("5", &bob_key, 100)))
        .await
        .unwrap();
    let res = client::sync_result(&r);
    assert_eq!(res.adds.len(), 1);
    assert_eq!(res.adds[0].subject.as_deref(), Some("Lunch?"));
    // 12.1: the body is the MIME message itself; SaveInSent=T saves it.
    let mut old = ready(&server, device("dave", "SEND121")).await;
    old.device.version = ProtocolVersion::V12_1;
    let mut req = client::request_bytes(
        &old.device,
        Command::SendMail,
        b"To: bob@contoso.test\r\nSubject: From an old phone\r\n\r\nhello".to_vec(),
        None,
    );
    req.target.push_str("&SaveInSent=T");
    let r = old.send_wire(&req).await.unwrap();
    assert_eq!((r.status, r.body.len()), (200, 0));
    let (sent, _) = old.sync_all("10", 200).await.unwrap();
    assert!(
        sent.iter()
            .any(|i| i.subject.as_deref() == Some("From an old phone"))
    );
    // No recipient: 119 in the body.
    let r = alice
        .send(
            Command::SendMail,
            Some(&client::send_mail(b"Subject: nobody\r\n\r\nx", true)),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), Some(119));
    server.stop().await;
}

#[tokio::test]
async fn ping_answers_early_on_new_mail_and_otherwise_after_the_heartbeat() {
    let server = TestServer::default().await;
    let mut bob = ready(&server, device("bob", "PING1")).await;
    bob.sync_all("5", 500).await.unwrap();
    bob.sync_all("10", 500).await.unwrap();
    // Nothing new: the heartbeat (60 "seconds" of 10 ms) expires with Status 1.
    let started = std::time::Instant::now();
    let r = bob
        .send(Command::Ping, Some(&client::ping(60, &["5", "10"])))
        .await
        .unwrap();
    assert_eq!(client::ping_result(&r.doc().unwrap()), (Some(1), vec![]));
    assert!(started.elapsed() >= std::time::Duration::from_millis(550));
    let d = stored(&server, "bob", "PING1").unwrap();
    assert_eq!(d.last_ping_heartbeat, Some(60));

    // Mail arriving during the Ping wakes it.
    let addr = server.addr;
    let sender = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let mut alice = Session::connect(addr, device("alice", "PING2"))
            .await
            .unwrap();
        alice.provision().await.unwrap();
        let mime = b"To: bob@contoso.test\r\nSubject: ping me\r\n\r\nhi";
        alice
            .send(Command::SendMail, Some(&client::send_mail(mime, false)))
            .await
            .unwrap()
    });
    let started = std::time::Instant::now();
    let r = bob
        .send(Command::Ping, Some(&client::ping(3000, &["5"])))
        .await
        .unwrap();
    assert_eq!(
        client::ping_result(&r.doc().unwrap()),
        (Some(2), vec!["5".to_string()])
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(sender.await.unwrap().status, 200);

    // Out-of-range heartbeat: Status 5 with the bound; unknown folder: 7; no parameters ever: 3.
    let r = bob
        .send(Command::Ping, Some(&client::ping(10, &["5"])))
        .await
        .unwrap();
    let root = r.doc().unwrap();
    assert_eq!(client::ping_result(&root).0, Some(5));
    assert_eq!(root.child_text("HeartbeatInterval"), Some("60"));
    let r = bob
        .send(Command::Ping, Some(&client::ping(60, &["77"])))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(7));
    let mut fresh = ready(&server, device("dave", "PING3")).await;
    let r = fresh.send(Command::Ping, None).await.unwrap();
    assert_eq!(r.status(), Some(3));
    server.stop().await;
}

#[tokio::test]
async fn sync_with_a_heartbeat_waits_for_changes() {
    let server = TestServer::default().await;
    let mut bob = ready(&server, device("bob", "SWAIT1")).await;
    let (_, key) = bob.sync_all("5", 500).await.unwrap();
    // Nothing new: the empty answer after the heartbeat (60 "seconds" of 10 ms).
    let started = std::time::Instant::now();
    let r = bob
        .send(
            Command::Sync,
            Some(&client::with_heartbeat(client::sync("5", &key, 100), 60)),
        )
        .await
        .unwrap();
    assert_eq!((r.status, r.body.len()), (200, 0));
    assert!(started.elapsed() >= std::time::Duration::from_millis(550));
    // New mail ends the wait with the Add.
    let addr = server.addr;
    let sender = tokio::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let mut alice = Session::connect(addr, device("alice", "SWAIT2"))
            .await
            .unwrap();
        alice.provision().await.unwrap();
        let mime = b"To: bob@contoso.test\r\nSubject: wake up\r\n\r\nhi";
        alice
            .send(Command::SendMail, Some(&client::send_mail(mime, false)))
            .await
            .unwrap()
    });
    let r = bob
        .send(
            Command::Sync,
            Some(&client::with_wait(client::sync("5", &key, 100), 59)),
        )
        .await
        .unwrap();
    let res = client::sync_result(&r);
    assert_eq!(res.adds.len(), 1, "{}", r.xml());
    assert_eq!(res.adds[0].subject.as_deref(), Some("wake up"));
    assert_eq!(sender.await.unwrap().status, 200);
    // Out of bounds: Status 14 with the limit.
    let key = res.key.unwrap();
    let r = bob
        .send(
            Command::Sync,
            Some(&client::with_wait(client::sync("5", &key, 100), 0)),
        )
        .await
        .unwrap();
    let root = r.doc().unwrap();
    assert_eq!(r.status(), Some(14));
    assert_eq!(root.child_text("Limit"), Some("1"));
    server.stop().await;
}

#[tokio::test]
async fn settings_updates_device_information_and_reads_user_information_and_oof() {
    let server = TestServer::default().await;
    let mut s = ready(&server, device("alice", "SET1")).await;
    s.device.model = "Pixel 8".into();
    s.device.os = "Android 14".into();
    s.device.user_agent = "Android-Mail/2024".into();
    let r = s
        .send(
            Command::Settings,
            Some(&client::settings_device_information(&s.device)),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), Some(1), "{}", r.xml());
    let d = stored(&server, "alice", "SET1").unwrap();
    assert_eq!(&*d.device_model, "Pixel 8");
    assert_eq!(&*d.device_os, "Android 14");
    assert_eq!(&*d.device_os_language, "en-US");
    assert_eq!(d.device_telephone_number, "+15555550100");
    assert_eq!(&*d.device_mobile_operator, "Contoso Mobile");
    assert_eq!(&*d.device_user_agent, "Android-Mail/2024");
    assert!(d.friendly_name.contains("alice"));

    let r = s
        .send(
            Command::Settings,
            Some(&client::settings_oof_set("Away until Monday")),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), Some(1));
    let r = s
        .send(Command::Settings, Some(&client::settings_get()))
        .await
        .unwrap();
    let xml = r.xml();
    assert!(xml.contains("alice@contoso.test"), "{xml}");
    // No UserDisplayName for the mailbox's own account ([EX13] UserInformationSetting.cs ProcessGet).
    assert!(!xml.contains("Alice Smith"), "{xml}");
    assert!(xml.contains("Away until Monday"), "{xml}");
    server.stop().await;
}

#[tokio::test]
async fn first_contact_creates_the_partnership_with_the_device_type_as_model() {
    let server = TestServer::default().await;
    let mut d = device("dave", "FIRST1");
    d.device_type = "SAMSUNGSMG991B".into();
    d.user_agent = "Samsung-SM-G991B/101.1".into();
    let mut s = session(&server, d).await;
    // No policy key yet: 141 on 16.1, but the partnership exists now.
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(141));
    let d = stored(&server, "dave", "FIRST1").unwrap();
    assert_eq!(&*d.device_model, "SAMSUNGSMG991B");
    assert_eq!(&*d.device_user_agent, "Samsung-SM-G991B/101.1");
    assert!(d.first_sync_time.is_some() && d.last_sync_attempt_time.is_some());
    assert!(d.last_success_sync.is_none());
    server.stop().await;
}

#[tokio::test]
async fn an_empty_sync_repeats_the_last_request_with_the_newest_keys() {
    let server = TestServer::default().await;
    let mut s = ready(&server, device("alice", "EMPTY1")).await;
    // Nothing cached yet: an empty Sync is an incomplete request and the client must send it in full.
    let r = s.send(Command::Sync, None).await.unwrap();
    assert_eq!(client::sync_result(&r).top_status, Some(13));

    let r = s
        .send(Command::Sync, Some(&client::sync("5", "0", 5)))
        .await
        .unwrap();
    let k1 = client::sync_result(&r).key.unwrap();
    let r = s
        .send(Command::Sync, Some(&client::sync("5", &k1, 5)))
        .await
        .unwrap();
    let first = client::sync_result(&r);
    assert_eq!((first.adds.len(), first.more_available), (5, true));

    // The empty Sync is the last request again (window 5) with the key the server issued last: the next five.
    let r = s.send(Command::Sync, None).await.unwrap();
    let second = client::sync_result(&r);
    assert_eq!((second.status, second.adds.len()), (Some(1), 5));
    assert_ne!(second.key, first.key);
    let ids = |res: &client::SyncResult| {
        res.adds
            .iter()
            .map(|i| i.server_id.clone())
            .collect::<Vec<_>>()
    };
    assert!(
        ids(&second).iter().all(|id| !ids(&first).contains(id)),
        "no message is sent twice"
    );
    server.stop().await;
}

/// A draft a 16.1 client adds as MIME (AirSyncBase Body Type 4, as pyactivesync's `create_email_draft` sends it:
/// Body and Read only) is stored with the Subject, From and To its headers carry, and another device of the user
/// gets it so.
#[tokio::test]
async fn a_draft_added_as_mime_keeps_its_headers() {
    use easim::wbxml::Element;
    use easim::wbxml::tags::{AirSync as A, AirSyncBase as B, Email as E};
    let server = TestServer::default().await;
    let mut a = ready(&server, device("alice", "MIMEDRAFT1")).await;
    let mut b = ready(&server, device("alice", "MIMEDRAFT2")).await;
    let (_, key_a) = a.sync_all("4", 100).await.unwrap();
    let (_, key_b) = b.sync_all("4", 100).await.unwrap();
    let mime = "From: alice@contoso.test\r\nTo: Bob Jones <bob@contoso.test>\r\nSubject: Budget draft\r\n\r\nNumbers to follow.\r\n";
    let add = client::add_item(
        "c1",
        Element::new(A::ApplicationData)
            .with(
                Element::new(B::Body)
                    .with_leaf(B::Type, "4")
                    .with_leaf(B::Data, mime),
            )
            .with_leaf(E::Read, "1"),
    );
    let r = a
        .send(
            Command::Sync,
            Some(&client::sync_with("4", &key_a, 100, Some(vec![add]))),
        )
        .await
        .unwrap();
    let res = client::sync_result(&r);
    assert_eq!(res.add_responses.len(), 1, "{}", r.xml());
    assert_eq!(res.add_responses[0].2, Some(1), "{}", r.xml());
    let r = b
        .send(Command::Sync, Some(&client::sync("4", &key_b, 100)))
        .await
        .unwrap();
    let res = client::sync_result(&r);
    assert_eq!(res.adds.len(), 1, "{}", r.xml());
    let draft = &res.adds[0];
    assert_eq!(draft.subject.as_deref(), Some("Budget draft"));
    assert_eq!(draft.from.as_deref(), Some("alice@contoso.test"));
    assert_eq!(
        draft.data.as_ref().and_then(|d| d.child_text(E::To)),
        Some("Bob Jones <bob@contoso.test>")
    );
    server.stop().await;
}
