//! `Trace`: the record of every step the engine took for one decision, and its readable rendering.
//!
//! The `Tracer` trait lets the engine run untraced at full speed: `()` ignores every step without building
//! its note, `Trace` keeps them all.

use std::fmt;

use crate::model::Precedence;

use super::{Decision, Step};

/// What happened at one step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    /// The step's condition held and it decided.
    Applied,
    /// The step's condition did not hold; evaluation went on.
    Passed,
    /// The step was not evaluated (and why is in the note).
    Skipped,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    pub step: Step,
    pub outcome: StepOutcome,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub precedence: Precedence,
    pub steps: Vec<TraceStep>,
    pub decision: Option<Decision>,
}

impl Trace {
    pub(crate) fn new(precedence: Precedence) -> Trace {
        Trace {
            precedence,
            steps: Vec::new(),
            decision: None,
        }
    }

    /// The step that decided: the last one that `Applied`. Usually only one applies; in Exchange 2013 order a
    /// failed policy check applies after (and overrides) the device-access step that applied before it.
    pub fn deciding_step(&self) -> Option<Step> {
        self.steps
            .iter()
            .rev()
            .find(|s| s.outcome == StepOutcome::Applied)
            .map(|s| s.step)
    }
}

pub(crate) trait Tracer {
    fn step(&mut self, step: Step, outcome: StepOutcome, note: impl FnOnce(&mut String));
}

impl Tracer for () {
    #[inline(always)]
    fn step(&mut self, _: Step, _: StepOutcome, _: impl FnOnce(&mut String)) {}
}

impl Tracer for Trace {
    fn step(&mut self, step: Step, outcome: StepOutcome, note: impl FnOnce(&mut String)) {
        let mut text = String::new();
        note(&mut text);
        self.steps.push(TraceStep {
            step,
            outcome,
            note: text,
        });
    }
}

impl fmt::Display for Trace {
    /// One numbered line per step, then the decision:
    /// ` 4. Personal block list     passed   ApplX is not in ActiveSyncBlockedDeviceIDs`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Precedence: {}", self.precedence)?;
        for (i, s) in self.steps.iter().enumerate() {
            let outcome = match s.outcome {
                StepOutcome::Applied => "APPLIES",
                StepOutcome::Passed => "passed",
                StepOutcome::Skipped => "skipped",
            };
            writeln!(
                f,
                "{:>2}. {:<22} {:<8} {}",
                i + 1,
                s.step.title(),
                outcome,
                s.note
            )?;
        }
        if let Some(d) = &self.decision {
            write!(f, "Decision: {:?}", d.verdict)?;
            if d.is_stored() {
                write!(f, " (DeviceAccessState {}, reason {}", d.state, d.reason)?;
                if let Some(rule) = &d.rule {
                    write!(f, ", rule '{}'", rule.name)?;
                }
                write!(f, ")")?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
