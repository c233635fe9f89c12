//! `MailboxLog`: a device partnership's Exchange ActiveSync mailbox log, the bounded list of log entries Exchange
//! writes for each request while ActiveSync debug logging is on for the mailbox, and that
//! `Get-MobileDeviceStatistics -GetMailboxLog` returns as `MailboxLogReport`.
//!
//! Entries are text, rendered by the EAS layer when the request is answered (as Exchange renders them when it
//! saves the log); this type only keeps and bounds them. Exchange keeps at most 5,000 entries or 10 MB per device
//! (`MaxNumberOfMailboxLogs`, `MaxTotalLogSize` in [EX13] `Microsoft.Exchange.AirSync/MailboxLogger.cs`); the
//! simulator keeps the most recent [`MAX_ENTRIES`] within the same byte bound, dropping the oldest first.
//!
//! The log lives on the partnership (`MobileDevice::mailbox_log`) so it goes when the partnership goes, and is not
//! part of the fixture format: Exchange keeps it in the mailbox, not in the directory.

use std::collections::VecDeque;
use std::sync::Arc;

/// The most entries one device's log keeps.
pub const MAX_ENTRIES: usize = 25;

/// The most bytes one device's log keeps (Exchange's `MaxTotalLogSize`, 10,485,760).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The log entries of one partnership, oldest first. Cloning shares the entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MailboxLog {
    entries: VecDeque<Arc<str>>,
    bytes: usize,
    /// How many entries were ever written (the last one's Identifier).
    written: u32,
}

impl MailboxLog {
    /// The Identifier the next entry gets: 1, 2, … over the partnership's life.
    pub fn next_identifier(&self) -> u32 {
        self.written.wrapping_add(1)
    }

    /// Appends one rendered entry, dropping the oldest ones beyond the bounds. An entry larger than
    /// [`MAX_BYTES`] on its own is cut to that size at a character boundary.
    pub fn push(&mut self, entry: &str) {
        let mut cut = entry.len().min(MAX_BYTES);
        while !entry.is_char_boundary(cut) {
            cut -= 1;
        }
        let entry: Arc<str> = Arc::from(&entry[..cut]);
        self.written = self.written.wrapping_add(1);
        self.bytes += entry.len();
        self.entries.push_back(entry);
        while self.entries.len() > MAX_ENTRIES || self.bytes > MAX_BYTES {
            match self.entries.pop_front() {
                Some(old) => self.bytes -= old.len(),
                None => break,
            }
        }
    }

    /// The entries, oldest first.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = &str> {
        self.entries.iter().map(|e| &**e)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_most_recent_entries_within_both_bounds() {
        let mut log = MailboxLog::default();
        for i in 0..MAX_ENTRIES + 5 {
            log.push(&format!("entry {i}"));
        }
        assert_eq!(log.len(), MAX_ENTRIES);
        assert_eq!(log.entries().next(), Some("entry 5"));
        assert_eq!(log.entries().last(), Some("entry 29"));
        assert_eq!(log.next_identifier(), 31);

        let big = "x".repeat(MAX_BYTES / 2 + 1);
        log.push(&big);
        log.push(&big);
        assert_eq!(log.len(), 1, "two halves-plus-one exceed the byte bound");
        log.push(&"é".repeat(MAX_BYTES));
        assert_eq!(log.len(), 1);
        let kept = log.entries().next().unwrap_or_default();
        assert!(kept.len() <= MAX_BYTES && kept.chars().all(|c| c == 'é'));
    }
}
