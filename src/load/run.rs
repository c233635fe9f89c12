//! The load generator: a bounded fleet of simulated devices, one keep-alive connection each, that provision,
//! sync their Inbox to the end, then repeat a steady-state Sync (nothing new to report) as fast as the
//! server answers. The same loop can target any loopback HTTP service (`Target::Get`) for a baseline.
//!
//! Bounded in every way: a fixed number of connections (a `JoinSet`), a deadline and a request budget; it
//! stops by itself. Loopback only.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::eas::Command;
use crate::eas::mail_store::INBOX;
use crate::model::{RecipientTypeDetails, Tenant};

use super::client::{self, Device, WireRequest};
use super::fleet::{self, Bounds, FleetSettings};
pub use super::report::Live;
use super::report::{RunReport, is_error_for};
use super::session::{ClientError, Connection, Session};

/// What to hammer.
#[derive(Clone, Debug)]
pub enum Target {
    /// The EAS endpoint: each device syncs its Inbox, then loops on a Sync with nothing new.
    EasSync { devices: Vec<Device> },
    /// A plain `GET path` on `connections` connections (the hello baseline).
    Get { path: String, connections: usize },
    /// Each device runs its behaviour model (`fleet`): FolderSync, Ping, Sync on wake-up, SendMail; new mail
    /// arrives at a set rate per mailbox.
    Fleet {
        devices: Vec<Device>,
        settings: FleetSettings,
    },
}

/// A bounded load run.
#[derive(Clone, Debug)]
pub struct LoadPlan {
    pub addr: SocketAddr,
    pub target: Target,
    /// How long the timed loop runs (setup is not timed).
    pub duration: Duration,
    /// Stop after this many timed requests in total.
    pub max_requests: u64,
    /// Stop each connection after this many timed requests (a run whose totals do not depend on speed).
    pub per_device: Option<u64>,
    /// Counters the caller may watch while the run goes (a progress line).
    pub live: Option<Arc<Live>>,
}

/// `n` fresh simulated devices (`{prefix}0000`, …) for the first `n` EAS-enabled users of a tenant, one each.
pub fn fleet(tenant: &Tenant, n: usize, prefix: &str) -> Vec<Device> {
    tenant
        .mailboxes()
        .map(|(_, m)| m)
        .filter(|m| {
            m.recipient_type_details == RecipientTypeDetails::UserMailbox
                && m.cas.active_sync_enabled
                && !m.password.is_empty()
        })
        .take(n)
        .enumerate()
        .map(|(i, m)| {
            Device::new(
                &m.user_principal_name,
                &m.password,
                &format!("{prefix}{i:04}"),
            )
        })
        .collect()
}

/// Brings a device to steady state: provisioned, hierarchy synced, Inbox drained. Returns the connection,
/// the request it will repeat and how long each set-up request took.
async fn prepare_device(
    addr: SocketAddr,
    device: Device,
) -> Result<(Connection, WireRequest, Vec<(Command, u64)>), ClientError> {
    let mut session = Session::connect(addr, device).await?.recording();
    session.provision().await?;
    session.folder_sync().await?;
    let inbox = INBOX.to_string();
    let (_, key) = session.sync_all(&inbox, 100).await?;
    let req = client::request(
        &session.device,
        Command::Sync,
        Some(&client::sync(&inbox, &key, 100)),
    );
    let timings = session.take_timings();
    Ok((session.into_connection(), req, timings))
}

/// Runs the plan and reports throughput and latency.
pub async fn run(plan: LoadPlan) -> Result<RunReport, ClientError> {
    if !plan.addr.ip().is_loopback() {
        return Err(ClientError::NotLoopback(plan.addr));
    }
    let mut prepared = Vec::new();
    let mut report = RunReport::default();
    let command = match &plan.target {
        Target::EasSync { devices } => {
            let mut setup = JoinSet::new();
            for device in devices.clone() {
                setup.spawn(prepare_device(plan.addr, device));
            }
            while let Some(joined) = setup.join_next().await {
                let (conn, req, timings) =
                    joined.map_err(|e| std::io::Error::other(e.to_string()))??;
                for (command, micros) in timings {
                    report.record_setup(command.name(), micros);
                }
                prepared.push((conn, req));
            }
            report.devices = devices.len() as u64;
            Command::Sync.name()
        }
        Target::Get { path, connections } => {
            for _ in 0..*connections {
                let conn = Connection::open(plan.addr).await?;
                let req = WireRequest {
                    method: "GET",
                    target: path.clone(),
                    headers: Vec::new(),
                    body: Vec::new(),
                };
                prepared.push((conn, req));
            }
            "GET"
        }
        Target::Fleet { devices, settings } => {
            // The whole of each device's life is timed: its start (Provision, FolderSync) is part of the mix.
            let started = Instant::now();
            let bounds = Bounds {
                started,
                deadline: started + plan.duration,
                budget: Arc::new(AtomicU64::new(plan.max_requests)),
                per_device: plan.per_device.unwrap_or(u64::MAX),
                live: plan.live.clone(),
            };
            return fleet::run(plan.addr, devices.clone(), settings.clone(), bounds).await;
        }
    };
    report.connections = prepared.len() as u64;
    let budget = Arc::new(AtomicU64::new(plan.max_requests));
    let per_device = plan.per_device.unwrap_or(u64::MAX);
    let started = Instant::now();
    let deadline = started + plan.duration;
    let mut workers = JoinSet::new();
    for (mut conn, req) in prepared {
        let budget = budget.clone();
        let live = plan.live.clone();
        workers.spawn(async move {
            let mut mine = RunReport::default();
            let mut sent = 0u64;
            while sent < per_device
                && Instant::now() < deadline
                && budget
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
            {
                let t = Instant::now();
                let reply = conn.send(&req).await?;
                let micros = t.elapsed().as_micros() as u64;
                let eas = reply.status();
                let second = t.duration_since(started).as_secs();
                mine.record(second, command, reply.status, eas, micros);
                sent += 1;
                if let Some(live) = &live {
                    live.count(is_error_for(command, reply.status, eas));
                }
            }
            Ok::<_, ClientError>(mine)
        });
    }
    while let Some(joined) = workers.join_next().await {
        let mine = joined.map_err(|e| std::io::Error::other(e.to_string()))??;
        report.absorb(&mine);
    }
    report.finish(started.elapsed().as_secs_f64());
    Ok(report)
}
