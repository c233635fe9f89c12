//! A mailbox and its Client Access (CAS) settings: who can sign in to EAS and the personal device lists.
//!
//! Derived values (HasActiveSyncDevicePartnership) live on `Tenant`, which knows the devices.

use serde::{Deserialize, Serialize};

use super::{Guid, RecipientTypeDetails, Timestamp, ci::eq_ci};

/// How long `Set-CASMailbox -ActiveSyncDebugLogging $true` keeps logging on: "enabled for 48 hours in Exchange
/// Online, and 72 hours in Exchange Server. After the time period expires, the value reverts to $false."
/// (learn.microsoft.com/powershell/module/exchangepowershell/set-casmailbox, -ActiveSyncDebugLogging). The
/// simulator follows Exchange Online.
pub const DEBUG_LOGGING_HOURS: i64 = 48;

/// A mailbox as Get-Mailbox shows it, plus the password the simulated EAS endpoint checks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Mailbox {
    pub guid: Guid,
    /// The object's Name (CN); the first segment of its devices' identities. Unique in a tenant.
    pub name: String,
    pub alias: String,
    pub display_name: String,
    pub primary_smtp_address: String,
    pub user_principal_name: String,
    #[serde(default = "user_mailbox")]
    pub recipient_type_details: RecipientTypeDetails,
    /// The Basic-auth password of the simulated user (never shown by cmdlets).
    pub password: String,
    #[serde(default, rename = "CASMailbox")]
    pub cas: CasSettings,
}

fn user_mailbox() -> RecipientTypeDetails {
    RecipientTypeDetails::UserMailbox
}

/// Get-CASMailbox / Set-CASMailbox properties that govern EAS.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CasSettings {
    #[serde(default = "yes")]
    pub active_sync_enabled: bool,
    #[serde(default, rename = "ActiveSyncAllowedDeviceIDs")]
    pub allowed_device_ids: Vec<String>,
    #[serde(default, rename = "ActiveSyncBlockedDeviceIDs")]
    pub blocked_device_ids: Vec<String>,
    /// The assigned mobile device mailbox policy by name; `None` means the tenant's default policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_sync_mailbox_policy: Option<String>,
    /// When `Set-CASMailbox -ActiveSyncDebugLogging $true` was last run; logging lasts
    /// [`DEBUG_LOGGING_HOURS`] from then. `None` when it was never turned on or was turned off.
    #[serde(
        default,
        rename = "ActiveSyncDebugLoggingEnabledTime",
        skip_serializing_if = "Option::is_none"
    )]
    pub active_sync_debug_logging: Option<Timestamp>,
    /// The other client protocols' switches (Set-CASMailbox -OWAEnabled, -PopEnabled, -ImapEnabled,
    /// -MAPIEnabled, -EwsEnabled; each `$true` by default, Set-CASMailbox.md). The simulator serves only EAS:
    /// these are kept and shown, and change nothing else. Written to a fixture only when off.
    #[serde(
        default = "yes",
        rename = "OWAEnabled",
        skip_serializing_if = "is_true"
    )]
    pub owa_enabled: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub pop_enabled: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub imap_enabled: bool,
    #[serde(
        default = "yes",
        rename = "MAPIEnabled",
        skip_serializing_if = "is_true"
    )]
    pub mapi_enabled: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ews_enabled: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Default for CasSettings {
    fn default() -> CasSettings {
        CasSettings {
            active_sync_enabled: true,
            allowed_device_ids: Vec::new(),
            blocked_device_ids: Vec::new(),
            active_sync_mailbox_policy: None,
            active_sync_debug_logging: None,
            owa_enabled: true,
            pop_enabled: true,
            imap_enabled: true,
            mapi_enabled: true,
            ews_enabled: true,
        }
    }
}

impl CasSettings {
    /// Whether `device_id` is on the personal allow list (DeviceIds compare case-insensitively).
    pub fn allows(&self, device_id: &str) -> bool {
        self.allowed_device_ids.iter().any(|d| eq_ci(d, device_id))
    }

    /// Whether ActiveSync debug logging is on at `now`: turned on less than [`DEBUG_LOGGING_HOURS`] ago.
    pub fn debug_logging_at(&self, now: Timestamp) -> bool {
        self.active_sync_debug_logging.is_some_and(|since| {
            let age = now.secs_since(since);
            (0..DEBUG_LOGGING_HOURS * 3600).contains(&age)
        })
    }

    /// Whether `device_id` is on the personal block list.
    pub fn blocks(&self, device_id: &str) -> bool {
        self.blocked_device_ids.iter().any(|d| eq_ci(d, device_id))
    }
}
