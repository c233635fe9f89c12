//! Search (MS-ASCMD 2.2.1.16): the GAL store (the tenant's directory, by ambiguous name resolution) and the
//! Mailbox store (the user's mail, by free text and DateReceived bounds), with Range and Total.
//!
//! As Exchange 2013 does it ([EX13] `Microsoft.Exchange.AirSync/SearchCommand.cs`, `GalSearchProvider.cs`,
//! `MailboxSearchProvider.cs`): the answer is `Search{Status 1, Response{Store{Status, Result*, Range?,
//! Total?}}}`, errors in the Store Status: 2 for an unknown store name, a malformed query or range, 3 for a
//! quarantined device, 11 (FolderSync needed) for a folder the device does not have, 12 for a range past
//! the last retrievable result. No match is one empty `Result`. Range and Total are sent only when the
//! client asked for a range and something was found. GAL: at most 100 entries (`MaxGALSearchResults`), a
//! query of fewer than 4 characters finds nothing (`MinGALSearchLength`); properties are the entry's
//! DisplayName, Alias and EmailAddress. Mailbox: at most 100 results (`MaxMailboxSearchResults`), newest
//! first, each with Class, LongId, CollectionId and the item's email properties.
//!
//! Document libraries (UNC, SharePoint) do not exist in the simulator: that store name gets 2 like any
//! other unknown one.

use crate::model::Timestamp;
use crate::wbxml::Element;
use crate::wbxml::tags::{AirSync as A, AirSyncBase as B, Email as E, Search as Q};

use super::super::context::Cx;
use super::super::mail_store::SyncOptions;
use super::super::response::EasResponse;
use super::mail_query::{self, MailQuery};
use super::{directory, email};

/// [EX13] `GlobalSettingsSchema.cs`: MaxGALSearchResults and MaxMailboxSearchResults, both 100.
const MAX_GAL_RESULTS: usize = 100;
const MAX_MAILBOX_RESULTS: usize = 100;

const PROTOCOL_ERROR: u16 = 2;
const SERVER_ERROR: u16 = 3;
const FOLDER_SYNC_NEEDED: u16 = 11;
const END_OF_RANGE: u16 = 12;

fn store_status(status: u16) -> EasResponse {
    wrap(
        Element::new(Q::Store).with_leaf(Q::Status, status.to_string()),
        status,
    )
}

fn wrap(store: Element, status: u16) -> EasResponse {
    let el = Element::new(Q::Search)
        .with_leaf(Q::Status, "1")
        .with(Element::new(Q::Response).with(store));
    EasResponse::wbxml(el, Some(status))
}

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    if cx.quarantined() {
        return store_status(SERVER_ERROR);
    }
    let Some(store) = root.and_then(|r| r.child(Q::Store)) else {
        return store_status(PROTOCOL_ERROR);
    };
    let name = store
        .child_text(Q::Name)
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    let options = store.child(Q::Options);
    let range = match options.and_then(|o| o.child_text(Q::Range)) {
        Some(text) => match mail_query::parse_range(text) {
            Some(r) => Some(r),
            None => return store_status(PROTOCOL_ERROR),
        },
        None => None,
    };
    match name.as_str() {
        "gal" => gal(cx, store, range),
        "mailbox" => mailbox(cx, store, options, range),
        _ => store_status(PROTOCOL_ERROR),
    }
}

/// The Store element of a successful search: Status, the results (or one empty Result), Range and Total.
fn results(
    status: u16,
    found: Vec<Element>,
    first: usize,
    total: usize,
    ranged: bool,
) -> EasResponse {
    let mut store = Element::new(Q::Store).with_leaf(Q::Status, status.to_string());
    let n = found.len();
    if n == 0 {
        store.push(Element::new(Q::Result));
    } else {
        store = store.with_all(found);
        if ranged {
            store = store
                .with_leaf(Q::Range, format!("{first}-{}", first + n - 1))
                .with_leaf(Q::Total, total.to_string());
        }
    }
    wrap(store, status)
}

fn gal(cx: &mut Cx<'_>, store: &Element, range: Option<(usize, usize)>) -> EasResponse {
    // The query is plain text of 1 to 256 characters (GalSearchProvider.ParseQueryNode).
    let Some(query) = store.child(Q::Query).and_then(Element::text) else {
        return store_status(PROTOCOL_ERROR);
    };
    let len = query.chars().count();
    if len == 0 || len > 256 {
        return store_status(PROTOCOL_ERROR);
    }
    let (first, last) = range.unwrap_or((0, MAX_GAL_RESULTS));
    let found = if first < MAX_GAL_RESULTS && directory::long_enough(query) {
        directory::resolve(cx.tenant, query, MAX_GAL_RESULTS)
    } else {
        Vec::new()
    };
    let page: Vec<Element> = found
        .iter()
        .skip(first)
        .take(last + 1 - first)
        .map(|&id| {
            Element::new(Q::Result).with(
                Element::new(Q::Properties).with_all(directory::gal_properties(cx.tenant, id)),
            )
        })
        .collect();
    results(1, page, first, found.len(), range.is_some())
}

/// Reads a Mailbox query: `And{airsync:Class?, airsync:CollectionId*, FreeText?, GreaterThan?, LessThan?}`.
fn mail_query(query: &Element, deep: bool) -> Option<MailQuery> {
    let and = query.child(Q::And)?;
    let mut q = MailQuery {
        deep,
        ..MailQuery::default()
    };
    for el in and.elements() {
        if el.is(&A::Class) {
            continue;
        } else if el.is(&A::CollectionId) {
            q.folders.push(el.text()?.trim().parse().ok()?);
        } else if el.is(&Q::FreeText) {
            q.free_text(el.text()?);
        } else if el.is(&Q::GreaterThan) || el.is(&Q::LessThan) {
            el.child(E::DateReceived)?;
            let t = Timestamp::parse(el.child_text(Q::Value)?)?;
            if el.is(&Q::GreaterThan) {
                q.after = Some(t);
            } else {
                q.before = Some(t);
            }
        } else {
            return None;
        }
    }
    Some(q)
}

fn mailbox(
    cx: &mut Cx<'_>,
    store: &Element,
    options: Option<&Element>,
    range: Option<(usize, usize)>,
) -> EasResponse {
    let deep = options.is_some_and(|o| o.child(Q::DeepTraversal).is_some());
    let Some(q) = store
        .child(Q::Query)
        .and_then(|query| mail_query(query, deep))
    else {
        return store_status(PROTOCOL_ERROR);
    };
    // A device that never synced its hierarchy, or names a folder that is not there, must FolderSync.
    if cx.state().hierarchy_key() == 0 {
        return store_status(FOLDER_SYNC_NEEDED);
    }
    let mut opts = SyncOptions::default();
    if let Some(pref) = options.and_then(|o| o.child(B::BodyPreference)) {
        opts.body_type = pref.child_text(B::Type).and_then(|t| t.trim().parse().ok());
        opts.truncation_size = pref
            .child_text(B::TruncationSize)
            .and_then(|t| t.trim().parse().ok());
    }
    let (first, last) = range.unwrap_or((0, MAX_MAILBOX_RESULTS - 1));
    let view = cx.view;
    let mail = cx.mail();
    if !mail_query::folders_exist(mail, &q) {
        return store_status(FOLDER_SYNC_NEEDED);
    }
    let found = mail_query::matches(mail, &q, view);
    let total = found.len().min(MAX_MAILBOX_RESULTS);
    let last = last.min(MAX_MAILBOX_RESULTS - 1);
    let page: Vec<Element> = found
        .iter()
        .take(total)
        .skip(first)
        .take((last + 1).saturating_sub(first))
        .map(|(f, item)| {
            Element::new(Q::Result)
                .with_leaf(A::Class, "Email")
                .with_leaf(Q::LongId, email::long_id(f.id, item.id))
                .with_leaf(A::CollectionId, f.id.to_string())
                .with(Element::new(Q::Properties).with_all(email::properties(item, &opts)))
        })
        .collect();
    // Past the retrievable range, or a page that reaches its end while more matched: 12
    // (MailboxSearchProvider.BuildResponse).
    let status = if (page.is_empty() && first >= MAX_MAILBOX_RESULTS)
        || (!page.is_empty() && first + page.len() == MAX_MAILBOX_RESULTS && found.len() > total)
    {
        END_OF_RANGE
    } else {
        1
    };
    results(status, page, first, total, range.is_some())
}
