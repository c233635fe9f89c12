//! Organization-wide settings: ActiveSyncOrganizationSettings as Exchange has them, and the simulator's own
//! knobs (access precedence, discovery period, device cap) that real Exchange fixes in code or throttling policy.

use serde::{Deserialize, Serialize};

use super::{AccessLevel, Precedence};

/// Get/Set-ActiveSyncOrganizationSettings (Identity `Mobile Mailbox Settings`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct OrganizationSettings {
    #[serde(default = "allow")]
    pub default_access_level: AccessLevel,
    #[serde(default)]
    pub admin_mail_recipients: Vec<String>,
    #[serde(default)]
    pub user_mail_insert: Option<String>,
    #[serde(default)]
    pub ota_notification_mail_insert: Option<String>,
    #[serde(default = "yes")]
    pub allow_access_for_unsupported_platform: bool,
    /// "$false (default value)" (Set-ActiveSyncOrganizationSettings.md). No effect in the simulator.
    #[serde(default, rename = "AllowRMSSupportForUnenlightenedApps")]
    pub allow_rms_support_for_unenlightened_apps: bool,
    /// The reference documents neither its meaning nor its default; easim starts it False. No effect.
    #[serde(default, rename = "EnableMobileMailboxPolicyWhenCAInplace")]
    pub enable_mobile_mailbox_policy_when_ca_inplace: bool,
    /// Exchange's `TenantAdminPreference`, whose values the reference does not list: kept as the text given
    /// (`None` until set). No effect.
    #[serde(default)]
    pub tenant_admin_preference: Option<String>,
}

fn allow() -> AccessLevel {
    AccessLevel::Allow
}

fn yes() -> bool {
    true
}

impl Default for OrganizationSettings {
    fn default() -> OrganizationSettings {
        OrganizationSettings {
            default_access_level: AccessLevel::Allow,
            admin_mail_recipients: Vec::new(),
            user_mail_insert: None,
            ota_notification_mail_insert: None,
            allow_access_for_unsupported_platform: true,
            allow_rms_support_for_unenlightened_apps: false,
            enable_mobile_mailbox_policy_when_ca_inplace: false,
            tenant_admin_preference: None,
        }
    }
}

/// The simulator's settings for behaviour Exchange does not expose as organization settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct SimSettings {
    /// Which access sequence decides devices.
    #[serde(default = "documented")]
    pub precedence: Precedence,
    /// Exchange's DeviceDiscoveryPeriod: how long after first contact a device without DeviceInformation is in
    /// DeviceDiscovery when rules exist (Exchange2013 precedence only). 14 minutes in Exchange.
    #[serde(default = "discovery")]
    pub device_discovery_period_secs: u32,
    /// EasMaxDevices: partnerships per mailbox (100 in Exchange 2013 and Exchange Online).
    #[serde(default = "max_devices")]
    pub eas_max_devices: u32,
}

fn documented() -> Precedence {
    Precedence::Documented
}

fn discovery() -> u32 {
    14 * 60
}

fn max_devices() -> u32 {
    100
}

impl Default for SimSettings {
    fn default() -> SimSettings {
        SimSettings {
            precedence: Precedence::Documented,
            device_discovery_period_secs: discovery(),
            eas_max_devices: max_devices(),
        }
    }
}
