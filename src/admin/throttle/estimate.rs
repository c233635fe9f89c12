//! How long a script's Exchange cmdlets would take in production under a profile: the calls are replayed, in the
//! order the script made them, against `Budgets` by a client that waits out every refusal (as the Exchange Online
//! module honours `Retry-After`), so the estimate is what the throttled admin endpoint itself would impose.
//!
//! The script's own `Start-Sleep`s (Microsoft's advice for staying within the budget, KB 2881759) take their time
//! too, and a paced script waits less. Only the throttling waits and those sleeps are counted: no source gives
//! Exchange Online's per-call latency, so none is added and the printed line says so.

use std::fmt::Write as _;

use super::budget::Budgets;
use super::profile::Profile;

/// The user the replayed calls are charged to (one admin runs the script).
const SCRIPT_USER: &str = "script";

/// A script's calls and what they would cost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    pub profile: &'static Profile,
    /// Each cmdlet with its number of calls, in the order of first use.
    pub calls: Vec<(String, u64)>,
    /// When the script's last call could start (or its last sleep end), from its start.
    pub wall_ms: u64,
    /// How many times a call had to wait.
    pub waits: u64,
}

/// What a script did, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// It called this Exchange cmdlet.
    Call(&'a str),
    /// It slept this many milliseconds (`Start-Sleep`).
    Sleep(u64),
}

/// Replays a script's `steps` under `profile`.
pub fn estimate<'a>(
    profile: &'static Profile,
    steps: impl IntoIterator<Item = Step<'a>>,
) -> Estimate {
    let mut budgets = Budgets::new(profile);
    let mut counts: Vec<(String, u64)> = Vec::new();
    let mut now_ms = 0u64;
    let mut waits = 0u64;
    for step in steps {
        let name = match step {
            Step::Call(name) => name,
            Step::Sleep(ms) => {
                now_ms = now_ms.saturating_add(ms);
                continue;
            }
        };
        match counts
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, n)) => *n += 1,
            None => counts.push((name.to_string(), 1)),
        }
        while let Err(t) = budgets.charge(SCRIPT_USER, name, now_ms) {
            waits += 1;
            // A refusal always names a window that ends later; 1 ms at least keeps the replay moving.
            now_ms += t.retry_after_ms.max(1);
        }
    }
    Estimate {
        profile,
        calls: counts,
        wall_ms: now_ms,
        waits,
    }
}

impl Estimate {
    /// `Get-CASMailbox ×1, Set-CASMailbox ×504: ≈ 1 min 40 s at Exchange Online's budget (throttling waits and
    /// Start-Sleep, no per-call latency); 0.40 s here`.
    pub fn line(&self, simulated_ms: u64) -> String {
        let mut out = String::new();
        for (i, (name, n)) in self.calls.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(out, "{name} ×{n}");
        }
        if self.calls.is_empty() {
            out.push_str("no Exchange cmdlets");
        }
        let _ = write!(
            out,
            ": ≈ {} at {} (throttling waits and Start-Sleep, no per-call latency); {} here",
            duration_text(self.wall_ms),
            self.profile.label,
            seconds_text(simulated_ms)
        );
        out
    }
}

/// `0 s`, `45 s`, `1 min 40 s`, `2 h 5 min` (rounded to the second, or the minute past an hour).
pub fn duration_text(ms: u64) -> String {
    let secs = ms.div_ceil(1000);
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 if secs.is_multiple_of(60) => format!("{} min", secs / 60),
        60..3600 => format!("{} min {} s", secs / 60, secs % 60),
        _ => {
            let mins = secs.div_ceil(60);
            format!("{} h {} min", mins / 60, mins % 60)
        }
    }
}

/// `0.04 s`, `12.3 s`: the simulator's own time, to a hundredth of a second below one second, else a tenth.
fn seconds_text(ms: u64) -> String {
    if ms < 1000 {
        format!("0.{:02} s", ms / 10)
    } else {
        format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
    }
}
