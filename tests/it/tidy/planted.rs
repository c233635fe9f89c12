//! The checker's own tests: planted sources, given as strings with a pretend path, each breaking one rule in one
//! form the old substring check missed; each must be reported at its file and line, and clean code must not be.
//! Does not read the real tree.

use super::imports::{Source, analyze};
use super::rules::{Kind, MODEL_PRIMITIVES, RULES, row};
use super::{check, is_listed_cycle, unlisted_and_stale};

/// Everything the checker reports for these files under the project's rules, as `file:line: message`.
fn report(files: &[(&str, &str)]) -> Vec<String> {
    report_with(files, RULES)
}

fn sources(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(rel, text)| Source {
            rel: (*rel).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

fn report_with(files: &[(&str, &str)], rules: &[super::rules::Rule]) -> Vec<String> {
    let analysis = analyze(&sources(files));
    assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
    let mut out: Vec<String> = check::layering(&analysis, rules)
        .iter()
        .map(ToString::to_string)
        .collect();
    out.extend(
        analysis
            .findings
            .iter()
            .map(|(at, what)| format!("{at}: {what}")),
    );
    out.extend(check::cycles(&analysis).iter().map(ToString::to_string));
    out
}

/// Asserts that `file:line:` is reported with a message containing `part`.
#[track_caller]
fn assert_reported(report: &[String], at: &str, part: &str) {
    assert!(
        report
            .iter()
            .any(|r| r.starts_with(&format!("{at}: ")) && r.contains(part)),
        "expected `{part}` at {at}; got:\n{}",
        report.join("\n")
    );
}

#[track_caller]
fn assert_clean(report: &[String]) {
    assert!(
        report.is_empty(),
        "expected nothing; got:\n{}",
        report.join("\n")
    );
}

#[test]
fn a_grouped_use_is_expanded() {
    let r = report(&[(
        "src/model/tenant.rs",
        "//! t\nuse crate::{model::Mailbox, server::AppState};\n",
    )]);
    assert_reported(&r, "src/model/tenant.rs:2", "crate::server::AppState");
    assert_eq!(r.len(), 1, "`crate::model::Mailbox` is model's own: {r:?}");
}

#[test]
fn a_multi_line_nested_group_is_reported_at_its_leaf() {
    let src = "//! t\nuse crate::{\n    model::Tenant,\n    server::{\n        self,\n        state::World,\n    },\n};\n";
    let r = report(&[("src/access/engine.rs", src)]);
    assert_reported(&r, "src/access/engine.rs:5", "may not use `crate::server`");
    assert_reported(&r, "src/access/engine.rs:6", "crate::server::state::World");
    assert_eq!(r.len(), 2, "{r:?}");
}

#[test]
fn super_super_is_resolved() {
    let src = "//! t\nuse super::super::server::routes;\nuse super::dispatch::Facts;\n";
    let r = report(&[("src/eas/commands/mod.rs", src)]);
    assert_reported(&r, "src/eas/commands/mod.rs:2", "crate::server::routes");
    assert_eq!(r.len(), 1, "`super::dispatch` is eas's own: {r:?}");
}

#[test]
fn std_groups_are_expanded_for_purity() {
    let src = "//! t\nuse std::{\n    collections::HashMap,\n    fs,\n    net::TcpStream,\n};\n";
    let r = report(&[("src/wbxml/decode.rs", src)]);
    assert_reported(&r, "src/wbxml/decode.rs:4", "`std::fs`");
    assert_reported(&r, "src/wbxml/decode.rs:5", "`std::net`");
    assert_eq!(r.len(), 2, "{r:?}");
    let one_line = "//! t\nuse std::{fs, net::TcpStream};\n";
    let r = report(&[("src/access/view.rs", one_line)]);
    assert_reported(&r, "src/access/view.rs:2", "`std::fs` (written `std::fs`)");
    assert_reported(
        &r,
        "src/access/view.rs:2",
        "`std::net` (written `std::net::TcpStream`)",
    );
}

#[test]
fn inline_paths_count_in_code_and_in_macros() {
    let src = "//! t\nfn f() -> bool {\n    let _ = format!(\"{:?}\", std::time::SystemTime::now());\n    std::env::var(\"X\").is_ok()\n}\n";
    let r = report(&[("src/generator/generate.rs", src)]);
    assert_reported(&r, "src/generator/generate.rs:3", "SystemTime::now");
    assert_reported(&r, "src/generator/generate.rs:4", "`std::env`");
}

#[test]
fn a_self_re_export_is_followed_to_what_it_names() {
    let src = "//! t\nmod inner {\n    pub use crate::server::AppState;\n}\npub use self::inner::AppState;\n";
    let r = report(&[("src/model/mod.rs", src)]);
    assert_reported(&r, "src/model/mod.rs:3", "crate::server::AppState");
    assert_reported(&r, "src/model/mod.rs:5", "written `self::inner::AppState`");
}

#[test]
fn a_re_export_elsewhere_is_followed_too() {
    // `crate::script::Session` is `pub use eval::Session`: fine for `script`, not for its parser.
    let files = [
        (
            "src/script/mod.rs",
            "//! t\npub use eval::Session;\nmod eval;\nmod syntax;\n",
        ),
        ("src/script/eval/mod.rs", "//! t\npub struct Session;\n"),
        (
            "src/script/syntax/parser.rs",
            "//! t\nuse crate::script::Session;\nuse super::lexer::Token;\n",
        ),
    ];
    let r = report(&files);
    assert_reported(
        &r,
        "src/script/syntax/parser.rs:2",
        "crate::script::Session",
    );
    assert_eq!(r.len(), 1, "`super::lexer` is syntax's own: {r:?}");
}

#[test]
fn a_glob_import_is_a_reference_to_its_module() {
    let r = report(&[("src/access/mod.rs", "//! t\nuse crate::server::*;\n")]);
    assert_reported(&r, "src/access/mod.rs:2", "written `crate::server::*`");
}

#[test]
fn a_renamed_import_and_its_uses_are_reported() {
    let src = "//! t\nuse crate::server as s;\nfn f() {\n    s::run();\n}\n";
    let r = report(&[("src/eas/mod.rs", src)]);
    assert_reported(&r, "src/eas/mod.rs:2", "written `crate::server as s`");
    assert_reported(
        &r,
        "src/eas/mod.rs:4",
        "`crate::server::run` (written `s::run`)",
    );
}

#[test]
fn an_inline_crate_call_is_reported() {
    let src = "//! t\nfn f() {\n    let _ = crate::server::f();\n}\n";
    let r = report(&[("src/wbxml/encode.rs", src)]);
    assert_reported(&r, "src/wbxml/encode.rs:3", "crate::server::f");
}

#[test]
fn anyhow_is_for_the_binary_only() {
    let src = "//! t\nuse anyhow::Context;\nfn f() -> anyhow::Result<()> {\n    Ok(())\n}\n";
    let r = report(&[("src/server/error.rs", src)]);
    assert_reported(&r, "src/server/error.rs:2", "`anyhow` outside `src/bin/`");
    assert_reported(&r, "src/server/error.rs:3", "`anyhow` outside `src/bin/`");
    assert_clean(&report(&[("src/bin/easim/serve.rs", src)]));
}

#[test]
fn clocks_in_a_pure_module_are_reported_through_their_import() {
    let src = "//! t\nuse std::time::Instant;\nfn f() {\n    let _ = Instant::now();\n}\n";
    let r = report(&[("src/eas/dispatch.rs", src)]);
    assert_reported(&r, "src/eas/dispatch.rs:4", "`Instant::now`");
    assert_eq!(
        r.len(),
        1,
        "naming `Instant` is fine, reading the clock is not: {r:?}"
    );
    assert_clean(&report(&[("src/server/state.rs", src)]));
}

#[test]
fn the_binary_names_the_library_easim() {
    let src = "//! t\nuse easim::server::AppState;\nuse crate::tenant_source::TenantSource;\n";
    assert_clean(&report(&[("src/bin/easim/serve.rs", src)]));
    let rules = [row("bin::easim", Kind::Bin, &["crate::model"])];
    let r = report_with(&[("src/bin/easim/serve.rs", src)], &rules);
    assert_reported(&r, "src/bin/easim/serve.rs:2", "crate::server::AppState");
    assert_eq!(
        r.len(),
        1,
        "`crate::tenant_source` is the binary's own: {r:?}"
    );
}

#[test]
fn item_level_entries_allow_one_item_of_a_module() {
    let rules = [row("crate::script", Kind::Pure, MODEL_PRIMITIVES)];
    let src = "//! t\nuse crate::model::{Tenant, eq_ci};\nuse crate::model;\n";
    let r = report_with(&[("src/script/binder.rs", src)], &rules);
    assert_reported(&r, "src/script/binder.rs:2", "crate::model::Tenant");
    assert_reported(&r, "src/script/binder.rs:3", "may not use `crate::model`");
    assert_eq!(r.len(), 2, "`eq_ci` is allowed: {r:?}");
}

#[test]
fn test_code_is_exempt_from_purity_but_not_from_layering() {
    let inline =
        "//! t\n#[cfg(test)]\nmod tests {\n    use std::fs;\n    use crate::server::AppState;\n}\n";
    let r = report(&[("src/eas/auth.rs", inline)]);
    assert_reported(&r, "src/eas/auth.rs:5", "crate::server::AppState");
    assert_eq!(r.len(), 1, "`std::fs` is fine in tests: {r:?}");

    let files = [
        ("src/access/mod.rs", "//! t\n#[cfg(test)]\nmod tests;\n"),
        (
            "src/access/tests.rs",
            "//! t\nuse std::fs;\nuse crate::eas::Facts;\nfn f() {\n    let _ = Some(1).unwrap();\n}\n",
        ),
    ];
    let r = report(&files);
    assert_reported(&r, "src/access/tests.rs:3", "crate::eas::Facts");
    assert_eq!(r.len(), 1, "purity and unwrap are fine in tests.rs: {r:?}");
}

#[test]
fn every_module_needs_a_rule() {
    let r = report(&[("src/newthing/mod.rs", "//! t\n")]);
    assert_reported(
        &r,
        "src/newthing/mod.rs:1",
        "no rule covers module `crate::newthing`",
    );
}

#[test]
fn hygiene_findings_are_reported_outside_strings_and_comments() {
    let src = "//! t\n// dbg!(x) and .unwrap() in a comment are fine\nfn f(x: Option<u8>) -> u8 {\n    let _ = \"dbg!(x).unwrap()\";\n    let _ = dbg!(x);\n    let _ = format!(\"{}\", x.unwrap());\n    x.unwrap()\n}\n#[test]\n#[ignore]\nfn g() {\n    let _ = Some(1).unwrap();\n}\n";
    let r = report(&[("src/model/ci.rs", src)]);
    assert_reported(&r, "src/model/ci.rs:5", "`dbg!`");
    assert_reported(&r, "src/model/ci.rs:6", "`.unwrap()`");
    assert_reported(&r, "src/model/ci.rs:7", "`.unwrap()`");
    assert_reported(&r, "src/model/ci.rs:10", "`#[ignore]`");
    assert_eq!(r.len(), 4, "the unwrap in the #[test] is fine: {r:?}");
}

#[test]
fn cycles_between_siblings_are_reported_with_their_edges() {
    let files = [
        ("src/eas/mod.rs", "//! t\nmod a;\nmod b;\nmod c;\n"),
        ("src/eas/a.rs", "//! t\nuse super::b::X;\n"),
        ("src/eas/b/mod.rs", "//! t\nmod inner;\n"),
        (
            "src/eas/b/inner.rs",
            "//! t\nfn f() {\n    crate::eas::a::g();\n}\n",
        ),
        // Test code does not count: `c` -> `a` -> `c` is no cycle.
        ("src/eas/c.rs", "//! t\nuse super::a::Y;\n"),
        (
            "src/eas/a/x.rs",
            "//! t\n#[cfg(test)]\nmod tests {\n    use crate::eas::c::Z;\n}\n",
        ),
    ];
    let r = report(&files);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].starts_with("in `crate::eas`: {a, b}"), "{r:?}");
    assert!(r[0].contains("a -> b at src/eas/a.rs:2"), "{r:?}");
    assert!(r[0].contains("b -> a at src/eas/b/inner.rs:3"), "{r:?}");
}

#[test]
fn names_a_glob_import_brings_in_are_followed() {
    let files = [
        ("src/eas/mod.rs", "//! t\nmod a;\nmod b;\n"),
        (
            "src/eas/a.rs",
            "//! t\nuse super::*;\nfn f() {\n    b::g();\n}\n",
        ),
        ("src/eas/b.rs", "//! t\nuse super::a::X;\n"),
    ];
    let r = report(&files);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].contains("a -> b at src/eas/a.rs:4"), "{r:?}");
}

#[test]
fn a_known_cycle_that_is_gone_or_shrunk_fails_the_list() {
    let files = [
        ("src/eas/a.rs", "//! t\nuse super::b::X;\n"),
        ("src/eas/b.rs", "//! t\nuse super::a::Y;\n"),
    ];
    let cycles = check::cycles(&analyze(&sources(&files)));
    let known: &[(&str, &[&str])] = &[("crate::eas", &["a", "b"])];
    let (unlisted, stale) = unlisted_and_stale(&cycles, known, is_listed_cycle);
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "{unlisted:?} {stale:?}"
    );

    let gone: &[(&str, &[&str])] = &[("crate::eas", &["a", "b"]), ("crate::eas", &["c", "d"])];
    let (_, stale) = unlisted_and_stale(&cycles, gone, is_listed_cycle);
    assert_eq!(stale, [r#"  ("crate::eas", ["c", "d"])"#]);

    let shrunk: &[(&str, &[&str])] = &[("crate::eas", &["a", "b", "c"])];
    let (unlisted, stale) = unlisted_and_stale(&cycles, shrunk, is_listed_cycle);
    assert_eq!(
        (unlisted.len(), stale.len()),
        (1, 1),
        "{unlisted:?} {stale:?}"
    );
}

#[test]
fn clean_code_reports_nothing() {
    let src = "//! t\nuse std::collections::HashMap;\n\nuse crate::model::{Timestamp, eq_ci};\nuse super::value::Value;\n\n/// Prose may say std::fs, tokio, crate::server and .unwrap().\nfn f(t: &Timestamp, now: std::time::Instant) -> Option<Value> {\n    let _ = HashMap::<u8, u8>::new();\n    let _ = (now, eq_ci(\"a\", \"A\"), \"std::env::var\");\n    crate::script::value::parse(t).ok()\n}\n";
    assert_clean(&report(&[("src/script/eval/expr.rs", src)]));
}
