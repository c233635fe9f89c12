//! `AuditLog`: the organization's administrator audit log — one `AuditEntry` per run of a cmdlet that changes
//! something (who ran it, with which parameters, on which object, when, and whether it succeeded), newest last.
//!
//! Only the data and its bounds: which runs are recorded and how an entry is filled in is `admin::audit`'s,
//! searching it is Search-AdminAuditLog's. Bounded as Exchange bounds it, by age (`AdminAuditLogAgeLimit`, 90 days
//! by default: <https://learn.microsoft.com/powershell/module/exchange/set-adminauditlogconfig>), and, because it
//! lives in memory, by count. Not part of the tenant fixture format: the tenant's data does not change with it.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

/// Exchange's default `AdminAuditLogAgeLimit`: entries older than this (before the newest) are dropped.
pub const AUDIT_AGE_LIMIT_SECS: i64 = 90 * 86_400;

/// At most this many entries are kept in memory; the oldest go first.
pub const AUDIT_MAX_ENTRIES: usize = 50_000;

/// One parameter as the audit log records it (`CmdletParameters`: Name and Value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuditParameter {
    pub name: String,
    pub value: String,
}

/// One cmdlet run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuditEntry {
    /// `CmdletName`.
    pub cmdlet: String,
    /// `CmdletParameters`, in the order they were bound.
    pub parameters: Vec<AuditParameter>,
    /// `ObjectModified`: the identity the cmdlet was given (empty when it names none).
    pub object_modified: String,
    /// `Caller`: who ran it.
    pub caller: String,
    /// `RunDate`.
    pub run_date: Timestamp,
    /// `Succeeded`.
    pub succeeded: bool,
    /// `Error`: the first error's message when it did not succeed.
    pub error: Option<String>,
}

/// The audit log, oldest entry first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AuditLog {
    entries: VecDeque<AuditEntry>,
}

impl AuditLog {
    /// Appends an entry, then drops entries past the age limit (counted back from this one) and past the count.
    pub fn record(&mut self, entry: AuditEntry) {
        let oldest_kept = entry.run_date.add_secs(-AUDIT_AGE_LIMIT_SECS);
        self.entries.push_back(entry);
        while self
            .entries
            .front()
            .is_some_and(|e| e.run_date < oldest_kept)
            || self.entries.len() > AUDIT_MAX_ENTRIES
        {
            self.entries.pop_front();
        }
    }

    /// Every entry, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &AuditEntry> + ExactSizeIterator {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(secs: i64) -> AuditEntry {
        AuditEntry {
            cmdlet: "Set-CASMailbox".into(),
            parameters: vec![],
            object_modified: "alice".into(),
            caller: "Administrator".into(),
            run_date: Timestamp::from_secs(secs),
            succeeded: true,
            error: None,
        }
    }

    #[test]
    fn entries_past_the_age_limit_are_dropped() {
        let mut log = AuditLog::default();
        log.record(entry(0));
        log.record(entry(AUDIT_AGE_LIMIT_SECS));
        assert_eq!(log.len(), 2, "exactly 90 days old is kept");
        log.record(entry(AUDIT_AGE_LIMIT_SECS + 1));
        assert_eq!(log.len(), 2);
        assert_eq!(
            log.entries().next().map(|e| e.run_date),
            Some(Timestamp::from_secs(AUDIT_AGE_LIMIT_SECS))
        );
    }

    #[test]
    fn the_count_is_bounded() {
        let mut log = AuditLog::default();
        for i in 0..AUDIT_MAX_ENTRIES + 5 {
            log.record(entry(i as i64));
        }
        assert_eq!(log.len(), AUDIT_MAX_ENTRIES);
        assert_eq!(
            log.entries().next().map(|e| e.run_date),
            Some(Timestamp::from_secs(5))
        );
    }
}
