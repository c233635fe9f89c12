//! FolderUpdate (MS-ASCMD 2.2.1.6): renames a user folder and/or moves it under another parent. The response
//! carries the new hierarchy SyncKey; the other devices of the mailbox get an Update on their next FolderSync.
//!
//! Statuses as Exchange 2013 gives them ([EX13] `Microsoft.Exchange.AirSync/FolderUpdateCommand.cs`): unknown
//! parent 5; unknown folder 4; a standard folder, a name the parent already has, or the folder under itself 2
//! (MS-ASCMD 2.2.3.177.6: "A folder with that name already exists or the specified folder is a special
//! folder"); empty name 10; wrong SyncKey 9; under one of its own subfolders 6 (the store refuses the move,
//! which Exchange reports as `UpdateFailed`); quarantined device 6.

use crate::wbxml::Element;
use crate::wbxml::tags::FolderHierarchy as F;

use super::super::context::Cx;
use super::super::mail_store::FolderError;
use super::super::response::EasResponse;
use super::hierarchy::{
    self, MALFORMED, NAME_EXISTS, NOT_FOUND, PARENT_NOT_FOUND, SERVER_ERROR, check_key, check_name,
    folder_id,
};

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let reply = |s| hierarchy::status(F::FolderUpdate, s);
    if cx.quarantined() {
        return reply(SERVER_ERROR);
    }
    let Some(root) = root else {
        return reply(MALFORMED);
    };
    let current = match check_key(cx, root, F::FolderUpdate) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let Some(parent) = folder_id(root.child_text(F::ParentId)) else {
        return reply(PARENT_NOT_FOUND);
    };
    let Some(id) = folder_id(root.child_text(F::ServerId)) else {
        return reply(NOT_FOUND);
    };
    let name = match check_name(root.child_text(F::DisplayName), F::FolderUpdate) {
        Ok(n) => n.to_string(),
        Err(r) => return r,
    };
    if parent == id {
        // Exchange resolves the parent first (unknown: 5), then refuses "UpdateUnderSelf" with 2.
        let exists = cx.mail().folder(id).is_some();
        return reply(if exists {
            NAME_EXISTS
        } else {
            PARENT_NOT_FOUND
        });
    }
    let updated = cx.mail().update_folder(id, parent, &name);
    match updated {
        Ok(()) => {}
        Err(FolderError::ParentNotFound) => return reply(PARENT_NOT_FOUND),
        Err(FolderError::NotFound) => return reply(NOT_FOUND),
        Err(FolderError::Special | FolderError::NameTaken) => return reply(NAME_EXISTS),
        Err(FolderError::Cycle) => return reply(SERVER_ERROR),
    }
    let version = cx.mail().folder(id).map_or(1, |f| f.version);
    let new_key = current + 1;
    let state = cx.state_mut();
    state.advance_hierarchy(new_key);
    state.know_folder(id, version);
    cx.store.touch(cx.mailbox);
    EasResponse::wbxml(
        Element::new(F::FolderUpdate)
            .with_leaf(F::Status, "1")
            .with_leaf(F::SyncKey, new_key.to_string()),
        Some(1),
    )
}
