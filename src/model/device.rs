//! A mobile device partnership: what Get-MobileDevice and Get-MobileDeviceStatistics show, plus the
//! provisioning and wipe state the EAS endpoint keeps.
//!
//! Strings shared by many devices (model, OS, user agent …) are `Arc<str>` so a 250k-device tenant stays small.
//! The stored access decision is whatever the last request (or admin restamp) computed; deciding is `access`'s job.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{
    ClientType, DeviceAccessState, DeviceAccessStateReason, DevicePolicyApplicationStatus,
    DeviceStatus, Guid, MailboxId, MailboxLog, Timestamp,
};

/// The `§` that separates the parts of a device identity's last segment.
pub const IDENTITY_SEPARATOR: char = '§';
/// The container every device identity names after its mailbox.
pub const DEVICE_CONTAINER: &str = "ExchangeActiveSyncDevices";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MobileDevice {
    pub guid: Guid,
    /// The owning mailbox; implied by nesting in fixtures.
    #[serde(skip)]
    pub mailbox: MailboxId,
    /// The EAS DeviceId (at most 32 letters and digits on the wire).
    pub device_id: String,
    pub device_type: Arc<str>,
    /// Settings/Provision `Model`; DeviceType when the device never sent one.
    pub device_model: Arc<str>,
    #[serde(default, rename = "DeviceOS")]
    pub device_os: Arc<str>,
    #[serde(default, rename = "DeviceOSLanguage")]
    pub device_os_language: Arc<str>,
    #[serde(default)]
    pub device_user_agent: Arc<str>,
    /// The last request's `X-MS-WL` header (the XMSWLHeader rule characteristic).
    #[serde(default, rename = "XMSWLHeader")]
    pub xms_wl_header: Arc<str>,
    #[serde(default)]
    pub device_imei: String,
    #[serde(default)]
    pub friendly_name: String,
    #[serde(default)]
    pub device_telephone_number: String,
    #[serde(default)]
    pub device_mobile_operator: Arc<str>,
    #[serde(default)]
    pub device_enable_outbound_sms: bool,
    #[serde(default = "eas")]
    pub client_type: ClientType,
    /// The EAS protocol version last used, e.g. `16.1`.
    #[serde(default)]
    pub client_version: Arc<str>,
    /// Whether Settings or Provision DeviceInformation has been received (Exchange's DeviceDiscovery test).
    #[serde(default)]
    pub device_information_received: bool,
    #[serde(default)]
    pub first_sync_time: Option<Timestamp>,
    #[serde(default)]
    pub last_sync_attempt_time: Option<Timestamp>,
    /// May be empty: a partnership that never completed a sync.
    #[serde(default)]
    pub last_success_sync: Option<Timestamp>,
    #[serde(default)]
    pub last_policy_update_time: Option<Timestamp>,
    #[serde(default)]
    pub last_ping_heartbeat: Option<u32>,
    #[serde(default)]
    pub number_of_folders_synced: u32,
    #[serde(default)]
    pub access: StoredAccess,
    #[serde(default)]
    pub provisioning: Provisioning,
    #[serde(default)]
    pub wipe: Option<WipeRequest>,
    #[serde(default = "device_ok")]
    pub status: DeviceStatus,
    /// The ActiveSync mailbox log written while debug logging is on; kept in the mailbox, not the directory,
    /// so it is not part of the fixture format.
    #[serde(skip)]
    pub mailbox_log: MailboxLog,
}

fn eas() -> ClientType {
    ClientType::EAS
}

fn device_ok() -> DeviceStatus {
    DeviceStatus::DeviceOk
}

/// The access decision stored on the partnership (DeviceAccessState, …Reason, …ControlRule).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct StoredAccess {
    #[serde(rename = "DeviceAccessState")]
    pub state: DeviceAccessState,
    #[serde(rename = "DeviceAccessStateReason")]
    pub reason: DeviceAccessStateReason,
    /// The name of the rule that decided, when the reason is DeviceRule.
    #[serde(
        default,
        rename = "DeviceAccessControlRule",
        skip_serializing_if = "Option::is_none"
    )]
    pub rule: Option<String>,
}

impl Default for StoredAccess {
    fn default() -> StoredAccess {
        StoredAccess {
            state: DeviceAccessState::Unknown,
            reason: DeviceAccessStateReason::Unknown,
            rule: None,
        }
    }
}

/// Provisioning (MS-ASPROV) state: the keys handed out and which policy was applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Provisioning {
    /// The final policy key the device acknowledged; `None` when never provisioned.
    #[serde(default)]
    pub policy_key: Option<u32>,
    /// A temporary key sent in phase one and not yet acknowledged.
    #[serde(default)]
    pub pending_policy_key: Option<u32>,
    /// The name of the policy the device was provisioned with (DevicePolicyApplied).
    #[serde(default)]
    pub policy_applied: Option<String>,
    /// Bumped whenever the applied policy changes, so a device provisioned before a change is stale.
    #[serde(default)]
    pub policy_revision: u64,
    #[serde(default = "unknown_status")]
    pub application_status: DevicePolicyApplicationStatus,
}

impl Default for Provisioning {
    fn default() -> Provisioning {
        Provisioning {
            policy_key: None,
            pending_policy_key: None,
            policy_applied: None,
            policy_revision: 0,
            application_status: DevicePolicyApplicationStatus::Unknown,
        }
    }
}

fn unknown_status() -> DevicePolicyApplicationStatus {
    DevicePolicyApplicationStatus::Unknown
}

/// A remote wipe requested with Clear-MobileDevice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct WipeRequest {
    pub requested: Timestamp,
    #[serde(default)]
    pub sent: Option<Timestamp>,
    #[serde(default)]
    pub acknowledged: Option<Timestamp>,
    #[serde(default)]
    pub account_only: bool,
    #[serde(default)]
    pub requestor: String,
}

impl MobileDevice {
    /// A partnership as first contact creates it: DeviceModel starts as the DeviceType.
    pub fn new(guid: Guid, mailbox: MailboxId, device_id: &str, device_type: &str) -> MobileDevice {
        let device_type: Arc<str> = device_type.into();
        MobileDevice {
            guid,
            mailbox,
            device_id: device_id.to_string(),
            device_model: device_type.clone(),
            device_type,
            device_os: "".into(),
            device_os_language: "".into(),
            device_user_agent: "".into(),
            xms_wl_header: "".into(),
            device_imei: String::new(),
            friendly_name: String::new(),
            device_telephone_number: String::new(),
            device_mobile_operator: "".into(),
            device_enable_outbound_sms: false,
            client_type: ClientType::EAS,
            client_version: "".into(),
            device_information_received: false,
            first_sync_time: None,
            last_sync_attempt_time: None,
            last_success_sync: None,
            last_policy_update_time: None,
            last_ping_heartbeat: None,
            number_of_folders_synced: 0,
            access: StoredAccess::default(),
            provisioning: Provisioning::default(),
            wipe: None,
            status: DeviceStatus::DeviceOk,
            mailbox_log: MailboxLog::default(),
        }
    }

    /// The last segment of the Identity: `<DeviceType>§<DeviceId>` for EAS, `REST§Outlook§<DeviceId>` for
    /// REST (Outlook mobile's older architecture), `MOWA§<DeviceType>§<DeviceId>` for OWA for Devices.
    pub fn identity_leaf(&self) -> String {
        let mut leaf = String::with_capacity(self.device_type.len() + self.device_id.len() + 16);
        self.push_identity_leaf(&mut leaf);
        leaf
    }

    /// Appends `identity_leaf` to `out` (Get-MobileDevice writes one per device: no formatting machinery).
    pub fn push_identity_leaf(&self, out: &mut String) {
        let s = IDENTITY_SEPARATOR;
        match self.client_type {
            ClientType::EAS | ClientType::Outlook => out.push_str(&self.device_type),
            ClientType::REST => {
                out.push_str("REST");
                out.push(s);
                out.push_str("Outlook");
            }
            ClientType::MOWA => {
                out.push_str("MOWA");
                out.push(s);
                out.push_str(&self.device_type);
            }
        }
        out.push(s);
        out.push_str(&self.device_id);
    }

    /// Whether a remote wipe has been requested and not acknowledged.
    pub fn wipe_pending(&self) -> bool {
        self.wipe.as_ref().is_some_and(|w| w.acknowledged.is_none())
    }
}

/// Whether `id` is a DeviceId as EAS defines it: MS-ASHTTP 2.2.1.1.1.2 gives the plain query's
/// `device-id = 1*32(ALPHA / DIGIT)`, and 2.2.1.1.1.2.3 says the string "MUST NOT contain commas or special
/// characters" (learn.microsoft.com/openspecs/exchange_server_protocols/ms-ashttp/beecc86b-75ae-47ec-b92a-e9d20edac80c).
/// The one rule for every DeviceId the simulator takes in: the EAS request line and the personal device lists.
pub fn is_valid_device_id(id: &str) -> bool {
    (1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric())
}
