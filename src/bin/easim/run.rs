//! `easim run SCRIPT.ps1`: runs a PowerShell script unchanged against a tenant, printing what it prints (output
//! and host text on stdout, errors on stderr), and optionally saves the tenant afterwards.
//!
//! The tenant comes from `--tenant`/`--profile`, else from the script's first-line directive
//! `#@ tenant: profile=NAME seed=N now=ISO-TIME` (or `file=PATH`), else the default profile. The cmdlets run
//! in-process (`SimHost`: Exchange's cmdlets and the device simulator's Invoke-EasRequest and
//! New-SimulatedDevice), or with `--connect URL --token T` on a running `easim serve` through its admin endpoint
//! (`RemoteHost`, Exchange's cmdlets only; the directive's tenant is then not used, its `now` still is).
//!
//! `--throttle exo|exchange2019` prints at the end, on stderr, how long the script's Exchange cmdlets would take
//! in production under that profile's budgets beside the time they took here (`admin::throttle::estimate`).

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use easim::model::Timestamp;
use easim::script::culture::{self, Culture};
use easim::script::value::Value;
use easim::script::{RunOutcome, Session, SessionOptions};
use easim::sim::SimHost;

use crate::connect::{AnyHost, ConnectArgs};
use crate::console_host::ConsoleHost;
use crate::culture_arg::parse_culture;
use crate::progress::Progress;
use crate::tenant_source::{TenantArgs, clock_now, directive, parse_now};
use crate::throttle::{CountingHost, Throttle, parse_throttle};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim run scripts/pin-allowed-devices.ps1
  easim run report.ps1 --profile scenario-a --seed 1 --now 2026-11-23T00:00:00Z
  easim run cleanup.ps1 --tenant tenant.json --save tenant.json
  easim run stale.ps1 -- -Days 30
  easim run report.ps1 --culture de-DE          dates as 24.08.2018 17:30:53, numbers as 1.234,50
  echo 'Get-Mailbox alice' | easim run - --tenant tenant.json
  easim run pin.ps1 --connect http://127.0.0.1:8081 --token $TOKEN
  easim run pin.ps1 --throttle exo              also estimate the run at Exchange Online's budget

The tenant: --tenant or --profile, else the script's first-line directive
`#@ tenant: profile=NAME seed=N now=ISO-TIME` (or `file=PATH`), else the default profile;
`precedence=Exchange2013` in it decides with Exchange 2013's access sequence.
Exit code: 0 when the script ran to its end, 1 when a terminating error (or a parse error)
ended it, N for `exit N`, 2 for a usage error.";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:run@")]
pub(crate) struct RunArgs {
    /// The script to run; `-` reads it from standard input.
    script: String,
    #[command(flatten)]
    tenant: TenantArgs,
    #[command(flatten)]
    connect: ConnectArgs,
    /// Writes the tenant to FILE afterwards (atomically), for a later --tenant.
    #[arg(long, value_name = "FILE", conflicts_with = "connect")]
    save: Option<PathBuf>,
    /// The time Get-Date returns and cmdlets see (ISO 8601); defaults to the directive's, else now.
    #[arg(long, value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Runs as if started in DIR: Export-Csv, Import-Csv and Out-File resolve relative paths against it.
    #[arg(long, value_name = "DIR")]
    cwd: Option<PathBuf>,
    /// Console width for tables and lists.
    #[arg(long, default_value_t = 120)]
    width: usize,
    /// The culture dates and numbers print in ($PSCulture): en-US (default), en-GB, de-DE or fr-FR.
    #[arg(long, value_name = "NAME", value_parser = parse_culture)]
    culture: Option<&'static Culture>,
    /// Prints at the end (on stderr) how long the script's Exchange cmdlets would take in production under this
    /// throttling profile's budgets: exo (Exchange Online), exchange2019, or none.
    #[arg(long, value_name = "PROFILE", value_parser = parse_throttle, default_value = "none")]
    throttle: Throttle,
    /// Arguments for the script's param() block, after `--`: `-Name value` pairs or `-Switch`.
    #[arg(last = true, allow_hyphen_values = true)]
    script_args: Vec<String>,
}

fn script_arguments(args: &[String]) -> anyhow::Result<Vec<(String, Value)>> {
    let mut out = Vec::new();
    let mut it = args.iter().peekable();
    while let Some(a) = it.next() {
        let Some(name) = a.strip_prefix('-') else {
            bail!("script arguments are -Name value pairs; '{a}' has no parameter name");
        };
        let value = match it.peek() {
            Some(v) if !v.starts_with('-') || v.parse::<f64>().is_ok() => {
                let v = it.next().map(String::as_str).unwrap_or_default();
                match v.parse::<i64>() {
                    Ok(n) => Value::Int(n),
                    Err(_) => Value::str(v),
                }
            }
            _ => Value::Bool(true),
        };
        out.push((name.to_string(), value));
    }
    Ok(out)
}

pub(crate) fn run(args: RunArgs) -> anyhow::Result<u8> {
    let source = if args.script == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("cannot read the script from standard input")?;
        s
    } else {
        std::fs::read_to_string(&args.script)
            .with_context(|| format!("cannot read {}", args.script))?
    };
    let d = directive(&source)?;
    let now = args.now.or(d.now).unwrap_or_else(clock_now);
    if let Some(remote) = args.connect.host(now)? {
        return run_session(&args, &source, &mut AnyHost::Remote(Box::new(remote)));
    }
    let mut tenant = if args.tenant.tenant.is_some() || args.tenant.profile.is_some() {
        args.tenant.load(now)?
    } else if let Some(file) = &d.file {
        easim::persist::load_tenant(file)
            .with_context(|| format!("cannot load the tenant {}", file.display()))?
    } else {
        TenantArgs {
            tenant: None,
            profile: d.profile.clone(),
            seed: d.seed.unwrap_or(1),
        }
        .load(now)?
    };
    if let Some(p) = d.precedence {
        tenant.settings.precedence = p;
    }
    let mut host = AnyHost::Local(Box::new(SimHost::new(tenant, now)));
    let code = run_session(&args, &source, &mut host)?;
    if let (Some(path), AnyHost::Local(sim)) = (&args.save, &host) {
        easim::persist::save_tenant(path, sim.tenant())
            .with_context(|| format!("cannot save the tenant to {}", path.display()))?;
    }
    // As the session: the tenant (250k devices over `large`) goes with the process, not device by device.
    std::mem::forget(host);
    Ok(code)
}

/// Runs the script in a fresh session with `host` and returns the exit code.
fn run_session(args: &RunArgs, source: &str, host: &mut AnyHost) -> anyhow::Result<u8> {
    let options = SessionOptions {
        width: args.width.clamp(20, 10_000),
        script_arguments: script_arguments(&args.script_args)?,
        culture: args.culture.unwrap_or(&culture::EN_US),
        ..SessionOptions::default()
    };
    let mut out = ConsoleHost::new(args.cwd.clone(), false);
    out.progress = Progress::spinner(format!("running {}", args.script));
    out.progress_label = Some(format!("running {}", args.script));
    let mut counting = CountingHost {
        inner: host,
        steps: Vec::new(),
    };
    let started = std::time::Instant::now();
    let outcome = std::thread::scope(|scope| {
        // Deeply nested scripts recurse deeply: give the evaluator room (its own limits stop runaway recursion).
        std::thread::Builder::new()
            .name("easim-run".into())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                let mut session = Session::new(options);
                let outcome = session.run(source, &mut counting, &mut out);
                // The process ends next: what the script holds (a bulk script, 250k statistics objects) is given
                // back with the process rather than freed object by object. A session owns no files or buffers.
                std::mem::forget(session);
                outcome
            })
            .map(|h| h.join().unwrap_or(RunOutcome::Failed))
    })
    .context("cannot start the script thread")?;
    let here_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    drop(out);
    if let Throttle(Some(profile)) = args.throttle {
        let estimate = easim::admin::throttle::estimate(profile, counting.steps.iter().copied());
        eprintln!("{}", estimate.line(here_ms));
    }
    Ok(u8::try_from(outcome.exit_code().clamp(0, 255)).unwrap_or(1))
}
