//! `MailStore`: the per-mailbox protocol state the EAS endpoint keeps beside the tenant — the folder hierarchy,
//! the mail items (generated deterministically on first access), and per-device sync state (hierarchy and
//! collection sync keys, what each device already has, the last Ping, which ABQ notice was posted).
//!
//! Pure data: no clock (callers pass `now`), no I/O. What a quarantined device may see is a `View`; the
//! commands decide which view applies. Mailboxes nobody contacts cost nothing. Per-device state is keyed by
//! DeviceId case-insensitively without allocating (`model::ci`) and written only through `eas::partnership`,
//! together with the tenant's partnership. Messages and the standard folders are `eas::message` and
//! `eas::folder` (re-exported here).
//!
//! For a state directory (`track_changes`), each mailbox counts its changes (`revision`: every setter and every
//! mutable access to a folder), the store remembers which mailboxes it handed out mutably, and `take_changed`
//! gives the record (`record`) of each that changed, for the journal.

use std::collections::BTreeMap;
use std::sync::Arc;

use hashbrown::HashMap;

use crate::model::{CiKey, CiRef, DeviceAccessState, Guid, MailboxId, Tenant, Timestamp, eq_ci};
use crate::wbxml::Element;

pub use super::folder::{
    DELETED_ITEMS, DRAFTS, FIRST_USER_FOLDER, FolderType, INBOX, SENT_ITEMS, STANDARD_FOLDERS,
    is_standard,
};
use super::mail_gen;
pub mod record;
pub use super::message::Message;
pub use super::pim::Payload;
use super::pim_gen;

/// An item in a folder, with its mutable flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: u32,
    /// Bumped on every change, so devices that hold an older version get a Change.
    pub version: u32,
    pub payload: Payload,
    pub read: bool,
    pub flagged: bool,
    /// An ABQ notice about this DeviceId (compared case-insensitively): the only kind of item a quarantined
    /// device sees.
    pub notice_for: Option<String>,
    /// Where the payload came from when the generator made it and nobody changed it since: a mailbox record
    /// (`record`) then names it instead of holding it, and regenerates it when read back.
    pub generated: Option<Generated>,
}

/// A generated payload's place: the generator run (`GENERATED_MAIL`, or the PIM folder `fill` made) and its
/// position in what that run returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Generated {
    pub run: u32,
    pub index: u32,
}

/// The run of `Generated` that made the mailbox's first mail (PIM runs are named by their folder's id).
pub const GENERATED_MAIL: u32 = 0;

/// Who a generator run wrote for: the owner's and colleagues' names as they were then (a mailbox record keeps
/// them, so an owner renamed later still reads back the same generated content).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenInputs {
    pub run: u32,
    /// (display name, SMTP address)
    pub owner: (String, String),
    pub colleagues: Vec<(String, String)>,
}

impl Item {
    /// The message, when the item is mail.
    pub fn message(&self) -> Option<&Message> {
        match &self.payload {
            Payload::Email(m) => Some(m),
            _ => None,
        }
    }

    /// The date a FilterType compares: when mail was received, when an event ends (a recurring series never
    /// ends before its last occurrence, so it is always in the window); contacts and tasks have none.
    fn filter_date(&self) -> Option<Timestamp> {
        match &self.payload {
            Payload::Email(m) => Some(m.date),
            Payload::Calendar(e) if e.recurrence.is_none() => Some(e.end),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    pub id: u32,
    /// 0 for the root.
    pub parent: u32,
    pub name: String,
    pub kind: FolderType,
    /// Bumped when the folder is renamed or moved, so devices that know an older version get an Update.
    pub version: u32,
    pub items: BTreeMap<u32, Item>,
}

/// Why a hierarchy change was refused; each maps to a FolderCreate/FolderUpdate/FolderDelete status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderError {
    /// The parent already holds a folder of that name (compared case-insensitively, as the store does).
    NameTaken,
    /// A standard folder cannot be renamed, moved or deleted.
    Special,
    NotFound,
    ParentNotFound,
    /// The folder would become its own ancestor.
    Cycle,
}

/// A hierarchy change a device has not seen yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FolderChange {
    Add(u32),
    Update(u32),
    Delete(u32),
}

/// Out-of-office settings (Settings Oof).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Oof {
    /// 0 disabled, 1 global, 2 time-based.
    pub state: u8,
    pub start: Option<String>,
    pub end: Option<String>,
    pub internal_message: Option<String>,
    pub external_message: Option<String>,
}

/// What a device may see of a mailbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View<'a> {
    /// Everything.
    Full,
    /// Quarantined or DeviceDiscovery: only the ABQ notices about this DeviceId (any case), in the Inbox.
    NoticesFor(&'a str),
}

impl View<'_> {
    pub fn shows(&self, folder: &Folder, item: &Item) -> bool {
        match self {
            View::Full => true,
            View::NoticesFor(device) => {
                folder.kind == FolderType::Inbox
                    && item.notice_for.as_deref().is_some_and(|n| eq_ci(n, device))
            }
        }
    }
}

/// Sync options a client sent, remembered per collection (clients may omit them on later syncs).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SyncOptions {
    /// FilterType 0–8 (0 = no filter).
    pub filter_type: u8,
    /// AirSyncBase BodyPreference Type (1 plain, 2 HTML, 3 RTF, 4 MIME); `None` = plain.
    pub body_type: Option<u8>,
    pub truncation_size: Option<u32>,
    /// MIMESupport (0 never, 1 S/MIME only, 2 always).
    pub mime_support: u8,
}

/// One device's state for one collection.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CollectionState {
    /// The current SyncKey (0 = none issued).
    pub key: u32,
    /// item id → version the device holds after the last response.
    pub known: BTreeMap<u32, u32>,
    /// The key and holdings before the last response, so a client that lost it can retry with the old key.
    pub previous: Option<(u32, BTreeMap<u32, u32>)>,
    pub options: SyncOptions,
}

/// The last Ping's parameters (a Ping with an empty body repeats them).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PingParams {
    pub heartbeat: u32,
    pub folders: Vec<u32>,
}

/// Everything the server keeps about one device of one mailbox. Fields are private: a request gets its
/// device's state as a working copy (`eas::partnership`), changes it through these methods, and the copy is
/// stored back together with the tenant's partnership.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceState {
    /// The FolderSync key (0 = none issued).
    hierarchy_key: u32,
    /// folder id → version the device holds after its last hierarchy response.
    folders: BTreeMap<u32, u32>,
    collections: HashMap<u32, CollectionState>,
    ping: Option<PingParams>,
    /// The access state for which an ABQ notice was last posted (reset when the device is allowed again).
    abq_notice: Option<DeviceAccessState>,
    /// The device sent a UserAgent in DeviceInformation; the User-Agent header no longer overrides it.
    info_user_agent: bool,
    /// The device's last non-empty Sync request without its client changes: what an empty Sync repeats.
    /// Shared, so copying the state for a request does not copy the request.
    last_sync: Option<Arc<Element>>,
}

impl DeviceState {
    /// The FolderSync key (0 = none issued).
    pub fn hierarchy_key(&self) -> u32 {
        self.hierarchy_key
    }

    /// A new hierarchy sync issued `key`; it invalidates every collection's sync state, as in Exchange.
    pub fn restart_hierarchy(&mut self, key: u32) {
        self.hierarchy_key = key;
        self.folders.clear();
        self.collections.clear();
    }

    /// A hierarchy response (FolderSync changes, or the device's own FolderCreate/Update/Delete) issued `key`.
    pub fn advance_hierarchy(&mut self, key: u32) {
        self.hierarchy_key = key;
    }

    /// The folders (id → version) the device holds.
    pub fn known_folders(&self) -> &BTreeMap<u32, u32> {
        &self.folders
    }

    /// The device now holds this version of the folder.
    pub fn know_folder(&mut self, id: u32, version: u32) {
        self.folders.insert(id, version);
    }

    /// The device no longer holds the folder, nor any sync state for it.
    pub fn forget_folder(&mut self, id: u32) {
        self.folders.remove(&id);
        self.collections.remove(&id);
    }

    /// The device's sync state of one collection.
    pub fn collection(&self, folder: u32) -> Option<&CollectionState> {
        self.collections.get(&folder)
    }

    /// Takes one collection's state out (empty when none) to be changed and put back with `set_collection`.
    pub fn take_collection(&mut self, folder: u32) -> CollectionState {
        self.collections.remove(&folder).unwrap_or_default()
    }

    pub fn set_collection(&mut self, folder: u32, state: CollectionState) {
        self.collections.insert(folder, state);
    }

    /// How many collections the device has synced since its last hierarchy sync.
    pub fn collection_count(&self) -> usize {
        self.collections.len()
    }

    /// The last Ping's parameters.
    pub fn ping(&self) -> Option<&PingParams> {
        self.ping.as_ref()
    }

    pub fn set_ping(&mut self, params: PingParams) {
        self.ping = Some(params);
    }

    /// The access state for which an ABQ notice was last posted.
    pub fn abq_notice(&self) -> Option<DeviceAccessState> {
        self.abq_notice
    }

    pub fn set_abq_notice(&mut self, state: Option<DeviceAccessState>) {
        self.abq_notice = state;
    }

    /// Whether the device's UserAgent came from DeviceInformation (the header then no longer overrides it).
    pub fn user_agent_from_info(&self) -> bool {
        self.info_user_agent
    }

    pub fn set_user_agent_from_info(&mut self) {
        self.info_user_agent = true;
    }

    /// The device's last non-empty Sync request, without its client changes.
    pub fn last_sync(&self) -> Option<&Element> {
        self.last_sync.as_deref()
    }

    pub fn set_last_sync(&mut self, request: Element) {
        self.last_sync = Some(Arc::new(request));
    }

    /// Nothing is known about the device: the store need not keep an entry for it.
    fn is_empty(&self) -> bool {
        *self == DeviceState::default()
    }
}

/// One mailbox's folders, items and devices.
#[derive(Clone, Debug)]
pub struct MailboxStore {
    folders: Vec<Folder>,
    next_item: u32,
    next_folder: u32,
    oof: Oof,
    /// DeviceIds compare case-insensitively; looked up without allocating (`model::ci`).
    devices: HashMap<CiKey, DeviceState>,
    /// Content changed since `take_dirty` was last called.
    dirty: bool,
    /// When the "too many partnerships" notice was last posted (Exchange posts it at most every 24 h).
    max_devices_notice: Option<Timestamp>,
    /// The seed, epoch and mailbox Guid the content was generated from (`fill` generates the rest later).
    origin: (u64, Timestamp, Guid),
    /// Standard PIM folders whose generated items are not made yet.
    pim_pending: Vec<u32>,
    /// The generator runs so far, with whom they wrote for (the mail first, then each PIM fill).
    runs: Vec<GenInputs>,
    /// Bumped by every way the store can change (conservatively: any mutable access to a folder), so the
    /// journal can tell a mailbox a request changed from one it only read.
    revision: u64,
    /// The revision the last mailbox record was taken at (`MailStore::take_changed`).
    recorded: u64,
}

impl MailboxStore {
    /// Notes that content changed (waiting Pings must re-check).
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// Whether content changed since the last call.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    pub fn folder(&self, id: u32) -> Option<&Folder> {
        self.folders.iter().find(|f| f.id == id)
    }

    pub fn folder_mut(&mut self, id: u32) -> Option<&mut Folder> {
        self.revision += 1;
        self.folders.iter_mut().find(|f| f.id == id)
    }

    /// The folders, in creation order.
    pub fn folders(&self) -> &[Folder] {
        &self.folders
    }

    /// Out-of-office settings.
    pub fn oof(&self) -> &Oof {
        &self.oof
    }

    pub fn set_oof(&mut self, oof: Oof) {
        self.revision += 1;
        self.oof = oof;
    }

    /// When the "too many partnerships" notice was last posted.
    pub fn max_devices_notice(&self) -> Option<Timestamp> {
        self.max_devices_notice
    }

    pub fn set_max_devices_notice(&mut self, at: Timestamp) {
        self.revision += 1;
        self.max_devices_notice = Some(at);
    }

    /// Parses a `CollectionId` and returns the folder.
    pub fn folder_by_text(&self, id: &str) -> Option<&Folder> {
        id.trim().parse().ok().and_then(|id| self.folder(id))
    }

    /// The device's state, if the store has any. DeviceIds compare case-insensitively.
    pub fn device_state(&self, device_id: &str) -> Option<&DeviceState> {
        self.devices.get(&CiRef(device_id))
    }

    /// Replaces the device's state (an empty one forgets the device). The one way device state is written:
    /// `eas::partnership` calls it together with storing the tenant's partnership.
    pub(crate) fn put_device_state(&mut self, device_id: &str, state: DeviceState) {
        if self.device_state(device_id) == Some(&state)
            || (state.is_empty() && self.device_state(device_id).is_none())
        {
            return;
        }
        self.revision += 1;
        if state.is_empty() {
            self.devices.remove(&CiRef(device_id));
        } else if let Some(slot) = self.devices.get_mut(&CiRef(device_id)) {
            *slot = state;
        } else {
            self.devices.insert(CiKey::new(device_id), state);
        }
    }

    /// Adds a message to a folder and returns the new item's id.
    pub fn add_item(
        &mut self,
        folder: u32,
        message: Message,
        read: bool,
        notice_for: Option<String>,
    ) -> Option<u32> {
        self.add_payload(folder, Payload::Email(Arc::new(message)), read, notice_for)
    }

    /// Adds an item of any class to a folder and returns the new item's id.
    pub fn add_payload(
        &mut self,
        folder: u32,
        payload: Payload,
        read: bool,
        notice_for: Option<String>,
    ) -> Option<u32> {
        let id = self.next_item;
        let f = self.folder_mut(folder)?;
        f.items.insert(
            id,
            Item {
                id,
                version: 1,
                payload,
                read,
                flagged: false,
                notice_for,
                generated: None,
            },
        );
        self.next_item += 1;
        Some(id)
    }

    /// Replaces an item's content (a client's Change); the new version reaches the mailbox's other devices.
    /// `None` when the folder holds no such item.
    pub fn replace_payload(&mut self, folder: u32, item: u32, payload: Payload) -> Option<u32> {
        let it = self.folder_mut(folder)?.items.get_mut(&item)?;
        it.payload = payload;
        it.generated = None;
        it.version += 1;
        let version = it.version;
        self.mark_dirty();
        Some(version)
    }

    /// Removes an item in place (no move to Deleted Items); whether it was there.
    pub fn remove_item(&mut self, folder: u32, item: u32) -> bool {
        let removed = self
            .folder_mut(folder)
            .is_some_and(|f| f.items.remove(&item).is_some());
        if removed {
            self.mark_dirty();
        }
        removed
    }

    /// Generates the items of a standard Calendar, Contacts or Tasks folder the first time the folder is
    /// synced (mail is generated with the mailbox; these only when a device asks, so mailboxes whose devices
    /// sync only mail never hold them). `colleagues` are the tenant's people the generator may invite. The
    /// content depends only on the seed and the mailbox; the item ids it gets are the next free ones, so they
    /// follow the order in which a mailbox's folders are first synced.
    pub fn fill(
        &mut self,
        folder: u32,
        owner: &mail_gen::Owner<'_>,
        colleagues: &[mail_gen::Owner<'_>],
    ) {
        let Some(slot) = self.pim_pending.iter().position(|&f| f == folder) else {
            return;
        };
        self.pim_pending.swap_remove(slot);
        let Some(kind) = self.folder(folder).map(|f| f.kind) else {
            return;
        };
        let (seed, epoch, guid) = self.origin;
        let items = pim_gen::folder_items(seed, epoch, guid, kind, owner, colleagues);
        self.add_generated(folder, items.into_iter().map(|p| (p, true)));
        self.runs.push(GenInputs {
            run: folder,
            owner: owned(owner),
            colleagues: colleagues.iter().map(owned).collect(),
        });
    }

    /// Adds a PIM generator run's payloads to its folder (the run is named by the folder), marking each with its
    /// place in the run.
    fn add_generated(&mut self, folder: u32, payloads: impl Iterator<Item = (Payload, bool)>) {
        for (index, (payload, read)) in payloads.enumerate() {
            if let Some(id) = self.add_payload(folder, payload, read, None) {
                self.mark_generated(folder, id, folder, index);
            }
        }
    }

    fn mark_generated(&mut self, folder: u32, id: u32, run: u32, index: usize) {
        if let Some(it) = self.folder_mut(folder).and_then(|f| f.items.get_mut(&id)) {
            it.generated = Some(Generated {
                run,
                index: index as u32,
            });
        }
    }

    /// A UID for a calendar item a device creates without one (16.0 clients may not send it, MS-ASCAL
    /// UID): the mailbox's Guid and the next item id, so no other item has it.
    pub fn new_uid(&self) -> String {
        pim_gen::uid(self.origin.2, 0x8000_0000 | self.next_item)
    }

    /// Whether `folder` still waits for its generated items (`fill`).
    pub fn pending(&self, folder: u32) -> bool {
        self.pim_pending.contains(&folder)
    }

    /// Creates a user folder under `parent` (0 = the root) and returns its ServerId.
    pub fn create_folder(
        &mut self,
        parent: u32,
        name: &str,
        kind: FolderType,
    ) -> Result<u32, FolderError> {
        if parent != 0 && self.folder(parent).is_none() {
            return Err(FolderError::ParentNotFound);
        }
        if self.name_taken(parent, name, None) {
            return Err(FolderError::NameTaken);
        }
        let id = self.next_folder;
        self.next_folder += 1;
        self.revision += 1;
        self.folders.push(Folder {
            id,
            parent,
            name: name.to_string(),
            kind,
            version: 1,
            items: BTreeMap::new(),
        });
        self.mark_dirty();
        Ok(id)
    }

    /// Renames a user folder and moves it under `parent`; checked whole before anything changes.
    pub fn update_folder(&mut self, id: u32, parent: u32, name: &str) -> Result<(), FolderError> {
        if self.folder(id).is_none() {
            return Err(FolderError::NotFound);
        }
        if is_standard(id) {
            return Err(FolderError::Special);
        }
        if parent != 0 && self.folder(parent).is_none() {
            return Err(FolderError::ParentNotFound);
        }
        // Walking up from the new parent must not reach the folder itself.
        let mut up = parent;
        while up != 0 {
            if up == id {
                return Err(FolderError::Cycle);
            }
            up = self.folder(up).map_or(0, |f| f.parent);
        }
        if self.name_taken(parent, name, Some(id)) {
            return Err(FolderError::NameTaken);
        }
        let f = self
            .folder_mut(id)
            .expect("the folder was looked up above in the same call");
        if f.parent != parent || f.name != name {
            f.parent = parent;
            f.name = name.to_string();
            f.version += 1;
        }
        self.mark_dirty();
        Ok(())
    }

    /// Deletes a user folder with its subfolders and their items; returns the ids removed, the folder first.
    pub fn delete_folder(&mut self, id: u32) -> Result<Vec<u32>, FolderError> {
        if self.folder(id).is_none() {
            return Err(FolderError::NotFound);
        }
        if is_standard(id) {
            return Err(FolderError::Special);
        }
        let mut removed = vec![id];
        let mut i = 0;
        while i < removed.len() {
            let parent = removed[i];
            removed.extend(
                self.folders
                    .iter()
                    .filter(|f| f.parent == parent)
                    .map(|f| f.id),
            );
            i += 1;
        }
        self.revision += 1;
        self.folders.retain(|f| !removed.contains(&f.id));
        self.mark_dirty();
        Ok(removed)
    }

    fn name_taken(&self, parent: u32, name: &str, except: Option<u32>) -> bool {
        self.folders
            .iter()
            .any(|f| f.parent == parent && Some(f.id) != except && eq_ci(&f.name, name))
    }

    /// What a device holding `known` (folder id → version) lacks: updates, deletes, then adds, as FolderSync
    /// lists them (MS-ASCMD FolderSync response: Count, Update*, Delete*, Add*).
    pub fn hierarchy_changes(&self, known: &BTreeMap<u32, u32>) -> Vec<FolderChange> {
        let mut updates = Vec::new();
        let mut deletes = Vec::new();
        for (&id, &version) in known {
            match self.folder(id) {
                Some(f) if f.version != version => updates.push(FolderChange::Update(id)),
                Some(_) => {}
                None => deletes.push(FolderChange::Delete(id)),
            }
        }
        let adds = self
            .folders
            .iter()
            .filter(|f| !known.contains_key(&f.id))
            .map(|f| FolderChange::Add(f.id));
        updates.into_iter().chain(deletes).chain(adds).collect()
    }

    /// Moves an item to another folder under a new id (ServerIds name the folder, as Exchange's do).
    pub fn move_item(&mut self, from: u32, item: u32, to: u32) -> Option<u32> {
        self.folder(to)?;
        let mut it = self.folder_mut(from)?.items.remove(&item)?;
        let id = self.next_item;
        self.next_item += 1;
        it.id = id;
        it.version = 1;
        self.folder_mut(to)?.items.insert(id, it);
        Some(id)
    }
}

/// A change the server sends for one item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Add(u32),
    Change(u32),
    Delete(u32),
}

/// What the device lacks: items it does not hold (Add), holds in an older version (Change) or holds but
/// can no longer see (Delete), in item-id order, deletes first. `min_date` leaves out older new items.
pub fn diff(
    folder: &Folder,
    known: &BTreeMap<u32, u32>,
    view: View<'_>,
    min_date: Option<Timestamp>,
) -> Vec<Change> {
    let mut deletes = Vec::new();
    let mut rest = Vec::new();
    for (&id, &version) in known {
        match folder.items.get(&id) {
            Some(item) if view.shows(folder, item) => {
                if item.version != version {
                    rest.push(Change::Change(id));
                }
            }
            _ => deletes.push(Change::Delete(id)),
        }
    }
    for (&id, item) in &folder.items {
        if known.contains_key(&id) || !view.shows(folder, item) {
            continue;
        }
        if min_date.is_some_and(|d| item.filter_date().is_some_and(|date| date < d)) {
            continue;
        }
        rest.push(Change::Add(id));
    }
    rest.sort_by_key(|c| match c {
        Change::Add(id) | Change::Change(id) | Change::Delete(id) => *id,
    });
    deletes.extend(rest);
    deletes
}

/// All mailboxes' protocol state, created lazily per mailbox.
#[derive(Clone, Debug)]
pub struct MailStore {
    seed: u64,
    epoch: Timestamp,
    mailboxes: HashMap<MailboxId, MailboxStore>,
    touched: Vec<MailboxId>,
    /// Set when a journal records the store (`track_changes`): the mailboxes handed out mutably since the last
    /// `take_changed`, which are the only ones that can have changed.
    tracking: bool,
    handed_out: Vec<MailboxId>,
}

impl MailStore {
    /// `seed` and `epoch` (the "now" generated mail is dated relative to) make content reproducible.
    pub fn new(seed: u64, epoch: Timestamp) -> MailStore {
        MailStore {
            seed,
            epoch,
            mailboxes: HashMap::new(),
            touched: Vec::new(),
            tracking: false,
            handed_out: Vec::new(),
        }
    }

    /// From now on, remembers which mailboxes are handed out mutably, for `take_changed`.
    pub fn track_changes(&mut self) {
        self.tracking = true;
    }

    fn hand_out(&mut self, id: MailboxId) {
        if self.tracking && !self.handed_out.contains(&id) {
            self.handed_out.push(id);
        }
    }

    /// The records (`record`) of the mailboxes that changed since the last call, in mailbox order; each is
    /// then taken as recorded. Costs one record per changed mailbox: a mailbox a request only read is skipped by
    /// its revision.
    pub fn take_changed(&mut self) -> Vec<(MailboxId, Vec<u8>)> {
        let mut ids = std::mem::take(&mut self.handed_out);
        ids.sort_unstable();
        let mut out = Vec::new();
        for id in ids {
            if let Some(store) = self.mailboxes.get_mut(&id)
                && store.revision != store.recorded
            {
                store.recorded = store.revision;
                out.push((id, record::encode(store)));
            }
        }
        out
    }

    /// Every materialised mailbox's record, in mailbox order: what a replay of the journal must rebuild.
    pub fn records(&self) -> std::collections::BTreeMap<MailboxId, Vec<u8>> {
        self.mailboxes
            .iter()
            .map(|(&id, store)| (id, record::encode(store)))
            .collect()
    }

    /// Puts a mailbox back as its record says (a state directory's mail, at start).
    pub fn restore(&mut self, id: MailboxId, record: &[u8]) -> Result<(), String> {
        let (seed, epoch) = (self.seed, self.epoch);
        let mut store = record::decode(record).map_err(|e| format!("mailbox #{}: {e}", id.0))?;
        if (store.origin.0, store.origin.1) != (seed, epoch) {
            return Err(format!(
                "mailbox #{}: generated from seed {} and epoch {}, but this server's are {seed} and {epoch}",
                id.0, store.origin.0, store.origin.1
            ));
        }
        store.recorded = store.revision;
        self.mailboxes.insert(id, store);
        Ok(())
    }

    /// Forgets every mailbox's content and sync state (the tenant was replaced: mailbox ids now name other
    /// mailboxes). Content is regenerated on next access from the same seed and epoch.
    pub fn clear(&mut self) {
        self.touched.extend(self.mailboxes.keys().copied());
        self.mailboxes.clear();
        self.handed_out.clear();
    }

    /// How many mailboxes have been materialised.
    pub fn len(&self) -> usize {
        self.mailboxes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.mailboxes.is_empty()
    }

    /// The mailbox's store, generating its hierarchy and mail on first access.
    pub fn mailbox(
        &mut self,
        id: MailboxId,
        guid: Guid,
        owner: &mail_gen::Owner<'_>,
    ) -> &mut MailboxStore {
        let (seed, epoch) = (self.seed, self.epoch);
        self.hand_out(id);
        self.mailboxes
            .entry(id)
            .or_insert_with(|| generate(seed, epoch, guid, owner))
    }

    /// The store of a tenant's mailbox, generated on first access.
    pub fn of(&mut self, tenant: &Tenant, id: MailboxId) -> &mut MailboxStore {
        let m = tenant.mailbox(id);
        let owner = mail_gen::Owner {
            display_name: &m.display_name,
            smtp: &m.primary_smtp_address,
        };
        self.mailbox(id, m.guid, &owner)
    }

    /// The store of a tenant's mailbox with `folder`'s generated items made (`MailboxStore::fill`); the people
    /// invited to generated meetings are the mailboxes after it in tenant order.
    pub fn filled(&mut self, tenant: &Tenant, id: MailboxId, folder: u32) -> &mut MailboxStore {
        let pending = self.of(tenant, id).pending(folder);
        if pending {
            let m = tenant.mailbox(id);
            let owner = mail_gen::Owner {
                display_name: &m.display_name,
                smtp: &m.primary_smtp_address,
            };
            let count = tenant.mailbox_count();
            let colleagues: Vec<mail_gen::Owner<'_>> = (1..count.min(pim_gen::MAX_COLLEAGUES + 1))
                .map(|step| {
                    let other = tenant.mailbox(MailboxId(((id.0 as usize + step) % count) as u32));
                    mail_gen::Owner {
                        display_name: &other.display_name,
                        smtp: &other.primary_smtp_address,
                    }
                })
                .collect();
            self.of(tenant, id).fill(folder, &owner, &colleagues);
        }
        self.of(tenant, id)
    }

    /// The mailbox's store if it has been materialised, to read.
    pub fn get(&self, id: MailboxId) -> Option<&MailboxStore> {
        self.mailboxes.get(&id)
    }

    /// The mailbox's store if it has been materialised.
    pub fn existing(&mut self, id: MailboxId) -> Option<&mut MailboxStore> {
        if self.mailboxes.contains_key(&id) {
            self.hand_out(id);
        }
        self.mailboxes.get_mut(&id)
    }

    /// Records that a mailbox's content changed, so waiting Pings re-check it.
    pub fn touch(&mut self, id: MailboxId) {
        if !self.touched.contains(&id) {
            self.touched.push(id);
        }
    }

    /// The mailboxes changed since the last call.
    pub fn take_touched(&mut self) -> Vec<MailboxId> {
        std::mem::take(&mut self.touched)
    }
}

fn generate(seed: u64, epoch: Timestamp, guid: Guid, owner: &mail_gen::Owner<'_>) -> MailboxStore {
    let mut store = MailboxStore {
        folders: STANDARD_FOLDERS
            .iter()
            .map(|&(id, name, kind)| Folder {
                id,
                parent: 0,
                name: name.to_string(),
                kind,
                version: 1,
                items: BTreeMap::new(),
            })
            .collect(),
        next_item: 1,
        next_folder: FIRST_USER_FOLDER,
        oof: Oof::default(),
        devices: HashMap::new(),
        dirty: false,
        max_devices_notice: None,
        origin: (seed, epoch, guid),
        pim_pending: pim_gen::GENERATED_FOLDERS.to_vec(),
        runs: Vec::new(),
        revision: 1,
        recorded: 0,
    };
    let mail = mail_gen::mailbox_mail(seed, epoch, guid, owner);
    for (index, (folder, message, read)) in mail.into_iter().enumerate() {
        if let Some(id) = store.add_item(folder, message, read, None) {
            store.mark_generated(folder, id, GENERATED_MAIL, index);
        }
    }
    store.runs.push(GenInputs {
        run: GENERATED_MAIL,
        owner: owned(owner),
        colleagues: Vec::new(),
    });
    store
}

fn owned(o: &mail_gen::Owner<'_>) -> (String, String) {
    (o.display_name.to_string(), o.smtp.to_string())
}
