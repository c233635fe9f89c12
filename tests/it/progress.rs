//! `Write-Progress`: the records a script writes reach the host (never the output), as PowerShell's
//! WriteProgressCommand builds them; `$ProgressPreference` silences them; the parameters are checked as Windows
//! PowerShell 5.1 checks them; and `easim run` with its streams redirected writes no progress at all.

use std::process::{Command, Stdio};

use easim::admin::LocalHost;
use easim::admin::examples::{EXAMPLE_NOW, example_tenant};
use easim::script::{ProgressRecord, Session, StringHost, progress_line};

fn run(source: &str) -> StringHost {
    let mut tenant = example_tenant();
    let mut host = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let mut out = StringHost::new();
    Session::default().run(source, &mut host, &mut out);
    out
}

fn record(id: i32, parent_id: i32, activity: &str, percent: i32) -> ProgressRecord {
    ProgressRecord {
        id,
        parent_id,
        activity: activity.into(),
        status: "Processing".into(),
        percent_complete: percent,
        seconds_remaining: -1,
        current_operation: String::new(),
        completed: false,
    }
}

#[test]
fn records_reach_the_host_and_never_the_output() {
    // Write-Progress.md (reference/5.1/Microsoft.PowerShell.Utility/Write-Progress.md), examples 1 and 2: a loop
    // with -PercentComplete, and a nested activity with -Id/-ParentId, ended with -Completed.
    let out = run(r#"
for ($i = 1; $i -le 3; $i++) {
    Write-Progress -Activity "Search in Progress" -Status "$($i * 25)% Complete:" -PercentComplete ($i * 25)
    Write-Progress -Id 1 -ParentId 0 -Activity "Updating" -Status "Step $i" -CurrentOperation "item $i" -SecondsRemaining (3 - $i)
}
Write-Progress -Activity "Search in Progress" -Completed
'done'
"#);
    assert_eq!(
        out.text.trim(),
        "done",
        "progress is not output: {}",
        out.text
    );
    assert_eq!(out.progress.len(), 7, "{:#?}", out.progress);
    let first = &out.progress[0];
    assert_eq!(
        (
            first.id,
            first.parent_id,
            first.activity.as_str(),
            first.status.as_str(),
            first.percent_complete
        ),
        (0, -1, "Search in Progress", "25% Complete:", 25)
    );
    let child = &out.progress[5];
    assert_eq!(
        (
            child.id,
            child.parent_id,
            child.current_operation.as_str(),
            child.seconds_remaining
        ),
        (1, 0, "item 3", 0)
    );
    assert!(out.progress[6].completed);
    // Without -Status the record says "Processing" (ProgressRecord needs a StatusDescription).
    let out = run("Write-Progress -Activity a");
    assert_eq!(out.progress[0].status, "Processing");
}

#[test]
fn progress_preference_silently_continue_writes_none() {
    // about_Preference_Variables: $ProgressPreference = 'SilentlyContinue' hides the progress bar.
    let out = run(
        "$ProgressPreference = 'SilentlyContinue'\nWrite-Progress -Activity a -PercentComplete 5\n'x'",
    );
    assert!(out.progress.is_empty());
    assert_eq!(out.text.trim(), "x");
}

#[test]
fn parameters_are_checked_as_windows_powershell_checks_them() {
    // WriteProgressCommand: [ValidateRange(-1, 100)] PercentComplete; the message is PowerShell's ValidateRange
    // text (as Exchange cmdlets' ranges print it, e.g. New-MobileDeviceMailboxPolicy -MinPasswordLength 20).
    let out = run("Write-Progress -Activity a -PercentComplete 101");
    assert!(
        out.errors.contains(
            "Cannot validate argument on parameter 'PercentComplete'. The 101 argument is greater than the maximum allowed range of 100. Supply an argument that is less than or equal to 100 and then try the command again."
        ),
        "{}",
        out.errors
    );
    assert!(out.progress.is_empty());
    // Write-Progress.md (5.1): -Activity is mandatory.
    let out = run("Write-Progress -Status s");
    assert!(
        out.errors
            .contains("missing mandatory parameters: Activity"),
        "{}",
        out.errors
    );
}

#[test]
fn the_status_line_shows_nested_activities_after_their_parent() {
    let mut parent = record(0, -1, "Search", 40);
    parent.status = "40% Complete:".into();
    let mut child = record(1, 0, "Updating", -1);
    child.seconds_remaining = 12;
    child.current_operation = "item 4".into();
    assert_eq!(
        progress_line(&[child.clone(), parent.clone()]),
        "Search: 40% Complete: [oooooooo            ] 40% › Updating: Processing 12 s left item 4"
    );
}

#[test]
fn easim_run_with_redirected_streams_writes_no_progress() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("p.ps1");
    std::fs::write(
        &script,
        "1..200 | ForEach-Object { Write-Progress -Activity 'Pinning' -Status \"$_\" -PercentComplete ($_ / 2) }\nWrite-Progress -Activity 'Pinning' -Completed\n'finished'\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_easim"))
        .args(["run", script.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "finished");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
