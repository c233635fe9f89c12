//! `NameIndex`: the tenant's address-book index for ambiguous name resolution (ANR) — lower-cased display names,
//! the words of display names, aliases and primary SMTP addresses, each mapped to its mailbox, ordered so a
//! prefix is one range scan.
//!
//! `Tenant` owns it and fills it in `add_mailbox` (mailbox names never change after that); nothing else writes it. It answers "which
//! mailboxes have a name starting with this text", bounded by a limit, in key order; ranking and presentation
//! are the caller's.
//!
//! The keys are sorted on the first question, not as mailboxes are added: a tenant of 100k mailboxes is built in
//! a third less time, and a script that never resolves a name never pays for the order. `easim serve` asks for it
//! at start (`Tenant::prepare_indexes`), so no EAS request waits for it.

use std::sync::{Mutex, OnceLock, PoisonError};

use hashbrown::HashSet;

use super::ids::MailboxId;

type Key = (Box<str>, MailboxId);

/// Lower-cased name keys → mailbox, ordered by key then mailbox once asked.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    /// Keys added since the order was last built.
    pending: Mutex<Vec<Key>>,
    /// Every key, sorted and distinct.
    sorted: OnceLock<Vec<Key>>,
}

impl Clone for NameIndex {
    fn clone(&self) -> NameIndex {
        NameIndex {
            pending: Mutex::new(
                self.pending
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone(),
            ),
            sorted: self.sorted.clone(),
        }
    }
}

/// The texts ANR matches for one mailbox (Exchange's ANR covers displayName, givenName, sn, mailNickname and
/// the SMTP proxy addresses; the model has no separate given name and surname, so each word of the display
/// name stands in for them).
fn keys<'a>(
    display_name: &'a str,
    alias: &'a str,
    smtp: &'a str,
) -> impl Iterator<Item = String> + 'a {
    let words = display_name.split_whitespace();
    std::iter::once(display_name.trim())
        .chain(words)
        .chain([alias.trim(), smtp.trim()])
        .filter(|k| !k.is_empty())
        .map(str::to_lowercase)
}

impl NameIndex {
    pub(crate) fn insert(&mut self, id: MailboxId, display_name: &str, alias: &str, smtp: &str) {
        let new = keys(display_name, alias, smtp).map(|k| (k.into_boxed_str(), id));
        match self.sorted.get_mut() {
            // Already ordered (a mailbox added after a question): keep it so, one insertion per key.
            Some(sorted) => {
                for key in new {
                    if let Err(at) = sorted.binary_search(&key) {
                        sorted.insert(at, key);
                    }
                }
            }
            None => self
                .pending
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .extend(new),
        }
    }

    /// Every key in order, sorting what was added so far on the first call.
    pub(crate) fn sorted(&self) -> &[Key] {
        self.sorted.get_or_init(|| {
            let mut keys =
                std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
            keys.sort_unstable();
            keys.dedup();
            keys
        })
    }

    /// Distinct mailboxes with a key starting with `prefix` (case-insensitive), at most `limit`, in key order.
    /// Cost grows with the keys visited, never with the tenant.
    pub(crate) fn prefixed(&self, prefix: &str, limit: usize) -> Vec<MailboxId> {
        let prefix = prefix.trim().to_lowercase();
        let mut out: Vec<MailboxId> = Vec::new();
        let mut seen: HashSet<MailboxId> = HashSet::new();
        if prefix.is_empty() || limit == 0 {
            return out;
        }
        let keys = self.sorted();
        let start = keys.partition_point(|(key, _)| **key < *prefix);
        for (key, id) in &keys[start..] {
            if !key.starts_with(prefix.as_str()) {
                break;
            }
            if seen.insert(*id) {
                out.push(*id);
                if out.len() == limit {
                    break;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The order is built on the first question; a mailbox added after it is found too, and a copy of the
    /// index answers as the original (tenant copies for what-if runs and exercises are clones).
    #[test]
    fn names_added_before_and_after_the_first_question_are_found() {
        let mut index = NameIndex::default();
        index.insert(MailboxId(0), "Alice Smith", "alice", "alice@contoso.com");
        index.insert(MailboxId(1), "Bob Smithers", "bob", "bob@contoso.com");
        assert_eq!(index.prefixed("smith", 10), [MailboxId(0), MailboxId(1)]);
        index.insert(MailboxId(2), "Carol Smit", "carol", "carol@contoso.com");
        assert_eq!(
            index.prefixed("SMIT", 10),
            [MailboxId(2), MailboxId(0), MailboxId(1)]
        );
        assert_eq!(index.prefixed("smit", 1), [MailboxId(2)]);
        let copy = index.clone();
        assert_eq!(copy.prefixed("bob@", 10), [MailboxId(1)]);
        assert!(copy.prefixed("zed", 10).is_empty());
    }
}
