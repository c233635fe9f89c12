//! Ping (MS-ASCMD 2.2.1.13): validate the heartbeat (60–3540 s in Exchange) and folder list, answer at once
//! when a watched folder already has changes for this device, otherwise hand a `LongPoll` to the server,
//! which waits without the lock and re-checks here whenever the mailbox changes.
//!
//! An empty Ping body repeats the device's last Ping. "Changes" means what the device's next Sync would
//! get, in the device's view, so a quarantined device is woken only by its notice. The Ping's parameters and
//! heartbeat go on the request's working copy of the device (stored by the dispatcher); a re-check reads
//! what was stored.

use crate::model::Timestamp;
use crate::wbxml::Element;
use crate::wbxml::tags::Ping as P;

use super::super::context::{Cx, LongPoll, Reply};
use super::super::mail_store::{self, DeviceState, MailStore, MailboxStore, PingParams, View};
use super::super::response::EasResponse;

fn status(status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(P::Ping).with_leaf(P::Status, status.to_string()),
        Some(status),
    )
}

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> Reply {
    let (min, max, max_folders) = (
        cx.config.min_heartbeat,
        cx.config.max_heartbeat,
        cx.config.max_ping_folders,
    );
    let last = cx.state().ping().cloned();
    let params = match root {
        None => match last {
            Some(p) => p,
            None => return Reply::Now(status(3)),
        },
        Some(root) => {
            let heartbeat = match root.child_text(P::HeartbeatInterval) {
                Some(h) => match h.trim().parse::<u32>() {
                    Ok(h) => Some(h),
                    Err(_) => return Reply::Now(status(4)),
                },
                None => None,
            };
            let mut folders = Vec::new();
            if let Some(list) = root.child(P::Folders) {
                for f in list.children_named(P::Folder) {
                    match f
                        .child_text(P::Id)
                        .and_then(|id| id.trim().parse::<u32>().ok())
                    {
                        Some(id) => folders.push(id),
                        None => return Reply::Now(status(4)),
                    }
                }
            }
            let heartbeat = heartbeat.or(last.as_ref().map(|p| p.heartbeat));
            let folders = if folders.is_empty() {
                last.map(|p| p.folders).unwrap_or_default()
            } else {
                folders
            };
            match heartbeat {
                Some(h) if !folders.is_empty() => PingParams {
                    heartbeat: h,
                    folders,
                },
                _ => return Reply::Now(status(3)),
            }
        }
    };
    if params.heartbeat < min || params.heartbeat > max {
        let bound = params.heartbeat.clamp(min, max);
        let el = Element::new(P::Ping)
            .with_leaf(P::Status, "5")
            .with_leaf(P::HeartbeatInterval, bound.to_string());
        return Reply::Now(EasResponse::wbxml(el, Some(5)));
    }
    if params.folders.len() > max_folders {
        let el = Element::new(P::Ping)
            .with_leaf(P::Status, "6")
            .with_leaf(P::MaxFolders, max_folders.to_string());
        return Reply::Now(EasResponse::wbxml(el, Some(6)));
    }
    // A watched Calendar, Contacts or Tasks folder holds its generated items from now on, as after a Sync.
    for &id in &params.folders {
        cx.fill(id);
    }
    let (mail, state) = cx.mail_and_state();
    if params.folders.iter().any(|&id| mail.folder(id).is_none()) {
        return Reply::Now(status(7));
    }
    state.set_ping(params.clone());
    let heartbeat = params.heartbeat;
    cx.device_mut().last_ping_heartbeat = Some(heartbeat);
    let wait = LongPoll {
        mailbox: cx.mailbox,
        device_id: cx.req.device_id.clone(),
        folders: params.folders,
        heartbeat,
        quarantined: cx.quarantined(),
        sync: None,
    };
    let now = cx.now;
    let (mail, state) = cx.mail_and_state();
    match changes(mail, Some(state), &wait, now) {
        Some(r) => Reply::Now(r),
        None => Reply::Wait(wait),
    }
}

/// `Some(Status 2 with the changed folders)` when a watched folder has changes for the device.
pub(crate) fn recheck(store: &MailStore, wait: &LongPoll, now: Timestamp) -> Option<EasResponse> {
    let mail = store.get(wait.mailbox)?;
    changes(mail, mail.device_state(&wait.device_id), wait, now)
}

/// The answer when a watched folder has changes for a device whose sync state is `state`.
fn changes(
    mail: &MailboxStore,
    state: Option<&DeviceState>,
    wait: &LongPoll,
    now: Timestamp,
) -> Option<EasResponse> {
    let view = if wait.quarantined {
        View::NoticesFor(&wait.device_id)
    } else {
        View::Full
    };
    let empty = Default::default();
    let changed: Vec<u32> = wait
        .folders
        .iter()
        .copied()
        .filter(|&id| {
            let Some(folder) = mail.folder(id) else {
                return false;
            };
            let (known, filter) = match state.and_then(|s| s.collection(id)) {
                Some(c) => (&c.known, c.options.filter_type),
                None => (&empty, 0),
            };
            let min_date = super::sync::min_date(filter, now);
            !mail_store::diff(folder, known, view, min_date).is_empty()
        })
        .collect();
    if changed.is_empty() {
        return None;
    }
    let folders = Element::new(P::Folders).with_all(
        changed
            .iter()
            .map(|id| Element::leaf(P::Folder, id.to_string())),
    );
    let el = Element::new(P::Ping)
        .with_leaf(P::Status, "2")
        .with(folders);
    Some(EasResponse::wbxml(el, Some(2)))
}

/// The heartbeat expired with no changes.
pub(crate) fn expired() -> EasResponse {
    status(1)
}
