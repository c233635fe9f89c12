//! Mobile device mailbox policies (the settings Provision sends in an EASProvisionDoc), with Exchange's defaults.
//!
//! "Unlimited" is `None`. Durations are seconds, sizes are KB. The tenant always has exactly one default policy.

use serde::{Deserialize, Serialize};

use super::{
    BluetoothMode, EncryptionSmimeAlgorithm, Guid, SignedSmimeAlgorithm, SmimeNegotiation,
};

/// The default policy's name in a new tenant.
pub const DEFAULT_POLICY_NAME: &str = "Default";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default, deny_unknown_fields)]
pub struct MobileDeviceMailboxPolicy {
    pub guid: Guid,
    pub name: String,
    pub is_default: bool,
    pub allow_non_provisionable_devices: bool,
    pub password_enabled: bool,
    pub alphanumeric_password_required: bool,
    pub password_recovery_enabled: bool,
    pub allow_simple_password: bool,
    pub min_password_length: Option<u32>,
    pub min_password_complex_characters: u32,
    pub max_password_failed_attempts: Option<u32>,
    /// Seconds of inactivity before the device locks.
    pub max_inactivity_time_lock: Option<u32>,
    /// Days before a password expires.
    pub password_expiration: Option<u32>,
    pub password_history: u32,
    pub require_device_encryption: bool,
    pub device_encryption_enabled: bool,
    pub require_storage_card_encryption: bool,
    /// Seconds between forced policy refreshes (a stale device gets 143 PolicyRefresh).
    pub device_policy_refresh_interval: Option<u32>,
    pub attachments_enabled: bool,
    /// KB.
    pub max_attachment_size: Option<u32>,
    pub allow_storage_card: bool,
    pub allow_camera: bool,
    pub allow_unsigned_applications: bool,
    pub allow_unsigned_installation_packages: bool,
    #[serde(rename = "AllowWiFi")]
    pub allow_wifi: bool,
    pub allow_text_messaging: bool,
    #[serde(rename = "AllowPOPIMAPEmail")]
    pub allow_pop_imap_email: bool,
    pub allow_bluetooth: BluetoothMode,
    #[serde(rename = "AllowIrDA")]
    pub allow_irda: bool,
    pub require_manual_sync_when_roaming: bool,
    pub allow_desktop_sync: bool,
    #[serde(rename = "AllowHTMLEmail")]
    pub allow_html_email: bool,
    pub allow_browser: bool,
    pub allow_consumer_email: bool,
    pub allow_remote_desktop: bool,
    pub allow_internet_sharing: bool,
    #[serde(rename = "RequireSignedSMIMEMessages")]
    pub require_signed_smime_messages: bool,
    #[serde(rename = "RequireEncryptedSMIMEMessages")]
    pub require_encrypted_smime_messages: bool,
    #[serde(rename = "AllowSMIMESoftCerts")]
    pub allow_smime_soft_certs: bool,
    /// Days of calendar to sync (`None` = all).
    pub max_calendar_age_filter: Option<u32>,
    /// Days of mail to sync (`None` = all).
    pub max_email_age_filter: Option<u32>,
    /// KB (`None` = no truncation).
    pub max_email_body_truncation_size: Option<u32>,
    #[serde(rename = "MaxEmailHTMLBodyTruncationSize")]
    pub max_email_html_body_truncation_size: Option<u32>,
    /// Sent as MS-ASPROV RequireSignedSMIMEAlgorithm (12.1 and later).
    #[serde(rename = "RequireSignedSMIMEAlgorithm")]
    pub require_signed_smime_algorithm: SignedSmimeAlgorithm,
    /// Sent as MS-ASPROV RequireEncryptionSMIMEAlgorithm (12.1 and later).
    #[serde(rename = "RequireEncryptionSMIMEAlgorithm")]
    pub require_encryption_smime_algorithm: EncryptionSmimeAlgorithm,
    /// Sent as MS-ASPROV AllowSMIMEEncryptionAlgorithmNegotiation (12.1 and later).
    #[serde(rename = "AllowSMIMEEncryptionAlgorithmNegotiation")]
    pub allow_smime_encryption_algorithm_negotiation: SmimeNegotiation,
    /// SHA1 hashes of the in-memory applications allowed to run: MS-ASPROV ApprovedApplicationList's Hash children.
    pub approved_application_list: Vec<String>,
    /// In-ROM applications not allowed to run: MS-ASPROV UnapprovedInROMApplicationList's ApplicationName children.
    #[serde(rename = "UnapprovedInROMApplicationList")]
    pub unapproved_in_rom_application_list: Vec<String>,
    // Kept and shown, but with no EASProvisionDoc element (MS-ASPROV 2.2.2.28 has none for them): the simulator
    // sends no push notifications, has no OTA updates, IRM, file shares, SharePoint or external MDM.
    pub allow_apple_push_notifications: bool,
    pub allow_microsoft_push_notifications: bool,
    pub allow_google_push_notifications: bool,
    #[serde(rename = "WSSAccessEnabled")]
    pub wss_access_enabled: bool,
    #[serde(rename = "UNCAccessEnabled")]
    pub unc_access_enabled: bool,
    pub allow_external_device_management: bool,
    #[serde(rename = "AllowMobileOTAUpdate")]
    pub allow_mobile_ota_update: bool,
    pub irm_enabled: bool,
    /// Bumped on every change so devices provisioned against an older revision must re-provision.
    pub revision: u64,
}

impl Default for MobileDeviceMailboxPolicy {
    fn default() -> MobileDeviceMailboxPolicy {
        MobileDeviceMailboxPolicy {
            guid: Guid::default(),
            name: DEFAULT_POLICY_NAME.to_string(),
            is_default: false,
            allow_non_provisionable_devices: false,
            password_enabled: false,
            alphanumeric_password_required: false,
            password_recovery_enabled: false,
            allow_simple_password: true,
            min_password_length: None,
            min_password_complex_characters: 1,
            max_password_failed_attempts: None,
            max_inactivity_time_lock: None,
            password_expiration: None,
            password_history: 0,
            require_device_encryption: false,
            device_encryption_enabled: false,
            require_storage_card_encryption: false,
            device_policy_refresh_interval: None,
            attachments_enabled: true,
            max_attachment_size: None,
            allow_storage_card: true,
            allow_camera: true,
            allow_unsigned_applications: true,
            allow_unsigned_installation_packages: true,
            allow_wifi: true,
            allow_text_messaging: true,
            allow_pop_imap_email: true,
            allow_bluetooth: BluetoothMode::Allow,
            allow_irda: true,
            require_manual_sync_when_roaming: false,
            allow_desktop_sync: true,
            allow_html_email: true,
            allow_browser: true,
            allow_consumer_email: true,
            allow_remote_desktop: true,
            allow_internet_sharing: true,
            require_signed_smime_messages: false,
            require_encrypted_smime_messages: false,
            allow_smime_soft_certs: true,
            max_calendar_age_filter: None,
            max_email_age_filter: None,
            max_email_body_truncation_size: None,
            max_email_html_body_truncation_size: None,
            // Set-/New-MobileDeviceMailboxPolicy.md: "The default value is SHA1", "… is TripleDES", "… is
            // AllowAnyAlgorithmNegotiation"; the lists start empty.
            require_signed_smime_algorithm: SignedSmimeAlgorithm::SHA1,
            require_encryption_smime_algorithm: EncryptionSmimeAlgorithm::TripleDES,
            allow_smime_encryption_algorithm_negotiation:
                SmimeNegotiation::AllowAnyAlgorithmNegotiation,
            approved_application_list: Vec::new(),
            unapproved_in_rom_application_list: Vec::new(),
            // The same pages: the push notification switches, AllowMobileOTAUpdate and IrmEnabled default to
            // $true, AllowExternalDeviceManagement to $false. They give no default for WSSAccessEnabled and
            // UNCAccessEnabled; easim starts them $true.
            allow_apple_push_notifications: true,
            allow_microsoft_push_notifications: true,
            allow_google_push_notifications: true,
            wss_access_enabled: true,
            unc_access_enabled: true,
            allow_external_device_management: false,
            allow_mobile_ota_update: true,
            irm_enabled: true,
            revision: 0,
        }
    }
}
