//! `easim gen` end to end: generate built-in and file profiles, load the result back, check determinism and
//! the errors for a bad profile name, a bad profile file, a bad seed and a bad instant.

use crate::support::{easim, fixture, stderr, stdout};

const NOW: &str = "2026-11-23T00:00:00Z";

#[test]
fn small_profile_is_written_atomically_and_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tenant.json");
    let out = out.to_str().unwrap();
    let o = easim(&[
        "gen",
        "--profile",
        "small",
        "--seed",
        "7",
        "--now",
        NOW,
        "-o",
        out,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let summary = stderr(&o);
    assert!(
        summary.starts_with("easim gen: 50 mailboxes, ")
            && summary.contains("(profile small, seed 7, now 2026-11-23T00:00:00Z)"),
        "{summary}"
    );
    assert_eq!(summary.lines().count(), 1, "{summary}");
    let tenant = easim::persist::load_tenant(std::path::Path::new(out)).unwrap();
    assert_eq!(tenant.mailbox_count(), 50);
    assert!(
        tenant.device_count() > 30,
        "{} devices",
        tenant.device_count()
    );
    // Nothing but the target is left in the folder (the temporary file was renamed).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn same_arguments_give_the_same_bytes_and_stdout_matches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    let args = ["gen", "--profile", "small", "--seed", "3", "--now", NOW];
    let o = easim(&[&args[..], &["-o", file.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let first = std::fs::read_to_string(&file).unwrap();
    let to_stdout = easim(&[&args[..], &["-o", "-"]].concat());
    assert_eq!(stdout(&to_stdout), first);
    let omitted = easim(&args);
    assert_eq!(stdout(&omitted), first);
    let other_seed = easim(&["gen", "--profile", "small", "--seed", "4", "--now", NOW]);
    assert_ne!(stdout(&other_seed), first);
}

#[test]
fn a_profile_file_gives_the_same_tenant_as_the_built_in_profile() {
    let path = fixture("profiles/small.toml");
    let from_file = easim(&["gen", "--profile", path.to_str().unwrap(), "--now", NOW]);
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    let built_in = easim(&["gen", "--profile", "small", "--now", NOW]);
    assert_eq!(stdout(&from_file), stdout(&built_in));
}

#[test]
fn unknown_profile_name_lists_the_built_in_profiles() {
    let o = easim(&["gen", "--profile", "medium", "--now", NOW]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "error: unknown profile 'medium': the built-in profiles are small, default, large, scenario-a; or give the path of a .toml profile\n"
    );
}

#[test]
fn bad_profile_file_points_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(fixture("profiles/small.toml"))
        .unwrap()
        .replace("stale_fraction = 0.15", "stale_fraction = 15");
    std::fs::write(&path, text).unwrap();
    let o = easim(&["gen", "--profile", path.to_str().unwrap(), "--now", NOW]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.toml is not valid: line "), "{err}");
    assert!(
        err.contains("a fraction must be between 0 and 1, not 15"),
        "{err}"
    );
    let missing = easim(&["gen", "--profile", "no/such/profile.toml", "--now", NOW]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("cannot read profile no/such/profile.toml"));
}

#[test]
fn bad_seed_and_bad_instant_are_usage_errors() {
    let o = easim(&["gen", "--profile", "small", "--seed", "seven"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid value 'seven' for '--seed <SEED>'"),
        "{}",
        stderr(&o)
    );
    let o = easim(&["gen", "--profile", "small", "--now", "yesterday"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("'yesterday' is not an ISO 8601 date-time such as 2026-11-23T08:00:00Z"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_shows_profiles_and_examples() {
    let o = easim(&["gen", "--help"]);
    assert!(o.status.success());
    let help = stdout(&o);
    for needle in [
        "Built-in profiles:",
        "scenario-a",
        "Examples:",
        "--seed",
        "--now",
    ] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}
