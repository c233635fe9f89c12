//! What SmartReply and SmartForward share: reading the request (ComposeMail WBXML from 14.0, the MIME body
//! with `CollectionId`/`ItemId`/`LongId`/`SaveInSent` in the query before), finding the original item, and
//! building the message that goes out: the client's MIME (its recipients and subject) with the original
//! message's body after the client's text, unless the client sent ReplaceMime.
//!
//! The checks are Exchange 2013's ([EX13] `Microsoft.Exchange.AirSync/SendMailBase.cs ParseXmlRequest`,
//! `GetSmartItemId`, `GetSmartItem`): neither ItemId nor LongId, or a LongId together with ItemId or
//! FolderId, is 105 InvalidCombinationOfIDs (HTTP 400); a LongId this server did not issue 106 InvalidIDs;
//! an item that is not there 150 ItemNotFound (HTTP 500); no FolderId means the Inbox. Exchange's
//! "Original Message" header block between the two bodies is not reproduced.

use crate::wbxml::Element;
use crate::wbxml::tags::ComposeMail as C;

use super::super::context::Cx;
use super::super::folder::INBOX;
use super::super::message::Message;
use super::super::request::ProtocolVersion;
use super::super::response::EasResponse;
use super::super::status::GlobalStatus;
use super::{email, send_mail};

/// A SmartReply or SmartForward as read from the request.
struct Smart {
    mime: Vec<u8>,
    save: bool,
    replace_mime: bool,
    folder: Option<String>,
    item: Option<String>,
    long_id: Option<String>,
}

fn read(cx: &Cx<'_>, root: Option<&Element>, raw: Option<&[u8]>) -> Result<Smart, EasResponse> {
    if cx.req.version < ProtocolVersion::V14_0 {
        let Some(mime) = raw.filter(|m| !m.is_empty()) else {
            return Err(cx.global(GlobalStatus::INVALID_CONTENT, 400));
        };
        return Ok(Smart {
            mime: mime.to_vec(),
            save: cx.req.save_in_sent,
            replace_mime: false,
            folder: cx.req.collection_id.clone(),
            item: cx.req.item_id.clone(),
            long_id: cx.req.long_id.clone(),
        });
    }
    let Some(root) = root else {
        return Err(cx.global(GlobalStatus::INVALID_CONTENT, 400));
    };
    let Some(mime) = root.child(C::Mime).and_then(Element::bytes) else {
        return Err(cx.global(GlobalStatus::INVALID_CONTENT, 400));
    };
    let source = root.child(C::Source);
    let text = |tag: C| source.and_then(|s| s.child_text(tag)).map(str::to_string);
    Ok(Smart {
        mime: mime.to_vec(),
        save: root.child(C::SaveInSentItems).is_some(),
        replace_mime: root.child(C::ReplaceMime).is_some(),
        folder: text(C::FolderId),
        item: text(C::ItemId),
        long_id: text(C::LongId),
    })
}

/// The original item's message, by FolderId + ItemId or LongId.
fn original(cx: &mut Cx<'_>, req: &Smart) -> Result<Message, EasResponse> {
    let (folder, item) = match (&req.long_id, &req.item) {
        (None, None) => return Err(cx.global(GlobalStatus::INVALID_COMBINATION_OF_IDS, 400)),
        (Some(_), Some(_)) => return Err(cx.global(GlobalStatus::INVALID_COMBINATION_OF_IDS, 400)),
        (Some(_), None) if req.folder.is_some() => {
            return Err(cx.global(GlobalStatus::INVALID_COMBINATION_OF_IDS, 400));
        }
        (Some(long), None) => match email::parse_long_id(long) {
            Some(ids) => ids,
            None => return Err(cx.global(GlobalStatus::INVALID_IDS, 500)),
        },
        (None, Some(item)) => {
            let folder = match &req.folder {
                Some(f) => f.trim().parse::<u32>().ok(),
                None => Some(INBOX),
            };
            let item = item
                .trim()
                .split_once(':')
                .filter(|(f, _)| f.parse::<u32>().ok() == folder)
                .and_then(|(_, i)| i.parse::<u32>().ok());
            match (folder, item) {
                (Some(f), Some(i)) => (f, i),
                _ => return Err(cx.global(GlobalStatus::ITEM_NOT_FOUND, 500)),
            }
        }
    };
    let view = cx.view;
    let found = cx.mail().folder(folder).and_then(|f| {
        let it = f.items.get(&item)?;
        view.shows(f, it).then(|| it.message().cloned()).flatten()
    });
    found.ok_or_else(|| cx.global(GlobalStatus::ITEM_NOT_FOUND, 500))
}

/// Runs a SmartReply or SmartForward.
pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>, raw: Option<&[u8]>) -> EasResponse {
    if cx.quarantined() {
        return cx.global(GlobalStatus::MAIL_SUBMISSION_FAILED, 500);
    }
    let req = match read(cx, root, raw) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let original = match original(cx, &req) {
        Ok(m) => m,
        Err(e) => return e,
    };
    let mut message = email::parse_mime(&req.mime, cx.now);
    if !req.replace_mime {
        combine(&mut message, &original);
    }
    send_mail::deliver(cx, message, req.save)
}

/// The client's text followed by the original body; HTML when the original is, with a plain client text
/// wrapped in PRE as Exchange does ([EX13] `SmartReplyCommand.cs ExecuteCommand`).
fn combine(message: &mut Message, original: &Message) {
    let client = std::mem::take(&mut message.body);
    if original.html && !message.html {
        let escaped = client
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        message.body = format!(
            "<PRE STYLE=\"word-wrap:break-word; font-size:10.0pt; font-family:Tahoma; color:black\">{escaped}</PRE>{}",
            original.body
        );
        message.html = true;
    } else {
        message.body = format!("{client}\r\n\r\n{}", original.body);
    }
    // The combined message is no longer the client's MIME: it is written afresh from its fields.
    message.mime = None;
}
