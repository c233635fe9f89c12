//! What one journal entry says, and its bytes. Three kinds:
//!
//! - `Admin`: a cmdlet call that may change the tenant, as its InvokeCommand body (`admin::wire`, the one JSON
//!   format) with what replaying it needs besides the tenant: the time it ran, who ran it and, for the in-process
//!   shell, the answers its confirmation prompts got. Cmdlets are pure functions of (tenant, now, user, arguments,
//!   answers) — their Guids are derived from what they create and when (`admin::cmdlets::new_guid`) — so
//!   running the calls again in order rebuilds the tenant and its audit log.
//! - `Device`: a device partnership as an EAS request left it, whole (a new or changed partnership; replaying it
//!   stores it as `eas::partnership` did).
//! - `DeviceTimes`: only the sync timestamps of a partnership changed (a steady-state Sync or Ping): the three
//!   values, not the whole record.
//! - `Counters`: neither, but the counters moved (a request refused after its new partnership's Guid was drawn,
//!   or one that stored its partnership unchanged).
//! - `Mailbox`: a mailbox's mail and sync state after an EAS request changed it, whole, as its record
//!   (`eas::mail_store::record`: generated content by reference, so a few bytes per item): the SyncKeys and
//!   holdings a device goes on from, what clients created, moved and flagged, mail delivered to it.
//!
//! The three EAS kinds carry the counters as the request left them (`Counters`): the server RNG's position (new
//! partnerships draw their Guid and policy keys from it) and the tenant's change counter (what Import-Tenant's
//! stale-restore check compares), so a replay continues both exactly where the live server was.
//!
//! Bytes: a kind byte, then fixed-width little-endian numbers and `u32`-length-prefixed byte strings. Framing,
//! sequence numbers and checksums are `segment`'s. Decoding never panics: a short or malformed entry is an error.

use crate::model::{MailboxId, MobileDevice, Timestamp};
use crate::script::ConfirmAnswer;

/// One journal entry.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Admin(AdminCall),
    /// Boxed: a partnership is several hundred bytes, the other kinds a few dozen.
    Device(Box<DeviceRecord>),
    DeviceTimes(DeviceTimes),
    Counters(Counters),
    Mailbox(MailboxRecord),
}

/// A mailbox's mail and sync state after a request changed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailboxRecord {
    pub mailbox: MailboxId,
    /// `eas::mail_store::record::encode`'s bytes.
    pub record: Vec<u8>,
}

/// Where an EAS request left the server RNG and the tenant's change counter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// The RNG's word position (`rand_chacha::ChaCha8Rng::get_word_pos`).
    pub rng_word_pos: u128,
    /// `Tenant::changes`.
    pub changes: u64,
}

/// A cmdlet call, as replay needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminCall {
    pub now: Timestamp,
    /// Who ran it (the audit log's Caller; Clear-MobileDevice's requestor).
    pub user: String,
    /// The InvokeCommand request body.
    pub body: Vec<u8>,
    /// `None`: run non-interactively, as the admin endpoint runs every call. `Some`: the prompts' answers in the
    /// order they were asked (the in-process shell).
    pub answers: Option<Vec<ConfirmAnswer>>,
}

/// A partnership after an EAS request changed it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceRecord {
    pub device: MobileDevice,
    pub counters: Counters,
}

/// Only the sync timestamps of a partnership changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceTimes {
    pub mailbox: MailboxId,
    pub device_id: String,
    pub last_sync_attempt_time: Option<Timestamp>,
    pub last_success_sync: Option<Timestamp>,
    pub last_ping_heartbeat: Option<u32>,
    pub counters: Counters,
}

/// An entry's bytes could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed journal entry: {0}")]
pub struct DecodeError(pub String);

const ADMIN: u8 = 1;
const DEVICE: u8 = 2;
const DEVICE_TIMES: u8 = 3;
const COUNTERS: u8 = 4;
const MAILBOX: u8 = 5;

impl Entry {
    /// Appends the entry's bytes to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Entry::Admin(a) => {
                out.push(ADMIN);
                put_i64(out, a.now.millis());
                put_bytes(out, a.user.as_bytes());
                put_bytes(out, &a.body);
                match &a.answers {
                    None => out.push(0),
                    Some(answers) => {
                        out.push(1);
                        let codes: Vec<u8> = answers.iter().map(|&a| answer_code(a)).collect();
                        put_bytes(out, &codes);
                    }
                }
            }
            Entry::Device(d) => {
                out.push(DEVICE);
                put_u32(out, d.device.mailbox.0);
                put_counters(out, d.counters);
                // The fixture's own serde form of a partnership (every field but the mailbox, stored above).
                let json = serde_json::to_vec(&d.device)
                    .expect("a MobileDevice always serializes (plain data, string keys)");
                put_bytes(out, &json);
            }
            Entry::DeviceTimes(t) => {
                out.push(DEVICE_TIMES);
                put_u32(out, t.mailbox.0);
                put_bytes(out, t.device_id.as_bytes());
                put_opt_i64(out, t.last_sync_attempt_time.map(Timestamp::millis));
                put_opt_i64(out, t.last_success_sync.map(Timestamp::millis));
                put_opt_i64(out, t.last_ping_heartbeat.map(i64::from));
                put_counters(out, t.counters);
            }
            Entry::Counters(c) => {
                out.push(COUNTERS);
                put_counters(out, *c);
            }
            Entry::Mailbox(m) => {
                out.push(MAILBOX);
                put_u32(out, m.mailbox.0);
                put_bytes(out, &m.record);
            }
        }
    }

    /// Reads an entry from exactly `bytes`.
    pub fn decode(bytes: &[u8]) -> Result<Entry, DecodeError> {
        let mut r = Reader { bytes, at: 0 };
        let entry = match r.u8()? {
            ADMIN => {
                let now = Timestamp::from_millis(r.i64()?);
                let user = r.string()?;
                let body = r.bytes()?.to_vec();
                let answers = match r.u8()? {
                    0 => None,
                    1 => Some(
                        r.bytes()?
                            .iter()
                            .map(|&c| answer_of(c))
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                    other => return Err(DecodeError(format!("answers flag {other}"))),
                };
                Entry::Admin(AdminCall {
                    now,
                    user,
                    body,
                    answers,
                })
            }
            DEVICE => {
                let mailbox = MailboxId(r.u32()?);
                let counters = r.counters()?;
                let mut device: MobileDevice = serde_json::from_slice(r.bytes()?)
                    .map_err(|e| DecodeError(format!("device record: {e}")))?;
                device.mailbox = mailbox;
                Entry::Device(Box::new(DeviceRecord { device, counters }))
            }
            DEVICE_TIMES => {
                let mailbox = MailboxId(r.u32()?);
                let device_id = r.string()?;
                let attempt = r.opt_i64()?.map(Timestamp::from_millis);
                let success = r.opt_i64()?.map(Timestamp::from_millis);
                let heartbeat = r
                    .opt_i64()?
                    .map(|h| u32::try_from(h).map_err(|_| DecodeError(format!("heartbeat {h}"))))
                    .transpose()?;
                let counters = r.counters()?;
                Entry::DeviceTimes(DeviceTimes {
                    mailbox,
                    device_id,
                    last_sync_attempt_time: attempt,
                    last_success_sync: success,
                    last_ping_heartbeat: heartbeat,
                    counters,
                })
            }
            COUNTERS => Entry::Counters(r.counters()?),
            MAILBOX => Entry::Mailbox(MailboxRecord {
                mailbox: MailboxId(r.u32()?),
                record: r.bytes()?.to_vec(),
            }),
            kind => return Err(DecodeError(format!("unknown kind {kind}"))),
        };
        if r.at != bytes.len() {
            return Err(DecodeError(format!(
                "{} bytes left over",
                bytes.len() - r.at
            )));
        }
        Ok(entry)
    }
}

fn answer_code(a: ConfirmAnswer) -> u8 {
    match a {
        ConfirmAnswer::Yes => 1,
        ConfirmAnswer::YesToAll => 2,
        ConfirmAnswer::No => 3,
        ConfirmAnswer::NoToAll => 4,
        ConfirmAnswer::Unavailable => 5,
    }
}

fn answer_of(code: u8) -> Result<ConfirmAnswer, DecodeError> {
    Ok(match code {
        1 => ConfirmAnswer::Yes,
        2 => ConfirmAnswer::YesToAll,
        3 => ConfirmAnswer::No,
        4 => ConfirmAnswer::NoToAll,
        5 => ConfirmAnswer::Unavailable,
        other => return Err(DecodeError(format!("answer {other}"))),
    })
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_i64(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_counters(out: &mut Vec<u8>, c: Counters) {
    out.extend_from_slice(&c.rng_word_pos.to_le_bytes());
    out.extend_from_slice(&c.changes.to_le_bytes());
}

fn put_opt_i64(out: &mut Vec<u8>, n: Option<i64>) {
    match n {
        None => out.push(0),
        Some(n) => {
            out.push(1);
            put_i64(out, n);
        }
    }
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    let len =
        u32::try_from(bytes.len()).expect("journal strings are bounded by the request body limit");
    put_u32(out, len);
    out.extend_from_slice(bytes);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| DecodeError(format!("{n} bytes wanted at {}", self.at)))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, DecodeError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    fn counters(&mut self) -> Result<Counters, DecodeError> {
        Ok(Counters {
            rng_word_pos: u128::from_le_bytes(self.array()?),
            changes: u64::from_le_bytes(self.array()?),
        })
    }

    fn opt_i64(&mut self) -> Result<Option<i64>, DecodeError> {
        match self.u8()? {
            0 => Ok(None),
            1 => self.i64().map(Some),
            other => Err(DecodeError(format!("option flag {other}"))),
        }
    }

    fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let n = self.u32()? as usize;
        self.take(n)
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        String::from_utf8(self.bytes()?.to_vec())
            .map_err(|_| DecodeError("text is not UTF-8".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Guid;

    fn round_trip(e: &Entry) {
        let mut bytes = Vec::new();
        e.encode(&mut bytes);
        assert_eq!(&Entry::decode(&bytes).expect("decodes"), e);
        // Every strict prefix is refused, never a panic.
        for cut in 0..bytes.len() {
            assert!(Entry::decode(&bytes[..cut]).is_err(), "prefix {cut}");
        }
    }

    #[test]
    fn every_kind_reads_back() {
        round_trip(&Entry::Admin(AdminCall {
            now: Timestamp::from_secs(1_790_000_000),
            user: "admin@contoso.com".into(),
            body: br#"{"CmdletInput":{"CmdletName":"Set-CASMailbox","Parameters":{}}}"#.to_vec(),
            answers: None,
        }));
        round_trip(&Entry::Admin(AdminCall {
            now: Timestamp::from_secs(1),
            user: "Administrator".into(),
            body: b"{}".to_vec(),
            answers: Some(vec![ConfirmAnswer::No, ConfirmAnswer::YesToAll]),
        }));
        let mut device =
            MobileDevice::new(Guid::from_random_bits(7), MailboxId(3), "ApplX1", "iPhone");
        device.last_sync_attempt_time = Some(Timestamp::from_secs(5));
        round_trip(&Entry::Device(Box::new(DeviceRecord {
            device,
            counters: Counters {
                rng_word_pos: u128::MAX - 3,
                changes: 12,
            },
        })));
        round_trip(&Entry::DeviceTimes(DeviceTimes {
            mailbox: MailboxId(9),
            device_id: "ApplX1".into(),
            last_sync_attempt_time: Some(Timestamp::from_secs(-5)),
            last_success_sync: None,
            last_ping_heartbeat: Some(480),
            counters: Counters::default(),
        }));
        round_trip(&Entry::Counters(Counters {
            rng_word_pos: 1 << 70,
            changes: u64::MAX,
        }));
        round_trip(&Entry::Mailbox(MailboxRecord {
            mailbox: MailboxId(4),
            record: br#"{"v":1}"#.to_vec(),
        }));
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(Entry::decode(&[]).is_err());
        assert!(Entry::decode(&[77]).is_err());
        assert!(Entry::decode(&[ADMIN, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]).is_err());
    }
}
