//! SendMail (MS-ASCMD 2.2.1.17): the ComposeMail wrapper (14.0+) or a raw MIME body (12.1). The message is
//! sent as the authenticated mailbox whatever From the MIME names (`email::send_as_owner`), saved to Sent
//! Items when asked (SaveInSentItems, or `SaveInSent=T` before 14.0) and delivered to the Inbox of every
//! recipient who is a mailbox of the tenant. Quarantined devices get 120 MailSubmissionFailed.
//! SmartReply and SmartForward submit through `deliver` too.

use crate::wbxml::Element;
use crate::wbxml::tags::ComposeMail as C;

use super::super::context::Cx;
use super::super::folder::{INBOX, SENT_ITEMS};
use super::super::mail_gen;
use super::super::message::Message;
use super::super::response::EasResponse;
use super::super::status::GlobalStatus;
use super::email;

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    if cx.quarantined() {
        return cx.global(GlobalStatus::MAIL_SUBMISSION_FAILED, 500);
    }
    let (mime, save) = match root {
        Some(root) => {
            let Some(mime) = root.child(C::Mime).and_then(Element::bytes) else {
                return cx.global(GlobalStatus::INVALID_CONTENT, 400);
            };
            (mime.to_vec(), root.child(C::SaveInSentItems).is_some())
        }
        None => return cx.global(GlobalStatus::INVALID_CONTENT, 400),
    };
    send(cx, &mime, save)
}

/// A pre-14.0 SendMail whose body is the MIME message itself.
pub(crate) fn run_mime(cx: &mut Cx<'_>, mime: &[u8]) -> EasResponse {
    if cx.quarantined() {
        return cx.global(GlobalStatus::MAIL_SUBMISSION_FAILED, 500);
    }
    let save = cx.req.save_in_sent;
    send(cx, mime, save)
}

fn send(cx: &mut Cx<'_>, mime: &[u8], save: bool) -> EasResponse {
    let message = email::parse_mime(mime, cx.now);
    deliver(cx, message, save)
}

/// Submits a message as the authenticated mailbox: 119 without recipients, else Sent Items (when `save`) and
/// every tenant recipient's Inbox; the empty 200 on success.
pub(crate) fn deliver(cx: &mut Cx<'_>, mut message: Message, save: bool) -> EasResponse {
    let recipients: Vec<String> = email::addresses(&message.to)
        .into_iter()
        .chain(email::addresses(&message.cc))
        .collect();
    if recipients.is_empty() {
        return cx.global(GlobalStatus::MESSAGE_HAS_NO_RECIPIENT, 500);
    }
    let me = cx.tenant.mailbox(cx.mailbox);
    email::send_as_owner(&mut message, &me.display_name, &me.primary_smtp_address);
    if save {
        cx.mail().add_item(SENT_ITEMS, message.clone(), true, None);
        cx.store.touch(cx.mailbox);
    }
    let limit = cx.config.limits.max_recipients;
    if recipients.len() > limit {
        let me = cx.tenant.mailbox(cx.mailbox);
        let owner = mail_gen::Owner {
            display_name: &me.display_name,
            smtp: &me.primary_smtp_address,
        };
        let report = mail_gen::recipient_limit_report(
            &message,
            recipients.len(),
            limit,
            &owner,
            cx.tenant.domain(),
            cx.now,
        );
        cx.mail().add_item(INBOX, report, false, None);
        cx.store.touch(cx.mailbox);
        return EasResponse::empty();
    }
    let mut delivered = Vec::new();
    for address in recipients {
        if let [id] = cx.tenant.find_mailboxes(&address)
            && !delivered.contains(id)
        {
            delivered.push(*id);
        }
    }
    for id in delivered {
        cx.store
            .of(cx.tenant, id)
            .add_item(INBOX, message.clone(), false, None);
        cx.store.touch(id);
    }
    EasResponse::empty()
}
