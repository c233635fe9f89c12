//! A request body made ready before the server takes its lock: checked against the request limits on the raw
//! bytes (`limits`), then decoded into the tree the command reads, within the same WBXML limits. Whatever the
//! body holds, the work done here is bounded by those limits, and none of it is done under the lock.
//!
//! The body says only what it is; what to answer and when (before or after the access decision) is `dispatch`'s.

use crate::wbxml::{self, Element};

use super::context::EasConfig;
use super::limits::{self, Refusal};
use super::request::EasRequest;
use super::response::{EasResponse, root_tag};
use super::status::GlobalStatus;

/// A body ready for `dispatch::handle_prepared`.
#[derive(Debug)]
pub enum Body<'b> {
    /// No body.
    None,
    /// A WBXML body whose root is the command's.
    Wbxml(Element),
    /// The raw body of a command that has no WBXML form (a pre-14.0 SendMail's MIME).
    Mime(&'b [u8]),
    /// Not WBXML as EAS sends it (102), past the document limits (102), or the wrong root (103).
    Malformed(GlobalStatus),
    /// Past one of Exchange's caps: the answer the command gives instead of running.
    OverCap(EasResponse),
}

/// Checks and decodes `bytes` for `req` (pure, and bounded by `config.limits` whatever `bytes` holds).
pub fn prepare<'b>(req: &EasRequest, bytes: &'b [u8], config: &EasConfig) -> Body<'b> {
    if bytes.is_empty() {
        return Body::None;
    }
    let Some(root) = root_tag(req.command, req.version) else {
        return Body::Mime(bytes);
    };
    match limits::check(req, bytes, &config.limits) {
        Ok(()) => {}
        Err(Refusal::Malformed) => return Body::Malformed(GlobalStatus::INVALID_WBXML),
        Err(Refusal::OverCap(response)) => return Body::OverCap(response),
    }
    let doc = match wbxml::decode_with(bytes, &config.limits.wbxml) {
        Ok(doc) => doc,
        Err(_) => return Body::Malformed(GlobalStatus::INVALID_WBXML),
    };
    if doc.root.tag() != root {
        return Body::Malformed(GlobalStatus::INVALID_XML);
    }
    Body::Wbxml(doc.root)
}
