//! The console's scenario state, outside the world lock (what `scenario_run.rs` keeps and does): the trainer's snapshots of the tenant, the reset to one
//! (run as `Import-Tenant` through the admin endpoint's own path, so it is confirmed, audited, journaled and shown
//! in the feed exactly as the same call over HTTP), and the loaded exercise — a Pester file whose `It`s are the
//! goals — run again on a copy of the tenant whenever the tenant changed, with a time limit (`ServerConfig::exercise_time_limit`), its checklist kept
//! here for the console to show and announced on the live feed.
//!
//! Snapshots are `Export-Tenant`'s text (`model::to_json`), taken under the lock; the last `MAX_SNAPSHOTS` are
//! kept. An exercise runs with `admin::TenantCopies` (each top-level block on its own copy, as `easim test`
//! runs a file) and a host without a file system: what it changes stays in its copies.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::model::Timestamp;

/// Snapshots kept; taking one more drops the oldest (the console says so).
pub(crate) const MAX_SNAPSHOTS: usize = 10;

/// The largest exercise file accepted.
pub(crate) const MAX_EXERCISE_BYTES: usize = 256 * 1024;

/// How often the watcher looks for a change of the tenant while an exercise is loaded.
pub(crate) const POLL: Duration = Duration::from_millis(250);

/// One snapshot of the tenant.
#[derive(Clone, Debug)]
pub(crate) struct Snapshot {
    /// 1, 2, … over the server's life.
    pub(crate) id: u32,
    pub(crate) taken: Timestamp,
    /// The tenant's change counter when it was taken (what a reset to it discards is counted from it).
    pub(crate) changes: u64,
    pub(crate) devices: usize,
    /// `Export-Tenant`'s text.
    pub(crate) json: Arc<str>,
}

/// One goal of the exercise: an `It`, with its outcome at the last evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Goal {
    /// The block names and the test's, as Pester's full name joins them (with spaces here).
    pub(crate) name: String,
    pub(crate) met: bool,
    /// Why it is not met: Pester's failure message ("Expected 528, but got 504.").
    pub(crate) message: Option<String>,
}

/// The loaded exercise and its checklist.
#[derive(Clone, Debug)]
pub(crate) struct Exercise {
    pub(crate) name: String,
    pub(crate) source: Arc<str>,
    /// Bumped on every load, so an evaluation of a replaced exercise is dropped.
    pub(crate) generation: u64,
    /// The checklist, once evaluated.
    pub(crate) goals: Vec<Goal>,
    /// A failure of the whole file (discovery failed, or it was stopped at the time limit).
    pub(crate) failure: Option<String>,
    /// How many times it has been evaluated, and the tenant's change counter at the last time.
    pub(crate) evaluations: u64,
    pub(crate) evaluated_at_change: Option<u64>,
}

impl Exercise {
    pub(crate) fn met(&self) -> usize {
        self.goals.iter().filter(|g| g.met).count()
    }
}

/// The scenario state the server keeps beside the world.
#[derive(Debug, Default)]
pub(crate) struct Scenario {
    snapshots: Mutex<Vec<Snapshot>>,
    next_snapshot: Mutex<u32>,
    pub(crate) exercise: Mutex<Option<Exercise>>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Scenario {
    /// The snapshots, newest first.
    pub(crate) fn snapshots(&self) -> Vec<Snapshot> {
        let mut all = lock(&self.snapshots).clone();
        all.reverse();
        all
    }

    pub(crate) fn snapshot(&self, id: u32) -> Option<Snapshot> {
        lock(&self.snapshots).iter().find(|s| s.id == id).cloned()
    }

    pub(crate) fn exercise(&self) -> Option<Exercise> {
        lock(&self.exercise).clone()
    }

    /// Loads an exercise (replacing any other); the watcher evaluates it on its next look.
    pub(crate) fn load_exercise(&self, name: &str, source: &str) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("name the exercise (its file name, e.g. keep-iphones.Tests.ps1)".into());
        }
        if source.trim().is_empty() {
            return Err(
                "the exercise is empty: paste a Pester file with Describe and It blocks".into(),
            );
        }
        if source.len() > MAX_EXERCISE_BYTES {
            return Err(format!(
                "the exercise is {} bytes; at most {MAX_EXERCISE_BYTES} are accepted",
                source.len()
            ));
        }
        let mut slot = lock(&self.exercise);
        let generation = slot.as_ref().map_or(1, |e| e.generation + 1);
        *slot = Some(Exercise {
            name: name.chars().take(200).collect(),
            source: Arc::from(source),
            generation,
            goals: Vec::new(),
            failure: None,
            evaluations: 0,
            evaluated_at_change: None,
        });
        Ok(())
    }

    /// Keeps a new snapshot (numbered here), dropping the oldest beyond `MAX_SNAPSHOTS`.
    pub(crate) fn keep(
        &self,
        taken: Timestamp,
        changes: u64,
        devices: usize,
        json: String,
    ) -> Snapshot {
        let id = {
            let mut next = lock(&self.next_snapshot);
            *next += 1;
            *next
        };
        let snapshot = Snapshot {
            id,
            taken,
            changes,
            devices,
            json: Arc::from(json),
        };
        let mut all = lock(&self.snapshots);
        all.push(snapshot.clone());
        if all.len() > MAX_SNAPSHOTS {
            all.remove(0);
        }
        snapshot
    }

    pub(crate) fn clear_exercise(&self) {
        *lock(&self.exercise) = None;
    }
}
