//! The simulated devices' own memory — what a real phone keeps between requests: its identity and credentials,
//! the policy key it holds (and a temporary one awaiting acknowledgement), whether the server asked it to wipe,
//! the folder hierarchy's SyncKey, the Inbox's ServerId and SyncKey, and the items it has received — and the one
//! request each command sends given that memory, built with the crate's own EAS client (`load::client`).
//!
//! A phone learns only from the answers it gets, as a real one does: after Remove-MobileDevice it still presents
//! its old keys. A device that already had a partnership before the simulator saw it (a fixture's) starts with
//! the policy key stored on its partnership and otherwise from zero. Every device knows the Inbox's ServerId from
//! the start (every mailbox has the same standard hierarchy, `eas::folder`), so a Sync or Ping may go before any
//! FolderSync; a FolderSync answer replaces it with what the server says. No I/O: the request goes out through
//! `exchange`.

use hashbrown::HashMap;

use crate::eas::folder::INBOX;
use crate::eas::{Command, ProtocolVersion, QueryForm};
use crate::load::client::{self, Device, DeviceDetails, Reply, WireRequest};
use crate::model::{CiKey, CiRef, MailboxId, MobileDevice, Tenant, eq_ci};

/// The Ping heartbeat a simulated device asks for, in seconds (within Exchange's 60–3540, eas-facts §3.3).
const PING_HEARTBEAT: u32 = 480;
/// The Sync WindowSize it asks for (MS-ASCMD's default when none is named, eas-facts §3.3 names ≤512).
const SYNC_WINDOW: usize = 100;

/// One simulated device's memory.
#[derive(Clone, Debug)]
pub(crate) struct Phone {
    pub(crate) mailbox: MailboxId,
    /// Identity, credentials and the policy key it presents.
    pub(crate) device: Device,
    /// The temporary key of a Provision phase one, awaiting the acknowledgement.
    temp_key: Option<u32>,
    /// The last Provision answer asked for a wipe (`true`: account-only): the next Provision acknowledges it.
    wipe: Option<bool>,
    hierarchy_key: String,
    inbox: String,
    inbox_key: String,
    /// ServerIds of the Inbox items received, oldest first.
    items: Vec<String>,
}

/// What a request carried, so the answer can be read back into the memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sent {
    ProvisionRequest,
    ProvisionAck,
    WipeAck,
    Other(Command),
}

/// What a single request changes from the device's usual behaviour (the cmdlets' -ProtocolVersion, -Password
/// and -PolicyKey): used for this request only.
#[derive(Clone, Debug, Default)]
pub(crate) struct Overrides {
    pub(crate) version: Option<ProtocolVersion>,
    pub(crate) password: Option<String>,
    pub(crate) policy_key: Option<u32>,
}

/// Why a device cannot send a command.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unable {
    /// ItemOperations fetches an item the device has received; it has none.
    NothingToFetch,
}

impl Phone {
    /// A device meeting the server for the first time: no keys, no hierarchy.
    pub(crate) fn new(mailbox: MailboxId, device: Device) -> Phone {
        Phone {
            mailbox,
            device,
            temp_key: None,
            wipe: None,
            hierarchy_key: "0".to_string(),
            inbox: INBOX.to_string(),
            inbox_key: "0".to_string(),
            items: Vec::new(),
        }
    }

    /// The device behind an existing partnership, as it would speak: its own DeviceId, DeviceType, model, OS,
    /// User-Agent and DeviceInformation, its owner's credentials, the protocol version it last used (16.1 when
    /// that is none the simulator speaks) and the policy key stored on the partnership.
    pub(crate) fn of_partnership(tenant: &Tenant, d: &MobileDevice) -> Phone {
        let owner = tenant.mailbox(d.mailbox);
        let mut device = Device::new(&owner.user_principal_name, &owner.password, &d.device_id);
        device.device_type = d.device_type.to_string();
        device.model = d.device_model.to_string();
        device.os = d.device_os.to_string();
        device.user_agent = d.device_user_agent.to_string();
        device.info = DeviceDetails {
            friendly_name: Some(d.friendly_name.clone()),
            imei: d.device_imei.clone(),
            os_language: d.device_os_language.to_string(),
            phone_number: d.device_telephone_number.clone(),
            mobile_operator: d.device_mobile_operator.to_string(),
        };
        device.version = ProtocolVersion::parse(&d.client_version)
            .filter(|v| ProtocolVersion::SUPPORTED.contains(v))
            .unwrap_or(ProtocolVersion::V16_1);
        device.form = QueryForm::Plain;
        device.policy_key = d.provisioning.policy_key;
        Phone::new(d.mailbox, device)
    }

    /// The request `command` sends now, and what it carried.
    pub(crate) fn request(
        &self,
        command: Command,
        o: &Overrides,
    ) -> Result<(WireRequest, Sent), Unable> {
        let mut d = self.device.clone();
        if let Some(v) = o.version {
            d.version = v;
        }
        if let Some(p) = &o.password {
            d.password.clone_from(p);
        }
        let (sent, body) = match command {
            Command::Provision => match (self.wipe, self.temp_key) {
                (Some(account_only), _) => (Sent::WipeAck, Some(client::wipe_ack(account_only))),
                (None, Some(temp)) => {
                    // Phase two presents the temporary key it acknowledges (eas-facts §2.1).
                    d.policy_key = Some(temp);
                    (Sent::ProvisionAck, Some(client::provision_ack(temp)))
                }
                (None, None) => (Sent::ProvisionRequest, Some(client::provision_request(&d))),
            },
            Command::FolderSync => (
                Sent::Other(command),
                Some(client::folder_sync(&self.hierarchy_key)),
            ),
            Command::Sync => (
                Sent::Other(command),
                Some(client::sync(&self.inbox, &self.inbox_key, SYNC_WINDOW)),
            ),
            Command::Ping => (
                Sent::Other(command),
                Some(client::ping(PING_HEARTBEAT, &[self.inbox.as_str()])),
            ),
            Command::Settings => (
                Sent::Other(command),
                Some(client::settings_device_information(&d)),
            ),
            Command::GetItemEstimate => (
                Sent::Other(command),
                Some(client::estimate(&self.inbox, &self.inbox_key)),
            ),
            Command::ItemOperations => {
                let item = self.items.last().ok_or(Unable::NothingToFetch)?;
                (Sent::Other(command), Some(client::fetch(&self.inbox, item)))
            }
            Command::SendMail => {
                let mime = self.test_message();
                if d.version < ProtocolVersion::V14_0 {
                    // Before 14.0 SendMail carries the MIME message itself (eas-facts §3.2).
                    if let Some(k) = o.policy_key {
                        d.policy_key = Some(k);
                    }
                    let wire = client::request_bytes(&d, command, mime, None);
                    return Ok((wire, Sent::Other(command)));
                }
                (Sent::Other(command), Some(client::send_mail(&mime, true)))
            }
            // A command the simulator builds no body for goes without one (the cmdlets bind -Command to the
            // set `params::COMMANDS`, which has none).
            other => (Sent::Other(other), None),
        };
        if let Some(k) = o.policy_key {
            d.policy_key = Some(k);
        }
        Ok((client::request(&d, command, body.as_ref()), sent))
    }

    /// A short plain-text message from the owner to the owner.
    fn test_message(&self) -> Vec<u8> {
        let user = &self.device.user;
        format!(
            "From: {user}\r\nTo: {user}\r\nSubject: Sent by Invoke-EasRequest\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nA message sent from the simulated device {}.\r\n",
            self.device.device_id
        )
        .into_bytes()
    }

    /// Remembers what the answer to `sent` gave the device, as a client following MS-ASPROV and MS-ASCMD does.
    pub(crate) fn learn(&mut self, sent: Sent, reply: &Reply) {
        let Some(root) = reply.doc() else {
            if sent == Sent::WipeAck && reply.status == 200 {
                self.wiped();
            }
            return;
        };
        match sent {
            Sent::ProvisionRequest => {
                let r = client::provision_result(&root);
                if r.remote_wipe || r.account_only_wipe {
                    self.wipe = Some(r.account_only_wipe);
                } else if r.status == Some(1) && r.policy_status == Some(1) {
                    self.temp_key = r.policy_key;
                }
            }
            Sent::ProvisionAck => {
                let r = client::provision_result(&root);
                self.temp_key = None;
                if r.status == Some(1)
                    && r.policy_status == Some(1)
                    && let Some(key) = r.policy_key
                {
                    self.device.policy_key = Some(key);
                }
            }
            Sent::WipeAck => {
                if client::provision_result(&root).status == Some(1) {
                    self.wiped();
                }
            }
            Sent::Other(Command::FolderSync) => {
                let (status, key, folders) = client::folder_sync_result(&root);
                match status {
                    Some(1) => {
                        if let Some(key) = key {
                            self.hierarchy_key = key;
                        }
                        if let Some(inbox) = folders.iter().find(|f| f.kind == 2) {
                            self.inbox.clone_from(&inbox.server_id);
                        }
                    }
                    // Invalid SyncKey: the client starts the hierarchy over (eas-facts §3.3).
                    Some(9) => self.hierarchy_key = "0".to_string(),
                    _ => {}
                }
            }
            Sent::Other(Command::Sync) => {
                let r = client::sync_result(reply);
                match r.status {
                    Some(1) => {
                        if let Some(key) = r.key {
                            self.inbox_key = key;
                        }
                        self.items.retain(|id| !r.deletes.contains(id));
                        self.items.extend(r.adds.into_iter().map(|a| a.server_id));
                    }
                    // Invalid SyncKey: the collection starts over from 0 (eas-facts §3.3).
                    Some(3) => self.inbox_key = "0".to_string(),
                    _ => {}
                }
            }
            Sent::Other(_) => {}
        }
    }

    /// The device erased itself after acknowledging a wipe: no keys, no hierarchy, no mail.
    fn wiped(&mut self) {
        self.device.policy_key = None;
        self.temp_key = None;
        self.wipe = None;
        self.hierarchy_key = "0".to_string();
        self.inbox_key = "0".to_string();
        self.items.clear();
    }
}

/// Every simulated device's memory, by DeviceId (case-insensitive, as EAS compares them), then by mailbox.
#[derive(Clone, Debug, Default)]
pub(crate) struct Phones {
    by_id: HashMap<CiKey, Vec<Phone>>,
}

impl Phones {
    pub(crate) fn get_mut(&mut self, mailbox: MailboxId, device_id: &str) -> Option<&mut Phone> {
        self.by_id
            .get_mut(&CiRef(device_id))?
            .iter_mut()
            .find(|p| p.mailbox == mailbox)
    }

    pub(crate) fn contains(&self, mailbox: MailboxId, device_id: &str) -> bool {
        self.by_id
            .get(&CiRef(device_id))
            .is_some_and(|v| v.iter().any(|p| p.mailbox == mailbox))
    }

    /// The mailboxes that have a simulated device with this DeviceId.
    pub(crate) fn mailboxes_with(&self, device_id: &str) -> Vec<MailboxId> {
        self.by_id
            .get(&CiRef(device_id))
            .map(|v| v.iter().map(|p| p.mailbox).collect())
            .unwrap_or_default()
    }

    /// Adds a device (replacing one of the same mailbox and DeviceId) and returns it.
    pub(crate) fn insert(&mut self, phone: Phone) -> &mut Phone {
        let list = self
            .by_id
            .entry(CiKey::new(&phone.device.device_id))
            .or_default();
        let at = match list.iter().position(|p| {
            p.mailbox == phone.mailbox && eq_ci(&p.device.device_id, &phone.device.device_id)
        }) {
            Some(i) => {
                list[i] = phone;
                i
            }
            None => {
                list.push(phone);
                list.len() - 1
            }
        };
        &mut list[at]
    }

    /// Forgets every device (the tenant was replaced: mailbox ids now name other mailboxes).
    pub(crate) fn clear(&mut self) {
        self.by_id.clear();
    }
}
