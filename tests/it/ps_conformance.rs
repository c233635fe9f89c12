//! The PowerShell conformance corpus (`fixtures/powershell/*.txt`, format in its README): cases harvested from
//! PowerShell's own Pester tests and the Windows PowerShell 5.1 about_* reference, each run as a script in a fresh
//! session. A case must print exactly what its source states; a known gap must stop with an error naming the
//! construct and print nothing its source disagrees with. The pass rate of each area is printed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use easim::admin::LocalHost;
use easim::admin::examples::{EXAMPLE_NOW, example_tenant};
use easim::script::culture::{self, Culture};
use easim::script::eval::HostColors;
use easim::script::{Session, SessionOptions, ShellError, ShellHost};

use crate::support::fixture;

/// One case of the corpus.
#[derive(Debug)]
struct Case {
    name: String,
    /// `file:line` of the case's `===` line, for messages.
    at: String,
    sources: Vec<String>,
    /// For a known gap: text the error must contain (it names the construct).
    gap: Option<String>,
    /// The session culture (`culture: de-DE`); en-US when not given.
    culture: Option<&'static Culture>,
    script: String,
    output: String,
    /// Texts the errors written must contain, in order (an error the source states).
    errors: Vec<String>,
}

#[derive(PartialEq)]
enum Section {
    Header,
    Script,
    Output,
    Errors,
}

/// Reads one area file; a malformed file is a test failure naming the line.
fn parse_cases(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap();
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut cases: Vec<Case> = Vec::new();
    let mut section = Section::Header;
    for (n, line) in text.lines().enumerate() {
        let lineno = n + 1;
        if let Some(name) = line.strip_prefix("=== ") {
            cases.push(Case {
                name: name.trim().to_string(),
                at: format!("{file}:{lineno}"),
                sources: Vec::new(),
                gap: None,
                culture: None,
                script: String::new(),
                output: String::new(),
                errors: Vec::new(),
            });
            section = Section::Header;
            continue;
        }
        let Some(case) = cases.last_mut() else {
            assert!(
                line.is_empty() || line.starts_with('#'),
                "{file}:{lineno}: only comments may come before the first case"
            );
            continue;
        };
        match line {
            "--- script" => {
                section = Section::Script;
                continue;
            }
            "--- output" => {
                assert!(
                    section == Section::Script,
                    "{file}:{lineno}: output before script"
                );
                section = Section::Output;
                continue;
            }
            "--- errors" => {
                section = Section::Errors;
                continue;
            }
            _ => {}
        }
        match section {
            Section::Header => {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (key, value) = line
                    .split_once(": ")
                    .unwrap_or_else(|| panic!("{file}:{lineno}: expected `key: value`"));
                match key {
                    "source" => case.sources.push(value.to_string()),
                    "gap" => case.gap = Some(value.to_string()),
                    "culture" => {
                        case.culture = Some(culture::find(value).unwrap_or_else(|| {
                            panic!("{file}:{lineno}: unknown culture {value:?}")
                        }))
                    }
                    other => panic!("{file}:{lineno}: unknown key {other:?}"),
                }
            }
            Section::Script => {
                case.script.push_str(line);
                case.script.push('\n');
            }
            Section::Output => {
                case.output.push_str(line);
                case.output.push('\n');
            }
            Section::Errors => {
                if !line.trim().is_empty() {
                    case.errors.push(line.trim().to_string());
                }
            }
        }
    }
    for c in &cases {
        assert!(!c.sources.is_empty(), "{}: a case needs a source", c.at);
        assert!(
            !c.script.trim().is_empty(),
            "{}: a case needs a script",
            c.at
        );
    }
    cases
}

/// Lines without trailing spaces (PowerShell pads table cells; the sources do not), without leading and
/// trailing blank lines (a table's surrounding blank lines are left out of most sources).
fn normalize(text: &str) -> Vec<String> {
    let lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    lines[start..end].to_vec()
}

/// What a case wrote: the console text other than errors, and each error as PowerShell renders it.
#[derive(Default)]
struct CaseHost {
    text: String,
    errors: Vec<String>,
}

impl ShellHost for CaseHost {
    fn write_output(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn write_host(&mut self, text: &str, _colors: HostColors) {
        self.text.push_str(text);
    }

    fn write_warning(&mut self, message: &str) {
        let _ = writeln!(self.text, "WARNING: {message}");
    }

    fn write_error(&mut self, error: &ShellError) {
        self.errors.push(error.rendered.clone());
    }

    fn write_verbose(&mut self, message: &str) {
        let _ = writeln!(self.text, "VERBOSE: {message}");
    }

    fn write_information(&mut self, text: &str) {
        let _ = writeln!(self.text, "{text}");
    }
}

/// Why a case did not do what the corpus says, or `None` when it did.
fn check(case: &Case, host: &CaseHost) -> Option<String> {
    let got = normalize(&host.text);
    let want = normalize(&case.output);
    let errors = host.errors.join("\n");
    let show = |what: &str| {
        format!(
            "{what}\n--- script\n{}--- expected\n{}\n--- got\n{}\n--- errors\n{errors}",
            case.script,
            want.join("\n"),
            got.join("\n")
        )
    };
    if let Some(gap) = &case.gap {
        if got == want && host.errors.is_empty() {
            return Some(show("known gap now passes: drop its `gap:` line"));
        }
        if host.errors.is_empty() {
            return Some(show(&format!(
                "known gap ({gap}) ran without an error: a silently wrong result"
            )));
        }
        if !errors.contains(gap.as_str()) {
            return Some(show(&format!(
                "known gap: the error does not name the construct ({gap:?})"
            )));
        }
        if got.len() > want.len() || got[..] != want[..got.len()] {
            return Some(show(
                "known gap: printed output its source disagrees with before failing",
            ));
        }
        if got == want && case.errors.is_empty() {
            return Some(show("known gap now passes: drop its `gap:` line"));
        }
        return None;
    }
    if got != want {
        return Some(show("output differs"));
    }
    if case.errors.is_empty() {
        if !host.errors.is_empty() {
            return Some(show("wrote an error its source does not"));
        }
    } else {
        let mut rest = errors.as_str();
        for e in &case.errors {
            match rest.find(e.as_str()) {
                Some(at) => rest = &rest[at + e.len()..],
                None => return Some(show(&format!("expected an error containing {e:?}"))),
            }
        }
    }
    None
}

/// The interrupt flag of the case running now and when it started.
type Running = Arc<Mutex<Option<(Arc<AtomicBool>, Instant)>>>;

/// Stops a case that runs for too long (a loop the shell gets wrong), so the corpus reports it.
struct Watchdog {
    current: Running,
    stop: Arc<AtomicBool>,
}

impl Watchdog {
    fn start() -> Watchdog {
        let current: Running = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (current.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
                if let Some((flag, started)) = &*c.lock().unwrap()
                    && started.elapsed() > Duration::from_secs(10)
                {
                    flag.store(true, Ordering::Relaxed);
                }
            }
        });
        Watchdog { current, stop }
    }

    fn watch(&self, flag: Option<Arc<AtomicBool>>) {
        *self.current.lock().unwrap() = flag.map(|f| (f, Instant::now()));
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn area_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture("powershell"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn run_corpus() {
    let mut tenant = example_tenant();
    let mut cmdlets = LocalHost::new(&mut tenant, EXAMPLE_NOW);
    let watchdog = Watchdog::start();
    let mut failures = Vec::new();
    let (mut total, mut passed, mut gaps) = (0, 0, 0);
    let mut names = std::collections::HashSet::new();
    for file in area_files() {
        let area = file.file_stem().unwrap().to_string_lossy().into_owned();
        let cases = parse_cases(&file);
        let (mut area_pass, mut area_gaps) = (0, 0);
        for case in &cases {
            assert!(
                names.insert(case.name.to_lowercase()),
                "{}: the case name {:?} is used twice",
                case.at,
                case.name
            );
            let mut session = Session::new(SessionOptions {
                culture: case.culture.unwrap_or(&culture::EN_US),
                ..SessionOptions::default()
            });
            let mut host = CaseHost::default();
            watchdog.watch(Some(session.interrupt_handle()));
            session.run(&case.script, &mut cmdlets, &mut host);
            watchdog.watch(None);
            match check(case, &host) {
                Some(why) => failures.push(format!("{} ({}): {why}", case.at, case.name)),
                None if case.gap.is_some() => area_gaps += 1,
                None => area_pass += 1,
            }
        }
        eprintln!(
            "ps_conformance: {area:<16} {area_pass:>3}/{:<3} pass ({:.1}%), {area_gaps} known gaps",
            cases.len(),
            100.0 * area_pass as f64 / cases.len().max(1) as f64
        );
        total += cases.len();
        passed += area_pass;
        gaps += area_gaps;
    }
    eprintln!(
        "ps_conformance: {:<16} {passed:>3}/{total:<3} pass ({:.1}%), {gaps} known gaps",
        "all",
        100.0 * passed as f64 / total.max(1) as f64
    );
    assert!(
        total >= 400,
        "the corpus has {total} cases; it needs at least 400"
    );
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_corpus_runs_as_its_sources_say() {
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(run_corpus)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn a_gap_that_prints_a_value_is_reported() {
    let case = Case {
        name: "planted".into(),
        at: "planted:1".into(),
        sources: vec!["planted".into()],
        gap: Some("not supported".into()),
        culture: None,
        script: "1\n".into(),
        output: "2\n".into(),
        errors: Vec::new(),
    };
    let host = CaseHost {
        text: "1\n".into(),
        errors: Vec::new(),
    };
    assert!(check(&case, &host).unwrap().contains("silently wrong"));
    let host = CaseHost {
        text: "1\n".into(),
        errors: vec!["X is not supported by the easim shell.".into()],
    };
    assert!(check(&case, &host).unwrap().contains("disagrees"));
    let host = CaseHost {
        text: String::new(),
        errors: vec!["X is not supported by the easim shell.".into()],
    };
    assert!(check(&case, &host).is_none());
}
