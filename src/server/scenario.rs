//! The console's scenario control, outside the world lock: the trainer's snapshots of the tenant, the reset to one
//! (run as `Import-Tenant` through the admin endpoint's own path, so it is confirmed, audited, journaled and shown
//! in the feed exactly as the same call over HTTP), and the loaded exercise — a Pester file whose `It`s are the
//! goals — run again on a copy of the tenant whenever the tenant changed, with a time limit (`ServerConfig::exercise_time_limit`), its checklist kept
//! here for the console to show and announced on the live feed.
//!
//! Snapshots are `Export-Tenant`'s text (`model::to_json`), taken under the lock; the last `MAX_SNAPSHOTS` are
//! kept. An exercise runs with `admin::TenantCopies` (each top-level block on its own copy, as `easim test`
//! runs a file) and a host without a file system: what it changes stays in its copies.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::admin::TenantCopies;
use crate::admin::invoke::{Answer, InvokeRequest};
use crate::admin::wire;
use crate::model::{DeviceAccessState, Tenant, Timestamp, to_json};
use crate::script::SessionOptions;
use crate::script::StringHost;
use crate::script::pester::{self, Outcome, RunOptions, TestFile};

use super::durability::Journaled;
use super::feed::FeedEvent;
use super::state::clock_now;
use super::{AppState, admin_endpoint};

/// Snapshots kept; taking one more drops the oldest (the console says so).
pub(crate) const MAX_SNAPSHOTS: usize = 10;

/// The largest exercise file accepted.
pub(crate) const MAX_EXERCISE_BYTES: usize = 256 * 1024;

/// How often the watcher looks for a change of the tenant while an exercise is loaded.
const POLL: Duration = Duration::from_millis(250);

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
    json: Arc<str>,
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
    source: Arc<str>,
    /// Bumped on every load, so an evaluation of a replaced exercise is dropped.
    generation: u64,
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

/// What a reset did.
#[derive(Debug)]
pub(crate) enum Reset {
    /// The tenant is the snapshot's again.
    Done,
    /// Changes were made since the snapshot: the trainer must confirm discarding them (Import-Tenant's question).
    NeedsConfirmation { discarded: u64 },
    /// Import-Tenant refused (the text of its error).
    Refused(String),
}

/// The scenario state the server keeps beside the world.
#[derive(Debug, Default)]
pub(crate) struct Scenario {
    snapshots: Mutex<Vec<Snapshot>>,
    next_snapshot: Mutex<u32>,
    exercise: Mutex<Option<Exercise>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
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

    pub(crate) fn clear_exercise(&self) {
        *lock(&self.exercise) = None;
    }
}

/// Takes a snapshot of the tenant as it is now.
pub(crate) fn take_snapshot(state: &AppState) -> Snapshot {
    let now = clock_now();
    let (json, changes, devices) = {
        let world = state.lock();
        (
            to_json(&world.tenant),
            world.tenant.changes(),
            world.tenant.device_count(),
        )
    };
    let id = {
        let mut next = lock(&state.scenario.next_snapshot);
        *next += 1;
        *next
    };
    let snapshot = Snapshot {
        id,
        taken: now,
        changes,
        devices,
        json: Arc::from(json),
    };
    let mut all = lock(&state.scenario.snapshots);
    all.push(snapshot.clone());
    if all.len() > MAX_SNAPSHOTS {
        all.remove(0);
    }
    snapshot
}

/// How many changes a reset to `snapshot` would discard now.
pub(crate) fn discarded_by(state: &AppState, snapshot: &Snapshot) -> u64 {
    state
        .lock()
        .tenant
        .changes()
        .saturating_sub(snapshot.changes)
}

/// Resets the tenant to `snapshot` with `Import-Tenant` (with `-Force` only when the trainer confirmed).
pub(crate) fn reset(
    state: &AppState,
    snapshot: &Snapshot,
    confirmed: bool,
    journaled: &mut Journaled,
) -> Reset {
    let discarded = discarded_by(state, snapshot);
    if discarded > 0 && !confirmed {
        return Reset::NeedsConfirmation { discarded };
    }
    let body = serde_json::json!({
        "CmdletInput": {
            "CmdletName": "Import-Tenant",
            "Parameters": { "Json": &*snapshot.json, "Force": true, "Confirm": false }
        }
    })
    .to_string();
    let user = wire::anchor_user(None);
    let request = InvokeRequest {
        body: body.as_bytes(),
        query: "",
        page_size: wire::DEFAULT_PAGE_SIZE,
        user: &user,
        base: "http://localhost/adminapi/beta/console",
    };
    match admin_endpoint::run(state, &request, journaled) {
        Answer::Page(_) => Reset::Done,
        Answer::Error { body, .. } => Reset::Refused(match wire::parse_failure(body.as_bytes()) {
            Some(wire::Failure::Terminating(e)) => e.message,
            Some(wire::Failure::NonTerminating { errors, .. }) => errors
                .into_iter()
                .map(|e| e.message)
                .collect::<Vec<_>>()
                .join(" "),
            None => body,
        }),
    }
}

/// Runs the exercise over the tenant: its goals, or the failure of the whole file.
pub(crate) fn evaluate(
    name: &str,
    source: &str,
    tenant: &Tenant,
    now: Timestamp,
    interrupt: Arc<AtomicBool>,
) -> (Vec<Goal>, Option<String>) {
    let file = TestFile {
        path: name.to_string(),
        source: source.to_string(),
    };
    let options = RunOptions {
        session: SessionOptions {
            interrupt: Some(interrupt),
            ..SessionOptions::default()
        },
        ..RunOptions::default()
    };
    let mut hosts = TenantCopies { base: tenant, now };
    let mut out = StringHost::new();
    let start = Instant::now();
    let clock = move || start.elapsed();
    let discovered = pester::discover(&file, &mut hosts, &mut out, &clock, &options);
    let result = pester::run(discovered, &mut hosts, &mut out, &clock, &options);
    let goals = result
        .root
        .all_tests()
        .into_iter()
        .filter(|t| t.outcome != Outcome::NotRun)
        .map(|t| Goal {
            name: t.path.join(" "),
            met: t.outcome == Outcome::Passed,
            message: t.message.clone(),
        })
        .collect();
    (goals, result.failure.clone())
}

/// What an evaluation was of: the exercise's generation, the tenant's change counter and its state counts.
type Checked = (u64, u64, [(DeviceAccessState, usize); 5]);

/// While the server runs: whenever an exercise is loaded and the tenant changed since it was last evaluated (its
/// change counter or its state counts moved), evaluates it again on a copy, off the lock and within the time
/// limit, and announces the checklist on the live feed.
pub(crate) async fn watch(state: Arc<AppState>, mut stop: watch::Receiver<bool>) {
    let mut last: Option<Checked> = None;
    loop {
        tokio::select! {
            _ = stop.wait_for(|s| *s) => return,
            _ = tokio::time::sleep(POLL) => {}
        }
        let Some(exercise) = state.scenario.exercise() else {
            last = None;
            continue;
        };
        let (key, tenant, now) = {
            let world = state.lock();
            let key = (
                exercise.generation,
                world.tenant.changes(),
                world.tenant.state_counts(),
            );
            if last == Some(key) {
                continue;
            }
            (key, world.tenant.clone(), clock_now())
        };
        last = Some(key);
        let interrupt = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicBool::new(false));
        let limit = state.config.exercise_time_limit;
        let watchdog = {
            let (interrupt, done) = (interrupt.clone(), done.clone());
            tokio::spawn(async move {
                tokio::time::sleep(limit).await;
                // Each `It` runs its own script; keep asking until the whole file has stopped.
                while !done.load(Ordering::Relaxed) {
                    interrupt.store(true, Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            })
        };
        let (name, source) = (exercise.name.clone(), exercise.source.clone());
        let stopped = interrupt.clone();
        let run = tokio::task::spawn_blocking(move || {
            let r = evaluate(&name, &source, &tenant, now, interrupt);
            done.store(true, Ordering::Relaxed);
            r
        })
        .await;
        watchdog.abort();
        let Ok((goals, mut failure)) = run else {
            continue;
        };
        if stopped.load(Ordering::Relaxed) {
            failure = Some(format!(
                "The exercise was stopped after {} s: a goal that takes longer cannot be checked live.",
                limit.as_secs_f64()
            ));
        }
        let text = {
            let mut slot = lock(&state.scenario.exercise);
            let Some(current) = slot
                .as_mut()
                .filter(|e| e.generation == exercise.generation)
            else {
                continue;
            };
            current.goals = goals;
            current.failure = failure;
            current.evaluations += 1;
            current.evaluated_at_change = Some(key.1);
            format!(
                "Exercise {}: {} of {} goals met",
                current.name,
                current.met(),
                current.goals.len()
            )
        };
        if state.feed.listening() {
            state.feed.publish(FeedEvent {
                kind: "exercise",
                text,
                transition: false,
            });
        }
    }
}
