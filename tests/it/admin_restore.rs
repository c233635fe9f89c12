//! A restore must not silently win, over the admin endpoint: Export-Tenant records the tenant's change counter,
//! and Import-Tenant of a snapshot taken before later admin and EAS changes refuses (HTTP 400, saying how many
//! changes it would discard, changing nothing) unless -Force is given; with -Force it warns with that count and
//! restores. The counter never goes back, so a snapshot from before a restore stays stale after it.

use serde_json::{Value as Json, json};

use crate::eas::{device, ready, stored};
use crate::support::{TestServer, test_config, test_tenant};

fn changes_of(snapshot: &str) -> u64 {
    let fixture: Json = serde_json::from_str(snapshot).unwrap();
    fixture["Changes"].as_u64().unwrap_or(0)
}

async fn export(server: &TestServer) -> String {
    let (status, body) = server.admin("Export-Tenant", json!({})).await;
    assert_eq!(status, 200, "{body}");
    body["value"][0].as_str().unwrap().to_string()
}

fn alice_enabled(server: &TestServer) -> bool {
    let world = server.state.lock();
    let t = &world.tenant;
    t.mailbox(t.find_mailboxes("alice")[0])
        .cas
        .active_sync_enabled
}

#[tokio::test]
async fn importing_a_stale_snapshot_needs_force_and_says_what_it_discards() {
    let server = TestServer::start(test_tenant(), test_config()).await;
    let snapshot = export(&server).await;
    let exported_at = changes_of(&snapshot);
    // Changes after the snapshot: two admin calls and a device's first contact over EAS.
    for enabled in [false, true] {
        let (status, body) = server
            .admin(
                "Set-CASMailbox",
                json!({"Identity": "bob", "ActiveSyncEnabled": enabled}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, _) = server
        .admin(
            "Set-CASMailbox",
            json!({"Identity": "alice", "ActiveSyncEnabled": false}),
        )
        .await;
    assert_eq!(status, 200);
    let _phone = ready(&server, device("dave", "LATE01")).await;
    let current = changes_of(&export(&server).await);
    let discarded = current - exported_at;
    assert!(discarded >= 4, "{exported_at} → {current}");

    // Without -Force (even with -Confirm:$false) nothing is imported and the answer says why.
    let (status, body) = server
        .admin("Import-Tenant", json!({"Json": snapshot, "Confirm": false}))
        .await;
    assert_eq!(status, 400, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert_eq!(
        message,
        format!(
            "This snapshot was exported at change {exported_at} of the tenant, which is now at change {current}: importing it discards the {discarded} changes made since. Nothing was imported: use -Force to import it anyway."
        )
    );
    assert!(!alice_enabled(&server));
    assert!(stored(&server, "dave", "LATE01").is_some());

    // With -Force it warns with the same count and restores.
    let (status, body) = server
        .admin("Import-Tenant", json!({"Json": snapshot, "Force": true}))
        .await;
    assert_eq!(status, 200, "{body}");
    let warnings = body["@adminapi.warnings"].to_string();
    assert!(
        warnings.contains(&format!("discards the {discarded} changes made since")),
        "{body}"
    );
    assert!(alice_enabled(&server));
    assert!(stored(&server, "dave", "LATE01").is_none());

    // The counter went past both: the same snapshot is still stale (by the changes made before and by the
    // restore), and a snapshot taken now imports without -Force and without a warning.
    let after = changes_of(&export(&server).await);
    assert!(after > current, "{current} → {after}");
    let (status, _) = server
        .admin("Import-Tenant", json!({"Json": snapshot}))
        .await;
    assert_eq!(status, 400);
    let fresh = export(&server).await;
    let (status, body) = server.admin("Import-Tenant", json!({"Json": fresh})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["@adminapi.warnings"], json!([]), "{body}");
    server.stop().await;
}
