//! Find (MS-ASCMD 2.2.1.2, protocol 16.1 only): free-text search of the mailbox (MailBoxSearchCriterion) or
//! the directory (GALSearchCriterion), one page per request by Range, with Total.
//!
//! The answer is `Find{Status, Response{itemoperations:Store, Status, Result*, Range, Total}}`
//! (MS-ASCMD 6.8 "Find Response Schema"); Status 1 is success, and a request the server cannot read (no
//! SearchId, no ExecuteSearch with exactly one criterion, no Query, a malformed Range, a GAL query that is
//! not 4 to 256 characters, or a folder that is not there) gets Status 2 with no Response. Mailbox results
//! carry Class, ServerId, CollectionId and Properties (Subject, DateReceived, DisplayTo, DisplayCc,
//! Importance, Read, IsDraft, Preview, HasAttachments, From), newest first; GAL results carry the entry's GAL
//! properties only: a directory entry has no ServerId or CollectionId, and Exchange sends none ("GAL results
//! have neither", pyactivesync 0.17.0 `models.py FindItem`, a client written against Exchange Online;
//! MS-ASCMD's schema marks them required without a GAL case). Find does not exist before 16.1 (MS-ASCMD 2.2.1.2
//! protocol versions): older requests get 137 CommandNotSupported, like any command the version lacks.
//!
//! Ranges are capped at 0-999, the most pyactivesync and MS-ASCMD's Range (3 digits) allow.

use crate::wbxml::Element;
use crate::wbxml::tags::{AirSync as A, Email as E, Email2 as E2, Find as F, ItemOperations as I};

use super::super::context::Cx;
use super::super::request::ProtocolVersion;
use super::super::response::EasResponse;
use super::super::status::GlobalStatus;
use super::directory;
use super::email::eas_date;
use super::mail_query::{self, MailQuery};

const INVALID: u16 = 2;
/// How much of a body Preview carries (MS-ASAIRS Preview: at most 255 characters).
const PREVIEW_CHARS: usize = 255;

fn status(s: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(F::Find).with_leaf(F::Status, s.to_string()),
        Some(s),
    )
}

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    if cx.req.version < ProtocolVersion::V16_1 {
        return cx.global(GlobalStatus::COMMAND_NOT_SUPPORTED, 501);
    }
    let Some(root) = root else {
        return status(INVALID);
    };
    let Some(execute) = root.child(F::ExecuteSearch).filter(|_| {
        root.child_text(F::SearchId)
            .is_some_and(|s| !s.trim().is_empty())
    }) else {
        return status(INVALID);
    };
    let criteria: Vec<&Element> = execute.elements().collect();
    let [criterion] = criteria.as_slice() else {
        return status(INVALID);
    };
    let options = criterion.child(F::Options);
    let range = match options.and_then(|o| o.child_text(F::Range)) {
        Some(text) => match mail_query::parse_range(text).filter(|&(_, b)| b <= 999) {
            Some(r) => r,
            None => return status(INVALID),
        },
        None => (0, 99),
    };
    let Some(query) = criterion.child(F::Query) else {
        return status(INVALID);
    };
    if criterion.is(&F::GALSearchCriterion) {
        gal(cx, query, range)
    } else if criterion.is(&F::MailBoxSearchCriterion) {
        let deep = options.is_some_and(|o| o.child(F::DeepTraversal).is_some());
        mailbox(cx, query, deep, range)
    } else {
        status(INVALID)
    }
}

fn answer(store: &str, results: Vec<Element>, first: usize, total: usize) -> EasResponse {
    let n = results.len();
    let mut response = Element::new(F::Response)
        .with_leaf(I::Store, store)
        .with_leaf(F::Status, "1")
        .with_all(results);
    if n > 0 {
        response = response.with_leaf(F::Range, format!("{first}-{}", first + n - 1));
    }
    response = response.with_leaf(F::Total, total.to_string());
    EasResponse::wbxml(
        Element::new(F::Find)
            .with_leaf(F::Status, "1")
            .with(response),
        Some(1),
    )
}

fn gal(cx: &mut Cx<'_>, query: &Element, (first, last): (usize, usize)) -> EasResponse {
    let text = query
        .text()
        .map(str::to_string)
        .or_else(|| query.child_text(F::FreeText).map(str::to_string));
    let Some(text) = text.filter(|t| (4..=256).contains(&t.chars().count())) else {
        return status(INVALID);
    };
    let found = directory::resolve(cx.tenant, &text, last + 1);
    let page: Vec<Element> = found
        .iter()
        .skip(first)
        .map(|&id| {
            Element::new(F::Result).with(
                Element::new(F::Properties).with_all(directory::gal_properties(cx.tenant, id)),
            )
        })
        .collect();
    answer("GAL", page, first, found.len())
}

fn mailbox(
    cx: &mut Cx<'_>,
    query: &Element,
    deep: bool,
    (first, last): (usize, usize),
) -> EasResponse {
    let mut q = MailQuery {
        deep,
        ..MailQuery::default()
    };
    let Some(free) = query
        .child_text(F::FreeText)
        .filter(|t| !t.trim().is_empty())
    else {
        return status(INVALID);
    };
    q.free_text(free);
    if let Some(id) = query.child_text(A::CollectionId) {
        match id.trim().parse() {
            Ok(id) => q.folders.push(id),
            Err(_) => return status(INVALID),
        }
    }
    let view = cx.view;
    let mail = cx.mail();
    if !mail_query::folders_exist(mail, &q) {
        return status(INVALID);
    }
    let found = mail_query::matches(mail, &q, view);
    let page: Vec<Element> = found
        .iter()
        .skip(first)
        .take(last + 1 - first)
        .filter_map(|(f, item)| {
            let m = item.message()?;
            let preview: String = m.body.chars().take(PREVIEW_CHARS).collect();
            let props = Element::new(F::Properties)
                .with_leaf(E::Subject, &m.subject)
                .with_leaf(E::DateReceived, eas_date(m.date))
                .with_leaf(E::DisplayTo, &m.to)
                .with_leaf(F::DisplayCc, &m.cc)
                .with_leaf(E::Importance, m.importance.to_string())
                .with_leaf(E::Read, if item.read { "1" } else { "0" })
                .with_leaf(
                    E2::IsDraft,
                    if f.kind == super::super::folder::FolderType::Drafts {
                        "1"
                    } else {
                        "0"
                    },
                )
                .with_leaf(F::Preview, preview)
                .with_leaf(F::HasAttachments, "0")
                .with_leaf(E::From, &m.from);
            let result = Element::new(F::Result)
                .with_leaf(A::Class, "Email")
                .with_leaf(A::ServerId, format!("{}:{}", f.id, item.id))
                .with_leaf(A::CollectionId, f.id.to_string())
                .with(props);
            Some(result)
        })
        .collect();
    answer("Mailbox", page, first, found.len())
}
