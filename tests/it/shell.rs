//! `easim shell` driven through piped standard input (no terminal, so no prompts): chunks run in one session
//! (variables persist, `>>` continuation for open braces), `exit N` ends with that code; and `--connect` — for the
//! shell and for `easim run` — against a spawned `easim serve` prints exactly what the same input prints over an
//! in-process copy of the tenant. Bad tokens and unreachable servers fail before anything runs.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::support::{easim, easim_with_stdin, fixture, root, stderr, stdout};

#[test]
fn piped_chunks_run_in_one_session_without_prompts() {
    let out = easim_with_stdin(
        &["shell", "--profile", "small", "--no-history"],
        b"Get-Mailbox -ResultSize 2\n$n = (Get-Mailbox -ResultSize Unlimited).Count\nforeach ($m in (Get-Mailbox -ResultSize 2 -WarningAction SilentlyContinue)) {\n  Write-Host \"user:\" $m.Alias\n}\nWrite-Host \"count:\" $n\nGet-Mailbox -Identity nobody\nexit 3\nWrite-Host never\n",
    );
    let text = stdout(&out);
    let errors = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{text}{errors}");
    assert!(text.contains("PrimarySmtpAddress"), "{text}");
    assert_eq!(text.matches("user: ").count(), 2, "{text}");
    assert!(text.contains("count: 50"), "{text}");
    assert!(!text.contains("never"));
    assert!(
        text.contains("WARNING: There are more results available than are currently displayed.")
    );
    assert!(
        errors.contains(
            "Get-Mailbox : The operation couldn't be performed because object 'nobody' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'."
        ),
        "{errors}"
    );
    assert!(
        !text.contains("PS "),
        "no prompt without a terminal: {text}"
    );
    assert!(
        !text.contains('\x1b') && !errors.contains('\x1b'),
        "no colours"
    );

    // A parse error is reported and the session goes on; the end of input ends it with 0.
    let out = easim_with_stdin(
        &["shell", "--profile", "small", "--no-history"],
        b"Get-Mailbox )\n(Get-ActiveSyncOrganizationSettings).DefaultAccessLevel\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("Unexpected token ')'"),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).trim(), "Allow");
}

/// `easim serve` on loopback ports with a known token; killed on drop.
pub(crate) struct Served {
    child: Child,
    pub(crate) url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn serve(tenant: &str) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args(["serve", "--tenant", tenant, "--log", "warn"])
        .args(["--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
        .args(["--admin-token", "shell-test-token"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = None;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(u) = line.strip_prefix("Admin endpoint: ") {
            url = Some(u.trim().to_string());
        }
        if line.starts_with("Press Ctrl-C") {
            break;
        }
    }
    Served {
        child,
        url: url.expect("the admin endpoint is printed"),
    }
}

const SESSION: &str = r#"Get-Mailbox
Get-MobileDevice -Filter "DeviceAccessState -eq 'Quarantined'" | Format-List DeviceId, DeviceAccessState, DeviceAccessStateReason
Set-CASMailbox -Identity alice -ActiveSyncAllowedDeviceIDs @{Add='SEC1A2B3C4D5'}
Get-CASMailbox -Identity alice | Format-List ActiveSyncAllowedDeviceIDs
$devices = Get-MobileDevice -Mailbox alice
$devices | Select-Object DeviceId, DeviceAccessState, DeviceAccessStateReason, FirstSyncTime
Get-Mailbox -Identity nobody
Remove-MobileDevice -Identity 'Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0' -WhatIf
Get-MobileDevice | Where-Object { $_.DeviceModel -eq 'iPhone6C2' } | Remove-MobileDevice -Confirm:$false
Get-MobileDevice | Sort-Object DeviceId | Format-Table DeviceId, DeviceModel, ClientType
"The stored states: $($devices.Count)"
"#;

#[test]
fn shell_connect_prints_what_a_local_session_prints() {
    let tenant = fixture("tenants/examples.json");
    let tenant = tenant.to_str().unwrap();
    let server = serve(tenant);
    let local = easim_with_stdin(
        &["shell", "--tenant", tenant, "--no-history"],
        SESSION.as_bytes(),
    );
    let remote = easim_with_stdin(
        &[
            "shell",
            "--connect",
            &server.url,
            "--token",
            "shell-test-token",
            "--no-history",
        ],
        SESSION.as_bytes(),
    );
    assert_eq!(remote.status.code(), Some(0), "{}", stderr(&remote));
    let text = stdout(&remote);
    assert_eq!(text, stdout(&local));
    assert_eq!(stderr(&remote), stderr(&local));
    assert!(text.contains("What if: Removing mobile device"), "{text}");
    assert!(
        text.contains("SEC1A2B3C4D5 Allowed           Individual"),
        "{text}"
    );
    assert!(text.contains("The stored states: 2"), "{text}");
    assert_eq!(
        text.matches("ApplG7H8J9K0").count(),
        1,
        "only in the What if: line, then removed through the pipeline: {text}"
    );

    // The token from the environment; a wrong token or no server fail before reading any input.
    let mut env_token = Command::new(env!("CARGO_BIN_EXE_easim"));
    env_token
        .args(["shell", "--connect", &server.url, "--no-history"])
        .env("EASIM_ADMIN_TOKEN", "shell-test-token")
        .stdin(Stdio::null());
    assert_eq!(env_token.output().unwrap().status.code(), Some(0));
    let bad = easim(&[
        "shell",
        "--connect",
        &server.url,
        "--token",
        "wrong",
        "--no-history",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("the admin token was refused"),
        "{}",
        stderr(&bad)
    );
    let url = server.url.clone();
    drop(server);
    let gone = easim(&[
        "shell",
        "--connect",
        &url,
        "--token",
        "shell-test-token",
        "--no-history",
    ]);
    assert_eq!(gone.status.code(), Some(2));
    assert!(
        stderr(&gone).contains("cannot reach the admin endpoint at http://127.0.0.1:"),
        "{}",
        stderr(&gone)
    );
    let both = easim(&["shell", "--connect", &url, "--profile", "small"]);
    assert_eq!(
        both.status.code(),
        Some(2),
        "--connect conflicts with --profile"
    );
}

#[test]
fn run_connect_runs_the_pin_script_as_a_local_run_does() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = dir.path().join("scenario-a.json");
    let tenant = tenant.to_str().unwrap();
    let now = "2026-11-23T08:30:00Z";
    let generated = easim(&[
        "gen",
        "--profile",
        "scenario-a",
        "--seed",
        "1",
        "--now",
        now,
        "-o",
        tenant,
    ]);
    assert!(generated.status.success(), "{}", stderr(&generated));
    let script = root().join("scripts/pin-allowed-devices.ps1");
    let script = script.to_str().unwrap();
    let server = serve(tenant);
    let local = easim(&["run", script, "--tenant", tenant, "--now", now]);
    let remote = easim(&[
        "run",
        script,
        "--connect",
        &server.url,
        "--token",
        "shell-test-token",
        "--now",
        now,
    ]);
    assert_eq!(local.status.code(), Some(0), "{}", stderr(&local));
    assert_eq!(remote.status.code(), Some(0), "{}", stderr(&remote));
    assert_eq!(stdout(&remote), stdout(&local));
    assert_eq!(stderr(&remote), stderr(&local));
    assert!(stdout(&remote).contains("Pinned"), "{}", stdout(&remote));
    // The run changed the server's tenant: a second run finds everything pinned, as the script's re-run does.
    let again = easim(&[
        "run",
        script,
        "--connect",
        &server.url,
        "--token",
        "shell-test-token",
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_ne!(stdout(&again), stdout(&local));

    let save = easim(&[
        "run",
        script,
        "--connect",
        &server.url,
        "--token",
        "x",
        "--save",
        "out.json",
    ]);
    assert_eq!(
        save.status.code(),
        Some(2),
        "--save needs an in-process tenant"
    );
    assert!(!Path::new("out.json").exists());
}
