//! SmartForward (MS-ASCMD 2.2.1.19): forwards an item the server has: the client's MIME names the new
//! recipients and carries the covering text, the server appends the original body (unless ReplaceMime) and
//! sends it as the authenticated mailbox. From 16.0 a request with Mime may not also carry the 16.0 calendar
//! forwarding elements (Forwardees, airsyncbase:Body): 178 InvalidMimeBodyCombination ([EX13]
//! `Microsoft.Exchange.AirSync/SmartForwardCommand.cs ParseXmlRequest`). Forwarding without Mime is for
//! calendar items, which the simulator does not hold.

use crate::wbxml::Element;
use crate::wbxml::tags::{AirSyncBase as B, ComposeMail as C};

use super::super::context::Cx;
use super::super::request::ProtocolVersion;
use super::super::response::EasResponse;
use super::super::status::GlobalStatus;
use super::compose;

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>, mime: Option<&[u8]>) -> EasResponse {
    if cx.req.version >= ProtocolVersion::V16_0
        && let Some(root) = root
        && root.child(C::Mime).is_some()
        && (root.child(C::Forwardees).is_some() || root.child(B::Body).is_some())
    {
        return cx.global(GlobalStatus::INVALID_MIME_BODY_COMBINATION, 500);
    }
    compose::run(cx, root, mime)
}
