//! The console's scenario controls over real loopback HTTP: a snapshot and a reset to it (refused without the
//! session's CSRF token, asking first when it discards changes, restoring the tenant when confirmed), and an
//! exercise whose goals are checked again after an admin change, stopped at its time limit when it never ends.

use std::time::Duration;

use serde_json::json;

use crate::console::{csrf, http, sign_in};
use crate::support::{TestServer, test_config, test_tenant};

/// Reads `/console` until `done` holds of the page (the exercise is checked in the background).
async fn console_until(server: &TestServer, session: &str, done: impl Fn(&str) -> bool) -> String {
    for _ in 0..100 {
        let page = http(server.admin_addr, "GET", "/console", Some(session), None).await;
        if done(&page.body) {
            return page.body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the console never showed what was expected");
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_reset_asks_before_it_discards_changes_and_restores_the_snapshot() {
    let server = TestServer::start(test_tenant(), test_config()).await;
    let a = server.admin_addr;
    let (session, token) = sign_in(a).await;
    let no_csrf = http(
        a,
        "POST",
        "/console/snapshot",
        Some(&session),
        Some("csrf=wrong"),
    )
    .await;
    assert_eq!(no_csrf.status, 403);
    let snap = http(
        a,
        "POST",
        "/console/snapshot",
        Some(&session),
        Some(&format!("csrf={token}")),
    )
    .await;
    assert_eq!(snap.status, 303);
    assert_eq!(snap.header("location"), Some("/console#scenario"));

    let (status, body) = server
        .admin(
            "New-ActiveSyncDeviceAccessRule",
            json!({"QueryString": "Lab", "Characteristic": "DeviceModel", "AccessLevel": "Block"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.state.lock().tenant.rules.len(), 1);

    let ask = http(
        a,
        "POST",
        "/console/reset",
        Some(&session),
        Some(&format!("csrf={token}&snapshot=1")),
    )
    .await;
    assert_eq!(ask.status, 200);
    assert!(
        ask.body.contains("discards the 1 change made since"),
        "{}",
        ask.body
    );
    assert_eq!(
        server.state.lock().tenant.rules.len(),
        1,
        "asking changes nothing"
    );
    assert_eq!(csrf(&ask.body), token);

    let missing = http(
        a,
        "POST",
        "/console/reset",
        Some(&session),
        Some(&format!("csrf={token}&snapshot=9&confirm=yes")),
    )
    .await;
    assert_eq!(missing.status, 404);
    let done = http(
        a,
        "POST",
        "/console/reset",
        Some(&session),
        Some(&format!("csrf={token}&snapshot=1&confirm=yes")),
    )
    .await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert!(
        server.state.lock().tenant.rules.is_empty(),
        "the rule made after the snapshot is gone"
    );
    // The reset is an Import-Tenant: audited like the same call over the admin endpoint.
    let (status, body) = server
        .admin("Search-AdminAuditLog", json!({"Cmdlets": "Import-Tenant"}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["value"].as_array().map(Vec::len), Some(1), "{body}");
    server.stop().await;
}

#[tokio::test]
async fn an_exercise_goal_turns_green_after_the_change_and_a_runaway_one_is_stopped() {
    let mut config = test_config();
    config.exercise_time_limit = Duration::from_millis(500);
    let server = TestServer::start(test_tenant(), config).await;
    let a = server.admin_addr;
    let (session, token) = sign_in(a).await;
    let empty = http(
        a,
        "POST",
        "/console/exercise",
        Some(&session),
        Some(&format!("csrf={token}&name=x.Tests.ps1&source=")),
    )
    .await;
    assert_eq!(empty.status, 400);
    assert!(
        empty.body.contains("the exercise is empty"),
        "{}",
        empty.body
    );

    let source = "Describe 'Lab phones' {\n  It 'are blocked by a rule' {\n    (Get-ActiveSyncDeviceAccessRule).Count | Should -Be 1\n  }\n}\n";
    let load = http(
        a,
        "POST",
        "/console/exercise",
        Some(&session),
        Some(&format!(
            "csrf={token}&name=lab.Tests.ps1&source={}",
            encode(source)
        )),
    )
    .await;
    assert_eq!(load.status, 303, "{}", load.body);
    // Pester's text for a failed Should -Be (pester/Pester rel/5.x.x src/functions/assertions/Be.ps1).
    let page = console_until(&server, &session, |p| p.contains("0 of 1 goals met")).await;
    assert!(
        page.contains("✘ not met</span> — Lab phones are blocked by a rule"),
        "{page}"
    );
    assert!(page.contains("Expected 1, but got 0."), "{page}");

    let (status, body) = server
        .admin(
            "New-ActiveSyncDeviceAccessRule",
            json!({"QueryString": "Lab", "Characteristic": "DeviceModel", "AccessLevel": "Block"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let page = console_until(&server, &session, |p| p.contains("1 of 1 goals met")).await;
    assert!(
        page.contains("✔ met</span> — Lab phones are blocked by a rule"),
        "{page}"
    );
    // The exercise ran on copies: its own changes never reach the tenant.
    assert_eq!(server.state.lock().tenant.rules.len(), 1);

    let endless = "Describe 'Forever' {\n  It 'never ends' {\n    while ($true) { }\n  }\n}\n";
    let load = http(
        a,
        "POST",
        "/console/exercise",
        Some(&session),
        Some(&format!(
            "csrf={token}&name=forever.Tests.ps1&source={}",
            encode(endless)
        )),
    )
    .await;
    assert_eq!(load.status, 303);
    let page = console_until(&server, &session, |p| {
        p.contains("The exercise was stopped after")
    })
    .await;
    assert!(page.contains("0 of 1 goals met"), "{page}");
    let clear = http(
        a,
        "POST",
        "/console/exercise/clear",
        Some(&session),
        Some(&format!("csrf={token}")),
    )
    .await;
    assert_eq!(clear.status, 303);
    let page = http(a, "GET", "/console", Some(&session), None).await;
    assert!(page.body.contains("No exercise loaded."), "{}", page.body);
    server.stop().await;
}
