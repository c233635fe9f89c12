//! FolderCreate (MS-ASCMD 2.2.1.3): a user folder in the mailbox's store, under the root or any folder. The
//! response carries the new hierarchy SyncKey and the folder's ServerId; the requesting device holds the
//! folder from then on, every other device of the mailbox gets it as an Add on its next FolderSync.
//!
//! Statuses as Exchange 2013 gives them ([EX13] `Microsoft.Exchange.AirSync/FolderCreateCommand.cs`): unknown
//! parent 5; a name the parent already has 2; a type that is not a user-created one 10, or 3 for the
//! special types (19 and up) from 14.0 on; empty name 10; wrong SyncKey 9; quarantined device 6
//! (`FolderCommand.HandleQuarantinedState`).

use crate::wbxml::Element;
use crate::wbxml::tags::FolderHierarchy as F;

use super::super::context::Cx;
use super::super::folder::FolderType;
use super::super::mail_store::FolderError;
use super::super::request::ProtocolVersion;
use super::super::response::EasResponse;
use super::hierarchy::{
    self, MALFORMED, NAME_EXISTS, PARENT_NOT_FOUND, SERVER_ERROR, SPECIAL_FOLDER, check_key,
    check_name, folder_id,
};

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let reply = |s| hierarchy::status(F::FolderCreate, s);
    if cx.quarantined() {
        return reply(SERVER_ERROR);
    }
    let Some(root) = root else {
        return reply(MALFORMED);
    };
    let current = match check_key(cx, root, F::FolderCreate) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let name = match check_name(root.child_text(F::DisplayName), F::FolderCreate) {
        Ok(n) => n.to_string(),
        Err(r) => return r,
    };
    let Some(parent) = folder_id(root.child_text(F::ParentId)) else {
        return reply(PARENT_NOT_FOUND);
    };
    let code = root
        .child_text(F::Type)
        .and_then(|t| t.trim().parse::<u8>().ok());
    let Some(kind) = code.and_then(FolderType::user_created) else {
        // 19 (recipient information cache) and the shared types 20–24 are special folders from 14.0 on
        // ([EX13] `FolderCreateCommand.IsValidSpecialFolderType`); anything else is malformed.
        let special = cx.req.version >= ProtocolVersion::V14_0
            && code.is_some_and(|c| (19..=24).contains(&c));
        return reply(if special { SPECIAL_FOLDER } else { MALFORMED });
    };
    let created = cx.mail().create_folder(parent, &name, kind);
    let id = match created {
        Ok(id) => id,
        Err(FolderError::NameTaken) => return reply(NAME_EXISTS),
        Err(_) => return reply(PARENT_NOT_FOUND),
    };
    let new_key = current + 1;
    let state = cx.state_mut();
    state.advance_hierarchy(new_key);
    state.know_folder(id, 1);
    cx.store.touch(cx.mailbox);
    EasResponse::wbxml(
        Element::new(F::FolderCreate)
            .with_leaf(F::Status, "1")
            .with_leaf(F::SyncKey, new_key.to_string())
            .with_leaf(F::ServerId, id.to_string()),
        Some(1),
    )
}
