//! `--state DIR` and its tuning options, shared by `easim serve` and `easim shell`: opening the state directory
//! (building the first state from the tenant options when it is new) and saying what was found.
//!
//! Only the options and the messages; the directory itself is `easim::durable`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::{Args, ValueEnum};
use easim::durable::{Durable, DurableConfig, OpenReport, State, SyncPolicy};
use easim::model::Timestamp;

use crate::tenant_source::TenantArgs;

/// When an acknowledged change is on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Fsync {
    /// Written to the journal file before the answer (survives the process being killed); synced to the disk
    /// every --flush-ms (a power loss may lose that much).
    Interval,
    /// Written and synced before the answer (survives a power loss; a disk sync per group of requests).
    Always,
}

#[derive(Args, Debug, Clone)]
pub(crate) struct StateArgs {
    /// Keep the state in DIR: every acknowledged change is journaled there and replayed at the next start (a new
    /// DIR starts from the tenant options; an existing one ignores them). Without it, state is in memory only.
    #[arg(long, value_name = "DIR")]
    pub(crate) state: Option<PathBuf>,
    /// When a change is on disk before its answer: `interval` writes it to the journal (a killed process loses
    /// nothing) and syncs every --flush-ms; `always` also syncs it (a power loss loses nothing).
    #[arg(long, value_enum, default_value_t = Fsync::Interval, requires = "state")]
    pub(crate) fsync: Fsync,
    /// Milliseconds between journal syncs (and writes of sync-timestamp updates, which are not waited for).
    #[arg(long, value_name = "MS", default_value_t = 1000, requires = "state")]
    pub(crate) flush_ms: u64,
    /// Seconds between snapshots while the journal grows (one is also taken at a graceful stop).
    #[arg(long, value_name = "SECS", default_value_t = 300, requires = "state")]
    pub(crate) snapshot_secs: u64,
    /// Also take a snapshot once this many changes have been journaled since the last one.
    #[arg(long, value_name = "N", default_value_t = 100_000, requires = "state")]
    pub(crate) snapshot_entries: u64,
}

impl StateArgs {
    fn config(&self) -> DurableConfig {
        DurableConfig {
            sync: match self.fsync {
                Fsync::Interval => SyncPolicy::Write,
                Fsync::Always => SyncPolicy::Always,
            },
            flush_interval: Duration::from_millis(self.flush_ms.max(1)),
            snapshot_interval: Duration::from_secs(self.snapshot_secs.max(1)),
            snapshot_entries: self.snapshot_entries.max(1),
        }
    }
}

/// What was opened, for the start-up line.
pub(crate) struct Opened {
    pub(crate) durable: Durable,
    pub(crate) state: State,
    /// `state DIR (…)`.
    pub(crate) source: String,
}

/// Opens `dir`; a new directory gets the tenant the tenant options describe, dated `now`.
pub(crate) fn open(
    dir: &Path,
    args: &StateArgs,
    tenant: &TenantArgs,
    now: Timestamp,
    now_given: bool,
) -> anyhow::Result<Opened> {
    let mut built_from = String::new();
    let (durable, state, report) = Durable::open(dir, args.config(), || {
        let (t, source) = tenant
            .load_described(now, now_given)
            .map_err(|e| format!("{e:#}"))?;
        built_from = source;
        Ok(State {
            tenant: t,
            seed: tenant.seed,
            mail_epoch: now,
            rng_word_pos: 0,
            mail: Default::default(),
        })
    })
    .with_context(|| format!("cannot use the state directory {}", dir.display()))?;
    for line in &report.torn {
        eprintln!("easim: {line}");
    }
    Ok(Opened {
        durable,
        state,
        source: describe(dir, &report, &built_from),
    })
}

fn describe(dir: &Path, report: &OpenReport, built_from: &str) -> String {
    if report.resumed {
        format!(
            "state {}: snapshot as of change {}, {} journaled changes replayed",
            dir.display(),
            report.snapshot_seq,
            report.replayed
        )
    } else {
        format!("{built_from}; new state directory {}", dir.display())
    }
}
