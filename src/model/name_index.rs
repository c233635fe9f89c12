//! `NameIndex`: the tenant's address-book index for ambiguous name resolution (ANR) — lower-cased display names,
//! the words of display names, aliases and primary SMTP addresses, each mapped to its mailbox, ordered so a
//! prefix is one range scan.
//!
//! `Tenant` owns it and fills it in `add_mailbox` (mailbox names never change after that); nothing else writes it. It answers "which
//! mailboxes have a name starting with this text", bounded by a limit, in key order; ranking and presentation
//! are the caller's.

use std::collections::BTreeSet;

use hashbrown::HashSet;

use super::ids::MailboxId;

/// Lower-cased name keys → mailbox, ordered by key then mailbox.
#[derive(Clone, Debug, Default)]
pub(crate) struct NameIndex {
    keys: BTreeSet<(Box<str>, MailboxId)>,
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
        for key in keys(display_name, alias, smtp) {
            self.keys.insert((key.into_boxed_str(), id));
        }
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
        let start: (Box<str>, MailboxId) = (prefix.clone().into_boxed_str(), MailboxId(0));
        for (key, id) in self.keys.range(start..) {
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
