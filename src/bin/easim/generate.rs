//! `easim gen`: generates a tenant fixture from a built-in or file profile, a seed and an instant, and writes it
//! to a file (atomically, through `persist`) or to standard output.
//!
//! Only the shell around `easim::generator`: it resolves the profile, reads the clock when `--now` is not given, times
//! the run and prints a one-line summary on stderr. What gets generated is decided in the library.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use easim::generator::{Profile, generate};
use easim::model::Timestamp;

use crate::progress::Progress;
use crate::tenant_source::{clock_now, parse_now, profile_text};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Built-in profiles:
  small        50 mailboxes, ~65 partnerships
  default      1,000 mailboxes, ~1,400 partnerships (org default Allow, no rules)
  large        100,000 mailboxes, ~250,000 partnerships
  scenario-a   2,000 mailboxes, ~550 iPhone 5s (iPhone6C2); default Quarantine, Allow rule for it

Examples:
  easim gen --profile default -o tenant.json
  easim gen --profile large --seed 42 --now 2026-11-23T00:00:00Z -o large.json
  easim gen --profile my-tenant.toml --seed 7 > tenant.json

The same profile, seed and --now always give the same file, byte for byte. The partnership counts above
are for --now 2026-11-23; they drift with --now, because the device catalog grows with the date. The
profile files are fixtures/profiles/*.toml in the source tree; each field is explained in default.toml.";

/// Arguments of `easim gen`.
#[derive(Args, Debug)]
#[command(after_long_help = "@verbatim:gen@")]
pub(crate) struct GenArgs {
    /// A built-in profile (small, default, large, scenario-a) or the path of a profile .toml file.
    #[arg(long, short = 'p', value_name = "NAME|FILE", default_value = "default")]
    profile: String,

    /// Seed of the random generator; the same profile, seed and --now give the same tenant.
    #[arg(long, short = 's', default_value_t = 1)]
    seed: u64,

    /// Where to write the tenant fixture (JSON); `-` or omitted: standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,

    /// The instant sync times are relative to, ISO 8601 (e.g. 2026-11-23T00:00:00Z). Default: the current time.
    #[arg(long, value_name = "INSTANT", value_parser = parse_now)]
    now: Option<Timestamp>,
}

pub(crate) fn run(args: GenArgs) -> anyhow::Result<()> {
    let (source, text) = profile_text(&args.profile)?;
    let profile =
        Profile::parse(&text).with_context(|| format!("profile {source} is not valid"))?;
    let now = args.now.unwrap_or_else(clock_now);
    let started = Instant::now();
    let progress = Progress::spinner(format!(
        "generating the tenant of profile {source}, seed {}",
        args.seed
    ));
    let tenant = generate(&profile, args.seed, now);
    let generated = started.elapsed();
    let target = match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            easim::persist::save_tenant(path, &tenant)?;
            path.display().to_string()
        }
        _ => {
            let json = easim::model::to_json(&tenant);
            let mut out = std::io::stdout().lock();
            match out.write_all(json.as_bytes()).and_then(|()| out.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(e).context("writing the tenant to standard output");
                }
                _ => {}
            }
            "standard output".to_string()
        }
    };
    progress.finish();
    eprintln!(
        "easim gen: {} mailboxes, {} device partnerships (profile {source}, seed {}, now {now}) generated in {:.2} s, {:.2} s in all; written to {target}",
        thousands(tenant.mailbox_count()),
        thousands(tenant.device_count()),
        args.seed,
        generated.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );
    Ok(())
}

/// `1234567` → `1,234,567`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
