//! `easim test` as CI runs it: the repository's policy tests pass; a failing file prints Pester's Detailed output
//! and exits 1; a file that cannot run exits 2 with the position of its error; filters and tags select; the
//! JUnit and NUnit files parse and count what ran. The console layout is Pester 5.9.1's (pester/Pester branch
//! `rel/5.x.x`, `src/functions/Output.ps1`: `$ReportStrings`, `Write-BlockToScreen`, the `EachTestTeardownEnd`
//! step and `Write-PesterReport`), with times masked.

use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::support::{easim, root, stderr, stdout};

/// Every `12ms`, `1.5s` and `(1ms|0ms)` as `Nms`: times vary from run to run.
fn mask_times(text: &str) -> String {
    let re = regex::Regex::new(r"\b\d+(\.\d+)?(ms|s)\b").unwrap();
    re.replace_all(text, "Nms").into_owned()
}

/// The attributes of the first element called `name`, in order.
fn attributes(xml: &str, name: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name.as_bytes() => {
                return e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                            a.unescape_value().unwrap().into_owned(),
                        )
                    })
                    .collect();
            }
            Event::Eof => panic!("no <{name}> in the report"),
            _ => {}
        }
    }
}

fn attribute(xml: &str, element: &str, name: &str) -> String {
    attributes(xml, element)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("<{element}> has no {name}"))
}

/// How many elements called `name` the document has (and that it parses to the end).
fn count_elements(xml: &str, name: &str) -> usize {
    let mut reader = Reader::from_str(xml);
    let mut n = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name.as_bytes() => n += 1,
            Event::Eof => return n,
            _ => {}
        }
    }
}

/// `easim test FILE ARGS…` on the small tenant at a fixed time.
fn easim_test(file: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "test",
        file,
        "--profile",
        "small",
        "--now",
        "2026-11-23T00:00:00Z",
    ];
    args.extend_from_slice(extra);
    easim(&args)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn the_policy_tests_pass_and_report_in_junit_and_nunit() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let nunit = dir.path().join("nunit.xml");
    let policy = root().join("tests/policy");
    let out = easim(&[
        "test",
        policy.to_str().unwrap(),
        "--junit",
        junit.to_str().unwrap(),
        "--nunit",
        nunit.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", stderr(&out));
    assert!(text.contains(", Failed: 0, "), "{text}");
    let junit = std::fs::read_to_string(junit).unwrap();
    let nunit = std::fs::read_to_string(nunit).unwrap();
    let tests: usize = attribute(&junit, "testsuites", "tests").parse().unwrap();
    assert!(tests >= 15, "{tests} tests");
    assert_eq!(attribute(&junit, "testsuites", "failures"), "0");
    assert_eq!(count_elements(&junit, "testcase"), tests);
    assert_eq!(count_elements(&junit, "testsuite"), 7);
    assert_eq!(
        attribute(&nunit, "test-results", "total"),
        tests.to_string()
    );
    assert_eq!(attribute(&nunit, "test-results", "failures"), "0");
    assert_eq!(count_elements(&nunit, "test-case"), tests);
    assert_eq!(
        attribute(&nunit, "test-results", "xsi:noNamespaceSchemaLocation"),
        "nunit_schema_2.5.xsd"
    );
}

const FAILING: &str = r#"Describe 'Org settings' {
    BeforeAll { $org = Get-ActiveSyncOrganizationSettings }
    It 'defaults to Allow' {
        $org.DefaultAccessLevel | Should -Be 'Allow'
    }
    It 'quarantines by default' {
        $org.DefaultAccessLevel | Should -Be 'Quarantine' -Because 'we switched it'
    }
    Context 'Rules' {
        It 'has <n> rules' -ForEach @(@{ n = 0 }) {
            @(Get-ActiveSyncDeviceAccessRule) | Should -HaveCount $n
        }
        It 'is not written yet' -Skip { }
    }
}
"#;

#[test]
fn a_failing_test_prints_pesters_detailed_output_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "org.Tests.ps1", FAILING);
    let out = easim_test(&file, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // Output.ps1: "Describing {0}" at margin 0, "Context {0}" at 1, tests at their path's depth, "[+]"/"[-]"/"[!]",
    // the failure indented one more with "at <line>, <file>:<n>" then the script stack. DefaultAccessLevel is an
    // enum, not a string, so Be.ps1's ShouldBeFailureMessage gives the short form (the difference report is for
    // two strings) and Format.ps1's Format-Nicely writes the value type as itself (`Is-Value`), unquoted.
    let expected = format!(
        "
Starting discovery in 1 file.
Discovery found 4 tests in Nms.
Running tests.

Running tests from '{file}'
Describing Org settings
  [+] defaults to Allow Nms (Nms|Nms)
  [-] quarantines by default Nms (Nms|Nms)
   Expected 'Quarantine', because we switched it, but got Allow.
   at $org.DefaultAccessLevel | Should -Be 'Quarantine' -Because 'we switched it', {file}:7
   at <ScriptBlock>, {file}:7
 Context Rules
   [+] has 0 rules Nms (Nms|Nms)
   [!] is not written yet Nms (Nms|Nms)
Tests completed in Nms
Tests Passed: 2, Failed: 1, Skipped: 1, Inconclusive: 0, NotRun: 0
"
    );
    assert_eq!(mask_times(&stdout(&out)), expected);
}

#[test]
fn a_file_that_cannot_run_exits_2_with_the_position_of_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "broken.Tests.ps1",
        "Describe 'd' {\n    It 'x' { 1 | Should -Be (1 }\n}\n",
    );
    let out = easim_test(&file, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!("[-] Discovery in {file} failed with:")),
        "{text}"
    );
    assert!(text.contains(&format!("At {file}:2 char:")), "{text}");
    assert!(text.contains("Container failed: 1"), "{text}");
}

#[test]
fn an_error_at_discovery_fails_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "throws.Tests.ps1",
        "throw 'cannot start'\nDescribe 'd' { It 'x' { } }\n",
    );
    let out = easim_test(&file, &[]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("cannot start"), "{text}");
}

#[test]
fn tags_and_filters_choose_the_tests_that_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "tags.Tests.ps1",
        "Describe 'a' -Tag fast { It 'one' { 1 | Should -Be 1 } }\nDescribe 'b' { It 'two' -Tag slow { 1 | Should -Be 2 } }\n",
    );
    let run = |extra: &[&str]| easim_test(&file, extra);
    let fast = run(&["--tag", "fast"]);
    assert_eq!(fast.status.code(), Some(0), "{}", stdout(&fast));
    assert!(
        stdout(&fast)
            .contains("Tests Passed: 1, Failed: 0, Skipped: 0, Inconclusive: 0, NotRun: 1")
    );
    let excluded = run(&["--exclude-tag", "slow"]);
    assert_eq!(excluded.status.code(), Some(0));
    let by_name = run(&["--filter", "b.*"]);
    assert_eq!(by_name.status.code(), Some(1));
    assert!(
        stdout(&by_name)
            .contains("Tests Passed: 0, Failed: 1, Skipped: 0, Inconclusive: 0, NotRun: 1")
    );
}

#[test]
fn no_test_file_is_an_error_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let out = easim(&["test", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("No test files were found"),
        "{}",
        stderr(&out)
    );
    let missing = easim(&["test", "no/such/folder"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("does not exist"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn test_files_dot_source_their_helpers_and_scripts_call_scripts() {
    // Pester's own guidance (pester.dev "Discovery and Run"): helpers are dot-sourced in BeforeAll.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "helpers.ps1",
        "function Get-Owner($d) { $d.Identity.Split('\\')[0] }\n",
    );
    let file = write(
        dir.path(),
        "helpers.Tests.ps1",
        "Describe 'd' {\n    BeforeAll { . \"$PSScriptRoot/helpers.ps1\" }\n    It 'finds owners' { Get-Owner ([PSCustomObject]@{ Identity = 'bob\\EAS\\x' }) | Should -Be 'bob' }\n}\n",
    );
    let out = easim_test(&file, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // `& script.ps1 -Name value` runs it in a child scope with its param() bound; a missing file is not a command.
    write(
        dir.path(),
        "child.ps1",
        "param($Name)\n\"hello $Name\"\n$inner = 1\n",
    );
    let caller = write(
        dir.path(),
        "caller.ps1",
        "& ./child.ps1 -Name bob\n\"inner: [$inner]\"\n& ./missing.ps1\n",
    );
    let cwd = dir.path().to_str().unwrap();
    let out = easim(&[
        "run",
        &caller,
        "--cwd",
        cwd,
        "--profile",
        "small",
        "--now",
        "2026-11-23T00:00:00Z",
    ]);
    assert_eq!(stdout(&out), "hello bob\ninner: []\n");
    assert!(
        stderr(&out).contains("The term './missing.ps1' is not recognized as the name of a cmdlet, function, script file, or operable program."),
        "{}",
        stderr(&out)
    );
}

#[test]
fn easim_test_runs_in_the_culture_given_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    // en-GB's short date is dd/MM/yyyy (dotnet/runtime DateTimeFormatInfoShortDatePattern.cs); Pester's NUnit
    // report names the culture the run used in culture-info/@current-culture.
    let file = write(
        dir.path(),
        "culture.Tests.ps1",
        "Describe 'culture' {\n  It 'prints day first' {\n    $PSCulture | Should -Be 'en-GB'\n    ([datetime]'12/31/2008').ToShortDateString() | Should -Be '31/12/2008'\n  }\n}\n",
    );
    let nunit = dir.path().join("nunit.xml");
    let out = easim_test(
        &file,
        &["--culture", "en-GB", "--nunit", nunit.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let nunit = std::fs::read_to_string(nunit).unwrap();
    assert_eq!(
        attribute(&nunit, "culture-info", "current-culture"),
        "en-GB"
    );
    assert_eq!(
        attribute(&nunit, "culture-info", "current-uiculture"),
        "en-US"
    );
}
