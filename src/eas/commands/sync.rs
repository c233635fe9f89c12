//! Sync (MS-ASCMD 2.2.1.21): per collection, check the SyncKey, apply the client's Add/Change/Delete/Fetch,
//! then send the server's changes up to the window size with MoreAvailable. A device sees what its `View`
//! allows: a quarantined one only its ABQ notices in the Inbox, every other folder empty.
//!
//! Sync state lives in the mail store: what each device holds per collection, so changes are computed by
//! difference and a lost response can be retried with the previous key. The command changes the request's
//! working copy of it (`Cx::mail_and_state`), which the dispatcher stores with the partnership. Nothing to
//! report at all gets the empty 200 body EAS allows.

use std::collections::BTreeMap;

use crate::wbxml::tags::{AirSync as A, AirSyncBase as B, Email as E};
use crate::wbxml::{Element, Node};

use super::super::context::{Cx, LongPoll, Reply, SyncRetry};
use super::super::folder::DELETED_ITEMS;
use super::super::mail_store::{
    self, Change, CollectionState, DeviceState, Folder, MailboxStore, SyncOptions, View,
};
use super::super::message::Message;
use super::super::request::ProtocolVersion;
use super::super::response::EasResponse;
use super::email;
use super::pim::{self, Organizer};

/// The window when the client names none (MS-ASCMD default).
const DEFAULT_WINDOW: usize = 100;

/// What every collection of one Sync request shares.
#[derive(Clone, Copy)]
struct Env<'a> {
    view: View<'a>,
    top_window: Option<usize>,
    max_window: usize,
    now: crate::model::Timestamp,
    version: ProtocolVersion,
    /// The mailbox owner: the organizer of meetings the device creates.
    organizer: Organizer<'a>,
}

pub(crate) fn run(cx: &mut Cx<'_>, root: Option<&Element>) -> Reply {
    let cached;
    let root = match root {
        Some(root) => {
            cx.state_mut().set_last_sync(cacheable(root));
            root
        }
        // An empty Sync repeats the device's last request with the newest SyncKeys (MS-ASCMD 3.1.5.3 "empty
        // Sync request"); with nothing cached it is an incomplete request (13), and the client sends it in full.
        None => match repeat_last(cx.state()) {
            Some(el) => {
                cached = el;
                &cached
            }
            None => return Reply::Now(status(13)),
        },
    };
    // Wait (minutes, 1–59) or HeartbeatInterval (seconds, the Ping bounds) make an empty answer a long poll.
    let wait = match (
        root.child_text(A::Wait),
        root.child_text(A::HeartbeatInterval),
    ) {
        (Some(_), Some(_)) => return Reply::Now(status(4)),
        (Some(w), None) => match w.trim().parse::<u32>() {
            Ok(m) if (1..=59).contains(&m) => Some(m * 60),
            Ok(m) => return Reply::Now(limit(m.clamp(1, 59))),
            Err(_) => return Reply::Now(status(4)),
        },
        (None, Some(h)) => match h.trim().parse::<u32>() {
            Ok(s) if (cx.config.min_heartbeat..=cx.config.max_heartbeat).contains(&s) => Some(s),
            Ok(s) => {
                return Reply::Now(limit(
                    s.clamp(cx.config.min_heartbeat, cx.config.max_heartbeat),
                ));
            }
            Err(_) => return Reply::Now(status(4)),
        },
        (None, None) => None,
    };
    let response = respond(cx, root);
    match wait {
        Some(heartbeat) if response.http_status == 200 && response.body.is_empty() => {
            Reply::Wait(LongPoll {
                mailbox: cx.mailbox,
                device_id: cx.req.device_id.clone(),
                folders: Vec::new(),
                heartbeat,
                quarantined: cx.quarantined(),
                sync: Some(Box::new(SyncRetry {
                    request: cx.req.clone(),
                    body: root.clone(),
                })),
            })
        }
        _ => Reply::Now(response),
    }
}

/// A Sync request as an empty Sync may repeat it: the client's changes (`Commands`) are not sent twice.
fn cacheable(root: &Element) -> Element {
    let mut el = root.clone();
    for node in &mut el.children {
        if let Node::Element(collections) = node
            && collections.is(&A::Collections)
        {
            for node in &mut collections.children {
                if let Node::Element(collection) = node {
                    collection
                        .children
                        .retain(|n| !matches!(n, Node::Element(c) if c.is(&A::Commands)));
                }
            }
        }
    }
    el
}

/// The device's cached request with each collection's SyncKey replaced by the newest key issued for it.
fn repeat_last(state: &DeviceState) -> Option<Element> {
    let mut el = state.last_sync()?.clone();
    for node in &mut el.children {
        let Node::Element(collections) = node else {
            continue;
        };
        if !collections.is(&A::Collections) {
            continue;
        }
        for node in &mut collections.children {
            let Node::Element(collection) = node else {
                continue;
            };
            let key = collection
                .child_text(A::CollectionId)
                .and_then(|id| id.trim().parse::<u32>().ok())
                .and_then(|id| state.collection(id))
                .map(|c| c.key);
            if let Some(key) = key {
                for child in &mut collection.children {
                    if let Node::Element(k) = child
                        && k.is(&A::SyncKey)
                    {
                        *k = Element::leaf(A::SyncKey, key.to_string());
                    }
                }
            }
        }
    }
    Some(el)
}

/// Status 14: the wait or heartbeat is out of bounds; `Limit` says the nearest allowed value.
fn limit(bound: u32) -> EasResponse {
    EasResponse::wbxml(
        Element::new(A::Sync)
            .with_leaf(A::Status, "14")
            .with_leaf(A::Limit, bound.to_string()),
        Some(14),
    )
}

/// Runs the Sync once and answers (the empty body when nothing is to be reported).
pub(crate) fn respond(cx: &mut Cx<'_>, root: &Element) -> EasResponse {
    let Some(collections) = root.child(A::Collections) else {
        return status(4);
    };
    let owner = cx.tenant.mailbox(cx.mailbox);
    let env = Env {
        view: cx.view,
        top_window: root
            .child_text(A::WindowSize)
            .and_then(|w| w.trim().parse::<usize>().ok()),
        max_window: cx.config.max_window_size,
        now: cx.now,
        version: cx.req.version,
        organizer: Organizer {
            name: &owner.display_name,
            email: &owner.primary_smtp_address,
        },
    };
    let mut out = Vec::new();
    let mut anything = false;
    let mut synced = 0;
    for collection in collections.children_named(A::Collection) {
        if let Some(id) = collection
            .child_text(A::CollectionId)
            .and_then(|id| id.trim().parse::<u32>().ok())
        {
            cx.fill(id);
        }
        let (el, reported) = {
            let (mail, state) = cx.mail_and_state();
            sync_collection(mail, state, env, collection)
        };
        anything |= reported;
        if reported {
            synced += 1;
        }
        out.push(el);
    }
    if out.is_empty() {
        return status(4);
    }
    let touched = cx.mail().take_dirty();
    if touched {
        cx.store.touch(cx.mailbox);
    }
    if synced > 0 {
        let count = cx.state().collection_count() as u32;
        cx.device_mut().number_of_folders_synced = count;
    }
    if !anything {
        return EasResponse::empty();
    }
    let el = Element::new(A::Sync).with(Element::new(A::Collections).with_all(out));
    EasResponse::wbxml(el, Some(1))
}

fn status(status: u16) -> EasResponse {
    EasResponse::wbxml(
        Element::new(A::Sync).with_leaf(A::Status, status.to_string()),
        Some(status),
    )
}

fn collection_status(id: &str, key: &str, status: u16) -> Element {
    Element::new(A::Collection)
        .with_leaf(A::SyncKey, key)
        .with_leaf(A::CollectionId, id)
        .with_leaf(A::Status, status.to_string())
}

/// Reads Options (FilterType, BodyPreference, MIMESupport).
fn options(el: &Element, previous: &SyncOptions) -> SyncOptions {
    let Some(opts) = el.child(A::Options) else {
        return previous.clone();
    };
    let mut o = SyncOptions {
        filter_type: opts
            .child_text(A::FilterType)
            .and_then(|f| f.trim().parse().ok())
            .unwrap_or(0),
        ..SyncOptions::default()
    };
    if let Some(pref) = opts.child(B::BodyPreference) {
        o.body_type = pref.child_text(B::Type).and_then(|t| t.trim().parse().ok());
        o.truncation_size = pref
            .child_text(B::TruncationSize)
            .and_then(|t| t.trim().parse().ok());
    }
    o.mime_support = opts
        .child_text(A::MIMESupport)
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0);
    o
}

/// The oldest DateReceived a FilterType admits.
pub(crate) fn min_date(
    filter: u8,
    now: crate::model::Timestamp,
) -> Option<crate::model::Timestamp> {
    let days = match filter {
        1 => 1,
        2 => 3,
        3 => 7,
        4 => 14,
        5 => 31,
        6 => 93,
        7 => 186,
        _ => return None,
    };
    Some(now.add_secs(-days * 86_400))
}

/// Syncs one collection; returns its response element and whether it carries anything beyond "no change".
fn sync_collection(
    mail: &mut MailboxStore,
    device: &mut DeviceState,
    env: Env<'_>,
    el: &Element,
) -> (Element, bool) {
    let Env {
        view,
        top_window,
        max_window,
        now,
        ..
    } = env;
    let id_text = el
        .child_text(A::CollectionId)
        .unwrap_or_default()
        .trim()
        .to_string();
    let key_text = el
        .child_text(A::SyncKey)
        .unwrap_or_default()
        .trim()
        .to_string();
    let Some(folder_id) = mail.folder_by_text(&id_text).map(|f| f.id) else {
        return (collection_status(&id_text, &key_text, 8), true);
    };
    let Ok(key) = key_text.parse::<u32>() else {
        return (collection_status(&id_text, "0", 4), true);
    };
    // The collection's state is taken out of the working copy and put back below on every path that had one.
    let existed = device.collection(folder_id).is_some();
    let state = device.take_collection(folder_id);
    if key == 0 {
        let new = CollectionState {
            key: state.key + 1,
            known: BTreeMap::new(),
            previous: None,
            options: options(el, &SyncOptions::default()),
        };
        let new_key = new.key;
        device.set_collection(folder_id, new);
        return (collection_status(&id_text, &new_key.to_string(), 1), true);
    }
    let mut known = if key == state.key && state.key != 0 {
        state.known.clone()
    } else if let Some((_, prev_known)) = state.previous.as_ref().filter(|(k, _)| *k == key) {
        prev_known.clone()
    } else {
        // Unknown key: the client must start over from 0.
        if existed {
            device.set_collection(folder_id, state);
        }
        return (collection_status(&id_text, "0", 3), true);
    };
    let opts = options(el, &state.options);
    let window = el
        .child_text(A::WindowSize)
        .and_then(|w| w.trim().parse::<usize>().ok())
        .or(top_window)
        .unwrap_or(DEFAULT_WINDOW)
        .clamp(1, max_window);
    let get_changes = el.child_text(A::GetChanges).is_none_or(|g| g.trim() != "0");
    let deletes_as_moves = el
        .child_text(A::DeletesAsMoves)
        .is_none_or(|d| d.trim() != "0");

    let mut responses = Vec::new();
    let mut client_changed = false;
    if let Some(commands) = el.child(A::Commands) {
        client_changed = true;
        for cmd in commands.elements() {
            if let Some(r) = client_command(
                mail,
                folder_id,
                env,
                cmd,
                deletes_as_moves,
                &opts,
                &mut known,
            ) {
                responses.push(r);
            }
        }
        // Responses list Changes, then Adds, Deletes and Fetches (SyncResponse.xsd Responses sequence).
        responses.sort_by_key(|r| {
            [A::Change, A::Add, A::Delete, A::Fetch]
                .iter()
                .position(|t| r.is(t))
                .unwrap_or(4)
        });
    }

    let folder = mail
        .folder(folder_id)
        .expect("the folder was looked up above, and a Sync never removes folders");
    let mut commands = Vec::new();
    let mut more = false;
    if get_changes {
        let changes = mail_store::diff(folder, &known, view, min_date(opts.filter_type, now));
        more = changes.len() > window;
        for change in changes.into_iter().take(window) {
            commands.push(server_change(
                folder,
                change,
                &opts,
                env.version,
                &mut known,
            ));
        }
    }
    let reported = client_changed || !commands.is_empty() || !responses.is_empty();
    let new_key = if reported { state.key + 1 } else { state.key };
    let previous = if reported {
        Some((key, state.known))
    } else {
        state.previous
    };
    device.set_collection(
        folder_id,
        CollectionState {
            key: new_key,
            known,
            previous,
            options: opts,
        },
    );
    let mut out = Element::new(A::Collection)
        .with_leaf(A::SyncKey, new_key.to_string())
        .with_leaf(A::CollectionId, &id_text)
        .with_leaf(A::Status, "1");
    if !commands.is_empty() {
        out.push(Element::new(A::Commands).with_all(commands));
    }
    if !responses.is_empty() {
        out.push(Element::new(A::Responses).with_all(responses));
    }
    if more {
        out.push(Element::new(A::MoreAvailable));
    }
    // A key the client already had with nothing new: report nothing (the empty response).
    (out, reported || new_key != key)
}

fn server_id(folder: u32, item: u32) -> String {
    format!("{folder}:{item}")
}

/// Parses `folder:item` and checks it names this folder.
pub(super) fn parse_server_id(text: &str, folder: u32) -> Option<u32> {
    let (f, i) = text.trim().split_once(':')?;
    (f.parse::<u32>().ok()? == folder).then_some(())?;
    i.parse().ok()
}

fn server_change(
    folder: &Folder,
    change: Change,
    opts: &SyncOptions,
    version: ProtocolVersion,
    known: &mut BTreeMap<u32, u32>,
) -> Element {
    match change {
        Change::Add(id) | Change::Change(id) => {
            let item = &folder.items[&id];
            known.insert(id, item.version);
            let sid = server_id(folder.id, id);
            let data =
                || Element::new(A::ApplicationData).with_all(pim::properties(item, opts, version));
            if matches!(change, Change::Add(_)) {
                Element::new(A::Add)
                    .with_leaf(A::ServerId, sid)
                    .with(data())
            } else if item.message().is_some() {
                // Mail changes only in its flags.
                Element::new(A::Change)
                    .with_leaf(A::ServerId, sid)
                    .with(email::change_properties(item))
            } else {
                // Other classes change whole: the item as it is now.
                Element::new(A::Change)
                    .with_leaf(A::ServerId, sid)
                    .with(data())
            }
        }
        Change::Delete(id) => {
            known.remove(&id);
            Element::new(A::Delete).with_leaf(A::ServerId, server_id(folder.id, id))
        }
    }
}

/// Applies one client command; returns the response element when one is due (Adds, Fetches, failures).
/// Mail is added as a message and changes only in its flags; calendar, contact and task items are added and
/// changed whole from their class's ApplicationData (Status 6 when it does not make an item) and deleted in
/// place (DeletesAsMoves is for mail, MS-ASCMD DeletesAsMoves). Notes and Journal folders take no Adds (5).
fn client_command(
    mail: &mut MailboxStore,
    folder_id: u32,
    env: Env<'_>,
    cmd: &Element,
    deletes_as_moves: bool,
    opts: &SyncOptions,
    known: &mut BTreeMap<u32, u32>,
) -> Option<Element> {
    let Env { view, now, .. } = env;
    let sid_text = cmd.child_text(A::ServerId).unwrap_or_default().to_string();
    let visible_item = |mail: &MailboxStore| -> Option<u32> {
        let id = parse_server_id(&sid_text, folder_id)?;
        let folder = mail.folder(folder_id)?;
        let item = folder.items.get(&id)?;
        view.shows(folder, item).then_some(id)
    };
    let failure = |tag: A, status: &str| {
        Element::new(tag)
            .with_leaf(A::ServerId, &sid_text)
            .with_leaf(A::Status, status)
    };
    let kind = mail.folder(folder_id).map(|f| f.kind);
    let is_mail = kind.is_some_and(|k| k.is_mail());
    let is_pim = kind.is_some_and(|k| k.is_pim());
    let class = kind.map_or("Email", |k| k.class());
    let data = cmd.child(A::ApplicationData);
    if cmd.is(&A::Add) {
        let client_id = cmd.child_text(A::ClientId).unwrap_or_default().to_string();
        let allowed = view == View::Full && (is_mail || is_pim);
        let added = match (allowed, data) {
            (true, Some(data)) if is_mail => {
                let text = |tag: E| data.child_text(tag).unwrap_or_default().to_string();
                let body = data.child(B::Body);
                let body_data = body
                    .and_then(|b| b.child_text(B::Data))
                    .unwrap_or_default()
                    .to_string();
                let message =
                    if body.and_then(|b| b.child_text(B::Type)).map(str::trim) == Some("4") {
                        // A draft sent as MIME (AirSyncBase Body Type 4): its headers carry Subject, From, To and
                        // Cc, and nothing else does — pyactivesync's `create_email_draft` (the client CI runs,
                        // reference/interop.md) sends only Body and Read.
                        let mut m = email::parse_mime(body_data.as_bytes(), now);
                        m.mime = Some(body_data.into_bytes());
                        m
                    } else {
                        Message {
                            subject: text(E::Subject),
                            from: text(E::From),
                            to: text(E::To),
                            cc: text(E::Cc),
                            date: now,
                            body: body_data,
                            html: false,
                            importance: text(E::Importance).parse().unwrap_or(1),
                            mime: None,
                        }
                    };
                let read = data.child_text(E::Read).is_none_or(|r| r == "1");
                mail.add_item(folder_id, message, read, None)
            }
            (true, Some(data)) => {
                let uid = mail.new_uid();
                pim::read(class, data, None, env.organizer, &uid, now)
                    .ok()
                    .and_then(|payload| mail.add_payload(folder_id, payload, true, None))
            }
            _ => None,
        };
        let mut r = Element::new(A::Add).with_leaf(A::ClientId, client_id);
        match added {
            Some(id) => {
                known.insert(id, 1);
                mail.mark_dirty();
                r = r
                    .with_leaf(A::ServerId, server_id(folder_id, id))
                    .with_leaf(A::Status, "1");
            }
            None => r = r.with_leaf(A::Status, if allowed { "6" } else { "5" }),
        }
        return Some(r);
    }
    if cmd.is(&A::Change) {
        let Some(id) = visible_item(mail) else {
            return Some(failure(A::Change, "8"));
        };
        if is_pim {
            let Some(data) = data else {
                // Nothing to change.
                return None;
            };
            let base = mail.folder(folder_id)?.items.get(&id)?.payload.clone();
            let Ok(payload) = pim::read(class, data, Some(&base), env.organizer, "", now) else {
                return Some(failure(A::Change, "6"));
            };
            let version = mail.replace_payload(folder_id, id, payload)?;
            known.insert(id, version);
            return None;
        }
        let read = data
            .and_then(|d| d.child_text(E::Read))
            .map(|r| r.trim() == "1");
        let flagged = data
            .and_then(|d| d.child(E::Flag))
            .map(|f| f.child_text(E::Status).is_some_and(|s| s.trim() == "2"));
        let folder = mail.folder_mut(folder_id)?;
        let item = folder.items.get_mut(&id)?;
        if let Some(r) = read {
            item.read = r;
        }
        if let Some(f) = flagged {
            item.flagged = f;
        }
        item.version += 1;
        known.insert(id, item.version);
        mail.mark_dirty();
        return None;
    }
    if cmd.is(&A::Delete) {
        let Some(id) = visible_item(mail) else {
            return Some(failure(A::Delete, "8"));
        };
        known.remove(&id);
        if deletes_as_moves && is_mail && folder_id != DELETED_ITEMS {
            mail.move_item(folder_id, id, DELETED_ITEMS);
            mail.mark_dirty();
        } else {
            mail.remove_item(folder_id, id);
        }
        return None;
    }
    if cmd.is(&A::Fetch) {
        let Some(id) = visible_item(mail) else {
            return Some(failure(A::Fetch, "8"));
        };
        let item = mail.folder(folder_id)?.items.get(&id)?;
        return Some(
            Element::new(A::Fetch)
                .with_leaf(A::ServerId, &sid_text)
                .with_leaf(A::Status, "1")
                .with(Element::new(A::ApplicationData).with_all(pim::properties(
                    item,
                    opts,
                    env.version,
                ))),
        );
    }
    Some(failure(A::Change, "4"))
}
