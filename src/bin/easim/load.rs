//! `easim load`: a bounded fleet of simulated devices hammering a running `easim serve` on loopback — each
//! provisions, syncs its Inbox, then repeats a steady-state Sync — and a one-line throughput report.
//!
//! Only the shell around `easim::load`: the devices are the first users of the same tenant the server runs
//! (same --tenant, or same --profile/--seed), so their passwords are known. Loopback addresses only.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use easim::load::{LoadPlan, Target};

use crate::tenant_source::{TenantArgs, clock_now};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim serve --log warn &                        the default tenant on 127.0.0.1:8080
  easim load --devices 32 --duration 10
  easim load --url http://127.0.0.1:9000/Microsoft-Server-ActiveSync --profile small --seed 7 --devices 8";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:load@")]
pub(crate) struct LoadArgs {
    /// The same tenant options the server was started with (its users are the devices' owners).
    #[command(flatten)]
    tenant: TenantArgs,
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

pub(crate) fn run(args: LoadArgs) -> anyhow::Result<()> {
    let addr = loopback_addr(&args.url)?;
    if args.devices == 0 {
        bail!("--devices must be at least 1");
    }
    let tenant = args.tenant.load(clock_now())?;
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
    let report = runtime
        .block_on(easim::load::run::run(LoadPlan {
            addr,
            target: Target::EasSync { devices },
            duration: Duration::from_secs(args.duration),
            max_requests: args.max_requests,
        }))
        .context("the load run failed")?;
    println!("easim load: {report}");
    Ok(())
}
