//! Project-wide invariants checked cheaply by reading the source: import directions between modules, a `//!`
//! header on every file, no `#[ignore]`, no `dbg!`, no `.unwrap()` in library code.

use std::path::{Path, PathBuf};

use crate::support::root;

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

fn rel(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

/// Code lines only: comment lines are skipped so prose may mention what code may not use.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
}

/// What a pure module may not mention: it gets time, randomness and I/O as arguments.
const IMPURE: &[&str] = &[
    "tokio",
    "hyper",
    "std::net",
    "std::fs",
    "SystemTime::now",
    "Instant::now",
    "thread_rng",
    "rand::rng",
];

/// Per top-level module: whether it is pure, and which other things it may not mention (`crate::` alone forbids
/// every other module of the crate).
const RULES: &[(&str, bool, &[&str])] = &[
    ("model", true, &["crate::"]),
    ("wbxml", true, &["crate::"]),
    (
        "access",
        true,
        &[
            "crate::wbxml",
            "crate::eas",
            "crate::script",
            "crate::server",
            "crate::load",
            "crate::generator",
        ],
    ),
    (
        "generator",
        true,
        &[
            "crate::wbxml",
            "crate::eas",
            "crate::script",
            "crate::server",
            "crate::load",
        ],
    ),
    (
        "eas",
        true,
        &["crate::script", "crate::server", "crate::load"],
    ),
    (
        "script",
        true,
        &["crate::wbxml", "crate::eas", "crate::server", "crate::load"],
    ),
    ("load", false, &["crate::server", "crate::script"]),
    // The remote cmdlet host talks to the server only over HTTP, like any outside client.
    (
        "remote",
        false,
        &[
            "crate::server",
            "crate::eas",
            "crate::load",
            "crate::wbxml",
            "crate::generator",
        ],
    ),
    // The shell's front end runs nothing itself: the binary gives it a host (in-process or remote).
    (
        "repl",
        false,
        &[
            "crate::server",
            "crate::remote",
            "crate::eas",
            "crate::load",
            "crate::wbxml",
            "crate::generator",
            "tokio",
            "hyper",
            "std::net",
        ],
    ),
];

#[test]
fn modules_import_only_in_the_allowed_directions() {
    let mut problems = Vec::new();
    for &(module, pure, own) in RULES {
        let impure: &[&str] = if pure { IMPURE } else { &[] };
        for file in rust_files(&root().join("src").join(module)) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in code_lines(&text) {
                for word in own.iter().chain(impure) {
                    // `crate::` alone forbids every import of the crate; `crate::x` forbids one module.
                    let hit = if *word == "crate::" {
                        line.contains("crate::") && !line.contains(&format!("crate::{module}"))
                    } else {
                        line.contains(word)
                    };
                    if hit {
                        problems.push(format!(
                            "{}:{n}: `{module}` must not use `{word}`: {}",
                            rel(&file),
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layering violations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let missing: Vec<String> = rust_files(&root().join("src"))
        .into_iter()
        .chain(rust_files(&root().join("tests")))
        .chain(rust_files(&root().join("benches")))
        .filter(|f| !std::fs::read_to_string(f).unwrap().starts_with("//!"))
        .map(|f| rel(&f))
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` header: {missing:?}"
    );
}

#[test]
fn no_ignored_tests_debug_macros_or_library_unwraps() {
    let mut problems = Vec::new();
    let ignore = ["#[", "ignore]"].concat();
    let should_panic = ["#[", "should_panic"].concat();
    let dbg = ["dbg", "!("].concat();
    let unwrap = [".unwrap", "()"].concat();
    for dir in ["src", "tests", "benches"] {
        for file in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            let is_test_file = dir != "src" || file.ends_with("tests.rs");
            for (n, line) in code_lines(&text) {
                if line.contains(&ignore) || line.contains(&should_panic) || line.contains(&dbg) {
                    problems.push(format!("{}:{n}: {}", rel(&file), line.trim()));
                }
                if !is_test_file && line.contains(&unwrap) {
                    problems.push(format!(
                        "{}:{n}: unwrap in library code: {}",
                        rel(&file),
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
