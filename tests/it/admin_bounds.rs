//! Bad input at the admin endpoint, over loopback: a 15 MB identity, filter or hashtable key is answered with an
//! error body of a few hundred bytes (every error quotes at most 256 characters of what it was given), and
//! Set-CASMailbox refuses values that are no DeviceId, whole, changing nothing.

use serde_json::{Value as Json, json};

use easim::server::ServerConfig;

use crate::support::{TestServer, test_config, test_tenant};

/// Far more than an error needs, far less than the input it quotes.
const MAX_ERROR_BODY: usize = 4 * 1024;

fn config() -> ServerConfig {
    ServerConfig {
        max_body_bytes: 17_000_000,
        ..test_config()
    }
}

fn allowed_ids(server: &TestServer) -> Vec<String> {
    let world = server.state.lock();
    let t = &world.tenant;
    let alice = t.find_mailboxes("alice")[0];
    t.mailbox(alice).cas.allowed_device_ids.clone()
}

#[tokio::test]
async fn a_fifteen_megabyte_input_gets_an_error_body_of_a_few_hundred_bytes() {
    let server = TestServer::start(test_tenant(), config()).await;
    let huge = "x".repeat(15_000_000);
    for (cmdlet, params) in [
        ("Get-Mailbox", json!({ "Identity": huge })),
        (
            "Set-CASMailbox",
            json!({ "Identity": huge, "ActiveSyncEnabled": false }),
        ),
        (
            "Get-MobileDevice",
            json!({ "Filter": format!("{huge} -eq 'a'") }),
        ),
        (
            "Get-MobileDevice",
            json!({ "Filter": format!("DeviceModel -eq '{huge}") }),
        ),
        ("Get-MobileDevice", json!({ "Filter": huge })),
        (
            "Set-CASMailbox",
            json!({ "Identity": "alice", "ActiveSyncAllowedDeviceIDs": { huge.clone(): "A1" } }),
        ),
        (
            "Set-CASMailbox",
            json!({ "Identity": "alice", "ActiveSyncAllowedDeviceIDs": { "Add": huge.clone() } }),
        ),
    ] {
        let (status, body) = server.admin(cmdlet, params).await;
        let text = body.to_string();
        assert!(
            (400..500).contains(&status),
            "{cmdlet}: HTTP {status}, {} bytes",
            text.len()
        );
        assert!(
            text.len() < MAX_ERROR_BODY,
            "{cmdlet}: an error body of {} bytes: {}…",
            text.len(),
            &text[..300.min(text.len())]
        );
        // What the error says still names the input, by its first characters.
        assert!(text.contains("xxxxxxxxxx…"), "{cmdlet}: {text}");
    }
    assert!(allowed_ids(&server).is_empty());
    server.stop().await;
}

#[tokio::test]
async fn set_casmailbox_refuses_values_that_are_no_device_id_and_changes_nothing() {
    let server = TestServer::start(test_tenant(), config()).await;
    let (status, _) = server
        .admin(
            "Set-CASMailbox",
            json!({ "Identity": "alice", "ActiveSyncAllowedDeviceIDs": ["KEEP0001"] }),
        )
        .await;
    assert_eq!(status, 200);
    // MS-ASHTTP 2.2.1.1.1.2: DeviceId = 1*32(ALPHA / DIGIT). Each of these refuses the whole call, even with a
    // valid ID beside it.
    for bad in [
        "A".repeat(33),
        "My iPhone".to_string(),
        "ABC-123".to_string(),
        "PHONE📱1".to_string(),
        String::new(),
    ] {
        for params in [
            json!({ "Identity": "alice", "ActiveSyncAllowedDeviceIDs": ["GOOD0001", bad] }),
            json!({ "Identity": "alice", "ActiveSyncBlockedDeviceIDs": { "Add": ["GOOD0001", bad] } }),
        ] {
            let (status, body) = server.admin("Set-CASMailbox", params).await;
            assert_eq!(status, 400, "{bad:?}: {body}");
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(
                message.contains("isn't a valid DeviceID"),
                "{bad:?}: {message}"
            );
            assert_eq!(allowed_ids(&server), ["KEEP0001"], "{bad:?}");
        }
    }
    // `@{Add=$null}` is refused as Exchange's MultiValuedProperty refuses it; nothing changes either.
    let (status, body) = server
        .admin(
            "Set-CASMailbox",
            json!({ "Identity": "alice", "ActiveSyncAllowedDeviceIDs": { "Add": Json::Null } }),
        )
        .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(allowed_ids(&server), ["KEEP0001"]);
    // 32 letters and digits are a DeviceId.
    let id32 = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6";
    let (status, body) = server
        .admin(
            "Set-CASMailbox",
            json!({ "Identity": "alice", "ActiveSyncAllowedDeviceIDs": { "Add": id32 } }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(allowed_ids(&server), ["KEEP0001", id32]);
    server.stop().await;
}
