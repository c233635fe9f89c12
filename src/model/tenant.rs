//! `Tenant`: the whole in-memory organization (mailboxes, device partnerships, rules, policies, settings)
//! and the indexes that make lookups cheap.
//!
//! Every mutation goes through a method here so the indexes can never drift from the data. Nothing here decides
//! access or reads the clock.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use hashbrown::HashMap;

use super::{
    AuditLog, Characteristic, DEVICE_CONTAINER, DeviceAccessState, Guid, IDENTITY_SEPARATOR,
    Mailbox, MobileDevice, MobileDeviceMailboxPolicy, ModelError, OrganizationSettings, RuleSet,
    SimSettings,
    ci::{CiKey, CiRef, eq_ci},
    mailbox::CasSettings,
};

use super::ids::{DeviceKey, MailboxId};
use super::name_index::NameIndex;

/// The mailboxes one identity key names: almost always one, so that case needs no allocation.
#[derive(Clone, Debug)]
enum MailboxIds {
    One(MailboxId),
    Many(Vec<MailboxId>),
}

impl MailboxIds {
    fn as_slice(&self) -> &[MailboxId] {
        match self {
            MailboxIds::One(id) => std::slice::from_ref(id),
            MailboxIds::Many(ids) => ids,
        }
    }

    /// Adds `id` unless present (one mailbox's Name and Alias may be the same text).
    fn insert(&mut self, id: MailboxId) {
        match self {
            MailboxIds::One(first) if *first == id => {}
            MailboxIds::One(first) => *self = MailboxIds::Many(vec![*first, id]),
            MailboxIds::Many(ids) if ids.contains(&id) => {}
            MailboxIds::Many(ids) => ids.push(id),
        }
    }
}

/// The characteristics whose device values are indexed (rule restamping and OPATH filters use them).
const INDEXED: [Characteristic; 4] = [
    Characteristic::DeviceType,
    Characteristic::DeviceModel,
    Characteristic::DeviceOS,
    Characteristic::UserAgent,
];

#[derive(Clone, Debug)]
pub struct Tenant {
    domain: String,
    pub org: OrganizationSettings,
    pub settings: SimSettings,
    pub rules: RuleSet,
    /// The administrator audit log (not tenant data: equality, the fixture format and a replaced tenant ignore it).
    pub audit: AuditLog,
    policies: Vec<MobileDeviceMailboxPolicy>,
    mailboxes: Vec<Mailbox>,
    mailbox_index: HashMap<CiKey, MailboxIds>,
    guid_index: HashMap<Guid, MailboxId>,
    /// Lower-cased display names, their words, aliases and SMTP addresses (ANR: ResolveRecipients, GAL search).
    names: NameIndex,
    /// Mailboxes by assigned policy name (case-insensitive); mailboxes on the default policy are not listed.
    by_policy: HashMap<CiKey, BTreeSet<MailboxId>>,
    devices: Vec<Option<MobileDevice>>,
    device_guid_index: HashMap<Guid, DeviceKey>,
    /// Devices by DeviceId (case-insensitive) across mailboxes; a DeviceId is fixed for a partnership's life.
    device_id_index: HashMap<CiKey, Vec<DeviceKey>>,
    free_slots: Vec<u32>,
    device_count: usize,
    by_mailbox: Vec<Vec<DeviceKey>>,
    by_value: [HashMap<CiKey, BTreeSet<DeviceKey>>; 4],
    by_state: [BTreeSet<DeviceKey>; 5],
    /// The change counter (`changes`).
    changes: u64,
    /// The Outlook on the web mailbox policies the mailboxes were given (the tenant keeps no other record of OWA
    /// policies), folded → as spelled; gathered on the first question, forgotten when a mailbox is added.
    owa_policies: OnceLock<HashMap<CiKey, String>>,
}

impl Tenant {
    /// An empty tenant for `domain` with Exchange's defaults and a `Default` mailbox policy.
    pub fn new(domain: &str) -> Tenant {
        let default_policy = MobileDeviceMailboxPolicy {
            guid: Guid::from_random_bits(0xD0_0D),
            is_default: true,
            ..MobileDeviceMailboxPolicy::default()
        };
        Tenant {
            domain: domain.to_string(),
            org: OrganizationSettings::default(),
            settings: SimSettings::default(),
            rules: RuleSet::default(),
            audit: AuditLog::default(),
            policies: vec![default_policy],
            mailboxes: Vec::new(),
            mailbox_index: HashMap::new(),
            guid_index: HashMap::new(),
            names: NameIndex::default(),
            by_policy: HashMap::new(),
            devices: Vec::new(),
            device_guid_index: HashMap::new(),
            device_id_index: HashMap::new(),
            free_slots: Vec::new(),
            device_count: 0,
            by_mailbox: Vec::new(),
            by_value: Default::default(),
            by_state: Default::default(),
            changes: 0,
            owa_policies: OnceLock::new(),
        }
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    // ---- the change counter ----------------------------------------------------------------------------------

    /// How many changes this tenant has had: every mutating method of `Tenant` counts one change, and
    /// `record_change` counts a change to the public fields (`org`, `settings`, `rules`). It only grows (a
    /// restore sets it past both the old and the restored value), so a snapshot that carries it (Export-Tenant)
    /// tells a later restore how many changes it would discard. Not part of the tenant's data: equality ignores it.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Counts one change made to `org`, `settings` or `rules` directly.
    pub fn record_change(&mut self) {
        self.changes = self.changes.saturating_add(1);
    }

    /// Sets the counter (loading a snapshot that carries one, or a freshly built tenant that starts at 0).
    pub fn set_changes(&mut self, changes: u64) {
        self.changes = changes;
    }

    // ---- mailboxes -------------------------------------------------------------------------------------------

    pub fn mailbox_count(&self) -> usize {
        self.mailboxes.len()
    }

    pub fn mailboxes(&self) -> impl ExactSizeIterator<Item = (MailboxId, &Mailbox)> {
        self.mailboxes
            .iter()
            .enumerate()
            .map(|(i, m)| (MailboxId(i as u32), m))
    }

    /// The mailbox behind an id handed out by this tenant.
    pub fn mailbox(&self, id: MailboxId) -> &Mailbox {
        &self.mailboxes[id.0 as usize]
    }

    /// The mailbox's CAS settings to change freely; the assigned-policy index follows when the guard is dropped.
    pub fn cas_mut(&mut self, id: MailboxId) -> CasMut<'_> {
        self.record_change();
        let before = self.mailbox(id).cas.active_sync_mailbox_policy.clone();
        CasMut {
            tenant: self,
            id,
            before,
        }
    }

    /// The mailboxes assigned to the policy called `name` (case-insensitive), in tenant order.
    pub fn mailboxes_with_policy(&self, name: &str) -> impl Iterator<Item = MailboxId> + '_ {
        self.by_policy
            .get(&CiRef(name))
            .into_iter()
            .flat_map(|s| s.iter().copied())
    }

    fn index_policy(&mut self, id: MailboxId, name: Option<&str>) {
        if let Some(name) = name {
            match self.by_policy.get_mut(&CiRef(name)) {
                Some(set) => {
                    set.insert(id);
                }
                None => {
                    self.by_policy
                        .insert(CiKey::new(name), BTreeSet::from([id]));
                }
            }
        }
    }

    fn unindex_policy(&mut self, id: MailboxId, name: Option<&str>) {
        if let Some(name) = name
            && let Some(set) = self.by_policy.get_mut(&CiRef(name))
        {
            set.remove(&id);
            if set.is_empty() {
                self.by_policy.remove(&CiRef(name));
            }
        }
    }

    /// Adds a mailbox. Name, Alias, PrimarySmtpAddress, UserPrincipalName and Guid must each be unique among
    /// mailboxes (Exchange enforces the same).
    pub fn add_mailbox(&mut self, mailbox: Mailbox) -> Result<MailboxId, ModelError> {
        self.owa_policies = OnceLock::new();
        for (what, value) in [
            ("Name", &mailbox.name),
            ("Alias", &mailbox.alias),
            ("PrimarySmtpAddress", &mailbox.primary_smtp_address),
            ("UserPrincipalName", &mailbox.user_principal_name),
        ] {
            if value.trim().is_empty() {
                return Err(ModelError::EmptyField { what });
            }
            if self.mailbox_field_taken(what, value) {
                return Err(ModelError::DuplicateMailbox {
                    what,
                    value: value.clone(),
                });
            }
        }
        if self.guid_index.contains_key(&mailbox.guid) {
            return Err(ModelError::DuplicateMailbox {
                what: "Guid",
                value: mailbox.guid.to_string(),
            });
        }
        let id = MailboxId(self.mailboxes.len() as u32);
        for key in [
            &mailbox.name,
            &mailbox.alias,
            &mailbox.primary_smtp_address,
            &mailbox.user_principal_name,
        ] {
            match self.mailbox_index.get_mut(&CiRef(key)) {
                Some(ids) => ids.insert(id),
                None => {
                    self.mailbox_index
                        .insert(CiKey::new(key), MailboxIds::One(id));
                }
            }
        }
        self.guid_index.insert(mailbox.guid, id);
        self.names.insert(
            id,
            &mailbox.display_name,
            &mailbox.alias,
            &mailbox.primary_smtp_address,
        );
        let policy = mailbox.cas.active_sync_mailbox_policy.clone();
        self.mailboxes.push(mailbox);
        self.index_policy(id, policy.as_deref());
        self.by_mailbox.push(Vec::new());
        self.record_change();
        Ok(id)
    }

    fn mailbox_field_taken(&self, what: &str, value: &str) -> bool {
        let Some(ids) = self.mailbox_index.get(&CiRef(value)) else {
            return false;
        };
        ids.as_slice().iter().any(|&id| {
            let m = self.mailbox(id);
            let field = match what {
                "Name" => &m.name,
                "Alias" => &m.alias,
                "PrimarySmtpAddress" => &m.primary_smtp_address,
                _ => &m.user_principal_name,
            };
            eq_ci(field, value)
        })
    }

    /// Every mailbox whose Name, Alias, PrimarySmtpAddress, UserPrincipalName or Guid equals `identity`
    /// (case-insensitive), in tenant order. More than one means the identity is ambiguous.
    pub fn find_mailboxes(&self, identity: &str) -> &[MailboxId] {
        let text = identity.trim();
        if let Some(guid) = Guid::parse(text) {
            return self
                .guid_index
                .get(&guid)
                .map(std::slice::from_ref)
                .unwrap_or(&[]);
        }
        self.mailbox_index
            .get(&CiRef(text))
            .map(MailboxIds::as_slice)
            .unwrap_or(&[])
    }

    /// Ambiguous name resolution: the distinct mailboxes whose display name, a word of it, alias or primary SMTP
    /// address starts with `prefix` (case-insensitive), at most `limit`, in index order (display names sort
    /// with their first word). Answered from an index maintained by `add_mailbox`: no scan of the tenant.
    pub fn anr(&self, prefix: &str, limit: usize) -> Vec<MailboxId> {
        self.names.prefixed(prefix, limit)
    }

    /// The OWA mailbox policy some mailbox was given that is named `name` (case-insensitively), spelled as
    /// stored. Set-CASMailbox -OwaMailboxPolicy takes only such a name (or the default), so the set of names
    /// only shrinks by a reassignment, which Exchange's policy objects would outlive too.
    pub fn owa_policy(&self, name: &str) -> Option<&str> {
        self.owa_policies
            .get_or_init(|| {
                let mut names = HashMap::new();
                for m in &self.mailboxes {
                    if let Some(p) = m.cas.owa_mailbox_policy.as_deref() {
                        names.entry(CiKey::new(p)).or_insert_with(|| p.to_string());
                    }
                }
                names
            })
            .get(&CiRef(name))
            .map(String::as_str)
    }

    /// Builds now what the indexes otherwise build on their first question (the ANR order): a server calls it
    /// before it answers, so no request pays for it.
    pub fn prepare_indexes(&self) {
        self.names.sorted();
    }

    /// Whether the mailbox has at least one device partnership (HasActiveSyncDevicePartnership).
    pub fn has_device_partnership(&self, id: MailboxId) -> bool {
        !self.by_mailbox[id.0 as usize].is_empty()
    }

    /// The mailbox policy that applies to a mailbox: its assigned one, else the tenant default.
    pub fn policy_for(&self, id: MailboxId) -> &MobileDeviceMailboxPolicy {
        self.mailbox(id)
            .cas
            .active_sync_mailbox_policy
            .as_deref()
            .and_then(|name| self.policy(name))
            .unwrap_or_else(|| self.default_policy())
    }

    // ---- policies --------------------------------------------------------------------------------------------

    pub fn policies(&self) -> &[MobileDeviceMailboxPolicy] {
        &self.policies
    }

    pub fn policy(&self, name: &str) -> Option<&MobileDeviceMailboxPolicy> {
        let guid = Guid::parse(name);
        self.policies
            .iter()
            .find(|p| eq_ci(&p.name, name.trim()) || Some(p.guid) == guid)
    }

    pub fn default_policy(&self) -> &MobileDeviceMailboxPolicy {
        self.policies
            .iter()
            .find(|p| p.is_default)
            .expect("a tenant always has exactly one default policy")
    }

    /// Adds or replaces (by Guid) a policy. Making it the default clears the flag on the others; the default
    /// cannot be un-set except by making another policy the default. Bumps its revision.
    pub fn put_policy(&mut self, mut policy: MobileDeviceMailboxPolicy) -> Result<(), ModelError> {
        if policy.name.trim().is_empty() {
            return Err(ModelError::EmptyField { what: "Name" });
        }
        if let Some(other) = self.policy(&policy.name)
            && other.guid != policy.guid
        {
            return Err(ModelError::DuplicatePolicy(policy.name));
        }
        let existing = self.policies.iter().position(|p| p.guid == policy.guid);
        if let Some(i) = existing {
            if self.policies[i].is_default && !policy.is_default {
                return Err(ModelError::DefaultPolicyRequired);
            }
            policy.revision = self.policies[i].revision + 1;
        }
        if policy.is_default {
            for p in &mut self.policies {
                p.is_default = false;
            }
        }
        match existing {
            Some(i) => self.policies[i] = policy,
            None => self.policies.push(policy),
        }
        self.record_change();
        Ok(())
    }

    /// Replaces all policies at once (loading a fixture): names must be unique and exactly one the default.
    pub fn replace_policies(
        &mut self,
        policies: Vec<MobileDeviceMailboxPolicy>,
    ) -> Result<(), ModelError> {
        if policies.iter().filter(|p| p.is_default).count() != 1 {
            return Err(ModelError::DefaultPolicyRequired);
        }
        for (i, p) in policies.iter().enumerate() {
            if p.name.trim().is_empty() {
                return Err(ModelError::EmptyField { what: "Name" });
            }
            if policies[..i].iter().any(|q| eq_ci(&q.name, &p.name)) {
                return Err(ModelError::DuplicatePolicy(p.name.clone()));
            }
        }
        self.policies = policies;
        self.record_change();
        Ok(())
    }

    /// Removes a policy that is not the default; mailboxes assigned to it fall back to the default.
    pub fn remove_policy(&mut self, guid: Guid) -> Result<MobileDeviceMailboxPolicy, ModelError> {
        let i = self
            .policies
            .iter()
            .position(|p| p.guid == guid)
            .ok_or(ModelError::NoSuchPolicy)?;
        if self.policies[i].is_default {
            return Err(ModelError::DefaultPolicyRequired);
        }
        let removed = self.policies.remove(i);
        let assigned: Vec<MailboxId> = self.mailboxes_with_policy(&removed.name).collect();
        for id in assigned {
            self.cas_mut(id).active_sync_mailbox_policy = None;
        }
        self.record_change();
        Ok(removed)
    }

    // ---- devices ---------------------------------------------------------------------------------------------

    pub fn device_count(&self) -> usize {
        self.device_count
    }

    /// All partnerships in slot order.
    pub fn devices(&self) -> impl Iterator<Item = (DeviceKey, &MobileDevice)> {
        self.devices
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.as_ref().map(|d| (DeviceKey(i as u32), d)))
    }

    pub fn device(&self, key: DeviceKey) -> Option<&MobileDevice> {
        self.devices.get(key.0 as usize).and_then(Option::as_ref)
    }

    /// The mailbox's partnerships in the order they were created.
    pub fn devices_of(&self, id: MailboxId) -> &[DeviceKey] {
        &self.by_mailbox[id.0 as usize]
    }

    /// The mailbox's partnership with this DeviceId (case-insensitive), if any.
    pub fn find_device(&self, id: MailboxId, device_id: &str) -> Option<DeviceKey> {
        self.devices_of(id).iter().copied().find(|&k| {
            self.device(k)
                .is_some_and(|d| eq_ci(&d.device_id, device_id))
        })
    }

    /// `<mailbox Name>\ExchangeActiveSyncDevices\<leaf>`.
    pub fn device_identity(&self, device: &MobileDevice) -> String {
        let name = &self.mailbox(device.mailbox).name;
        let mut identity = String::with_capacity(
            name.len()
                + DEVICE_CONTAINER.len()
                + device.device_type.len()
                + device.device_id.len()
                + 16,
        );
        identity.push_str(name);
        identity.push('\\');
        identity.push_str(DEVICE_CONTAINER);
        identity.push('\\');
        device.push_identity_leaf(&mut identity);
        identity
    }

    /// Resolves a device Identity string (`Name\ExchangeActiveSyncDevices\Type§Id`, case-insensitive; the
    /// middle segment may be omitted) or a device Guid.
    pub fn device_by_identity(&self, identity: &str) -> Option<DeviceKey> {
        let identity = identity.trim();
        if let Some(guid) = Guid::parse(identity) {
            return self.device_guid_index.get(&guid).copied();
        }
        let (owner, rest) = identity.split_once('\\')?;
        let leaf = match rest.split_once('\\') {
            Some((container, leaf)) if eq_ci(container, DEVICE_CONTAINER) => leaf,
            Some(_) => return None,
            None => rest,
        };
        if !leaf.contains(IDENTITY_SEPARATOR) {
            return None;
        }
        // The first segment is the mailbox's Name; any other identity of exactly one mailbox is accepted too.
        // Both come from the identity index, so this costs no scan of the tenant.
        let candidates = self.find_mailboxes(owner);
        let owner = candidates
            .iter()
            .copied()
            .find(|&id| eq_ci(&self.mailbox(id).name, owner.trim()))
            .or(match candidates {
                [one] => Some(*one),
                _ => None,
            })?;
        self.devices_of(owner).iter().copied().find(|&k| {
            self.device(k)
                .is_some_and(|d| eq_ci(&d.identity_leaf(), leaf))
        })
    }

    /// Every partnership with this DeviceId (case-insensitive), in any mailbox, in key order.
    pub fn devices_with_id(&self, device_id: &str) -> Vec<DeviceKey> {
        let mut keys = self
            .device_id_index
            .get(&CiRef(device_id.trim()))
            .cloned()
            .unwrap_or_default();
        keys.sort_unstable();
        keys
    }

    /// Devices whose value for an indexed characteristic equals `value` (case-insensitive), in key order.
    /// `XMSWLHeader` is not indexed and yields a scan.
    pub fn devices_with(&self, characteristic: Characteristic, value: &str) -> Vec<DeviceKey> {
        match INDEXED.iter().position(|&c| c == characteristic) {
            Some(i) => self.by_value[i]
                .get(&CiRef(value))
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default(),
            None => self
                .devices()
                .filter(|(_, d)| eq_ci(&d.xms_wl_header, value))
                .map(|(k, _)| k)
                .collect(),
        }
    }

    /// Devices whose stored DeviceAccessState is `state`, in key order.
    pub fn devices_in_state(
        &self,
        state: DeviceAccessState,
    ) -> impl Iterator<Item = DeviceKey> + '_ {
        self.by_state[state as usize].iter().copied()
    }

    /// How many devices have each stored DeviceAccessState, from the state index (no scan).
    pub fn state_counts(&self) -> [(DeviceAccessState, usize); 5] {
        // No allocation: the live feed compares these before and after every request while a console watches.
        let mut counts = [(DeviceAccessState::Unknown, 0); 5];
        for (slot, &s) in counts.iter_mut().zip(DeviceAccessState::ALL) {
            *slot = (s, self.by_state[s as usize].len());
        }
        counts
    }

    /// Each distinct value of an indexed characteristic (as first stored) with its device count, from the index
    /// (cost grows with the number of distinct values, not devices); `None` for `XMSWLHeader`, which is not
    /// indexed.
    pub fn value_counts(&self, characteristic: Characteristic) -> Option<Vec<(&str, usize)>> {
        let i = INDEXED.iter().position(|&c| c == characteristic)?;
        Some(
            self.by_value[i]
                .iter()
                .map(|(k, set)| (&*k.0, set.len()))
                .collect(),
        )
    }

    /// Adds a partnership to `device.mailbox`. A second partnership with the same DeviceId in one mailbox is
    /// refused. The EasMaxDevices cap is the caller's to enforce (it is a protocol status, not a model error).
    pub fn add_device(&mut self, device: MobileDevice) -> Result<DeviceKey, ModelError> {
        let owner = device.mailbox;
        if owner.0 as usize >= self.mailboxes.len() {
            return Err(ModelError::NoSuchMailbox);
        }
        if device.device_id.is_empty() {
            return Err(ModelError::EmptyField { what: "DeviceId" });
        }
        if self.find_device(owner, &device.device_id).is_some() {
            return Err(ModelError::DuplicateDevice {
                mailbox: self.mailbox(owner).name.clone(),
                device_id: device.device_id,
            });
        }
        if self.device_guid_index.contains_key(&device.guid) {
            return Err(ModelError::DuplicateDeviceGuid(device.guid.to_string()));
        }
        let key = match self.free_slots.pop() {
            Some(slot) => DeviceKey(slot),
            None => {
                self.devices.push(None);
                DeviceKey(self.devices.len() as u32 - 1)
            }
        };
        self.index_device(key, &device);
        self.device_guid_index.insert(device.guid, key);
        self.device_id_index
            .entry(CiKey::new(&device.device_id))
            .or_default()
            .push(key);
        self.by_mailbox[owner.0 as usize].push(key);
        self.devices[key.0 as usize] = Some(device);
        self.device_count += 1;
        self.record_change();
        Ok(key)
    }

    /// Removes a partnership and returns it.
    pub fn remove_device(&mut self, key: DeviceKey) -> Option<MobileDevice> {
        let device = self.devices.get_mut(key.0 as usize)?.take()?;
        self.unindex_device(key, &device);
        self.device_guid_index.remove(&device.guid);
        if let Some(keys) = self.device_id_index.get_mut(&CiRef(&device.device_id)) {
            keys.retain(|&k| k != key);
            if keys.is_empty() {
                self.device_id_index.remove(&CiRef(&device.device_id));
            }
        }
        self.by_mailbox[device.mailbox.0 as usize].retain(|&k| k != key);
        self.free_slots.push(key.0);
        self.device_count -= 1;
        self.record_change();
        Some(device)
    }

    /// Changes a device through `f` and keeps the indexes in step. The owner, DeviceId and Guid identify the
    /// partnership and are restored if `f` changes them.
    pub fn update_device<R>(
        &mut self,
        key: DeviceKey,
        f: impl FnOnce(&mut MobileDevice) -> R,
    ) -> Option<R> {
        let slot = self.devices.get_mut(key.0 as usize)?;
        let device = slot.as_mut()?;
        let before = IndexedValues::of(device);
        let (owner, device_id, guid) = (device.mailbox, device.device_id.clone(), device.guid);
        let result = f(device);
        device.mailbox = owner;
        device.device_id = device_id;
        device.guid = guid;
        let after = IndexedValues::of(device);
        if before != after {
            self.reindex(key, &before, &after);
        }
        self.record_change();
        Some(result)
    }

    fn index_device(&mut self, key: DeviceKey, device: &MobileDevice) {
        let values = IndexedValues::of(device);
        for (i, v) in values.values.iter().enumerate() {
            self.by_value[i]
                .entry(CiKey::new(v))
                .or_default()
                .insert(key);
        }
        self.by_state[values.state as usize].insert(key);
    }

    fn unindex_device(&mut self, key: DeviceKey, device: &MobileDevice) {
        let values = IndexedValues::of(device);
        self.unindex_values(key, &values);
    }

    fn unindex_values(&mut self, key: DeviceKey, values: &IndexedValues) {
        for (i, v) in values.values.iter().enumerate() {
            if let Some(set) = self.by_value[i].get_mut(&CiRef(v)) {
                set.remove(&key);
                if set.is_empty() {
                    self.by_value[i].remove(&CiRef(v));
                }
            }
        }
        self.by_state[values.state as usize].remove(&key);
    }

    fn reindex(&mut self, key: DeviceKey, before: &IndexedValues, after: &IndexedValues) {
        self.unindex_values(key, before);
        for (i, v) in after.values.iter().enumerate() {
            self.by_value[i]
                .entry(CiKey::new(v))
                .or_default()
                .insert(key);
        }
        self.by_state[after.state as usize].insert(key);
    }
}

/// A mailbox's CAS settings borrowed for change (`Tenant::cas_mut`); dropping it re-indexes the assigned policy.
pub struct CasMut<'t> {
    tenant: &'t mut Tenant,
    id: MailboxId,
    before: Option<String>,
}

impl std::ops::Deref for CasMut<'_> {
    type Target = CasSettings;

    fn deref(&self) -> &CasSettings {
        &self.tenant.mailbox(self.id).cas
    }
}

impl std::ops::DerefMut for CasMut<'_> {
    fn deref_mut(&mut self) -> &mut CasSettings {
        &mut self.tenant.mailboxes[self.id.0 as usize].cas
    }
}

impl Drop for CasMut<'_> {
    fn drop(&mut self) {
        let after = self
            .tenant
            .mailbox(self.id)
            .cas
            .active_sync_mailbox_policy
            .clone();
        if after != self.before {
            let before = self.before.take();
            self.tenant.unindex_policy(self.id, before.as_deref());
            self.tenant.index_policy(self.id, after.as_deref());
        }
        // An OWA policy name the mailboxes had not had yet joins the known ones (once they are gathered).
        let tenant = &mut *self.tenant;
        if let (Some(p), Some(known)) = (
            tenant.mailboxes[self.id.0 as usize]
                .cas
                .owa_mailbox_policy
                .as_deref(),
            tenant.owa_policies.get_mut(),
        ) && !known.contains_key(&CiRef(p))
        {
            known.insert(CiKey::new(p), p.to_string());
        }
    }
}

/// The indexed values of one device, captured before and after an update.
#[derive(PartialEq, Eq)]
struct IndexedValues {
    values: [std::sync::Arc<str>; 4],
    state: DeviceAccessState,
}

impl IndexedValues {
    fn of(d: &MobileDevice) -> IndexedValues {
        IndexedValues {
            values: [
                d.device_type.clone(),
                d.device_model.clone(),
                d.device_os.clone(),
                d.device_user_agent.clone(),
            ],
            state: d.access.state,
        }
    }
}

impl PartialEq for Tenant {
    /// Tenants are equal when their data is; indexes are derived.
    fn eq(&self, other: &Tenant) -> bool {
        self.domain == other.domain
            && self.org == other.org
            && self.settings == other.settings
            && self.rules == other.rules
            && self.policies == other.policies
            && self.mailboxes == other.mailboxes
            && self.mailboxes().all(|(id, _)| {
                let a = self.devices_of(id).iter().filter_map(|&k| self.device(k));
                let b = other.devices_of(id).iter().filter_map(|&k| other.device(k));
                a.eq(b)
            })
    }
}
