//! `easim whatif --tenant T --change CHANGE.ps1`: runs the change script on a copy of the tenant (in-process,
//! as `easim run` does) and reports every device whose access its next request would get differently: the
//! transition matrix, then the changed devices most severe first; as text, `--csv` or `--json`; `--fail-on`
//! makes it a CI gate (exit 1).
//!
//! The comparison is `easim::admin::whatif`'s; this file loads, runs, renders and picks the exit code. What the
//! change script prints goes to standard error, so standard output is only the report.

use std::io::Write;

use anyhow::Context;
use clap::{Args, ValueEnum};
use easim::admin::LocalHost;
use easim::admin::whatif::{self, ABSENT, Access, Report};
use easim::model::{Precedence, Timestamp};
use easim::script::text_table;

use crate::decide::PrecedenceArg;
use crate::progress::Progress;
use crate::tenant_source::{TenantArgs, clock_now, parse_now};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim whatif --profile scenario-a --change change.ps1
  easim whatif --tenant tenant.json --change remove-rule.ps1 --fail-on lost-access
  easim whatif --tenant tenant.json --change pin-then-remove.ps1 --csv > changes.csv
  easim whatif --tenant tenant.json --change quarantine-default.ps1 --json

Exit code: 0 when the report was written (and --fail-on was not met), 1 when --fail-on
was met, 2 when the change script failed or for a usage error.";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:whatif@")]
pub(crate) struct WhatifArgs {
    #[command(flatten)]
    tenant: TenantArgs,
    /// The change to try: a PowerShell script (the admin shell's subset); `-` reads it from standard input.
    #[arg(long, value_name = "FILE")]
    change: String,
    /// The changed devices as CSV (one row per device) instead of the text report.
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// The whole report as one JSON document.
    #[arg(long)]
    json: bool,
    /// Exit 1 when any device would lose access (`lost-access`) or when any device's access would change.
    #[arg(long, value_enum, value_name = "WHEN")]
    fail_on: Option<FailOn>,
    /// Decide with this precedence instead of the tenant's setting (before and after alike).
    #[arg(long, value_enum)]
    precedence: Option<PrecedenceArg>,
    /// The moment the script runs and devices are decided at (ISO 8601); defaults to now.
    #[arg(long, value_parser = parse_now)]
    now: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FailOn {
    LostAccess,
    AnyChange,
}

pub(crate) fn run(args: WhatifArgs) -> anyhow::Result<u8> {
    let now = args.now.unwrap_or_else(clock_now);
    let source = if args.change == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .context("cannot read the change from standard input")?;
        s
    } else {
        std::fs::read_to_string(&args.change)
            .with_context(|| format!("cannot read {}", args.change))?
    };
    let mut tenant = args.tenant.load(now)?;
    if let Some(p) = args.precedence {
        tenant.settings.precedence = Precedence::from(p);
    }
    let progress = Progress::spinner(format!("running {} on a copy of the tenant", args.change));
    // The evaluator recurses deeply on deeply nested scripts: give it room, as `easim run` does.
    let changed = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("easim-whatif".into())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                let mut copy = tenant.clone();
                let run = whatif::run_change(&mut LocalHost::new(&mut copy, now), &source);
                (copy, run)
            })
            .map(|h| h.join())
    })
    .context("cannot start the script thread")?
    .map_err(|_| anyhow::anyhow!("the change script's thread panicked"))?;
    let (after, changed) = changed;
    progress.finish();
    eprint!("{}", changed.output);
    if !changed.completed() {
        eprintln!(
            "error: {} did not run to its end; nothing to compare",
            args.change
        );
        return Ok(2);
    }
    let progress = Progress::spinner("deciding every device before and after");
    let report = whatif::compare(&tenant, &after, now);
    progress.finish();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&json(&report))?)?;
    } else if args.csv {
        write_csv(&report, &mut out)?;
    } else {
        write_text(&report, &mut out)?;
    }
    out.flush()?;
    let lost = report.lost_access();
    eprintln!(
        "{} of {} devices change ({lost} lose access)",
        report.changes.len(),
        report.devices_before.max(report.devices_after)
    );
    let failed = match args.fail_on {
        Some(FailOn::LostAccess) => lost > 0,
        Some(FailOn::AnyChange) => !report.changes.is_empty(),
        None => false,
    };
    Ok(u8::from(failed))
}

fn label(a: Option<&Access>) -> String {
    a.map_or_else(|| ABSENT.to_string(), Access::label)
}

fn step(a: Option<&Access>) -> String {
    a.map(|a| a.step.name().to_string()).unwrap_or_default()
}

fn rule(a: Option<&Access>) -> String {
    a.and_then(|a| a.rule.as_deref())
        .unwrap_or_default()
        .to_string()
}

fn write_text(report: &Report, out: &mut impl Write) -> anyhow::Result<()> {
    let rows: Vec<Vec<String>> = report
        .transitions
        .iter()
        .map(|t| {
            vec![
                t.from.clone(),
                t.to.clone(),
                t.count.to_string(),
                t.kind
                    .map(|k| k.name().to_string())
                    .unwrap_or_else(|| "(unchanged)".to_string()),
            ]
        })
        .collect();
    writeln!(out, "Transitions")?;
    writeln!(out)?;
    out.write_all(text_table(&["From", "To", "Devices", "Change"], &[2], rows).as_bytes())?;
    writeln!(out)?;
    if report.changes.is_empty() {
        writeln!(out, "No device's access changes.")?;
        return Ok(());
    }
    writeln!(out, "Devices that change (most severe first)")?;
    writeln!(out)?;
    let rows: Vec<Vec<String>> = report
        .changes
        .iter()
        .map(|c| {
            vec![
                c.kind.name().to_string(),
                c.owner.clone(),
                c.model.clone(),
                c.device_id.clone(),
                label(c.before.as_ref()),
                label(c.after.as_ref()),
                step(c.after.as_ref()),
                rule(c.after.as_ref()),
            ]
        })
        .collect();
    let headers = [
        "Change",
        "Owner",
        "DeviceModel",
        "DeviceId",
        "Before",
        "After",
        "Step",
        "Rule",
    ];
    out.write_all(text_table(&headers, &[], rows).as_bytes())?;
    Ok(())
}

fn write_csv(report: &Report, out: &mut impl Write) -> anyhow::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out);
    w.write_record([
        "Change",
        "Identity",
        "Owner",
        "DeviceModel",
        "DeviceId",
        "Before",
        "After",
        "Step",
        "Rule",
    ])?;
    for c in &report.changes {
        w.write_record([
            c.kind.name().to_string(),
            c.identity.clone(),
            c.owner.clone(),
            c.model.clone(),
            c.device_id.clone(),
            label(c.before.as_ref()),
            label(c.after.as_ref()),
            step(c.after.as_ref()),
            rule(c.after.as_ref()),
        ])?;
    }
    w.flush()?;
    Ok(())
}

fn access_json(a: Option<&Access>) -> serde_json::Value {
    match a {
        None => serde_json::Value::Null,
        Some(a) => serde_json::json!({
            "DeviceAccessState": a.state.name(),
            "DeviceAccessStateReason": a.reason.name(),
            "DeviceAccessControlRule": a.rule.as_deref(),
            "Step": a.step.name(),
            "Label": a.label(),
        }),
    }
}

fn json(report: &Report) -> serde_json::Value {
    serde_json::json!({
        "DevicesBefore": report.devices_before,
        "DevicesAfter": report.devices_after,
        "Unchanged": report.unchanged,
        "LostAccess": report.lost_access(),
        "Transitions": report.transitions.iter().map(|t| serde_json::json!({
            "From": t.from, "To": t.to, "Count": t.count, "Change": t.kind.map(|k| k.name()),
        })).collect::<Vec<_>>(),
        "Changes": report.changes.iter().map(|c| serde_json::json!({
            "Change": c.kind.name(),
            "Identity": c.identity,
            "Owner": c.owner,
            "DeviceModel": c.model,
            "DeviceId": c.device_id,
            "Before": access_json(c.before.as_ref()),
            "After": access_json(c.after.as_ref()),
        })).collect::<Vec<_>>(),
    })
}
