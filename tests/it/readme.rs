//! The README's examples are executable: every ```sh block is run, command by command, as a newcomer would
//! paste it, in a fresh directory where `fixtures/`, `scripts/` and `tests/` are the repository's (so files the examples
//! write land there, not in the tree; each must be a name git ignores at the root). A line starting with `$ ` is a transcript: the lines after it, up to the
//! next `$ `, are what it must print (`…` stands for any text within a line). Other lines must just succeed.
//!
//! `easim serve` (in the foreground, or with `&`) is started on free ports and stopped at the end of its block;
//! the addresses the README shows (127.0.0.1:8080 and :8081) are mapped to the real ones both ways (and given to
//! `easim load`, whose defaults they are). `curl` is
//! the real one. `cargo install --path .` and `cargo test` are not run here (the first is minutes of building,
//! the second is this test); `readme_quick_start_installs_easim_on_the_path` and the CI test check them.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::support::root;

/// The addresses the README shows for the EAS and admin endpoints.
const README_EAS: &str = "127.0.0.1:8080";
const README_ADMIN: &str = "127.0.0.1:8081";

/// Splits a command the way a POSIX shell does for the simple cases the README uses: quotes, backslash
/// escapes and line continuations, `#` comments; no expansions.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') if matches!(chars.peek(), Some('"' | '\\' | '$')) => {
                word.extend(chars.next());
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => match chars.next() {
                Some('\n') | None => {}
                Some(escaped) => {
                    word.push(escaped);
                    in_word = true;
                }
            },
            (None, '#') if !in_word => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        break;
                    }
                }
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Whether a command's text is complete: no open quote, no trailing backslash.
fn complete(text: &str) -> bool {
    let mut quote: Option<char> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') if chars.next().is_none() => return false,
            (None, '\'' | '"') => quote = Some(c),
            (None, '#') => break,
            _ => {}
        }
    }
    quote.is_none() && !text.trim_end().ends_with('\\')
}

/// One command of a block and, for a transcript, what it must print.
#[derive(Debug)]
struct Step {
    command: String,
    expected: Option<String>,
}

/// The commands of one ```sh block.
fn steps(block: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut lines = block.lines().peekable();
    while let Some(line) = lines.next() {
        let (transcript, first) = match line.strip_prefix("$ ") {
            Some(rest) => (true, rest),
            None if line.trim().is_empty() || line.trim_start().starts_with('#') => continue,
            None => (false, line),
        };
        let mut command = first.to_string();
        while !complete(&command) {
            let Some(next) = lines.next() else { break };
            command.push('\n');
            command.push_str(next);
        }
        let expected = transcript.then(|| {
            let mut out = String::new();
            while let Some(l) = lines.next_if(|l| !l.starts_with("$ ")) {
                out.push_str(l);
                out.push('\n');
            }
            out
        });
        steps.push(Step { command, expected });
    }
    steps
}

/// A running `easim serve` started by a block; stopped when dropped.
struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where one block runs: its directory, the servers it started, the README-to-real address mapping.
struct Shell {
    dir: PathBuf,
    servers: Vec<Server>,
    addresses: Vec<(String, String)>,
}

impl Shell {
    fn new(dir: &Path) -> Shell {
        for linked in ["fixtures", "scripts", "tests"] {
            std::os::unix::fs::symlink(root().join(linked), dir.join(linked)).unwrap();
        }
        Shell {
            dir: dir.to_path_buf(),
            servers: Vec::new(),
            addresses: Vec::new(),
        }
    }

    /// README addresses → the running servers' addresses.
    fn to_real(&self, text: &str) -> String {
        self.addresses
            .iter()
            .fold(text.to_string(), |t, (shown, real)| t.replace(shown, real))
    }

    /// The running servers' addresses → README addresses.
    fn to_shown(&self, text: &str) -> String {
        self.addresses
            .iter()
            .fold(text.to_string(), |t, (shown, real)| t.replace(real, shown))
    }

    /// Runs one command; returns what it printed on stdout (a server: its banner).
    fn run(&mut self, command: &str) -> String {
        let mut words = split(command);
        let mut env = HashMap::new();
        while let Some((name, value)) = words
            .first()
            .and_then(|w| w.split_once('='))
            .filter(|(n, _)| n.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        {
            env.insert(name.to_string(), value.to_string());
            words.remove(0);
        }
        let background = words.last().is_some_and(|w| w == "&");
        if background {
            words.pop();
        }
        let mut stdout_file = None;
        if let Some(i) = words.iter().position(|w| w == ">") {
            stdout_file = Some(self.dir.join(&words[i + 1]));
            words.drain(i..i + 2);
        }
        let program = words.remove(0);
        let mut words: Vec<String> = words.iter().map(|w| self.to_real(w)).collect();
        if program == "easim"
            && words.first().is_some_and(|w| w == "load")
            && words.get(1).is_none_or(|w| w != "merge")
        {
            // `easim load`'s defaults are the README's addresses: point them at the running server.
            for (flag, (_, real), path) in [
                ("--url", &self.addresses[0], "/Microsoft-Server-ActiveSync"),
                ("--admin-url", &self.addresses[1], ""),
            ] {
                if !words.iter().any(|w| w == flag) {
                    words.extend([flag.to_string(), format!("http://{real}{path}")]);
                }
            }
        }
        let mut cmd = match program.as_str() {
            "easim" => Command::new(env!("CARGO_BIN_EXE_easim")),
            "curl" => Command::new("curl"),
            "cargo" => {
                assert!(
                    matches!(words.first().map(String::as_str), Some("install" | "test")),
                    "the README's `{command}` is not a cargo command this test knows"
                );
                return String::new();
            }
            other => panic!("the README runs `{other}`, which this test does not know how to run"),
        };
        cmd.current_dir(&self.dir)
            .env_remove("EASIM_ADMIN_TOKEN")
            .env_remove("RUST_LOG")
            .envs(&env)
            .stdin(Stdio::null());
        if program == "easim" && words.first().is_some_and(|w| w == "serve") {
            return self.serve(cmd, &words);
        }
        assert!(!background, "only `easim serve` runs in the background");
        let out = cmd.args(&words).output().unwrap_or_else(|e| {
            panic!("cannot run the README's `{program}` ({e}); CI installs curl")
        });
        assert!(
            out.status.success(),
            "the README's `{command}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        match stdout_file {
            Some(path) => {
                std::fs::write(path, &out.stdout).unwrap();
                String::new()
            }
            None => self.to_shown(&String::from_utf8_lossy(&out.stdout)),
        }
    }

    /// Starts `easim serve` on free ports and waits for its banner.
    fn serve(&mut self, mut cmd: Command, words: &[String]) -> String {
        cmd.args(words)
            .args(["--eas-addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().unwrap();
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut banner = String::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap() == 0 {
                let _ = child.kill();
                panic!(
                    "`easim {}` stopped before it was ready:\n{banner}",
                    words.join(" ")
                );
            }
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
        self.addresses = vec![
            (README_EAS.to_string(), address("EAS endpoint:")),
            (README_ADMIN.to_string(), address("Admin endpoint:")),
        ];
        let shown = self.to_shown(&banner);
        self.servers.push(Server { child });
        shown
    }
}

/// Whether `actual` matches `expected`, where `…` in an expected line stands for any text.
fn line_matches(expected: &str, actual: &str) -> bool {
    let parts: Vec<&str> = expected.split('…').collect();
    if parts.len() == 1 {
        return expected == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || actual.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &actual[first.len()..];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(i) => rest = &rest[i + middle.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// `actual` with every line that matches its expected line (wildcards included) replaced by that line, so a
/// mismatch shows as a plain diff.
fn matched(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.trim_end_matches('\n').lines().collect();
    let actual = actual.trim_end_matches('\n');
    let lines: Vec<&str> = actual
        .lines()
        .enumerate()
        .map(|(i, a)| match expected.get(i) {
            Some(e) if line_matches(e, a) => *e,
            _ => a,
        })
        .collect();
    lines.join("\n")
}

/// The ```sh blocks of the README, with the line each starts on.
fn sh_blocks() -> Vec<(usize, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in readme.lines().enumerate() {
        if current.is_none() {
            if line.trim() == "```sh" {
                current = Some((n + 2, String::new()));
            }
        } else if line.trim() == "```" {
            blocks.extend(current.take());
        } else if let Some((_, body)) = &mut current {
            body.push_str(line);
            body.push('\n');
        }
    }
    blocks
}

#[test]
fn readme_examples_run_as_shown() {
    let mut transcripts = 0;
    let mut commands = 0;
    for (line, block) in sh_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let mut shell = Shell::new(dir.path());
        for step in steps(&block) {
            let printed = shell.run(&step.command);
            commands += 1;
            if let Some(expected) = &step.expected {
                assert_eq!(
                    matched(expected, &printed),
                    expected.trim_end_matches('\n'),
                    "README.md line {line}: `{}` prints something else",
                    step.command
                );
                transcripts += 1;
            }
        }
        drop(shell);
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name == "fixtures" || name == "scripts" || name == "tests" {
                continue;
            }
            let ignored = Command::new("git")
                .args(["check-ignore", "-q", "--no-index", &name])
                .current_dir(root())
                .status()
                .expect("git runs")
                .success();
            assert!(
                ignored,
                "README.md line {line}: run from the repository root, the examples write {name}, which git does not ignore"
            );
        }
    }
    assert!(
        transcripts >= 4 && commands >= 12,
        "the README's examples went missing ({transcripts} transcripts, {commands} commands)"
    );
}

#[test]
fn readme_examples_cover_the_admin_endpoint_over_http_on_the_default_tenant() {
    let blocks = sh_blocks();
    let admin = blocks
        .iter()
        .find(|(_, b)| b.contains("$ curl") && b.contains("InvokeCommand"))
        .expect("the README shows an admin endpoint call with curl");
    let serve = steps(&admin.1)
        .into_iter()
        .find(|s| s.command.starts_with("easim serve"))
        .expect("the admin example starts the server it talks to");
    assert!(
        !serve.command.contains("--tenant") && !serve.command.contains("--profile"),
        "the admin example runs on the default tenant: {}",
        serve.command
    );
}

#[test]
fn readme_quick_start_installs_easim_on_the_path() {
    let (_, quick_start) = &sh_blocks()[0];
    assert!(
        quick_start.contains("cargo install --path .") && quick_start.contains("first build"),
        "the quick start puts `easim` on the PATH and says the first build takes a while:\n{quick_start}"
    );
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("[[bin]]\nname = \"easim\""),
        "`cargo install --path .` installs a binary called easim"
    );
}

#[test]
fn readme_shell_words_split_as_a_shell_splits_them() {
    assert_eq!(
        split("easim run a.ps1 --cwd 'my dir' # comment"),
        ["easim", "run", "a.ps1", "--cwd", "my dir"]
    );
    assert_eq!(
        split("curl -s \\\n    -d '{\"a\":\n 1}' \"x\\\"y\""),
        ["curl", "-s", "-d", "{\"a\":\n 1}", "x\"y"]
    );
    assert!(!complete("curl -d '{"));
    assert!(!complete("curl \\"));
    assert!(complete("easim gen # it's fine"));
    assert!(line_matches("token: …", "token: abc"));
    assert!(line_matches("a … b … c", "a x b y c"));
    assert!(!line_matches("a … c", "a x b"));
}

#[test]
fn readme_test_command_is_the_one_ci_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        readme.contains("\ncargo test "),
        "the README's quick start names `cargo test`"
    );
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs the README's `cargo test`"
    );
}
