//! The MobileMailboxPolicy object and the table of settings New- and Set-MobileDeviceMailboxPolicy take: each
//! setting's parameter type, how it is shown, how it is applied, and Exchange's allowed range.
//!
//! Units: time spans are stored in seconds (PasswordExpiration in days), sizes in KB; `None` is Unlimited. The
//! age filters are stored as the days they let a device sync (`None` = All) and bound as Exchange's enums. The
//! S/MIME algorithms are Exchange's enums whose numbers are MS-ASPROV's codes; the two application lists are
//! MultiValuedProperty lists of strings. Settings with no EASProvisionDoc element (push notifications, OTA
//! updates, IRM, file shares, SharePoint, external management) are kept and shown, and their help says they have
//! no effect in the simulator.

use crate::admin::params::{
    BYTE_SIZE, MULTI_VALUED, MULTI_VALUED_TYPE, TIME_SPAN, TIME_SPAN_TYPE, UNLIMITED, edit_list,
};
use crate::model::{
    BluetoothMode, EncryptionSmimeAlgorithm, MobileDeviceMailboxPolicy as Policy,
    SignedSmimeAlgorithm, SmimeNegotiation,
};

use crate::model::ModelError;
use crate::script::error::{ErrorCategory, ErrorRecord, quoted};

use super::MAILBOX_POLICY_TYPE;
use crate::admin::enums::{
    BLUETOOTH_TYPE, CALENDAR_AGE_FILTER_TYPE, EMAIL_AGE_FILTER_TYPE,
    ENCRYPTION_SMIME_ALGORITHM_TYPE, SIGNED_SMIME_ALGORITHM_TYPE, SMIME_NEGOTIATION_TYPE,
};
use crate::script::CustomType;
use crate::script::params::{Arg, BoundParameters, ParamType, ParameterInfo};
use crate::script::value::{PsObject, Value};

/// One settable policy property.
pub struct PolicySetting {
    pub name: &'static str,
    pub ty: ParamType,
    /// Inclusive range Exchange validates (in the bound unit: count, seconds or KB).
    pub range: Option<(u32, u32)>,
    /// What Get-Help says of the parameter (empty: nothing beyond the reference's own text).
    pub help: &'static str,
    pub get: fn(&Policy) -> Value,
    pub set: fn(&mut Policy, &Arg),
}

macro_rules! flag {
    ($name:literal, $field:ident) => {
        flag!($name, $field, "")
    };
    ($name:literal, $field:ident, $help:expr) => {
        PolicySetting {
            name: $name,
            ty: ParamType::Bool,
            range: None,
            help: $help,
            get: |p| Value::Bool(p.$field),
            set: |p, a| {
                if let Arg::Value(Value::Bool(v)) = a {
                    p.$field = *v;
                }
            },
        }
    };
}

macro_rules! count {
    ($name:literal, $field:ident, $lo:expr, $hi:expr) => {
        PolicySetting {
            name: $name,
            ty: ParamType::UInt32,
            range: Some(($lo, $hi)),
            help: "",
            get: |p| Value::from(p.$field),
            set: |p, a| {
                if let Arg::Value(Value::Int(v)) = a {
                    p.$field = u32::try_from(*v).unwrap_or(u32::MAX);
                }
            },
        }
    };
}

macro_rules! unlimited {
    ($name:literal, $ty:expr, $field:ident, $range:expr, $show:expr) => {
        PolicySetting {
            name: $name,
            ty: $ty,
            range: $range,
            help: "",
            get: |p| $show(p.$field),
            set: |p, a| {
                if let Arg::Unlimited(v) = a {
                    p.$field = *v;
                }
            },
        }
    };
}

/// An age filter: bound as its Exchange enum, stored as the days its name stands for (`ages`).
macro_rules! age {
    ($name:literal, $info:ident, $field:ident, $ages:ident) => {
        PolicySetting {
            name: $name,
            ty: ParamType::Enum(&$info),
            range: None,
            help: "",
            get: |p| age_filter(p.$field, $ages),
            set: |p, a| {
                if let Arg::Value(Value::Enum(e)) = a {
                    p.$field = days_of(e.name, $ages);
                }
            },
        }
    };
}

/// An Exchange enum stored as its model enum.
macro_rules! choice {
    ($name:literal, $info:ident, $field:ident, $model:ty, $help:expr) => {
        PolicySetting {
            name: $name,
            ty: ParamType::Enum(&$info),
            range: None,
            help: $help,
            get: |p| Value::from(p.$field),
            set: |p, a| {
                if let Arg::Value(Value::Enum(e)) = a
                    && let Ok(v) = e.name.parse::<$model>()
                {
                    p.$field = v;
                }
            },
        }
    };
}

/// A list of strings, replaced or edited as a MultiValuedProperty (`@{Add=…; Remove=…}`).
macro_rules! list {
    ($name:literal, $ty:expr, $field:ident, $help:expr) => {
        PolicySetting {
            name: $name,
            ty: $ty,
            range: None,
            help: $help,
            get: |p| Value::strings(&p.$field),
            set: |p, a| {
                if let Arg::Multi(edit) = a {
                    edit_list(&mut p.$field, edit);
                }
            },
        }
    };
}

/// Exchange's `ApprovedApplicationCollection`, bound as a MultiValuedProperty of the applications' hashes.
pub static APPROVED_APPLICATIONS_TYPE: CustomType = CustomType {
    type_name: "Microsoft.Exchange.Data.Directory.SystemConfiguration.ApprovedApplicationCollection",
    help_name: "ApprovedApplicationCollection",
    takes_list: true,
    convert: |name, value, culture| (MULTI_VALUED_TYPE.convert)(name, value, culture),
};

const PUSH_HELP: &str = "Kept and shown by Get-MobileDeviceMailboxPolicy; no effect in the simulator: it sends no push notifications, and MS-ASPROV's EASProvisionDoc has no element for this setting.";
const SHARES_HELP: &str = "Kept and shown by Get-MobileDeviceMailboxPolicy (True until set: the reference page states no default); no effect in the simulator: it serves no file shares or SharePoint libraries, and MS-ASPROV's EASProvisionDoc has no element for this setting.";

/// The settable settings, in the order Get-MobileDeviceMailboxPolicy shows them. Where the new ones go: an Exchange
/// Online tenant's Get-MobileDeviceMailboxPolicy properties as a capability survey recorded them (AllowSimplePassword,
/// MaxAttachmentSize, WSSAccessEnabled, UNCAccessEnabled, MinPasswordLength, … IsDefault,
/// AllowApplePushNotifications, AllowMicrosoftPushNotifications, AllowGooglePushNotifications, AllowStorageCard, …);
/// the survey's list stops at RequireManualSyncWhenRoaming, so the S/MIME algorithms (after the age filters) and
/// the rest (at the end) are placed without a source.
pub static SETTINGS: &[PolicySetting] = &[
    flag!(
        "AllowNonProvisionableDevices",
        allow_non_provisionable_devices
    ),
    flag!(
        "AlphanumericPasswordRequired",
        alphanumeric_password_required
    ),
    flag!("AttachmentsEnabled", attachments_enabled),
    flag!("DeviceEncryptionEnabled", device_encryption_enabled),
    flag!(
        "RequireStorageCardEncryption",
        require_storage_card_encryption
    ),
    flag!("PasswordEnabled", password_enabled),
    flag!("PasswordRecoveryEnabled", password_recovery_enabled),
    unlimited!(
        "DevicePolicyRefreshInterval",
        TIME_SPAN,
        device_policy_refresh_interval,
        None,
        show_time_span
    ),
    flag!("AllowSimplePassword", allow_simple_password),
    unlimited!(
        "MaxAttachmentSize",
        BYTE_SIZE,
        max_attachment_size,
        None,
        show_size
    ),
    flag!("WSSAccessEnabled", wss_access_enabled, SHARES_HELP),
    flag!("UNCAccessEnabled", unc_access_enabled, SHARES_HELP),
    PolicySetting {
        name: "MinPasswordLength",
        ty: ParamType::UInt32,
        range: Some((1, 16)),
        help: "",
        get: |p| Value::from(p.min_password_length),
        set: |p, a| {
            if let Arg::Value(Value::Int(v)) = a {
                p.min_password_length = u32::try_from(*v).ok();
            }
        },
    },
    unlimited!(
        "MaxInactivityTimeLock",
        TIME_SPAN,
        max_inactivity_time_lock,
        Some((60, 3600)),
        show_time_span
    ),
    unlimited!(
        "MaxPasswordFailedAttempts",
        UNLIMITED,
        max_password_failed_attempts,
        Some((4, 16)),
        show_count
    ),
    PolicySetting {
        name: "PasswordExpiration",
        ty: TIME_SPAN,
        range: Some((86_400, 730 * 86_400)),
        help: "",
        get: |p| show_time_span(p.password_expiration.map(|d| d.saturating_mul(86_400))),
        set: |p, a| {
            if let Arg::Unlimited(v) = a {
                p.password_expiration = v.map(|secs| secs / 86_400);
            }
        },
    },
    count!("PasswordHistory", password_history, 0, 50),
    flag!("IsDefault", is_default),
    flag!(
        "AllowApplePushNotifications",
        allow_apple_push_notifications,
        PUSH_HELP
    ),
    flag!(
        "AllowMicrosoftPushNotifications",
        allow_microsoft_push_notifications,
        PUSH_HELP
    ),
    flag!(
        "AllowGooglePushNotifications",
        allow_google_push_notifications,
        PUSH_HELP
    ),
    flag!("AllowStorageCard", allow_storage_card),
    flag!("AllowCamera", allow_camera),
    flag!("RequireDeviceEncryption", require_device_encryption),
    flag!("AllowUnsignedApplications", allow_unsigned_applications),
    flag!(
        "AllowUnsignedInstallationPackages",
        allow_unsigned_installation_packages
    ),
    flag!("AllowWiFi", allow_wifi),
    flag!("AllowTextMessaging", allow_text_messaging),
    flag!("AllowPOPIMAPEmail", allow_pop_imap_email),
    flag!("AllowIrDA", allow_irda),
    flag!(
        "RequireManualSyncWhenRoaming",
        require_manual_sync_when_roaming
    ),
    flag!("AllowDesktopSync", allow_desktop_sync),
    flag!("AllowHTMLEmail", allow_html_email),
    flag!("RequireSignedSMIMEMessages", require_signed_smime_messages),
    flag!(
        "RequireEncryptedSMIMEMessages",
        require_encrypted_smime_messages
    ),
    flag!("AllowSMIMESoftCerts", allow_smime_soft_certs),
    flag!("AllowBrowser", allow_browser),
    flag!("AllowConsumerEmail", allow_consumer_email),
    flag!("AllowRemoteDesktop", allow_remote_desktop),
    flag!("AllowInternetSharing", allow_internet_sharing),
    PolicySetting {
        name: "AllowBluetooth",
        ty: ParamType::Enum(&BLUETOOTH_TYPE),
        range: None,
        help: "",
        get: |p| Value::from(p.allow_bluetooth),
        set: |p, a| {
            if let Arg::Value(Value::Enum(e)) = a
                && let Ok(mode) = e.name.parse::<BluetoothMode>()
            {
                p.allow_bluetooth = mode;
            }
        },
    },
    count!(
        "MinPasswordComplexCharacters",
        min_password_complex_characters,
        1,
        4
    ),
    age!(
        "MaxCalendarAgeFilter",
        CALENDAR_AGE_FILTER_TYPE,
        max_calendar_age_filter,
        CALENDAR_AGES
    ),
    age!(
        "MaxEmailAgeFilter",
        EMAIL_AGE_FILTER_TYPE,
        max_email_age_filter,
        EMAIL_AGES
    ),
    choice!(
        "RequireSignedSMIMEAlgorithm",
        SIGNED_SMIME_ALGORITHM_TYPE,
        require_signed_smime_algorithm,
        SignedSmimeAlgorithm,
        "Sent to devices as the EASProvisionDoc's RequireSignedSMIMEAlgorithm (12.1 and later): 0 for SHA1, 1 for MD5."
    ),
    choice!(
        "RequireEncryptionSMIMEAlgorithm",
        ENCRYPTION_SMIME_ALGORITHM_TYPE,
        require_encryption_smime_algorithm,
        EncryptionSmimeAlgorithm,
        "Sent to devices as the EASProvisionDoc's RequireEncryptionSMIMEAlgorithm (12.1 and later): 0 TripleDES, 1 DES, 2 RC2128bit, 3 RC264bit, 4 RC240bit."
    ),
    choice!(
        "AllowSMIMEEncryptionAlgorithmNegotiation",
        SMIME_NEGOTIATION_TYPE,
        allow_smime_encryption_algorithm_negotiation,
        SmimeNegotiation,
        "Sent to devices as the EASProvisionDoc's AllowSMIMEEncryptionAlgorithmNegotiation (12.1 and later): 0 BlockNegotiation, 1 OnlyStrongAlgorithmNegotiation, 2 AllowAnyAlgorithmNegotiation."
    ),
    unlimited!(
        "MaxEmailBodyTruncationSize",
        BYTE_SIZE,
        max_email_body_truncation_size,
        None,
        show_count
    ),
    unlimited!(
        "MaxEmailHTMLBodyTruncationSize",
        BYTE_SIZE,
        max_email_html_body_truncation_size,
        None,
        show_count
    ),
    list!(
        "UnapprovedInROMApplicationList",
        MULTI_VALUED,
        unapproved_in_rom_application_list,
        "In-ROM applications (.exe names) a device must not run, sent as the EASProvisionDoc's UnapprovedInROMApplicationList of ApplicationName elements (12.1 and later)."
    ),
    list!(
        "ApprovedApplicationList",
        ParamType::Custom(&APPROVED_APPLICATIONS_TYPE),
        approved_application_list,
        "The SHA1 hashes of the in-memory applications a device may run, sent as the EASProvisionDoc's ApprovedApplicationList of Hash elements (12.1 and later). Exchange's ApprovedApplication also carries a name and a .cab file; the simulator keeps only the hash."
    ),
    flag!(
        "AllowExternalDeviceManagement",
        allow_external_device_management,
        "Kept and shown by Get-MobileDeviceMailboxPolicy; no effect in the simulator: there is no external device management program, and MS-ASPROV's EASProvisionDoc has no element for this setting."
    ),
    flag!(
        "AllowMobileOTAUpdate",
        allow_mobile_ota_update,
        "Kept and shown by Get-MobileDeviceMailboxPolicy; no effect in the simulator: it has no cellular connections to tell apart, and MS-ASPROV's EASProvisionDoc has no element for this setting."
    ),
    flag!(
        "IrmEnabled",
        irm_enabled,
        "Kept and shown by Get-MobileDeviceMailboxPolicy; no effect in the simulator: it holds no IRM-protected mail, and MS-ASPROV's EASProvisionDoc has no element for this setting."
    ),
];

/// The calendar filter's names other than All, with the days each lets a device sync.
const CALENDAR_AGES: &[(u32, &str)] = &[
    (14, "TwoWeeks"),
    (30, "OneMonth"),
    (90, "ThreeMonths"),
    (180, "SixMonths"),
];

/// The mail filter's names other than All, with the days each lets a device sync.
const EMAIL_AGES: &[(u32, &str)] = &[
    (1, "OneDay"),
    (3, "ThreeDays"),
    (7, "OneWeek"),
    (14, "TwoWeeks"),
    (30, "OneMonth"),
];

/// The days a filter name stands for (`None` for All).
fn days_of(name: &str, table: &[(u32, &str)]) -> Option<u32> {
    table.iter().find(|(_, n)| *n == name).map(|(d, _)| *d)
}

/// The number of settings (for building parameter arrays in const context).
pub const SETTING_COUNT: usize = SETTINGS.len();

/// The settings as parameters, in table order.
pub const fn setting_parameters() -> [ParameterInfo; SETTING_COUNT] {
    let mut out = [ParameterInfo::new("", ParamType::String); SETTING_COUNT];
    let mut i = 0;
    while i < SETTING_COUNT {
        out[i] = ParameterInfo::new(SETTINGS[i].name, SETTINGS[i].ty).help(SETTINGS[i].help);
        i += 1;
    }
    out
}

/// `base` followed by the settings.
pub const fn with_settings<const B: usize, const N: usize>(
    base: [ParameterInfo; B],
) -> [ParameterInfo; N] {
    assert!(N == B + SETTING_COUNT, "N must be B + SETTING_COUNT");
    let settings = setting_parameters();
    let mut out = [ParameterInfo::new("", ParamType::String); N];
    let mut i = 0;
    while i < B {
        out[i] = base[i];
        i += 1;
    }
    let mut j = 0;
    while j < SETTING_COUNT {
        out[B + j] = settings[j];
        j += 1;
    }
    out
}

/// Checks a bound setting against Exchange's range, with PowerShell's ValidateRange text.
pub fn validate(setting: &PolicySetting, arg: &Arg) -> Result<(), ErrorRecord> {
    let (Some((lo, hi)), value) = (setting.range, arg) else {
        return Ok(());
    };
    let n = match value {
        Arg::Value(Value::Int(v)) => u32::try_from(*v).unwrap_or(u32::MAX),
        Arg::Unlimited(Some(v)) => *v,
        _ => return Ok(()),
    };
    let shown = |v: u32| {
        if setting.ty.is_custom(&TIME_SPAN_TYPE) {
            time_span_text(v)
        } else {
            v.to_string()
        }
    };
    let problem = if n < lo {
        format!(
            "The {} argument is less than the minimum allowed range of {}. Supply an argument that is greater than or equal to {} and then try the command again.",
            shown(n),
            shown(lo),
            shown(lo)
        )
    } else if n > hi {
        format!(
            "The {} argument is greater than the maximum allowed range of {}. Supply an argument that is less than or equal to {} and then try the command again.",
            shown(n),
            shown(hi),
            shown(hi)
        )
    } else {
        return Ok(());
    };
    Err(ErrorRecord::new(
        ErrorCategory::InvalidData,
        "ParameterArgumentValidationError",
        format!(
            "Cannot validate argument on parameter '{}'. {problem}",
            setting.name
        ),
    )
    .with_target(setting.name))
}

/// Applies every bound setting to `policy`, after checking each against its range; on error nothing is applied
/// to the caller's data (the caller passes a copy).
pub fn apply_settings(policy: &mut Policy, args: &BoundParameters) -> Result<(), ErrorRecord> {
    for setting in SETTINGS {
        if let Some(arg) = args.get(setting.name) {
            validate(setting, arg)?;
            (setting.set)(policy, arg);
        }
    }
    Ok(())
}

/// A tenant's refusal of a policy change, in Exchange's words where known.
pub fn policy_error(e: ModelError, name: &str) -> ErrorRecord {
    match e {
        ModelError::DuplicatePolicy(n) => ErrorRecord::new(
            ErrorCategory::ResourceExists,
            "ADObjectAlreadyExistsException",
            format!(
                "A mobile device mailbox policy named \"{}\" already exists.",
                quoted(&n)
            ),
        )
        .with_target(n),
        ModelError::DefaultPolicyRequired => ErrorRecord::new(
            ErrorCategory::InvalidOperation,
            "InvalidOperationException",
            format!(
                "\"{}\" is the default mobile device mailbox policy, and there must always be one. Make another policy the default (-IsDefault $true) first.",
                quoted(name)
            ),
        )
        .with_target(name),
        other => ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "DataValidationException",
            other.to_string(),
        )
        .with_target(name),
    }
}

fn time_span_text(secs: u32) -> String {
    let (d, rem) = (secs / 86_400, secs % 86_400);
    let hms = format!("{:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60);
    if d > 0 { format!("{d}.{hms}") } else { hms }
}

fn show_time_span(v: Option<u32>) -> Value {
    v.map_or(Value::str("Unlimited"), |s| Value::str(time_span_text(s)))
}

fn show_count(v: Option<u32>) -> Value {
    v.map_or(Value::str("Unlimited"), Value::from)
}

/// Exchange's ByteQuantifiedSize text: `10 MB (10,485,760 bytes)`.
fn show_size(kb: Option<u32>) -> Value {
    let Some(kb) = kb else {
        return Value::str("Unlimited");
    };
    let bytes = u64::from(kb) * 1024;
    let (unit, div) = [("GB", 1u64 << 30), ("MB", 1 << 20), ("KB", 1 << 10)]
        .into_iter()
        .find(|(_, d)| bytes >= *d)
        .unwrap_or(("B", 1));
    let amount = bytes as f64 / div as f64;
    let amount = if amount.fract() == 0.0 {
        format!("{amount:.0}")
    } else {
        format!("{amount:.3}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    Value::str(format!("{amount} {unit} ({} bytes)", group_digits(bytes)))
}

fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn age_filter(days: Option<u32>, names: &[(u32, &'static str)]) -> Value {
    let name = days
        .and_then(|d| names.iter().find(|(n, _)| *n == d).map(|(_, s)| *s))
        .unwrap_or("All");
    Value::str(name)
}

/// The Get-MobileDeviceMailboxPolicy object.
pub fn policy_object(p: &Policy) -> PsObject {
    let mut o = PsObject::with_capacity(MAILBOX_POLICY_TYPE, SETTINGS.len() + 8);
    for s in SETTINGS {
        o.push(s.name, (s.get)(p));
    }
    o.push("Name", p.name.as_str());
    o.push("Identity", p.name.as_str());
    o.push("Guid", p.guid);
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_table_and_its_count_agree() {
        assert_eq!(SETTINGS.len(), SETTING_COUNT);
        let names: Vec<&str> = SETTINGS.iter().map(|s| s.name).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn sizes_and_time_spans_read_like_exchange() {
        assert_eq!(
            show_size(Some(10 * 1024)).to_text(),
            "10 MB (10,485,760 bytes)"
        );
        assert_eq!(show_size(Some(1536)).to_text(), "1.5 MB (1,572,864 bytes)");
        assert_eq!(show_size(None).to_text(), "Unlimited");
        assert_eq!(time_span_text(900), "00:15:00");
        assert_eq!(time_span_text(90 * 86_400), "90.00:00:00");
    }
}
