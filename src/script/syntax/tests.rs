//! Unit tests of the script front end: one `check` per case, snapshotting the tree (`dump`) and the rendered
//! diagnostics. Refresh with `UPDATE_EXPECT=1 cargo test --lib script`. Cases are grouped by topic in
//! `tests/`; whole scripts live in `fixtures/script/` (see `tests/it/script_syntax.rs`).

mod commands;
mod errors;
mod expressions;
mod statements;

use expect_test::Expect;

use super::*;

#[track_caller]
fn check(source: &str, expect: Expect) {
    let parsed = parse(source);
    let mut out = dump(&parsed.script);
    if !parsed.diagnostics.is_empty() {
        out.push_str("---\n");
        out.push_str(&render_all(source, &parsed.diagnostics));
    }
    expect.assert_eq(&out);
}

#[track_caller]
fn check_text(actual: &str, expect: Expect) {
    expect.assert_eq(actual);
}

/// Issue 10: "the parser is linear (a 120 KB chain of casts like `[int][int]…1` parses in well under a second,
/// today it is quadratic)". Work is counted as bytes the lexer reads (re-reads included), not wall time: a
/// chain four times longer must cost about four times as much.
mod linearity {
    use super::super::parser::Parser;

    fn scanned(source: &str) -> usize {
        let mut parser = Parser::new(source);
        let _ = parser.parse_script();
        parser.scanned()
    }

    #[track_caller]
    fn assert_linear(make: impl Fn(usize) -> String) {
        let (small, large) = (make(6_000), make(24_000));
        let (a, b) = (scanned(&small), scanned(&large));
        assert!(
            b <= a * 5,
            "4x the input read {b} bytes against {a} (more than 5x: not linear)"
        );
        assert!(
            b <= large.len() * 8,
            "{b} bytes read for {} of source",
            large.len()
        );
    }

    #[test]
    fn a_120_kb_chain_of_casts_is_read_a_bounded_number_of_times() {
        let source = format!("{}1", "[int]".repeat(24_000));
        assert_eq!(source.len(), 120_001);
        let parsed = super::parse(&source);
        // Past the nesting limit the parser stops with one clear diagnostic rather than recursing.
        assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
        assert!(parsed.diagnostics[0].message.contains("levels deep"));
        assert_linear(|n| format!("{}1", "[int]".repeat(n)));
    }

    #[test]
    fn long_and_deep_inputs_are_linear() {
        assert_linear(|n| "[int]1;".repeat(n));
        assert_linear(|n| "$a = 1 + 2 | Where-Object { $_ }\n".repeat(n / 4));
        assert_linear(|n| format!("{}1{}", "(".repeat(n), ")".repeat(n)));
        assert_linear(|n| format!("{}1{}", "@(".repeat(n), ")".repeat(n)));
        assert_linear(|n| format!("{}{}", "{".repeat(n), "}".repeat(n)));
        assert_linear(|n| format!("{}param()", "[x]".repeat(n)));
        assert_linear(|n| format!("Get-Thing {}", "-a b ".repeat(n)));
        assert_linear(|n| format!("'{}'", "x".repeat(n * 4)));
        assert_linear(|n| format!("\"{}\"", "$(1)".repeat(n)));
    }
}

/// Issue 10: "Property tests: the parser never panics and is linear on generated deep/long inputs."
mod generated {
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "[int]",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "@(",
        "@{",
        "$(",
        "$a",
        "$_",
        " ",
        "\n",
        ";",
        "|",
        "'s'",
        "\"x$a\"",
        "\"",
        "'",
        "-eq",
        "-",
        "1",
        "0x1F",
        "param",
        "function f",
        "if",
        "else",
        "foreach",
        "=",
        "+=",
        ",",
        ".",
        "::",
        "`",
        "#c",
        "<#",
        "#>",
        "Get-Item",
        "-Name",
        "&",
        ">",
        "2>&1",
        "[x()]",
    ];

    proptest! {
        #[test]
        fn the_parser_never_panics(picks in proptest::collection::vec(0..PIECES.len(), 0..400)) {
            let source: String = picks.iter().map(|&i| PIECES[i]).collect();
            let parsed = super::parse(&source);
            // Every diagnostic points inside the source.
            for d in &parsed.diagnostics {
                prop_assert!((d.span.end as usize) <= source.len());
            }
        }
    }
}
