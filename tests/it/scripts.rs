//! The project's own admin scripts (`scripts/*.ps1`) run through the `easim run` binary against the tenant their
//! `#@ tenant:` directive names; what a user sees (stdout and stderr, interleaved as printed) must match
//! `fixtures/scripts/<name>.out`, and every file a script writes (its working directory is a fresh temporary
//! one) must match `fixtures/scripts/<name>.<file>`. A script with a `#@ rerun` line runs twice against the
//! same tenant, and its expected output shows both runs. `UPDATE_EXPECT=1` rewrites the expected files.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use expect_test::expect_file;

use crate::support::{fixture, root};

/// Runs `easim run` with stdout and stderr on one pipe, so the text is interleaved as a terminal shows it.
fn run_merged(args: &[&str]) -> (String, i32) {
    let (mut reader, writer) = std::io::pipe().unwrap();
    let writer2 = writer.try_clone().unwrap();
    let mut child = {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_easim"));
        cmd.arg("run").args(args).stdout(writer).stderr(writer2);
        cmd.spawn().unwrap()
    };
    let mut text = String::new();
    reader.read_to_string(&mut text).unwrap();
    let status = child.wait().unwrap();
    (text, status.code().unwrap_or(-1))
}

fn scripts() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scripts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ps1"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "the project's scripts are missing");
    files
}

fn transcript(dir: &Path, script: &Path, extra: &[&str]) -> String {
    let mut args = vec![script.to_str().unwrap(), "--cwd", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (text, code) = run_merged(&args);
    if code == 0 {
        text
    } else {
        format!("{text}[exit {code}]\n")
    }
}

#[test]
fn every_script_prints_its_expected_output() {
    for script in scripts() {
        let name = script.file_stem().unwrap().to_str().unwrap().to_string();
        let source = std::fs::read_to_string(&script).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let saved = dir.path().join("tenant.after.json");
        let rerun = source.lines().any(|l| l.trim() == "#@ rerun");
        let mut text = if rerun {
            transcript(dir.path(), &script, &["--save", saved.to_str().unwrap()])
        } else {
            transcript(dir.path(), &script, &[])
        };
        if rerun {
            text.push_str("#@ second run, same tenant\n");
            text.push_str(&transcript(
                dir.path(),
                &script,
                &["--tenant", saved.to_str().unwrap()],
            ));
            std::fs::remove_file(&saved).unwrap();
        }
        expect_file![fixture(&format!("scripts/{name}.out"))].assert_eq(&text);
        let mut written: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        written.sort();
        for file in written {
            let file_name = file.file_name().unwrap().to_str().unwrap();
            let contents = std::fs::read_to_string(&file).unwrap();
            expect_file![fixture(&format!("scripts/{name}.{file_name}"))].assert_eq(&contents);
        }
    }
}

#[test]
fn run_reads_stdin_takes_script_arguments_and_reports_failure_in_its_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::easim_with_stdin(
        &[
            "run",
            "-",
            "--profile",
            "small",
            "--now",
            "2026-11-23T08:30:00Z",
            "--",
            "-Days",
            "30",
        ],
        b"param($Days = 1)\n\"Days: $Days\"\n(Get-Mailbox -ResultSize 3).Count\n",
    );
    assert_eq!(
        crate::support::stdout(&out),
        "Days: 30\nWARNING: There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.\n3\n"
    );
    assert_eq!(out.status.code(), Some(0));
    let out = crate::support::easim_with_stdin(
        &[
            "run",
            "-",
            "--profile",
            "small",
            "--now",
            "2026-11-23T08:30:00Z",
        ],
        b"'before'\nthrow 'stop here'\n'after'\n",
    );
    assert_eq!(crate::support::stdout(&out), "before\n");
    assert!(crate::support::stderr(&out).starts_with("stop here\nAt line:2 char:1\n"));
    assert_eq!(out.status.code(), Some(1));
    let out = crate::support::easim_with_stdin(
        &[
            "run",
            "-",
            "--profile",
            "small",
            "--now",
            "2026-11-23T08:30:00Z",
        ],
        b"if ($x {\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(crate::support::stderr(&out).contains("At line:1 char:"));
    let out = crate::support::easim(&["run", dir.path().join("missing.ps1").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

/// A cmdlet's objects are references, as in PowerShell: a second variable, a foreach variable and Add-Member
/// all reach the one object, and `.psobject.Copy()` makes another. Sources: MicrosoftDocs/PowerShell-Docs
/// reference/docs-conceptual/learn/deep-dives/everything-about-pscustomobject.md:238 (assignment shares),
/// :251 (psobject.Copy copies), everything-about-arrays.md:585 (foreach reaches the array's objects) and
/// reference/5.1/Microsoft.PowerShell.Utility/Add-Member.md:92 (Add-Member changes the object given).
#[test]
fn run_shares_a_cmdlets_objects_between_variables() {
    let script = [
        "$d = Get-MobileDevice -ResultSize Unlimited | Select-Object -First 1",
        "$e = $d",
        "$e | Add-Member -NotePropertyName Tag -NotePropertyValue pinned",
        "$d.Tag",
        "$e.DeviceModel = 'Changed'",
        "$d.DeviceModel",
        "$c = $d.psobject.Copy()",
        "$c.DeviceModel = 'Other'",
        "$d.DeviceModel",
        "$c.DeviceModel",
        "$list = @(Get-MobileDevice -ResultSize Unlimited | Select-Object -First 2)",
        "foreach ($x in $list) { $x | Add-Member -NotePropertyName Seen -NotePropertyValue $true }",
        "$list.Seen",
        "$h = @{}",
        "$h.self = $h",
        "$h.self.self.Count",
        "",
    ]
    .join("\n");
    let out = crate::support::easim_with_stdin(
        &[
            "run",
            "-",
            "--profile",
            "small",
            "--now",
            "2026-11-23T08:30:00Z",
        ],
        script.as_bytes(),
    );
    assert_eq!(
        crate::support::stderr(&out),
        "",
        "the script writes no error"
    );
    assert_eq!(
        crate::support::stdout(&out),
        "pinned\nChanged\nChanged\nOther\nTrue\nTrue\n1\n"
    );
    assert_eq!(out.status.code(), Some(0));
}
