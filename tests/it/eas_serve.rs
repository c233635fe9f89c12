//! `easim serve` as a user starts it: it prints where to connect, serves a generated tenant that the crate's
//! EAS client (and `easim load`) can sync against, stops on Ctrl-C (SIGINT), and explains a busy port instead
//! of crashing.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use easim::load::client::Device;
use easim::load::session::Session;

/// Reads the banner lines until "Press Ctrl-C"; bounded by the child's output ending.
fn banner(child: &mut Child) -> Vec<String> {
    let stdout = child.stdout.take().unwrap();
    let mut lines = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        let done = line.starts_with("Press Ctrl-C");
        lines.push(line);
        if done {
            break;
        }
    }
    lines
}

fn field<'a>(lines: &'a [String], prefix: &str) -> &'a str {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no {prefix:?} line in {lines:#?}"))
        .trim()
}

fn interrupt_and_wait(mut child: Child) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("easim serve did not stop within 10 s of SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn serve_prints_where_to_connect_and_serves_a_generated_tenant() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args([
            "serve",
            "--profile",
            "small",
            "--seed",
            "3",
            "--eas-addr",
            "127.0.0.1:0",
            "--admin-addr",
            "127.0.0.1:0",
            "--log",
            "warn",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = banner(&mut child);
    let url = field(&lines, "EAS endpoint:");
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/Microsoft-Server-ActiveSync"));
    assert!(field(&lines, "Admin endpoint:").contains("/adminapi/beta/contoso.com/InvokeCommand"));
    let token_line = lines
        .iter()
        .find(|l| l.starts_with("Admin token (generated"))
        .unwrap();
    assert!(
        token_line.rsplit(' ').next().unwrap().len() >= 40,
        "{token_line}"
    );
    let sample = field(&lines, "Sample user:");
    let (user, password) = sample.split_once("  password: ").unwrap();
    assert!(field(&lines, "Try:").contains("curl"));
    let addr: std::net::SocketAddr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut s = Session::connect(addr, Device::new(user, password, "SERVE1"))
        .await
        .unwrap();
    s.provision().await.unwrap();
    s.folder_sync().await.unwrap();
    let (items, _) = s.sync_all("5", 50).await.unwrap();
    assert!(!items.is_empty());
    drop(s);
    // `easim load` drives the same server with a small bounded fleet.
    let out = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args([
            "load",
            "--url",
            url,
            "--profile",
            "small",
            "--seed",
            "3",
            "--devices",
            "2",
            "--duration",
            "1",
        ])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        report.contains("on 2 connections") && report.contains(" 0 errors"),
        "{report}"
    );
    let status = interrupt_and_wait(child);
    assert!(status.success(), "{status:?}");
}

#[test]
fn load_refuses_addresses_off_this_machine() {
    let out = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args([
            "load",
            "--url",
            "http://192.0.2.1:8080/Microsoft-Server-ActiveSync",
            "--profile",
            "small",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a loopback address"));
}

#[test]
fn a_busy_port_is_explained() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args([
            "serve",
            "--profile",
            "small",
            "--eas-addr",
            &addr,
            "--admin-addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("cannot listen for the EAS endpoint on {addr}")),
        "{err}"
    );
    assert!(err.contains("--eas-addr"), "{err}");
}
