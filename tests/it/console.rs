//! The trainer's console over real loopback HTTP on the admin listener: sign-in with the admin token (wrong
//! token refused, CSRF refused, the cookie's flags), pages behind the session, the device table's filters and
//! paging, a device's access trace, and the live feed's Server-Sent Events.

use std::net::SocketAddr;
use std::time::Duration;

use easim::access::{self, RequestFacts};
use easim::generator::{Profile, builtin_profile, generate};
use easim::model::{DeviceAccessState, DeviceAccessStateReason, Tenant};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::eas::{device, ready};
use crate::support::{ADMIN_TOKEN, EPOCH, TestServer, test_config, test_tenant};

pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn cookie(&self) -> String {
        let set = self.header("set-cookie").expect("a Set-Cookie header");
        set.split(';').next().unwrap().to_string()
    }
}

/// One request over a fresh connection (`Connection: close`).
pub(crate) async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> Reply {
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(c) = cookie {
        req.push_str(&format!("Cookie: {c}\r\n"));
    }
    let body = form.unwrap_or("");
    if form.is_some() {
        req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw))
        .await
        .expect("the console answers within 10 s")
        .unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    Reply {
        status: head.split(' ').nth(1).unwrap().parse().unwrap(),
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// The value of the hidden `csrf` input in a page.
pub(crate) fn csrf(page: &str) -> String {
    let at =
        page.find(r#"name="csrf" value=""#).expect("a CSRF field") + r#"name="csrf" value=""#.len();
    page[at..].split('"').next().unwrap().to_string()
}

/// Signs in and returns the session cookie and the session's CSRF token.
pub(crate) async fn sign_in(addr: SocketAddr) -> (String, String) {
    let form = http(addr, "GET", "/console/login", None, None).await;
    let login = form.cookie();
    let r = http(
        addr,
        "POST",
        "/console/login",
        Some(&login),
        Some(&format!("csrf={}&token={ADMIN_TOKEN}", csrf(&form.body))),
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let session = r.cookie();
    let page = http(addr, "GET", "/console", Some(&session), None).await;
    assert_eq!(page.status, 200);
    (session, csrf(&page.body))
}

/// How many rows the device table shows.
fn rows(page: &str) -> usize {
    let table = &page[page.find("<tbody>").unwrap()..page.find("</tbody>").unwrap()];
    table.matches("<tr>").count()
}

fn matching(page: &str) -> usize {
    let at = page.find(r#"<p id="matches">"#).unwrap() + r#"<p id="matches">"#.len();
    page[at..].split(' ').next().unwrap().parse().unwrap()
}

/// The "small" profile's tenant (50 mailboxes, about 65 devices), with a few states set to filter on.
fn fleet() -> Tenant {
    let profile = Profile::parse(builtin_profile("small").unwrap()).unwrap();
    let mut t = generate(&profile, 1, EPOCH);
    let keys: Vec<_> = t.devices().map(|(k, _)| k).collect();
    for (i, k) in keys.into_iter().enumerate() {
        t.update_device(k, |d| {
            if i % 10 == 0 {
                d.access.state = DeviceAccessState::Quarantined;
                d.access.reason = DeviceAccessStateReason::DeviceRule;
                d.access.rule = Some("Lab (DeviceModel)".into());
            } else if i % 7 == 0 {
                d.access.state = DeviceAccessState::Blocked;
                d.access.reason = DeviceAccessStateReason::Individual;
            }
        });
    }
    t
}

#[tokio::test]
async fn pages_need_a_session_and_sign_in_needs_the_token_and_csrf() {
    let server = TestServer::default().await;
    let a = server.admin_addr;
    for path in ["/console", "/console/device?id=x", "/console?state=Allowed"] {
        let r = http(a, "GET", path, None, None).await;
        assert_eq!(r.status, 303, "{path}");
        assert_eq!(r.header("location"), Some("/console/login"));
    }
    let r = http(a, "GET", "/console", Some("easim_console=0123abcd"), None).await;
    assert_eq!(r.status, 303, "a made-up session id is no session");
    assert_eq!(
        http(a, "GET", "/console/events", None, None).await.status,
        403
    );

    let form = http(a, "GET", "/console/login", None, None).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains(r#"<form method="post" action="/console/login">"#),
        "{}",
        form.body
    );
    assert!(
        form.header("content-security-policy")
            .unwrap()
            .contains("default-src 'none'")
    );
    let login = form.cookie();
    let token = csrf(&form.body);

    // Wrong token: 401, the form again, and no session.
    let r = http(
        a,
        "POST",
        "/console/login",
        Some(&login),
        Some(&format!("csrf={token}&token=wrong")),
    )
    .await;
    assert_eq!(r.status, 401);
    assert!(r.body.contains("not the admin token"), "{}", r.body);
    assert!(
        !r.header("set-cookie")
            .unwrap_or("")
            .starts_with("easim_console=")
    );
    // Right token without the CSRF token, with a wrong one, or without the login cookie: 403.
    for (cookie, body) in [
        (Some(login.as_str()), format!("token={ADMIN_TOKEN}")),
        (
            Some(login.as_str()),
            format!("csrf={}&token={ADMIN_TOKEN}", "f".repeat(64)),
        ),
        (None, format!("csrf={token}&token={ADMIN_TOKEN}")),
    ] {
        let r = http(a, "POST", "/console/login", cookie, Some(&body)).await;
        assert_eq!(r.status, 403, "{body}");
    }
    // Right token and CSRF token: a session cookie only this origin's pages send, and scripts cannot read.
    let r = http(
        a,
        "POST",
        "/console/login",
        Some(&login),
        Some(&format!("csrf={token}&token={ADMIN_TOKEN}")),
    )
    .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some("/console"));
    let set = r.header("set-cookie").unwrap();
    assert!(set.starts_with("easim_console="), "{set}");
    assert!(
        set.contains("; HttpOnly")
            && set.contains("; SameSite=Strict")
            && set.contains("Path=/console"),
        "{set}"
    );
    let session = r.cookie();
    assert_eq!(session.len(), "easim_console=".len() + 64);
    assert_eq!(
        http(a, "GET", "/console", Some(&session), None)
            .await
            .status,
        200
    );
    server.stop().await;
}

#[tokio::test]
async fn sign_out_needs_the_sessions_csrf_token() {
    let server = TestServer::default().await;
    let a = server.admin_addr;
    let (session, token) = sign_in(a).await;
    for body in ["", "csrf=nope"] {
        let r = http(a, "POST", "/console/logout", Some(&session), Some(body)).await;
        assert_eq!(r.status, 403, "{body:?}");
    }
    assert_eq!(
        http(a, "GET", "/console", Some(&session), None)
            .await
            .status,
        200,
        "still signed in"
    );
    assert_eq!(
        http(a, "GET", "/console/logout", Some(&session), None)
            .await
            .status,
        405
    );
    let r = http(
        a,
        "POST",
        "/console/logout",
        Some(&session),
        Some(&format!("csrf={token}")),
    )
    .await;
    assert_eq!(r.status, 303);
    assert!(r.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(
        http(a, "GET", "/console", Some(&session), None)
            .await
            .status,
        303,
        "signed out"
    );
    server.stop().await;
}

#[tokio::test]
async fn the_device_table_filters_and_pages_on_the_server() {
    let tenant = fleet();
    let total = tenant.device_count();
    let count = |f: &dyn Fn(&easim::model::MobileDevice) -> bool| {
        tenant.devices().filter(|(_, d)| f(d)).count()
    };
    let quarantined = count(&|d| d.access.state == DeviceAccessState::Quarantined);
    let blocked_individual = count(&|d| d.access.reason == DeviceAccessStateReason::Individual);
    let (model, of_model) = {
        let (_, d) = tenant.devices().nth(3).unwrap();
        let m = d.device_model.to_string();
        let n = count(&|x| x.device_model.eq_ignore_ascii_case(&m));
        (m, n)
    };
    let owner_devices = {
        let (_, d) = tenant.devices().next().unwrap();
        let mb = tenant.mailbox(d.mailbox);
        (
            mb.primary_smtp_address.clone(),
            tenant.devices_of(d.mailbox).len(),
        )
    };
    let allowed_of_model = count(&|x| {
        x.device_model.eq_ignore_ascii_case(&model) && x.access.state == DeviceAccessState::Allowed
    });
    assert!(
        total > 50 && quarantined > 0 && blocked_individual > 0,
        "the fixture has something to filter"
    );
    let server = TestServer::start(tenant, test_config()).await;
    let a = server.admin_addr;
    let (session, _) = sign_in(a).await;
    let get = |path: String| {
        let session = session.clone();
        async move { http(a, "GET", &path, Some(&session), None).await }
    };

    let first = get("/console".into()).await;
    assert_eq!(first.status, 200);
    assert_eq!((matching(&first.body), rows(&first.body)), (total, 50));
    assert!(
        first.body.contains(r#"rel="next" href="/console?page=2""#),
        "a link to page 2"
    );
    assert!(first.body.contains("<svg"), "charts");
    // The ids the page's script swaps in after a state change.
    for id in ["counts", "matches", "device-table", "feed", "filters"] {
        assert!(first.body.contains(&format!(r#"id="{id}""#)), "{id}");
    }
    assert!(
        first.body.contains(&format!("Quarantined {quarantined}")),
        "the state chart names counts as text"
    );
    let second = get("/console?page=2".into()).await;
    assert_eq!(rows(&second.body), total - 50);
    assert!(second.body.contains(r#"rel="prev" href="/console?page=1""#));

    let cases = [
        ("state=Quarantined".to_string(), quarantined),
        ("reason=Individual".to_string(), blocked_individual),
        ("rule=lab+(devicemodel)".to_string(), quarantined),
        (format!("model={}", model.replace(' ', "+")), of_model),
        (format!("owner={}", owner_devices.0), owner_devices.1),
        (
            format!("state=Allowed&model={}", model.replace(' ', "+")),
            allowed_of_model,
        ),
        ("owner=nobody@nowhere".to_string(), 0),
    ];
    for (query, expected) in cases {
        let r = get(format!("/console?{query}")).await;
        assert_eq!(r.status, 200, "{query}");
        assert_eq!(matching(&r.body), expected, "{query}");
        assert_eq!(rows(&r.body), expected.min(50), "{query}");
    }
    // The table writes each row's state as text beside its colour.
    let q = get("/console?state=Quarantined".into()).await;
    assert!(
        q.body
            .contains(r#"<span class="state s-quarantined">Quarantined</span>"#)
    );
    for bad in [
        "state=Sideways",
        "reason=Nope",
        "page=0",
        "page=x",
        "model=%zz",
    ] {
        let r = get(format!("/console?{bad}")).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
    server.stop().await;
}

#[tokio::test]
async fn a_device_page_shows_the_same_trace_as_explain() {
    let tenant = fleet();
    let (guid, expected) = {
        let (_, d) = tenant.devices().nth(10).unwrap();
        let (_, trace) = access::explain(&tenant, d, &RequestFacts::offline(EPOCH));
        (d.guid.to_string(), trace)
    };
    let server = TestServer::start(tenant, test_config()).await;
    let a = server.admin_addr;
    let (session, _) = sign_in(a).await;
    let table = http(a, "GET", "/console", Some(&session), None).await;
    let link = format!("/console/device?id={guid}");
    assert!(
        table.body.contains(&format!(r#"href="{link}""#)),
        "the table links the device page"
    );
    let r = http(a, "GET", &link, Some(&session), None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let steps = &r.body[r.body.find(r#"<ol id="trace">"#).unwrap()..];
    let steps = &steps[..steps.find("</ol>").unwrap()];
    assert_eq!(steps.matches("<li").count(), expected.steps.len());
    for s in &expected.steps {
        assert!(
            steps.contains(&maud::html!((s.step.title())).into_string()),
            "{}",
            s.step.title()
        );
    }
    assert!(
        steps.contains("APPLIES"),
        "the deciding step is written as text"
    );
    assert!(r.body.contains("Decision: "), "{}", r.body);
    assert!(
        r.body
            .contains("<dt>DeviceAccessStateReason</dt><dd>DeviceRule</dd>"),
        "properties"
    );
    assert!(
        r.body.contains("No EAS sync state on this server"),
        "never connected"
    );
    assert_eq!(
        http(
            a,
            "GET",
            "/console/device?id=00000000-0000-0000-0000-000000000000",
            Some(&session),
            None
        )
        .await
        .status,
        404
    );
    assert_eq!(
        http(a, "GET", "/console/device", Some(&session), None)
            .await
            .status,
        400
    );
    server.stop().await;
}

/// Reads the event stream until `done` holds for the text so far (at most 10 s).
async fn read_events(stream: &mut TcpStream, seen: &mut String, done: impl Fn(&str) -> bool) {
    let mut buf = [0u8; 8192];
    tokio::time::timeout(Duration::from_secs(10), async {
        while !done(seen) {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "the stream ended early: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the events did not arrive: {seen}"));
}

#[tokio::test]
async fn the_live_feed_streams_eas_requests_admin_cmdlets_and_transitions() {
    let server = TestServer::start(test_tenant(), test_config()).await;
    let a = server.admin_addr;
    let (session, _) = sign_in(a).await;
    let mut stream = TcpStream::connect(a).await.unwrap();
    stream
        .write_all(
            format!("GET /console/events HTTP/1.1\r\nHost: {a}\r\nCookie: {session}\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    let mut seen = String::new();
    read_events(&mut stream, &mut seen, |s| s.contains(": connected")).await;
    assert!(seen.starts_with("HTTP/1.1 200"), "{seen}");
    assert!(
        seen.to_ascii_lowercase()
            .contains("content-type: text/event-stream"),
        "{seen}"
    );

    // A new device: its EAS requests, and the partnership appearing in the counts.
    let mut phone = ready(&server, device("alice", "FEED1")).await;
    let (status, body) = server
        .admin("Set-CASMailbox", json!({"Identity": "alice", "ActiveSyncBlockedDeviceIDs": {"@odata.type": "#Exchange.GenericHashTable", "Add": ["FEED1"]}}))
        .await;
    assert_eq!(status, 200, "{body}");
    let _ = phone.folder_sync().await;
    read_events(&mut stream, &mut seen, |s| {
        s.contains("FEED1 FolderSync: Blocked/Individual")
    })
    .await;

    let events: Vec<serde_json::Value> = seen
        .split("\n\n")
        .filter_map(|m| m.split_once("event: feed\ndata: "))
        .flat_map(|(_, data)| {
            let batch: serde_json::Value =
                serde_json::from_str(data.lines().next().unwrap()).unwrap();
            assert!(batch["dropped"].is_u64());
            batch["events"].as_array().unwrap().clone()
        })
        .collect();
    let texts: Vec<&str> = events.iter().map(|e| e["text"].as_str().unwrap()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("alice@contoso.test FEED1 Provision: ")),
        "{texts:#?}"
    );
    assert!(
        // Who ran what, with the parameters as the audit log records them (`@{Add=…}` edits as written).
        texts.contains(
            &"Administrator ran Set-CASMailbox -Identity alice -ActiveSyncBlockedDeviceIDs @{Add=FEED1} → 200"
        ),
        "{texts:#?}"
    );
    assert!(
        texts.contains(
            &"alice@contoso.test FEED1 FolderSync: Blocked/Individual → HTTP 200, Status 129"
        ),
        "{texts:#?}"
    );
    // Set-CASMailbox restamps the device it blocks (reason Individual); the first Provision adds a partnership.
    let transitions: Vec<&str> = events
        .iter()
        .filter(|e| e["transition"] == true)
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        transitions,
        [
            "Allowed +1 after Provision from FEED1",
            "1 device Allowed → Blocked after Set-CASMailbox"
        ]
    );
    assert!(
        events
            .iter()
            .all(|e| (e["kind"] == "transition") == (e["transition"] == true))
    );
    drop(stream);
    server.stop().await;
}
