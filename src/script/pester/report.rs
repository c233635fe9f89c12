//! What a run found: per file, the tree of blocks with each test's outcome, time and failure; the totals; and
//! the console lines Pester writes for them (`[+] name 12ms (10ms|2ms)`, `Tests completed in …`, `Tests Passed:
//! N, Failed: N, …`). Texts and colours: pester/Pester `rel/5.x.x`, `src/functions/Output.ps1`
//! (`$ReportStrings`, `$ReportTheme`, `Get-HumanTime`, `Write-PesterReport`).

use std::time::Duration;

use crate::script::eval::{ConsoleColor, HostColors, ShellHost};

/// How a test ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    Skipped,
    /// Left out by `--filter`/`--tag`.
    NotRun,
}

impl Outcome {
    /// The name Pester's reports use (`status` in JUnit, `Result` in NUnit).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Passed => "Passed",
            Outcome::Failed => "Failed",
            Outcome::Skipped => "Skipped",
            Outcome::NotRun => "NotRun",
        }
    }
}

/// One test's result.
#[derive(Clone, Debug)]
pub struct TestResult {
    /// The expanded names of its blocks and itself (`ExpandedPath` joins them with `.`).
    pub path: Vec<String>,
    pub outcome: Outcome,
    pub duration: Duration,
    /// The failure as Pester shows it (`DisplayErrorMessage`) and where (`DisplayStackTrace`).
    pub message: Option<String>,
    pub stack_trace: Option<String>,
    /// The `-ForEach` item's values, for the NUnit report's parameterised names.
    pub data: Vec<String>,
    /// The unexpanded path of the `It -ForEach` that made it, if one did.
    pub group: Option<String>,
    pub line: u32,
}

impl TestResult {
    pub fn name(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }

    pub fn expanded_path(&self) -> String {
        self.path.join(".")
    }
}

/// A block's results (a file's root block has no name).
#[derive(Clone, Debug, Default)]
pub struct BlockResult {
    pub path: Vec<String>,
    pub duration: Duration,
    /// The error of a failed BeforeAll/AfterAll.
    pub error: Option<String>,
    pub tests: Vec<TestResult>,
    pub blocks: Vec<BlockResult>,
    /// Children in source order: `true` for a block (the next of `blocks`), `false` for a test.
    pub order: Vec<bool>,
}

impl BlockResult {
    /// Every test, nested ones included, in source order.
    pub fn all_tests(&self) -> Vec<&TestResult> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a TestResult>) {
        let (mut t, mut b) = (self.tests.iter(), self.blocks.iter());
        for is_block in &self.order {
            if *is_block {
                if let Some(block) = b.next() {
                    block.collect(out);
                }
            } else if let Some(test) = t.next() {
                out.push(test);
            }
        }
    }

    /// Blocks whose setup or teardown failed, nested ones included.
    pub fn failed_blocks(&self) -> Vec<&BlockResult> {
        let mut out = Vec::new();
        if self.error.is_some() {
            out.push(self);
        }
        for b in &self.blocks {
            out.extend(b.failed_blocks());
        }
        out
    }

    pub fn count(&self, outcome: Outcome) -> usize {
        self.all_tests()
            .iter()
            .filter(|t| t.outcome == outcome)
            .count()
    }
}

/// One file's run.
#[derive(Clone, Debug)]
pub struct FileResult {
    /// The path as the user gave it.
    pub path: String,
    pub root: BlockResult,
    /// Why the file could not be run (a parse error, an error at discovery), rendered.
    pub failure: Option<String>,
    pub duration: Duration,
}

/// The totals of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub not_run: usize,
    pub failed_blocks: usize,
    pub failed_files: usize,
}

impl Summary {
    pub fn of(files: &[FileResult]) -> Summary {
        let mut s = Summary::default();
        for f in files {
            s.passed += f.root.count(Outcome::Passed);
            s.failed += f.root.count(Outcome::Failed);
            s.skipped += f.root.count(Outcome::Skipped);
            s.not_run += f.root.count(Outcome::NotRun);
            s.failed_blocks += f.root.failed_blocks().len();
            s.failed_files += usize::from(f.failure.is_some());
        }
        s
    }

    pub fn total(&self) -> usize {
        self.passed + self.failed + self.skipped + self.not_run
    }

    /// `easim test`'s exit code: 2 when a file could not be run, 1 when a test or a block failed, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.failed_files > 0 {
            2
        } else if self.failed > 0 || self.failed_blocks > 0 {
            1
        } else {
            0
        }
    }
}

/// `Get-HumanTime`: whole milliseconds under a second, else seconds to two decimals.
pub fn human_time(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{}ms", (d.as_secs_f64() * 1000.0).round_ties_even() as u64)
    } else {
        let s = (d.as_secs_f64() * 100.0).round() / 100.0;
        format!("{s}s")
    }
}

pub(crate) fn colors(c: ConsoleColor) -> HostColors {
    HostColors {
        foreground: Some(c),
        background: None,
    }
}

/// Writes one line in a colour (Pester's `Write-PesterHostMessage`).
pub(crate) fn line(out: &mut dyn ShellHost, text: &str, color: ConsoleColor) {
    out.write_host(&format!("{text}\n"), colors(color));
}

/// Writes text in a colour without ending the line.
pub(crate) fn part(out: &mut dyn ShellHost, text: &str, color: ConsoleColor) {
    out.write_host(text, colors(color));
}

/// `Write-PesterReport`: the time and the totals, then the failed blocks and files.
pub fn write_summary(out: &mut dyn ShellHost, files: &[FileResult], duration: Duration) {
    let s = Summary::of(files);
    line(
        out,
        &format!("Tests completed in {}", human_time(duration)),
        ConsoleColor::White,
    );
    let (success, failure) = if s.failed > 0 {
        (ConsoleColor::White, ConsoleColor::Red)
    } else {
        (ConsoleColor::DarkGreen, ConsoleColor::DarkGray)
    };
    let pick = |n: usize, c: ConsoleColor| if n > 0 { c } else { ConsoleColor::DarkGray };
    part(out, &format!("Tests Passed: {}, ", s.passed), success);
    part(out, &format!("Failed: {}, ", s.failed), failure);
    part(
        out,
        &format!("Skipped: {}, ", s.skipped),
        pick(s.skipped, ConsoleColor::Yellow),
    );
    part(out, "Inconclusive: 0, ", ConsoleColor::DarkGray);
    line(
        out,
        &format!("NotRun: {}", s.not_run),
        pick(s.not_run, ConsoleColor::Gray),
    );
    let blocks: Vec<String> = files
        .iter()
        .flat_map(|f| f.root.failed_blocks())
        .map(|b| format!("  - {}", b.path.join(".")))
        .collect();
    if !blocks.is_empty() {
        line(
            out,
            &format!("BeforeAll \\ AfterAll failed: {}", blocks.len()),
            ConsoleColor::Red,
        );
        line(out, &blocks.join("\n"), ConsoleColor::Red);
    }
    let failed: Vec<String> = files
        .iter()
        .filter(|f| f.failure.is_some())
        .map(|f| format!("  - {}", f.path))
        .collect();
    if !failed.is_empty() {
        line(
            out,
            &format!("Container failed: {}", failed.len()),
            ConsoleColor::Red,
        );
        line(out, &failed.join("\n"), ConsoleColor::Red);
    }
}
