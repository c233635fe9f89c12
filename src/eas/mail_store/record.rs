//! A mailbox's record: one `MailboxStore` — folders, items, per-device sync state — as bytes a state directory
//! keeps (`easim serve --state`), so a device goes on with its SyncKeys after a restart instead of starting over.
//!
//! Generated content is named, not copied: an item the generator made and nobody changed since is written as its
//! place in a generator run (`Generated`), and the record keeps who each run wrote for (the owner's and
//! colleagues' names then). Reading the record back runs those generators again — they depend only on the seed,
//! the epoch, the mailbox Guid and those names — and takes each named payload from their output. So a record is
//! a few bytes per generated item; what clients created or changed is written whole.
//!
//! The bytes are JSON (serde), in a fixed order (folders as stored, items, devices and collections sorted), so a
//! mailbox in the same state always gives the same bytes: the journal's replay test compares them. A record
//! that does not read back is an error, never a guess.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::model::{CiKey, DeviceAccessState, Guid, Timestamp};
use crate::wbxml::{self, Document};

use super::super::folder::FolderType;
use super::super::mail_gen::{self, Owner};
use super::super::pim::Payload;
use super::super::pim_gen;
use super::{
    CollectionState, DeviceState, Folder, GENERATED_MAIL, GenInputs, Generated, Item, MailboxStore,
    Oof, PingParams,
};

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Record<'a> {
    v: u32,
    seed: u64,
    epoch: Timestamp,
    guid: Guid,
    runs: Vec<RunRec<'a>>,
    next_item: u32,
    next_folder: u32,
    oof: Cow<'a, Oof>,
    max_devices_notice: Option<Timestamp>,
    pim_pending: Cow<'a, [u32]>,
    folders: Vec<FolderRec<'a>>,
    devices: Vec<DeviceRec<'a>>,
}

#[derive(Serialize, Deserialize)]
struct RunRec<'a> {
    run: u32,
    owner: (Cow<'a, str>, Cow<'a, str>),
    colleagues: Cow<'a, [(String, String)]>,
}

#[derive(Serialize, Deserialize)]
struct FolderRec<'a> {
    id: u32,
    parent: u32,
    name: Cow<'a, str>,
    kind: FolderType,
    version: u32,
    items: Vec<ItemRec<'a>>,
}

/// One item; short names, since a mailbox has dozens of these and a record is written per change.
#[derive(Serialize, Deserialize)]
struct ItemRec<'a> {
    #[serde(rename = "i")]
    id: u32,
    #[serde(rename = "v")]
    version: u32,
    #[serde(rename = "r", default, skip_serializing_if = "is_false")]
    read: bool,
    #[serde(rename = "f", default, skip_serializing_if = "is_false")]
    flagged: bool,
    #[serde(rename = "n", default, skip_serializing_if = "Option::is_none")]
    notice_for: Option<Cow<'a, str>>,
    /// (run, index) of a generated payload …
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    generated: Option<(u32, u32)>,
    /// … or the payload itself.
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    payload: Option<Cow<'a, Payload>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize, Deserialize)]
struct DeviceRec<'a> {
    id: Cow<'a, str>,
    hierarchy_key: u32,
    folders: Cow<'a, BTreeMap<u32, u32>>,
    collections: BTreeMap<u32, Cow<'a, CollectionState>>,
    ping: Option<Cow<'a, PingParams>>,
    abq_notice: Option<DeviceAccessState>,
    info_user_agent: bool,
    /// The last Sync request, as WBXML in base64.
    last_sync: Option<String>,
}

/// The record of `store`.
pub fn encode(store: &MailboxStore) -> Vec<u8> {
    let (seed, epoch, guid) = store.origin;
    let mut devices: Vec<DeviceRec<'_>> = store
        .devices
        .iter()
        .map(|(id, d)| device_rec(id, d))
        .collect();
    devices.sort_by(|a, b| a.id.cmp(&b.id));
    let record = Record {
        v: VERSION,
        seed,
        epoch,
        guid,
        runs: store
            .runs
            .iter()
            .map(|r| RunRec {
                run: r.run,
                owner: (Cow::Borrowed(&r.owner.0), Cow::Borrowed(&r.owner.1)),
                colleagues: Cow::Borrowed(&r.colleagues),
            })
            .collect(),
        next_item: store.next_item,
        next_folder: store.next_folder,
        oof: Cow::Borrowed(&store.oof),
        max_devices_notice: store.max_devices_notice,
        pim_pending: Cow::Borrowed(&store.pim_pending),
        folders: store
            .folders
            .iter()
            .map(|f| FolderRec {
                id: f.id,
                parent: f.parent,
                name: Cow::Borrowed(&f.name),
                kind: f.kind,
                version: f.version,
                items: f.items.values().map(item_rec).collect(),
            })
            .collect(),
        devices,
    };
    serde_json::to_vec(&record).expect("a mailbox record is plain data with string keys")
}

fn item_rec(it: &Item) -> ItemRec<'_> {
    ItemRec {
        id: it.id,
        version: it.version,
        read: it.read,
        flagged: it.flagged,
        notice_for: it.notice_for.as_deref().map(Cow::Borrowed),
        generated: it.generated.map(|g| (g.run, g.index)),
        payload: match it.generated {
            Some(_) => None,
            None => Some(Cow::Borrowed(&it.payload)),
        },
    }
}

fn device_rec<'a>(id: &'a CiKey, d: &'a DeviceState) -> DeviceRec<'a> {
    DeviceRec {
        id: Cow::Borrowed(&id.0),
        hierarchy_key: d.hierarchy_key,
        folders: Cow::Borrowed(&d.folders),
        collections: d
            .collections
            .iter()
            .map(|(&k, c)| (k, Cow::Borrowed(c)))
            .collect(),
        ping: d.ping.as_ref().map(Cow::Borrowed),
        abq_notice: d.abq_notice,
        info_user_agent: d.info_user_agent,
        last_sync: d.last_sync.as_deref().map(|el| {
            let bytes = wbxml::encode(&Document { root: el.clone() });
            base64::engine::general_purpose::STANDARD.encode(bytes)
        }),
    }
}

/// Reads a record back into a store, generating the named content again.
pub fn decode(bytes: &[u8]) -> Result<MailboxStore, String> {
    let r: Record<'_> = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if r.v != VERSION {
        return Err(format!(
            "mailbox record version {} (this easim reads {VERSION})",
            r.v
        ));
    }
    // The generator runs' output, by run.
    let mut generated: BTreeMap<u32, Vec<Payload>> = BTreeMap::new();
    for run in &r.runs {
        let owner = Owner {
            display_name: &run.owner.0,
            smtp: &run.owner.1,
        };
        let payloads = if run.run == GENERATED_MAIL {
            mail_gen::mailbox_mail(r.seed, r.epoch, r.guid, &owner)
                .into_iter()
                .map(|(_, m, _)| Payload::Email(Arc::new(m)))
                .collect()
        } else {
            let colleagues: Vec<Owner<'_>> = run
                .colleagues
                .iter()
                .map(|(name, smtp)| Owner {
                    display_name: name,
                    smtp,
                })
                .collect();
            let kind = r
                .folders
                .iter()
                .find(|f| f.id == run.run)
                .map(|f| f.kind)
                .ok_or_else(|| format!("generator run {} names no folder", run.run))?;
            pim_gen::folder_items(r.seed, r.epoch, r.guid, kind, &owner, &colleagues)
        };
        generated.insert(run.run, payloads);
    }
    let mut folders = Vec::with_capacity(r.folders.len());
    for f in r.folders {
        let mut items = BTreeMap::new();
        for it in f.items {
            let payload = match (it.generated, it.payload) {
                (Some((run, index)), None) => generated
                    .get(&run)
                    .and_then(|p| p.get(index as usize))
                    .cloned()
                    .ok_or_else(|| format!("item {}: no generated payload {run}/{index}", it.id))?,
                (None, Some(p)) => p.into_owned(),
                _ => return Err(format!("item {}: neither generated nor stored", it.id)),
            };
            items.insert(
                it.id,
                Item {
                    id: it.id,
                    version: it.version,
                    payload,
                    read: it.read,
                    flagged: it.flagged,
                    notice_for: it.notice_for.map(Cow::into_owned),
                    generated: it.generated.map(|(run, index)| Generated { run, index }),
                },
            );
        }
        folders.push(Folder {
            id: f.id,
            parent: f.parent,
            name: f.name.into_owned(),
            kind: f.kind,
            version: f.version,
            items,
        });
    }
    let mut devices = hashbrown::HashMap::new();
    for d in r.devices {
        let last_sync = match d.last_sync {
            None => None,
            Some(text) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .map_err(|e| format!("device {}: last Sync: {e}", d.id))?;
                let doc = wbxml::decode(&bytes)
                    .map_err(|e| format!("device {}: last Sync: {e}", d.id))?;
                Some(Arc::new(doc.root))
            }
        };
        let state = DeviceState {
            hierarchy_key: d.hierarchy_key,
            folders: d.folders.into_owned(),
            collections: d
                .collections
                .into_iter()
                .map(|(k, c)| (k, c.into_owned()))
                .collect(),
            ping: d.ping.map(Cow::into_owned),
            abq_notice: d.abq_notice,
            info_user_agent: d.info_user_agent,
            last_sync,
        };
        devices.insert(CiKey::new(&d.id), state);
    }
    Ok(MailboxStore {
        folders,
        next_item: r.next_item,
        next_folder: r.next_folder,
        oof: r.oof.into_owned(),
        devices,
        dirty: false,
        max_devices_notice: r.max_devices_notice,
        origin: (r.seed, r.epoch, r.guid),
        pim_pending: r.pim_pending.into_owned(),
        runs: r
            .runs
            .into_iter()
            .map(|run| GenInputs {
                run: run.run,
                owner: (run.owner.0.into_owned(), run.owner.1.into_owned()),
                colleagues: run.colleagues.into_owned(),
            })
            .collect(),
        revision: 1,
        recorded: 1,
    })
}
