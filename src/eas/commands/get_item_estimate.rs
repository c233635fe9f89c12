//! GetItemEstimate (MS-ASCMD 2.2.1.9): how many changes the device's next Sync of each collection would
//! bring, in the device's view. Status 2 for an unknown collection, 3 when the collection was never primed
//! (SyncKey 0), 4 for a SyncKey the device does not hold.

use crate::wbxml::Element;
use crate::wbxml::tags::{AirSync as A, GetItemEstimate as G};

use super::super::context::Cx;
use super::super::mail_store;
use super::super::response::EasResponse;

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let Some(collections) = root.and_then(|r| r.child(G::Collections)) else {
        return status(2);
    };
    let view = cx.view;
    let now = cx.now;
    // An estimate counts a Calendar, Contacts or Tasks folder's generated items as its first Sync sends them.
    for c in collections.children_named(G::Collection) {
        if let Some(id) = c
            .child_text(G::CollectionId)
            .and_then(|id| id.trim().parse::<u32>().ok())
        {
            cx.fill(id);
        }
    }
    let (mail, device) = cx.mail_with_state();
    let mut responses = Vec::new();
    for c in collections.children_named(G::Collection) {
        let id = c
            .child_text(G::CollectionId)
            .unwrap_or_default()
            .trim()
            .to_string();
        let key = c
            .child_text(A::SyncKey)
            .and_then(|k| k.trim().parse::<u32>().ok());
        let Some(folder) = mail.folder_by_text(&id) else {
            responses.push(response(&id, 2, None));
            continue;
        };
        let state = device.collection(folder.id);
        let (status, estimate) = match (key, state) {
            (Some(0), _) | (_, None) => (3, None),
            (Some(k), Some(s)) if k == s.key => {
                let filter = c
                    .child(A::Options)
                    .and_then(|o| o.child_text(A::FilterType))
                    .and_then(|f| f.trim().parse().ok())
                    .unwrap_or(s.options.filter_type);
                let min_date = super::sync::min_date(filter, now);
                let n = mail_store::diff(folder, &s.known, view, min_date).len();
                (1, Some(n))
            }
            _ => (4, None),
        };
        responses.push(response(&id, status, estimate));
    }
    if responses.is_empty() {
        return status(2);
    }
    EasResponse::wbxml(
        Element::new(G::GetItemEstimate).with_all(responses),
        Some(1),
    )
}

fn response(id: &str, status: u16, estimate: Option<usize>) -> Element {
    let mut collection = Element::new(G::Collection).with_leaf(G::CollectionId, id);
    if let Some(n) = estimate {
        collection = collection.with_leaf(G::Estimate, n.to_string());
    }
    Element::new(G::Response)
        .with_leaf(G::Status, status.to_string())
        .with(collection)
}

fn status(status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(G::GetItemEstimate)
            .with(Element::new(G::Response).with_leaf(G::Status, status.to_string())),
        Some(status),
    )
}
