//! `easim decide`: the access decision for every device of a tenant, as a table or JSON Lines, optionally only
//! where the two precedence modes disagree.

use std::io::Write;

use clap::{Args, ValueEnum};
use easim::access::{self, Decision, RequestFacts};
use easim::model::{DeviceAccessState, Precedence, Tenant};

use easim::script::text_table;

use crate::progress::Progress;
use crate::tenant_source::{TenantArgs, clock_now, parse_now};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim decide --tenant tenant.json
  easim decide --tenant tenant.json --json > decisions.jsonl
  easim decide --tenant tenant.json --precedence exchange2013
  easim decide --tenant tenant.json --compare-precedence";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:decide@")]
pub(crate) struct DecideArgs {
    #[command(flatten)]
    tenant: TenantArgs,
    /// Print one JSON object per device (JSON Lines) instead of a table.
    #[arg(long)]
    json: bool,
    /// Decide with this precedence instead of the tenant's setting.
    #[arg(long, value_enum)]
    precedence: Option<PrecedenceArg>,
    /// List only the devices whose decision differs between the documented order and Exchange 2013's.
    #[arg(long, conflicts_with = "precedence")]
    compare_precedence: bool,
    /// The moment to decide at (ISO 8601); defaults to now. Matters for device discovery and policy refresh.
    #[arg(long, value_parser = parse_now)]
    now: Option<easim::model::Timestamp>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum PrecedenceArg {
    Documented,
    Exchange2013,
}

impl From<PrecedenceArg> for Precedence {
    fn from(p: PrecedenceArg) -> Precedence {
        match p {
            PrecedenceArg::Documented => Precedence::Documented,
            PrecedenceArg::Exchange2013 => Precedence::Exchange2013,
        }
    }
}

pub(crate) fn run(args: DecideArgs) -> anyhow::Result<()> {
    let now = args.now.unwrap_or_else(clock_now);
    let mut tenant = args.tenant.load(now)?;
    if let Some(p) = args.precedence {
        tenant.settings.precedence = p.into();
    }
    let facts = RequestFacts::offline(now);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.compare_precedence {
        return compare(&mut tenant, &facts, args.json, &mut out);
    }
    let mut counts = [0usize; 5];
    let progress = Progress::bar(tenant.device_count() as u64, "deciding");
    let mut rows = Vec::new();
    for (i, (_, device)) in tenant.devices().enumerate() {
        let d = access::decide(&tenant, device, &facts);
        counts[d.state as usize] += 1;
        let identity = tenant.device_identity(device);
        if args.json {
            writeln!(out, "{}", record(&identity, &d))?;
        } else {
            let rule = d
                .rule
                .as_ref()
                .map(|r| r.name.to_string())
                .unwrap_or_default();
            rows.push(vec![
                identity,
                state_text(&d),
                d.reason.to_string(),
                d.step.name().to_string(),
                rule,
            ]);
        }
        if i % 4096 == 4095 {
            progress.set_position(i as u64 + 1);
        }
    }
    progress.finish();
    if !args.json {
        let headers = ["Identity", "State", "Reason", "Step", "Rule"];
        out.write_all(text_table(&headers, &[], rows).as_bytes())?;
    }
    out.flush()?;
    let summary: Vec<String> = DeviceAccessState::ALL
        .iter()
        .filter(|s| counts[**s as usize] > 0)
        .map(|s| format!("{} {s}", counts[*s as usize]))
        .collect();
    eprintln!("{} devices: {}", tenant.device_count(), summary.join(", "));
    Ok(())
}

fn compare(
    tenant: &mut Tenant,
    facts: &RequestFacts,
    json: bool,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let progress = Progress::spinner("deciding every device in both precedence modes");
    tenant.settings.precedence = Precedence::Documented;
    let documented: Vec<Decision> = tenant
        .devices()
        .map(|(_, d)| access::decide(tenant, d, facts))
        .collect();
    tenant.settings.precedence = Precedence::Exchange2013;
    let mut rows = Vec::new();
    let mut differing = 0;
    for ((_, device), doc) in tenant.devices().zip(&documented) {
        let ex = access::decide(tenant, device, facts);
        if ex.state == doc.state && ex.reason == doc.reason && ex.rule == doc.rule {
            continue;
        }
        differing += 1;
        let identity = tenant.device_identity(device);
        if json {
            writeln!(
                out,
                "{}",
                serde_json::json!({"Identity": identity, "Documented": record_value(doc), "Exchange2013": record_value(&ex)})
            )?;
        } else {
            rows.push(vec![identity, short(doc), short(&ex)]);
        }
    }
    progress.finish();
    if !json {
        let headers = ["Identity", "Documented", "Exchange2013"];
        out.write_all(text_table(&headers, &[], rows).as_bytes())?;
    }
    out.flush()?;
    eprintln!(
        "{differing} of {} devices decide differently under the two precedence modes",
        tenant.device_count()
    );
    Ok(())
}

fn state_text(d: &Decision) -> String {
    match d.verdict {
        access::Verdict::Challenge => "(401)".to_string(),
        access::Verdict::UserDisabled => "(126 disabled)".to_string(),
        _ => d.state.to_string(),
    }
}

fn short(d: &Decision) -> String {
    match &d.rule {
        Some(r) => format!("{}/{} [{}]", state_text(d), d.reason, r.name),
        None => format!("{}/{}", state_text(d), d.reason),
    }
}

fn record_value(d: &Decision) -> serde_json::Value {
    let verdict = match d.verdict {
        access::Verdict::Policy(p) => format!("Policy{}", p.status()),
        v => format!("{v:?}"),
    };
    serde_json::json!({
        "DeviceAccessState": d.state.name(),
        "DeviceAccessStateReason": d.reason.name(),
        "DeviceAccessControlRule": d.rule.as_ref().map(|r| r.name.to_string()),
        "Step": d.step.name(),
        "Verdict": verdict,
    })
}

fn record(identity: &str, d: &Decision) -> serde_json::Value {
    let mut v = record_value(d);
    if let Some(obj) = v.as_object_mut() {
        obj.insert("Identity".to_string(), identity.into());
    }
    v
}
