//! The console's scenario control over the world: taking a snapshot, the reset to one (run as `Import-Tenant`
//! through the admin endpoint's own path, so it is confirmed, audited, journaled and shown in the feed exactly as
//! the same call over HTTP), and the watcher that runs the loaded exercise again on a copy of the tenant whenever
//! the tenant changed, within `ServerConfig::exercise_time_limit`, and announces its checklist on the live feed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
use super::scenario::{Goal, POLL, Snapshot, lock};
use super::state::clock_now;
use super::{AppState, admin_endpoint};

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

/// Takes a snapshot of the tenant as it is now.
pub(crate) fn take_snapshot(state: &AppState) -> Snapshot {
    let now = clock_now();
    // A copy under the lock, the JSON after it: requests wait for the copy only (see BENCHMARKS.md).
    let (tenant, changes) = {
        let world = state.lock();
        (world.tenant.clone(), world.tenant.changes())
    };
    let devices = tenant.device_count();
    state.scenario.keep(now, changes, devices, to_json(&tenant))
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
