//! The snapshot file, `snapshot.json`: the whole durable state as of one journal sequence number — the tenant (in
//! the tenant fixture format, `model::to_json`), its audit log, and what the server needs to go on exactly where
//! it stopped: the seed and the instant generated mail is dated from (so mailboxes regenerate the same mail) and
//! the seeded RNG's position (so no Guid or policy key is drawn twice); and the mail and sync state of every
//! mailbox an EAS request has changed, as its record (`eas::mail_store::record`, JSON itself, kept as it is under
//! `mail`, keyed by mailbox index). Mailboxes without a record are generated afresh on first access, as on a
//! new server.
//!
//! Written whole to a temporary file, synced and renamed over the old one (`persist::write_atomically`), then the
//! directory is synced: a crash leaves the old snapshot or the new one, never half of one. A snapshot that does
//! not read back is an error naming the file, never a silent fresh start.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::model::{self, AuditLog, MailboxId, Tenant, Timestamp};
use crate::persist::write_atomically;

use super::DurableError;
use super::journal::sync_dir;

pub(crate) const FILE_NAME: &str = "snapshot.json";
const FORMAT: &str = "easim-state";
const VERSION: u32 = 1;

/// Everything durable about a running simulator.
#[derive(Clone, Debug)]
pub struct State {
    pub tenant: Tenant,
    /// Seeds the server's RNG and the generated mail.
    pub seed: u64,
    /// The instant generated mail is dated relative to.
    pub mail_epoch: Timestamp,
    /// The server RNG's word position (`rand_chacha::ChaCha8Rng::get_word_pos`).
    pub rng_word_pos: u128,
    /// The record of each mailbox whose mail or sync state an EAS request changed.
    pub mail: BTreeMap<MailboxId, Vec<u8>>,
}

impl PartialEq for State {
    /// Equal tenants (their data), audit logs, change counters and RNG positions.
    fn eq(&self, other: &State) -> bool {
        self.tenant == other.tenant
            && self.tenant.audit == other.tenant.audit
            && self.tenant.changes() == other.tenant.changes()
            && self.seed == other.seed
            && self.mail_epoch == other.mail_epoch
            && self.rng_word_pos == other.rng_word_pos
            && self.mail == other.mail
    }
}

#[derive(Serialize)]
struct Head<'a> {
    format: &'a str,
    version: u32,
    seq: u64,
    seed: u64,
    mail_epoch: Timestamp,
    rng_word_pos: String,
    audit: &'a AuditLog,
    mail: BTreeMap<u32, &'a RawValue>,
}

#[derive(Deserialize)]
struct File<'a> {
    format: String,
    version: u32,
    seq: u64,
    seed: u64,
    mail_epoch: Timestamp,
    rng_word_pos: String,
    audit: AuditLog,
    /// Absent in snapshots written before mail was kept.
    #[serde(default, borrow)]
    mail: BTreeMap<u32, &'a RawValue>,
    #[serde(borrow)]
    tenant: &'a RawValue,
}

/// Writes the snapshot of `state` as of journal entry `seq`.
pub(crate) fn write(dir: &Path, state: &State, seq: u64) -> Result<(), DurableError> {
    let mut mail = BTreeMap::new();
    for (id, record) in &state.mail {
        let raw = std::str::from_utf8(record)
            .ok()
            .and_then(|text| serde_json::from_str::<&RawValue>(text).ok())
            .ok_or_else(|| DurableError::CorruptJournal {
                path: dir.to_path_buf(),
                what: format!("the record of mailbox #{} is not JSON", id.0),
            })?;
        mail.insert(id.0, raw);
    }
    let head = Head {
        format: FORMAT,
        version: VERSION,
        seq,
        seed: state.seed,
        mail_epoch: state.mail_epoch,
        rng_word_pos: state.rng_word_pos.to_string(),
        audit: &state.tenant.audit,
        mail,
    };
    let mut text = serde_json::to_string(&head).expect("the snapshot head is plain data");
    text.pop(); // the closing brace: the tenant goes last, in the fixture format's own text
    text.push_str(",\"tenant\":");
    text.push_str(&model::to_json(&state.tenant));
    text.push('}');
    let path = dir.join(FILE_NAME);
    write_atomically(&path, text.as_bytes()).map_err(DurableError::Persist)?;
    sync_dir(dir).map_err(|source| DurableError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Reads the snapshot, if the directory has one: the state and the sequence number it is as of.
pub(crate) fn read(dir: &Path) -> Result<Option<(State, u64)>, DurableError> {
    let path = dir.join(FILE_NAME);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(DurableError::Io { path, source }),
    };
    let corrupt = |what: String| DurableError::CorruptSnapshot {
        path: path.clone(),
        what,
    };
    let file: File<'_> = serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))?;
    if file.format != FORMAT || file.version != VERSION {
        return Err(corrupt(format!(
            "format {} version {} (this easim reads {FORMAT} version {VERSION})",
            file.format, file.version
        )));
    }
    let rng_word_pos = file
        .rng_word_pos
        .parse()
        .map_err(|_| corrupt(format!("rng_word_pos {:?}", file.rng_word_pos)))?;
    let mut tenant =
        model::from_json(file.tenant.get()).map_err(|e| corrupt(format!("tenant: {e}")))?;
    tenant.audit = file.audit;
    let mail = file
        .mail
        .into_iter()
        .map(|(id, raw)| (MailboxId(id), raw.get().as_bytes().to_vec()))
        .collect();
    Ok(Some((
        State {
            tenant,
            seed: file.seed,
            mail_epoch: file.mail_epoch,
            rng_word_pos,
            mail,
        },
        file.seq,
    )))
}
