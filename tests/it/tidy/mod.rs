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
const KNOWN_CYCLES: &[(&str, &[&str])] = &[
    ("crate::eas", &["commands", "dispatch"]),
    ("crate::eas", &["mail_gen", "mail_store"]),
    ("crate::model", &["device", "tenant"]),
    // `eval::catalog` -> `utility`, `eval::interp` -> `format`, `format`/`utility`/`csv` -> `eval`.
    ("crate::script", &["csv", "eval", "format", "utility"]),
];

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

fn analysis() -> Analysis {
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
}

/// Splits what was found into the breaches not listed as known, and the known entries that matched nothing.
fn against_known<'k, T: std::fmt::Display>(
    found: &[T],
    known: &'k [(&'k str, &'k str)],
    matches: impl Fn(&T, &str, &str) -> bool,
) -> (Vec<String>, Vec<&'k (&'k str, &'k str)>) {
    let new = found
        .iter()
        .filter(|f| !known.iter().any(|(a, b)| matches(f, a, b)))
        .map(ToString::to_string)
        .collect();
    let stale = known
        .iter()
        .filter(|(a, b)| !found.iter().any(|f| matches(f, a, b)))
        .collect();
    (new, stale)
}

#[test]
fn modules_import_only_what_their_rule_allows() {
    let violations = check::layering(&analysis(), rules::RULES);
    let (new, stale) = against_known(
        &violations,
        KNOWN_VIOLATIONS,
        |v: &Violation, file, part| v.at.file == file && v.message.contains(part),
    );
    assert!(
        new.is_empty(),
        "layering violations (see tests/it/tidy/rules.rs):\n{}",
        new.join("\n")
    );
    assert!(
        stale.is_empty(),
        "fixed, so delete from KNOWN_VIOLATIONS: {stale:?}"
    );
}

#[test]
fn sibling_modules_do_not_import_each_other_in_a_circle() {
    let cycles = check::cycles(&analysis());
    let listed = |c: &Cycle, room: &str, members: &[&str]| c.room == room && c.members == members;
    let new: Vec<String> = cycles
        .iter()
        .filter(|c| !KNOWN_CYCLES.iter().any(|(r, m)| listed(c, r, m)))
        .map(|c| format!("  {c}"))
        .collect();
    let stale: Vec<_> = KNOWN_CYCLES
        .iter()
        .filter(|(r, m)| !cycles.iter().any(|c| listed(c, r, m)))
        .collect();
    assert!(
        new.is_empty(),
        "import cycles between sibling modules:\n{}",
        new.join("\n")
    );
    assert!(
        stale.is_empty(),
        "these KNOWN_CYCLES no longer exist as listed (broken or shrunk): update the list: {stale:?}"
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
