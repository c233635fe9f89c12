//! MoveItems (MS-ASCMD 2.2.1.12): moves mail items between folders of the mailbox, one `Response` per `Move`
//! with the item's new ServerId. The source folder's devices see a Delete and the destination's an Add on
//! their next Sync (the store assigns the moved item a new id, as Exchange assigns a new ServerId).
//!
//! Per-item statuses as Exchange 2013 gives them ([EX13] `Microsoft.Exchange.AirSync/MoveItemsCommand.cs
//! ValidateItem`, MS-ASCMD 2.2.3.177.10): 3 success; 1 unknown source folder or item, or the item is not in
//! that folder; 2 unknown destination; 4 source and destination are the same; 5 the same item twice in one
//! request. No `Move`, 1000 or more of them, or one missing SrcMsgId/SrcFldId/DstFldId is 103 InvalidXML.
//! Exchange answers a quarantined device with Status 5 ([EX13] `MoveItemsCommand.HandleQuarantinedState`);
//! here each `Response` carries it with its SrcMsgId, as MoveItemsResponse.xsd requires.
//!
//! The simulator keeps only mail, so a destination that is not a mail folder (calendar, contacts, tasks,
//! notes, journal) is refused with 5, the status Exchange gives a move the store does not carry out.

use crate::wbxml::Element;
use crate::wbxml::tags::Move as M;

use super::super::context::Cx;
use super::super::response::EasResponse;
use super::super::status::GlobalStatus;

/// Exchange's `MaxNoOfItemsMove` default: a request with this many moves or more is refused
/// ([EX13] `Microsoft.Exchange.AirSync/GlobalSettingsSchema.cs`).
const MAX_MOVES: usize = 1000;

const INVALID_SOURCE: u16 = 1;
const INVALID_DESTINATION: u16 = 2;
const SUCCESS: u16 = 3;
const SAME_FOLDER: u16 = 4;
const FAILED: u16 = 5;

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let Some(root) = root else {
        return cx.global(GlobalStatus::INVALID_XML, 500);
    };
    // Read the whole request first: a malformed one changes nothing.
    let mut moves = Vec::new();
    for m in root.children_named(M::Move) {
        let fields = (
            m.child_text(M::SrcMsgId),
            m.child_text(M::SrcFldId),
            m.child_text(M::DstFldId),
        );
        let (Some(item), Some(src), Some(dst)) = fields else {
            return cx.global(GlobalStatus::INVALID_XML, 500);
        };
        moves.push((
            item.to_string(),
            src.trim().to_string(),
            dst.trim().to_string(),
        ));
    }
    if moves.is_empty() || moves.len() >= MAX_MOVES {
        return cx.global(GlobalStatus::INVALID_XML, 500);
    }
    let quarantined = cx.quarantined();
    let mail = cx.mail();
    // Validate every Move against the store as it is, then carry out the valid ones, as Exchange does
    // (`ParseXmlRequest` → `ValidateItem` for all, then `ProcessCommand`). Its answer lists the refusals as
    // they are found and the moves after them; so does this one.
    let mut failures = Vec::new();
    let mut valid: Vec<(&str, u32, u32, u32)> = Vec::new();
    for (item_text, src_text, dst_text) in &moves {
        let status = if quarantined {
            FAILED
        } else {
            let src = mail.folder_by_text(src_text).map(|f| f.id);
            let dst = mail.folder_by_text(dst_text).map(|f| (f.id, f.kind));
            let item = src.and_then(|src| {
                let (f, i) = item_text.trim().split_once(':')?;
                (f.parse::<u32>().ok()? == src).then_some(())?;
                let id = i.parse::<u32>().ok()?;
                mail.folder(src)?.items.contains_key(&id).then_some(id)
            });
            match (src, item, dst) {
                (None, _, _) | (_, None, _) => INVALID_SOURCE,
                (_, _, None) => INVALID_DESTINATION,
                (Some(s), _, Some((d, _))) if s == d => SAME_FOLDER,
                _ if valid.iter().any(|v| v.0 == item_text.as_str()) => FAILED,
                (_, _, Some((_, kind))) if !kind.is_mail() => FAILED,
                // Calendar, contact and task items stay in their class's folders.
                (Some(s), _, _) if !mail.folder(s).is_some_and(|f| f.kind.is_mail()) => FAILED,
                (Some(s), Some(i), Some((d, _))) => {
                    valid.push((item_text, s, i, d));
                    continue;
                }
            }
        };
        failures.push(response(item_text, status, None));
    }
    let mut responses = failures;
    let mut moved_any = false;
    for (item_text, src, item, dst) in valid {
        match mail.move_item(src, item, dst) {
            Some(new_id) => {
                moved_any = true;
                responses.push(response(
                    item_text,
                    SUCCESS,
                    Some(format!("{dst}:{new_id}")),
                ));
            }
            None => responses.push(response(item_text, FAILED, None)),
        }
    }
    if moved_any {
        mail.mark_dirty();
        cx.store.touch(cx.mailbox);
    }
    EasResponse::wbxml(Element::new(M::MoveItems).with_all(responses), None)
}

fn response(item: &str, status: u16, dst: Option<String>) -> Element {
    let el = Element::new(M::Response)
        .with_leaf(M::SrcMsgId, item)
        .with_leaf(M::Status, status.to_string());
    match dst {
        Some(d) => el.with_leaf(M::DstMsgId, d),
        None => el,
    }
}
