//! The state the server shares between connections: the tenant and, beside it, the EAS endpoint's per-mailbox
//! protocol state (`MailStore`) and the seeded RNG for policy keys and Guids, behind one mutex; plus the
//! immutable configuration, the wake-ups that waiting Pings listen to, and (outside the lock) the live feed and
//! the console's sessions.
//!
//! One lock keeps an admin change and the next EAS decision strictly ordered: no update is lost and no request
//! sees half an admin operation. Handlers hold it only for pure, short computations.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use hashbrown::HashMap;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tokio::sync::watch;

use crate::admin::throttle::{Budgets, Profile, Throttled};
use crate::durable::{Durable, State};
use crate::eas::{EasConfig, MailStore};
use crate::model::{MailboxId, Tenant, Timestamp};

use super::feed::Feed;
use super::scenario::Scenario;
use super::session::Sessions;

/// Everything mutable the server shares.
pub struct World {
    pub tenant: Tenant,
    /// Folders, mail and per-device sync state, generated per mailbox on first access.
    pub mail: MailStore,
    /// Policy keys and partnership Guids; seeded, so a run is reproducible.
    pub rng: ChaCha8Rng,
    /// One channel per mailbox that has a waiting Ping; bumped when the mailbox's content changes.
    pings: HashMap<MailboxId, watch::Sender<u64>>,
}

impl World {
    /// A receiver that sees the next change of `mailbox` (created under the lock, so no change is missed).
    pub fn watch_mailbox(&mut self, mailbox: MailboxId) -> watch::Receiver<u64> {
        self.pings
            .entry(mailbox)
            .or_insert_with(|| watch::channel(0).0)
            .subscribe()
    }

    /// After the tenant was replaced (Import-Tenant): the protocol state kept beside it names mailboxes by id, so
    /// it is dropped, waiting Pings wake, and every device starts over as on a new server.
    pub fn tenant_replaced(&mut self) {
        self.mail.clear();
        self.notify_changes();
    }

    /// Wakes the Pings waiting on mailboxes whose content changed; forgets channels nobody listens to.
    pub fn notify_changes(&mut self) {
        for mailbox in self.mail.take_touched() {
            if let Some(tx) = self.pings.get(&mailbox) {
                tx.send_modify(|n| *n += 1);
            }
        }
        if self.pings.len() > 64 {
            self.pings.retain(|_, tx| tx.receiver_count() > 0);
        }
    }
}

/// Server settings fixed at start.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body accepted; larger ones get HTTP 413.
    pub max_body_bytes: usize,
    /// The bearer token the admin endpoint requires.
    pub admin_token: String,
    /// Protocol settings (accepted versions, heartbeat bounds, window size).
    pub eas: EasConfig,
    /// Exchange delays error responses by ErrorResponseDelay (20 s); the simulator defaults to none.
    pub tarpit: Duration,
    /// How long one heartbeat second lasts (tests shorten Pings with this; 1 s in real use).
    pub ping_second: Duration,
    /// Seeds the RNG (policy keys, Guids) and the generated mail.
    pub seed: u64,
    /// The instant generated mail is dated relative to; the server's start time when `None`.
    pub mail_epoch: Option<Timestamp>,
    /// How long a client may take to send a request's headers; it also bounds how long a keep-alive connection
    /// may sit idle before its next request (the wait for the next request's headers). Then the connection is
    /// closed.
    pub header_timeout: Duration,
    /// How long a client may take to send a request's body once its headers are in; then HTTP 408.
    pub body_timeout: Duration,
    /// Connections served at once per endpoint; further ones wait in the listen backlog until one closes.
    pub max_connections: usize,
    /// After a shutdown is asked for: how long in-flight requests may take to finish before their connections
    /// are dropped.
    pub shutdown_grace: Duration,
    /// How long one evaluation of the console's exercise may run before it is stopped.
    pub exercise_time_limit: Duration,
    /// The throttling profile the admin endpoint applies (`--throttle exo|exchange2019`): a call over its
    /// user's budget gets HTTP 429 with `Retry-After`. `None` (the default): no throttling.
    pub throttle: Option<&'static Profile>,
    /// The throttle's clock in milliseconds, when a test drives it (`None`: the server's monotonic clock). A test
    /// advances it to let a budget window end without waiting for it.
    pub throttle_clock: Option<Arc<AtomicU64>>,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            max_body_bytes: 16 * 1024 * 1024,
            admin_token: String::new(),
            eas: EasConfig::default(),
            tarpit: Duration::ZERO,
            ping_second: Duration::from_secs(1),
            seed: 1,
            mail_epoch: None,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            max_connections: 10_000,
            shutdown_grace: Duration::from_secs(5),
            exercise_time_limit: Duration::from_secs(10),
            throttle: None,
            throttle_clock: None,
        }
    }
}

pub struct AppState {
    world: Mutex<World>,
    pub config: ServerConfig,
    /// The instant generated mail is dated relative to (fixed at start, or restored from the state directory).
    pub(crate) mail_epoch: Timestamp,
    /// The state directory (`--state`): where every acknowledged change is journaled. `None`: memory only.
    pub(crate) durable: Option<Arc<Durable>>,
    /// Set when the server shuts down, so long waits (Ping, tarpit) end early.
    closing: watch::Sender<bool>,
    /// The live feed the endpoints publish to and the console streams (outside the world lock).
    pub(crate) feed: Feed,
    /// The console's sign-in sessions (outside the world lock).
    pub(crate) console_sessions: Sessions,
    /// The console's snapshots and loaded exercise (outside the world lock).
    pub(crate) scenario: Scenario,
    /// The admin endpoint's cmdlet budgets under `config.throttle` (their own short lock, taken before the
    /// world's and never with it).
    throttle: Option<Mutex<Budgets>>,
    /// When the server started: the throttle's clock counts from here.
    started: Instant,
}

impl AppState {
    /// A server whose state lives in memory only.
    pub fn new(tenant: Tenant, config: ServerConfig) -> AppState {
        let epoch = config.mail_epoch.unwrap_or_else(clock_now);
        AppState::build(tenant, config, epoch, 0, None)
    }

    /// A server that goes on from a state directory's state (`Durable::open`) and journals every change there.
    /// The directory's seed and mail epoch win over the configuration's, so mail regenerates the same; the
    /// mailboxes' records are read back (an error names the mailbox whose record does not read).
    pub fn resume(
        state: State,
        durable: Durable,
        mut config: ServerConfig,
    ) -> Result<AppState, String> {
        config.seed = state.seed;
        config.mail_epoch = Some(state.mail_epoch);
        let app = AppState::build(
            state.tenant,
            config,
            state.mail_epoch,
            state.rng_word_pos,
            Some(Arc::new(durable)),
        );
        {
            let mut world = app.lock();
            world.mail.track_changes();
            for (id, record) in &state.mail {
                world.mail.restore(*id, record)?;
            }
        }
        Ok(app)
    }

    fn build(
        tenant: Tenant,
        config: ServerConfig,
        epoch: Timestamp,
        rng_word_pos: u128,
        durable: Option<Arc<Durable>>,
    ) -> AppState {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
        rng.set_word_pos(rng_word_pos);
        let throttle = config.throttle.map(|p| Mutex::new(Budgets::new(p)));
        tenant.prepare_indexes();
        AppState {
            world: Mutex::new(World {
                tenant,
                mail: MailStore::new(config.seed, epoch),
                rng,
                pings: HashMap::new(),
            }),
            config,
            mail_epoch: epoch,
            durable,
            closing: watch::channel(false).0,
            feed: Feed::default(),
            console_sessions: Sessions::default(),
            scenario: Scenario::default(),
            throttle,
            started: Instant::now(),
        }
    }

    /// Charges one admin call of `cmdlet` by `user` to the throttling profile's budgets; `Err` when it is over
    /// budget (it is then not run). Always `Ok` without a profile.
    pub(crate) fn charge_admin(&self, user: &str, cmdlet: &str) -> Result<(), Throttled> {
        let Some(budgets) = &self.throttle else {
            return Ok(());
        };
        let now_ms = match &self.config.throttle_clock {
            Some(clock) => clock.load(Ordering::SeqCst),
            None => u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX),
        };
        budgets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .charge(user, cmdlet, now_ms)
    }

    /// Locks the shared world. A panic while it was held (a bug) does not take the server down with it: the
    /// data is still consistent because every mutation is applied whole by pure functions.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tells long waits that the server is shutting down.
    pub fn begin_shutdown(&self) {
        self.closing.send_replace(true);
    }

    /// A receiver whose value turns true when the server shuts down.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }
}

/// The current time; the server is the one place that reads the clock for EAS requests.
pub(crate) fn clock_now() -> Timestamp {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp::from_millis(since.as_millis() as i64)
}
