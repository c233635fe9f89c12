//! Project-wide invariants checked by parsing the sources with `syn`: import directions and purity per module and
//! inner layer (the table in `rules.rs`), no import cycles between sibling files of one directory, a `//!` header
//! on every file, no `#[ignore]`, `#[should_panic]` or `dbg!`, no `.unwrap()` in library code. `planted.rs` feeds
//! the checker planted violations to prove it bites. Nothing here fixes `src/`: known breaches are listed below
//! and must shrink, never grow.

mod check;
mod imports;
mod planted;
mod rules;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::root;
use check::{Cycle, Violation};
use imports::{Analysis, Source, analyze};

/// Import cycles between sibling modules that other work is breaking right now, as (room, members). The test
/// tolerates exactly these, and FAILS when one of them no longer exists (or has shrunk): then delete (or edit) its
/// entry, so this list only ever gets shorter. A new cycle is never added here: break it.
///
/// Not visible to this check: `script::eval::interp` and the files that add methods to `Interp` in their own
/// `impl Interp<'_>` blocks (`members`, `types`, `expr`, …) only meet through method calls, which need type
/// information; the names they import run one way (those files -> `interp`).
const KNOWN_CYCLES: &[(&str, &[&str])] = &[];

/// Layering or purity breaches in `src/` the table does not allow yet, as (file, part of the message). Like
/// `KNOWN_CYCLES`: tolerated, and the test fails when one is gone so the entry is deleted. None today.
const KNOWN_VIOLATIONS: &[(&str, &str)] = &[];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every `.rs` file under the given top-level directories, with its path relative to the repository root.
fn sources(dirs: &[&str]) -> Vec<Source> {
    dirs.iter()
        .flat_map(|d| rust_files(&root().join(d)))
        .map(|f| Source {
            rel: f.strip_prefix(root()).unwrap().display().to_string(),
            text: std::fs::read_to_string(&f).unwrap(),
        })
        .collect()
}

/// The real tree, parsed once for all the tests here.
fn analysis() -> &'static Analysis {
    static ANALYSIS: OnceLock<Analysis> = OnceLock::new();
    ANALYSIS.get_or_init(|| {
        let analysis = analyze(&sources(&["src", "tests", "benches"]));
        assert!(
            analysis.errors.is_empty(),
            "files syn cannot parse:\n{}",
            analysis.errors.join("\n")
        );
        assert!(
            analysis.files.len() > 100 && analysis.references.len() > 1000,
            "the checker found almost nothing to check: {} files, {} references",
            analysis.files.len(),
            analysis.references.len()
        );
        analysis
    })
}

/// What was found that no known entry lists, and the known entries that match nothing found (stale: fixed).
fn unlisted_and_stale<T: std::fmt::Display, K: std::fmt::Debug>(
    found: &[T],
    known: &[K],
    listed: impl Fn(&T, &K) -> bool,
) -> (Vec<String>, Vec<String>) {
    let unlisted = found
        .iter()
        .filter(|f| !known.iter().any(|k| listed(f, k)))
        .map(|f| format!("  {f}"))
        .collect();
    let stale = known
        .iter()
        .filter(|k| !found.iter().any(|f| listed(f, k)))
        .map(|k| format!("  {k:?}"))
        .collect();
    (unlisted, stale)
}

/// Whether a cycle found is the one a `KNOWN_CYCLES` entry lists (same room, same members).
fn is_listed_cycle(c: &Cycle, (room, members): &(&str, &[&str])) -> bool {
    c.room == *room && c.members == *members
}

#[test]
fn modules_import_only_what_their_rule_allows() {
    let violations = check::layering(analysis(), rules::RULES);
    let (unlisted, stale) = unlisted_and_stale(
        &violations,
        KNOWN_VIOLATIONS,
        |v: &Violation, (file, part)| v.at.file == *file && v.message.contains(part),
    );
    assert!(
        unlisted.is_empty(),
        "layering violations (see tests/it/tidy/rules.rs):\n{}",
        unlisted.join("\n")
    );
    assert!(
        stale.is_empty(),
        "fixed, so delete from KNOWN_VIOLATIONS:\n{}",
        stale.join("\n")
    );
}

#[test]
fn sibling_modules_do_not_import_each_other_in_a_circle() {
    let cycles = check::cycles(analysis());
    let (unlisted, stale) = unlisted_and_stale(&cycles, KNOWN_CYCLES, is_listed_cycle);
    assert!(
        unlisted.is_empty(),
        "import cycles between sibling modules (break them; never add them to KNOWN_CYCLES):\n{}",
        unlisted.join("\n")
    );
    assert!(
        stale.is_empty(),
        "these KNOWN_CYCLES no longer exist as listed (broken or shrunk), so delete or edit them:\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let missing: Vec<String> = sources(&["src", "tests", "benches"])
        .into_iter()
        .filter(|s| !s.text.starts_with("//!"))
        .map(|s| s.rel)
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` header: {missing:?}"
    );
}

#[test]
fn no_ignored_tests_debug_macros_or_library_unwraps() {
    let findings: Vec<String> = analysis()
        .findings
        .iter()
        .map(|(at, what)| format!("{at}: {what}"))
        .collect();
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}
