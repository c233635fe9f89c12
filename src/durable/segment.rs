//! Journal segment files: `journal-<first seq, 20 digits>.log`, an 8-byte magic, then records
//! `[payload length: u32 LE][CRC-32 of payload: u32 LE][payload: seq u64 LE, entry bytes]`.
//!
//! Reading stops at the first record that is not whole and intact. If nothing intact follows it, it is a torn
//! tail — the write a crash interrupted — and the caller may drop it (only in the newest segment); if an intact
//! record with a later sequence number follows, the damage is in the middle of the journal, which is an error:
//! dropping it would lose changes that were stored. A record that is intact but out of sequence, or whose entry
//! cannot be decoded, is an error too. Nothing here panics on any file content.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use super::entry::Entry;

/// The CRC-32 (IEEE, as zlib computes it) of a record's payload.
fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

pub(crate) const MAGIC: &[u8; 8] = b"EASIMJ01";
const RECORD_HEADER: usize = 8;
/// A payload holds at least the sequence number and an entry's kind byte.
const MIN_PAYLOAD: u32 = 9;

/// The file name of the segment whose first record has sequence number `first`.
pub(crate) fn file_name(first: u64) -> String {
    format!("journal-{first:020}.log")
}

/// The first sequence number a segment file name announces.
pub(crate) fn first_seq(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("journal-")?.strip_suffix(".log")?;
    (digits.len() == 20 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Appends one framed record to `out`.
pub(crate) fn frame(seq: u64, entry: &Entry, out: &mut Vec<u8>) {
    let start = out.len();
    out.extend_from_slice(&[0; RECORD_HEADER]);
    out.extend_from_slice(&seq.to_le_bytes());
    entry.encode(out);
    let payload = &out[start + RECORD_HEADER..];
    let len = u32::try_from(payload.len()).expect("a journal entry is smaller than 4 GiB");
    let crc = crc32(payload);
    out[start..start + 4].copy_from_slice(&len.to_le_bytes());
    out[start + 4..start + 8].copy_from_slice(&crc.to_le_bytes());
}

/// How reading a segment ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SegmentEnd {
    /// Bytes of the file that hold the magic and whole, intact records.
    pub(crate) good_len: u64,
    /// The sequence number of the last intact record (or `expected - 1` when there was none).
    pub(crate) last_seq: u64,
    /// A torn tail after `good_len`: its length in bytes and what was wrong with its first record.
    pub(crate) torn: Option<(u64, String)>,
}

/// Why a segment cannot be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SegmentError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("offset {offset}: {what}")]
    Corrupt { offset: u64, what: String },
}

/// Reads the records of one segment in order, handing each to `apply`; `expected` is the sequence number the
/// first record must have.
pub(crate) fn read(
    path: &Path,
    expected: u64,
    mut apply: impl FnMut(u64, Entry) -> Result<(), String>,
) -> Result<SegmentEnd, SegmentError> {
    let file = File::open(path)?;
    let file_len = file.metadata()?.len();
    let mut r = BufReader::with_capacity(1 << 20, file);
    let mut magic = [0u8; 8];
    let got = read_up_to(&mut r, &mut magic)?;
    if got < magic.len() {
        // Created, then the crash came before the magic was written.
        return Ok(SegmentEnd {
            good_len: 0,
            last_seq: expected - 1,
            torn: Some((got as u64, "the segment's header is incomplete".into())),
        });
    }
    if &magic != MAGIC {
        return Err(SegmentError::Corrupt {
            offset: 0,
            what: "not an easim journal segment (wrong magic)".into(),
        });
    }
    let mut offset = magic.len() as u64;
    let mut next = expected;
    let mut payload = Vec::new();
    loop {
        let mut header = [0u8; RECORD_HEADER];
        let got = read_up_to(&mut r, &mut header)?;
        if got == 0 {
            return Ok(SegmentEnd {
                good_len: offset,
                last_seq: next - 1,
                torn: None,
            });
        }
        let problem = if got < RECORD_HEADER {
            Some("the record header is incomplete".to_string())
        } else {
            let len = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
            let crc = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
            let left = file_len.saturating_sub(offset + RECORD_HEADER as u64);
            if len < MIN_PAYLOAD || u64::from(len) > left {
                Some(format!(
                    "a record of {len} bytes with {left} bytes left in the file"
                ))
            } else {
                payload.resize(len as usize, 0);
                r.read_exact(&mut payload)?;
                if crc32(&payload) != crc {
                    Some("the record's checksum does not match".to_string())
                } else {
                    let seq =
                        u64::from_le_bytes(payload[..8].try_into().expect("8 bytes checked above"));
                    if seq != next {
                        return Err(SegmentError::Corrupt {
                            offset,
                            what: format!("record {seq} where record {next} should be"),
                        });
                    }
                    let entry =
                        Entry::decode(&payload[8..]).map_err(|e| SegmentError::Corrupt {
                            offset,
                            what: format!("record {seq}: {e}"),
                        })?;
                    apply(seq, entry).map_err(|what| SegmentError::Corrupt {
                        offset,
                        what: format!("record {seq} cannot be replayed: {what}"),
                    })?;
                    offset += RECORD_HEADER as u64 + u64::from(len);
                    next += 1;
                    None
                }
            }
        };
        if let Some(what) = problem {
            let tail = std::fs::read(path)?;
            let start = usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(tail.len());
            if let Some(at) = intact_record_after(&tail[start..], next) {
                return Err(SegmentError::Corrupt {
                    offset,
                    what: format!(
                        "{what}, and an intact record follows at offset {}: the journal is damaged, not torn",
                        offset + at as u64
                    ),
                });
            }
            return Ok(SegmentEnd {
                good_len: offset,
                last_seq: next - 1,
                torn: Some((tail.len().saturating_sub(start) as u64, what)),
            });
        }
    }
}

/// Reads as many bytes as fit (fewer only at the end of the file).
fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

/// The offset (after the damaged record's start) of an intact record numbered `next` or later, if any.
fn intact_record_after(tail: &[u8], next: u64) -> Option<usize> {
    (1..tail
        .len()
        .saturating_sub(RECORD_HEADER + MIN_PAYLOAD as usize - 1))
        .find(|&at| {
            let h = &tail[at..];
            let len = u32::from_le_bytes([h[0], h[1], h[2], h[3]]) as usize;
            let crc = u32::from_le_bytes([h[4], h[5], h[6], h[7]]);
            let Some(payload) = h.get(RECORD_HEADER..RECORD_HEADER + len) else {
                return false;
            };
            len >= MIN_PAYLOAD as usize
                && u64::from_le_bytes(payload[..8].try_into().expect("len >= 9"))
                    .checked_sub(next)
                    .is_some_and(|ahead| ahead < 1 << 32)
                && crc32(payload) == crc
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::durable::entry::AdminCall;
    use crate::model::Timestamp;

    fn entry(i: u64) -> Entry {
        Entry::Admin(AdminCall {
            now: Timestamp::from_secs(i as i64),
            user: format!("user{i}"),
            body: vec![b'x'; (i % 7) as usize],
            answers: None,
        })
    }

    fn segment(first: u64, n: u64) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        for i in 0..n {
            frame(first + i, &entry(first + i), &mut bytes);
        }
        bytes
    }

    fn read_bytes(bytes: &[u8], expected: u64) -> (Result<SegmentEnd, SegmentError>, Vec<u64>) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join(file_name(expected));
        std::fs::write(&path, bytes).expect("written");
        let mut seen = Vec::new();
        let end = read(&path, expected, |seq, e| {
            assert_eq!(e, entry(seq));
            seen.push(seq);
            Ok(())
        });
        (end, seen)
    }

    #[test]
    fn the_checksum_is_zlibs_crc32() {
        // The CRC-32/ISO-HDLC check value (https://reveng.sourceforge.io/crc-catalogue/17plus.htm), and
        // python3 -c "import zlib; print(hex(zlib.crc32(b'The quick brown fox jumps over the lazy dog')))".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn names_carry_the_first_sequence_number() {
        assert_eq!(first_seq(&file_name(42)), Some(42));
        assert_eq!(first_seq("journal-42.log"), None);
        assert_eq!(first_seq("snapshot.json"), None);
    }

    #[test]
    fn a_whole_segment_reads_back() {
        let bytes = segment(5, 4);
        let (end, seen) = read_bytes(&bytes, 5);
        let end = end.expect("reads");
        assert_eq!(seen, [5, 6, 7, 8]);
        assert_eq!(
            (end.good_len, end.last_seq, end.torn),
            (bytes.len() as u64, 8, None)
        );
    }

    #[test]
    fn every_cut_of_the_last_record_is_a_torn_tail() {
        let whole = segment(1, 3);
        let two = segment(1, 2).len();
        for cut in two + 1..whole.len() {
            let (end, seen) = read_bytes(&whole[..cut], 1);
            let end = end.expect("a torn tail is not an error");
            assert_eq!(seen, [1, 2], "cut at {cut}");
            assert_eq!(end.good_len, two as u64);
            assert_eq!(end.torn.map(|t| t.0), Some((cut - two) as u64));
        }
        // A flipped byte in the last record: torn too (nothing intact follows).
        let mut flipped = whole.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        let (end, seen) = read_bytes(&flipped, 1);
        assert_eq!(seen, [1, 2]);
        assert!(end.expect("torn").torn.is_some());
    }

    #[test]
    fn damage_with_intact_records_after_it_is_an_error() {
        let mut bytes = segment(1, 5);
        bytes[MAGIC.len() + 12] ^= 0xFF; // inside record 1's payload
        let (end, seen) = read_bytes(&bytes, 1);
        assert!(seen.is_empty());
        let err = end.expect_err("damaged in the middle").to_string();
        assert!(err.contains("damaged, not torn"), "{err}");
    }

    #[test]
    fn out_of_sequence_and_foreign_files_are_errors() {
        let (end, _) = read_bytes(&segment(3, 2), 1);
        assert!(
            end.expect_err("wrong sequence")
                .to_string()
                .contains("record 3 where record 1")
        );
        let (end, _) = read_bytes(b"PK\x03\x04 not a journal", 1);
        assert!(end.expect_err("foreign").to_string().contains("magic"));
        let (end, seen) = read_bytes(b"EASI", 1);
        assert!(seen.is_empty());
        assert_eq!(end.expect("a torn header").good_len, 0);
    }
}
