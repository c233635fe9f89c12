//! The README's examples are executable: every ```sh block whose first line starts with `$ easim` is run and its
//! output compared with the lines that follow; the quick-start test command is the one CI runs.

use crate::support::{easim, root, stdout};

/// Splits a command line the way a POSIX shell would for the simple cases the README uses (quotes, no
/// expansions).
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

#[test]
fn readme_transcripts_match_what_easim_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut checked = 0;
    for block in readme.split("```sh\n").skip(1) {
        let body = block.split("```").next().unwrap();
        let Some(command) = body.lines().next().and_then(|l| l.strip_prefix("$ easim ")) else {
            continue;
        };
        let expected: String = body.lines().skip(1).map(|l| format!("{l}\n")).collect();
        let args = split(command);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = easim(&args);
        assert_eq!(
            stdout(&out),
            expected,
            "README example `easim {command}` prints something else"
        );
        checked += 1;
    }
    assert!(
        checked > 0,
        "the README has no `$ easim` transcript to check"
    );
}

#[test]
fn readme_test_command_is_the_one_ci_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        readme.contains("\ncargo test "),
        "the README's quick start names `cargo test`"
    );
    assert!(
        ci.lines().any(|l| l.trim() == "cargo test"),
        ".ci/run runs the README's `cargo test`"
    );
}
