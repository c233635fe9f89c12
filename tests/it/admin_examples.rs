//! Runs every cmdlet's examples against the built-in example tenant and compares the rendered output with the
//! example's expected text. With `UPDATE_EXAMPLES=1` the expected texts in `src/script/cmdlets/*.rs` are rewritten
//! from the actual output (review the diff before committing).

use easim::script::cmdlets::CMDLETS;
use easim::script::examples::run_example;

use crate::support::root;

#[test]
fn every_cmdlet_example_produces_its_expected_output() {
    let update = std::env::var_os("UPDATE_EXAMPLES").is_some();
    let mut failures = Vec::new();
    for cmdlet in CMDLETS {
        for example in cmdlet.examples {
            let actual = run_example(example);
            if actual == example.output {
                continue;
            }
            if update {
                rewrite(cmdlet.name, example.input, example.output, &actual);
            } else {
                failures.push(format!(
                    "{} — {}\n--- input\n{}\n--- expected\n{}\n--- actual\n{}\n",
                    cmdlet.name, example.title, example.input, example.output, actual
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
fn every_cmdlet_has_examples_except_export_tenant() {
    let without: Vec<&str> = CMDLETS
        .iter()
        .filter(|c| c.examples.is_empty())
        .map(|c| c.name)
        .collect();
    assert_eq!(without, ["Export-Tenant"]);
}

/// Replaces the `output: r#"…"#` that follows the example's input in its cmdlet's source file.
fn rewrite(cmdlet: &str, input: &str, old: &str, new: &str) {
    let file = root()
        .join("src/script/cmdlets")
        .join(format!("{}.rs", cmdlet.to_lowercase().replace('-', "_")));
    let text = std::fs::read_to_string(&file).unwrap();
    let literal = |s: &str| format!("output: r#\"{s}\"#");
    let first_line = input.lines().next().unwrap();
    let needle = first_line.replace('\\', "\\\\");
    let at = text
        .find(first_line)
        .or_else(|| text.find(&needle))
        .unwrap_or_else(|| {
            panic!(
                "{}: cannot find the example input {first_line:?}",
                file.display()
            )
        });
    let rel = text[at..].find(&literal(old)).unwrap_or_else(|| {
        panic!(
            "{}: cannot find the expected output after {first_line:?}",
            file.display()
        )
    });
    let start = at + rel;
    let end = start + literal(old).len();
    let updated = format!("{}{}{}", &text[..start], literal(new), &text[end..]);
    std::fs::write(&file, updated).unwrap();
}
