//! The script front end through the library's public API: the fixture corpus and properties.
//!
//! `fixtures/script/ok/*.ps1` must parse with no diagnostics and match the tree in the sibling `.ast` file;
//! `fixtures/script/err/*.ps1` must produce diagnostics, rendered into the sibling `.err` file.
//! `UPDATE_EXPECT=1` writes the expected files. The properties: parsing never panics, every span lies on
//! character boundaries inside the source, and deep nesting cannot overflow even a small stack.

use std::path::PathBuf;

use easim::script::syntax::{Parsed, dump, parse, render_all};
use expect_test::expect_file;
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::fixture;

fn ps1_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ps1"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scripts in fixtures/{dir}");
    files
}

#[test]
fn ok_scripts_parse_cleanly_into_the_expected_trees() {
    for file in ps1_files("script/ok") {
        let source = std::fs::read_to_string(&file).unwrap();
        let parsed = parse(&source);
        assert!(
            parsed.diagnostics.is_empty(),
            "{} should parse without diagnostics:\n{}",
            file.display(),
            render_all(&source, &parsed.diagnostics)
        );
        expect_file![file.with_extension("ast")].assert_eq(&dump(&parsed.script));
    }
}

#[test]
fn err_scripts_get_the_expected_diagnostics() {
    for file in ps1_files("script/err") {
        let source = std::fs::read_to_string(&file).unwrap();
        let parsed = parse(&source);
        assert!(
            !parsed.diagnostics.is_empty(),
            "{} should produce at least one diagnostic",
            file.display()
        );
        expect_file![file.with_extension("err")]
            .assert_eq(&render_all(&source, &parsed.diagnostics));
    }
}

/// Every span in the tree (each is printed by `Debug` as `span: start..end`) and every diagnostic span lies
/// on character boundaries within the source.
fn assert_spans_in_bounds(source: &str, parsed: &Parsed) {
    let tree = format!("{:?}", parsed.script);
    let mut rest = tree.as_str();
    while let Some(i) = rest.find("span: ") {
        rest = &rest[i + 6..];
        let range: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let (start, end) = range.split_once("..").unwrap();
        let (start, end): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
        assert!(
            start <= end && end <= source.len(),
            "span {start}..{end} outside {}",
            source.len()
        );
        assert!(source.is_char_boundary(start) && source.is_char_boundary(end));
    }
    for d in &parsed.diagnostics {
        let (start, end) = (d.span.start as usize, d.span.end as usize);
        assert!(
            start <= end && end <= source.len(),
            "diagnostic span {start}..{end}"
        );
        assert!(source.is_char_boundary(start) && source.is_char_boundary(end));
    }
}

/// Parses, checks spans, and exercises the printers (which must not panic either).
fn parse_and_check(source: &str) {
    let parsed = parse(source);
    assert_spans_in_bounds(source, &parsed);
    dump(&parsed.script);
    render_all(source, &parsed.diagnostics);
}

/// Fragments that make PowerShell's lexer and parser change state: brackets, quotes, here-string markers,
/// escapes, comments, operators in both modes, keywords, and the typography blogs add.
const FRAGMENTS: &[&str] = &[
    "$x",
    "$_",
    "${a",
    "}",
    "{",
    "(",
    ")",
    "$(",
    "@(",
    "@{",
    "[",
    "]",
    "[int]",
    "'",
    "\"",
    "@\"\n",
    "\n\"@",
    "@'\n",
    "\n'@",
    "`",
    "`n",
    "#",
    "<#",
    "#>",
    "|",
    ";",
    "\n",
    " ",
    ",",
    ".",
    "..",
    "::",
    "=",
    "+=",
    "-eq",
    "-not",
    "-",
    "--",
    "--%",
    "++",
    "!",
    "1",
    "0x1F",
    "10kb",
    "1.5e3",
    "Get-Mailbox",
    "-Identity",
    "-Confirm:",
    "$true",
    "foreach",
    "if",
    "else",
    "elseif",
    "function",
    "param",
    "try",
    "catch",
    "finally",
    "switch",
    "default",
    "class",
    "begin",
    "process",
    "end",
    "in",
    "while",
    "do",
    "until",
    "return",
    "&",
    "&&",
    "||",
    ">",
    "2>&1",
    "<",
    "?",
    "%",
    ":label",
    "\u{201c}",
    "\u{201d}",
    "\u{2018}",
    "\u{2019}",
    "\u{2013}",
    "\u{a0}",
    "é",
    "\r\n",
    "\r",
    "$env:",
    "$a:",
    "@splat",
    "a.b",
    "\\",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80).prop_map(|v| v.concat())
}

fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parsing_arbitrary_text_never_panics(source in "\\PC*") {
        parse_and_check(&source);
    }

    #[test]
    fn parsing_token_soup_never_panics(source in token_soup()) {
        parse_and_check(&source);
    }
}

#[test]
fn deep_nesting_fits_in_a_small_stack() {
    let n = 2000;
    let cases = [
        format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        format!("{}{}", "$(".repeat(n), ")".repeat(n)),
        format!("{}{}", "@{a=".repeat(n), "}".repeat(n)),
        format!("{}{}", "{ f ".repeat(n), "}".repeat(n)),
        format!("{}{}", "if ($x) { ".repeat(n), "}".repeat(n)),
        "\"$(".repeat(n),
        format!("{}$x", "[int]".repeat(n)),
        format!("{}$x", "-not ".repeat(n)),
        format!("$x{}", ".a[0]".repeat(n)),
        format!("[{}int{}]", "List[".repeat(n), "]".repeat(n)),
        format!("f {}", "@(".repeat(n)),
        format!("1{}", " + 1".repeat(n)),
        "a && ".repeat(n),
        // Attributes whose arguments hold script blocks that start with attributes: any speculative parse
        // that is redone on failure would take 2^depth steps here.
        format!("{}$x", "[a({".repeat(n)),
        format!("{}$x", "{[a({[int]".repeat(n)),
        format!(
            "{}1{}",
            "1 -or 1 -band 1 -eq 1 + 1 * 1 -f 1 .. (".repeat(n),
            ")".repeat(n)
        ),
    ];
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for source in &cases {
                parse_and_check(source);
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
