//! The journal's writing side: `append` (called while the caller holds its state lock, so journal order is lock
//! order) gives an entry the next sequence number and frames it into a pending buffer — memory only, no system
//! call; `commit(seq)` (called after the lock is released, before the answer is sent) makes sure everything up to
//! `seq` has been written to the segment file, and with `SyncPolicy::Always` also `fdatasync`ed.
//!
//! Group commit falls out of the shape: whoever commits first writes the whole pending buffer in one `write`
//! (and one sync), so requests that committed meanwhile find their entries already written. `flush` writes and
//! syncs everything (the periodic flusher, snapshots, shutdown). A failed write is cut back off the file and
//! its bytes stay pending, so the file never holds half a record before intact ones.
//!
//! `rotate` starts a new segment (before a snapshot), so that segments wholly covered by the snapshot can be
//! deleted. Only files: no clock, no threads of its own.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::entry::Entry;
use super::segment::{self, MAGIC};

/// When a committed entry is on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncPolicy {
    /// `commit` writes the entry to the file (the operating system has it, so a killed or crashed process loses
    /// nothing); the file is `fdatasync`ed by `flush`, which the server calls every flush interval. A power loss
    /// or kernel crash can lose what was written since the last flush.
    Write,
    /// `commit` also `fdatasync`s (grouped): nothing acknowledged is lost even on power loss, at the cost of a
    /// disk sync per group of concurrent requests.
    Always,
}

/// The appended entries not yet written, and how many there have been.
struct Pending {
    buf: Vec<u8>,
    /// The sequence number of the last appended entry.
    last: u64,
}

/// The segment being written.
struct Writer {
    file: Arc<File>,
    path: PathBuf,
    /// Bytes in the file that hold whole records.
    len: u64,
    /// The last sequence number written to the file.
    written: u64,
}

/// The write side of a state directory's journal.
pub struct Journal {
    dir: PathBuf,
    policy: SyncPolicy,
    pending: Mutex<Pending>,
    writer: Mutex<Writer>,
    /// The last sequence number known to be synced.
    synced: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Journal {
    /// A journal whose next entry is `next`, written to a new segment in `dir`.
    pub(crate) fn create(dir: &Path, next: u64, policy: SyncPolicy) -> io::Result<Journal> {
        let writer = new_segment(dir, next)?;
        Ok(Journal {
            dir: dir.to_path_buf(),
            policy,
            pending: Mutex::new(Pending {
                buf: Vec::new(),
                last: next - 1,
            }),
            writer: Mutex::new(writer),
            synced: AtomicU64::new(next - 1),
        })
    }

    pub fn policy(&self) -> SyncPolicy {
        self.policy
    }

    /// Appends an entry (memory only) and returns its sequence number. Call it while holding the lock that
    /// orders the changes it records.
    pub fn append(&self, entry: &Entry) -> u64 {
        let mut p = lock(&self.pending);
        p.last += 1;
        let seq = p.last;
        segment::frame(seq, entry, &mut p.buf);
        seq
    }

    /// The sequence number of the last appended entry.
    pub fn last_seq(&self) -> u64 {
        lock(&self.pending).last
    }

    /// Makes sure entry `seq` (and every earlier one) is written, and synced under `SyncPolicy::Always`. Blocks
    /// for a write (and a sync): async callers with `Always` call it on a blocking thread.
    pub fn commit(&self, seq: u64) -> io::Result<()> {
        let sync = self.policy == SyncPolicy::Always;
        if seq <= self.synced.load(Ordering::Acquire) {
            return Ok(());
        }
        let mut w = lock(&self.writer);
        if w.written < seq {
            self.write_pending(&mut w)?;
        }
        if sync && self.synced.load(Ordering::Acquire) < seq {
            let upto = w.written;
            w.file.sync_data()?;
            self.synced.fetch_max(upto, Ordering::AcqRel);
        }
        Ok(())
    }

    /// Writes and syncs everything appended so far. The sync runs without holding the writer, so commits go on
    /// meanwhile.
    pub fn flush(&self) -> io::Result<()> {
        let (file, upto) = {
            let mut w = lock(&self.writer);
            self.write_pending(&mut w)?;
            (w.file.clone(), w.written)
        };
        if self.synced.load(Ordering::Acquire) < upto {
            file.sync_data()?;
            self.synced.fetch_max(upto, Ordering::AcqRel);
        }
        Ok(())
    }

    /// Writes what is pending, then starts a new segment; returns the new segment's first sequence number. Every
    /// earlier segment holds only entries before it.
    pub(crate) fn rotate(&self) -> io::Result<u64> {
        let mut w = lock(&self.writer);
        self.write_pending(&mut w)?;
        w.file.sync_data()?;
        self.synced.fetch_max(w.written, Ordering::AcqRel);
        let next = w.written + 1;
        *w = new_segment(&self.dir, next)?;
        w.written = next - 1;
        Ok(next)
    }

    /// The segment being written.
    pub fn current_segment(&self) -> PathBuf {
        lock(&self.writer).path.clone()
    }

    /// Moves the pending buffer into the file (with the writer held, so writes keep their order).
    fn write_pending(&self, w: &mut Writer) -> io::Result<()> {
        let (buf, last) = {
            let mut p = lock(&self.pending);
            (std::mem::take(&mut p.buf), p.last)
        };
        if buf.is_empty() {
            return Ok(());
        }
        match (&*w.file).write_all(&buf) {
            Ok(()) => {
                w.len += buf.len() as u64;
                w.written = last;
                Ok(())
            }
            Err(e) => {
                // Cut off whatever part was written and keep the bytes, in front of anything appended since.
                let _ = w.file.set_len(w.len);
                let mut p = lock(&self.pending);
                let later = std::mem::replace(&mut p.buf, buf);
                p.buf.extend_from_slice(&later);
                Err(e)
            }
        }
    }
}

/// Creates `journal-<next>.log` with its magic, synced together with the directory entry.
fn new_segment(dir: &Path, next: u64) -> io::Result<Writer> {
    let path = dir.join(segment::file_name(next));
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(&path)?;
    file.write_all(MAGIC)?;
    file.sync_all()?;
    sync_dir(dir)?;
    Ok(Writer {
        file: Arc::new(file),
        path,
        len: MAGIC.len() as u64,
        written: next - 1,
    })
}

/// Makes a directory's entries (new, renamed or removed files) durable.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::durable::entry::AdminCall;
    use crate::model::Timestamp;

    fn entry(i: u64) -> Entry {
        Entry::Admin(AdminCall {
            now: Timestamp::from_secs(i as i64),
            user: "u".into(),
            body: b"{}".to_vec(),
            answers: None,
        })
    }

    fn read_all(dir: &Path) -> Vec<u64> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| Some((segment::first_seq(&n)?, n)))
            .collect();
        names.sort();
        let mut seen = Vec::new();
        for (first, name) in names {
            let end = segment::read(&dir.join(name), first, |seq, _| {
                seen.push(seq);
                Ok(())
            })
            .expect("reads");
            assert!(end.torn.is_none());
        }
        seen
    }

    #[test]
    fn committed_entries_are_in_the_file_in_order() {
        let dir = tempfile::tempdir().expect("dir");
        let j = Journal::create(dir.path(), 1, SyncPolicy::Write).expect("journal");
        let a = j.append(&entry(1));
        let b = j.append(&entry(2));
        assert_eq!((a, b), (1, 2));
        assert!(
            read_all(dir.path()).is_empty(),
            "append alone writes nothing"
        );
        j.commit(a).expect("commit");
        assert_eq!(
            read_all(dir.path()),
            [1, 2],
            "one write takes everything pending"
        );
        let c = j.append(&entry(3));
        let r = j.rotate().expect("rotate");
        assert_eq!(r, 4);
        j.append(&entry(4));
        j.flush().expect("flush");
        assert_eq!(c, 3);
        assert_eq!(read_all(dir.path()), [1, 2, 3, 4]);
        assert!(j.current_segment().ends_with(segment::file_name(4)));
    }

    #[test]
    fn always_syncs_on_commit() {
        let dir = tempfile::tempdir().expect("dir");
        let j = Journal::create(dir.path(), 10, SyncPolicy::Always).expect("journal");
        let s = j.append(&entry(10));
        j.commit(s).expect("commit");
        assert_eq!(j.synced.load(Ordering::Acquire), 10);
        assert_eq!(read_all(dir.path()), [10]);
    }
}
