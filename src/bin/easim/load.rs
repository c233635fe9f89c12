//! `easim load`: a bounded fleet of simulated devices hammering a running `easim serve` on loopback — each
//! provisions, syncs its Inbox, then repeats a steady-state Sync, or with `--model` lives as a real mail client
//! does (Ping, Sync on wake-up, SendMail; new mail at `--mail-per-hour`, time compressed by `--speed`) — with a live progress line, a summary on
//! stdout, `--report DIR` (report.json + report.html), `--slo` judging the exit code, `--shard I/N` for one of
//! several agents and `easim load merge` adding their reports up.
//!
//! Only the shell around `easim::load`. The devices are the first users of the tenant the server runs, so
//! their passwords are known: with the admin token (`--token` or `EASIM_ADMIN_TOKEN`) load asks the server for
//! its tenant (`Export-Tenant` on the admin endpoint), so the two cannot disagree; otherwise it builds the same
//! tenant from the same --tenant, or --profile/--seed/--now. Loopback addresses only.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use easim::load::report::{self, RunReport};
use easim::load::{ClientError, FleetSettings, Live, LoadPlan, Mix, Shard, Slo, Target};
use easim::model::{Tenant, Timestamp};
use easim::remote::{RemoteConfig, RemoteHost};
use easim::script::{BoundParameters, CmdletHost, NonInteractive};

use crate::admin_load;
use crate::progress::Progress;
use crate::tenant_source::{TenantArgs, clock_now, parse_now};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim serve --admin-token secret &              the default tenant on 127.0.0.1:8080 (admin on 8081)
  easim load --token secret --devices 32 --duration 10
  easim load --url http://127.0.0.1:9000/Microsoft-Server-ActiveSync --profile small --seed 7 --devices 8
  easim load --token secret --report out --slo 'p99<50ms,errors<0.1%'   exit 1 if the run missed the SLO
  easim load --token secret --shard 0/4 --report shard-0              one of four agents
  easim load --token secret --admin-script scripts/pin-allowed-devices.ps1 --admin-workers 2
                                                  bulk admin scripts in a loop while devices sync
  easim load merge shard-*/report.json -o merged.json --html merged.html
  easim serve --admin-token secret --speed 60 &   heartbeats 60 times faster, for model runs
  easim load --token secret --model mixed --speed 60 --mail-per-hour 12 --duration 30

Exit codes: 0 done (and the SLO met), 1 the SLO was missed, 2 the run could not be done.

With the admin token (--token or EASIM_ADMIN_TOKEN) the devices' users come from the server itself;
without it, give load the tenant options the server was started with.";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:load@", args_conflicts_with_subcommands = true)]
pub(crate) struct LoadArgs {
    #[command(subcommand)]
    command: Option<LoadCommand>,
    /// Without --token: the same tenant options the server was started with (its users are the devices'
    /// owners).
    #[command(flatten)]
    tenant: TenantArgs,
    /// With --tenant/--profile: the --now the server was started with.
    #[arg(long, value_name = "INSTANT", value_parser = parse_now)]
    now: Option<Timestamp>,
    /// The server's admin token: load then asks the server for its tenant. Else $EASIM_ADMIN_TOKEN (when no
    /// --tenant or --profile is given).
    #[arg(long, value_name = "TOKEN", conflicts_with_all = ["tenant", "profile"])]
    token: Option<String>,
    /// The server's admin endpoint, asked for the tenant when a token is known.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8081")]
    admin_url: String,
    /// The EAS endpoint to load (loopback only).
    #[arg(
        long,
        default_value = "http://127.0.0.1:8080/Microsoft-Server-ActiveSync"
    )]
    url: String,
    /// Simulated devices, one keep-alive connection each (one per user).
    #[arg(long, default_value_t = 32)]
    devices: usize,
    /// Seconds of timed load after the devices are set up.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Stop after this many timed requests.
    #[arg(long, default_value_t = 10_000_000)]
    max_requests: u64,
    /// Stop each device after this many timed requests (totals then do not depend on speed).
    #[arg(long, value_name = "N")]
    requests_per_device: Option<u64>,
    /// Each device behaves like a real mail client: ios-mail, android, windows-mail, or mixed (the three in
    /// turn). It provisions, runs FolderSync, then Ping with the client's heartbeat, a Sync when a Ping reports
    /// changes, SendMail at --send-per-hour. Without it, each device repeats a steady-state Sync.
    #[arg(long, value_name = "MODEL")]
    model: Option<String>,
    /// With --model: simulated seconds per real second for the devices' waits and rates (start the server with
    /// the same `easim serve --speed N` so its heartbeats shrink too).
    #[arg(long, value_name = "N", default_value_t = 1.0, requires = "model")]
    speed: f64,
    /// With --model: new messages delivered to each device's mailbox per simulated hour (through SendMail from
    /// a postman device), which wake the devices' Pings.
    #[arg(long, value_name = "R", default_value_t = 0.0, requires = "model")]
    mail_per_hour: f64,
    /// With --model: messages each device sends per simulated hour (the models publish no rate: 0 unless given).
    #[arg(long, value_name = "R", requires = "model")]
    send_per_hour: Option<f64>,
    /// With --model: messages each device opens per simulated hour (ItemOperations Fetch of its newest Inbox
    /// item; no public rate: 0 unless given).
    #[arg(long, value_name = "R", requires = "model")]
    fetch_per_hour: Option<f64>,
    /// Admin load at the same time: run this PowerShell script again and again through the admin endpoint (as
    /// `easim run FILE --connect` would) while the devices run, so the lock contention shows (needs --token).
    #[arg(long, value_name = "FILE", requires = "token")]
    admin_script: Option<PathBuf>,
    /// With --admin-script: how many scripts run at once, each on its own connection.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "admin_script")]
    admin_workers: usize,
    /// Take shard I of N (0-based) of the fleet, by a stable hash of the device id: N agents given 0/N …
    /// N-1/N drive every device exactly once.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// Write DIR/report.json (histograms included, for `easim load merge`) and DIR/report.html.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
    /// Objectives the run must meet, e.g. 'p99<50ms,errors<0.1%' (p50 p90 p99 p99.9 max mean in us/ms/s;
    /// errors as % or a count; rps): exit code 1 when one is missed.
    #[arg(long, value_name = "TERMS")]
    slo: Option<Slo>,
}

#[derive(Subcommand, Debug)]
enum LoadCommand {
    /// Merge shards' report.json files exactly (histograms added, counters summed) into one report.
    Merge(MergeArgs),
}

#[derive(Args, Debug)]
struct MergeArgs {
    /// The shards' report.json files.
    #[arg(required = true, value_name = "REPORT")]
    reports: Vec<PathBuf>,
    /// Where to write the merged report.json.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Also write the merged report.html here.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// Judge the merged run: exit code 1 when an objective is missed.
    #[arg(long, value_name = "TERMS")]
    slo: Option<Slo>,
}

/// `http://host:port/…` → a loopback socket address.
fn loopback_addr(url: &str) -> anyhow::Result<SocketAddr> {
    let rest = url
        .strip_prefix("http://")
        .with_context(|| format!("'{url}' is not an http:// URL"))?;
    let authority = rest.split('/').next().unwrap_or(rest);
    let authority = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let addr = authority
        .to_socket_addrs()
        .with_context(|| format!("cannot resolve '{authority}'"))?
        .find(|a| a.ip().is_loopback())
        .with_context(|| {
            format!("'{authority}' is not a loopback address; easim load only targets this machine")
        })?;
    Ok(addr)
}

/// The server's tenant, through its admin endpoint (`Export-Tenant`).
fn tenant_from_server(admin_url: &str, token: String) -> anyhow::Result<Tenant> {
    let context = || format!("cannot ask the server at {admin_url} for its tenant");
    let mut host =
        RemoteHost::new(RemoteConfig::new(admin_url, token), clock_now()).with_context(context)?;
    host.check()
        .map_err(|e| anyhow!("{}", e.message))
        .with_context(context)?;
    let export = easim::admin::REGISTRY
        .find("Export-Tenant")
        .context("this build has no Export-Tenant cmdlet")?;
    let out = host
        .invoke(export, &BoundParameters::new(), &mut NonInteractive)
        .map_err(|e| anyhow!("{}", e.message))
        .with_context(context)?;
    let json = out
        .objects()
        .find_map(|v| v.as_str().map(str::to_string))
        .with_context(|| format!("the server at {admin_url} sent no tenant for Export-Tenant"))?;
    easim::model::from_json(&json)
        .with_context(|| format!("the tenant the server at {admin_url} sent cannot be read"))
}

/// A load failure with what to do about it.
fn explained(e: ClientError, url: &str, from_server: bool) -> anyhow::Error {
    match &e {
        ClientError::Connect { .. } => anyhow!(
            "cannot reach the EAS endpoint {url} ({e}). Is `easim serve` running? Start it, or give --url the \
             EAS endpoint it printed."
        ),
        ClientError::Status { http: 401, .. } if !from_server => anyhow!(
            "{e}\nThe server at {url} does not know the load's users: load and serve must use the same tenant. Give \
             load the server's admin token (--token, or EASIM_ADMIN_TOKEN) so it asks the server, or the \
             same --tenant, or --profile/--seed/--now, the server was started with."
        ),
        _ => anyhow!("the load run against {url} failed: {e}"),
    }
}

/// Prints the per-command and per-status lines and the SLO verdicts; the exit code (1: an SLO missed).
fn print_report(report: &RunReport, slo: Option<&Slo>) -> u8 {
    println!("easim load: {}", report.summary());
    let width = report
        .by_command
        .keys()
        .chain(report.by_status.keys())
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    let line = |name: &str, l: &report::Latency| {
        println!(
            "  {name:<width$} {:>9} requests  p50 {} µs  p90 {} µs  p99 {} µs  p99.9 {} µs  max {} µs",
            l.count(),
            l.quantile(0.5),
            l.quantile(0.9),
            l.quantile(0.99),
            l.quantile(0.999),
            l.max()
        );
    };
    for (name, l) in &report.by_command {
        line(name, l);
    }
    for (name, l) in &report.by_status {
        line(name, l);
    }
    let Some(slo) = slo else { return 0 };
    let verdicts = slo.judge(report);
    for v in &verdicts {
        println!("  SLO {v}");
    }
    if verdicts.iter().all(|v| v.met) { 0 } else { 1 }
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// `easim load merge`.
fn merge(args: MergeArgs) -> anyhow::Result<u8> {
    let mut reports = Vec::new();
    for path in &args.reports {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let r = RunReport::from_json(&text)
            .map_err(|e| anyhow!("{} is not an easim load report: {e}", path.display()))?;
        reports.push(r);
    }
    let merged = report::merge(&reports).context("cannot merge these reports")?;
    write_file(&args.output, &merged.to_json())?;
    if let Some(html) = &args.html {
        write_file(html, &easim::load::html::render(&merged))?;
    }
    let code = print_report(&merged, args.slo.as_ref());
    println!(
        "  merged {} reports into {}",
        reports.len(),
        args.output.display()
    );
    Ok(code)
}

/// Runs the plan with a live progress line (requests, rate, errors, elapsed and time left).
fn run_with_progress(
    runtime: &tokio::runtime::Runtime,
    plan: LoadPlan,
    live: Arc<Live>,
    label: String,
) -> Result<RunReport, ClientError> {
    let secs = plan.duration.as_secs().max(1);
    let progress = Progress::bar(secs, label);
    let started = Instant::now();
    let result = runtime.block_on(async {
        let run = easim::load::run::run(plan);
        tokio::pin!(run);
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        loop {
            tokio::select! {
                report = &mut run => break report,
                _ = tick.tick() => {
                    let n = live.requests.load(Ordering::Relaxed);
                    let errors = live.errors.load(Ordering::Relaxed);
                    let elapsed = started.elapsed().as_secs_f64();
                    progress.set_position((elapsed as u64).min(secs));
                    progress.set_message(format!(
                        "{n} requests, {:.0} req/s, {errors} errors",
                        n as f64 / elapsed.max(0.001)
                    ));
                }
            }
        }
    });
    progress.finish();
    result
}

pub(crate) fn run(args: LoadArgs) -> anyhow::Result<u8> {
    if let Some(LoadCommand::Merge(m)) = args.command {
        return merge(m);
    }
    let addr = loopback_addr(&args.url)?;
    if args.devices == 0 {
        bail!("--devices must be at least 1");
    }
    let named = args.tenant.tenant.is_some() || args.tenant.profile.is_some();
    let token = args.token.clone().or_else(|| {
        std::env::var("EASIM_ADMIN_TOKEN")
            .ok()
            .filter(|t| !named && !t.trim().is_empty())
    });
    let from_server = token.is_some();
    let admin_token = token.clone();
    let tenant = match token {
        Some(token) => tenant_from_server(&args.admin_url, token)?,
        None => args.tenant.load(args.now.unwrap_or_else(clock_now))?,
    };
    let mut devices = easim::load::run::fleet(&tenant, args.devices, "LOAD");
    if devices.len() < args.devices {
        eprintln!(
            "easim load: the tenant has only {} EAS-enabled users; using {} devices",
            devices.len(),
            devices.len()
        );
    }
    drop(tenant);
    if let Some(shard) = args.shard {
        devices.retain(|d| shard.contains(&d.device_id));
        eprintln!(
            "easim load: shard {shard} drives {} of the fleet's devices",
            devices.len()
        );
    }
    let label = match &args.model {
        Some(m) => format!("{} {m} devices on {}", devices.len(), args.url),
        None => format!("{} devices on {}", devices.len(), args.url),
    };
    let target = match &args.model {
        None => Target::EasSync { devices },
        Some(name) => {
            let mix = Mix::named(name)?;
            let settings =
                FleetSettings::new(mix, args.speed, args.mail_per_hour, args.send_per_hour)?
                    .fetching(args.fetch_per_hour)?;
            Target::Fleet { devices, settings }
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let live = Arc::new(Live::default());
    let plan = LoadPlan {
        addr,
        target,
        duration: Duration::from_secs(args.duration),
        max_requests: args.max_requests,
        per_device: args.requests_per_device,
        live: Some(live.clone()),
    };
    let admin = match (&args.admin_script, &admin_token) {
        (Some(path), Some(token)) => {
            if args.admin_workers == 0 {
                bail!("--admin-workers must be at least 1");
            }
            loopback_addr(&args.admin_url)?;
            let source = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Some(admin_load::start(
                &args.admin_url,
                token,
                &path.to_string_lossy(),
                source,
                args.admin_workers,
                args.now.unwrap_or_else(clock_now),
                Instant::now(),
            )?)
        }
        _ => None,
    };
    let result = run_with_progress(&runtime, plan, live, label);
    let admin_runs = admin.map(|a| {
        let mut part = RunReport::default();
        let runs = a.finish(&mut part);
        (part, runs)
    });
    let mut report = result.map_err(|e| explained(e, &args.url, from_server))?;
    if let Some((part, runs)) = admin_runs {
        eprintln!(
            "easim load: {} admin script workers ran {} {runs} times",
            args.admin_workers,
            args.admin_script
                .as_deref()
                .map_or(String::new(), |p| p.display().to_string())
        );
        report.absorb(&part);
    }
    report.target = args.url.clone();
    report.shards.extend(args.shard);
    if let Some(dir) = &args.report {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the report directory {}", dir.display()))?;
        write_file(&dir.join("report.json"), &report.to_json())?;
        write_file(
            &dir.join("report.html"),
            &easim::load::html::render(&report),
        )?;
    }
    let code = print_report(&report, args.slo.as_ref());
    if let Some(dir) = &args.report {
        println!(
            "  report: {} and {}",
            dir.join("report.json").display(),
            dir.join("report.html").display()
        );
    }
    Ok(code)
}
