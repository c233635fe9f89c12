//! Device lifecycle and enforcement on the wire (eas-facts §2.3, §3.2, §4): policy-key statuses and their
//! HTTP forms below 14.0, disabled users, blocks, quarantine and discovery (only the notice is visible),
//! the device cap, remote wipe, `User=` of another user, re-provisioning after a policy change, and admin
//! changes taking effect on the next request.

use easim::eas::mail_gen::{
    BLOCKED_SUBJECT, DISCOVERY_SUBJECT, MAX_DEVICES_SUBJECT, QUARANTINE_SUBJECT,
};
use easim::eas::{Command, ProtocolVersion};
use easim::load::client;
use easim::model::{
    AccessLevel, Characteristic, DeviceAccessRule, DeviceAccessState, DeviceAccessStateReason,
    DeviceStatus, Guid, Precedence, WipeRequest,
};

use crate::eas::{device, ready, session, stored};
use crate::support::{EPOCH, TestServer, test_config, test_tenant};

#[tokio::test]
async fn policy_key_problems_get_141_142_144_and_449_before_14_0() {
    let server = TestServer::default().await;
    let mut s = session(&server, device("alice", "POL1")).await;
    let fs = client::folder_sync("0");
    // No key header at all: 141 (the default policy does not allow non-provisionable devices).
    let r = s.send(Command::FolderSync, Some(&fs)).await.unwrap();
    assert_eq!((r.status, r.status()), (200, Some(141)));
    // Key 0: 142.
    s.device.policy_key = Some(0);
    let r = s.send(Command::FolderSync, Some(&fs)).await.unwrap();
    assert_eq!(r.status(), Some(142));
    let d = stored(&server, "alice", "POL1").unwrap();
    assert_eq!(
        (d.access.state, d.access.reason),
        (DeviceAccessState::Blocked, DeviceAccessStateReason::Policy)
    );
    let key = s.provision().await.unwrap();
    // A wrong key: 144.
    s.device.policy_key = Some(key.wrapping_add(1));
    let r = s.send(Command::FolderSync, Some(&fs)).await.unwrap();
    assert_eq!(r.status(), Some(144));
    s.device.policy_key = Some(key);
    let r = s.send(Command::FolderSync, Some(&fs)).await.unwrap();
    assert_eq!(r.status(), Some(1));
    let d = stored(&server, "alice", "POL1").unwrap();
    assert_eq!(d.access.state, DeviceAccessState::Allowed);

    // 12.1: the same problems are HTTP 449 with no body.
    let mut old = device("alice", "POL121");
    old.version = ProtocolVersion::V12_1;
    old.policy_key = Some(0);
    let mut s = session(&server, old).await;
    let r = s.send(Command::FolderSync, Some(&fs)).await.unwrap();
    assert_eq!((r.status, r.body.len()), (449, 0));
    s.provision().await.unwrap();
    let r = s.send(Command::FolderSync, Some(&fs)).await.unwrap();
    assert_eq!(r.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn a_policy_change_asks_for_143_and_re_provisioning_fixes_it() {
    let server = TestServer::default().await;
    let mut s = ready(&server, device("alice", "REPROV1")).await;
    let first_key = s.device.policy_key.unwrap();
    {
        let mut world = server.state.lock();
        let mut p = world.tenant.default_policy().clone();
        p.password_enabled = true;
        p.min_password_length = Some(6);
        world.tenant.put_policy(p).unwrap();
    }
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(143));
    // Phase one carries the new policy document.
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    let xml = r.xml();
    assert!(
        xml.contains("<DevicePasswordEnabled>1</DevicePasswordEnabled>"),
        "{xml}"
    );
    assert!(
        xml.contains("<MinDevicePasswordLength>6</MinDevicePasswordLength>"),
        "{xml}"
    );
    let second_key = s.provision().await.unwrap();
    assert_ne!(first_key, second_key);
    let d = stored(&server, "alice", "REPROV1").unwrap();
    assert_eq!(d.provisioning.policy_revision, 1);
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(1));
    server.stop().await;
}

#[tokio::test]
async fn a_disabled_user_gets_126_and_no_partnership() {
    let server = TestServer::default().await;
    let mut s = session(&server, device("carol", "DIS1")).await;
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    assert_eq!((r.status, r.status()), (200, Some(126)));
    assert!(stored(&server, "carol", "DIS1").is_none());
    let mut old = device("carol", "DIS2");
    old.version = ProtocolVersion::V12_1;
    let mut s = session(&server, old).await;
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status, 403);
    server.stop().await;
}

#[tokio::test]
async fn a_blocked_device_gets_129_and_the_notice_reaches_the_users_other_devices() {
    let server = TestServer::default().await;
    let mut phone = ready(&server, device("alice", "BLK1")).await;
    let mut tablet = ready(&server, device("alice", "TAB1")).await;
    let (_, tablet_key) = tablet.sync_all("5", 200).await.unwrap();
    // An admin change: takes effect on the next request.
    {
        let mut world = server.state.lock();
        let mb = world.tenant.find_mailboxes("alice")[0];
        world
            .tenant
            .cas_mut(mb)
            .blocked_device_ids
            .push("BLK1".into());
    }
    let r = phone
        .send(Command::Sync, Some(&client::sync("5", "0", 10)))
        .await
        .unwrap();
    assert_eq!((r.status, r.status()), (200, Some(129)));
    let d = stored(&server, "alice", "BLK1").unwrap();
    assert_eq!(
        (d.access.state, d.access.reason),
        (
            DeviceAccessState::Blocked,
            DeviceAccessStateReason::Individual
        )
    );
    // Every command is refused, Provision included.
    let r = phone
        .send(
            Command::Provision,
            Some(&client::provision_request(&phone.device)),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), Some(129));
    // 12.1: HTTP 403.
    phone.device.version = ProtocolVersion::V12_1;
    let r = phone
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!((r.status, r.body.len()), (403, 0));
    // The notice is a real message in the Inbox, once.
    let r = tablet
        .send(Command::Sync, Some(&client::sync("5", &tablet_key, 100)))
        .await
        .unwrap();
    let res = client::sync_result(&r);
    let subjects: Vec<_> = res.adds.iter().filter_map(|i| i.subject.clone()).collect();
    assert_eq!(subjects, vec![BLOCKED_SUBJECT.to_string()]);
    server.stop().await;
}

#[tokio::test]
async fn a_quarantined_device_sees_only_its_notice() {
    let mut tenant = test_tenant();
    tenant.org.default_access_level = AccessLevel::Quarantine;
    let server = TestServer::start(tenant, test_config()).await;
    let mut s = ready(&server, device("bob", "QUAR1")).await;
    let d = stored(&server, "bob", "QUAR1").unwrap();
    assert_eq!(
        (d.access.state, d.access.reason),
        (
            DeviceAccessState::Quarantined,
            DeviceAccessStateReason::Global
        )
    );
    // The full hierarchy is sent.
    let folders = s.folder_sync().await.unwrap();
    assert_eq!(folders.len(), 11);
    // The Inbox holds only the notice; other folders are empty.
    let (items, _) = s.sync_all("5", 100).await.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].subject.as_deref(), Some(QUARANTINE_SUBJECT));
    let body = items[0].body.clone().unwrap();
    assert!(
        body.contains("QUAR1") && body.contains("iPhone14C3"),
        "{body}"
    );
    assert!(body.contains("Quarantined"), "{body}");
    let (sent, _) = s.sync_all("10", 100).await.unwrap();
    assert!(sent.is_empty());
    // ItemOperations Status 3; SendMail 120.
    let r = s
        .send(
            Command::ItemOperations,
            Some(&client::fetch("5", &items[0].server_id)),
        )
        .await
        .unwrap();
    assert_eq!(client::fetch_result(&r.doc().unwrap()).0, Some(3));
    let r = s
        .send(
            Command::SendMail,
            Some(&client::send_mail(
                b"To: alice@contoso.test\r\nSubject: x\r\n\r\ny",
                true,
            )),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), Some(120));

    // Allowing the device (an admin change) shows the whole mailbox on the next Sync.
    {
        let mut world = server.state.lock();
        let mb = world.tenant.find_mailboxes("bob")[0];
        world
            .tenant
            .cas_mut(mb)
            .allowed_device_ids
            .push("QUAR1".into());
    }
    let (items, _) = s.sync_all("5", 100).await.unwrap();
    assert!(items.len() > 10);
    let d = stored(&server, "bob", "QUAR1").unwrap();
    assert_eq!(
        (d.access.state, d.access.reason),
        (
            DeviceAccessState::Allowed,
            DeviceAccessStateReason::Individual
        )
    );
    server.stop().await;
}

#[tokio::test]
async fn device_discovery_shows_the_discovery_notice() {
    let mut tenant = test_tenant();
    tenant.settings.precedence = Precedence::Exchange2013;
    tenant
        .rules
        .insert(DeviceAccessRule {
            guid: Guid::from_random_bits(99),
            query_string: "WindowsPhone".into(),
            characteristic: Characteristic::DeviceType,
            access_level: AccessLevel::Block,
            when_created: Some(EPOCH),
        })
        .unwrap();
    let server = TestServer::start(tenant, test_config()).await;
    // A device that never sends DeviceInformation (12.1 allows provisioning without it).
    let mut d = device("dave", "DISC1");
    d.version = ProtocolVersion::V14_0;
    let mut s = session(&server, d).await;
    let r = s
        .send(
            Command::Provision,
            Some(
                &easim::wbxml::Element::new(easim::wbxml::tags::Provision::Provision).with(
                    easim::wbxml::Element::new(easim::wbxml::tags::Provision::Policies).with(
                        easim::wbxml::Element::new(easim::wbxml::tags::Provision::Policy)
                            .with_leaf(
                                easim::wbxml::tags::Provision::PolicyType,
                                "MS-EAS-Provisioning-WBXML",
                            ),
                    ),
                ),
            ),
        )
        .await
        .unwrap();
    let temp = client::provision_result(&r.doc().unwrap())
        .policy_key
        .unwrap();
    s.device.policy_key = Some(temp);
    let r = s
        .send(Command::Provision, Some(&client::provision_ack(temp)))
        .await
        .unwrap();
    s.device.policy_key = client::provision_result(&r.doc().unwrap()).policy_key;
    let stored_d = stored(&server, "dave", "DISC1").unwrap();
    assert_eq!(stored_d.access.state, DeviceAccessState::DeviceDiscovery);
    s.folder_sync().await.unwrap();
    let (items, _) = s.sync_all("5", 100).await.unwrap();
    let subjects: Vec<_> = items.iter().filter_map(|i| i.subject.as_deref()).collect();
    assert_eq!(subjects, vec![DISCOVERY_SUBJECT]);
    server.stop().await;
}

#[tokio::test]
async fn the_device_beyond_the_cap_gets_177_and_no_partnership() {
    let mut tenant = test_tenant();
    tenant.settings.eas_max_devices = 3;
    let server = TestServer::start(tenant, test_config()).await;
    for i in 0..3 {
        ready(&server, device("alice", &format!("CAP{i}"))).await;
    }
    let mut s = session(&server, device("alice", "CAP3")).await;
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    assert_eq!((r.status, r.status()), (200, Some(177)));
    assert!(stored(&server, "alice", "CAP3").is_none());
    // 14.0 cannot carry 177: HTTP 403.
    s.device.version = ProtocolVersion::V14_0;
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status, 403);
    // Existing devices are unaffected, and see one high-importance notice (at most one per 24 h).
    let mut old = ready(&server, device("alice", "CAP0")).await;
    let (items, _) = old.sync_all("5", 200).await.unwrap();
    let notices: Vec<_> = items
        .iter()
        .filter(|i| i.subject.as_deref() == Some(MAX_DEVICES_SUBJECT))
        .collect();
    assert_eq!(notices.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn a_pending_wipe_gets_140_then_remote_wipe_and_the_ack_is_recorded() {
    let server = TestServer::default().await;
    let mut s = ready(&server, device("alice", "WIPE1")).await;
    {
        let mut world = server.state.lock();
        let mb = world.tenant.find_mailboxes("alice")[0];
        let k = world.tenant.find_device(mb, "WIPE1").unwrap();
        world.tenant.update_device(k, |d| {
            d.wipe = Some(WipeRequest {
                requested: EPOCH,
                sent: None,
                acknowledged: None,
                account_only: true,
                requestor: "admin@contoso.test".into(),
            });
            d.status = DeviceStatus::DeviceWipePending;
        });
        // A pending wipe is delivered even to a blocked device.
        world
            .tenant
            .cas_mut(mb)
            .blocked_device_ids
            .push("WIPE1".into());
    }
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(140));
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    let p = client::provision_result(&r.doc().unwrap());
    assert!(p.account_only_wipe && !p.remote_wipe, "{}", r.xml());
    assert!(
        stored(&server, "alice", "WIPE1")
            .unwrap()
            .wipe
            .unwrap()
            .sent
            .is_some()
    );
    let r = s
        .send(Command::Provision, Some(&client::wipe_ack(true)))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(1));
    let d = stored(&server, "alice", "WIPE1").unwrap();
    assert!(d.wipe.unwrap().acknowledged.is_some());
    assert_eq!(d.status, DeviceStatus::DeviceWipeSucceeded);
    // Before 16.1 the wipe is a full RemoteWipe.
    let mut s = ready(&server, device("bob", "WIPE2")).await;
    {
        let mut world = server.state.lock();
        let mb = world.tenant.find_mailboxes("bob")[0];
        let k = world.tenant.find_device(mb, "WIPE2").unwrap();
        world.tenant.update_device(k, |d| {
            d.wipe = Some(WipeRequest {
                requested: EPOCH,
                sent: None,
                acknowledged: None,
                account_only: true,
                requestor: String::new(),
            });
        });
    }
    s.device.version = ProtocolVersion::V14_1;
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    assert!(client::provision_result(&r.doc().unwrap()).remote_wipe);
    server.stop().await;
}

#[tokio::test]
async fn nobody_reaches_another_users_mailbox() {
    let server = TestServer::default().await;
    let mut d = device("alice", "SNOOP1");
    d.url_user = Some("bob@contoso.test".into());
    let mut s = session(&server, d).await;
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    assert_eq!((r.status, r.status()), (200, Some(130)));
    s.device.version = ProtocolVersion::V12_1;
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status, 403);
    // Neither mailbox got a partnership.
    assert!(stored(&server, "bob", "SNOOP1").is_none());
    assert!(stored(&server, "alice", "SNOOP1").is_none());
    // Other spellings of one's own name are fine.
    for name in ["alice", "CONTOSO\\alice", "ALICE@contoso.test"] {
        let mut d = device("alice", "SELF1");
        d.url_user = Some(name.into());
        let mut s = session(&server, d).await;
        s.provision().await.unwrap();
    }
    // A wrong password, or a shared mailbox's: 401.
    let mut d = device("alice", "PW1");
    d.password = "nope".into();
    let mut s = session(&server, d).await;
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status, 401);
    let mut s = session(&server, device("support", "PW2")).await;
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status, 401);
    server.stop().await;
}

#[tokio::test]
async fn the_tarpit_delays_errors_but_not_provisioning() {
    let mut tenant = test_tenant();
    tenant.org.default_access_level = AccessLevel::Block;
    let mut config = test_config();
    config.tarpit = std::time::Duration::from_millis(300);
    let server = TestServer::start(tenant, config).await;
    let mut s = session(&server, device("alice", "TAR1")).await;
    s.device.policy_key = Some(0);
    let t = std::time::Instant::now();
    let r = s
        .send(Command::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(142));
    assert!(t.elapsed() < std::time::Duration::from_millis(300));
    let t = std::time::Instant::now();
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    assert_eq!(r.status(), Some(129));
    assert!(t.elapsed() >= std::time::Duration::from_millis(300));
    server.stop().await;
}

/// The policy's sync limits, set with Set-MobileDeviceMailboxPolicy as the reference documents its parameters
/// (MaxCalendarAgeFilter All/TwoWeeks/OneMonth/ThreeMonths/SixMonths, MaxEmailAgeFilter All/OneDay/ThreeDays/
/// OneWeek/TwoWeeks/OneMonth, the truncation sizes "4KB or 4096": Set-MobileDeviceMailboxPolicy.md), reach the
/// device in the EASProvisionDoc with MS-ASPROV's values (MaxCalendarAgeFilter 5 = one month, MaxEmailAgeFilter
/// 4 = two weeks; the truncation sizes in KB) and show in Get-MobileDeviceMailboxPolicy.
#[tokio::test]
async fn the_policys_age_filters_and_truncation_sizes_reach_the_provision_doc() {
    let server = TestServer::default().await;
    let (status, body) = server
        .admin(
            "Set-MobileDeviceMailboxPolicy",
            serde_json::json!({
                "Identity": "Default",
                "MaxCalendarAgeFilter": "OneMonth",
                "MaxEmailAgeFilter": "TwoWeeks",
                "MaxEmailBodyTruncationSize": "4KB",
                "MaxEmailHTMLBodyTruncationSize": "8192",
            }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, got) = server
        .admin(
            "Get-MobileDeviceMailboxPolicy",
            serde_json::json!({"Identity": "Default"}),
        )
        .await;
    let p = &got["value"][0];
    assert_eq!(
        (&p["MaxCalendarAgeFilter"], &p["MaxEmailAgeFilter"]),
        (
            &serde_json::json!("OneMonth"),
            &serde_json::json!("TwoWeeks")
        ),
        "{got}"
    );
    let mut s = session(&server, device("alice", "AGEFILTER1")).await;
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    let xml = r.xml();
    for element in [
        "<MaxCalendarAgeFilter>5</MaxCalendarAgeFilter>",
        "<MaxEmailAgeFilter>4</MaxEmailAgeFilter>",
        "<MaxEmailBodyTruncationSize>4</MaxEmailBodyTruncationSize>",
        "<MaxEmailHTMLBodyTruncationSize>8</MaxEmailHTMLBodyTruncationSize>",
    ] {
        assert!(xml.contains(element), "{element} in {xml}");
    }
    // A name the enum does not have is refused with PowerShell's conversion error, and nothing changes.
    let (status, body) = server
        .admin(
            "Set-MobileDeviceMailboxPolicy",
            serde_json::json!({"Identity": "Default", "MaxEmailAgeFilter": "Forever"}),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.to_string().contains("Specify one of the following enumerator names and try again: All, OneDay, ThreeDays, OneWeek, TwoWeeks, OneMonth"),
        "{body}"
    );
    server.stop().await;
}

/// The section `[name]` of `fixtures/facts/mobile-policy-parameters.txt` as `value = MS-ASPROV code` pairs.
fn smime_codes(name: &str) -> Vec<(String, String)> {
    let facts = std::fs::read_to_string(crate::support::fixture(
        "facts/mobile-policy-parameters.txt",
    ))
    .unwrap();
    let mut inside = false;
    let mut out = Vec::new();
    for line in facts.lines() {
        let line = line.split(" #").next().unwrap_or("").trim();
        if let Some(rest) = line.strip_prefix('[') {
            inside = rest.trim_end_matches(']') == name;
        } else if inside && let Some((k, v)) = line.split_once(" = ") {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    out
}

/// The EASProvisionDoc of a Provision response.
fn provision_doc(r: &client::Reply) -> easim::wbxml::Element {
    let doc = r.doc().expect("a WBXML body");
    let mut at = &doc;
    for step in ["Policies", "Policy", "Data", "EASProvisionDoc"] {
        at = at
            .child(step)
            .unwrap_or_else(|| panic!("no {step} in {}", r.xml()));
    }
    at.clone()
}

/// The S/MIME algorithms and the application lists Set-MobileDeviceMailboxPolicy sets (values as its reference
/// page lists them) reach the next Provision's EASProvisionDoc with MS-ASPROV's codes (2.2.2.50, 2.2.2.48,
/// 2.2.2.13; the codes beside each value in the fact file) and as its Hash (2.2.2.29) and ApplicationName
/// (2.2.2.21) children, valid against ProvisionResponse.xsd. (The elements' protocol version tables start at 12.1,
/// the oldest version easim speaks.)
#[tokio::test]
async fn the_policys_smime_algorithms_and_application_lists_reach_the_provision_doc() {
    let server = TestServer::default().await;
    let settings = [
        "RequireSignedSMIMEAlgorithm",
        "RequireEncryptionSMIMEAlgorithm",
        "AllowSMIMEEncryptionAlgorithmNegotiation",
    ];
    for setting in settings {
        let values = smime_codes(setting);
        assert!(values.len() >= 2, "{setting}");
        for (i, (value, code)) in values.iter().enumerate() {
            let (status, body) = server
                .admin(
                    "Set-MobileDeviceMailboxPolicy",
                    serde_json::json!({"Identity": "Default", setting: value}),
                )
                .await;
            // Setting the value a policy already has changes nothing (a warning, still 200).
            assert_eq!(status, 200, "{setting} {value}: {body}");
            let mut s = session(
                &server,
                device("alice", &format!("SMIME{}{i}", setting.len())),
            )
            .await;
            let r = s
                .send(
                    Command::Provision,
                    Some(&client::provision_request(&s.device)),
                )
                .await
                .unwrap();
            crate::eas_schema::assert_valid(&r, &crate::eas_schema::provision());
            let doc = provision_doc(&r);
            assert_eq!(
                doc.child_text(setting),
                Some(code.as_str()),
                "{setting} {value} in {}",
                r.xml()
            );
        }
    }

    let (status, body) = server
        .admin(
            "Set-MobileDeviceMailboxPolicy",
            serde_json::json!({
                "Identity": "Default",
                "ApprovedApplicationList": ["0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", "89abcdef0123456789abcdef0123456789abcdef"],
                "UnapprovedInROMApplicationList": ["iexplore.exe"],
            }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let mut s = session(&server, device("alice", "APPLIST1")).await;
    let r = s
        .send(
            Command::Provision,
            Some(&client::provision_request(&s.device)),
        )
        .await
        .unwrap();
    crate::eas_schema::assert_valid(&r, &crate::eas_schema::provision());
    let doc = provision_doc(&r);
    let texts = |list: &str, item: &str| -> Vec<String> {
        doc.child(list)
            .unwrap_or_else(|| panic!("no {list} in {}", r.xml()))
            .children_named(item)
            .filter_map(|e| e.text().map(str::to_string))
            .collect()
    };
    assert_eq!(
        texts("ApprovedApplicationList", "Hash"),
        [
            "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
            "89abcdef0123456789abcdef0123456789abcdef"
        ]
    );
    assert_eq!(
        texts("UnapprovedInROMApplicationList", "ApplicationName"),
        ["iexplore.exe"]
    );

    server.stop().await;
}
