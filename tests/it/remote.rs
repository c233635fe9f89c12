//! The remote cmdlet host against a real `easim::server::run` on 127.0.0.1:0: every call is made through
//! `RemoteHost` and through `LocalHost` on an identical tenant, and both must write the same objects, warnings,
//! errors and information (paging, the 1000 warning, -WhatIf, confirmations, not-found errors). Also: a wrong
//! token, a stopped server, a server answering garbage, and one kept-alive connection for many calls.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use easim::admin::examples::{EXAMPLE_NOW, example_tenant};
use easim::admin::{LocalHost, cmdlets};
use easim::model::{Guid, Mailbox, MobileDevice, RecipientTypeDetails, Tenant};
use easim::remote::{RemoteConfig, RemoteHost, Timeouts};
use easim::script::{
    AlwaysAnswer, CmdletHost, ConfirmAnswer, Confirmer, ErrorCategory, ErrorRecord, Hashtable,
    NamedArg, NonInteractive, Output, Value, bind,
};
use easim::server::{AppState, Listeners, ServerConfig};

const TOKEN: &str = "remote-test-token";

/// `easim::server::run` on its own thread and runtime (the remote host blocks, so it must not share one).
struct Served {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

fn serve(tenant: Tenant) -> Served {
    let state = Arc::new(AppState::new(
        tenant,
        ServerConfig {
            admin_token: TOKEN.to_string(),
            ..ServerConfig::default()
        },
    ));
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let eas = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let admin = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(admin.local_addr().unwrap()).unwrap();
            let listeners = Listeners {
                eas,
                admin: Some(admin),
            };
            easim::server::run(listeners, state, async {
                let _ = stop_rx.await;
            })
            .await
            .unwrap();
        });
    });
    let addr = addr_rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the server binds");
    Served {
        addr,
        stop: Some(stop_tx),
        thread: Some(thread),
    }
}

impl Served {
    fn url(&self) -> String {
        format!(
            "http://{}/adminapi/beta/contoso.com/InvokeCommand",
            self.addr
        )
    }

    fn host(&self) -> RemoteHost {
        RemoteHost::new(RemoteConfig::new(self.url(), TOKEN), EXAMPLE_NOW).unwrap()
    }

    /// Stops the server and waits (bounded) for its thread.
    fn stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let deadline = Instant::now() + Duration::from_secs(10);
            while !t.is_finished() {
                assert!(Instant::now() < deadline, "the server stops within 10 s");
                std::thread::sleep(Duration::from_millis(10));
            }
            t.join().unwrap();
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

fn call(
    host: &mut dyn CmdletHost,
    cmdlet: &str,
    named: Vec<NamedArg>,
    confirmer: &mut dyn Confirmer,
) -> Result<Output, ErrorRecord> {
    let info = cmdlets::find(cmdlet).unwrap();
    let args = bind(info, vec![], named).unwrap();
    host.invoke(info, &args, confirmer)
}

/// Runs the call on both hosts and checks they wrote the same thing; returns the local result.
fn same(
    local: &mut LocalHost<'_>,
    remote: &mut RemoteHost,
    cmdlet: &str,
    named: Vec<NamedArg>,
) -> Result<Output, ErrorRecord> {
    same_with(local, remote, cmdlet, named, &mut NonInteractive)
}

fn same_with(
    local: &mut LocalHost<'_>,
    remote: &mut RemoteHost,
    cmdlet: &str,
    named: Vec<NamedArg>,
    confirmer: &mut dyn Confirmer,
) -> Result<Output, ErrorRecord> {
    let l = call(local, cmdlet, named.clone(), confirmer);
    let r = call(remote, cmdlet, named.clone(), confirmer);
    match (&l, &r) {
        (Ok(lo), Ok(ro)) => {
            let what = format!("{cmdlet} {named:?}");
            assert_eq!(
                lo.objects().collect::<Vec<_>>(),
                ro.objects().collect::<Vec<_>>(),
                "objects of {what}"
            );
            assert_eq!(
                lo.warnings().collect::<Vec<_>>(),
                ro.warnings().collect::<Vec<_>>(),
                "warnings of {what}"
            );
            assert_eq!(
                lo.errors().collect::<Vec<_>>(),
                ro.errors().collect::<Vec<_>>(),
                "errors of {what}"
            );
            assert_eq!(
                lo.information().collect::<Vec<_>>(),
                ro.information().collect::<Vec<_>>(),
                "information of {what}"
            );
            assert_eq!(lo, ro, "the order of {what}");
        }
        _ => assert_eq!(l, r, "{cmdlet} {named:?}"),
    }
    l
}

fn arg(name: &str, value: impl Into<Value>) -> NamedArg {
    NamedArg::new(name, value)
}

#[test]
fn remote_and_local_hosts_write_the_same_output() {
    let mut tenant = example_tenant();
    let server = serve(tenant.clone());
    let mut remote = server.host();
    let mut local = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let l = &mut local;
    let r = &mut remote;

    let all = same(l, r, "Get-Mailbox", vec![]).unwrap();
    assert_eq!(all.objects().count(), 4);
    same(l, r, "Get-Mailbox", vec![arg("Identity", "alice")]).unwrap();
    let missing = same(l, r, "Get-Mailbox", vec![arg("Identity", "nobody")]).unwrap();
    assert_eq!(missing.errors().count(), 1);
    let quiet = same(
        l,
        r,
        "Get-Mailbox",
        vec![
            arg("Identity", "nobody"),
            arg("ErrorAction", "SilentlyContinue"),
        ],
    )
    .unwrap();
    assert!(quiet.items.is_empty());
    let stop = same(
        l,
        r,
        "Get-Mailbox",
        vec![arg("Identity", "nobody"), arg("ErrorAction", "Stop")],
    );
    assert_eq!(stop.unwrap_err().category, ErrorCategory::ObjectNotFound);
    for cmdlet in [
        "Get-CASMailbox",
        "Get-MobileDevice",
        "Get-ActiveSyncDeviceAccessRule",
        "Get-ActiveSyncOrganizationSettings",
        "Get-MobileDeviceMailboxPolicy",
    ] {
        let out = same(l, r, cmdlet, vec![]).unwrap();
        assert!(out.objects().count() > 0, "{cmdlet}");
    }
    let quarantined = same(
        l,
        r,
        "Get-MobileDevice",
        vec![arg("Filter", "DeviceAccessState -eq 'Quarantined'")],
    )
    .unwrap();
    assert_eq!(quarantined.objects().count(), 1);
    same(
        l,
        r,
        "Get-MobileDeviceStatistics",
        vec![arg("Mailbox", "alice")],
    )
    .unwrap();

    // A multi-valued add, then the device it pins reads back Allowed (Individual) on both sides.
    let add = Hashtable::new();
    add.insert("Add", Value::strings(["SEC1A2B3C4D5"]));
    let set = same(
        l,
        r,
        "Set-CASMailbox",
        vec![
            arg("Identity", "alice"),
            arg("ActiveSyncAllowedDeviceIDs", Value::Hashtable(add)),
        ],
    )
    .unwrap();
    assert!(set.items.is_empty());
    let cas = same(l, r, "Get-CASMailbox", vec![arg("Identity", "alice")]).unwrap();
    let ids = cas.objects().next().unwrap().as_object().unwrap();
    assert_eq!(
        ids.get("ActiveSyncAllowedDeviceIDs"),
        Some(Value::strings(["SEC1A2B3C4D5"]))
    );
    same(l, r, "Get-MobileDevice", vec![arg("Mailbox", "alice")]).unwrap();
    same(
        l,
        r,
        "Set-ActiveSyncOrganizationSettings",
        vec![arg("DefaultAccessLevel", "Block")],
    )
    .unwrap();
    same(l, r, "Get-MobileDevice", vec![]).unwrap();

    // A terminating error keeps its text, category, id and target.
    let both = same(
        l,
        r,
        "Set-CASMailbox",
        vec![
            arg("Identity", "bob"),
            arg("ActiveSyncAllowedDeviceIDs", Value::strings(["X1"])),
            arg("ActiveSyncBlockedDeviceIDs", Value::strings(["X1"])),
        ],
    );
    assert!(
        both.unwrap_err()
            .message
            .starts_with("DeviceID X1 is included in both")
    );

    // -WhatIf writes information and changes nothing; an explicit -Confirm cannot be answered here; a declined
    // prompt changes nothing; the impact-raised prompt is answered yes by a non-interactive host.
    let device = r"Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0";
    let what_if = same(
        l,
        r,
        "Remove-MobileDevice",
        vec![arg("Identity", device), NamedArg::switch("WhatIf")],
    )
    .unwrap();
    assert_eq!(what_if.information().count(), 1);
    let confirm = same(
        l,
        r,
        "Remove-MobileDevice",
        vec![arg("Identity", device), NamedArg::switch("Confirm")],
    );
    assert!(
        confirm
            .unwrap_err()
            .message
            .starts_with("PowerShell is in NonInteractive mode")
    );
    same_with(
        l,
        r,
        "Remove-MobileDevice",
        vec![arg("Identity", device)],
        &mut AlwaysAnswer(ConfirmAnswer::No),
    )
    .unwrap();
    assert_eq!(
        same(l, r, "Get-MobileDevice", vec![])
            .unwrap()
            .objects()
            .count(),
        4
    );
    same(l, r, "Remove-MobileDevice", vec![arg("Identity", device)]).unwrap();
    assert_eq!(
        same(l, r, "Get-MobileDevice", vec![])
            .unwrap()
            .objects()
            .count(),
        3
    );
    same(
        l,
        r,
        "Remove-MobileDevice",
        vec![arg("Identity", device), arg("Confirm", false)],
    )
    .unwrap_err();
    // Prompts carry the server's own confirmation text.
    struct Record(Vec<String>);
    impl Confirmer for Record {
        fn confirm(&mut self, p: &easim::script::ConfirmPrompt<'_>) -> ConfirmAnswer {
            self.0.push(p.message.to_string());
            ConfirmAnswer::No
        }
    }
    let mut seen = Record(Vec::new());
    let other = r"Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB";
    call(
        r,
        "Clear-MobileDevice",
        vec![arg("Identity", other)],
        &mut seen,
    )
    .unwrap();
    assert_eq!(
        seen.0,
        [format!(
            "Clearing mobile device \"{other}\". All the data on the mobile device will be permanently deleted."
        )]
    );
}

fn big_tenant(mailboxes: usize) -> Tenant {
    let mut t = example_tenant();
    for i in 0..mailboxes {
        let name = format!("User{i:04}");
        let id = t
            .add_mailbox(Mailbox {
                guid: Guid::from_random_bits(0xB16_0000 + i as u128),
                name: name.clone(),
                alias: name.to_lowercase(),
                display_name: name.clone(),
                primary_smtp_address: format!("{}@contoso.com", name.to_lowercase()),
                user_principal_name: format!("{}@contoso.com", name.to_lowercase()),
                recipient_type_details: RecipientTypeDetails::UserMailbox,
                password: "pw".into(),
                cas: Default::default(),
            })
            .unwrap();
        let d = MobileDevice::new(
            Guid::from_random_bits(0xD00_0000 + i as u128),
            id,
            &format!("DEV{i:04}"),
            "Android",
        );
        t.add_device(d).unwrap();
    }
    t
}

/// The EXO V3 cmdlets, Get-MobileDevice's -SortBy and new filter properties, -GetMailboxLog and
/// Set-CASMailbox -ActiveSyncDebugLogging write the same objects, warnings and errors through the admin endpoint
/// as in-process (the objects' property sets and enum-typed -PropertySets arguments cross the wire whole).
#[test]
fn exo_v3_cmdlets_and_the_new_parameters_write_the_same_output_remotely() {
    let mut tenant = example_tenant();
    let server = serve(tenant.clone());
    let mut remote = server.host();
    let mut local = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let (l, r) = (&mut local, &mut remote);

    let minimum = same(l, r, "Get-EXOMailbox", vec![]).unwrap();
    assert_eq!(minimum.objects().count(), 4);
    let all = same(
        l,
        r,
        "Get-EXOMailbox",
        vec![arg("PropertySets", Value::strings(["All"]))],
    )
    .unwrap();
    let alice = all.objects().next().unwrap().as_object().unwrap();
    assert_eq!(alice.get("RecipientLimits"), Some(Value::Int(500)));
    assert_eq!(
        alice.get("EmailAddresses"),
        Some(Value::strings(["SMTP:alice@contoso.com"]))
    );
    same(
        l,
        r,
        "Get-EXOMailbox",
        vec![
            arg("UserPrincipalName", "bob@contoso.com"),
            arg("PropertySets", Value::strings(["Delivery", "Retention"])),
            arg("Properties", Value::strings(["Identity"])),
        ],
    )
    .unwrap();
    same(l, r, "Get-EXOMailbox", vec![arg("Anr", "he")]).unwrap();
    let bad = same(
        l,
        r,
        "Get-EXOMailbox",
        vec![arg("Properties", Value::strings(["ArchiveStatus"]))],
    );
    assert_eq!(bad.unwrap_err().category, ErrorCategory::NotImplemented);
    let missing = same(
        l,
        r,
        "Get-EXOMailbox",
        vec![arg("PrimarySmtpAddress", "nobody@contoso.com")],
    )
    .unwrap();
    assert_eq!(missing.errors().count(), 1);

    let cas = same(
        l,
        r,
        "Get-EXOCasMailbox",
        vec![
            arg("PropertySets", Value::strings(["ActiveSync", "Imap"])),
            arg("Filter", "HasActiveSyncDevicePartnership -eq $true"),
        ],
    )
    .unwrap();
    assert_eq!(cas.objects().count(), 2);
    same(l, r, "Get-EXOCasMailbox", vec![arg("Identity", "alice")]).unwrap();

    same(
        l,
        r,
        "Get-EXOMobileDeviceStatistics",
        vec![arg("Mailbox", "alice")],
    )
    .unwrap();
    let one = same(
        l,
        r,
        "Get-EXOMobileDeviceStatistics",
        vec![arg("Identity", "SEC1A2B3C4D5")],
    )
    .unwrap();
    assert_eq!(one.objects().count(), 1);
    let logless = same(
        l,
        r,
        "Get-EXOMobileDeviceStatistics",
        vec![
            arg("UserPrincipalName", "bob@contoso.com"),
            arg("GetMailboxLog", true),
            arg(
                "NotificationEmailAddresses",
                Value::strings(["nobody", "admin@contoso.com"]),
            ),
        ],
    )
    .unwrap();
    assert_eq!(
        (logless.warnings().count(), logless.errors().count()),
        (1, 1)
    );
    let not_retrieved = same(
        l,
        r,
        "Get-MobileDeviceStatistics",
        vec![arg("Mailbox", "bob"), arg("GetMailboxLog", false)],
    )
    .unwrap();
    assert_eq!(not_retrieved.warnings().count(), 1);

    let sorted = same(l, r, "Get-MobileDevice", vec![arg("SortBy", "deviceos")]).unwrap();
    let os: Vec<String> = sorted
        .objects()
        .map(|o| o.as_object().unwrap().get("DeviceOS").unwrap().to_text())
        .collect();
    let mut expected = os.clone();
    expected.sort_by_key(|s| s.to_lowercase());
    assert_eq!(os, expected);
    let unsortable = same(l, r, "Get-MobileDevice", vec![arg("SortBy", "ClientType")]);
    assert_eq!(
        unsortable.unwrap_err().category,
        ErrorCategory::InvalidArgument
    );
    same(
        l,
        r,
        "Get-MobileDevice",
        vec![arg(
            "Filter",
            "DeviceActiveSyncVersion -eq '16.1' -and ProvisioningFlags -eq 0",
        )],
    )
    .unwrap();

    same(
        l,
        r,
        "Set-CASMailbox",
        vec![arg("Identity", "bob"), arg("ActiveSyncDebugLogging", true)],
    )
    .unwrap();
    let again = same(
        l,
        r,
        "Set-CASMailbox",
        vec![arg("Identity", "bob"), arg("ActiveSyncDebugLogging", true)],
    )
    .unwrap();
    assert_eq!(
        again.warnings().count(),
        1,
        "the same minute changes nothing"
    );
}

#[test]
fn the_exo_cmdlets_stop_at_1000_with_exchanges_warning() {
    let mut tenant = big_tenant(1_100);
    let server = serve(tenant.clone());
    let mut remote = server.host();
    let mut local = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let (l, r) = (&mut local, &mut remote);
    for cmdlet in ["Get-EXOMailbox", "Get-EXOCasMailbox"] {
        let first = same(l, r, cmdlet, vec![]).unwrap();
        assert_eq!(first.objects().count(), 1000, "{cmdlet}");
        assert_eq!(first.warnings().count(), 1, "{cmdlet}");
        let all = same(l, r, cmdlet, vec![arg("ResultSize", "Unlimited")]).unwrap();
        assert_eq!(all.objects().count(), 1_104, "{cmdlet}");
        assert_eq!(all.warnings().count(), 0, "{cmdlet}");
    }
}

#[test]
fn large_results_page_and_warn_as_a_local_run_does() {
    let mut tenant = big_tenant(1_100);
    let server = serve(tenant.clone());
    let mut remote = server.host();
    let mut local = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let (l, r) = (&mut local, &mut remote);

    let first = same(l, r, "Get-Mailbox", vec![]).unwrap();
    assert_eq!(first.objects().count(), 1000);
    assert_eq!(first.warnings().count(), 1);
    let before = r.requests();
    let all = same(l, r, "Get-Mailbox", vec![arg("ResultSize", "Unlimited")]).unwrap();
    assert_eq!(all.objects().count(), 1_104);
    assert_eq!(r.requests() - before, 2, "two pages of 1000");
    let some = same(l, r, "Get-Mailbox", vec![arg("ResultSize", 5i64)]).unwrap();
    assert_eq!(some.warnings().count(), 1);

    // Small pages: many next links, the same objects in the same order.
    let mut config = RemoteConfig::new(server.url(), TOKEN);
    config.page_size = 100;
    let mut paged = RemoteHost::new(config, EXAMPLE_NOW).unwrap();
    let devices = same(
        l,
        &mut paged,
        "Get-MobileDevice",
        vec![arg("Filter", "DeviceType -eq 'Android'")],
    )
    .unwrap();
    assert_eq!(devices.objects().count(), 1_101);
    assert_eq!(paged.requests(), 12);

    // Ctrl-C (the interrupt flag) stops a paged listing before its next page.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(true));
    paged.set_interrupt(stop);
    let e = call(&mut paged, "Get-MobileDevice", vec![], &mut NonInteractive).unwrap_err();
    assert_eq!(e.category, ErrorCategory::OperationStopped);
    assert_eq!(e.message, "The pipeline has been stopped.");
    assert_eq!(paged.requests(), 13);
}

#[test]
fn a_wrong_token_or_a_stopped_server_is_a_clear_terminating_error() {
    let mut server = serve(example_tenant());
    let mut bad = RemoteHost::new(RemoteConfig::new(server.url(), "wrong"), EXAMPLE_NOW).unwrap();
    let e = call(&mut bad, "Get-Mailbox", vec![], &mut NonInteractive).unwrap_err();
    assert_eq!(e.category, ErrorCategory::AuthenticationError);
    assert!(
        e.message
            .starts_with("the admin token was refused by http://127.0.0.1:"),
        "{e}"
    );

    let mut host = server.host();
    assert_eq!(host.tenant(), Some("contoso.com"));
    host.check().unwrap();
    server.stop();
    let e = call(&mut host, "Get-Mailbox", vec![], &mut NonInteractive).unwrap_err();
    assert_eq!(e.category, ErrorCategory::ConnectionError);
    assert!(
        e.message.starts_with(&format!(
            "cannot reach the admin endpoint at http://{}",
            server.addr
        )),
        "{e}"
    );

    // No tenant in the URL: `check` learns it from the first mailbox.
    let server = serve(example_tenant());
    let config = RemoteConfig::new(format!("http://{}", server.addr), TOKEN);
    let mut host = RemoteHost::new(config, EXAMPLE_NOW).unwrap();
    assert_eq!(host.tenant(), None);
    host.check().unwrap();
    assert_eq!(host.tenant(), Some("contoso.com"));
    assert!(RemoteHost::new(RemoteConfig::new("https://x", TOKEN), EXAMPLE_NOW).is_err());
    assert!(RemoteHost::new(RemoteConfig::new(server.url(), " "), EXAMPLE_NOW).is_err());
}

/// A fake endpoint that answers each request with the next canned answer, keeping connections alive; counts the
/// connections it accepted.
fn fake_endpoint(answers: Vec<String>) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let mut answers = answers.into_iter();
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            count.fetch_add(1, Ordering::SeqCst);
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut writer = stream;
            loop {
                let mut length = 0;
                let mut line = String::new();
                loop {
                    line.clear();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        break;
                    }
                    if line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                }
                if line != "\r\n" {
                    break;
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let Some(answer) = answers.next() else { return };
                if writer.write_all(answer.as_bytes()).is_err() {
                    break;
                }
            }
        }
    });
    (addr, accepted)
}

fn http(status: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

#[test]
fn one_connection_serves_many_calls_and_garbage_answers_are_clear_errors() {
    let ok = http("200 OK", "application/json", r#"{"value":[]}"#);
    let mut answers = vec![ok; 20];
    answers.push(http("200 OK", "text/html", "<html>hello</html>"));
    answers.push(http("500 Internal Server Error", "text/plain", "boom"));
    answers.push(http(
        "404 Not Found",
        "text/plain",
        "no such resource: /adminapi",
    ));
    answers.push(http(
        "200 OK",
        "application/json",
        r#"{"value":[1],"@odata.nextLink":"http://evil.example/x"}"#,
    ));
    answers.push(http(
        "200 OK",
        "application/json",
        r#"{"value":[],"@odata.nextLink":"/again"}"#,
    ));
    // Not HTTP at all: the read-only call is retried once on a new connection, then the error is reported.
    answers.push("NOT HTTP\r\n\r\n".to_string());
    answers.push("NOT HTTP\r\n\r\n".to_string());
    let (addr, accepted) = fake_endpoint(answers);
    let mut config = RemoteConfig::new(format!("http://{addr}"), TOKEN);
    config.timeouts = Timeouts {
        connect: Duration::from_secs(2),
        exchange: Duration::from_secs(2),
    };
    let mut host = RemoteHost::new(config, EXAMPLE_NOW).unwrap();
    for _ in 0..20 {
        let out = call(&mut host, "Get-Mailbox", vec![], &mut NonInteractive).unwrap();
        assert!(out.items.is_empty());
    }
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "one kept-alive connection"
    );
    let mut errors = Vec::new();
    for _ in 0..6 {
        let e = call(&mut host, "Get-Mailbox", vec![], &mut NonInteractive).unwrap_err();
        errors.push(e.message);
    }
    let not_found = errors.remove(2);
    assert!(
        not_found.starts_with("the admin endpoint answered HTTP 404: no such resource: /adminapi (is http://127.0.0.1:"),
        "{not_found}"
    );
    assert!(
        errors[0]
            .starts_with("the admin endpoint's answer could not be read: the answer isn't JSON"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[1], "the admin endpoint answered HTTP 500: boom");
    assert!(
        errors[2].contains("the next page is on another server"),
        "{}",
        errors[2]
    );
    assert!(
        errors[3].contains("a page with no objects pointed to another page"),
        "{}",
        errors[3]
    );
    assert!(
        errors[4].starts_with("the connection to the admin endpoint at"),
        "{}",
        errors[4]
    );
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        2,
        "the retry opened a second connection"
    );
}
