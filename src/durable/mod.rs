//! Durable state for `easim serve --state DIR` and `easim shell --state DIR`: a snapshot of the whole state plus an
//! append-only journal of every acknowledged change since, replayed over the snapshot at start.
//!
//! A state directory holds `snapshot.json` (`snapshot`), journal segments `journal-<first seq>.log` (`segment`:
//! length-prefixed records with a CRC-32 each), and `lock`, held while a process uses the directory. The journal
//! records changes, not requests: admin cmdlet calls (replayed: cmdlets are pure), device partnerships as EAS
//! requests left them (stored whole), and the mail and sync state of the mailboxes they changed (one record a
//! mailbox) — see `entry`. Appending happens under the caller's state lock, so journal
//! order is lock order; the write (and, if asked, the sync) happens after the lock is released and before the
//! answer is sent (`journal`). A snapshot rotates the journal, then — off every lock the live state uses — reads
//! the previous snapshot back, replays the closed segments over it, writes the result atomically and deletes the
//! segments it covers (compaction). Building it from the journal rather than copying the live state means no
//! request waits for a snapshot, however large the tenant (a copy of `large` held the world lock 340 ms).
//!
//! Why hand-written files rather than an embedded store (redb, SQLite): the journal is a strictly sequential
//! log written by group commit and read once, front to back, at start; a B-tree store would add a transaction
//! (and its syncs) per entry and a page cache, and still need a snapshot format for the tenant, which already has
//! one (the fixture JSON). The parts a store would give — torn-write detection, atomic replacement — are a CRC per
//! record and `persist::write_atomically`.
//!
//! Opening: lock; read the snapshot (none: build the initial state and write one); replay the segments' entries
//! after the snapshot's sequence number in order; a torn tail of the newest segment (a crash mid-write) is
//! truncated away with a line in the report, damage anywhere else is an error; then, if anything was replayed,
//! write a fresh snapshot, delete the old segments and start a new one.

mod entry;
mod host;
mod journal;
mod replay;
mod segment;
mod snapshot;

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub use entry::{
    AdminCall, Counters, DecodeError, DeviceRecord, DeviceTimes, Entry, MailboxRecord,
};
pub use host::JournalingHost;
pub use journal::{Journal, SyncPolicy};
pub use replay::apply;
pub use snapshot::State;

use crate::persist::PersistError;

/// How a state directory is kept.
#[derive(Clone, Debug)]
pub struct DurableConfig {
    pub sync: SyncPolicy,
    /// How often the server writes and syncs the journal (entries not waited for, and `SyncPolicy::Write`).
    pub flush_interval: Duration,
    /// How often the server takes a snapshot when the journal has grown.
    pub snapshot_interval: Duration,
    /// A snapshot is also taken once this many entries have been journaled since the last one.
    pub snapshot_entries: u64,
}

impl Default for DurableConfig {
    fn default() -> DurableConfig {
        DurableConfig {
            sync: SyncPolicy::Write,
            flush_interval: Duration::from_secs(1),
            snapshot_interval: Duration::from_secs(300),
            snapshot_entries: 100_000,
        }
    }
}

/// Why a state directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DurableError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Persist(PersistError),
    #[error("{} is corrupt: {what}", path.display())]
    CorruptSnapshot { path: PathBuf, what: String },
    #[error("{} is corrupt: {what}", path.display())]
    CorruptJournal { path: PathBuf, what: String },
    #[error("{} is in use by another easim process (its lock is held)", path.display())]
    Locked { path: PathBuf },
    #[error(
        "{} has journal segments but no snapshot.json: it was not written by easim, or the snapshot was removed",
        path.display()
    )]
    MissingSnapshot { path: PathBuf },
    #[error("{}: journal entries {from}..{to} are missing (a segment was removed?)", path.display())]
    Gap { path: PathBuf, from: u64, to: u64 },
    #[error("the initial state could not be built: {0}")]
    Init(String),
}

/// What opening a state directory found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenReport {
    /// The directory already held a snapshot (false: the state was built and a first snapshot written).
    pub resumed: bool,
    /// The sequence number the snapshot was as of.
    pub snapshot_seq: u64,
    /// Journal entries replayed over it.
    pub replayed: u64,
    /// One line per torn tail dropped.
    pub torn: Vec<String>,
}

/// An open state directory: its journal, and snapshots.
pub struct Durable {
    dir: PathBuf,
    config: DurableConfig,
    journal: Journal,
    /// Held while the process uses the directory.
    _lock: File,
    /// One snapshot at a time.
    snapshotting: Mutex<()>,
    /// The sequence number of the last snapshot.
    snapshot_seq: AtomicU64,
}

impl Durable {
    /// Opens (or creates) a state directory; `init` builds the state when there is none yet.
    pub fn open(
        dir: &Path,
        config: DurableConfig,
        init: impl FnOnce() -> Result<State, String>,
    ) -> Result<(Durable, State, OpenReport), DurableError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| DurableError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let lock_path = dir.join("lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(DurableError::Locked {
                    path: dir.to_path_buf(),
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
        }
        let segments = list_segments(dir)?;
        let mut report = OpenReport::default();
        let (mut state, snapshot_seq) = match snapshot::read(dir)? {
            Some(found) => {
                report.resumed = true;
                found
            }
            None if !segments.is_empty() => {
                return Err(DurableError::MissingSnapshot {
                    path: dir.to_path_buf(),
                });
            }
            None => {
                let state = init().map_err(DurableError::Init)?;
                snapshot::write(dir, &state, 0)?;
                (state, 0)
            }
        };
        report.snapshot_seq = snapshot_seq;
        let replayed = replay_segments(dir, &segments, snapshot_seq, &mut state, true)?;
        let last = replayed.last;
        report.replayed = replayed.entries;
        report.torn = replayed.torn;
        if report.replayed > 0 {
            snapshot::write(dir, &state, last)?;
        }
        // Every segment now holds only entries the snapshot covers (a torn tail goes with its segment).
        for (_, path) in &segments {
            std::fs::remove_file(path).map_err(io(path))?;
        }
        journal::sync_dir(dir).map_err(io(dir))?;
        let journal = Journal::create(dir, last + 1, config.sync).map_err(io(dir))?;
        Ok((
            Durable {
                dir: dir.to_path_buf(),
                config,
                journal,
                _lock: lock,
                snapshotting: Mutex::new(()),
                snapshot_seq: AtomicU64::new(last),
            },
            state,
            report,
        ))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn config(&self) -> &DurableConfig {
        &self.config
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Entries journaled since the last snapshot.
    pub fn entries_since_snapshot(&self) -> u64 {
        self.journal
            .last_seq()
            .saturating_sub(self.snapshot_seq.load(Ordering::Acquire))
    }

    /// Takes a snapshot without touching the live state: rotates the journal (so every entry so far is in a closed
    /// segment), reads the last snapshot back and replays the closed segments over it — journal order is the
    /// order the live state took the changes in, and replay is exact — then writes the result atomically and
    /// deletes the segments it covers. Nobody's lock is held meanwhile except the journal writer's, for the
    /// rotation (a write and a sync). Returns the sequence number the snapshot is as of.
    ///
    /// If replay fails (a bug: an entry the live state took does not replay), nothing is deleted and the old
    /// snapshot and the journal stay as they were: the error says so, and the next start reports it too.
    pub fn snapshot(&self) -> Result<u64, DurableError> {
        let _one = self.snapshotting.lock().unwrap_or_else(|p| p.into_inner());
        let io = |source| DurableError::Io {
            path: self.dir.clone(),
            source,
        };
        let first_kept = self.journal.rotate().map_err(io)?;
        let upto = first_kept - 1;
        let closed: Vec<_> = list_segments(&self.dir)?
            .into_iter()
            .filter(|(first, _)| *first < first_kept)
            .collect();
        if upto > self.snapshot_seq.load(Ordering::Acquire) {
            let (mut state, base) =
                snapshot::read(&self.dir)?.ok_or_else(|| DurableError::MissingSnapshot {
                    path: self.dir.clone(),
                })?;
            let replayed = replay_segments(&self.dir, &closed, base, &mut state, false)?;
            if replayed.last != upto {
                return Err(DurableError::Gap {
                    path: self.dir.clone(),
                    from: replayed.last + 1,
                    to: upto,
                });
            }
            snapshot::write(&self.dir, &state, upto)?;
        }
        for (_, path) in &closed {
            std::fs::remove_file(path).map_err(io)?;
        }
        journal::sync_dir(&self.dir).map_err(io)?;
        self.snapshot_seq.fetch_max(upto, Ordering::AcqRel);
        Ok(upto)
    }
}

/// What replaying segments over a snapshot did.
struct Replayed {
    /// The last sequence number seen (the snapshot's when no segment went further).
    last: u64,
    /// Entries applied (those after the snapshot).
    entries: u64,
    /// One line per torn tail dropped.
    torn: Vec<String>,
}

/// Replays `segments` (oldest first, contiguous) over `state`, a snapshot as of `snapshot_seq`: entries up to it
/// are skipped, later ones applied. A torn tail is dropped (with a line) only in the last segment and only when
/// `torn_tail_allowed` (at start, after a crash); anywhere else it is damage.
fn replay_segments(
    dir: &Path,
    segments: &[(u64, PathBuf)],
    snapshot_seq: u64,
    state: &mut State,
    torn_tail_allowed: bool,
) -> Result<Replayed, DurableError> {
    let mut done = Replayed {
        last: snapshot_seq,
        entries: 0,
        torn: Vec::new(),
    };
    // The sequence number the next segment must start at (the first may start before the snapshot's).
    let mut expected: Option<u64> = None;
    let count = segments.len();
    for (i, (first, path)) in segments.iter().enumerate() {
        let gap_from = expected.unwrap_or(snapshot_seq + 1);
        if *first > gap_from {
            return Err(DurableError::Gap {
                path: dir.to_path_buf(),
                from: gap_from,
                to: first - 1,
            });
        }
        if expected.is_some_and(|e| *first != e) {
            return Err(DurableError::CorruptJournal {
                path: path.clone(),
                what: format!("it starts at entry {first}, entry {gap_from} was expected"),
            });
        }
        let mut replayed = 0;
        let end = segment::read(path, *first, |seq, entry| {
            if seq > snapshot_seq {
                apply(state, &entry)?;
                replayed += 1;
            }
            Ok(())
        })
        .map_err(|e| match e {
            segment::SegmentError::Io(source) => DurableError::Io {
                path: path.clone(),
                source,
            },
            segment::SegmentError::Corrupt { offset, what } => DurableError::CorruptJournal {
                path: path.clone(),
                what: format!("offset {offset}: {what}"),
            },
        })?;
        done.entries += replayed;
        done.last = done.last.max(end.last_seq);
        if let Some((bytes, what)) = &end.torn {
            if i + 1 < count || !torn_tail_allowed {
                return Err(DurableError::CorruptJournal {
                    path: path.clone(),
                    what: format!(
                        "{what} at offset {}{}",
                        end.good_len,
                        if torn_tail_allowed {
                            " and later segments follow"
                        } else {
                            " in a closed segment"
                        }
                    ),
                });
            }
            done.torn.push(format!(
                "{}: dropped a torn tail of {bytes} bytes at offset {} ({what}); entries up to {} are kept",
                path.display(),
                end.good_len,
                end.last_seq
            ));
        }
        expected = Some(end.last_seq + 1);
    }
    Ok(done)
}

/// The directory's segments, oldest first.
fn list_segments(dir: &Path) -> Result<Vec<(u64, PathBuf)>, DurableError> {
    let io = |source| DurableError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut found = Vec::new();
    for item in std::fs::read_dir(dir).map_err(io)? {
        let item = item.map_err(io)?;
        if let Some(first) = item.file_name().to_str().and_then(segment::first_seq) {
            found.push((first, item.path()));
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests;
