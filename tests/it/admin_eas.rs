//! The two endpoints over one tenant, both over real loopback HTTP: a change made through the admin endpoint is
//! what the device's next EAS request sees (block, quarantine, release), a removed partnership starts over, and
//! Import-Tenant resets a scenario for devices too.

use easim::eas::Command;
use easim::eas::mail_gen::{BLOCKED_SUBJECT, QUARANTINE_SUBJECT};
use easim::load::client;
use easim::model::{DeviceAccessState, DeviceAccessStateReason};
use serde_json::json;

use crate::eas::{device, ready, stored};
use crate::support::{TestServer, test_config, test_tenant};

fn state_of(server: &TestServer, id: &str) -> (DeviceAccessState, DeviceAccessStateReason) {
    let d = stored(server, "alice", id).expect("the partnership exists");
    (d.access.state, d.access.reason)
}

#[tokio::test]
async fn admin_changes_decide_the_devices_next_eas_request() {
    let server = TestServer::start(test_tenant(), test_config()).await;
    let mut phone = ready(&server, device("alice", "ADM1")).await;
    let (_, key) = phone.sync_all("5", 200).await.unwrap();
    assert_eq!(
        state_of(&server, "ADM1"),
        (DeviceAccessState::Allowed, DeviceAccessStateReason::Global)
    );

    // Block through the admin endpoint: the next request gets 129.
    let (status, _) = server
        .admin("Set-CASMailbox", json!({"Identity": "alice", "ActiveSyncBlockedDeviceIDs": {"@odata.type": "#Exchange.GenericHashTable", "Add": ["ADM1"]}}))
        .await;
    assert_eq!(status, 200);
    let r = phone
        .send(Command::Sync, Some(&client::sync("5", &key, 10)))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(129));
    assert_eq!(
        state_of(&server, "ADM1"),
        (
            DeviceAccessState::Blocked,
            DeviceAccessStateReason::Individual
        )
    );

    // Release it, and quarantine the device type by rule: the next request proceeds but sees only the notice.
    let (status, _) = server
        .admin("Set-CASMailbox", json!({"Identity": "alice", "ActiveSyncBlockedDeviceIDs": {"@odata.type": "#Exchange.GenericHashTable", "Remove": ["ADM1"]}}))
        .await;
    assert_eq!(status, 200);
    let device_type = stored(&server, "alice", "ADM1")
        .unwrap()
        .device_type
        .to_string();
    let (status, body) = server
        .admin(
            "New-ActiveSyncDeviceAccessRule",
            json!({"QueryString": device_type, "Characteristic": "DeviceType", "AccessLevel": "Quarantine"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let r = phone
        .send(Command::Sync, Some(&client::sync("5", &key, 100)))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    let subjects: Vec<String> = client::sync_result(&r)
        .adds
        .iter()
        .filter_map(|i| i.subject.clone())
        .collect();
    // Only access notices are visible: the earlier block's notice and now the quarantine notice.
    assert_eq!(subjects, [BLOCKED_SUBJECT, QUARANTINE_SUBJECT]);
    assert_eq!(
        state_of(&server, "ADM1"),
        (
            DeviceAccessState::Quarantined,
            DeviceAccessStateReason::DeviceRule
        )
    );

    // Get-MobileDevice through the admin endpoint shows what the device got.
    let (_, body) = server
        .admin("Get-MobileDevice", json!({"Mailbox": "alice"}))
        .await;
    assert_eq!(
        body["value"][0]["DeviceAccessState"], "Quarantined",
        "{body}"
    );

    // Remove the partnership: the device's next request is a first contact again, starting from SyncKey 0.
    let identity = body["value"][0]["Identity"].as_str().unwrap().to_string();
    let (status, body) = server
        .admin(
            "Remove-MobileDevice",
            json!({"Identity": identity, "Confirm": false}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(stored(&server, "alice", "ADM1").is_none());
    // Its policy key belonged to the removed partnership: it must provision again (142) ...
    let r = phone
        .send(Command::Sync, Some(&client::sync("5", &key, 100)))
        .await
        .unwrap();
    assert_eq!(r.status(), Some(142));
    assert!(
        stored(&server, "alice", "ADM1").is_some(),
        "first contact created a new partnership"
    );
    // ... and then its old SyncKey is unknown to the new partnership (collection status 3: sync from 0).
    phone.provision().await.unwrap();
    let r = phone
        .send(Command::Sync, Some(&client::sync("5", &key, 100)))
        .await
        .unwrap();
    assert_eq!(client::sync_result(&r).status, Some(3));
    server.stop().await;
}

#[tokio::test]
async fn import_tenant_resets_the_scenario_for_devices_too() {
    let server = TestServer::start(test_tenant(), test_config()).await;
    let (status, exported) = server.admin("Export-Tenant", json!({})).await;
    assert_eq!(status, 200);
    let snapshot = exported["value"][0]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| {
            panic!("Export-Tenant returns the fixture text: {exported}");
        });
    let mut phone = ready(&server, device("alice", "IMP1")).await;
    phone.sync_all("5", 200).await.unwrap();
    assert!(stored(&server, "alice", "IMP1").is_some());

    let (status, body) = server
        .admin(
            "Import-Tenant",
            json!({"Json": snapshot, "Confirm": false, "Force": true}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        stored(&server, "alice", "IMP1").is_none(),
        "the partnership made after the snapshot is gone"
    );
    assert_eq!(
        server.state.lock().mail.len(),
        0,
        "the protocol state of the old tenant is dropped"
    );
    // The device comes back as a new partnership and can provision and sync again.
    let mut phone = ready(&server, device("alice", "IMP1")).await;
    phone.sync_all("5", 200).await.unwrap();
    assert!(stored(&server, "alice", "IMP1").is_some());
    server.stop().await;
}
