//! The reports CI systems read, as Pester writes them: JUnit 4 (`testsuites` → one `testsuite` per file →
//! `testcase`s) and NUnit 2.5 (`test-results` → `test-suite` per run, file, block, data-driven group →
//! `test-case`s), Pester's default format. Shapes, attribute names and values: pester/Pester `rel/5.x.x`,
//! `src/functions/TestResults.JUnit4.ps1`, `TestResults.NUnit25.ps1` and `TestResults.ps1`.
//!
//! What varies between machines (host name, user, clock) comes in a `ReportContext`; nothing here reads it.

use std::fmt::Write as _;
use std::time::Duration;

use quick_xml::escape::escape;

use crate::model::Timestamp;

use super::report::{BlockResult, FileResult, Outcome, Summary, TestResult};

/// Where and when the run happened (`Get-RunTimeEnvironment`, `ExecutedAt`).
#[derive(Clone, Debug)]
pub struct ReportContext {
    pub executed_at: Timestamp,
    pub duration: Duration,
    /// `os-version`, `platform`, `cwd`, `machine-name`, `user`, `user-domain`, `clr-version`, in that order.
    pub environment: Vec<(String, String)>,
    pub culture: String,
}

const DECLARATION: &str = r#"<?xml version="1.0" encoding="utf-8" standalone="no"?>"#;

/// `ToString('0.000')` of seconds.
fn seconds3(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

/// `Convert-TimeSpan`: seconds rounded to four places, `0` for none.
fn seconds4(d: Duration) -> String {
    if d.is_zero() {
        return "0".to_string();
    }
    let s = (d.as_secs_f64() * 10_000.0).round() / 10_000.0;
    format!("{s}")
}

/// An attribute, escaped as .NET's XmlWriter does (line breaks as character references, so they survive).
fn attr(out: &mut String, name: &str, value: &str) {
    let escaped = escape(value).replace('\n', "&#xA;").replace('\r', "&#xD;");
    let _ = write!(out, " {name}=\"{escaped}\"");
}

fn machine(ctx: &ReportContext) -> &str {
    ctx.environment
        .iter()
        .find(|(k, _)| k == "machine-name")
        .map_or("", |(_, v)| v.as_str())
}

/// The JUnit 4 report.
pub fn junit(files: &[FileResult], ctx: &ReportContext) -> String {
    let s = Summary::of(files);
    let mut out = String::from(DECLARATION);
    out.push_str("\n<testsuites");
    attr(
        &mut out,
        "xmlns:xsi",
        "http://www.w3.org/2001/XMLSchema-instance",
    );
    attr(
        &mut out,
        "xsi:noNamespaceSchemaLocation",
        "junit_schema_4.xsd",
    );
    attr(&mut out, "name", "Pester");
    attr(&mut out, "tests", &s.total().to_string());
    attr(
        &mut out,
        "errors",
        &(s.failed_files + s.failed_blocks).to_string(),
    );
    attr(&mut out, "failures", &s.failed.to_string());
    attr(&mut out, "disabled", &(s.not_run + s.skipped).to_string());
    attr(&mut out, "time", &seconds3(ctx.duration));
    out.push_str(">\n");
    for (id, f) in files.iter().enumerate() {
        let tests = f.root.all_tests();
        let count = |o: Outcome| tests.iter().filter(|t| t.outcome == o).count();
        out.push_str("  <testsuite");
        attr(&mut out, "name", &f.path);
        attr(&mut out, "tests", &tests.len().to_string());
        attr(&mut out, "errors", "0");
        attr(&mut out, "failures", &count(Outcome::Failed).to_string());
        attr(&mut out, "hostname", machine(ctx));
        attr(&mut out, "id", &id.to_string());
        attr(&mut out, "skipped", &count(Outcome::Skipped).to_string());
        attr(&mut out, "disabled", &count(Outcome::NotRun).to_string());
        attr(&mut out, "package", &f.path);
        attr(&mut out, "time", &seconds3(f.duration));
        out.push_str(">\n    <properties>\n");
        let junit_env = std::iter::once(("junit-version".to_string(), "4".to_string()))
            .chain(ctx.environment.iter().cloned());
        for (k, v) in junit_env {
            out.push_str("      <property");
            attr(&mut out, "name", &k);
            attr(&mut out, "value", &v);
            out.push_str(" />\n");
        }
        out.push_str("    </properties>\n");
        for t in tests.iter().filter(|t| t.outcome != Outcome::NotRun) {
            out.push_str("    <testcase");
            attr(&mut out, "name", &t.expanded_path());
            attr(&mut out, "status", t.outcome.name());
            attr(&mut out, "classname", &f.path);
            attr(&mut out, "assertions", "0");
            attr(&mut out, "time", &seconds3(t.duration));
            let element = match t.outcome {
                Outcome::Passed => None,
                Outcome::Failed => Some("failure"),
                _ => Some("skipped"),
            };
            match element {
                None => out.push_str(" />\n"),
                Some(e) => {
                    out.push_str(">\n      <");
                    out.push_str(e);
                    attr(&mut out, "message", t.message.as_deref().unwrap_or(""));
                    let _ = write!(
                        out,
                        ">{}</{e}>\n    </testcase>\n",
                        escape(t.stack_trace.as_deref().unwrap_or(""))
                    );
                }
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Counts of a group of tests, for a suite's `result` (`Get-GroupResult`) and `success`.
#[derive(Default)]
struct Counts {
    failed: usize,
    skipped: usize,
    duration: Duration,
}

impl Counts {
    fn of<'a>(tests: impl IntoIterator<Item = &'a TestResult>) -> Counts {
        let mut c = Counts::default();
        for t in tests {
            match t.outcome {
                Outcome::Failed => c.failed += 1,
                Outcome::Skipped => c.skipped += 1,
                _ => {}
            }
            c.duration += t.duration;
        }
        c
    }

    fn result(&self) -> &'static str {
        if self.failed > 0 {
            "Failure"
        } else if self.skipped > 0 {
            "Ignored"
        } else {
            "Success"
        }
    }
}

fn suite_open(
    out: &mut String,
    indent: usize,
    kind: &str,
    name: &str,
    description: &str,
    c: &Counts,
    time: Duration,
) {
    out.push_str(&" ".repeat(indent));
    out.push_str("<test-suite");
    attr(out, "type", kind);
    attr(out, "name", name);
    attr(out, "executed", "True");
    attr(out, "result", c.result());
    attr(out, "success", if c.failed == 0 { "True" } else { "False" });
    attr(out, "time", &seconds4(time));
    attr(out, "asserts", "0");
    attr(out, "description", description);
    out.push_str(">\n");
    out.push_str(&" ".repeat(indent + 2));
    out.push_str("<results>\n");
}

fn suite_close(out: &mut String, indent: usize) {
    out.push_str(&" ".repeat(indent + 2));
    out.push_str("</results>\n");
    out.push_str(&" ".repeat(indent));
    out.push_str("</test-suite>\n");
}

/// The NUnit 2.5 report.
pub fn nunit(files: &[FileResult], ctx: &ReportContext) -> String {
    let s = Summary::of(files);
    let c = ctx.executed_at.civil();
    let mut out = String::from(DECLARATION);
    out.push_str("\n<test-results");
    attr(
        &mut out,
        "xmlns:xsi",
        "http://www.w3.org/2001/XMLSchema-instance",
    );
    attr(
        &mut out,
        "xsi:noNamespaceSchemaLocation",
        "nunit_schema_2.5.xsd",
    );
    attr(&mut out, "name", "Pester");
    attr(&mut out, "total", &(s.total() - s.not_run).to_string());
    attr(&mut out, "errors", "0");
    attr(&mut out, "failures", &s.failed.to_string());
    attr(&mut out, "not-run", &s.not_run.to_string());
    attr(&mut out, "inconclusive", "0");
    attr(&mut out, "ignored", "0");
    attr(&mut out, "skipped", &s.skipped.to_string());
    attr(&mut out, "invalid", "0");
    attr(
        &mut out,
        "date",
        &format!("{:04}-{:02}-{:02}", c.year, c.month, c.day),
    );
    attr(
        &mut out,
        "time",
        &format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second),
    );
    out.push_str(">\n  <environment");
    attr(&mut out, "nunit-version", "2.5.8.0");
    for (k, v) in &ctx.environment {
        attr(&mut out, k, v);
    }
    out.push_str(" />\n  <culture-info");
    attr(&mut out, "current-culture", &ctx.culture);
    // The UI culture (message texts) is en-US whatever the session culture: easim has English texts only.
    attr(&mut out, "current-uiculture", "en-US");
    out.push_str(" />\n");
    let all: Vec<&TestResult> = files
        .iter()
        .flat_map(|f| f.root.all_tests())
        .filter(|t| t.outcome != Outcome::NotRun)
        .collect();
    suite_open(
        &mut out,
        2,
        "TestFixture",
        "Pester",
        "Pester",
        &Counts::of(all.iter().copied()),
        ctx.duration,
    );
    for f in files.iter().filter(|f| {
        f.root
            .all_tests()
            .iter()
            .any(|t| t.outcome != Outcome::NotRun)
    }) {
        let tests = f.root.all_tests();
        let counts = Counts::of(
            tests
                .iter()
                .copied()
                .filter(|t| t.outcome != Outcome::NotRun),
        );
        suite_open(
            &mut out,
            6,
            "TestFixture",
            &f.path,
            &f.path,
            &counts,
            f.duration,
        );
        block_contents(&mut out, 10, &f.root);
        suite_close(&mut out, 6);
    }
    suite_close(&mut out, 2);
    out.push_str("</test-results>\n");
    out
}

/// A block's nested blocks (that ran) first, then its tests, data-driven ones grouped by the `It` they came from.
fn block_contents(out: &mut String, indent: usize, block: &BlockResult) {
    for b in &block.blocks {
        let tests = b.all_tests();
        if tests.iter().all(|t| t.outcome == Outcome::NotRun) {
            continue;
        }
        let counts = Counts::of(
            tests
                .iter()
                .copied()
                .filter(|t| t.outcome != Outcome::NotRun),
        );
        let name = b.path.join(".");
        let description = b.path.last().cloned().unwrap_or_default();
        suite_open(
            out,
            indent,
            "TestFixture",
            &name,
            &description,
            &counts,
            b.duration,
        );
        block_contents(out, indent + 4, b);
        suite_close(out, indent);
    }
    let mut i = 0;
    let tests: Vec<&TestResult> = block
        .tests
        .iter()
        .filter(|t| t.outcome != Outcome::NotRun)
        .collect();
    while i < tests.len() {
        let group = tests[i].group.clone();
        let Some(g) = group else {
            test_case(out, indent, tests[i], None);
            i += 1;
            continue;
        };
        let end = tests[i..]
            .iter()
            .position(|t| t.group.as_deref() != Some(g.as_str()))
            .map_or(tests.len(), |p| i + p);
        let members = &tests[i..end];
        let counts = Counts::of(members.iter().copied());
        suite_open(
            out,
            indent,
            "ParameterizedTest",
            &g,
            &g,
            &counts,
            counts.duration,
        );
        for t in members {
            test_case(out, indent + 4, t, Some(&g));
        }
        suite_close(out, indent);
        i = end;
    }
}

fn test_case(out: &mut String, indent: usize, t: &TestResult, group: Option<&str>) {
    let mut name = t.expanded_path();
    // A data-driven test whose name has no templates is told apart by its data: `name("a",1)`.
    if group == Some(name.as_str()) && !t.data.is_empty() {
        name = format!("{name}({})", t.data.join(","));
    }
    out.push_str(&" ".repeat(indent));
    out.push_str("<test-case");
    attr(out, "description", t.name());
    attr(out, "name", &name);
    attr(out, "time", &seconds4(t.duration));
    attr(out, "asserts", "0");
    attr(
        out,
        "success",
        if t.outcome == Outcome::Passed {
            "True"
        } else {
            "False"
        },
    );
    match t.outcome {
        Outcome::Passed => {
            attr(out, "result", "Success");
            attr(out, "executed", "True");
            out.push_str(" />\n");
        }
        Outcome::Skipped | Outcome::NotRun => {
            attr(out, "result", "Ignored");
            attr(out, "executed", "False");
            out.push_str(" />\n");
        }
        Outcome::Failed => {
            attr(out, "result", "Failure");
            attr(out, "executed", "True");
            out.push_str(">\n");
            let pad = " ".repeat(indent + 2);
            let _ = write!(
                out,
                "{pad}<failure>\n{pad}  <message>{}</message>\n{pad}  <stack-trace>{}</stack-trace>\n{pad}</failure>\n",
                escape(t.message.as_deref().unwrap_or("")),
                escape(t.stack_trace.as_deref().unwrap_or(""))
            );
            out.push_str(&" ".repeat(indent));
            out.push_str("</test-case>\n");
        }
    }
}
