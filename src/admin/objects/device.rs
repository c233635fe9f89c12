//! The objects Get-MobileDevice and Get-MobileDeviceStatistics write, with Exchange's property names and order
//! (eas-facts §7.2), and the filterable record Get-MobileDevice's `-Filter` evaluates.
//!
//! Get-MobileDevice shows the access state as Exchange recomputes it at read time (`access::displayed_access`);
//! its `-Filter` sees the same recomputed values, as Exchange evaluates filters that mention DeviceAccessState,
//! DeviceAccessStateReason or DeviceAccessControlRule on the recomputed device (EX13 `GetMobileDeviceBase.cs`).
//! Get-MobileDeviceStatistics shows the stored state.

use std::borrow::Cow;
use std::cell::OnceCell;

use crate::access::displayed_access;
use crate::model::{MobileDevice, StoredAccess, Tenant};

use super::super::opath::{FValue, PropDef, PropType, Record};
use super::{MOBILE_DEVICE_CONFIGURATION_TYPE, MOBILE_DEVICE_TYPE};
use crate::admin::enums::{DEVICE_ACCESS_STATE, DEVICE_ACCESS_STATE_REASON, MOBILE_CLIENT_TYPE};
use crate::script::value::{PsObject, ShapeSlot, Value};

/// Get-MobileDevice's properties, in Exchange's order; each is filterable.
pub static DEVICE_SCHEMA: &[PropDef] = &[
    PropDef::new("FriendlyName", PropType::String),
    PropDef::new("DeviceId", PropType::String),
    PropDef::new("DeviceImei", PropType::String),
    PropDef::new("DeviceMobileOperator", PropType::String),
    PropDef::new("DeviceOS", PropType::String),
    PropDef::new("DeviceOSLanguage", PropType::String),
    PropDef::new("DeviceTelephoneNumber", PropType::String),
    PropDef::new("DeviceType", PropType::String),
    PropDef::new("DeviceUserAgent", PropType::String),
    PropDef::new("DeviceModel", PropType::String),
    PropDef::new("FirstSyncTime", PropType::DateTime),
    PropDef::new("UserDisplayName", PropType::String),
    PropDef::new("DeviceAccessState", PropType::Enum(&DEVICE_ACCESS_STATE)),
    PropDef::new(
        "DeviceAccessStateReason",
        PropType::Enum(&DEVICE_ACCESS_STATE_REASON),
    ),
    PropDef::new("DeviceAccessControlRule", PropType::String),
    PropDef::new("ClientVersion", PropType::String),
    PropDef::new("ClientType", PropType::Enum(&MOBILE_CLIENT_TYPE)),
    PropDef::new("IsManaged", PropType::Bool),
    PropDef::new("IsCompliant", PropType::Bool),
    PropDef::new("IsDisabled", PropType::Bool),
    PropDef::new("Name", PropType::String),
    PropDef::new("Identity", PropType::String),
    PropDef::new("Guid", PropType::Guid),
    // Filterable, not shown: the documented filterable properties Get-MobileDevice's object has under other
    // names or not at all (learn.microsoft.com/powershell/module/exchangepowershell/get-mobiledevice, -Filter).
    // DeviceActiveSyncVersion is the schema name of ClientVersion; ProvisioningFlags holds IsDisabled (1),
    // IsManaged (2) and IsCompliant (4) as bits ([EX13] `Microsoft.Exchange.Data.Directory/Data/Directory/
    // SystemConfiguration/MobileDeviceSchema.cs`), all False in the simulator, so it is 0.
    PropDef::new("DeviceActiveSyncVersion", PropType::String),
    PropDef::new("ProvisioningFlags", PropType::Int),
];

/// How many of `DEVICE_SCHEMA`'s properties the object shows (the rest only filter).
pub const SHOWN: usize = 23;

/// Schema indexes of the properties the tenant indexes.
pub mod prop {
    pub const DEVICE_OS: usize = 4;
    pub const DEVICE_TYPE: usize = 7;
    pub const DEVICE_USER_AGENT: usize = 8;
    pub const DEVICE_MODEL: usize = 9;
    pub const DEVICE_ACCESS_STATE: usize = 12;
    pub const DEVICE_ACCESS_STATE_REASON: usize = 13;
    pub const DEVICE_ACCESS_CONTROL_RULE: usize = 14;
    pub const DEVICE_ACTIVE_SYNC_VERSION: usize = 23;
}

/// A device as Get-MobileDevice's filter sees it; the recomputed access is computed once, on first use.
pub struct DeviceRow<'a> {
    tenant: &'a Tenant,
    device: &'a MobileDevice,
    access: OnceCell<StoredAccess>,
}

impl<'a> DeviceRow<'a> {
    pub fn new(tenant: &'a Tenant, device: &'a MobileDevice) -> DeviceRow<'a> {
        DeviceRow {
            tenant,
            device,
            access: OnceCell::new(),
        }
    }

    pub fn device(&self) -> &'a MobileDevice {
        self.device
    }

    /// The access state Get-MobileDevice shows.
    pub fn access(&self) -> &StoredAccess {
        self.access
            .get_or_init(|| displayed_access(self.tenant, self.device))
    }

    /// The Get-MobileDevice object. Strings the model shares between devices (`Arc<str>`) are shared with the
    /// object too, not copied.
    pub fn to_object(&self) -> PsObject {
        let d = self.device;
        let shared = Value::shared_or_null;
        static SHAPE: ShapeSlot = ShapeSlot::new();
        let mut o = PsObject::with_slot(MOBILE_DEVICE_TYPE, &SHAPE, SHOWN);
        for (i, p) in DEVICE_SCHEMA.iter().enumerate().take(SHOWN) {
            let v = match i {
                3 => shared(&d.device_mobile_operator),
                4 => shared(&d.device_os),
                5 => shared(&d.device_os_language),
                7 => shared(&d.device_type),
                8 => shared(&d.device_user_agent),
                9 => shared(&d.device_model),
                15 => shared(&d.client_version),
                _ => fvalue_to_value(self.get(i)),
            };
            o.push(p.name, v);
        }
        o.learn_shape(&SHAPE);
        o
    }
}

fn opt_str(s: &str) -> FValue<'_> {
    if s.is_empty() {
        FValue::Null
    } else {
        FValue::Str(Cow::Borrowed(s))
    }
}

impl Record for DeviceRow<'_> {
    fn get(&self, prop: usize) -> FValue<'_> {
        let d = self.device;
        match prop {
            0 => opt_str(&d.friendly_name),
            1 => opt_str(&d.device_id),
            2 => opt_str(&d.device_imei),
            3 => opt_str(&d.device_mobile_operator),
            4 => opt_str(&d.device_os),
            5 => opt_str(&d.device_os_language),
            6 => opt_str(&d.device_telephone_number),
            7 => opt_str(&d.device_type),
            8 => opt_str(&d.device_user_agent),
            9 => opt_str(&d.device_model),
            10 => d.first_sync_time.into(),
            11 => FValue::Str(Cow::Owned(user_display_name(self.tenant, d))),
            12 => FValue::Enum(self.access().state.into()),
            13 => FValue::Enum(self.access().reason.into()),
            14 => self.access().rule.as_deref().map_or(FValue::Null, opt_str),
            15 => opt_str(&d.client_version),
            16 => FValue::Enum(d.client_type.into()),
            17..=19 => FValue::Bool(false),
            20 => FValue::Str(Cow::Owned(d.identity_leaf())),
            21 => FValue::Str(Cow::Owned(self.tenant.device_identity(d))),
            22 => FValue::Guid(d.guid),
            23 => opt_str(&d.client_version),
            _ => FValue::Int(0),
        }
    }
}

/// The owner as Exchange shows it in UserDisplayName: the user's directory path.
fn user_display_name(tenant: &Tenant, d: &MobileDevice) -> String {
    let (domain, name) = (tenant.domain(), &tenant.mailbox(d.mailbox).name);
    let mut text = String::with_capacity(domain.len() + name.len() + 7);
    text.push_str(domain);
    text.push_str("/Users/");
    text.push_str(name);
    text
}

pub(crate) fn fvalue_to_value(v: FValue<'_>) -> Value {
    match v {
        FValue::Null => Value::Null,
        FValue::Str(s) => Value::str(s.as_ref()),
        FValue::Strs(list) => Value::strings(list),
        FValue::Bool(b) => Value::Bool(b),
        FValue::Int(i) => Value::Int(i),
        FValue::Date(t) => Value::DateTime(t),
        FValue::Guid(g) => Value::Guid(g),
        FValue::Enum(e) => e.into(),
    }
}

/// The Get-MobileDeviceStatistics object (`MobileDeviceConfiguration`), in Exchange's order. The access state is
/// the stored one; the recovery password is masked unless `show_recovery_password`; MailboxLogReport holds the
/// device's mailbox log when `mailbox_log` (-GetMailboxLog), else nothing.
pub fn statistics_object(
    tenant: &Tenant,
    d: &MobileDevice,
    show_recovery_password: bool,
    mailbox_log: bool,
) -> PsObject {
    static SHAPE: ShapeSlot = ShapeSlot::new();
    let mut o = PsObject::with_slot(MOBILE_DEVICE_CONFIGURATION_TYPE, &SHAPE, 37);
    let wipe = d.wipe.as_ref();
    o.push("FirstSyncTime", Value::opt_date(d.first_sync_time));
    o.push(
        "LastPolicyUpdateTime",
        Value::opt_date(d.last_policy_update_time),
    );
    o.push(
        "LastSyncAttemptTime",
        Value::opt_date(d.last_sync_attempt_time),
    );
    o.push("LastSuccessSync", Value::opt_date(d.last_success_sync));
    o.push("DeviceType", Value::shared_or_null(&d.device_type));
    o.push("DeviceID", Value::str_or_null(&d.device_id));
    o.push(
        "DeviceUserAgent",
        Value::shared_or_null(&d.device_user_agent),
    );
    o.push(
        "DeviceWipeSentTime",
        Value::opt_date(wipe.and_then(|w| w.sent)),
    );
    o.push(
        "DeviceWipeRequestTime",
        Value::opt_date(wipe.map(|w| w.requested)),
    );
    o.push(
        "DeviceWipeAckTime",
        Value::opt_date(wipe.and_then(|w| w.acknowledged)),
    );
    o.push("LastPingHeartbeat", d.last_ping_heartbeat);
    o.push(
        "RecoveryPassword",
        if show_recovery_password {
            Value::Null
        } else {
            Value::str("********")
        },
    );
    o.push("DeviceModel", Value::shared_or_null(&d.device_model));
    o.push("DeviceImei", Value::str_or_null(&d.device_imei));
    o.push("DeviceFriendlyName", Value::str_or_null(&d.friendly_name));
    o.push("DeviceOS", Value::shared_or_null(&d.device_os));
    o.push(
        "DeviceOSLanguage",
        Value::shared_or_null(&d.device_os_language),
    );
    o.push(
        "DevicePhoneNumber",
        Value::str_or_null(&d.device_telephone_number),
    );
    o.push(
        "MailboxLogReport",
        if mailbox_log {
            Value::str(mailbox_log_report(d))
        } else {
            Value::Null
        },
    );
    o.push("DeviceEnableOutboundSMS", d.device_enable_outbound_sms);
    o.push(
        "DeviceMobileOperator",
        Value::shared_or_null(&d.device_mobile_operator),
    );
    o.push("Identity", tenant.device_identity(d));
    o.push("Guid", d.guid);
    o.push("IsRemoteWipeSupported", remote_wipe_supported(d));
    o.push("Status", d.status);
    o.push("StatusNote", Value::Null);
    o.push("DeviceAccessState", d.access.state);
    o.push("DeviceAccessStateReason", d.access.reason);
    o.push(
        "DeviceAccessControlRule",
        d.access.rule.as_deref().map(Value::from),
    );
    o.push(
        "DevicePolicyApplied",
        d.provisioning.policy_applied.as_deref().map(Value::from),
    );
    o.push(
        "DevicePolicyApplicationStatus",
        d.provisioning.application_status,
    );
    o.push(
        "LastDeviceWipeRequestor",
        wipe.map(|w| Value::str_or_null(&w.requestor)),
    );
    o.push("ClientVersion", Value::shared_or_null(&d.client_version));
    o.push("NumberOfFoldersSynced", d.number_of_folders_synced);
    o.push("SyncStateUpgradeTime", Value::Null);
    o.push("ClientType", d.client_type);
    o.learn_shape(&SHAPE);
    o
}

/// The device's mailbox log as `MailboxLogReport` shows it: every entry, oldest first, each under a
/// `Log Entry: <n>` banner counted from 0 ([EX13] `Microsoft.Exchange.AirSync/MailboxLogger.cs GenerateReport`;
/// the logs are enumerated by subject, their creation time, ascending). Empty when there is no log.
pub fn mailbox_log_report(d: &MobileDevice) -> String {
    let mut report = String::new();
    for (n, entry) in d.mailbox_log.entries().enumerate() {
        report.push_str("\r\n-----------------\r\n Log Entry: ");
        report.push_str(&n.to_string());
        report.push_str("\r\n-----------------\r\n\r\n");
        report.push_str(entry);
    }
    report
}

/// Remote wipe needs EAS 12.0 or later (the Provision-based wipe).
fn remote_wipe_supported(d: &MobileDevice) -> bool {
    let major = d
        .client_version
        .split('.')
        .next()
        .and_then(|m| m.parse::<u32>().ok());
    major.is_some_and(|m| m >= 12)
}
