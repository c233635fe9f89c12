//! Runs every command's examples (the Exchange cmdlets' and the shell's utility cmdlets') through the shell's
//! evaluator against the built-in example tenant and compares what it prints with the example's expected text.
//! With `UPDATE_EXAMPLES=1` the expected texts in `src/script/**/*.rs`, `src/admin/**/*.rs` and `src/sim/**/*.rs` are rewritten from the actual output
//! (review the diff before committing).

use std::path::{Path, PathBuf};

use easim::admin::examples::run_example;
use easim::script::catalog::{CommandKind, commands};

use crate::support::root;

#[test]
fn every_command_example_produces_its_expected_output() {
    let update = std::env::var_os("UPDATE_EXAMPLES").is_some();
    let mut failures = Vec::new();
    for command in commands(&easim::admin::REGISTRY) {
        for example in command.examples {
            let actual = run_example(example);
            if actual == example.output {
                continue;
            }
            if update {
                rewrite(example.input, example.output, &actual);
            } else {
                failures.push(format!(
                    "{} — {}\n--- input\n{}\n--- expected\n{}\n--- actual\n{}\n",
                    command.name, example.title, example.input, example.output, actual
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) differ (UPDATE_EXAMPLES=1 rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_exchange_cmdlet_has_examples_except_export_tenant() {
    let without: Vec<&str> = commands(&easim::admin::REGISTRY)
        .iter()
        .filter(|c| c.kind == CommandKind::HostCmdlet && c.examples.is_empty())
        .map(|c| c.name)
        .collect();
    assert_eq!(without, ["Export-Tenant"]);
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Replaces the `output: r#"…"#` (or `output: "…"`) that follows the example's input in the file that holds it.
pub(crate) fn rewrite(input: &str, old: &str, new: &str) {
    let first_line = input.lines().next().unwrap();
    let escaped = first_line.replace('\\', "\\\\").replace('"', "\\\"");
    let files = rust_files(&root().join("src/script"))
        .into_iter()
        .chain(rust_files(&root().join("src/admin")))
        .chain(rust_files(&root().join("src/sim")));
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let needles = [
            format!("input: \"{escaped}"),
            format!("input: r\"{first_line}"),
            format!("input: r#\"{first_line}"),
        ];
        let Some(at) = needles.iter().find_map(|n| text.find(n.as_str())) else {
            continue;
        };
        let candidates = [
            format!("output: r#\"{old}\"#"),
            format!(
                "output: \"{}\"",
                old.replace('\\', "\\\\")
                    .replace('"', "\\\"")
                    .replace('\n', "\\n")
            ),
        ];
        let Some((rel, len)) = candidates
            .iter()
            .filter_map(|c| text[at..].find(c.as_str()).map(|r| (r, c.len())))
            .min()
        else {
            panic!(
                "{}: cannot find the expected output after {first_line:?}",
                file.display()
            );
        };
        let start = at + rel;
        let updated = format!(
            "{}output: r#\"{new}\"#{}",
            &text[..start],
            &text[start + len..]
        );
        std::fs::write(&file, updated).unwrap();
        return;
    }
    panic!("cannot find the example input {first_line:?} in src/script, src/admin or src/sim");
}
