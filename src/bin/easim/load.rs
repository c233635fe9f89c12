//! `easim load`: a bounded fleet of simulated devices hammering a running `easim serve` on loopback — each
//! provisions, syncs its Inbox, then repeats a steady-state Sync — and a one-line throughput report.
//!
//! Only the shell around `easim::load`. The devices are the first users of the tenant the server runs, so
//! their passwords are known: with the admin token (`--token` or `EASIM_ADMIN_TOKEN`) load asks the server for
//! its tenant (`Export-Tenant` on the admin endpoint), so the two cannot disagree; otherwise it builds the same
//! tenant from the same --tenant, or --profile/--seed/--now. Loopback addresses only.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use clap::Args;
use easim::load::{ClientError, LoadPlan, Target};
use easim::model::{Tenant, Timestamp};
use easim::remote::{RemoteConfig, RemoteHost};
use easim::script::{BoundParameters, CmdletHost, NonInteractive};

use crate::progress::Progress;
use crate::tenant_source::{TenantArgs, clock_now, parse_now};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim serve --admin-token secret &              the default tenant on 127.0.0.1:8080 (admin on 8081)
  easim load --token secret --devices 32 --duration 10
  easim load --url http://127.0.0.1:9000/Microsoft-Server-ActiveSync --profile small --seed 7 --devices 8

With the admin token (--token or EASIM_ADMIN_TOKEN) the devices' users come from the server itself;
without it, give load the tenant options the server was started with.";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:load@")]
pub(crate) struct LoadArgs {
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

pub(crate) fn run(args: LoadArgs) -> anyhow::Result<()> {
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
    let tenant = match token {
        Some(token) => tenant_from_server(&args.admin_url, token)?,
        None => args.tenant.load(args.now.unwrap_or_else(clock_now))?,
    };
    let devices = easim::load::run::fleet(&tenant, args.devices, "LOAD");
    if devices.len() < args.devices {
        eprintln!(
            "easim load: the tenant has only {} EAS-enabled users; using {} devices",
            devices.len(),
            devices.len()
        );
    }
    drop(tenant);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let progress = Progress::spinner(format!(
        "{} devices on {} for {} s",
        devices.len(),
        args.url,
        args.duration
    ));
    let report = runtime
        .block_on(easim::load::run::run(LoadPlan {
            addr,
            target: Target::EasSync { devices },
            duration: Duration::from_secs(args.duration),
            max_requests: args.max_requests,
        }))
        .map_err(|e| explained(e, &args.url, from_server))?;
    progress.finish();
    println!("easim load: {report}");
    Ok(())
}
