//! `easim serve`: the mock EAS endpoint and the mock admin endpoint over one tenant, on loopback by default.
//!
//! Only the shell: loads or generates the tenant, binds the listeners (with a clear message when a port is
//! busy), prints where to connect, sets up logging and runs `easim::server::run` until Ctrl-C.

use std::hash::{BuildHasher, Hasher};

use base64::Engine as _;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use easim::eas::ProtocolVersion;
use easim::model::{RecipientTypeDetails, Tenant, Timestamp};
use easim::server::{AppState, Listeners, ServerConfig};
use tokio::net::TcpListener;

use crate::state_dir::{self, StateArgs};
use crate::tenant_source::{TenantArgs, clock_now, parse_now};
use crate::throttle::{Throttle, parse_throttle};

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim serve                                   the built-in default tenant (profile default, seed 1)
  easim serve --now 2026-11-23                  the same tenant whatever today's date is
  easim serve --profile small --seed 7
  easim serve --tenant tenant.json --eas-addr 127.0.0.1:0 --admin-addr 127.0.0.1:0
  easim serve --only-16-1 --tarpit-secs 20      behave like Exchange Online, error delay included
  RUST_LOG=debug easim serve                    log one line per EAS request
  easim serve --state ./state                   keep every change in ./state; the next start goes on from it
  easim serve --throttle exo                    answer admin calls over Exchange Online's budget with HTTP 429

A generated tenant depends on its profile, seed and --now (the device catalog grows with the date).";

#[derive(Args, Debug)]
#[command(after_help = "@verbatim:serve@")]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    tenant: TenantArgs,
    #[command(flatten)]
    state: StateArgs,
    /// The instant a generated tenant's sync times are relative to: an RFC 3339 date-time or a date
    /// (2026-11-23). Default: the current time.
    #[arg(long, value_name = "INSTANT", value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Where the EAS endpoint listens (port 0 picks a free port).
    #[arg(long, visible_alias = "addr", default_value = "127.0.0.1:8080")]
    eas_addr: SocketAddr,
    /// Where the admin endpoint listens (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8081")]
    admin_addr: SocketAddr,
    /// The bearer token the admin endpoint requires; else $EASIM_ADMIN_TOKEN; else a random one, printed.
    #[arg(long)]
    admin_token: Option<String>,
    /// Delay error responses by this many seconds, as Exchange does (20 s there).
    #[arg(long, default_value_t = 0)]
    tarpit_secs: u64,
    /// Apply a throttling profile's cmdlet budgets at the admin endpoint: exo (Exchange Online's 25 Exchange
    /// cmdlets per 5 s and 120 destructive ones per minute, per user), exchange2019 (no cmdlet budget) or none.
    /// A call over budget gets HTTP 429 with Retry-After.
    #[arg(long, value_name = "PROFILE", value_parser = parse_throttle, default_value = "none")]
    throttle: Throttle,
    /// Time compression for load tests (`easim load --model … --speed N`): a Ping's or long-poll Sync's
    /// heartbeat second lasts 1/N s, so a client may send the heartbeats Exchange accepts (60-3540 s) and still
    /// get its answer N times sooner. 1: real time.
    #[arg(long, value_name = "N", default_value_t = 1.0, value_parser = parse_speed)]
    speed: f64,
    /// Accept MS-ASProtocolVersion 16.1 only, as Exchange Online does.
    #[arg(long = "only-16-1")]
    only_16_1: bool,
    /// Largest request body accepted (HTTP 413 beyond).
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Seconds a client may take to send a request's headers; also how long an idle keep-alive connection stays
    /// open.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    header_timeout: u64,
    /// Seconds a client may take to send a request's body (HTTP 408 beyond).
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    body_timeout: u64,
    /// Connections served at once per endpoint; more wait until one closes.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_connections: usize,
    /// Seconds in-flight requests get to finish after Ctrl-C or SIGTERM (a second one stops at once).
    #[arg(long, value_name = "SECS", default_value_t = 5)]
    shutdown_grace: u64,
    /// Seconds one evaluation of the console's loaded exercise may run before it is stopped.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    exercise_time_limit: u64,
    /// Log filter (tracing `EnvFilter` syntax): `info` logs start-up and errors, `debug` adds one line per
    /// EAS request, `warn` is quiet.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    log: String,
}

/// 32 random bytes from the operating system, base64url: a token nobody can guess. Without /dev/urandom
/// (not Unix), std's randomly keyed hashers stand in.
fn random_token() -> String {
    use std::io::Read as _;
    let mut bytes = [0u8; 32];
    let from_os = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if from_os.is_err() {
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            h.write_i64(clock_now().millis());
            chunk.copy_from_slice(&h.finish().to_le_bytes()[..chunk.len()]);
        }
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `--speed`: a number from 1 to 1,000,000 (a heartbeat second is never shorter than a microsecond).
fn parse_speed(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(n) if (1.0..=1_000_000.0).contains(&n) => Ok(n),
        _ => Err(format!("'{text}' is not a speed from 1 to 1000000")),
    }
}

async fn bind(addr: SocketAddr, what: &str, flag: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr).await.with_context(|| {
        format!(
            "cannot listen for the {what} on {addr} (is another easim or service using it?); choose another address with {flag}, or port 0 for any free port"
        )
    })
}

/// The first user mailbox that may use EAS: the sample user the banner shows.
fn sample_user(tenant: &Tenant) -> Option<(String, String)> {
    tenant
        .mailboxes()
        .map(|(_, m)| m)
        .find(|m| {
            m.recipient_type_details == RecipientTypeDetails::UserMailbox
                && m.cas.active_sync_enabled
                && !m.password.is_empty()
        })
        .map(|m| (m.user_principal_name.clone(), m.password.clone()))
}

pub(crate) fn run(args: ServeArgs) -> anyhow::Result<()> {
    let filter = tracing_subscriber::EnvFilter::try_new(&args.log)
        .with_context(|| format!("--log '{}' is not a valid log filter", args.log))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(args))
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let now = args.now.unwrap_or_else(clock_now);
    let opened = match &args.state.state {
        Some(dir) => Some(state_dir::open(
            dir,
            &args.state,
            &args.tenant,
            now,
            args.now.is_some(),
        )?),
        None => None,
    };
    let eas = bind(args.eas_addr, "EAS endpoint", "--eas-addr").await?;
    let admin = bind(args.admin_addr, "admin endpoint", "--admin-addr").await?;
    let eas_addr = eas.local_addr()?;
    let admin_addr = admin.local_addr()?;
    let from_env = std::env::var("EASIM_ADMIN_TOKEN").ok();
    let (admin_token, generated) = match args.admin_token.or(from_env) {
        Some(t) if !t.is_empty() => (t, false),
        _ => (random_token(), true),
    };
    let mut config = ServerConfig {
        max_body_bytes: args.max_body_bytes,
        admin_token: admin_token.clone(),
        tarpit: Duration::from_secs(args.tarpit_secs),
        ping_second: Duration::from_secs_f64(1.0 / args.speed),
        seed: args.tenant.seed,
        mail_epoch: args.now,
        header_timeout: Duration::from_secs(args.header_timeout.max(1)),
        body_timeout: Duration::from_secs(args.body_timeout.max(1)),
        max_connections: args.max_connections.max(1),
        shutdown_grace: Duration::from_secs(args.shutdown_grace),
        exercise_time_limit: Duration::from_secs(args.exercise_time_limit.max(1)),
        throttle: args.throttle.0,
        ..ServerConfig::default()
    };
    if args.only_16_1 {
        config.eas.accepted_versions = vec![ProtocolVersion::V16_1];
    }
    let (state, source) = match opened {
        Some(o) => (
            AppState::resume(o.state, o.durable, config).map_err(|e| {
                anyhow::anyhow!("the state directory's mail does not read back: {e}")
            })?,
            o.source,
        ),
        None => {
            let (tenant, source) = args.tenant.load_described(now, args.now.is_some())?;
            (AppState::new(tenant, config), source)
        }
    };
    let (domain, summary, sample) = {
        let world = state.lock();
        let tenant = &world.tenant;
        let summary = format!(
            "{} mailboxes, {} device partnerships",
            crate::generate::thousands(tenant.mailbox_count()),
            crate::generate::thousands(tenant.device_count())
        );
        (tenant.domain().to_string(), summary, sample_user(tenant))
    };
    let state = Arc::new(state);

    let eas_url = format!("http://{eas_addr}{}", easim::server::EAS_PATH);
    let mut out = std::io::stdout().lock();
    writeln!(out, "easim serve: tenant {domain} ({summary}; {source})")?;
    writeln!(out, "EAS endpoint:   {eas_url}")?;
    writeln!(
        out,
        "Admin endpoint: http://{admin_addr}/adminapi/beta/{domain}/InvokeCommand"
    )?;
    writeln!(
        out,
        "Console:        http://{admin_addr}/console  (sign in with the admin token)"
    )?;
    if let Some(profile) = args.throttle.0 {
        writeln!(
            out,
            "Throttling:     admin calls over {} get HTTP 429 with Retry-After",
            profile.label
        )?;
    }
    if generated {
        writeln!(
            out,
            "Admin token (generated; set --admin-token or EASIM_ADMIN_TOKEN to choose one): {admin_token}"
        )?;
    }
    match &sample {
        Some((user, password)) => {
            writeln!(out, "Sample user:    {user}  password: {password}")?;
            writeln!(
                out,
                "Try:            curl -i -X OPTIONS -u '{user}:{password}' {eas_url}"
            )?;
            writeln!(
                out,
                "pyactivesync:   c = pyactivesync.Client('{eas_addr}', '{user}', '{password}', device_id='PYAS0001'); c._transport.base_url = '{eas_url}'; c.provision(); print(c.list_folders())"
            )?;
        }
        None => writeln!(
            out,
            "Sample user:    (the tenant has no EAS-enabled user mailbox)"
        )?,
    }
    writeln!(out, "Press Ctrl-C to stop.")?;
    out.flush()?;
    drop(out);

    // The first Ctrl-C or SIGTERM stops accepting and lets in-flight requests finish (for the grace at most);
    // a second one drops them and exits at once.
    let (signals_tx, signals_rx) = tokio::sync::watch::channel(0u32);
    let count_signals = async move {
        let mut stops = StopSignals::new();
        while stops.next().await {
            signals_tx.send_modify(|n| *n += 1);
        }
        // No signal can be listened for: only the process being killed stops it.
        std::future::pending::<()>().await;
    };
    let nth = |n: u32| {
        let mut rx = signals_rx.clone();
        async move {
            let _ = rx.wait_for(|count| *count >= n).await;
        }
    };
    let grace = state.config.shutdown_grace;
    let first = nth(1);
    let server = easim::server::run_until(
        Listeners {
            eas,
            admin: Some(admin),
        },
        state,
        async move {
            first.await;
            eprintln!(
                "easim serve: stopping (in-flight requests get {} s; press Ctrl-C again to stop at once)",
                grace.as_secs()
            );
        },
        nth(2),
    );
    tokio::select! {
        result = server => result.context("the server stopped with an error"),
        _ = count_signals => Ok(()),
    }
}

/// Ctrl-C (SIGINT) and SIGTERM, listened for from creation on, so none is missed between two waits.
struct StopSignals {
    #[cfg(unix)]
    unix: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl StopSignals {
    fn new() -> StopSignals {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let unix = match (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) {
                (Ok(int), Ok(term)) => Some((int, term)),
                _ => None,
            };
            StopSignals { unix }
        }
        #[cfg(not(unix))]
        StopSignals {}
    }

    /// Waits for the next stop signal; false when none can be listened for.
    async fn next(&mut self) -> bool {
        #[cfg(unix)]
        if let Some((int, term)) = &mut self.unix {
            return tokio::select! {
                got = int.recv() => got.is_some(),
                got = term.recv() => got.is_some(),
            };
        }
        tokio::signal::ctrl_c().await.is_ok()
    }
}
