//! ItemOperations (MS-ASCMD 2.2.1.10): Fetch of a mail item by CollectionId and ServerId, or by the LongId
//! a Search result carried (search:LongId), with the body in the preferred type. Attachments do not exist in the simulator (FileReference gets Status 15); other
//! operations get Status 2. A quarantined device gets Status 3, as Exchange answers it.

use crate::wbxml::Element;
use crate::wbxml::tags::{AirSync as A, AirSyncBase as B, ItemOperations as I, Search as Q};

use super::super::context::Cx;
use super::super::mail_store::SyncOptions;
use super::super::response::EasResponse;
use super::{email, pim};

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    if cx.quarantined() {
        return status(3);
    }
    let Some(root) = root else {
        return status(2);
    };
    let view = cx.view;
    let version = cx.req.version;
    let mail = cx.mail();
    let mut responses = Vec::new();
    for op in root.elements() {
        if !op.is(&I::Fetch) {
            return status(2);
        }
        if op.child(B::FileReference).is_some() {
            responses.push(fetch_status(op, 15));
            continue;
        }
        let collection = op.child_text(A::CollectionId).unwrap_or_default().trim();
        let server_id = op.child_text(A::ServerId).unwrap_or_default().trim();
        let long_id = op.child_text(Q::LongId).map(str::trim);
        let place = match long_id {
            Some(l) => email::parse_long_id(l),
            None => server_id.split_once(':').and_then(|(fid, iid)| {
                let folder = mail.folder_by_text(collection)?.id;
                (fid.parse::<u32>().ok()? == folder).then_some((folder, iid.parse().ok()?))
            }),
        };
        let item = place.and_then(|(fid, iid)| {
            let f = mail.folder(fid)?;
            let item = f.items.get(&iid)?;
            view.shows(f, item).then_some(item)
        });
        let Some(item) = item else {
            responses.push(fetch_status(op, 6));
            continue;
        };
        let mut opts = SyncOptions::default();
        if let Some(pref) = op
            .child(I::Options)
            .and_then(|o| o.child(B::BodyPreference))
        {
            opts.body_type = pref.child_text(B::Type).and_then(|t| t.trim().parse().ok());
            opts.truncation_size = pref
                .child_text(B::TruncationSize)
                .and_then(|t| t.trim().parse().ok());
        }
        let fetched = Element::new(I::Fetch).with_leaf(I::Status, "1");
        let fetched = match long_id {
            Some(l) => fetched.with_leaf(Q::LongId, l),
            None => fetched
                .with_leaf(A::CollectionId, collection)
                .with_leaf(A::ServerId, server_id),
        };
        responses.push(
            fetched
                .with_leaf(A::Class, pim::class(item))
                .with(Element::new(I::Properties).with_all(pim::properties(item, &opts, version))),
        );
    }
    let el = Element::new(I::ItemOperations)
        .with_leaf(I::Status, "1")
        .with(Element::new(I::Response).with_all(responses));
    EasResponse::wbxml(el, Some(1))
}

fn fetch_status(op: &Element, status: u16) -> Element {
    let mut el = Element::new(I::Fetch).with_leaf(I::Status, status.to_string());
    for tag in [A::CollectionId, A::ServerId] {
        if let Some(v) = op.child_text(tag) {
            el = el.with_leaf(tag, v);
        }
    }
    if let Some(v) = op.child_text(Q::LongId) {
        el = el.with_leaf(Q::LongId, v);
    }
    if let Some(v) = op.child_text(B::FileReference) {
        el = el.with_leaf(B::FileReference, v);
    }
    el
}

fn status(status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(I::ItemOperations).with_leaf(I::Status, status.to_string()),
        Some(status),
    )
}
