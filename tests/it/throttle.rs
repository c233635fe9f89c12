//! Throttling through the user interfaces: `easim::server::run` with the Exchange Online profile on 127.0.0.1:0
//! answers the call past a user's budget with HTTP 429, `Retry-After` and Exchange Online's text; the remote
//! shell waits that long (on the server's simulated throttle clock, so nothing sleeps) and goes on; and
//! `easim run --throttle exo` prints the production estimate, checked against the cited budget.
//!
//! The budget (Exchange Online's default policy): ExchangeMaxCmdlets 25 per PowerShellMaxCmdletsTimePeriod 5 s,
//! per user. Sources: `PiratesRE/exchange_diff` `Microsoft.Exchange.Data/ThrottlingPolicyDefaults.cs` (datacenter
//! `SetPowerShellDefaults(…, 5, 25, …)`); the Quadrotech blog (19 Nov 2013, "Exchange Online PowerShell
//! Throttling in Office 365"); an Exchange Online budget snapshot in a 2013 TechNet thread ("ExchangeCmdletsLeft:
//! 24/25", "CmdletTimePeriod: 5"). The error text's form is quoted in the same thread and in Microsoft Q&A 418965.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use easim::admin::examples::{EXAMPLE_NOW, example_tenant};
use easim::admin::throttle::EXO;
use easim::remote::{RemoteConfig, RemoteHost, Sleeper};
use easim::script::{CmdletHost, NonInteractive, bind};
use easim::server::{AppState, Listeners, ServerConfig};

use crate::support::{easim_with_stdin, stderr};

const TOKEN: &str = "throttle-test-token";
/// ExchangeMaxCmdlets and PowerShellMaxCmdletsTimePeriod in Exchange Online (sources above).
const EXCHANGE_MAX_CMDLETS: u64 = 25;
const CMDLETS_PERIOD_SECS: u64 = 5;

/// The server on its own thread and runtime (the remote host blocks), throttled by `EXO` on `clock`.
struct Served {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

fn serve(clock: Arc<AtomicU64>) -> Served {
    let state = Arc::new(AppState::new(
        example_tenant(),
        ServerConfig {
            admin_token: TOKEN.to_string(),
            throttle: Some(&EXO),
            throttle_clock: Some(clock),
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

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One InvokeCommand POST as `user`: status, `Retry-After` and the body.
fn post(addr: SocketAddr, user: &str, cmdlet: &str) -> (u16, Option<String>, serde_json::Value) {
    let body =
        serde_json::json!({"CmdletInput": {"CmdletName": cmdlet, "Parameters": {}}}).to_string();
    let request = format!(
        "POST /adminapi/beta/contoso.com/InvokeCommand HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nX-AnchorMailbox: UPN:{user}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let retry_after = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("retry-after")
            .then(|| v.trim().to_string())
    });
    (
        status,
        retry_after,
        serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
    )
}

#[test]
fn the_call_past_the_budget_gets_429_with_retry_after_and_exchange_onlines_text() {
    let clock = Arc::new(AtomicU64::new(0));
    let served = serve(clock.clone());
    for i in 0..EXCHANGE_MAX_CMDLETS {
        clock.store(i * 100, Ordering::SeqCst);
        let (status, _, body) = post(served.addr, "admin@contoso.com", "Get-Mailbox");
        assert_eq!(status, 200, "call {i}: {body}");
    }
    // 2.4 s into the window that began with the first call: 2.6 s left, so Retry-After rounds up to 3.
    clock.store(2_400, Ordering::SeqCst);
    let (status, retry_after, body) = post(served.addr, "admin@contoso.com", "Get-Mailbox");
    assert_eq!(status, 429, "{body}");
    assert_eq!(retry_after.as_deref(), Some("3"));
    let left_ms = CMDLETS_PERIOD_SECS * 1000 - 2_400;
    assert_eq!(
        body["error"]["message"],
        format!(
            "This operation exceeds the throttling budget for policy part 'ExchangeMaxCmdlets', policy value '{EXCHANGE_MAX_CMDLETS}',  Budget type: 'PowerShell'.  Suggested backoff time {left_ms} ms."
        )
    );
    // The budget is the user's: another admin is not throttled.
    assert_eq!(post(served.addr, "other@contoso.com", "Get-Mailbox").0, 200);
    // Once the window has ended, the first admin's calls run again.
    clock.store(CMDLETS_PERIOD_SECS * 1000, Ordering::SeqCst);
    assert_eq!(post(served.addr, "admin@contoso.com", "Get-Mailbox").0, 200);
}

#[test]
fn the_remote_shell_waits_out_retry_after_and_goes_on() {
    let clock = Arc::new(AtomicU64::new(0));
    let served = serve(clock.clone());
    let waited = Arc::new(AtomicU64::new(0));
    let mut config = RemoteConfig::new(format!("http://{}", served.addr), TOKEN);
    config.user = Some("admin@contoso.com".into());
    // The wait advances the server's throttle clock instead of sleeping.
    let (c, w) = (clock.clone(), waited.clone());
    config.sleep = Sleeper::new(move |d| {
        let ms = u64::try_from(d.as_millis()).unwrap();
        c.fetch_add(ms, Ordering::SeqCst);
        w.fetch_add(ms, Ordering::SeqCst);
    });
    let mut host = RemoteHost::new(config, EXAMPLE_NOW).unwrap();
    let cmdlet = easim::admin::REGISTRY.find("Get-Mailbox").unwrap();
    let args = bind(cmdlet, vec![], vec![]).unwrap();
    let mut warnings = Vec::new();
    for i in 0..EXCHANGE_MAX_CMDLETS + 1 {
        let out = host
            .invoke(cmdlet, &args, &mut NonInteractive)
            .unwrap_or_else(|e| panic!("call {i}: {}", e.message));
        assert!(out.objects().count() > 0, "call {i} wrote its mailboxes");
        warnings.extend(out.warnings().map(str::to_string));
    }
    // The 26th call was refused once, 5 s before the window ended, and sent again after exactly that wait.
    assert_eq!(waited.load(Ordering::SeqCst), CMDLETS_PERIOD_SECS * 1000);
    assert_eq!(host.requests(), EXCHANGE_MAX_CMDLETS + 2);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    // "WARNING: Micro delay applied. Actual delayed: <X> msecs, …" (support.microsoft.com KB 2881759).
    assert!(
        warnings[0].starts_with("Micro delay applied. Actual delayed: 5000 msecs, "),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("policy part 'ExchangeMaxCmdlets'"));
}

#[test]
fn past_its_retries_the_remote_shell_reports_the_throttling_error() {
    let clock = Arc::new(AtomicU64::new(0));
    let served = serve(clock);
    let mut config = RemoteConfig::new(format!("http://{}", served.addr), TOKEN);
    // A clock that never moves: every retry is refused again.
    config.sleep = Sleeper::new(|_| {});
    config.max_retries = 2;
    let mut host = RemoteHost::new(config, EXAMPLE_NOW).unwrap();
    let cmdlet = easim::admin::REGISTRY.find("Get-Mailbox").unwrap();
    let args = bind(cmdlet, vec![], vec![]).unwrap();
    for _ in 0..EXCHANGE_MAX_CMDLETS {
        host.invoke(cmdlet, &args, &mut NonInteractive).unwrap();
    }
    let e = host
        .invoke(cmdlet, &args, &mut NonInteractive)
        .expect_err("still over budget after two retries");
    assert!(
        e.message.starts_with(
            "This operation exceeds the throttling budget for policy part 'ExchangeMaxCmdlets'"
        ),
        "{}",
        e.message
    );
    assert_eq!(host.requests(), EXCHANGE_MAX_CMDLETS + 3);
}

#[test]
fn easim_run_prints_the_production_estimate_at_exchange_onlines_budget() {
    let script = "$m = Get-CASMailbox -ResultSize 1 -WarningAction SilentlyContinue\n\
                  foreach ($i in 1..504) { Set-CASMailbox -Identity $m.Identity -ActiveSyncEnabled $true -WarningAction SilentlyContinue }\n";
    let o = easim_with_stdin(
        &["run", "-", "--profile", "small", "--throttle", "exo"],
        script.as_bytes(),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    // 505 calls, 25 per 5-s window: call k (from 0) starts in window k / 25, the last at 5 s × (504 / 25).
    let calls = 1 + 504;
    let last_start_secs = CMDLETS_PERIOD_SECS * ((calls - 1) / EXCHANGE_MAX_CMDLETS);
    assert_eq!(last_start_secs, 100);
    let line = err.lines().last().unwrap_or_default();
    assert!(
        line.starts_with(&format!(
            "Get-CASMailbox ×1, Set-CASMailbox ×504: ≈ {} min {} s at Exchange Online's budget (throttling waits and Start-Sleep, no per-call latency); ",
            last_start_secs / 60,
            last_start_secs % 60
        )),
        "{err}"
    );
    assert!(line.ends_with(" s here"), "{line}");
}

#[test]
fn easim_run_without_throttle_prints_no_estimate() {
    let o = easim_with_stdin(
        &["run", "-", "--profile", "small"],
        b"Get-CASMailbox -ResultSize 1 | Out-Null\n",
    );
    assert!(o.status.success());
    assert!(!stderr(&o).contains("budget"), "{}", stderr(&o));
}

#[test]
fn the_readme_estimate_for_pin_allowed_devices_is_what_easim_run_prints() {
    // README "Throttling, and what a bulk script takes in production" quotes this line. The script's calls:
    // 2 + 504 + 504 + 1 + 1 = 1012, 25 per 5 s: the last starts at 5 s × (1011 / 25) = 200 s.
    let o = crate::support::easim(&[
        "run",
        "scripts/pin-allowed-devices.ps1",
        "--throttle",
        "exo",
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let calls: u64 = 2 + 504 + 504 + 1 + 1;
    let last_start_secs = CMDLETS_PERIOD_SECS * ((calls - 1) / EXCHANGE_MAX_CMDLETS);
    assert_eq!((last_start_secs / 60, last_start_secs % 60), (3, 20));
    let line = err.lines().last().unwrap_or_default();
    assert!(
        line.starts_with(
            "Get-MobileDevice ×2, Get-Mailbox ×504, Set-CASMailbox ×504, Get-ActiveSyncDeviceAccessRule ×1, Remove-ActiveSyncDeviceAccessRule ×1: ≈ 3 min 20 s at Exchange Online's budget (throttling waits and Start-Sleep, no per-call latency); "
        ),
        "{err}"
    );
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let quoted = line.rsplit_once("; ").unwrap().0;
    assert!(readme.contains(quoted), "the README quotes: {quoted}");
}

#[test]
fn easim_serve_with_throttle_exo_refuses_the_26th_call_in_five_seconds() {
    use std::io::BufRead;
    let tenant = crate::support::fixture("tenants/examples.json");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_easim"))
        .args([
            "serve",
            "--tenant",
            tenant.to_str().unwrap(),
            "--throttle",
            "exo",
        ])
        .args(["--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
        .args(["--admin-token", TOKEN])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut admin, mut banner) = (None, None);
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.strip_prefix("Admin endpoint: http://") {
            admin = url.split('/').next().map(str::to_string);
        }
        if line.starts_with("Throttling:") {
            banner = Some(line.clone());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    let addr: SocketAddr = admin
        .expect("the admin address is printed")
        .parse()
        .unwrap();
    // The real clock: 26 calls on loopback take far less than the 5-s window.
    let statuses: Vec<u16> = (0..=EXCHANGE_MAX_CMDLETS)
        .map(|_| post(addr, "admin@contoso.com", "Get-Mailbox").0)
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        banner.as_deref(),
        Some(
            "Throttling:     admin calls over Exchange Online's budget get HTTP 429 with Retry-After"
        )
    );
    assert!(statuses[..25].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(statuses[25], 429);
}

#[test]
fn an_unknown_profile_is_a_usage_error() {
    let o = crate::support::easim(&["serve", "--throttle", "fast"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown throttling profile 'fast': choose exo, exchange2019 or none"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn easim_run_counts_the_scripts_own_start_sleep() {
    // support.microsoft.com KB 2881759, "Micro delay applied", option 3: sleep 500 ms after each call to stay within
    // the budget. 2 calls a second is under 25 per 5 s, so nothing waits but the sleeps: 504 × 0.5 s = 252 s.
    let script = "$m = Get-CASMailbox -ResultSize 1 -WarningAction SilentlyContinue\n\
                  foreach ($i in 1..504) { Set-CASMailbox -Identity $m.Identity -ActiveSyncEnabled $true -WarningAction SilentlyContinue; Start-Sleep -m 500 }\n";
    let o = easim_with_stdin(
        &["run", "-", "--profile", "small", "--throttle", "exo"],
        script.as_bytes(),
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let secs = 504 * 500 / 1000;
    assert_eq!(secs, 252);
    let line = err.lines().last().unwrap_or_default();
    assert!(
        line.contains(&format!(
            ": ≈ {} min {} s at Exchange Online's budget",
            secs / 60,
            secs % 60
        )),
        "{err}"
    );
}
