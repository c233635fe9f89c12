//! What FolderSync, FolderCreate, FolderUpdate and FolderDelete share: the FolderHierarchy status codes, a
//! folder as an Add/Update entry, and the SyncKey check a folder command makes before it changes anything.
//!
//! Status codes are Exchange's `FolderCmd_*` ([EX13] `Microsoft.Exchange.AirSync/StatusCode.cs`), which are
//! MS-ASCMD 2.2.3.177.3/.4/.6's: 1 success, 2 name exists (or special folder, for FolderUpdate), 3 special
//! folder, 4 folder not found, 5 parent not found, 6 server error, 9 bad SyncKey, 10 malformed request.

use crate::wbxml::tags::FolderHierarchy as F;
use crate::wbxml::{Element, Tag};

use super::super::context::Cx;
use super::super::mail_store::Folder;
use super::super::response::EasResponse;

pub(crate) const NAME_EXISTS: u16 = 2;
pub(crate) const SPECIAL_FOLDER: u16 = 3;
pub(crate) const NOT_FOUND: u16 = 4;
pub(crate) const PARENT_NOT_FOUND: u16 = 5;
pub(crate) const SERVER_ERROR: u16 = 6;
pub(crate) const BAD_SYNC_KEY: u16 = 9;
pub(crate) const MALFORMED: u16 = 10;

/// A folder as a FolderSync `Add` or `Update`: ServerId, ParentId, DisplayName, Type, in that order.
pub(crate) fn folder_entry(tag: F, f: &Folder) -> Element {
    Element::new(tag)
        .with_leaf(F::ServerId, f.id.to_string())
        .with_leaf(F::ParentId, f.parent.to_string())
        .with_leaf(F::DisplayName, &f.name)
        .with_leaf(F::Type, (f.kind as u8).to_string())
}

/// `<Root><Status>N</Status></Root>`.
pub(crate) fn status(root: impl Into<Tag>, status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(root).with_leaf(F::Status, status.to_string()),
        Some(status),
    )
}

/// The SyncKey a folder command must carry: the device's current hierarchy key. Exchange refuses 0, an
/// unparsable key and any other key with 9 ([EX13] `FolderCommand.cs ParseRequest`, `ExecuteCommand`); a
/// missing one fails its schema check, 10.
pub(crate) fn check_key(cx: &Cx<'_>, root: &Element, tag: F) -> Result<u32, EasResponse> {
    let Some(text) = root.child_text(F::SyncKey) else {
        return Err(status(tag, MALFORMED));
    };
    let current = cx.state().hierarchy_key();
    match text.trim().parse::<u32>() {
        Ok(key) if key != 0 && key == current => Ok(current),
        _ => Err(status(tag, BAD_SYNC_KEY)),
    }
}

/// A folder name Exchange accepts: not empty or blank ([EX13] `FolderCommand.IsEmptyOrWhiteSpacesOnly`: 10),
/// and not made only of `\` and `/` (`FolderCommand.ParseRequest`: 2).
pub(crate) fn check_name(name: Option<&str>, tag: F) -> Result<&str, EasResponse> {
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return Err(status(tag, MALFORMED));
    };
    if name.chars().all(|c| c == '\\' || c == '/') {
        return Err(status(tag, NAME_EXISTS));
    }
    Ok(name)
}

/// Parses a folder ServerId or ParentId ("0" is the root).
pub(crate) fn folder_id(text: Option<&str>) -> Option<u32> {
    text.and_then(|t| t.trim().parse().ok())
}
