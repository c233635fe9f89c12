//! The one way into device state: a request's working copy of its device — the tenant's partnership and the
//! mail store's sync state for it — found (or built, on first contact), decided on by the access engine, and
//! stored back with both halves together. The dispatcher and the commands change only this copy.
//!
//! Nothing is written before `admit`: a refused request (a disabled user, too many partnerships, a
//! partnership the model will not take) leaves the tenant and the mail store as they were. Once the tenant's
//! half is stored nothing can fail, so the mail store's half always follows it. No clock, no I/O.

use rand::RngCore;

use crate::access::{self, Decision, PolicyFacts, RequestFacts, Verdict};
use crate::model::{
    DeviceAccessState, DeviceAccessStateReason, DeviceKey, Guid, MailboxId, MobileDevice,
    ModelError, Tenant, Timestamp,
};

use super::device_info::DeviceInfo;
use super::folder::INBOX;
use super::mail_gen;
use super::mail_store::{DeviceState, MailStore};
use super::message::Message;
use super::request::{Command, EasRequest, ProtocolVersion};

#[cfg(test)]
mod tests;

/// One request's copy of its device. Stored with `admit` (after the access decision) and `commit` (after the
/// command).
#[derive(Debug)]
pub(crate) struct Partnership {
    /// `None` until a new partnership is first stored.
    key: Option<DeviceKey>,
    device: MobileDevice,
    state: DeviceState,
    /// `state` differs from what the mail store holds for the device (a new partnership replaces whatever
    /// stale state its DeviceId left behind, so it starts out changed).
    state_changed: bool,
    /// An ABQ notice to post to the Inbox when the partnership is next stored.
    notice: Option<Message>,
}

/// Why nothing was stored.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Refusal {
    /// Exchange refuses disabled users before any device logic.
    #[error("the user is disabled for Exchange ActiveSync")]
    UserDisabled,
    /// A new partnership would exceed EasMaxDevices.
    #[error("the mailbox already has {count} of {max} device partnerships")]
    MaxDevices { count: usize, max: u32 },
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The partnership disappeared from the tenant while the request held it (cannot happen under the lock).
    #[error("the device partnership no longer exists")]
    Gone,
}

impl Partnership {
    /// The request's device with what the request line tells about it (attempt time, protocol version,
    /// X-MS-WL, User-Agent unless DeviceInformation set one) and `info` applied. A DeviceId with no partnership
    /// gets the one first contact would create; whatever sync state it left behind (Remove-MobileDevice,
    /// Import-Tenant) is stale, so it starts empty, from SyncKey 0, as on Exchange. Stores nothing.
    pub(crate) fn find_or_create(
        tenant: &Tenant,
        store: &MailStore,
        mailbox: MailboxId,
        req: &EasRequest,
        info: Option<&DeviceInfo>,
        rng: &mut dyn RngCore,
        now: Timestamp,
    ) -> Partnership {
        let mut p = match Partnership::find(tenant, store, mailbox, &req.device_id) {
            Some(p) => p,
            None => {
                let guid = Guid::from_random_bits(
                    u128::from(rng.next_u64()) << 64 | u128::from(rng.next_u64()),
                );
                let mut device = MobileDevice::new(guid, mailbox, &req.device_id, &req.device_type);
                device.first_sync_time = Some(now);
                Partnership {
                    key: None,
                    device,
                    state: DeviceState::default(),
                    state_changed: true,
                    notice: None,
                }
            }
        };
        let d = &mut p.device;
        d.last_sync_attempt_time = Some(now);
        d.client_version = req.version.to_string().into();
        if !req.xms_wl.is_empty() {
            d.xms_wl_header = req.xms_wl.as_str().into();
        }
        if !req.user_agent.is_empty() && !p.state.user_agent_from_info() {
            d.device_user_agent = req.user_agent.as_str().into();
        }
        if let Some(info) = info
            && info.apply(d)
            && !p.state.user_agent_from_info()
        {
            p.state_mut().set_user_agent_from_info();
        }
        p
    }

    /// The stored partnership of `device_id` (any case) and its sync state, if there is one.
    pub(crate) fn find(
        tenant: &Tenant,
        store: &MailStore,
        mailbox: MailboxId,
        device_id: &str,
    ) -> Option<Partnership> {
        let key = tenant.find_device(mailbox, device_id)?;
        let device = tenant.device(key)?.clone();
        let state = store
            .get(mailbox)
            .and_then(|m| m.device_state(device_id))
            .cloned()
            .unwrap_or_default();
        Some(Partnership {
            key: Some(key),
            device,
            state,
            state_changed: false,
            notice: None,
        })
    }

    /// Asks the access engine about this request. Pure: the decision is stored by `admit`.
    pub(crate) fn decide(&self, tenant: &Tenant, req: &EasRequest, now: Timestamp) -> Decision {
        let policy = match req.command {
            Command::Provision => PolicyFacts::Exempt,
            Command::Ping if req.version < ProtocolVersion::V14_0 => PolicyFacts::Exempt,
            _ => PolicyFacts::Presented(req.presented_key()),
        };
        let facts = RequestFacts {
            authenticated: true,
            policy,
            now,
        };
        access::decide(tenant, &self.device, &facts)
    }

    /// Records `decision` on the partnership (with the ABQ notice it calls for) and stores it, creating a new
    /// partnership. On a refusal nothing is stored (the copy is the caller's to drop).
    pub(crate) fn admit(
        &mut self,
        decision: &Decision,
        tenant: &mut Tenant,
        store: &mut MailStore,
        now: Timestamp,
    ) -> Result<DeviceKey, Refusal> {
        if decision.verdict == Verdict::UserDisabled {
            return Err(Refusal::UserDisabled);
        }
        if self.key.is_none() {
            let count = tenant.devices_of(self.device.mailbox).len();
            let max = tenant.settings.eas_max_devices;
            if count >= max as usize {
                return Err(Refusal::MaxDevices { count, max });
            }
        }
        self.device.access = decision.stored_access();
        self.queue_abq_notice(tenant, now);
        self.store(tenant, store)
    }

    /// Stores both halves: the partnership in the tenant (added if new), then the sync state and any queued
    /// notice in the mail store. The tenant's half is the only one that can fail, and it goes first.
    fn store(&mut self, tenant: &mut Tenant, store: &mut MailStore) -> Result<DeviceKey, Refusal> {
        let state = self.state_changed.then(|| self.state.clone());
        self.write(tenant, store, state)
    }

    /// `store`, for the last time in a request: the sync state is moved into the mail store, not copied.
    pub(crate) fn commit(
        mut self,
        tenant: &mut Tenant,
        store: &mut MailStore,
    ) -> Result<DeviceKey, Refusal> {
        let state = self.state_changed.then(|| std::mem::take(&mut self.state));
        self.write(tenant, store, state)
    }

    /// Writes the partnership, then `state` (`None`: the mail store already holds it) and the queued notice.
    fn write(
        &mut self,
        tenant: &mut Tenant,
        store: &mut MailStore,
        state: Option<DeviceState>,
    ) -> Result<DeviceKey, Refusal> {
        let key = match self.key {
            Some(key) => {
                tenant
                    .update_device(key, |d| d.clone_from(&self.device))
                    .ok_or(Refusal::Gone)?;
                key
            }
            None => tenant.add_device(self.device.clone())?,
        };
        self.key = Some(key);
        let mailbox = self.device.mailbox;
        let mail = store.of(tenant, mailbox);
        if let Some(state) = state {
            mail.put_device_state(&self.device.device_id, state);
            self.state_changed = false;
        }
        if let Some(notice) = self.notice.take() {
            mail.add_item(INBOX, notice, false, Some(self.device.device_id.clone()));
            store.touch(mailbox);
        }
        Ok(key)
    }

    /// Queues the ABQ notice when the device enters Quarantined, Blocked or DeviceDiscovery (not for the
    /// Policy reason) and no notice for that state has been posted since it last changed (eas-facts §4.1).
    fn queue_abq_notice(&mut self, tenant: &Tenant, now: Timestamp) {
        let state = self.device.access.state;
        match state {
            DeviceAccessState::Allowed => {
                if self.state.abq_notice().is_some() {
                    self.state_mut().set_abq_notice(None);
                }
                return;
            }
            DeviceAccessState::Quarantined
            | DeviceAccessState::Blocked
            | DeviceAccessState::DeviceDiscovery => {}
            DeviceAccessState::Unknown => return,
        }
        if self.device.access.reason == DeviceAccessStateReason::Policy
            || self.state.abq_notice() == Some(state)
        {
            return;
        }
        self.state_mut().set_abq_notice(Some(state));
        let m = tenant.mailbox(self.device.mailbox);
        let owner = mail_gen::Owner {
            display_name: &m.display_name,
            smtp: &m.primary_smtp_address,
        };
        self.notice = mail_gen::abq_notice(
            state,
            &self.device,
            &owner,
            tenant.domain(),
            tenant.org.user_mail_insert.as_deref(),
            now,
        );
    }

    /// The partnership as it will be stored.
    pub(crate) fn device(&self) -> &MobileDevice {
        &self.device
    }

    pub(crate) fn device_mut(&mut self) -> &mut MobileDevice {
        &mut self.device
    }

    /// The device's sync state as it will be stored.
    pub(crate) fn state(&self) -> &DeviceState {
        &self.state
    }

    pub(crate) fn state_mut(&mut self) -> &mut DeviceState {
        self.state_changed = true;
        &mut self.state
    }

    /// The device erased itself (an acknowledged wipe): it starts over with FolderSync 0.
    pub(crate) fn forget_state(&mut self) {
        *self.state_mut() = DeviceState::default();
    }
}
