//! MeetingResponse (MS-ASCMD 2.2.1.11): accepts, tentatively accepts or declines a meeting the user was invited
//! to, named by the calendar item's ServerId in its Calendar folder (`CollectionId` + `RequestId`). One `Result`
//! per `Request`, in order (MeetingResponseResponse.xsd: RequestId, Status, CalendarId).
//!
//! - Accept (`UserResponse` 1) or tentative (2): the user's own attendee entry gets AttendeeStatus 3 or 2 and
//!   the item BusyStatus 2 (busy) or 1 (tentative) (MS-ASCAL AttendeeStatus, BusyStatus); the item's new version
//!   reaches the mailbox's other devices as a Change on their next Sync, and `CalendarId` names it (MS-ASCMD
//!   2.2.3.18).
//! - Decline (3): the meeting leaves the calendar — other devices get a Delete — and the Result has no
//!   `CalendarId` ("If the meeting is declined, the response does not contain a CalendarId element", 2.2.3.18).
//!
//! Per-request Status (MS-ASCMD 2.2.3.177.9): 1 success; 2 invalid meeting request — the item is not there (or
//! not visible to a quarantined device), is not a calendar item, is not a meeting the user was invited to (an
//! appointment, or a meeting the user organizes), or an `InstanceId` was sent: at 12.1 and 14.0 the element is
//! not supported (2.2.3.92.1 says Status 2), and the simulator keeps no exceptions of a recurring series, so it
//! refuses rather than apply an instance's answer to the whole series. Meeting requests as Inbox mail
//! (`IPM.Schedule.Meeting.Request`) are not generated, so an Inbox item is not a meeting request either (2). No
//! `Request`, a `Request` without a `UserResponse` of 1–3 or without a `RequestId`, or more than
//! `MAX_REQUESTS` of them, is 103 InvalidXML, and nothing changes.
//!
//! Not modelled: the response mail to the organizer (`SendResponse`, 16.0+, or a SendMail before 16.0) — the
//! organizer's calendar does not change.

use std::sync::Arc;

use crate::model::eq_ci;
use crate::wbxml::Element;
use crate::wbxml::tags::MeetingResponse as R;

use super::super::context::Cx;
use super::super::mail_store::{Payload, View};
use super::super::pim::Attendee;
use super::super::response::EasResponse;
use super::super::status::GlobalStatus;
use super::sync::parse_server_id;

/// The most `Request`s one command may carry: a bound on the work of one request, as MoveItems has Exchange's
/// 1,000 (`MaxNoOfItemsMove`); MS-ASCMD sets none for MeetingResponse, so the same figure.
const MAX_REQUESTS: usize = 1000;

const SUCCESS: u16 = 1;
const INVALID_REQUEST: u16 = 2;

/// One `Request`, as read before anything changes.
struct Ask {
    response: u8,
    collection: String,
    request_id: String,
    instance: bool,
}

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> EasResponse {
    let Some(root) = root else {
        return cx.global(GlobalStatus::INVALID_XML, 500);
    };
    let mut asks = Vec::new();
    for r in root.children_named(R::Request) {
        let response = r
            .child_text(R::UserResponse)
            .and_then(|t| t.trim().parse::<u8>().ok())
            .filter(|n| (1..=3).contains(n));
        let (Some(response), Some(request_id)) = (response, r.child_text(R::RequestId)) else {
            return cx.global(GlobalStatus::INVALID_XML, 500);
        };
        asks.push(Ask {
            response,
            collection: r
                .child_text(R::CollectionId)
                .unwrap_or_default()
                .trim()
                .to_string(),
            request_id: request_id.to_string(),
            instance: r.child(R::InstanceId).is_some(),
        });
    }
    if asks.is_empty() || asks.len() > MAX_REQUESTS {
        return cx.global(GlobalStatus::INVALID_XML, 500);
    }
    let owner = cx.tenant.mailbox(cx.mailbox);
    let (owner_smtp, owner_name) = (
        owner.primary_smtp_address.clone(),
        owner.display_name.clone(),
    );
    let full = cx.view == View::Full;
    let mut changed = false;
    let mut results = Vec::with_capacity(asks.len());
    for ask in &asks {
        let folder = ask.collection.parse::<u32>().ok();
        if let Some(f) = folder {
            cx.fill(f);
        }
        let outcome = if full && !ask.instance {
            respond(cx, folder, ask, &owner_smtp, &owner_name)
        } else {
            None
        };
        changed |= outcome.is_some();
        let mut result = Element::new(R::Result).with_leaf(R::RequestId, &ask.request_id);
        match outcome {
            Some(calendar_id) => {
                result = result.with_leaf(R::Status, SUCCESS.to_string());
                if let Some(id) = calendar_id {
                    result = result.with_leaf(R::CalendarId, id);
                }
            }
            None => result = result.with_leaf(R::Status, INVALID_REQUEST.to_string()),
        }
        results.push(result);
    }
    if changed {
        cx.mail().mark_dirty();
        cx.store.touch(cx.mailbox);
    }
    EasResponse::wbxml(Element::new(R::MeetingResponse).with_all(results), None)
}

/// Carries out one answer: `Some(CalendarId)` when done (`None` inside for a decline), `None` for Status 2.
fn respond(
    cx: &mut Cx<'_>,
    folder: Option<u32>,
    ask: &Ask,
    owner_smtp: &str,
    owner_name: &str,
) -> Option<Option<String>> {
    let folder = folder?;
    let item_id = parse_server_id(&ask.request_id, folder)?;
    let mail = cx.mail();
    let item = mail.folder(folder)?.items.get(&item_id)?;
    let Payload::Calendar(event) = &item.payload else {
        return None;
    };
    // 3: a meeting the user was invited to (MS-ASCAL MeetingStatus); appointments and the user's own meetings
    // take no response.
    if event.meeting_status != 3 {
        return None;
    }
    if ask.response == 3 {
        mail.remove_item(folder, item_id);
        return Some(None);
    }
    let (attendee_status, busy) = if ask.response == 1 { (3, 2) } else { (2, 1) };
    let mut updated = (**event).clone();
    match updated
        .attendees
        .iter_mut()
        .find(|a| eq_ci(&a.email, owner_smtp))
    {
        Some(a) => a.status = attendee_status,
        None => updated.attendees.insert(
            0,
            Attendee {
                email: owner_smtp.to_string(),
                name: owner_name.to_string(),
                status: attendee_status,
                kind: 1,
            },
        ),
    }
    updated.busy_status = busy;
    updated.dtstamp = cx.now;
    cx.mail()
        .replace_payload(folder, item_id, Payload::Calendar(Arc::new(updated)))?;
    Some(Some(format!("{folder}:{item_id}")))
}
