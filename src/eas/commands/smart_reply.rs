//! SmartReply (MS-ASCMD 2.2.1.20): replies to an item the server has, without the client sending the
//! original: the client's MIME carries the reply's recipients, subject and text, the server appends the
//! original body (unless ReplaceMime) and sends it as the authenticated mailbox. How the request is read and
//! the original found is `compose`'s, shared with SmartForward.

use crate::wbxml::Element;

use super::super::context::Cx;
use super::super::response::EasResponse;
use super::compose;

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>, mime: Option<&[u8]>) -> EasResponse {
    compose::run(cx, root, mime)
}
