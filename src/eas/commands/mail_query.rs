//! Mailbox search shared by Search (store Mailbox) and Find (MailBoxSearchCriterion): which folders a query
//! covers, whether an item matches its free text and date bounds, and the matches newest first.
//!
//! Free text matches as Exchange's content index does for plain words: every word of the query must start a
//! word of the item's subject, sender, recipients or body, case-insensitively. The cost is the mailbox's own
//! items in the folders searched, never the tenant.

use crate::model::Timestamp;

use super::super::mail_store::{Folder, Item, MailboxStore, View};

/// What to look for.
#[derive(Clone, Debug, Default)]
pub(crate) struct MailQuery {
    /// Lower-cased words that must all be found.
    pub(crate) words: Vec<String>,
    /// Strictly after / before this DateReceived (Search GreaterThan / LessThan).
    pub(crate) after: Option<Timestamp>,
    pub(crate) before: Option<Timestamp>,
    /// The folders named (empty: the whole mailbox) and whether their subfolders are searched too.
    pub(crate) folders: Vec<u32>,
    pub(crate) deep: bool,
}

impl MailQuery {
    pub(crate) fn free_text(&mut self, text: &str) {
        self.words
            .extend(text.split_whitespace().map(str::to_lowercase));
    }
}

/// Whether every folder the query names exists.
pub(crate) fn folders_exist(mail: &MailboxStore, q: &MailQuery) -> bool {
    q.folders.iter().all(|&id| mail.folder(id).is_some())
}

/// (folder, item) of every match the view shows, newest first (ties by id, for a stable order).
pub(crate) fn matches<'a>(
    mail: &'a MailboxStore,
    q: &MailQuery,
    view: View<'_>,
) -> Vec<(&'a Folder, &'a Item)> {
    let scope: Vec<&Folder> = mail
        .folders()
        .iter()
        .filter(|f| in_scope(mail, q, f))
        .collect();
    let mut out: Vec<(&Folder, &Item)> = scope
        .into_iter()
        .flat_map(|f| f.items.values().map(move |i| (f, i)))
        .filter(|(f, i)| {
            f.kind.is_mail() && i.message().is_some() && view.shows(f, i) && item_matches(q, i)
        })
        .collect();
    out.sort_by(|a, b| {
        let date = |i: &Item| i.message().map(|m| m.date);
        date(b.1)
            .cmp(&date(a.1))
            .then(a.0.id.cmp(&b.0.id))
            .then(a.1.id.cmp(&b.1.id))
    });
    out
}

fn in_scope(mail: &MailboxStore, q: &MailQuery, f: &Folder) -> bool {
    // No folder, or "0" (the root): the whole mailbox.
    if q.folders.is_empty() || q.folders.contains(&0) {
        return true;
    }
    let mut id = f.id;
    // Walk up at most the depth of the hierarchy.
    for _ in 0..=mail.folders().len() {
        if q.folders.contains(&id) {
            return true;
        }
        if !q.deep || id == 0 {
            return false;
        }
        id = mail.folder(id).map_or(0, |p| p.parent);
    }
    false
}

fn item_matches(q: &MailQuery, item: &Item) -> bool {
    let Some(m) = item.message() else {
        return false;
    };
    if q.after.is_some_and(|t| m.date <= t) || q.before.is_some_and(|t| m.date >= t) {
        return false;
    }
    if q.words.is_empty() {
        return true;
    }
    let haystack = format!("{} {} {} {} {}", m.subject, m.from, m.to, m.cc, m.body).to_lowercase();
    let words: Vec<&str> = haystack
        .split(|c: char| !c.is_alphanumeric() && c != '@' && c != '.')
        .filter(|w| !w.is_empty())
        .collect();
    q.words
        .iter()
        .all(|needle| words.iter().any(|w| w.starts_with(needle.as_str())))
}

/// A client's `a-b` range: `None` when malformed or `a > b`.
pub(crate) fn parse_range(text: &str) -> Option<(usize, usize)> {
    let (a, b) = text.trim().split_once('-')?;
    let (a, b): (usize, usize) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a <= b).then_some((a, b))
}
