//! The server's side of `--state DIR`: what the handlers journal, when they wait for it, and the background
//! flusher and snapshots. Without a state directory every function here is a no-op.
//!
//! - Admin endpoint: a call to a cmdlet that may change the tenant is journaled, under the world lock, as its
//!   request body with the time and caller (`durable::AdminCall`).
//! - EAS endpoint: under the world lock, the request's partnership is looked up before and after `eas::handle`
//!   (and around a long poll's re-check). A new or changed partnership is journaled whole with the RNG position
//!   (`durable::DeviceRecord`); when only its sync timestamps moved (a steady-state Sync or Ping), just those
//!   (`durable::DeviceTimes`); either carries the RNG position and the tenant's change counter afterwards, and
//!   when only those moved, they alone are journaled (`durable::Counters`). Then every mailbox the request
//!   changed the mail or sync state of (its own; the recipients' of mail it sent) is journaled as its record
//!   (`durable::MailboxRecord`): the answer carries SyncKeys the client will come back with.
//! - Every entry is appended under the lock (journal order is lock order); the handler then commits it, after the
//!   lock is released and before the answer is written — except timestamps-only entries: no client relies on
//!   LastSyncAttemptTime, so they ride along with the next commit or flush instead of costing a write each.
//! - The flusher writes and syncs the journal every flush interval; a snapshot is taken every snapshot interval
//!   (or after that many entries) when the journal has grown, and once more at graceful shutdown.

use std::sync::Arc;

use crate::durable::{
    AdminCall, Counters, DeviceRecord, DeviceTimes, Durable, Entry, MailboxRecord, State,
    SyncPolicy,
};
use crate::eas::{self, Credentials};
use crate::model::{MailboxId, MobileDevice, Timestamp};

use super::{AppState, HttpError, World};

/// A partnership as it was before a request, to tell afterwards what the request changed.
pub(crate) struct DeviceWatch {
    mailbox: MailboxId,
    device_id: String,
    before: Option<MobileDevice>,
    before_counters: Counters,
}

/// A journal entry the handler must commit before answering (`None`: nothing to wait for).
#[derive(Clone, Copy, Debug, Default)]
#[must_use = "commit it before answering"]
pub(crate) struct Journaled(Option<u64>);

impl AppState {
    /// The state directory, when the server has one.
    pub fn durable(&self) -> Option<&Arc<Durable>> {
        self.durable.as_ref()
    }

    /// Before an EAS request: the partnership the authenticated user's `device_id` names, if any.
    pub(crate) fn watch_request(
        &self,
        world: &World,
        credentials: Option<&Credentials>,
        device_id: &str,
    ) -> Option<DeviceWatch> {
        self.durable.as_ref()?;
        let mailbox = eas::authenticate(&world.tenant, credentials?)?;
        Some(watch(world, mailbox, device_id))
    }

    /// Before a long poll's re-check: its partnership.
    pub(crate) fn watch_device(
        &self,
        world: &World,
        mailbox: MailboxId,
        device_id: &str,
    ) -> Option<DeviceWatch> {
        self.durable.as_ref()?;
        Some(watch(world, mailbox, device_id))
    }

    /// After the request, still under the lock: journals what it changed of the partnership, then of the
    /// mailboxes' mail and sync state.
    pub(crate) fn journal_device(
        &self,
        world: &mut World,
        watch: Option<DeviceWatch>,
    ) -> Journaled {
        let device = self.journal_partnership(world, watch);
        let Some(durable) = &self.durable else {
            return device;
        };
        let mut last = device;
        for (mailbox, record) in world.mail.take_changed() {
            let entry = Entry::Mailbox(MailboxRecord { mailbox, record });
            last = Journaled(Some(durable.journal().append(&entry)));
        }
        last
    }

    fn journal_partnership(&self, world: &World, watch: Option<DeviceWatch>) -> Journaled {
        let (Some(durable), Some(w)) = (&self.durable, watch) else {
            return Journaled(None);
        };
        let counters = Counters {
            rng_word_pos: world.rng.get_word_pos(),
            changes: world.tenant.changes(),
        };
        let rng_moved = counters.rng_word_pos != w.before_counters.rng_word_pos;
        let counters_moved = counters != w.before_counters;
        let after = world
            .tenant
            .find_device(w.mailbox, &w.device_id)
            .and_then(|k| world.tenant.device(k));
        let Some(after) = after.filter(|a| w.before.as_ref() != Some(*a)) else {
            // No partnership stored, or stored unchanged: only the counters may have moved.
            if counters_moved {
                durable.journal().append(&Entry::Counters(counters));
            }
            return Journaled(None);
        };
        if let Some(mut before) = w.before {
            // Only the sync timestamps moved? (`before` is ours: change it rather than clone `after`.)
            before.last_sync_attempt_time = after.last_sync_attempt_time;
            before.last_success_sync = after.last_success_sync;
            before.last_ping_heartbeat = after.last_ping_heartbeat;
            if !rng_moved && before == *after {
                durable.journal().append(&Entry::DeviceTimes(DeviceTimes {
                    mailbox: w.mailbox,
                    device_id: after.device_id.clone(),
                    last_sync_attempt_time: after.last_sync_attempt_time,
                    last_success_sync: after.last_success_sync,
                    last_ping_heartbeat: after.last_ping_heartbeat,
                    counters,
                }));
                return Journaled(None);
            }
        }
        let record = DeviceRecord {
            device: after.clone(),
            counters,
        };
        Journaled(Some(
            durable.journal().append(&Entry::Device(Box::new(record))),
        ))
    }

    /// Under the lock, after an admin call that may have changed the tenant: journals it.
    pub(crate) fn journal_admin(&self, now: Timestamp, user: &str, body: &[u8]) -> Journaled {
        let Some(durable) = &self.durable else {
            return Journaled(None);
        };
        Journaled(Some(durable.journal().append(&Entry::Admin(AdminCall {
            now,
            user: user.to_string(),
            body: body.to_vec(),
            answers: None,
        }))))
    }

    /// After the lock is released, before answering: makes the entry durable as the sync policy says.
    pub(crate) async fn commit(&self, journaled: Journaled) -> Result<(), HttpError> {
        let (Some(durable), Some(seq)) = (&self.durable, journaled.0) else {
            return Ok(());
        };
        let result = match durable.journal().policy() {
            // A write of a few hundred bytes into the page cache: done in place.
            SyncPolicy::Write => durable.journal().commit(seq),
            SyncPolicy::Always => {
                let d = durable.clone();
                tokio::task::spawn_blocking(move || d.journal().commit(seq))
                    .await
                    .unwrap_or_else(|e| Err(std::io::Error::other(e)))
            }
        };
        result.map_err(|e| {
            tracing::error!(error = %e, "the journal could not be written");
            HttpError::NotSaved(e.to_string())
        })
    }

    /// The durable part of the world as it is now: what a snapshot holds and a replay must rebuild.
    pub fn durable_state(&self) -> State {
        let world = self.lock();
        self.state_of(&world)
    }

    fn state_of(&self, world: &World) -> State {
        State {
            tenant: world.tenant.clone(),
            seed: self.config.seed,
            mail_epoch: self.mail_epoch,
            rng_word_pos: world.rng.get_word_pos(),
            mail: world.mail.records(),
        }
    }

    /// Takes a snapshot now, from the last one and the journal (`Durable::snapshot`): the world lock is not
    /// taken. Blocking: the caller is on a blocking thread or the shutdown path.
    pub fn snapshot_now(&self) -> Result<Option<u64>, crate::durable::DurableError> {
        let Some(durable) = &self.durable else {
            return Ok(None);
        };
        durable.snapshot().map(Some)
    }
}

fn watch(world: &World, mailbox: MailboxId, device_id: &str) -> DeviceWatch {
    DeviceWatch {
        mailbox,
        device_id: device_id.to_string(),
        before: world
            .tenant
            .find_device(mailbox, device_id)
            .and_then(|k| world.tenant.device(k))
            .cloned(),
        before_counters: Counters {
            rng_word_pos: world.rng.get_word_pos(),
            changes: world.tenant.changes(),
        },
    }
}

/// Runs until `stop` turns true: flushes the journal every flush interval and snapshots when due; then a final
/// flush. (The shutdown snapshot is `run_until`'s, once connections are done.)
pub(crate) async fn background(state: Arc<AppState>, mut stop: tokio::sync::watch::Receiver<bool>) {
    let Some(durable) = state.durable.clone() else {
        return;
    };
    let config = durable.config().clone();
    let mut flush = tokio::time::interval(config.flush_interval);
    flush.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_snapshot = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => break,
            _ = flush.tick() => {}
        }
        let d = durable.clone();
        if let Ok(Err(e)) = tokio::task::spawn_blocking(move || d.journal().flush()).await {
            tracing::error!(error = %e, "the journal could not be flushed");
        }
        let grown = durable.entries_since_snapshot();
        let due = last_snapshot.elapsed() >= config.snapshot_interval && grown > 0;
        if due || grown >= config.snapshot_entries {
            let s = state.clone();
            match tokio::task::spawn_blocking(move || s.snapshot_now()).await {
                Ok(Ok(seq)) => tracing::info!(seq, entries = grown, "snapshot written"),
                Ok(Err(e)) => tracing::error!(error = %e, "the snapshot could not be written"),
                Err(e) => tracing::error!(error = %e, "the snapshot task failed"),
            }
            last_snapshot = tokio::time::Instant::now();
        }
    }
}
