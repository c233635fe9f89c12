//! What a newcomer meets in the first hour, through the command line as they drive it: `--now` keeps generated
//! figures fixed, `explain` on a mailbox lists its devices, `load` errors name the URL and the remedy (and load
//! can take its tenant from the server), progress only on a terminal, request logging off by default, `--help`
//! examples verbatim, fixture errors that name the field, and script outputs git ignores.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use expect_test::expect;

use crate::support::{easim, fixture, root, stderr, stdout};

const NOW: &str = "2026-11-23";

/// A running `easim serve` on free ports, its stderr going to a file; stopped when dropped.
struct Served {
    child: Child,
    eas: String,
    admin: String,
    banner: String,
    log: tempfile::NamedTempFile,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Served {
        let log = tempfile::NamedTempFile::new().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_easim"))
            .arg("serve")
            .args(args)
            .args(["--eas-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
            .env_remove("EASIM_ADMIN_TOKEN")
            .env_remove("RUST_LOG")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        loop {
            let mut line = String::new();
            assert!(
                reader.read_line(&mut line).unwrap() > 0,
                "easim serve stopped: {banner}"
            );
            banner.push_str(&line);
            if line.starts_with("Press Ctrl-C") {
                break;
            }
        }
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let address = |label: &str| -> String {
            let line = banner.lines().find(|l| l.starts_with(label)).unwrap();
            let url = line.split_whitespace().last().unwrap();
            url.trim_start_matches("http://")
                .split('/')
                .next()
                .unwrap()
                .to_string()
        };
        Served {
            eas: address("EAS endpoint:"),
            admin: address("Admin endpoint:"),
            child,
            banner,
            log,
        }
    }

    /// One plain EAS OPTIONS request, read to the end.
    fn options(&self) -> String {
        let mut s = TcpStream::connect(&self.eas).unwrap();
        write!(
            s,
            "OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.eas
        )
        .unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply).unwrap();
        reply
    }

    /// Stops the server and returns what it logged.
    fn stop_and_log(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::fs::read_to_string(self.log.path()).unwrap()
    }
}

/// A loopback port nothing listens on (bound, then released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

// ---- 4. --now -----------------------------------------------------------------------------------------------

#[test]
fn serve_with_now_prints_figures_that_do_not_depend_on_today_and_says_what_they_depend_on() {
    let fixed = Served::start(&["--now", NOW], &[]);
    let first = fixed.banner.lines().next().unwrap().to_string();
    expect![[r#"easim serve: tenant contoso.com (1,000 mailboxes, 1,405 device partnerships; profile default, seed 1, now 2026-11-23T00:00:00Z)"#]]
        .assert_eq(&first);
    drop(fixed);
    let clock = Served::start(&["--profile", "small"], &[]);
    let first = clock.banner.lines().next().unwrap();
    assert!(
        first.contains("profile small, seed 1, now ")
            && first.ends_with("from the clock; --now fixes it)"),
        "{first}"
    );
}

#[test]
fn now_takes_a_date_or_a_date_time_on_every_generating_command() {
    let by_date = easim(&["gen", "--profile", "small", "--now", NOW]);
    let by_time = easim(&["gen", "--profile", "small", "--now", "2026-11-23T00:00:00Z"]);
    assert_eq!(by_date.status.code(), Some(0), "{}", stderr(&by_date));
    assert_eq!(stdout(&by_date), stdout(&by_time));
    for command in ["serve", "load", "decide", "explain", "run", "shell", "gen"] {
        let help = stdout(&easim(&[command, "--help"]));
        assert!(help.contains("--now"), "easim {command} takes --now");
    }
}

// ---- 5. one table writer --------------------------------------------------------------------------------------

#[test]
fn decide_table_columns_line_up_with_their_headers() {
    let tenant = fixture("tenants/scenario-a.json");
    let out = easim(&["decide", "--tenant", tenant.to_str().unwrap(), "--now", NOW]);
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    // Where each column starts: the runs of the dashes row.
    let dashes = lines.next().unwrap();
    let mut starts = Vec::new();
    let mut prev = ' ';
    for (i, c) in dashes.chars().enumerate() {
        if c == '-' && prev == ' ' {
            starts.push(i);
        }
        prev = c;
    }
    let state = starts[1];
    assert_eq!(
        header.chars().skip(state).take(5).collect::<String>(),
        "State"
    );
    for row in lines {
        let chars: Vec<char> = row.chars().collect();
        assert_eq!(chars[state - 1], ' ', "a space before State in {row:?}");
        assert_ne!(
            chars[state], ' ',
            "the state starts under its header in {row:?}"
        );
    }
}

// ---- 6. explain on a mailbox ------------------------------------------------------------------------------------

#[test]
fn explain_on_a_mailbox_without_device_id_lists_its_devices() {
    let tenant = fixture("tenants/scenario-a.json");
    let out = easim(&[
        "explain",
        "--tenant",
        tenant.to_str().unwrap(),
        "--now",
        NOW,
        "--identity",
        "alex.wilber@contoso.com",
    ]);
    assert_eq!(out.status.code(), Some(2));
    expect![[r#"
        error: 'alex.wilber@contoso.com' is the mailbox Alex Wilber; which of its 2 device(s)? Add --device-id ID:

        DeviceId           DeviceType DeviceModel DeviceOS
        --------           ---------- ----------- --------
        ApplC39QW2ABG5MN   iPhone     iPhone6C2   iOS 12.4 16G77
        androidc1873519284 Android    SM-G991B    Android 13.0.0
    "#]]
    .assert_eq(&stderr(&out));
}

// ---- 7. load: errors with a remedy, tenant from the server --------------------------------------------------

#[test]
fn load_against_nothing_names_the_url_and_the_remedy_once() {
    let url = format!(
        "http://127.0.0.1:{}/Microsoft-Server-ActiveSync",
        free_port()
    );
    let out = easim(&[
        "load",
        "--url",
        &url,
        "--profile",
        "small",
        "--now",
        NOW,
        "--duration",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out).replace(&url, "URL");
    let port = url.split(':').nth(2).unwrap().split('/').next().unwrap();
    let text = text.replace(port, "PORT");
    expect![[r#"
        error: cannot reach the EAS endpoint URL (cannot connect to 127.0.0.1:PORT: Connection refused (os error 111)). Is `easim serve` running? Start it, or give --url the EAS endpoint it printed.
    "#]]
    .assert_eq(&text);
}

#[test]
fn load_on_another_tenant_than_the_server_says_they_must_match() {
    let server = Served::start(&["--now", NOW], &[]);
    let out = easim(&[
        "load",
        "--url",
        &format!("http://{}/Microsoft-Server-ActiveSync", server.eas),
        "--tenant",
        fixture("tenants/scenario-a.json").to_str().unwrap(),
        "--devices",
        "1",
        "--duration",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.starts_with("error: Provision failed: HTTP 401")
            && text.contains("load and serve must use the same tenant")
            && text.contains("--token"),
        "{text}"
    );
}

#[test]
fn load_with_the_admin_token_takes_its_tenant_from_the_server() {
    let server = Served::start(
        &[
            "--tenant",
            fixture("tenants/scenario-a.json").to_str().unwrap(),
        ],
        &[("EASIM_ADMIN_TOKEN", "front-door")],
    );
    let out = easim(&[
        "load",
        "--url",
        &format!("http://{}/Microsoft-Server-ActiveSync", server.eas),
        "--admin-url",
        &format!("http://{}", server.admin),
        "--token",
        "front-door",
        "--devices",
        "2",
        "--duration",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("easim load: ") && stdout(&out).contains(" on 2 connections"),
        "{}",
        stdout(&out)
    );
    let out = easim(&[
        "load",
        "--admin-url",
        &format!("http://{}", server.admin),
        "--token",
        "wrong",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "cannot ask the server at http://{} for its tenant: the admin token was refused",
            server.admin
        )),
        "{}",
        stderr(&out)
    );
}

// ---- 8. progress ------------------------------------------------------------------------------------------------

/// Runs `easim ARGS` with a terminal for its standard streams (util-linux `script`) and returns what the
/// terminal showed.
fn on_a_terminal(args: &[&str]) -> String {
    let command = std::iter::once(env!("CARGO_BIN_EXE_easim").to_string())
        .chain(args.iter().map(|a| a.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn progress_shows_on_a_terminal_only_and_quiet_turns_it_off() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.json");
    let file = file.to_str().unwrap();
    let shown = on_a_terminal(&["gen", "--now", NOW, "-o", file]);
    assert!(
        shown.contains("generating the tenant of profile default, seed 1"),
        "{shown:?}"
    );
    let quiet = on_a_terminal(&["gen", "--quiet", "--now", NOW, "-o", file]);
    assert!(!quiet.contains("generating"), "{quiet:?}");
    assert!(quiet.contains("easim gen: 1,000 mailboxes"), "{quiet:?}");
    // Not a terminal: only the summary line.
    let piped = easim(&["gen", "--now", NOW, "-o", file]);
    assert!(
        stderr(&piped).starts_with("easim gen: 1,000 mailboxes")
            && stderr(&piped).lines().count() == 1,
        "{}",
        stderr(&piped)
    );
}

// ---- 9. logging -------------------------------------------------------------------------------------------------

#[test]
fn serve_logs_requests_only_when_asked() {
    let quiet = Served::start(&["--profile", "small", "--now", NOW], &[]);
    assert!(quiet.options().starts_with("HTTP/1.1 "));
    let log = quiet.stop_and_log();
    assert!(
        !log.contains("eas request"),
        "no per-request line by default: {log}"
    );
    let verbose = Served::start(
        &["--profile", "small", "--now", NOW],
        &[("RUST_LOG", "debug")],
    );
    assert!(verbose.options().starts_with("HTTP/1.1 "));
    let log = verbose.stop_and_log();
    assert!(
        log.contains("eas request") && log.contains("command=\"OPTIONS\""),
        "RUST_LOG=debug logs each request: {log}"
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains("RUST_LOG=debug"),
        "the README says how to turn request logging on"
    );
}

// ---- 10. help text and CI's version probe -------------------------------------------------------------------

#[test]
fn help_examples_are_printed_verbatim_however_narrow_the_terminal() {
    for (command, example) in [
        (
            "explain",
            "  easim explain --tenant tenant.json --identity 'Alice Smith\\ExchangeActiveSyncDevices\\iPhone§ApplF17XK1'\n",
        ),
        (
            "serve",
            "  easim serve --only-16-1 --tarpit-secs 20      behave like Exchange Online, error delay included\n",
        ),
        (
            "gen",
            "  easim gen --profile large --seed 42 --now 2026-11-23T00:00:00Z -o large.json\n",
        ),
    ] {
        for columns in ["40", "200"] {
            let out = Command::new(env!("CARGO_BIN_EXE_easim"))
                .args([command, "--help"])
                .env("COLUMNS", columns)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0));
            let help = stdout(&out);
            assert!(
                help.contains(example) && !help.contains("@verbatim"),
                "easim {command} --help at {columns} columns:\n{help}"
            );
        }
    }
}

#[test]
fn ci_does_not_probe_xml2wbxml_with_an_option_it_lacks() {
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        !ci.contains("xml2wbxml --version"),
        "xml2wbxml has no --version: it prints 'invalid option'"
    );
}

// ---- 11. fixture errors ----------------------------------------------------------------------------------------

#[test]
fn fixture_errors_name_the_field_as_the_file_spells_it() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(fixture("tenants/scenario-a.json")).unwrap();
    let cases = [
        // A mailbox entry cut off after a field: serde cannot name the next key.
        (
            "cut.json",
            good.replacen("\"Password\": ", "\"Password\": \"x\", }, \"Other\": ", 1),
        ),
        ("array.json", "[]".to_string()),
        ("empty.json", String::new()),
        (
            "eof.json",
            "{\"Format\": \"easim-tenant\", \"Version\": 1, \"Domain\": \"x\"".to_string(),
        ),
        (
            "cas.json",
            good.replacen("\"CASMailbox\": {", "\"CASMailbox\": 5, \"X\": {", 1),
        ),
    ];
    let mut text = String::new();
    for (name, contents) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        let out = easim(&["decide", "--tenant", path.to_str().unwrap(), "--now", NOW]);
        assert_eq!(out.status.code(), Some(2));
        text.push_str(&stderr(&out).replace(&format!("{}/", dir.path().display()), ""));
    }
    assert!(
        !text.contains(".?") && !text.contains("at ?") && !text.contains("at ."),
        "{text}"
    );
    expect![[r#"
        error: cannot load the tenant: cut.json: at Mailboxes[0].Mailbox (line 32, column 26): trailing comma
        error: cannot load the tenant: array.json: not an easim tenant: the file is a JSON array; a tenant is an object with "Format": "easim-tenant", "Version", "Domain" and "Mailboxes"
        error: cannot load the tenant: empty.json: not an easim tenant: the file is empty
        error: cannot load the tenant: eof.json: at the top level of the file (line 1, column 54): EOF while parsing an object
        error: cannot load the tenant: cas.json: at Mailboxes[0].Mailbox.CASMailbox (line 33, column 23): invalid type: integer `5`, expected a JSON object
    "#]]
    .assert_eq(&text);
}

// ---- 1. script outputs --------------------------------------------------------------------------------------

/// Whether git ignores `name` at the repository root.
fn ignored_at_root(name: &str) -> bool {
    Command::new("git")
        .args(["check-ignore", "-q", "--no-index", name])
        .current_dir(root())
        .status()
        .expect("git runs")
        .success()
}

#[test]
fn files_the_scripts_write_from_the_repository_root_are_ignored_by_git() {
    let mut written = Vec::new();
    for entry in std::fs::read_dir(root().join("scripts")).unwrap() {
        let script = entry.unwrap().path();
        if script.extension().is_none_or(|e| e != "ps1") {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let out = easim(&[
            "run",
            script.to_str().unwrap(),
            "--cwd",
            dir.path().to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        for file in std::fs::read_dir(dir.path()).unwrap() {
            written.push(file.unwrap().file_name().to_string_lossy().into_owned());
        }
    }
    assert!(
        written.iter().any(|w| w == "OutlookMobile.csv"),
        "the Outlook report writes its CSV: {written:?}"
    );
    for name in &written {
        assert!(
            ignored_at_root(name),
            "{name}, written by a script run from the root, is not ignored"
        );
    }
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    let scripts_step = ci
        .find("for script in scripts/*.ps1")
        .expect(".ci/run runs every script");
    let clean_step = ci.find("the work tree is clean").unwrap();
    assert!(
        scripts_step < clean_step,
        "the clean-tree check comes after the scripts ran"
    );
    assert!(
        !Path::new(&root().join("OutlookMobile.csv")).exists()
            || ignored_at_root("OutlookMobile.csv")
    );
}
