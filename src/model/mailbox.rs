//! A mailbox and its Client Access (CAS) settings: who can sign in to EAS and the personal device lists.
//!
//! Derived values (HasActiveSyncDevicePartnership) live on `Tenant`, which knows the devices.

use serde::{Deserialize, Serialize};

use super::{
    EwsApplicationAccessPolicy, Guid, MimeTextFormat, RecipientTypeDetails, Timestamp, ci::eq_ci,
};

/// How long `Set-CASMailbox -ActiveSyncDebugLogging $true` keeps logging on: "enabled for 48 hours in Exchange
/// Online, and 72 hours in Exchange Server. After the time period expires, the value reverts to $false."
/// (learn.microsoft.com/powershell/module/exchangepowershell/set-casmailbox, -ActiveSyncDebugLogging). The
/// simulator follows Exchange Online.
pub const DEBUG_LOGGING_HOURS: i64 = 48;

/// The Outlook on the web mailbox policy every mailbox has unless Set-CASMailbox -OwaMailboxPolicy changes it:
/// "In Exchange Online, the default Outlook on the web mailbox policy is named OwaMailboxPolicy-Default."
/// (Set-OwaMailboxPolicy.md), which the mailbox plans assign to new mailboxes ("The default value is
/// OwaMailboxPolicy-Default.", Set-CASMailboxPlan.md -OwaMailboxPolicy). It is the simulated tenant's only one.
pub const DEFAULT_OWA_POLICY: &str = "OwaMailboxPolicy-Default";

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
    /// The rest of Set-CASMailbox's Exchange Online parameters, each with the default Set-CASMailbox.md gives
    /// ("This value is the default"); where the page gives none the value is blank (`None`). easim serves only
    /// EAS and sends no read receipts, so none of them changes what a device sees; they are kept, shown and
    /// filtered on. Written to a fixture only when not the default.
    #[serde(default, skip_serializing_if = "is_false")]
    pub active_sync_suppress_read_receipt: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ews_allow_entourage: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ews_allow_list: Vec<String>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ews_allow_mac_outlook: bool,
    /// No default documented: blank until set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ews_allow_outlook: Option<bool>,
    /// No default documented (filter-properties.md lists `$null` among its values): blank until set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ews_application_access_policy: Option<EwsApplicationAccessPolicy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ews_block_list: Vec<String>,
    #[serde(
        default,
        rename = "ImapForceICalForCalendarRetrievalOption",
        skip_serializing_if = "is_false"
    )]
    pub imap_force_ical_for_calendar_retrieval_option: bool,
    #[serde(
        default = "best_body_format",
        skip_serializing_if = "is_best_body_format"
    )]
    pub imap_messages_retrieval_mime_format: MimeTextFormat,
    #[serde(default, skip_serializing_if = "is_false")]
    pub imap_suppress_read_receipt: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub imap_use_protocol_defaults: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub is_optimized_for_accessibility: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub mac_outlook_enabled: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub one_win_native_outlook_enabled: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub outlook_mobile_enabled: bool,
    #[serde(
        default = "yes",
        rename = "OWAforDevicesEnabled",
        skip_serializing_if = "is_true"
    )]
    pub owa_for_devices_enabled: bool,
    /// [`DEFAULT_OWA_POLICY`] unless changed; `None` after `-OwaMailboxPolicy $null` (written as `null`).
    #[serde(
        default = "default_owa_policy",
        skip_serializing_if = "is_default_owa_policy"
    )]
    pub owa_mailbox_policy: Option<String>,
    #[serde(
        default,
        rename = "PopForceICalForCalendarRetrievalOption",
        skip_serializing_if = "is_false"
    )]
    pub pop_force_ical_for_calendar_retrieval_option: bool,
    #[serde(
        default = "best_body_format",
        skip_serializing_if = "is_best_body_format"
    )]
    pub pop_messages_retrieval_mime_format: MimeTextFormat,
    #[serde(default, skip_serializing_if = "is_false")]
    pub pop_suppress_read_receipt: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub pop_use_protocol_defaults: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub public_folder_client_access: bool,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub show_gal_as_default_view: bool,
    /// "blank ($null): This value is the default." (the organization's setting applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp_client_authentication_disabled: Option<bool>,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub universal_outlook_enabled: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// "5: BestBodyFormat (this is the default value)" (Set-CASMailbox.md, -PopMessagesRetrievalMimeFormat and
/// -ImapMessagesRetrievalMimeFormat).
fn best_body_format() -> MimeTextFormat {
    MimeTextFormat::BestBodyFormat
}

fn is_best_body_format(f: &MimeTextFormat) -> bool {
    *f == MimeTextFormat::BestBodyFormat
}

fn default_owa_policy() -> Option<String> {
    Some(DEFAULT_OWA_POLICY.to_string())
}

fn is_default_owa_policy(p: &Option<String>) -> bool {
    p.as_deref() == Some(DEFAULT_OWA_POLICY)
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
            active_sync_suppress_read_receipt: false,
            ews_allow_entourage: true,
            ews_allow_list: Vec::new(),
            ews_allow_mac_outlook: true,
            ews_allow_outlook: None,
            ews_application_access_policy: None,
            ews_block_list: Vec::new(),
            imap_force_ical_for_calendar_retrieval_option: false,
            imap_messages_retrieval_mime_format: MimeTextFormat::BestBodyFormat,
            imap_suppress_read_receipt: false,
            imap_use_protocol_defaults: true,
            is_optimized_for_accessibility: false,
            mac_outlook_enabled: true,
            one_win_native_outlook_enabled: true,
            outlook_mobile_enabled: true,
            owa_for_devices_enabled: true,
            owa_mailbox_policy: default_owa_policy(),
            pop_force_ical_for_calendar_retrieval_option: false,
            pop_messages_retrieval_mime_format: MimeTextFormat::BestBodyFormat,
            pop_suppress_read_receipt: false,
            pop_use_protocol_defaults: true,
            public_folder_client_access: false,
            show_gal_as_default_view: true,
            smtp_client_authentication_disabled: None,
            universal_outlook_enabled: true,
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
