//! FolderSync (MS-ASCMD 2.2.1.5): the mailbox's folder hierarchy and its sync key. SyncKey 0 sends every
//! folder and issues a new key; the current key gets what changed since (folders created, renamed, moved or
//! deleted by another device of the mailbox) under a new key, or "no changes" under the same one; any other
//! key gets Status 9 so the client starts over. Quarantined devices see the full hierarchy too.
//!
//! What each device holds is remembered per folder (id → version) on the request's working copy of its sync
//! state, stored by the dispatcher, so every device of a mailbox sees every change once.

use crate::wbxml::Element;
use crate::wbxml::tags::FolderHierarchy as F;

use super::super::context::Cx;
use super::super::mail_store::FolderChange;
use super::super::response::{EasResponse, version_headers};
use super::hierarchy::{self, BAD_SYNC_KEY, MALFORMED, folder_entry};

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let Some(key) = root
        .and_then(|r| r.child_text(F::SyncKey))
        .map(str::trim)
        .and_then(|k| k.parse::<u32>().ok())
    else {
        return hierarchy::status(F::FolderSync, MALFORMED);
    };
    let accepted = cx.config.accepted_versions.clone();
    let current = cx.state().hierarchy_key();
    if key == 0 {
        let new_key = current + 1;
        let (mail, state) = cx.mail_and_state();
        // A new hierarchy sync invalidates the collections' sync state, as in Exchange.
        state.restart_hierarchy(new_key);
        let mut adds = Vec::with_capacity(mail.folders().len());
        for f in mail.folders() {
            state.know_folder(f.id, f.version);
            adds.push(folder_entry(F::Add, f));
        }
        let count = adds.len();
        cx.device_mut().number_of_folders_synced = count as u32;
        let mut r = EasResponse::wbxml(response(new_key, adds), Some(1));
        let headers = version_headers(&accepted);
        if let Some((_, versions)) = headers.first() {
            r.headers.push(("X-MS-RP", versions.clone()));
        }
        r.headers.extend(headers);
        return r;
    }
    if key != current {
        return hierarchy::status(F::FolderSync, BAD_SYNC_KEY);
    }
    let (mail, state) = cx.mail_and_state();
    let changes = mail.hierarchy_changes(state.known_folders());
    if changes.is_empty() {
        return EasResponse::wbxml(response(current, Vec::new()), Some(1));
    }
    let new_key = current + 1;
    let mut entries = Vec::with_capacity(changes.len());
    for change in changes {
        match change {
            FolderChange::Add(id) | FolderChange::Update(id) => {
                let f = mail
                    .folder(id)
                    .expect("hierarchy_changes lists only existing folders for Add and Update");
                state.know_folder(id, f.version);
                let tag = match change {
                    FolderChange::Add(_) => F::Add,
                    _ => F::Update,
                };
                entries.push(folder_entry(tag, f));
            }
            FolderChange::Delete(id) => {
                state.forget_folder(id);
                entries.push(Element::new(F::Delete).with_leaf(F::ServerId, id.to_string()));
            }
        }
    }
    state.advance_hierarchy(new_key);
    EasResponse::wbxml(response(new_key, entries), Some(1))
}

fn response(key: u32, entries: Vec<Element>) -> Element {
    Element::new(F::FolderSync)
        .with_leaf(F::Status, "1")
        .with_leaf(F::SyncKey, key.to_string())
        .with(
            Element::new(F::Changes)
                .with_leaf(F::Count, entries.len().to_string())
                .with_all(entries),
        )
}
