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
