//! `Should`'s texts and the runner's phases, scopes and reports. Every expected failure message is quoted from
//! Pester's own tests (pester/Pester branch `rel/5.x.x`, `tst/functions/assertions/*.Tests.ps1`, at the line
//! given beside each case), not from what this code prints.

use std::time::Duration;

use crate::model::Timestamp;
use crate::script::cmdlet::{CmdletInfo, Confirmer, Output};
use crate::script::error::ErrorRecord;
use crate::script::eval::StringHost;
use crate::script::host::CmdletHost;
use crate::script::params::BoundParameters;
use crate::script::registry::Registry;

use super::format::{Layout, compare_strings};
use super::{FileResult, Outcome, RunOptions, TestFile, TestHosts, discover, run};

/// A host with no commands: the bare language with Pester.
struct Bare;

impl CmdletHost for Bare {
    fn invoke(
        &mut self,
        cmdlet: &'static CmdletInfo,
        _args: &BoundParameters,
        _confirmer: &mut dyn Confirmer,
    ) -> Result<Output, ErrorRecord> {
        panic!("no commands here, yet {} ran", cmdlet.name)
    }

    fn now(&self) -> Timestamp {
        Timestamp::from_millis(0)
    }

    fn registry(&self) -> &'static Registry {
        &Registry::EMPTY
    }
}

/// Counts how many hosts the runner asked for.
#[derive(Default)]
struct Hosts {
    fresh: usize,
}

impl TestHosts for Hosts {
    fn discovery(&mut self, run: &mut dyn FnMut(&mut dyn CmdletHost)) {
        run(&mut Bare);
    }

    fn fresh(&mut self, run: &mut dyn FnMut(&mut dyn CmdletHost)) {
        self.fresh += 1;
        run(&mut Bare);
    }
}

fn zero() -> Duration {
    Duration::ZERO
}

/// Runs a test file; returns its result, what it printed and how many fresh hosts it took.
fn run_source(source: &str, options: &RunOptions) -> (FileResult, String, usize) {
    let file = TestFile {
        path: "/t/x.Tests.ps1".to_string(),
        source: source.to_string(),
    };
    let mut hosts = Hosts::default();
    let mut out = StringHost::new();
    let d = discover(&file, &mut hosts, &mut out, &zero, options);
    let r = run(d, &mut hosts, &mut out, &zero, options);
    (r, out.text, hosts.fresh)
}

/// The failure message of one assertion, run as the only test of a file.
fn message_of(assertion: &str) -> Option<String> {
    let source = format!("Describe 'd' {{\n It 't' {{\n  {assertion}\n }}\n}}\n");
    let (r, text, _) = run_source(&source, &RunOptions::default());
    let tests = r.root.all_tests();
    assert_eq!(tests.len(), 1, "{source}\n{text}");
    tests[0].message.clone()
}

/// (assertion, expected failure message, source of the expectation).
const FAILURES: &[(&str, &str, &str)] = &[
    (
        "1 | Should -BeNullOrEmpty -Because 'reason'",
        "Expected $null or empty, because reason, but got 1.",
        "BeNullOrEmpty.Tests.ps1:34",
    ),
    (
        "'empty' | Should -BeNullOrEmpty -Because 'reason'",
        "Expected $null or empty, because reason, but got 'empty'.",
        "BeNullOrEmpty.Tests.ps1:39",
    ),
    (
        "$null | Should -Not -BeNullOrEmpty -Because 'reason'",
        "Expected a value, because reason, but got $null or empty.",
        "BeNullOrEmpty.Tests.ps1:46",
    ),
    (
        "$false | Should -BeTrue",
        "Expected $true, but got $false.",
        "BeTrueOrFalse.Tests.ps1:23",
    ),
    (
        "$false | Should -BeTrue -Because \"we said so\"",
        "Expected $true, because we said so, but got $false.",
        "BeTrueOrFalse.Tests.ps1:28",
    ),
    (
        "$true | Should -Not -BeTrue",
        "Expected $false, but got $true.",
        "BeTrueOrFalse.Tests.ps1:56",
    ),
    (
        "$true | Should -BeFalse",
        "Expected $false, but got $true.",
        "BeTrueOrFalse.Tests.ps1:75",
    ),
    (
        "$true | Should -BeFalse -Because \"we said so\"",
        "Expected $false, because we said so, but got $true.",
        "BeTrueOrFalse.Tests.ps1:81",
    ),
    (
        "$false | Should -Not -BeFalse",
        "Expected $true, but got $false.",
        "BeTrueOrFalse.Tests.ps1:100",
    ),
    (
        "@(1, 'a', 3, 4) | Should -HaveCount 3 -Because 'reason'",
        "Expected a collection with size 3, because reason, but got collection with size 4 @(1, 'a', 3, 4).",
        "HaveCount.Tests.ps1:28",
    ),
    (
        "@() | Should -HaveCount 3 -Because 'reason'",
        "Expected a collection with size 3, because reason, but got an empty collection.",
        "HaveCount.Tests.ps1:33",
    ),
    (
        "@(1) | Should -HaveCount 0 -Because 'reason'",
        "Expected an empty collection, because reason, but got collection with size 1 1.",
        "HaveCount.Tests.ps1:38",
    ),
    (
        "@(1, 'a', 3) | Should -Not -HaveCount 3 -Because 'reason'",
        "Expected a collection with size different from 3, because reason, but got collection with that size @(1, 'a', 3).",
        "HaveCount.Tests.ps1:58",
    ),
    (
        "@() | Should -Not -HaveCount 0 -Because 'reason'",
        "Expected a non-empty collection, because reason, but got an empty collection.",
        "HaveCount.Tests.ps1:63",
    ),
    (
        "@(1, 'a', 3) | Should -Contain 'b' -Because 'reason'",
        "Expected 'b' to be found in collection @(1, 'a', 3), because reason, but it was not found.",
        "Contain.Tests.ps1:16",
    ),
    (
        "@(1, 'a', 3) | Should -Not -Contain 'a' -Because 'reason'",
        "Expected 'a' to not be found in collection @(1, 'a', 3), because reason, but it was found.",
        "Contain.Tests.ps1:31",
    ),
    (
        "'b' | Should -BeIn @(1, 'a', 3) -Because 'reason'",
        "Expected collection @(1, 'a', 3) to contain 'b', because reason, but it was not found.",
        "BeIn.Tests.ps1:16",
    ),
    (
        "'a' | Should -Not -BeIn @(1, 'a', 3) -Because 'reason'",
        "Expected collection @(1, 'a', 3) to not contain 'a', because reason, but it was found.",
        "BeIn.Tests.ps1:31",
    ),
    (
        "'ab' | Should -Match '\\d' -Because 'reason'",
        "Expected regular expression '\\d' to match 'ab', because reason, but it did not match.",
        "Match.Tests.ps1:36",
    ),
    (
        "'ab' | Should -Not -Match '.*' -Because 'reason'",
        "Expected regular expression '.*' to not match 'ab', because reason, but it did match.",
        "Match.Tests.ps1:55",
    ),
    (
        "'ab' | Should -MatchExactly '\\d' -Because 'reason'",
        "Expected regular expression '\\d' to case sensitively match 'ab', because reason, but it did not match.",
        "MatchExactly.Tests.ps1:35",
    ),
    (
        "'ab' | Should -Not -MatchExactly '.*' -Because 'reason'",
        "Expected regular expression '.*' to not case sensitively match 'ab', because reason, but it did match.",
        "MatchExactly.Tests.ps1:54",
    ),
    (
        "'ab' | Should -BeLike '*ccc*' -Because 'reason'",
        "Expected like wildcard '*ccc*' to match 'ab', because reason, but it did not match.",
        "BeLike.Tests.ps1:20",
    ),
    (
        "'ab' | Should -Not -BeLike '*ab*' -Because 'reason'",
        "Expected like wildcard '*ab*' to not match 'ab', because reason, but it did match.",
        "BeLike.Tests.ps1:39",
    ),
    (
        "'ab' | Should -BeLikeExactly '*ccc*' -Because 'reason'",
        "Expected case sensitive like wildcard '*ccc*' to match 'ab', because reason, but it did not match.",
        "BeLikeExactly.Tests.ps1:20",
    ),
    (
        "'ab' | Should -Not -BeLikeExactly '*ab*' -Because 'reason'",
        "Expected case sensitive like wildcard '*ab*' to not match 'ab', because reason, but it did match.",
        "BeLikeExactly.Tests.ps1:39",
    ),
    (
        "4 | Should -BeGreaterThan 5 -Because 'reason'",
        "Expected the actual value to be greater than 5, because reason, but got 4.",
        "BeGreaterThan.Tests.ps1:23",
    ),
    (
        "6 | Should -Not -BeGreaterThan 5 -Because 'reason'",
        "Expected the actual value to be less than or equal to 5, because reason, but got 6.",
        "BeGreaterThan.Tests.ps1:53",
    ),
    (
        "6 | Should -BeLessOrEqual 5 -Because 'reason'",
        "Expected the actual value to be less than or equal to 5, because reason, but got 6.",
        "BeGreaterThan.Tests.ps1:79",
    ),
    (
        "4 | Should -Not -BeLessOrEqual 5 -Because 'reason'",
        "Expected the actual value to be greater than 5, because reason, but got 4.",
        "BeGreaterThan.Tests.ps1:104",
    ),
    (
        "6 | Should -BeLessThan 5 -Because 'reason'",
        "Expected the actual value to be less than 5, because reason, but got 6.",
        "BeLessThan.Tests.ps1:27",
    ),
    (
        "4 | Should -Not -BeLessThan 5 -Because 'reason'",
        "Expected the actual value to be greater than or equal to 5, because reason, but got 4.",
        "BeLessThan.Tests.ps1:53",
    ),
    (
        "4 | Should -BeGreaterOrEqual 5 -Because 'reason'",
        "Expected the actual value to be greater than or equal to 5, because reason, but got 4.",
        "BeLessThan.Tests.ps1:79",
    ),
    (
        "6 | Should -Not -BeGreaterOrEqual 5 -Because 'reason'",
        "Expected the actual value to be less than 5, because reason, but got 6.",
        "BeLessThan.Tests.ps1:104",
    ),
    (
        "'ab' | Should -BeOfType ([int]) -Because 'reason'",
        "Expected the value to have type [int] or any of its subtypes, because reason, but got 'ab' with type [string].",
        "BeOfType.Tests.ps1:25",
    ),
    (
        "$null | Should -BeOfType ([int]) -Because 'reason'",
        "Expected the value to have type [int] or any of its subtypes, because reason, but got $null with type $null.",
        "BeOfType.Tests.ps1:30",
    ),
    (
        "1 | Should -Not -BeOfType ([int]) -Because 'reason'",
        "Expected the value to not have type [int] or any of its subtypes, because reason, but got 1 with type [int].",
        "BeOfType.Tests.ps1:44",
    ),
    (
        "{ } | Should -Throw",
        "Expected an exception to be thrown, but no exception was thrown.",
        "PesterThrow.Tests.ps1:149",
    ),
    (
        "{ } | Should -Throw -ExceptionType ([System.ArgumentException])",
        "Expected an exception with type [System.ArgumentException] to be thrown, but no exception was thrown.",
        "PesterThrow.Tests.ps1:154",
    ),
    (
        "{ } | Should -Throw -ExpectedMessage 'message'",
        "Expected an exception with message like 'message' to be thrown, but no exception was thrown.",
        "PesterThrow.Tests.ps1:159",
    ),
    (
        "{ } | Should -Throw -ErrorId 'id'",
        "Expected an exception with FullyQualifiedErrorId 'id' to be thrown, but no exception was thrown.",
        "PesterThrow.Tests.ps1:164",
    ),
];

#[test]
fn should_failure_messages_are_pesters() {
    let mut wrong = Vec::new();
    for (assertion, expected, source) in FAILURES {
        let got = message_of(assertion);
        if got.as_deref() != Some(*expected) {
            wrong.push(format!(
                "{source}: {assertion}\n  expected: {expected}\n  got:      {got:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Assertions Pester's tests say pass (`tst/functions/assertions/*.Tests.ps1`).
const PASSES: &[(&str, &str)] = &[
    ("'A' | Should -Be 'a'", "Be.Tests.ps1:11"),
    ("1 | Should -BeOfType Int", "BeOfType.Tests.ps1:7"),
    ("2.0 | Should -BeOfType ([double])", "BeOfType.Tests.ps1:8"),
    ("$null | Should -BeNullOrEmpty", "BeNullOrEmpty.ps1 example"),
    ("@() | Should -BeNullOrEmpty", "BeNullOrEmpty.ps1 example"),
    ("'' | Should -BeNullOrEmpty", "BeNullOrEmpty.ps1 example"),
    ("1,2,3 | Should -HaveCount 3", "HaveCount.ps1 example"),
    (
        "{ $foo = 1 } | Should -Not -Throw",
        "PesterThrow.ps1 example",
    ),
    (
        "{ throw 'boom' } | Should -Throw -ExpectedMessage 'b*m'",
        "PesterThrow.ps1 (-like)",
    ),
    ("@(1, 2) | Should -Be @(1, 2)", "Be.ps1 ArraysAreEqual"),
    (
        "Should -ActualValue 3 -BeGreaterThan 2",
        "Should.ps1 -ActualValue",
    ),
];

#[test]
fn assertions_that_hold_pass() {
    for (assertion, source) in PASSES {
        assert_eq!(message_of(assertion), None, "{source}: {assertion}");
    }
}

/// Be.Tests.ps1:282-306 (Get-CompareStringMessage with -MaximumLineLength 35 -ContextLength 3, in a test two
/// names deep).
#[test]
fn string_differences_are_excerpted_as_pester_does() {
    let layout = Layout {
        max_line_length: 35,
        context_length: 3,
        path_len: 2,
    };
    let a65 = "a".repeat(65);
    let cases = [
        (
            a65.clone(),
            format!("{}b", "a".repeat(64)),
            "Expected strings to be the same, but they were different.\nString lengths are both 65.\nStrings differ at index 64.\nExpected: '...aaaaaaaaa'\nBut was:  '...aaaaaaaab'\n           -----------^",
        ),
        (
            format!("{}b", "a".repeat(43)),
            format!("{}b", "a".repeat(55)),
            "Expected strings to be the same, but they were different.\nExpected length: 44\nActual length:   56\nStrings differ at index 43.\nExpected: '...aaaaaaaab'\nBut was:  '...aaaaaaaaaaaa...'\n           -----------^",
        ),
        (
            format!("{}b", "a".repeat(9)),
            format!("{}b", "a".repeat(55)),
            "Expected strings to be the same, but they were different.\nExpected length: 10\nActual length:   56\nStrings differ at index 9.\nExpected: 'aaaaaaaaab'\nBut was:  'aaaaaaaaaaaaaaa...'\n           ---------^",
        ),
        (
            "a".repeat(10),
            format!("{}b", "a".repeat(55)),
            "Expected strings to be the same, but they were different.\nExpected length: 10\nActual length:   56\nStrings differ at index 10.\nExpected: 'aaaaaaaaaa'\nBut was:  'aaaaaaaaaaaaaaa...'\n           ----------^",
        ),
    ];
    for (expected, actual, want) in cases {
        assert_eq!(
            compare_strings(&expected, &actual, false, None, layout).join("\n"),
            want
        );
    }
    // Be.Tests.ps1:142-162: ShouldBeFailureMessage on short strings (whole strings shown).
    let wide = Layout::for_width(120, 2);
    let short = [
        (
            "actual",
            "expected",
            None,
            "Expected strings to be the same, but they were different.\nExpected length: 8\nActual length:   6\nStrings differ at index 0.\nExpected: 'expected'\nBut was:  'actual'\n           ^",
        ),
        (
            "actual",
            "expected",
            Some("reason"),
            "Expected strings to be the same, because reason, but they were different.\nExpected length: 8\nActual length:   6\nStrings differ at index 0.\nExpected: 'expected'\nBut was:  'actual'\n           ^",
        ),
        (
            "\n\r\u{8}\0\tx",
            "\n\r\u{8}\0\ty",
            None,
            "Expected strings to be the same, but they were different.\nString lengths are both 6.\nStrings differ at index 5.\nExpected: '\\n\\r\\b\\0\\ty'\nBut was:  '\\n\\r\\b\\0\\tx'\n           ----------^",
        ),
        (
            "123\n456",
            "123\n789",
            None,
            "Expected strings to be the same, but they were different.\nString lengths are both 7.\nStrings differ at index 4.\nExpected: '123\\n789'\nBut was:  '123\\n456'\n           -----^",
        ),
    ];
    for (actual, expected, reason, want) in short {
        assert_eq!(
            compare_strings(expected, actual, false, reason, wide).join("\n"),
            want
        );
    }
}

#[test]
fn discovery_code_runs_once_and_its_variables_are_gone_at_run_time() {
    // Pester 5 (pester.dev "Discovery and Run"): code outside It/BeforeAll runs at discovery only; variables
    // set there are not visible when the tests run, BeforeAll's are.
    let source = "$atDiscovery = 'x'\nDescribe 'd' {\n  BeforeAll { $fromSetup = 'y' }\n  It 'a' { $atDiscovery | Should -BeNullOrEmpty }\n  It 'b' { $fromSetup | Should -Be 'y' }\n}\n";
    let (r, text, _) = run_source(source, &RunOptions::default());
    assert_eq!(r.root.count(Outcome::Passed), 2, "{text}");
}

#[test]
fn each_top_level_block_gets_a_fresh_host_and_each_test_its_own_scope() {
    let source = "Describe 'a' {\n  BeforeEach { $n = 1 }\n  It 'one' { $n++; $n | Should -Be 2 }\n  It 'two' { $n | Should -Be 1 }\n}\nDescribe 'b' { It 'three' { 1 | Should -Be 1 } }\n";
    let (r, text, fresh) = run_source(source, &RunOptions::default());
    assert_eq!(fresh, 2);
    assert_eq!(r.root.count(Outcome::Passed), 3, "{text}");
}

#[test]
fn data_driven_tests_expand_their_names_and_filters_and_tags_select() {
    let source = "Describe 'd' -Tag fast {\n  It 'is <n>' -ForEach @(@{ n = 1 }, @{ n = 2 }) { $n | Should -BeLessThan 3 }\n  It 'slow' -Tag slow { 1 | Should -Be 1 }\n}\n";
    let (r, _, _) = run_source(source, &RunOptions::default());
    let names: Vec<String> = r
        .root
        .all_tests()
        .iter()
        .map(|t| t.expanded_path())
        .collect();
    assert_eq!(names, ["d.is 1", "d.is 2", "d.slow"]);
    let only_slow = RunOptions {
        tags: vec!["slow".into()],
        ..RunOptions::default()
    };
    let (r, _, _) = run_source(source, &only_slow);
    assert_eq!(r.root.count(Outcome::Passed), 1);
    assert_eq!(r.root.count(Outcome::NotRun), 2);
    let by_name = RunOptions {
        filter: vec!["d.is*".into()],
        ..RunOptions::default()
    };
    let (r, _, _) = run_source(source, &by_name);
    assert_eq!(r.root.count(Outcome::Passed), 2);
}

#[test]
fn a_failing_before_all_fails_its_tests_without_running_them() {
    let source =
        "Describe 'd' {\n  BeforeAll { throw 'no setup' }\n  It 'a' { 1 | Should -Be 1 }\n}\n";
    let (r, text, _) = run_source(source, &RunOptions::default());
    assert_eq!(r.root.count(Outcome::Failed), 1);
    assert_eq!(r.root.failed_blocks().len(), 1);
    assert!(text.contains("[-] Describe d failed"), "{text}");
    assert!(text.contains("RuntimeException: no setup"), "{text}");
}

#[test]
fn a_parse_error_stops_the_file_with_its_position() {
    let (r, _, _) = run_source(
        "Describe 'd' {\n  It 'a' { 1 | Should -Be (1 }\n}\n",
        &RunOptions::default(),
    );
    let failure = r.failure.unwrap_or_default();
    assert!(failure.contains("/t/x.Tests.ps1:2"), "{failure}");
}

#[test]
fn legacy_should_syntax_is_refused_with_pesters_text() {
    // Should.ps1 (5.x): Pester 3's syntax without dashes is an error, not an assertion.
    let m = message_of("1 | Should Be 1").unwrap_or_default();
    assert!(
        m.contains("Legacy Should syntax (without dashes) is not supported in Pester 5."),
        "{m}"
    );
}

#[test]
fn a_data_driven_block_gives_its_item_to_its_tests_and_titles() {
    // pester.dev "Data driven tests": -ForEach on Describe makes one block per item; `$_` is the item inside it.
    let source = "Describe 'model <_>' -ForEach @('iPhone', 'Android') {\n  BeforeAll { $m = $_ }\n  It 'knows <m>' { $m | Should -Be $_ }\n}\n";
    let (r, text, fresh) = run_source(source, &RunOptions::default());
    let names: Vec<String> = r
        .root
        .all_tests()
        .iter()
        .map(|t| t.expanded_path())
        .collect();
    assert_eq!(
        names,
        ["model iPhone.knows iPhone", "model Android.knows Android"],
        "{text}"
    );
    assert_eq!(r.root.count(Outcome::Passed), 2, "{text}");
    assert_eq!(fresh, 2);
}

#[test]
fn blocks_under_a_failed_setup_are_not_announced() {
    let source = "Describe 'd' {\n  BeforeAll { throw 'no' }\n  Context 'c' { It 'a' { } }\n}\n";
    let (r, text, _) = run_source(source, &RunOptions::default());
    assert_eq!(r.root.count(Outcome::Failed), 1);
    assert!(!text.contains("Context c"), "{text}");
}
