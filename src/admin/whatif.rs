//! What-if: run a change script on a copy of the tenant and compare every device's access before and after, as
//! the device's next EAS request would be decided (`access::decide` with offline request facts): a transition
//! matrix (from state/reason → to state/reason, with counts) and the devices that change, most severe first
//! (lost access, removed, restricted further, reason or rule only, added, gained access).
//!
//! The change runs in a fresh evaluator session (its own variables and scopes; the evaluator keeps no global
//! state, so a run inside a cmdlet inside a run is independent of the outer one) over a host the caller gives,
//! on the caller's copy: the same whether the caller is `easim whatif`, the shell's `Compare-DeviceAccess`, or
//! the admin endpoint (where no evaluator runs at all). Files the script writes stay in memory; nothing here does
//! I/O or reads the clock.
//! Rendering the report as text, CSV or JSON is the caller's.

use std::cmp::Reverse;
use std::sync::Arc;

use hashbrown::HashMap;

use crate::access::{self, Decision, RequestFacts, Step, Verdict};
use crate::model::{DeviceAccessState, DeviceAccessStateReason, Guid, Tenant, Timestamp};
use crate::script::CmdletHost;
use crate::script::eval::{RunOutcome, StringHost};

/// A device's access as its next request would be decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Access {
    pub state: DeviceAccessState,
    pub reason: DeviceAccessStateReason,
    pub verdict: Verdict,
    pub step: Step,
    pub rule: Option<Arc<str>>,
}

impl Access {
    fn of(d: Decision) -> Access {
        Access {
            state: d.state,
            reason: d.reason,
            verdict: d.verdict,
            step: d.step,
            rule: d.rule.map(|r| r.name),
        }
    }

    /// Whether the device may sync (Allowed, not refused before the ABQ steps).
    pub fn has_access(&self) -> bool {
        self.verdict == Verdict::Allow
    }

    /// `State/Reason` as the transition matrix shows it; refusals before the ABQ steps are named by what
    /// refuses (`(ActiveSync disabled)`, `(policy 142)`).
    pub fn label(&self) -> String {
        match self.verdict {
            Verdict::Challenge => "(401 challenge)".to_string(),
            Verdict::UserDisabled => "(ActiveSync disabled)".to_string(),
            Verdict::Policy(p) => format!("{}/{} ({})", self.state, self.reason, p.status()),
            _ => format!("{}/{}", self.state, self.reason),
        }
    }
}

/// How a device's access changes, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Had access, has none after.
    LostAccess,
    /// The change removed the partnership.
    Removed,
    /// Had no access and still has none, for another reason.
    Restricted,
    /// The same access, decided by another reason, step or rule.
    Reason,
    /// The change added the partnership.
    Added,
    /// Had no access, has access after.
    GainedAccess,
}

impl ChangeKind {
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::LostAccess => "LostAccess",
            ChangeKind::Removed => "Removed",
            ChangeKind::Restricted => "Restricted",
            ChangeKind::Reason => "ReasonChanged",
            ChangeKind::Added => "Added",
            ChangeKind::GainedAccess => "GainedAccess",
        }
    }
}

/// One device whose access changes.
#[derive(Clone, Debug)]
pub struct Change {
    pub kind: ChangeKind,
    pub identity: String,
    /// The owning mailbox's primary SMTP address.
    pub owner: String,
    pub device_id: String,
    pub model: String,
    pub before: Option<Access>,
    pub after: Option<Access>,
}

/// One cell of the transition matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub from: String,
    pub to: String,
    pub count: usize,
    /// The most severe change among these devices; `None` when from and to are the same.
    pub kind: Option<ChangeKind>,
}

/// The whole comparison.
#[derive(Clone, Debug)]
pub struct Report {
    pub devices_before: usize,
    pub devices_after: usize,
    pub unchanged: usize,
    pub transitions: Vec<Transition>,
    pub changes: Vec<Change>,
}

impl Report {
    pub fn lost_access(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| {
                matches!(c.kind, ChangeKind::LostAccess | ChangeKind::Removed)
                    && c.before.as_ref().is_some_and(Access::has_access)
            })
            .count()
    }
}

/// The label of a device that is not there (before it was added, after it was removed).
pub const ABSENT: &str = "(no partnership)";

fn kind(before: Option<&Access>, after: Option<&Access>) -> Option<ChangeKind> {
    match (before, after) {
        (None, None) => None,
        (Some(_), None) => Some(ChangeKind::Removed),
        (None, Some(_)) => Some(ChangeKind::Added),
        (Some(b), Some(a)) => {
            if b == a {
                None
            } else if b.has_access() && !a.has_access() {
                Some(ChangeKind::LostAccess)
            } else if !b.has_access() && a.has_access() {
                Some(ChangeKind::GainedAccess)
            } else if b.label() != a.label() && !a.has_access() {
                Some(ChangeKind::Restricted)
            } else {
                Some(ChangeKind::Reason)
            }
        }
    }
}

/// Compares every device of `before` with the same device (by Guid) in `after`.
pub fn compare(before: &Tenant, after: &Tenant, now: Timestamp) -> Report {
    let facts = RequestFacts::offline(now);
    let mut earlier: HashMap<Guid, (Access, bool)> = HashMap::with_capacity(before.device_count());
    for (_, d) in before.devices() {
        earlier.insert(
            d.guid,
            (Access::of(access::decide(before, d, &facts)), false),
        );
    }
    let mut cells: HashMap<(String, String), (usize, Option<ChangeKind>)> = HashMap::new();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    let mut note = |from: String, to: String, k: Option<ChangeKind>| {
        let cell = cells.entry((from, to)).or_insert((0, k));
        cell.0 += 1;
        cell.1 = match (cell.1, k) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    };
    let change = |tenant: &Tenant,
                  d: &crate::model::MobileDevice,
                  k,
                  b: Option<Access>,
                  a: Option<Access>| Change {
        kind: k,
        identity: tenant.device_identity(d),
        owner: tenant.mailbox(d.mailbox).primary_smtp_address.clone(),
        device_id: d.device_id.clone(),
        model: d.device_model.to_string(),
        before: b,
        after: a,
    };
    for (_, d) in after.devices() {
        let now_access = Access::of(access::decide(after, d, &facts));
        let was = earlier.get_mut(&d.guid).map(|(a, seen)| {
            *seen = true;
            a.clone()
        });
        let k = kind(was.as_ref(), Some(&now_access));
        let from = was
            .as_ref()
            .map_or_else(|| ABSENT.to_string(), Access::label);
        // Fast path: the same decision — count it without building a change.
        if k.is_none() {
            unchanged += 1;
            note(from.clone(), from, None);
            continue;
        }
        note(from, now_access.label(), k);
        if let Some(k) = k {
            changes.push(change(after, d, k, was, Some(now_access)));
        }
    }
    for (_, d) in before.devices() {
        if let Some((a, false)) = earlier.get(&d.guid) {
            note(a.label(), ABSENT.to_string(), Some(ChangeKind::Removed));
            changes.push(change(
                before,
                d,
                ChangeKind::Removed,
                Some(a.clone()),
                None,
            ));
        }
    }
    let mut transitions: Vec<Transition> = cells
        .into_iter()
        .map(|((from, to), (count, kind))| Transition {
            from,
            to,
            count,
            kind,
        })
        .collect();
    transitions.sort_by(|a, b| {
        (a.kind.is_none(), a.kind, Reverse(a.count), &a.from, &a.to).cmp(&(
            b.kind.is_none(),
            b.kind,
            Reverse(b.count),
            &b.from,
            &b.to,
        ))
    });
    changes.sort_by(|a, b| (a.kind, &a.owner, &a.identity).cmp(&(b.kind, &b.owner, &b.identity)));
    Report {
        devices_before: before.device_count(),
        devices_after: after.device_count(),
        unchanged,
        transitions,
        changes,
    }
}

/// What running a change script gave.
#[derive(Debug)]
pub struct ChangeRun {
    /// Everything the script wrote, as on a console.
    pub output: String,
    /// Its error blocks only.
    pub errors: String,
    pub outcome: RunOutcome,
}

impl ChangeRun {
    /// Whether the script ran to its end (errors it wrote and went on from do not count).
    pub fn completed(&self) -> bool {
        self.outcome == RunOutcome::Completed
    }
}

/// Runs `script` in a fresh session whose cmdlets go to `host` (the caller's host over its copy of the tenant:
/// `LocalHost` for `easim whatif`; `Compare-DeviceAccess` brings its own, as `cmdlets` may not use `host`).
pub fn run_change(host: &mut dyn CmdletHost, script: &str) -> ChangeRun {
    let mut out = StringHost::new();
    let outcome = crate::script::run(script, host, &mut out);
    ChangeRun {
        output: out.text,
        errors: out.errors,
        outcome,
    }
}
