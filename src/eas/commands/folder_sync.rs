//! FolderSync (MS-ASCMD 2.2.1.5): the mailbox's folder hierarchy and its sync key. SyncKey 0 sends every
//! folder and issues a new key; the current key gets "no changes" (the standard hierarchy never changes);
//! any other key gets Status 9 so the client starts over. Quarantined devices see the full hierarchy too.
//! The new key goes on the request's working copy of the device's sync state, stored by the dispatcher.

use crate::wbxml::Element;
use crate::wbxml::tags::FolderHierarchy as F;

use super::super::context::Cx;
use super::super::response::{EasResponse, version_headers};

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let Some(key) = root
        .and_then(|r| r.child_text(F::SyncKey))
        .map(str::trim)
        .and_then(|k| k.parse::<u32>().ok())
    else {
        return status(10);
    };
    let accepted = cx.config.accepted_versions.clone();
    let current = cx.state().hierarchy_key();
    if key == 0 {
        let new_key = current + 1;
        let folders: Vec<Element> = cx
            .mail()
            .folders
            .iter()
            .map(|f| {
                Element::new(F::Add)
                    .with_leaf(F::ServerId, f.id.to_string())
                    .with_leaf(F::ParentId, f.parent.to_string())
                    .with_leaf(F::DisplayName, f.name)
                    .with_leaf(F::Type, (f.kind as u8).to_string())
            })
            .collect();
        let count = folders.len();
        // A new hierarchy sync invalidates the collections' sync state, as in Exchange.
        cx.state_mut().restart_hierarchy(new_key);
        cx.device_mut().number_of_folders_synced = count as u32;
        let el = Element::new(F::FolderSync)
            .with_leaf(F::Status, "1")
            .with_leaf(F::SyncKey, new_key.to_string())
            .with(
                Element::new(F::Changes)
                    .with_leaf(F::Count, count.to_string())
                    .with_all(folders),
            );
        let mut r = EasResponse::wbxml(el, Some(1));
        let headers = version_headers(&accepted);
        if let Some((_, versions)) = headers.first() {
            r.headers.push(("X-MS-RP", versions.clone()));
        }
        r.headers.extend(headers);
        return r;
    }
    if key != current {
        return status(9);
    }
    let el = Element::new(F::FolderSync)
        .with_leaf(F::Status, "1")
        .with_leaf(F::SyncKey, current.to_string())
        .with(Element::new(F::Changes).with_leaf(F::Count, "0"));
    EasResponse::wbxml(el, Some(1))
}

fn status(status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(F::FolderSync).with_leaf(F::Status, status.to_string()),
        Some(status),
    )
}
