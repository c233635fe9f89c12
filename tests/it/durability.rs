//! `--state DIR`: acknowledged changes survive `kill -9` (the built binary, SIGKILLed right after an answer, and
//! again and again at random moments during EAS and admin traffic), a torn journal tail is dropped with a log line,
//! the admin audit log answers through the in-process shell, the admin endpoint and `easim shell --connect`, and
//! replaying the journal over the snapshot rebuilds exactly the live state (a property over random sequences of
//! admin and EAS operations, run concurrently).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use easim::eas::Command as EasCommand;
use easim::load::client::{self, Device};
use easim::load::session::Session;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value as Json, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{easim_with_stdin, fixture, stderr, stdout};

const TOKEN: &str = "durability-token";

/// `easim serve --state DIR` as a child process on loopback ports.
struct Served {
    child: Child,
    eas: SocketAddr,
    admin: SocketAddr,
    /// The banner's first line (`easim serve: tenant … (…; state DIR: …)`).
    first_line: String,
    /// The sample user and password the banner prints.
    user: (String, String),
}

impl Served {
    fn start(dir: &Path, extra: &[&str]) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
            .args(["serve", "--state", dir.to_str().unwrap()])
            .args(["--eas-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
            .args(["--admin-token", TOKEN, "--log", "warn"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = Vec::new();
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line.unwrap();
            let done = line.starts_with("Press Ctrl-C");
            lines.push(line);
            if done {
                break;
            }
        }
        let addr = |prefix: &str| -> SocketAddr {
            let line = lines
                .iter()
                .find_map(|l| l.strip_prefix(prefix))
                .unwrap_or_else(|| panic!("no {prefix:?} in {lines:#?}"));
            line.trim()
                .trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let sample = lines
            .iter()
            .find_map(|l| l.strip_prefix("Sample user:"))
            .expect("a sample user")
            .trim();
        let (user, password) = sample.split_once("  password: ").unwrap();
        Served {
            eas: addr("EAS endpoint:"),
            admin: addr("Admin endpoint:"),
            first_line: lines[0].clone(),
            user: (user.to_string(), password.to_string()),
            child,
        }
    }

    /// SIGKILL (`Child::kill`), and wait: no shutdown, no snapshot, nothing flushed by the process.
    fn kill_9(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        err
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One InvokeCommand over a fresh connection: the status and the JSON body (`None`: the server went away).
async fn invoke(admin: SocketAddr, cmdlet: &str, params: Json) -> Option<(u16, Json)> {
    invoke_at(
        admin,
        "/adminapi/beta/contoso.com/InvokeCommand",
        cmdlet,
        &params,
    )
    .await
}

/// Every object a listing returns, following `@odata.nextLink` (the endpoint answers 1,000 a page).
async fn invoke_all(admin: SocketAddr, cmdlet: &str, params: Json) -> Vec<Json> {
    let mut path = "/adminapi/beta/contoso.com/InvokeCommand".to_string();
    let mut all = Vec::new();
    loop {
        let (status, body) = invoke_at(admin, &path, cmdlet, &params)
            .await
            .expect("an answer");
        assert_eq!(status, 200, "{cmdlet}: {body}");
        all.extend(body["value"].as_array().unwrap().iter().cloned());
        let Some(next) = body["@odata.nextLink"].as_str() else {
            return all;
        };
        let after_host = next.split_once("://").map_or(next, |(_, rest)| rest);
        path = after_host[after_host.find('/').unwrap()..].to_string();
    }
}

async fn invoke_at(
    admin: SocketAddr,
    path: &str,
    cmdlet: &str,
    params: &Json,
) -> Option<(u16, Json)> {
    let body = json!({"CmdletInput": {"CmdletName": cmdlet, "Parameters": params}}).to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {admin}\r\nAuthorization: Bearer {TOKEN}\r\nX-AnchorMailbox: UPN:trainer@contoso.com\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(admin).await.ok()?;
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw))
        .await
        .expect("the admin endpoint answers or closes within 20 s")
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, serde_json::from_str(body).unwrap_or(Json::Null)))
}

async fn invoke_ok(admin: SocketAddr, cmdlet: &str, params: Json) -> Json {
    let (status, body) = invoke(admin, cmdlet, params).await.expect("an answer");
    assert_eq!(status, 200, "{cmdlet}: {body}");
    body
}

fn add_allowed(user: &str, id: &str) -> Json {
    json!({"Identity": user, "ActiveSyncAllowedDeviceIDs": {"@odata.type": "#Exchange.GenericHashTable", "Add": [id]}})
}

/// The ActiveSyncAllowedDeviceIDs of `user`.
async fn allowed_ids(admin: SocketAddr, user: &str) -> Vec<String> {
    let body = invoke_ok(admin, "Get-CASMailbox", json!({"Identity": user})).await;
    body["value"][0]["ActiveSyncAllowedDeviceIDs"]
        .as_array()
        .unwrap_or_else(|| panic!("a list: {body}"))
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn an_acknowledged_change_survives_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = fixture("tenants/examples.json");
    let args = ["--tenant", tenant.to_str().unwrap(), "--fsync", "always"];
    let s = Served::start(dir.path(), &args);
    assert!(
        s.first_line.contains("new state directory"),
        "{}",
        s.first_line
    );
    invoke_ok(s.admin, "Set-CASMailbox", add_allowed("bob", "KILLNINE01")).await;
    s.kill_9();

    let s = Served::start(dir.path(), &args);
    assert!(
        s.first_line.contains("1 journaled changes replayed"),
        "{}",
        s.first_line
    );
    assert!(
        allowed_ids(s.admin, "bob")
            .await
            .contains(&"KILLNINE01".to_string())
    );
    // The audit log came back with it: who (X-AnchorMailbox), what, on which object.
    let found = invoke_ok(
        s.admin,
        "Search-AdminAuditLog",
        json!({"Cmdlets": ["Set-CASMailbox"]}),
    )
    .await;
    let entry = &found["value"][0];
    assert_eq!(entry["CmdletName"], "Set-CASMailbox", "{found}");
    assert_eq!(entry["ObjectModified"], "bob");
    assert_eq!(entry["Caller"], "trainer@contoso.com");
    assert_eq!(entry["Succeeded"], true);
    assert_eq!(found["value"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_torn_journal_tail_is_dropped_with_a_log_line() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = fixture("tenants/examples.json");
    let args = ["--tenant", tenant.to_str().unwrap()];
    let s = Served::start(dir.path(), &args);
    invoke_ok(s.admin, "Set-CASMailbox", add_allowed("bob", "KEPT0001")).await;
    invoke_ok(s.admin, "Set-CASMailbox", add_allowed("bob", "TORN0001")).await;
    s.kill_9();
    // The crash came in the middle of writing the second record: its last bytes never reached the file.
    let segment = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .max()
        .expect("a journal segment");
    let len = std::fs::metadata(&segment).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&segment)
        .unwrap()
        .set_len(len - 5)
        .unwrap();

    let s = Served::start(dir.path(), &args);
    assert!(
        s.first_line.contains("1 journaled changes replayed"),
        "{}",
        s.first_line
    );
    let ids = allowed_ids(s.admin, "bob").await;
    assert!(ids.contains(&"KEPT0001".to_string()), "{ids:?}");
    assert!(!ids.contains(&"TORN0001".to_string()), "{ids:?}");
    let log = s.kill_9();
    assert!(log.contains("dropped a torn tail of"), "{log}");
    assert!(
        log.contains(&segment.file_name().unwrap().to_string_lossy().to_string()),
        "{log}"
    );
}

#[tokio::test]
async fn a_corrupt_snapshot_is_a_clear_error_at_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("snapshot.json"),
        b"{\"format\":\"easim-state\",",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args(["serve", "--state", dir.path().to_str().unwrap()])
        .args(["--eas-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot use the state directory"), "{err}");
    assert!(err.contains("snapshot.json is corrupt"), "{err}");
}

/// What one traffic run got acknowledged.
#[derive(Default)]
struct Acked {
    /// (mailbox, DeviceId) added to ActiveSyncAllowedDeviceIDs, answered 200.
    allowed: Vec<(String, String)>,
    /// (user, DeviceId, final policy key) of Provisions that completed.
    devices: Vec<(String, String, u32)>,
}

/// A FolderSync with the device's stored policy key does not ask it to provision again.
async fn policy_key_still_valid(
    eas: SocketAddr,
    user: &str,
    password: &str,
    id: &str,
    key: u32,
) -> bool {
    let mut device = Device::new(user, password, id);
    device.policy_key = Some(key);
    let mut s = Session::connect(eas, device).await.unwrap();
    let reply = s
        .send(EasCommand::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    let status = reply.doc().and_then(|d| client::folder_sync_result(&d).0);
    reply.status != 449 && !matches!(status, Some(142..=144))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_random_moments_during_traffic_loses_nothing_acknowledged() {
    // The issue asks for 100 crashes at random moments; each is a process start, traffic and a SIGKILL.
    const ITERATIONS: usize = 100;
    let dir = tempfile::tempdir().unwrap();
    let args = ["--profile", "small", "--seed", "3", "--now", "2026-11-23"];
    let mut rng = ChaCha8Rng::seed_from_u64(0x0C2A_5117);
    let mut all = Acked::default();
    let mut users: Vec<String> = Vec::new();
    let mut password = String::new();
    for iteration in 0..=ITERATIONS {
        let s = Served::start(dir.path(), &args);
        if users.is_empty() {
            password = s.user.1.clone();
            let found = invoke_ok(s.admin, "Get-CASMailbox", json!({"ResultSize": 60})).await;
            users = found["value"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|m| m["ActiveSyncEnabled"] == true)
                .filter_map(|m| m["Name"].as_str().map(str::to_string))
                .collect();
            let upns = invoke_ok(s.admin, "Get-Mailbox", json!({"ResultSize": 60})).await;
            let upn_of: std::collections::HashMap<String, String> = upns["value"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|m| {
                    Some((
                        m["Name"].as_str()?.to_string(),
                        m["UserPrincipalName"].as_str()?.to_string(),
                    ))
                })
                .collect();
            users = users
                .iter()
                .filter_map(|n| upn_of.get(n).cloned())
                .collect();
            assert!(users.len() >= 20, "{users:?}");
        } else {
            assert!(s.first_line.contains("replayed"), "{}", s.first_line);
        }
        // Everything acknowledged before every crash so far is there.
        for user in &users {
            let have = allowed_ids(s.admin, user).await;
            for (_, id) in all.allowed.iter().filter(|(u, _)| u == user) {
                assert!(
                    have.contains(id),
                    "iteration {iteration}: {user} lost allowed {id}"
                );
            }
        }
        // Past 1,000 partnerships the listing comes in pages.
        let devices = invoke_all(
            s.admin,
            "Get-MobileDevice",
            json!({"ResultSize": "Unlimited"}),
        )
        .await;
        let known: std::collections::HashSet<String> = devices
            .iter()
            .filter_map(|d| d["DeviceId"].as_str().map(str::to_ascii_lowercase))
            .collect();
        for (_, id, _) in &all.devices {
            assert!(
                known.contains(&id.to_ascii_lowercase()),
                "iteration {iteration}: lost partnership {id}"
            );
        }
        // The partnerships the last run provisioned keep their policy keys.
        for (user, id, key) in all.devices.iter().rev().take(8) {
            assert!(
                policy_key_still_valid(s.eas, user, &password, id, *key).await,
                "iteration {iteration}: {id} must provision again"
            );
        }
        if iteration == ITERATIONS {
            break;
        }

        let acked = Arc::new(Mutex::new(Acked::default()));
        let requests = Arc::new(AtomicUsize::new(0));
        let kill_at = rng.random_range(40..240);
        let mut tasks = tokio::task::JoinSet::new();
        for lane in 0..2 {
            let (admin, acked, requests) = (s.admin, acked.clone(), requests.clone());
            let users = users.clone();
            tasks.spawn(async move {
                for n in 0.. {
                    let user = &users[(iteration * 7 + lane * 3 + n) % users.len()];
                    let id = format!("A{iteration}L{lane}N{n}");
                    let answer = invoke(admin, "Set-CASMailbox", add_allowed(user, &id)).await;
                    requests.fetch_add(1, Ordering::Relaxed);
                    match answer {
                        Some((200, _)) => acked.lock().unwrap().allowed.push((user.clone(), id)),
                        _ => break,
                    }
                }
            });
        }
        for lane in 0..2 {
            let (eas, acked, requests) = (s.eas, acked.clone(), requests.clone());
            let (users, password) = (users.clone(), password.clone());
            tasks.spawn(async move {
                for n in 0.. {
                    let user = &users[(iteration * 5 + lane + n * 2) % users.len()];
                    let id = format!("D{iteration}L{lane}N{n}");
                    let Ok(mut session) =
                        Session::connect(eas, Device::new(user, &password, &id)).await
                    else {
                        break;
                    };
                    let key = session.provision().await;
                    requests.fetch_add(2, Ordering::Relaxed);
                    let Ok(key) = key else { break };
                    acked.lock().unwrap().devices.push((user.clone(), id, key));
                    let synced = session.folder_sync().await;
                    requests.fetch_add(1, Ordering::Relaxed);
                    if synced.is_err() {
                        break;
                    }
                }
            });
        }
        while requests.load(Ordering::Relaxed) < kill_at {
            tokio::time::sleep(Duration::from_micros(200)).await;
        }
        s.kill_9();
        while tasks.join_next().await.is_some() {}
        let acked = std::mem::take(&mut *acked.lock().unwrap());
        assert!(
            !acked.allowed.is_empty() && !acked.devices.is_empty(),
            "iteration {iteration}: traffic got nothing acknowledged"
        );
        all.allowed.extend(acked.allowed);
        all.devices.extend(acked.devices);
    }
    assert!(
        all.allowed.len() > 200 && all.devices.len() > 50,
        "{} {}",
        all.allowed.len(),
        all.devices.len()
    );
}

#[test]
fn the_in_process_shell_keeps_its_state_and_its_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = fixture("tenants/examples.json");
    let base = [
        "shell",
        "--tenant",
        tenant.to_str().unwrap(),
        "--state",
        dir.path().to_str().unwrap(),
    ];
    let base = [
        &base[..],
        &["--no-history", "--now", "2026-11-23T08:00:00Z"],
    ]
    .concat();
    let first = easim_with_stdin(
        &base,
        b"Set-CASMailbox carol -ActiveSyncAllowedDeviceIDs @{Add='SHELL0001'}\nSet-CASMailbox nobody -ActiveSyncEnabled $false\nexit\n",
    );
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("new state directory"),
        "{}",
        stderr(&first)
    );
    let second = easim_with_stdin(
        &base,
        b"(Get-CASMailbox carol).ActiveSyncAllowedDeviceIDs\nSearch-AdminAuditLog | Format-Table CmdletName,ObjectModified,Caller,Succeeded,RunDate\nexit\n",
    );
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(stderr(&second).contains("state "), "{}", stderr(&second));
    // The device simulator's cmdlets change partnerships through simulated EAS requests, which the journal
    // cannot replay: refused in a --state shell, with the reason.
    let third = easim_with_stdin(
        &base,
        b"New-SimulatedDevice -Mailbox alice -DeviceModel SM-S918B -DeviceType Android -UserAgent 'Android-SAMSUNG-SM-S918B/101.140'\nexit\n",
    );
    assert!(
        stderr(&third).contains("New-SimulatedDevice is not available in a shell with --state"),
        "{}",
        stderr(&third)
    );
    // Newest first; the failed call is recorded as failed; Caller is the in-process shell's user.
    let want = "SHELL0001

CmdletName     ObjectModified Caller        Succeeded RunDate
----------     -------------- ------        --------- -------
Set-CASMailbox nobody         Administrator False     11/23/2026 8:00:00 AM
Set-CASMailbox carol          Administrator True      11/23/2026 8:00:00 AM";
    assert_eq!(stdout(&second).trim(), want);
}

#[tokio::test]
async fn search_adminauditlog_over_the_endpoint_and_through_shell_connect() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = fixture("tenants/examples.json");
    let s = Served::start(dir.path(), &["--tenant", tenant.to_str().unwrap()]);
    invoke_ok(s.admin, "Set-CASMailbox", add_allowed("alice", "AUDIT0001")).await;
    let (status, _) = invoke(
        s.admin,
        "Remove-MobileDevice",
        json!({"Identity": "nothing-here", "Confirm": false}),
    )
    .await
    .unwrap();
    assert_eq!(status, 404);
    // Reads are not audited.
    invoke_ok(s.admin, "Get-Mailbox", json!({})).await;

    let all = invoke_ok(s.admin, "Search-AdminAuditLog", json!({})).await;
    let names: Vec<(&str, bool)> = all["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["CmdletName"].as_str().unwrap(),
                e["Succeeded"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [("Remove-MobileDevice", false), ("Set-CASMailbox", true)]
    );
    let failed = invoke_ok(s.admin, "Search-AdminAuditLog", json!({"IsSuccess": false})).await;
    assert_eq!(failed["value"][0]["ObjectModified"], "nothing-here");
    assert!(
        failed["value"][0]["Error"]
            .as_str()
            .unwrap()
            .contains("couldn't be found"),
        "{failed}"
    );
    let params = invoke_ok(
        s.admin,
        "Search-AdminAuditLog",
        json!({"Cmdlets": ["set-casmailbox"], "Parameters": ["ActiveSyncAllowedDeviceIDs"], "UserIds": ["TRAINER@contoso.com"]}),
    )
    .await;
    // In Set-CASMailbox's declaration order, whatever order the request named them in.
    let cmdlet_parameters = &params["value"][0]["CmdletParameters"];
    assert_eq!(cmdlet_parameters[0]["Name"], "Identity", "{params}");
    assert_eq!(cmdlet_parameters[0]["Value"], "alice");
    assert_eq!(cmdlet_parameters[1]["Name"], "ActiveSyncAllowedDeviceIDs");
    assert_eq!(cmdlet_parameters[1]["Value"], "@{Add=AUDIT0001}");
    // -Parameters needs -Cmdlets, as documented.
    let (status, _) = invoke(
        s.admin,
        "Search-AdminAuditLog",
        json!({"Parameters": ["Identity"]}),
    )
    .await
    .unwrap();
    assert_eq!(status, 400);
    let none = invoke_ok(
        s.admin,
        "Search-AdminAuditLog",
        json!({"EndDate": "01/01/2020"}),
    )
    .await;
    assert_eq!(none["value"].as_array().map(Vec::len), Some(0));

    let shell = easim_with_stdin(
        &["shell", "--connect", &format!("http://{}", s.admin), "--token", TOKEN, "--no-history"],
        b"Search-AdminAuditLog -ObjectIds alice | Format-Table CmdletName,ObjectModified,Caller,Succeeded\n(Get-AdminAuditLogConfig).AdminAuditLogAgeLimit\nexit\n",
    );
    assert!(shell.status.success(), "{}", stderr(&shell));
    let want = "CmdletName     ObjectModified Caller              Succeeded
----------     -------------- ------              ---------
Set-CASMailbox alice          trainer@contoso.com True

90.00:00:00";
    assert_eq!(stdout(&shell).trim(), want, "{}", stdout(&shell));
}

#[tokio::test]
async fn after_kill_9_a_device_goes_on_with_its_sync_keys_and_keeps_what_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = fixture("tenants/examples.json");
    let args = ["--tenant", tenant.to_str().unwrap()];
    let s = Served::start(dir.path(), &args);
    let (user, password) = s.user.clone();
    // Allowed by the admin, so the device sees the whole mailbox (the tenant's default may quarantine it).
    for id in ["RESTART01", "RESTART02"] {
        invoke_ok(s.admin, "Set-CASMailbox", add_allowed(&user, id)).await;
    }
    let mut session = Session::connect(s.eas, Device::new(&user, &password, "RESTART01"))
        .await
        .unwrap();
    let key = session.provision().await.unwrap();
    let reply = session
        .send(EasCommand::FolderSync, Some(&client::folder_sync("0")))
        .await
        .unwrap();
    let (status, hierarchy_key, folders) = client::folder_sync_result(&reply.doc().unwrap());
    assert_eq!(status, Some(1), "{}", reply.xml());
    let hierarchy_key = hierarchy_key.unwrap();
    let (inbox, mut inbox_key) = session.sync_all("5", 50).await.unwrap();
    assert!(!inbox.is_empty());
    // What the client changes, each acknowledged with a new SyncKey: an item marked read, a draft added.
    let unread = inbox
        .iter()
        .find(|i| i.read == Some(false))
        .expect("the generated Inbox has unread mail")
        .server_id
        .clone();
    let reply = session
        .send(
            EasCommand::Sync,
            Some(&client::sync_with(
                "5",
                &inbox_key,
                50,
                Some(vec![client::mark_read(&unread, true)]),
            )),
        )
        .await
        .unwrap();
    let r = client::sync_result(&reply);
    assert_eq!(r.status, Some(1), "{}", reply.xml());
    inbox_key = r.key.unwrap_or(inbox_key);
    let (_, drafts_key) = session.sync_all("4", 50).await.unwrap();
    let reply = session
        .send(
            EasCommand::Sync,
            Some(&client::sync_with(
                "4",
                &drafts_key,
                50,
                Some(vec![client::add_message(
                    "c1",
                    "Kept across kill -9",
                    "bob@contoso.com",
                )]),
            )),
        )
        .await
        .unwrap();
    let r = client::sync_result(&reply);
    assert_eq!(r.status, Some(1), "{}", reply.xml());
    let draft_id = r
        .add_responses
        .first()
        .unwrap_or_else(|| panic!("{}", reply.xml()))
        .1
        .clone()
        .unwrap_or_else(|| panic!("no ServerId: {}", reply.xml()));
    let drafts_key = r.key.unwrap();
    // Mail sent to another mailbox of the tenant (SendMail answers 200 with an empty body when it is done).
    let recipient = if user.starts_with("bob@") {
        "carol@contoso.com"
    } else {
        "bob@contoso.com"
    };
    let mime = format!("To: {recipient}\r\nSubject: Sent before kill -9\r\n\r\nhello\r\n");
    let reply = session
        .send(
            EasCommand::SendMail,
            Some(&client::send_mail(mime.as_bytes(), true)),
        )
        .await
        .unwrap();
    assert_eq!(
        (reply.status, reply.body.len()),
        (200, 0),
        "{}",
        reply.xml()
    );
    drop(session);
    s.kill_9();

    let s = Served::start(dir.path(), &args);
    let mut device = Device::new(&user, &password, "RESTART01");
    device.policy_key = Some(key);
    let mut session = Session::connect(s.eas, device).await.unwrap();
    // The keys the device holds are the server's too: a FolderSync and the Syncs with them answer Status 1 with
    // nothing new — not FolderSync Status 9 / Sync Status 3, the statuses for a key the server does not know
    // (MS-ASCMD 2.2.3.177.4 FolderSync Status, 2.2.3.177.16 Sync Status; eas-facts.md) — and nothing is sent
    // again.
    let reply = session
        .send(
            EasCommand::FolderSync,
            Some(&client::folder_sync(&hierarchy_key)),
        )
        .await
        .unwrap();
    let (status, _, changes) = client::folder_sync_result(&reply.doc().unwrap());
    assert_eq!((status, changes.len()), (Some(1), 0), "{}", reply.xml());
    for (collection, sync_key) in [("5", &inbox_key), ("4", &drafts_key)] {
        let reply = session
            .send(
                EasCommand::Sync,
                Some(&client::sync(collection, sync_key, 50)),
            )
            .await
            .unwrap();
        let r = client::sync_result(&reply);
        assert!(
            r.empty || (r.status == Some(1) && r.adds.is_empty() && r.changes.is_empty()),
            "collection {collection}: {}",
            reply.xml()
        );
    }
    // A second device of the same user sees the mailbox as the first left it.
    let mut other = Session::connect(s.eas, Device::new(&user, &password, "RESTART02"))
        .await
        .unwrap();
    other.provision().await.unwrap();
    assert_eq!(other.folder_sync().await.unwrap().len(), folders.len());
    let (drafts, _) = other.sync_all("4", 50).await.unwrap();
    let draft = drafts
        .iter()
        .find(|i| i.server_id == draft_id)
        .expect("the draft is kept");
    assert_eq!(draft.subject.as_deref(), Some("Kept across kill -9"));
    let (inbox_again, _) = other.sync_all("5", 50).await.unwrap();
    assert_eq!(
        inbox_again.len(),
        inbox.len(),
        "the generated Inbox reads back the same"
    );
    let marked = inbox_again.iter().find(|i| i.server_id == unread).unwrap();
    assert_eq!(marked.read, Some(true), "the read flag is kept");
    // The recipient's Inbox has the mail (the fixture's mailboxes share the password).
    invoke_ok(
        s.admin,
        "Set-CASMailbox",
        add_allowed(recipient, "RESTART03"),
    )
    .await;
    let mut theirs = Session::connect(s.eas, Device::new(recipient, &password, "RESTART03"))
        .await
        .unwrap();
    theirs.provision().await.unwrap();
    theirs.folder_sync().await.unwrap();
    let (their_inbox, _) = theirs.sync_all("5", 100).await.unwrap();
    assert!(
        their_inbox
            .iter()
            .any(|i| i.subject.as_deref() == Some("Sent before kill -9")),
        "the sent mail reached the recipient"
    );
}

#[tokio::test]
async fn periodic_and_shutdown_snapshots_leave_nothing_to_replay() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = fixture("tenants/examples.json");
    let args = [
        "--tenant",
        tenant.to_str().unwrap(),
        "--snapshot-entries",
        "3",
        "--flush-ms",
        "50",
    ];
    let s = Served::start(dir.path(), &args);
    for n in 0..3 {
        invoke_ok(
            s.admin,
            "Set-CASMailbox",
            add_allowed("alice", &format!("SNAP{n:04}")),
        )
        .await;
    }
    // The flusher looks every 50 ms and snapshots once 3 changes are journaled.
    let snapshot_seq = || -> u64 {
        let text = std::fs::read_to_string(dir.path().join("snapshot.json")).unwrap();
        let head: Json = serde_json::from_str(&text).unwrap();
        head["seq"].as_u64().unwrap()
    };
    for _ in 0..100 {
        if snapshot_seq() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(snapshot_seq(), 3);
    s.kill_9();
    let s = Served::start(dir.path(), &args);
    assert!(
        s.first_line
            .contains("snapshot as of change 3, 0 journaled changes replayed"),
        "{}",
        s.first_line
    );
    invoke_ok(s.admin, "Set-CASMailbox", add_allowed("alice", "SNAP0003")).await;
    // A graceful stop (SIGINT) writes the final snapshot.
    let status = Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut s = s;
    let exit = tokio::task::spawn_blocking(move || {
        let status = s.child.wait().unwrap();
        drop(s);
        status
    })
    .await
    .unwrap();
    assert!(exit.success(), "{exit:?}");
    assert_eq!(snapshot_seq(), 4);
    let s = Served::start(dir.path(), &args);
    assert!(
        s.first_line
            .contains("snapshot as of change 4, 0 journaled changes replayed"),
        "{}",
        s.first_line
    );
    let ids = allowed_ids(s.admin, "alice").await;
    for n in 0..4 {
        assert!(ids.contains(&format!("SNAP{n:04}")), "{ids:?}");
    }
}

/// The mobile device mailbox policy's and organization settings' #11 settings come back after `kill -9`, both by
/// replaying the journal (the Set-* calls as their InvokeCommand bodies: enums, booleans, MultiValuedProperty lists
/// and text) and from a snapshot taken before the kill (the fixture format).
#[tokio::test]
async fn the_policy_and_org_settings_survive_kill_9_by_journal_and_by_snapshot() {
    let tenant = fixture("tenants/examples.json");
    let policy = json!({
        "Identity": "Default",
        "RequireEncryptionSMIMEAlgorithm": "RC240bit",
        "AllowSMIMEEncryptionAlgorithmNegotiation": "OnlyStrongAlgorithmNegotiation",
        "ApprovedApplicationList": ["aa11", "bb22"],
        "UnapprovedInROMApplicationList": {"@odata.type": "#Exchange.GenericHashTable", "Add": ["x.exe"]},
        "IrmEnabled": false,
        "AllowApplePushNotifications": false,
    });
    let org = json!({
        "AllowRMSSupportForUnenlightenedApps": true,
        "EnableMobileMailboxPolicyWhenCAInplace": true,
        "TenantAdminPreference": "Custom",
    });
    let check = |p: &Json, o: &Json| {
        let p = &p["value"][0];
        assert_eq!(p["RequireEncryptionSMIMEAlgorithm"], "RC240bit", "{p}");
        assert_eq!(
            p["AllowSMIMEEncryptionAlgorithmNegotiation"],
            "OnlyStrongAlgorithmNegotiation"
        );
        assert_eq!(p["ApprovedApplicationList"], json!(["aa11", "bb22"]));
        assert_eq!(p["UnapprovedInROMApplicationList"], json!(["x.exe"]));
        assert_eq!(
            (&p["IrmEnabled"], &p["AllowApplePushNotifications"]),
            (&json!(false), &json!(false))
        );
        let o = &o["value"][0];
        assert_eq!(o["AllowRMSSupportForUnenlightenedApps"], true, "{o}");
        assert_eq!(o["EnableMobileMailboxPolicyWhenCAInplace"], true);
        assert_eq!(o["TenantAdminPreference"], "Custom");
    };
    let runs: [(&[&str], &str); 2] = [
        (&["--fsync", "always"], "2 journaled changes replayed"),
        (
            &["--snapshot-entries", "2", "--flush-ms", "50"],
            "snapshot as of change 2, 0 journaled changes replayed",
        ),
    ];
    for (extra, banner) in runs {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["--tenant", tenant.to_str().unwrap()];
        args.extend_from_slice(extra);
        let s = Served::start(dir.path(), &args);
        invoke_ok(s.admin, "Set-MobileDeviceMailboxPolicy", policy.clone()).await;
        invoke_ok(s.admin, "Set-ActiveSyncOrganizationSettings", org.clone()).await;
        if banner.starts_with("snapshot") {
            let snapshot_seq = || -> Option<u64> {
                let text = std::fs::read_to_string(dir.path().join("snapshot.json")).ok()?;
                serde_json::from_str::<Json>(&text).ok()?["seq"].as_u64()
            };
            for _ in 0..100 {
                if snapshot_seq() == Some(2) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            assert_eq!(snapshot_seq(), Some(2));
        }
        s.kill_9();
        let s = Served::start(dir.path(), &args);
        assert!(s.first_line.contains(banner), "{}", s.first_line);
        let p = invoke_ok(
            s.admin,
            "Get-MobileDeviceMailboxPolicy",
            json!({"Identity": "Default"}),
        )
        .await;
        let o = invoke_ok(s.admin, "Get-ActiveSyncOrganizationSettings", json!({})).await;
        check(&p, &o);
    }
}
