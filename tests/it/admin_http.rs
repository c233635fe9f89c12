//! The admin endpoint over HTTP semantics, called through `server::route` without sockets: bearer auth, the
//! response and error shapes, paging with `@odata.nextLink`, multi-valued edits, -WhatIf, snapshots, concurrent
//! admin calls, and an admin change reaching the next access decision of the device.

use std::sync::Arc;

use bytes::Bytes;
use easim::access::{self, RequestFacts, Verdict};
use easim::admin::examples::{EXAMPLE_NOW, example_tenant};
use easim::model::{MobileDevice, Tenant};
use easim::server::{AppState, Endpoint, ServerConfig, route};
use http_body_util::BodyExt;
use hyper::{Request, StatusCode};
use serde_json::{Value as Json, json};

const TOKEN: &str = "test-token-0123456789";
const URL: &str = "/adminapi/beta/contoso.com/InvokeCommand";

fn state(tenant: Tenant) -> Arc<AppState> {
    Arc::new(AppState::new(
        tenant,
        ServerConfig {
            admin_token: TOKEN.to_string(),
            ..ServerConfig::default()
        },
    ))
}

struct Reply {
    status: StatusCode,
    headers: hyper::HeaderMap,
    json: Json,
}

async fn send(state: &AppState, uri: &str, body: &Json, headers: &[(&str, &str)]) -> Reply {
    let mut req = Request::builder()
        .method("POST")
        .uri(uri)
        .header("host", "127.0.0.1:9443")
        .header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(Bytes::from(body.to_string())).unwrap();
    let resp = route(state, Endpoint::Admin, req).await;
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or(Json::String(String::from_utf8_lossy(&bytes).into_owned()));
    Reply {
        status,
        headers,
        json,
    }
}

async fn call(state: &AppState, cmdlet: &str, params: Json) -> Reply {
    let auth = format!("Bearer {TOKEN}");
    send(
        state,
        URL,
        &json!({"CmdletInput": {"CmdletName": cmdlet, "Parameters": params}}),
        &[("authorization", &auth)],
    )
    .await
}

#[tokio::test]
async fn requests_without_the_bearer_token_get_401() {
    let s = state(example_tenant());
    let body = json!({"CmdletInput": {"CmdletName": "Get-Mailbox"}});
    for auth in [
        None,
        Some("Bearer wrong"),
        Some("Basic dGVzdA=="),
        Some("Bearer"),
    ] {
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", *a)).collect();
        let r = send(&s, URL, &body, &headers).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(r.headers["www-authenticate"], "Bearer");
    }
}

#[tokio::test]
async fn an_empty_configured_token_admits_nobody() {
    let s = Arc::new(AppState::new(example_tenant(), ServerConfig::default()));
    let r = send(
        &s,
        URL,
        &json!({"CmdletInput": {"CmdletName": "Get-Mailbox"}}),
        &[("authorization", "Bearer ")],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn results_come_in_exchange_onlines_shape() {
    let s = state(example_tenant());
    let r = call(&s, "Get-CASMailbox", json!({"Identity": "bob"})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json;odata.metadata=minimal")
    );
    assert_eq!(
        r.json["@odata.context"],
        "http://127.0.0.1:9443/adminapi/beta/contoso.com/$metadata#Collection(Exchange.GenericHashTable)"
    );
    assert_eq!(r.json["@adminapi.warnings"], json!([]));
    let v = &r.json["value"][0];
    assert_eq!(v["Name"], "Bob");
    assert_eq!(
        v["ActiveSyncAllowedDeviceIDs@odata.type"],
        "#Collection(String)"
    );
    assert_eq!(v["ActiveSyncAllowedDeviceIDs"], json!(["5eec4e94a1b2c3d4"]));
    assert_eq!(v["Guid@data.type"], "System.Guid");
    assert!(r.json.get("@odata.nextLink").is_none());

    let r = call(&s, "Get-MobileDevice", json!({"Mailbox": "alice"})).await;
    assert_eq!(
        r.json["value"][0]["FirstSyncTime"],
        "2026-11-01T08:00:00.0000000+00:00"
    );
    assert_eq!(r.json["value"][0]["DeviceAccessState"], "Allowed");

    let selected = send(
        &s,
        &format!("{URL}?$select=DeviceId,DeviceAccessState"),
        &json!({"CmdletInput": {"CmdletName": "Get-MobileDevice", "Parameters": {"Mailbox": "alice"}}}),
        &[("authorization", &format!("Bearer {TOKEN}"))],
    )
    .await;
    assert_eq!(
        selected.json["value"][0],
        json!({"@data.type": "Microsoft.Exchange.Data.Directory.Management.MobileDevice",
               "DeviceId": "ApplF17XK1AB",
               "DeviceAccessState@data.type": "Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessState",
               "DeviceAccessState": "Allowed"})
    );
}

#[tokio::test]
async fn errors_come_in_the_documented_error_shape_with_the_cmdlet_text() {
    let s = state(example_tenant());
    let r = call(&s, "Get-Mailbox", json!({"Identity": "nobody"})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        r.json["error"]["message"],
        "The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'."
    );
    assert_eq!(r.json["error"]["code"], "ManagementObjectNotFoundException");
    assert_eq!(r.json["error"]["details"][0]["code"], "13");
    assert_eq!(r.json["error"]["details"][0]["target"], "nobody");
    assert_eq!(
        r.json["error"]["details"][0]["errorId"],
        "ManagementObjectNotFoundException"
    );
    // A Get- cmdlet's not-found is non-terminating: the body says so, for clients that keep the difference.
    assert_eq!(r.json["@adminapi.terminating"], false);
    assert_eq!(r.json["@adminapi.warnings"], json!([]));

    let r = call(
        &s,
        "Remove-MobileDevice",
        json!({"Identity": "nobody\\ExchangeActiveSyncDevices\\x§y"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.json);
    assert!(r.json.get("@adminapi.terminating").is_none(), "{}", r.json);

    // Windows PowerShell 5.1's CommandNotFoundException text, the same the shell prints (console output quoted in
    // github.com/Josverl/Connect-O365/issues/4: "…is not recognized as the name of a cmdlet, function, script
    // file, or operable program."); PowerShell 7's "executable program" wording is not what Exchange runs.
    let r = call(&s, "Get-Nothing", json!({})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("The term 'Get-Nothing' is not recognized as the name of a cmdlet")
    );

    let r = call(
        &s,
        "Set-CASMailbox",
        json!({"Identity": "alice", "ActiveSyncEnabled": "maybe"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json["error"]["details"][0]["target"], "ActiveSyncEnabled");
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("parameter 'ActiveSyncEnabled'")
    );

    let r = call(&s, "Get-MobileDevice", json!({"ResultSize": "lots"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Cannot bind parameter 'ResultSize'.")
    );

    let auth = format!("Bearer {TOKEN}");
    let r = send(
        &s,
        URL,
        &json!({"Cmdlet": "x"}),
        &[("authorization", &auth)],
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("\"CmdletInput\"")
    );
}

#[tokio::test]
async fn multi_valued_edits_use_generic_hashtables_and_restamp_devices() {
    let s = state(example_tenant());
    let r = call(
        &s,
        "Set-CASMailbox",
        json!({"Identity": "alice@contoso.com", "ActiveSyncBlockedDeviceIDs":
            {"@odata.type": "#Exchange.GenericHashTable", "Add": ["ApplF17XK1AB", "EXTRA1"]}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["value"], json!([]));
    let r = call(&s, "Get-CASMailbox", json!({"Identity": "alice"})).await;
    assert_eq!(
        r.json["value"][0]["ActiveSyncBlockedDeviceIDs"],
        json!(["ApplF17XK1AB", "EXTRA1"])
    );
    let r = call(
        &s,
        "Set-CASMailbox",
        json!({"Identity": "alice", "ActiveSyncBlockedDeviceIDs":
            {"@odata.type": "#Exchange.GenericHashTable", "Remove": ["EXTRA1"]}}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = call(
        &s,
        "Get-MobileDeviceStatistics",
        json!({"Mailbox": "alice"}),
    )
    .await;
    assert_eq!(r.json["value"][0]["DeviceAccessState"], "Blocked");
    assert_eq!(r.json["value"][0]["DeviceAccessStateReason"], "Individual");
    let r = call(
        &s,
        "Set-CASMailbox",
        json!({"Identity": "alice", "ActiveSyncAllowedDeviceIDs": ["ApplF17XK1AB"],
               "ActiveSyncBlockedDeviceIDs": ["ApplF17XK1AB"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("DeviceID ApplF17XK1AB is included in both")
    );
}

fn big_tenant(mailboxes: usize, devices_each: usize) -> Tenant {
    let mut t = example_tenant();
    for i in 0..mailboxes {
        let name = format!("User{i:04}");
        let id = t
            .add_mailbox(easim::model::Mailbox {
                guid: easim::model::Guid::from_random_bits(0xB16_0000 + i as u128),
                name: name.clone(),
                alias: name.to_lowercase(),
                display_name: name.clone(),
                primary_smtp_address: format!("{}@contoso.com", name.to_lowercase()),
                user_principal_name: format!("{}@contoso.com", name.to_lowercase()),
                recipient_type_details: easim::model::RecipientTypeDetails::UserMailbox,
                password: "pw".into(),
                cas: Default::default(),
            })
            .unwrap();
        for j in 0..devices_each {
            let d = MobileDevice::new(
                easim::model::Guid::from_random_bits(0xD00_0000 + (i * 10 + j) as u128),
                id,
                &format!("DEV{i:04}X{j}"),
                "Android",
            );
            t.add_device(d).unwrap();
        }
    }
    t
}

#[tokio::test]
async fn pages_follow_next_links_until_everything_is_returned() {
    let s = state(big_tenant(23, 1));
    let body = json!({"CmdletInput": {"CmdletName": "Get-MobileDevice",
        "Parameters": {"Filter": "DeviceType -eq 'Android'", "ResultSize": 25}}});
    let auth = format!("Bearer {TOKEN}");
    let headers = [
        ("authorization", auth.as_str()),
        ("prefer", "odata.maxpagesize=10"),
    ];
    let mut uri = URL.to_string();
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let r = send(&s, &uri, &body, &headers).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
        pages += 1;
        for v in r.json["value"].as_array().unwrap() {
            ids.push(v["DeviceId"].as_str().unwrap().to_string());
        }
        match r.json.get("@odata.nextLink") {
            Some(link) => {
                assert_eq!(r.json["@adminapi.warnings"], json!([]));
                let link = link.as_str().unwrap();
                uri = link
                    .strip_prefix("http://127.0.0.1:9443")
                    .unwrap()
                    .to_string();
            }
            None => {
                // 24 Android devices (23 + Alice's), 25 allowed: no warning.
                assert_eq!(r.json["@adminapi.warnings"], json!([]));
                break;
            }
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(ids.len(), 24);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 24);

    // A nextLink only works with the body it was issued for.
    let first = send(&s, URL, &body, &headers).await;
    let link = first.json["@odata.nextLink"].as_str().unwrap();
    let other = json!({"CmdletInput": {"CmdletName": "Get-MobileDevice"}});
    let r = send(
        &s,
        link.strip_prefix("http://127.0.0.1:9443").unwrap(),
        &other,
        &headers,
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_default_1000_limit_warns_on_the_last_page() {
    let s = state(big_tenant(1000, 0));
    let r = call(&s, "Get-Mailbox", json!({})).await;
    assert_eq!(r.json["value"].as_array().unwrap().len(), 1000);
    assert!(r.json.get("@odata.nextLink").is_none());
    assert_eq!(
        r.json["@adminapi.warnings"][0],
        "By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify \"-ResultSize Unlimited\". Be aware that, depending on the actual number of items, returning all items can take a long time and consume a large amount of memory. Also, we don't recommend storing the results in a variable. Instead, pipe the results to another task or script to perform batch changes."
    );
    let r = call(&s, "Get-Mailbox", json!({"ResultSize": "Unlimited"})).await;
    assert_eq!(r.json["value"].as_array().unwrap().len(), 1000);
    assert!(r.json.get("@odata.nextLink").is_some());
}

#[tokio::test]
async fn what_if_changes_nothing_and_explicit_confirm_cannot_be_answered() {
    let s = state(example_tenant());
    let id = r"Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0";
    let r = call(
        &s,
        "Remove-MobileDevice",
        json!({"Identity": id, "WhatIf": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json["@adminapi.information"][0],
        format!(
            "What if: Removing mobile device \"{id}\". All information about this mobile device will be removed. It must be re-synchronized."
        )
    );
    let r = call(
        &s,
        "Remove-MobileDevice",
        json!({"Identity": id, "Confirm": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.json["error"]["message"],
        "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
    );
    assert_eq!(s.lock().tenant.device_count(), 4);
    let r = call(&s, "Remove-MobileDevice", json!({"Identity": id})).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(s.lock().tenant.device_count(), 3);
}

#[tokio::test]
async fn export_and_import_reset_a_scenario_in_one_call() {
    let s = state(example_tenant());
    let r = call(&s, "Export-Tenant", json!({})).await;
    let snapshot = r.json["value"][0].as_str().unwrap().to_string();
    call(
        &s,
        "Remove-ActiveSyncDeviceAccessRule",
        json!({"Identity": "iPhone6C2 (DeviceModel)"}),
    )
    .await;
    call(
        &s,
        "Set-ActiveSyncOrganizationSettings",
        json!({"DefaultAccessLevel": "Block"}),
    )
    .await;
    assert_ne!(s.lock().tenant, example_tenant());
    // The snapshot is two changes old: without -Force nothing is imported (admin_restore.rs has the details).
    let r = call(&s, "Import-Tenant", json!({"Json": snapshot})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
    assert_ne!(s.lock().tenant, example_tenant());
    let r = call(
        &s,
        "Import-Tenant",
        json!({"Json": snapshot, "Force": true}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(s.lock().tenant, example_tenant());
    let r = call(
        &s,
        "Import-Tenant",
        json!({"Json": "{\"Format\":\"easim-tenant\",\"Version\":1}"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(s.lock().tenant, example_tenant());
    // Read before the lock (Import-Tenant's `prepare`), the fixture's error is the cmdlet's own, as in the shell.
    assert!(
        r.json.to_string().contains("The tenant can't be imported"),
        "{}",
        r.json
    );
}

/// The device's next access decision as the EAS endpoint will make it (same tenant, same engine).
fn next_decision(s: &AppState, device_id: &str) -> Verdict {
    let world = s.lock();
    let t = &world.tenant;
    let (_, d) = t.devices().find(|(_, d)| d.device_id == device_id).unwrap();
    access::decide(t, d, &RequestFacts::offline(EXAMPLE_NOW)).verdict
}

#[tokio::test]
async fn an_admin_change_decides_the_next_eas_request_of_the_device() {
    let s = state(example_tenant());
    assert_eq!(next_decision(&s, "SEC1A2B3C4D5"), Verdict::Quarantine);
    call(
        &s,
        "Set-CASMailbox",
        json!({"Identity": "alice", "ActiveSyncAllowedDeviceIDs": {"Add": ["SEC1A2B3C4D5"]}}),
    )
    .await;
    assert_eq!(next_decision(&s, "SEC1A2B3C4D5"), Verdict::Allow);
    assert_eq!(next_decision(&s, "ApplG7H8J9K0"), Verdict::Allow);
    call(
        &s,
        "Set-ActiveSyncDeviceAccessRule",
        json!({"Identity": "iPhone6C2 (DeviceModel)", "AccessLevel": "Block"}),
    )
    .await;
    assert_eq!(next_decision(&s, "ApplG7H8J9K0"), Verdict::Block);
    call(
        &s,
        "Set-CASMailbox",
        json!({"Identity": "alice", "ActiveSyncEnabled": false}),
    )
    .await;
    assert_eq!(next_decision(&s, "SEC1A2B3C4D5"), Verdict::UserDisabled);
}

#[test]
fn concurrent_admin_calls_and_device_updates_lose_nothing() {
    let s = state(example_tenant());
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let s = s.clone();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    for i in 0..50 {
                        let r = call(
                            &s,
                            "Set-CASMailbox",
                            json!({"Identity": "carol", "ActiveSyncAllowedDeviceIDs":
                                {"Add": [format!("T{t}N{i}")]}}),
                        )
                        .await;
                        assert_eq!(r.status, StatusCode::OK);
                        // What the EAS endpoint does per request: lock, decide, store, unlock.
                        let mut world = s.lock();
                        let key = world.tenant.devices().next().unwrap().0;
                        world
                            .tenant
                            .update_device(key, |d| d.number_of_folders_synced += 1);
                    }
                });
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let world = s.lock();
    let carol = world.tenant.find_mailboxes("carol")[0];
    assert_eq!(
        world.tenant.mailbox(carol).cas.allowed_device_ids.len(),
        200
    );
    let (_, first) = world.tenant.devices().next().unwrap();
    assert_eq!(first.number_of_folders_synced, 12 + 200);
}
