//! A fleet that behaves like phones: each device runs its behaviour model's loop (`model`) — Provision,
//! FolderSync at start, then Ping with its heartbeat, a Sync of the Inbox when a Ping reports changes, SendMail
//! and ItemOperations fetches at their rates on a second connection (as phones send while a Ping waits),
//! re-provisioning when the server asks (141-144, HTTP 449) and backing off after errors on its main loop —
//! while a postman delivers new mail to every device's mailbox at a set rate, through the server's own
//! SendMail delivery, so Pings wake up. What the second connection sends is retried after a server error (HTTP
//! 5xx) with the model's back-off, or the Retry-After of a 503 when longer (MS-ASHTTP 3.1.5.2.3: the client
//! SHOULD retry after it; without one, waits "increased exponentially to a predetermined maximum") — the same
//! message again, as a phone's outbox does; other chores wait behind it. A refusal that is not a server error (an EAS status) is counted, not retried.
//!
//! Time can be compressed: `speed` simulated seconds pass per real second for every wait the client makes (the
//! send and mail rates, back-off). A Ping's heartbeat is sent as the model says (it must be 60-3540 s for
//! Exchange); the server's clock for it is its own (`easim serve --speed N` makes a heartbeat second last 1/N
//! s). Bounded like every load run: a deadline, a request budget and a per-device budget; a Ping still waiting
//! at the deadline is dropped, not counted. Loopback only (`Connection::open` refuses other addresses).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::eas::Command;
use crate::eas::mail_store::INBOX;
use crate::wbxml::Element;

use super::client::{self, Device, Reply};
use super::model::{Behaviour, Mix};
use super::report::{Live, RunReport, is_error_for};
use super::session::{ClientError, Connection};

/// What the postman's deliveries are counted as (beside the devices' own commands).
pub const NEW_MAIL: &str = "SendMail (new mail)";

/// How a fleet behaves beyond its devices.
#[derive(Clone, Debug)]
pub struct FleetSettings {
    mix: Mix,
    speed: f64,
    mail_per_hour: f64,
    send_per_hour: Option<f64>,
    fetch_per_hour: Option<f64>,
}

/// A fleet setting out of range.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("--speed must be a number greater than 0, not {0}")]
    Speed(f64),
    #[error("{flag} must be 0 or more messages an hour, not {value}")]
    Rate { flag: &'static str, value: f64 },
}

impl FleetSettings {
    /// `speed`: simulated seconds per real second; `mail_per_hour`: new messages for each mailbox per simulated
    /// hour; `send_per_hour`: replaces every model's send rate.
    pub fn new(
        mix: Mix,
        speed: f64,
        mail_per_hour: f64,
        send_per_hour: Option<f64>,
    ) -> Result<FleetSettings, SettingsError> {
        if !(speed.is_finite() && speed > 0.0) {
            return Err(SettingsError::Speed(speed));
        }
        for (flag, value) in [
            ("--mail-per-hour", Some(mail_per_hour)),
            ("--send-per-hour", send_per_hour),
        ] {
            if let Some(value) = value.filter(|v| !(v.is_finite() && *v >= 0.0)) {
                return Err(SettingsError::Rate { flag, value });
            }
        }
        Ok(FleetSettings {
            mix,
            speed,
            mail_per_hour,
            send_per_hour,
            fetch_per_hour: None,
        })
    }

    /// Replaces every model's rate of ItemOperations fetches of the newest Inbox item (per simulated hour).
    pub fn fetching(mut self, per_hour: Option<f64>) -> Result<FleetSettings, SettingsError> {
        if let Some(value) = per_hour.filter(|v| !(v.is_finite() && *v >= 0.0)) {
            return Err(SettingsError::Rate {
                flag: "--fetch-per-hour",
                value,
            });
        }
        self.fetch_per_hour = per_hour;
        Ok(self)
    }

    /// Real time for `secs` simulated seconds (saturating: a huge wait is just past any deadline).
    fn real(&self, secs: f64) -> Duration {
        Duration::try_from_secs_f64(secs / self.speed).unwrap_or(Duration::MAX)
    }

    /// The real interval between events at `per_hour` a simulated hour (`None` for 0).
    fn every(&self, per_hour: f64) -> Option<Duration> {
        (per_hour > 0.0).then(|| self.real(3600.0 / per_hour))
    }
}

/// The run's limits, shared by every device.
#[derive(Debug)]
pub struct Bounds {
    pub started: Instant,
    pub deadline: Instant,
    /// Timed requests left for the whole fleet.
    pub budget: Arc<AtomicU64>,
    pub per_device: u64,
    pub live: Option<Arc<Live>>,
}

/// `now + d`, or past the deadline when that overflows.
fn later(now: Instant, d: Duration, deadline: Instant) -> Instant {
    now.checked_add(d)
        .unwrap_or(deadline + Duration::from_secs(1))
}

/// One device's (or the postman's) measurements and budget.
struct Meter {
    bounds: Arc<Bounds>,
    report: RunReport,
    sent: u64,
    per_device: u64,
}

impl Meter {
    fn new(bounds: Arc<Bounds>, per_device: u64) -> Meter {
        Meter {
            bounds,
            report: RunReport::default(),
            sent: 0,
            per_device,
        }
    }

    /// Takes one request from the budgets; false when the run is over for this device.
    fn take(&mut self) -> bool {
        let ok = self.sent < self.per_device
            && Instant::now() < self.bounds.deadline
            && self
                .bounds
                .budget
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                .is_ok();
        self.sent += u64::from(ok);
        ok
    }

    fn record(&mut self, command: &str, sent_at: Instant, reply: &Reply) {
        let micros = sent_at.elapsed().as_micros() as u64;
        let eas = reply.status();
        let second = sent_at.duration_since(self.bounds.started).as_secs();
        self.report
            .record(second, command, reply.status, eas, micros);
        if let Some(live) = &self.bounds.live {
            live.count(is_error_for(command, reply.status, eas));
        }
    }

    /// Sleeps until `until`; false when the deadline comes first.
    async fn pause(&self, until: Instant) -> bool {
        if until >= self.bounds.deadline {
            tokio::time::sleep_until(self.bounds.deadline.into()).await;
            return false;
        }
        tokio::time::sleep_until(until.into()).await;
        true
    }
}

/// Sends one request within the budgets and the deadline; `None` when the run ended first (not recorded).
async fn exchange(
    conn: &mut Connection,
    meter: &mut Meter,
    device: &Device,
    command: Command,
    body: Option<&Element>,
    label: &str,
) -> Result<Option<Reply>, ClientError> {
    if !meter.take() {
        return Ok(None);
    }
    let req = client::request(device, command, body);
    let sent_at = Instant::now();
    match tokio::time::timeout_at(meter.bounds.deadline.into(), conn.send(&req)).await {
        Err(_) => Ok(None),
        Ok(reply) => {
            let reply = reply?;
            meter.record(label, sent_at, &reply);
            Ok(Some(reply))
        }
    }
}

/// The two-phase Provision; the device keeps the final key. `Ok(false)`: the server refused (the caller backs
/// off); `Err`/`None` as `exchange`.
async fn provision(
    conn: &mut Connection,
    meter: &mut Meter,
    device: &mut Device,
) -> Result<Option<bool>, ClientError> {
    let body = client::provision_request(device);
    let Some(first) = exchange(
        conn,
        meter,
        device,
        Command::Provision,
        Some(&body),
        "Provision",
    )
    .await?
    else {
        return Ok(None);
    };
    let p1 = first
        .doc()
        .map(|d| client::provision_result(&d))
        .unwrap_or_default();
    let Some(temp) = p1.policy_key.filter(|_| p1.status == Some(1)) else {
        return Ok(Some(false));
    };
    let mut acking = device.clone();
    acking.policy_key = Some(temp);
    let ack = client::provision_ack(temp);
    let Some(second) = exchange(
        conn,
        meter,
        &acking,
        Command::Provision,
        Some(&ack),
        "Provision",
    )
    .await?
    else {
        return Ok(None);
    };
    let p2 = second
        .doc()
        .map(|d| client::provision_result(&d))
        .unwrap_or_default();
    match p2.policy_key {
        Some(key) if p2.policy_status == Some(1) => {
            device.policy_key = Some(key);
            Ok(Some(true))
        }
        _ => Ok(Some(false)),
    }
}

/// Where a device's loop is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Provision,
    FolderSync,
    Sync,
    Ping,
}

/// Whether an answer asks the device to provision again: HTTP 449 or EAS 141-144 (MS-OXPROTO 2.5.14.5; the
/// client re-provisions, MS-ASPROV 3.1.5.1).
fn needs_provision(reply: &Reply) -> bool {
    reply.status == 449 || reply.status().is_some_and(|s| (141..=144).contains(&s))
}

/// Seconds a 5xx answer's Retry-After asks for.
fn retry_after(reply: &Reply) -> Option<u32> {
    reply
        .header("Retry-After")
        .and_then(|v| v.trim().parse().ok())
}

/// What a user does besides waiting for mail, on the device's second connection (phones send and fetch while
/// a Ping waits): SendMail to a colleague outside the tenant (so it wakes no one's Ping) and ItemOperations
/// fetches of the newest Inbox item, each at its rate, spread over the interval by the device's place in the
/// fleet.
struct Chores {
    side: Option<Connection>,
    send: Option<(Duration, Instant)>,
    fetch: Option<(Duration, Instant)>,
    sends: u64,
    /// The newest Inbox item a Sync delivered (what a user would open).
    newest: Option<String>,
    /// A request the server answered with an error, to send again when its back-off is over.
    retrying: Option<Retrying>,
}

/// A chore's request waiting to be sent again.
struct Retrying {
    command: Command,
    body: Element,
    /// Server errors in a row for it.
    failures: u32,
    at: Instant,
}

/// How a device waits after a server error: its model's back-off, in its fleet's time.
#[derive(Clone, Copy)]
struct Pace<'a> {
    behaviour: &'a Behaviour,
    settings: &'a FleetSettings,
}

impl Chores {
    fn new(
        send: Option<Duration>,
        fetch: Option<Duration>,
        index: usize,
        bounds: &Bounds,
    ) -> Chores {
        let phase = ((index as u64 * 7919) % 1000) as f64 / 1000.0;
        let first = |every: Duration| {
            let offset = Duration::try_from_secs_f64(every.as_secs_f64() * phase).unwrap_or(every);
            (every, later(bounds.started, offset, bounds.deadline))
        };
        Chores {
            side: None,
            send: send.map(first),
            fetch: fetch.map(first),
            sends: 0,
            newest: None,
            retrying: None,
        }
    }

    /// When the next chore is due (`None`: never). A request being retried goes first.
    fn due(&self) -> Option<Instant> {
        if let Some(r) = &self.retrying {
            return Some(r.at);
        }
        [self.send, self.fetch]
            .into_iter()
            .flatten()
            .map(|(_, at)| at)
            .min()
    }

    /// Does every chore that is due; false when the run is over for this device.
    async fn run_due(
        &mut self,
        addr: SocketAddr,
        meter: &mut Meter,
        device: &Device,
        pace: Pace<'_>,
    ) -> Result<bool, ClientError> {
        let now = Instant::now();
        let deadline = meter.bounds.deadline;
        if let Some(r) = self.retrying.take() {
            if r.at > now {
                self.retrying = Some(r);
                return Ok(true);
            }
            return self
                .attempt(addr, meter, device, pace, r.command, r.body, r.failures)
                .await;
        }
        if let Some((every, at)) = self.send.filter(|(_, at)| *at <= now) {
            self.send = Some((every, later(at, every, deadline)));
            self.sends += 1;
            let mime = client::message(
                &device.user,
                "colleague@example.com",
                &format!("Message {} from {}", self.sends, device.device_id),
                "Sent by an easim load device.",
            );
            let body = client::send_mail(&mime, true);
            if !self
                .attempt(addr, meter, device, pace, Command::SendMail, body, 0)
                .await?
            {
                return Ok(false);
            }
            if self.retrying.is_some() {
                return Ok(true);
            }
        }
        if let Some((every, at)) = self.fetch.filter(|(_, at)| *at <= now) {
            self.fetch = Some((every, later(at, every, deadline)));
            if let Some(item) = self.newest.clone() {
                let body = client::fetch(&INBOX.to_string(), &item);
                if !self
                    .attempt(addr, meter, device, pace, Command::ItemOperations, body, 0)
                    .await?
                {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// Sends one chore's request; after a server error it is kept to be sent again once the back-off
    /// (Retry-After when longer) is over. False when the run is over for this device.
    #[allow(clippy::too_many_arguments)]
    async fn attempt(
        &mut self,
        addr: SocketAddr,
        meter: &mut Meter,
        device: &Device,
        pace: Pace<'_>,
        command: Command,
        body: Element,
        failures: u32,
    ) -> Result<bool, ClientError> {
        let conn = match &mut self.side {
            Some(c) => c,
            None => self.side.insert(Connection::open(addr).await?),
        };
        let Some(reply) =
            exchange(conn, meter, device, command, Some(&body), command.name()).await?
        else {
            return Ok(false);
        };
        if reply.status >= 500 {
            let failures = failures.saturating_add(1);
            let wait = retry_after(&reply)
                .unwrap_or(0)
                .max(pace.behaviour.backoff(failures));
            let at = later(
                Instant::now(),
                pace.settings.real(f64::from(wait)),
                meter.bounds.deadline,
            );
            self.retrying = Some(Retrying {
                command,
                body,
                failures,
                at,
            });
        }
        Ok(true)
    }
}

/// One device's life under its model.
async fn device_life(
    addr: SocketAddr,
    mut device: Device,
    behaviour: Behaviour,
    settings: FleetSettings,
    bounds: Arc<Bounds>,
    index: usize,
) -> Result<RunReport, ClientError> {
    let mut meter = Meter::new(bounds.clone(), bounds.per_device);
    let mut conn = Connection::open(addr).await?;
    let inbox = INBOX.to_string();
    let mut key = "0".to_string();
    let mut heartbeat = behaviour.ping.heartbeat;
    let mut failures = 0u32;
    let mut step = Step::Provision;
    // Where to go once provisioned: the start, or the step the server interrupted to ask for a new policy key.
    let mut resume = Step::FolderSync;
    let rate = |given: Option<f64>, model: f64| settings.every(given.unwrap_or(model));
    let pace = Pace {
        behaviour: &behaviour,
        settings: &settings,
    };
    let mut chores = Chores::new(
        rate(settings.send_per_hour, behaviour.rates.send_per_hour),
        rate(settings.fetch_per_hour, behaviour.rates.fetch_per_hour),
        index,
        &bounds,
    );
    loop {
        if step != Step::Provision
            && chores.due().is_some_and(|at| at <= Instant::now())
            && !chores.run_due(addr, &mut meter, &device, pace).await?
        {
            break;
        }
        let reply = match step {
            Step::Provision => match provision(&mut conn, &mut meter, &mut device).await? {
                None => break,
                Some(true) => {
                    failures = 0;
                    step = resume;
                    continue;
                }
                Some(false) => None,
            },
            Step::FolderSync => {
                let body = client::folder_sync("0");
                match exchange(
                    &mut conn,
                    &mut meter,
                    &device,
                    Command::FolderSync,
                    Some(&body),
                    "FolderSync",
                )
                .await?
                {
                    None => break,
                    Some(r) => Some(r),
                }
            }
            Step::Sync => {
                let body = client::sync(&inbox, &key, behaviour.sync.window_size);
                match exchange(
                    &mut conn,
                    &mut meter,
                    &device,
                    Command::Sync,
                    Some(&body),
                    "Sync",
                )
                .await?
                {
                    None => break,
                    Some(r) => Some(r),
                }
            }
            Step::Ping => {
                if !meter.take() {
                    break;
                }
                let body = client::ping(heartbeat, &[&inbox]);
                let req = client::request(&device, Command::Ping, Some(&body));
                let sent_at = Instant::now();
                let answer = {
                    let ping = conn.send(&req);
                    tokio::pin!(ping);
                    loop {
                        let wake = chores.due().unwrap_or(bounds.deadline).min(bounds.deadline);
                        tokio::select! {
                            r = &mut ping => break Some(r),
                            _ = tokio::time::sleep_until(wake.into()) => {
                                if wake >= bounds.deadline
                                    || !chores.run_due(addr, &mut meter, &device, pace).await?
                                {
                                    break None;
                                }
                            }
                        }
                    }
                };
                let Some(reply) = answer else { break };
                let reply = reply?;
                meter.record("Ping", sent_at, &reply);
                Some(reply)
            }
        };
        // What the answer means for the next step; `None` (a refused Provision) counts as a failure.
        let ok = match &reply {
            None => false,
            Some(r) if r.status >= 500 => false,
            Some(r) if needs_provision(r) && step != Step::Provision => {
                resume = step;
                step = Step::Provision;
                continue;
            }
            Some(r) => match step {
                Step::Provision => false,
                Step::FolderSync => {
                    let (status, _, _) = r
                        .doc()
                        .map(|d| client::folder_sync_result(&d))
                        .unwrap_or_default();
                    if status == Some(1) {
                        key = "0".to_string();
                        step = Step::Sync;
                    }
                    status == Some(1)
                }
                Step::Sync => {
                    let s = client::sync_result(r);
                    if s.empty {
                        step = Step::Ping;
                        true
                    } else if s.status == Some(1) {
                        let first = key == "0";
                        if let Some(item) = s.adds.last() {
                            chores.newest = Some(item.server_id.clone());
                        }
                        if let Some(k) = s.key {
                            key = k;
                        }
                        if !first && !s.more_available {
                            step = Step::Ping;
                        }
                        true
                    } else if s.status == Some(3) {
                        // Invalid sync key (MS-ASCMD 2.2.3.177.17): start the collection over from 0.
                        key = "0".to_string();
                        true
                    } else {
                        false
                    }
                }
                Step::Ping => {
                    let root = r.doc();
                    let (status, _) = root.as_ref().map(client::ping_result).unwrap_or_default();
                    match status {
                        // Expired with no changes: the model may lengthen its heartbeat.
                        Some(1) => {
                            heartbeat = behaviour.grown(heartbeat);
                            true
                        }
                        Some(2) => {
                            step = Step::Sync;
                            true
                        }
                        // Heartbeat out of bounds: take the nearest one the server allows.
                        Some(5) => match root.as_ref().and_then(client::ping_limit) {
                            Some(limit) => {
                                heartbeat = limit;
                                true
                            }
                            None => false,
                        },
                        // The folder hierarchy changed: FolderSync first.
                        Some(7) => {
                            step = Step::FolderSync;
                            true
                        }
                        _ => false,
                    }
                }
            },
        };
        if ok {
            failures = 0;
            continue;
        }
        failures = failures.saturating_add(1);
        let wait = reply
            .as_ref()
            .and_then(retry_after)
            .unwrap_or(0)
            .max(behaviour.backoff(failures));
        let until = later(
            Instant::now(),
            settings.real(f64::from(wait)),
            bounds.deadline,
        );
        if !meter.pause(until).await {
            break;
        }
    }
    Ok(meter.report)
}

/// Delivers new mail to each device's mailbox in turn, `interval` apart, from the first device's account.
async fn postman(
    addr: SocketAddr,
    mut from: Device,
    to: Vec<String>,
    interval: Duration,
    bounds: Arc<Bounds>,
) -> Result<RunReport, ClientError> {
    let mut conn = Connection::open(addr).await?;
    // The postman's own set-up is not part of the fleet's mix.
    let mut setup = Meter::new(bounds.clone(), u64::MAX);
    if provision(&mut conn, &mut setup, &mut from).await? != Some(true) {
        return Ok(RunReport::default());
    }
    let mut report = RunReport::default();
    let mut meter = Meter::new(bounds.clone(), u64::MAX);
    let mut next = later(bounds.started, interval, bounds.deadline);
    let mut n = 0u64;
    while meter.pause(next).await {
        let target = &to[(n % to.len() as u64) as usize];
        n += 1;
        let mime = client::message(
            &from.user,
            target,
            &format!("New mail {n}"),
            "Delivered by easim load's postman.",
        );
        let body = client::send_mail(&mime, false);
        let Some(reply) = exchange(
            &mut conn,
            &mut meter,
            &from,
            Command::SendMail,
            Some(&body),
            NEW_MAIL,
        )
        .await?
        else {
            break;
        };
        // A policy change reaches the postman too: it provisions again (set-up, not mix) and goes on.
        if needs_provision(&reply) && provision(&mut conn, &mut setup, &mut from).await?.is_none() {
            break;
        }
        next = later(next, interval, bounds.deadline);
    }
    report.absorb(&meter.report);
    for (command, latency) in &setup.report.by_command {
        report
            .setup
            .entry(command.clone())
            .or_default()
            .add(latency);
    }
    Ok(report)
}

/// Runs the fleet until its bounds stop it.
pub async fn run(
    addr: SocketAddr,
    devices: Vec<Device>,
    settings: FleetSettings,
    bounds: Bounds,
) -> Result<RunReport, ClientError> {
    let bounds = Arc::new(bounds);
    let mut tasks = JoinSet::new();
    let mail_every = settings.every(settings.mail_per_hour * devices.len() as f64);
    if let (Some(every), Some(first)) = (mail_every, devices.first()) {
        let mut from = Device::new(
            &first.user,
            &first.password,
            &format!("{}MAIL", first.device_id),
        );
        from.version = first.version;
        let to = devices.iter().map(|d| d.user.clone()).collect();
        tasks.spawn(postman(addr, from, to, every, bounds.clone()));
    }
    for (i, device) in devices.iter().enumerate() {
        let behaviour = settings.mix.for_device(i).clone();
        let dressed = behaviour.dress(device);
        tasks.spawn(device_life(
            addr,
            dressed,
            behaviour,
            settings.clone(),
            bounds.clone(),
            i,
        ));
    }
    let mut report = RunReport::default();
    while let Some(joined) = tasks.join_next().await {
        let part = joined.map_err(|e| std::io::Error::other(e.to_string()))??;
        report.absorb(&part);
    }
    report.devices = devices.len() as u64;
    report.connections = devices.len() as u64;
    report.finish(bounds.started.elapsed().as_secs_f64());
    Ok(report)
}
