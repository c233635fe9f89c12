//! `easim shell` driven through piped standard input (no terminal, so no prompts): commands run line by line,
//! `exit N` ends with that code, and `--connect` to a spawned `easim serve` prints exactly what the same lines print
//! over an in-process copy of the tenant. Bad tokens and unreachable servers fail before anything runs.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::support::{easim, easim_with_stdin, fixture, stderr, stdout};

#[test]
fn piped_lines_run_without_prompts_and_exit_sets_the_code() {
    let out = easim_with_stdin(
        &["shell", "--profile", "small", "--no-history"],
        b"Get-Mailbox -ResultSize 2\nGet-Mailbox -Identity nobody\nexit 3\nGet-Mailbox\n",
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(3), "{text}{}", stderr(&out));
    assert_eq!(text.matches("PrimarySmtpAddress   : ").count(), 2, "{text}");
    assert!(
        text.contains("WARNING: There are more results available than are currently displayed.")
    );
    assert!(text.contains(
        "Get-Mailbox : The operation couldn't be performed because 'nobody' couldn't be found."
    ));
    assert!(
        !text.contains("PS "),
        "no prompt without a terminal: {text}"
    );
    assert!(!text.contains('\x1b'), "no colours without a terminal");

    // The end of input ends the shell with 0; a line that is not a command is an error, not the end.
    let out = easim_with_stdin(
        &["shell", "--profile", "small", "--no-history"],
        b"Get-Mailbox -ResultSize 'two\nGet-ActiveSyncOrganizationSettings\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("ParserError"), "{text}");
    assert!(text.contains("DefaultAccessLevel"), "{text}");
}

/// `easim serve` on loopback ports with a known token; killed on drop.
struct Served {
    child: Child,
    url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(tenant: &str) -> Served {
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
Get-MobileDevice -Filter "DeviceAccessState -eq 'Quarantined'"
Set-CASMailbox -Identity alice -ActiveSyncAllowedDeviceIDs @{Add='SEC1A2B3C4D5'}
Get-CASMailbox -Identity alice
Get-MobileDevice -Mailbox alice
Get-Mailbox -Identity nobody
Remove-MobileDevice -Identity 'Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0' -WhatIf
Remove-MobileDevice -Identity 'Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0' -Confirm:$false
Get-MobileDevice
"#;

#[test]
fn connect_prints_what_a_local_session_prints() {
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
    assert!(text.contains("What if: Removing mobile device"), "{text}");
    assert_eq!(
        text.matches("DeviceAccessState       : ").count(),
        1 + 2 + 3,
        "{text}"
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
