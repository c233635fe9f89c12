//! FolderDelete (MS-ASCMD 2.2.1.4): deletes a user folder with its subfolders and their items. The response
//! carries the new hierarchy SyncKey; the other devices of the mailbox get a Delete on their next FolderSync,
//! and the requesting device forgets its sync state for every folder removed.
//!
//! Statuses as Exchange 2013 gives them ([EX13] `Microsoft.Exchange.AirSync/FolderDeleteCommand.cs`): unknown
//! folder 4; a standard (default) folder 3; wrong SyncKey 9; quarantined device 6.

use crate::wbxml::Element;
use crate::wbxml::tags::FolderHierarchy as F;

use super::super::context::Cx;
use super::super::mail_store::FolderError;
use super::super::response::EasResponse;
use super::hierarchy::{
    self, MALFORMED, NOT_FOUND, SERVER_ERROR, SPECIAL_FOLDER, check_key, folder_id,
};

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let reply = |s| hierarchy::status(F::FolderDelete, s);
    if cx.quarantined() {
        return reply(SERVER_ERROR);
    }
    let Some(root) = root else {
        return reply(MALFORMED);
    };
    let current = match check_key(cx, root, F::FolderDelete) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let Some(id) = folder_id(root.child_text(F::ServerId)) else {
        return reply(NOT_FOUND);
    };
    let deleted = cx.mail().delete_folder(id);
    let removed = match deleted {
        Ok(removed) => removed,
        Err(FolderError::Special) => return reply(SPECIAL_FOLDER),
        Err(_) => return reply(NOT_FOUND),
    };
    let new_key = current + 1;
    let state = cx.state_mut();
    state.advance_hierarchy(new_key);
    for id in removed {
        state.forget_folder(id);
    }
    cx.store.touch(cx.mailbox);
    EasResponse::wbxml(
        Element::new(F::FolderDelete)
            .with_leaf(F::Status, "1")
            .with_leaf(F::SyncKey, new_key.to_string()),
        Some(1),
    )
}
