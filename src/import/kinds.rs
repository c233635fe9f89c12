//! Which export a file is (by its `#TYPE` line, else by its columns) and what each of its records says, as plain
//! records: one per mailbox, CAS mailbox, device (Get-MobileDevice and Get-MobileDeviceStatistics alike), rule,
//! policy and the organization settings. Column names are those of Microsoft's reference pages for the
//! cmdlets' output objects (sources beside the fixtures in `fixtures/import/`); where Exchange Online and
//! Exchange Server 2013–2019 name a column differently, both are accepted. Unknown columns are ignored.
//!
//! It does not merge records or build the tenant (`build` does).

use crate::model::{
    AccessLevel, BluetoothMode, CasSettings, Characteristic, ClientType, DeviceAccessState,
    DeviceAccessStateReason, DevicePolicyApplicationStatus, DeviceStatus, EncryptionSmimeAlgorithm,
    EwsApplicationAccessPolicy, Guid, MimeTextFormat, MobileDeviceMailboxPolicy,
    RecipientTypeDetails, SignedSmimeAlgorithm, SmimeNegotiation, Timestamp,
};

use super::Problem;
use super::fields::Col;
use super::table::{Columns, Pos, Row, Table};

/// The export a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    OrganizationSettings,
    MailboxPolicy,
    DeviceAccessRule,
    Mailbox,
    CasMailbox,
    MobileDevice,
    MobileDeviceStatistics,
}

impl Kind {
    /// The cmdlet whose output this is.
    pub fn cmdlet(self) -> &'static str {
        match self {
            Kind::OrganizationSettings => "Get-ActiveSyncOrganizationSettings",
            Kind::MailboxPolicy => "Get-MobileDeviceMailboxPolicy",
            Kind::DeviceAccessRule => "Get-ActiveSyncDeviceAccessRule",
            Kind::Mailbox => "Get-Mailbox",
            Kind::CasMailbox => "Get-CASMailbox",
            Kind::MobileDevice => "Get-MobileDevice",
            Kind::MobileDeviceStatistics => "Get-MobileDeviceStatistics",
        }
    }
}

/// The kind named by a `#TYPE` line (`Deserialized.` and `Selected.` prefixes allowed), if it names one.
fn kind_of_type(type_name: &str) -> Option<Kind> {
    let t = type_name
        .trim()
        .trim_start_matches("Selected.")
        .trim_start_matches("Deserialized.");
    let last = t.rsplit('.').next().unwrap_or(t);
    Some(match last {
        "CASMailbox" => Kind::CasMailbox,
        "Mailbox" => Kind::Mailbox,
        "MobileDevice" | "ActiveSyncDevice" => Kind::MobileDevice,
        "MobileDeviceConfiguration"
        | "ActiveSyncDeviceConfiguration"
        | "MobileDeviceStatistics" => Kind::MobileDeviceStatistics,
        "ActiveSyncDeviceAccessRule" => Kind::DeviceAccessRule,
        "ActiveSyncOrganizationSettings" => Kind::OrganizationSettings,
        "MobileMailboxPolicy" | "ActiveSyncMailboxPolicy" | "MobileDeviceMailboxPolicy" => {
            Kind::MailboxPolicy
        }
        _ => return None,
    })
}

/// The kind of a file: its `#TYPE` line when that names an Exchange type, else its columns.
pub(crate) fn detect(table: &Table<'_>) -> Result<Kind, Problem> {
    if let Some(k) = table.type_name.as_deref().and_then(kind_of_type) {
        return Ok(k);
    }
    let c = &table.columns;
    let any = |names: &[&str]| names.iter().any(|n| c.has(n));
    let kind = if any(&["QueryString"]) && any(&["Characteristic"]) {
        Kind::DeviceAccessRule
    } else if any(&["DefaultAccessLevel"]) {
        Kind::OrganizationSettings
    } else if any(&[
        "AllowNonProvisionableDevices",
        "PasswordEnabled",
        "AllowSimplePassword",
        "MinPasswordLength",
    ]) {
        Kind::MailboxPolicy
    } else if any(&["DeviceId"]) {
        if any(&[
            "LastSuccessSync",
            "LastSyncAttemptTime",
            "DeviceFriendlyName",
            "LastPingHeartbeat",
            "DevicePhoneNumber",
        ]) {
            Kind::MobileDeviceStatistics
        } else {
            Kind::MobileDevice
        }
    } else if any(&[
        "ActiveSyncAllowedDeviceIDs",
        "ActiveSyncBlockedDeviceIDs",
        "ActiveSyncEnabled",
        "ActiveSyncMailboxPolicy",
    ]) {
        Kind::CasMailbox
    } else if any(&[
        "PrimarySmtpAddress",
        "UserPrincipalName",
        "RecipientTypeDetails",
    ]) {
        Kind::Mailbox
    } else {
        return Err(Problem::at(
            Pos { line: 1, column: 1 },
            "cannot tell which export this is: expected the columns of Get-Mailbox, Get-CASMailbox, \
             Get-MobileDevice, Get-MobileDeviceStatistics, Get-ActiveSyncDeviceAccessRule, \
             Get-ActiveSyncOrganizationSettings or Get-MobileDeviceMailboxPolicy (e.g. PrimarySmtpAddress, \
             ActiveSyncAllowedDeviceIDs, DeviceId, QueryString, DefaultAccessLevel)",
        ));
    };
    Ok(kind)
}

/// Where a record came from, for messages.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Origin {
    pub(crate) file: usize,
    /// The byte offset of the record in its file.
    pub(crate) byte: usize,
}

// ---- mailboxes -----------------------------------------------------------------------------------------

/// A Get-Mailbox or Get-CASMailbox record (the CAS fields are `None` for Get-Mailbox).
#[derive(Debug, Default)]
pub(crate) struct MailboxRec {
    pub(crate) name: Option<String>,
    pub(crate) alias: Option<String>,
    pub(crate) display_name: Option<String>,
    pub(crate) primary_smtp_address: Option<String>,
    pub(crate) user_principal_name: Option<String>,
    pub(crate) identity: Option<String>,
    pub(crate) guid: Option<Guid>,
    pub(crate) external_id: Option<String>,
    pub(crate) recipient_type: Option<Result<RecipientTypeDetails, String>>,
    pub(crate) active_sync_enabled: Option<bool>,
    pub(crate) allowed: Option<Vec<String>>,
    pub(crate) blocked: Option<Vec<String>>,
    pub(crate) policy: Option<(String, usize)>,
    /// The export's other Get-CASMailbox settings the tenant keeps, in column order (`apply_setting`).
    pub(crate) settings: Vec<(&'static str, Setting)>,
}

/// The Get-CASMailbox columns, besides the ActiveSync ones, whose values the tenant keeps (`model::CasSettings`),
/// and how each is read: the protocol switches and Set-CASMailbox's other Exchange Online settings. A column a
/// file lacks leaves the mailbox's default; for the ones blank is a value of (`Nullable`, `EwsPolicy`,
/// `OwaPolicy`), an empty cell is that blank.
pub(crate) const CAS_SETTING_COLUMNS: &[(&str, SettingKind)] = &[
    ("OWAEnabled", SettingKind::Bool),
    ("PopEnabled", SettingKind::Bool),
    ("ImapEnabled", SettingKind::Bool),
    ("MAPIEnabled", SettingKind::Bool),
    ("EwsEnabled", SettingKind::Bool),
    ("ActiveSyncSuppressReadReceipt", SettingKind::Bool),
    ("EwsAllowEntourage", SettingKind::Bool),
    ("EwsAllowList", SettingKind::List),
    ("EwsAllowMacOutlook", SettingKind::Bool),
    ("EwsAllowOutlook", SettingKind::Nullable),
    ("EwsApplicationAccessPolicy", SettingKind::EwsPolicy),
    ("EwsBlockList", SettingKind::List),
    ("ImapForceICalForCalendarRetrievalOption", SettingKind::Bool),
    ("ImapMessagesRetrievalMimeFormat", SettingKind::Mime),
    ("ImapSuppressReadReceipt", SettingKind::Bool),
    ("ImapUseProtocolDefaults", SettingKind::Bool),
    ("IsOptimizedForAccessibility", SettingKind::Bool),
    ("MacOutlookEnabled", SettingKind::Bool),
    ("OneWinNativeOutlookEnabled", SettingKind::Bool),
    ("OutlookMobileEnabled", SettingKind::Bool),
    ("OWAforDevicesEnabled", SettingKind::Bool),
    ("OwaMailboxPolicy", SettingKind::OwaPolicy),
    ("PopForceICalForCalendarRetrievalOption", SettingKind::Bool),
    ("PopMessagesRetrievalMimeFormat", SettingKind::Mime),
    ("PopSuppressReadReceipt", SettingKind::Bool),
    ("PopUseProtocolDefaults", SettingKind::Bool),
    ("PublicFolderClientAccess", SettingKind::Bool),
    ("ShowGalAsDefaultView", SettingKind::Bool),
    ("SmtpClientAuthenticationDisabled", SettingKind::Nullable),
    ("UniversalOutlookEnabled", SettingKind::Bool),
];

#[derive(Clone, Copy, Debug)]
pub(crate) enum SettingKind {
    Bool,
    Nullable,
    List,
    Mime,
    EwsPolicy,
    OwaPolicy,
}

/// One such column's value.
#[derive(Clone, Debug)]
pub(crate) enum Setting {
    Bool(bool),
    Nullable(Option<bool>),
    List(Vec<String>),
    Mime(MimeTextFormat),
    EwsPolicy(Option<EwsApplicationAccessPolicy>),
    OwaPolicy(Option<String>),
}

/// Stores one setting of an export in the mailbox's CAS settings.
pub(crate) fn apply_setting(cas: &mut CasSettings, name: &str, value: Setting) {
    fn flag<'c>(cas: &'c mut CasSettings, name: &str) -> Option<&'c mut bool> {
        Some(match name {
            "OWAEnabled" => &mut cas.owa_enabled,
            "PopEnabled" => &mut cas.pop_enabled,
            "ImapEnabled" => &mut cas.imap_enabled,
            "MAPIEnabled" => &mut cas.mapi_enabled,
            "EwsEnabled" => &mut cas.ews_enabled,
            "ActiveSyncSuppressReadReceipt" => &mut cas.active_sync_suppress_read_receipt,
            "EwsAllowEntourage" => &mut cas.ews_allow_entourage,
            "EwsAllowMacOutlook" => &mut cas.ews_allow_mac_outlook,
            "ImapForceICalForCalendarRetrievalOption" => {
                &mut cas.imap_force_ical_for_calendar_retrieval_option
            }
            "ImapSuppressReadReceipt" => &mut cas.imap_suppress_read_receipt,
            "ImapUseProtocolDefaults" => &mut cas.imap_use_protocol_defaults,
            "IsOptimizedForAccessibility" => &mut cas.is_optimized_for_accessibility,
            "MacOutlookEnabled" => &mut cas.mac_outlook_enabled,
            "OneWinNativeOutlookEnabled" => &mut cas.one_win_native_outlook_enabled,
            "OutlookMobileEnabled" => &mut cas.outlook_mobile_enabled,
            "OWAforDevicesEnabled" => &mut cas.owa_for_devices_enabled,
            "PopForceICalForCalendarRetrievalOption" => {
                &mut cas.pop_force_ical_for_calendar_retrieval_option
            }
            "PopSuppressReadReceipt" => &mut cas.pop_suppress_read_receipt,
            "PopUseProtocolDefaults" => &mut cas.pop_use_protocol_defaults,
            "PublicFolderClientAccess" => &mut cas.public_folder_client_access,
            "ShowGalAsDefaultView" => &mut cas.show_gal_as_default_view,
            "UniversalOutlookEnabled" => &mut cas.universal_outlook_enabled,
            _ => return None,
        })
    }
    match value {
        Setting::Bool(b) => {
            if let Some(field) = flag(cas, name) {
                *field = b;
            }
        }
        Setting::Nullable(b) => match name {
            "EwsAllowOutlook" => cas.ews_allow_outlook = b,
            _ => cas.smtp_client_authentication_disabled = b,
        },
        Setting::List(l) => match name {
            "EwsAllowList" => cas.ews_allow_list = l,
            _ => cas.ews_block_list = l,
        },
        Setting::Mime(f) => match name {
            "ImapMessagesRetrievalMimeFormat" => cas.imap_messages_retrieval_mime_format = f,
            _ => cas.pop_messages_retrieval_mime_format = f,
        },
        Setting::EwsPolicy(p) => cas.ews_application_access_policy = p,
        Setting::OwaPolicy(p) => cas.owa_mailbox_policy = p,
    }
}

pub(crate) struct MailboxCols {
    name: Col,
    alias: Col,
    display_name: Col,
    smtp: Col,
    upn: Col,
    identity: Col,
    guid: Col,
    external_id: Col,
    rtd: Col,
    enabled: Col,
    allowed: Col,
    blocked: Col,
    policy: Col,
    settings: Vec<(Col, SettingKind)>,
}

impl MailboxCols {
    pub(crate) fn new(c: &Columns) -> MailboxCols {
        MailboxCols {
            name: Col::new(c, &["Name"]),
            alias: Col::new(c, &["Alias", "SamAccountName"]),
            display_name: Col::new(c, &["DisplayName"]),
            smtp: Col::new(c, &["PrimarySmtpAddress", "WindowsEmailAddress"]),
            upn: Col::new(c, &["UserPrincipalName"]),
            identity: Col::new(c, &["Identity"]),
            guid: Col::new(c, &["Guid", "ExchangeGuid"]),
            external_id: Col::new(c, &["ExternalDirectoryObjectId"]),
            rtd: Col::new(c, &["RecipientTypeDetails"]),
            enabled: Col::new(c, &["ActiveSyncEnabled"]),
            allowed: Col::new(c, &["ActiveSyncAllowedDeviceIDs"]),
            blocked: Col::new(c, &["ActiveSyncBlockedDeviceIDs"]),
            policy: Col::new(c, &["ActiveSyncMailboxPolicy"]),
            settings: CAS_SETTING_COLUMNS
                .iter()
                .map(|(name, kind)| (Col::new(c, &[name]), *kind))
                .filter(|(col, _)| col.index.is_some())
                .collect(),
        }
    }
}

pub(crate) fn mailbox(row: &Row<'_>, c: &MailboxCols) -> Result<MailboxRec, Problem> {
    let rtd = row
        .text(c.rtd)?
        .map(|t| t.parse::<RecipientTypeDetails>().map_err(|_| t));
    let rec = MailboxRec {
        name: row.text(c.name)?,
        alias: row.text(c.alias)?,
        display_name: row.text(c.display_name)?,
        primary_smtp_address: row.text(c.smtp)?,
        user_principal_name: row.text(c.upn)?,
        identity: row.text(c.identity)?,
        guid: guid(row, c.guid)?,
        external_id: row.text(c.external_id)?,
        recipient_type: rtd,
        active_sync_enabled: row.boolean(c.enabled)?,
        allowed: row.list(c.allowed)?,
        blocked: row.list(c.blocked)?,
        policy: row.text(c.policy)?.map(|p| (p, row.offset(c.policy.index))),
        settings: settings(row, &c.settings)?,
    };
    if rec.name.is_none()
        && rec.alias.is_none()
        && rec.primary_smtp_address.is_none()
        && rec.identity.is_none()
    {
        return Err(row.problem(
            c.name,
            "the record names no mailbox: it needs Name, Alias, PrimarySmtpAddress or Identity",
        ));
    }
    Ok(rec)
}

fn settings(
    row: &Row<'_>,
    cols: &[(Col, SettingKind)],
) -> Result<Vec<(&'static str, Setting)>, Problem> {
    let mut out = Vec::new();
    for &(col, kind) in cols {
        let value = match kind {
            SettingKind::Bool => row.boolean(col)?.map(Setting::Bool),
            SettingKind::Nullable => Some(Setting::Nullable(row.boolean(col)?)),
            SettingKind::List => row.list(col)?.map(Setting::List),
            SettingKind::Mime => row.parse(col)?.map(Setting::Mime),
            SettingKind::EwsPolicy => Some(Setting::EwsPolicy(row.parse(col)?)),
            SettingKind::OwaPolicy => Some(Setting::OwaPolicy(row.text(col)?)),
        };
        if let Some(v) = value {
            out.push((col.name, v));
        }
    }
    Ok(out)
}

fn guid(row: &Row<'_>, col: Col) -> Result<Option<Guid>, Problem> {
    match row.text(col)? {
        None => Ok(None),
        Some(t) => Guid::parse(&t)
            .map(Some)
            .ok_or_else(|| row.problem(col, format!("{} is '{t}', which is not a Guid", col.name))),
    }
}

// ---- devices -------------------------------------------------------------------------------------------

/// A Get-MobileDevice or Get-MobileDeviceStatistics record.
#[derive(Debug, Default)]
pub(crate) struct DeviceRec {
    pub(crate) identity: Option<String>,
    /// The owner named by a column other than Identity (an added `User`/`Mailbox` column, UserDisplayName).
    pub(crate) owner: Option<String>,
    pub(crate) guid: Option<Guid>,
    pub(crate) device_id: Option<String>,
    pub(crate) device_type: Option<String>,
    pub(crate) device_model: Option<String>,
    pub(crate) device_os: Option<String>,
    pub(crate) device_os_language: Option<String>,
    pub(crate) device_user_agent: Option<String>,
    pub(crate) device_imei: Option<String>,
    pub(crate) friendly_name: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) operator: Option<String>,
    pub(crate) client_type: Option<ClientType>,
    pub(crate) client_version: Option<String>,
    pub(crate) first_sync_time: Option<Timestamp>,
    pub(crate) last_sync_attempt_time: Option<Timestamp>,
    pub(crate) last_success_sync: Option<Timestamp>,
    pub(crate) last_policy_update_time: Option<Timestamp>,
    pub(crate) last_ping_heartbeat: Option<u32>,
    pub(crate) folders: Option<u32>,
    pub(crate) state: Option<DeviceAccessState>,
    pub(crate) reason: Option<DeviceAccessStateReason>,
    pub(crate) rule: Option<String>,
    pub(crate) policy_applied: Option<String>,
    pub(crate) policy_status: Option<DevicePolicyApplicationStatus>,
    pub(crate) status: Option<DeviceStatus>,
}

pub(crate) struct DeviceCols {
    identity: Col,
    owner: Col,
    guid: Col,
    device_id: Col,
    device_type: Col,
    device_model: Col,
    device_os: Col,
    device_os_language: Col,
    user_agent: Col,
    imei: Col,
    friendly_name: Col,
    phone: Col,
    operator: Col,
    client_type: Col,
    client_version: Col,
    first_sync: Col,
    last_attempt: Col,
    last_success: Col,
    last_policy_update: Col,
    heartbeat: Col,
    folders: Col,
    state: Col,
    reason: Col,
    rule: Col,
    policy_applied: Col,
    policy_status: Col,
    status: Col,
}

impl DeviceCols {
    pub(crate) fn new(c: &Columns) -> DeviceCols {
        DeviceCols {
            identity: Col::new(c, &["Identity"]),
            owner: Col::new(
                c,
                &[
                    "User",
                    "Mailbox",
                    "UserPrincipalName",
                    "PrimarySmtpAddress",
                    "UserDisplayName",
                ],
            ),
            guid: Col::new(c, &["Guid"]),
            device_id: Col::new(c, &["DeviceId"]),
            device_type: Col::new(c, &["DeviceType"]),
            device_model: Col::new(c, &["DeviceModel"]),
            device_os: Col::new(c, &["DeviceOS"]),
            device_os_language: Col::new(c, &["DeviceOSLanguage"]),
            user_agent: Col::new(c, &["DeviceUserAgent"]),
            imei: Col::new(c, &["DeviceImei"]),
            friendly_name: Col::new(c, &["FriendlyName", "DeviceFriendlyName"]),
            phone: Col::new(c, &["DeviceTelephoneNumber", "DevicePhoneNumber"]),
            operator: Col::new(c, &["DeviceMobileOperator"]),
            client_type: Col::new(c, &["ClientType"]),
            client_version: Col::new(c, &["ClientVersion"]),
            first_sync: Col::new(c, &["FirstSyncTime"]),
            last_attempt: Col::new(c, &["LastSyncAttemptTime"]),
            last_success: Col::new(c, &["LastSuccessSync"]),
            last_policy_update: Col::new(c, &["LastPolicyUpdateTime"]),
            heartbeat: Col::new(c, &["LastPingHeartbeat"]),
            folders: Col::new(c, &["NumberOfFoldersSynced"]),
            state: Col::new(c, &["DeviceAccessState"]),
            reason: Col::new(c, &["DeviceAccessStateReason"]),
            rule: Col::new(c, &["DeviceAccessControlRule"]),
            policy_applied: Col::new(c, &["DevicePolicyApplied"]),
            policy_status: Col::new(c, &["DevicePolicyApplicationStatus"]),
            status: Col::new(c, &["Status"]),
        }
    }
}

pub(crate) fn device(row: &Row<'_>, c: &DeviceCols, day_first: bool) -> Result<DeviceRec, Problem> {
    let t = |col| row.time(col, day_first);
    let rec = DeviceRec {
        identity: row.text(c.identity)?,
        owner: row.text(c.owner)?,
        guid: guid(row, c.guid)?,
        device_id: row.text(c.device_id)?,
        device_type: row.text(c.device_type)?,
        device_model: row.text(c.device_model)?,
        device_os: row.text(c.device_os)?,
        device_os_language: row.text(c.device_os_language)?,
        device_user_agent: row.text(c.user_agent)?,
        device_imei: row.text(c.imei)?,
        friendly_name: row.text(c.friendly_name)?,
        phone: row.text(c.phone)?,
        operator: row.text(c.operator)?,
        client_type: row.parse(c.client_type)?,
        client_version: row.text(c.client_version)?,
        first_sync_time: t(c.first_sync)?,
        last_sync_attempt_time: t(c.last_attempt)?,
        last_success_sync: t(c.last_success)?,
        last_policy_update_time: t(c.last_policy_update)?,
        last_ping_heartbeat: row.count(c.heartbeat)?,
        folders: row.count(c.folders)?,
        state: row.parse(c.state)?,
        reason: row.parse(c.reason)?,
        rule: row.text(c.rule)?,
        policy_applied: row.text(c.policy_applied)?,
        policy_status: row.parse(c.policy_status)?,
        status: row.parse(c.status)?,
    };
    if rec.device_id.is_none() && rec.identity.is_none() {
        return Err(row.problem(
            c.device_id,
            "the device has no DeviceId (and no Identity to read it from)",
        ));
    }
    if rec.identity.is_none() && rec.owner.is_none() {
        return Err(row.problem(
            c.identity,
            "the device names no owner: export Identity (or add a User column with the mailbox's address)",
        ));
    }
    Ok(rec)
}

// ---- rules, settings, policies -------------------------------------------------------------------------

#[derive(Debug)]
pub(crate) struct RuleRec {
    pub(crate) query_string: String,
    pub(crate) characteristic: Characteristic,
    pub(crate) access_level: AccessLevel,
    pub(crate) guid: Option<Guid>,
    pub(crate) when_created: Option<Timestamp>,
}

pub(crate) fn rule(row: &Row<'_>, c: &Columns, day_first: bool) -> Result<RuleRec, Problem> {
    let q = Col::new(c, &["QueryString"]);
    let ch = Col::new(c, &["Characteristic"]);
    let level = Col::new(c, &["AccessLevel"]);
    let required = |col: Col| row.problem(col, format!("the rule has no {}", col.name));
    Ok(RuleRec {
        query_string: row.text(q)?.ok_or_else(|| required(q))?,
        characteristic: row.parse(ch)?.ok_or_else(|| required(ch))?,
        access_level: row.parse(level)?.ok_or_else(|| required(level))?,
        guid: guid(row, Col::new(c, &["Guid"]))?,
        when_created: row.time(Col::new(c, &["WhenCreatedUTC", "WhenCreated"]), day_first)?,
    })
}

#[derive(Debug)]
pub(crate) struct OrgRec {
    pub(crate) default_access_level: AccessLevel,
    pub(crate) admin_mail_recipients: Option<Vec<String>>,
    pub(crate) user_mail_insert: Option<String>,
    pub(crate) ota_notification_mail_insert: Option<String>,
    pub(crate) allow_unsupported: Option<bool>,
    pub(crate) allow_rms_unenlightened: Option<bool>,
    pub(crate) mobile_policy_when_ca: Option<bool>,
    pub(crate) tenant_admin_preference: Option<String>,
}

pub(crate) fn org(row: &Row<'_>, c: &Columns) -> Result<OrgRec, Problem> {
    let level = Col::new(c, &["DefaultAccessLevel"]);
    Ok(OrgRec {
        default_access_level: row
            .parse(level)?
            .ok_or_else(|| row.problem(level, "the settings have no DefaultAccessLevel"))?,
        admin_mail_recipients: row.list(Col::new(c, &["AdminMailRecipients"]))?,
        user_mail_insert: row.text(Col::new(c, &["UserMailInsert"]))?,
        ota_notification_mail_insert: row.text(Col::new(c, &["OtaNotificationMailInsert"]))?,
        allow_unsupported: row.boolean(Col::new(c, &["AllowAccessForUnSupportedPlatform"]))?,
        allow_rms_unenlightened: row
            .boolean(Col::new(c, &["AllowRMSSupportForUnenlightenedApps"]))?,
        mobile_policy_when_ca: row
            .boolean(Col::new(c, &["EnableMobileMailboxPolicyWhenCAInplace"]))?,
        tenant_admin_preference: row.text(Col::new(c, &["TenantAdminPreference"]))?,
    })
}

type BoolField = fn(&mut MobileDeviceMailboxPolicy) -> &mut bool;
type LimitField = fn(&mut MobileDeviceMailboxPolicy) -> &mut Option<u32>;

/// The policy's boolean properties, by their Exchange names.
const POLICY_BOOLS: &[(&str, BoolField)] = &[
    ("IsDefault", |p| &mut p.is_default),
    ("AllowNonProvisionableDevices", |p| {
        &mut p.allow_non_provisionable_devices
    }),
    ("PasswordEnabled", |p| &mut p.password_enabled),
    ("AlphanumericPasswordRequired", |p| {
        &mut p.alphanumeric_password_required
    }),
    ("PasswordRecoveryEnabled", |p| {
        &mut p.password_recovery_enabled
    }),
    ("AllowSimplePassword", |p| &mut p.allow_simple_password),
    ("RequireDeviceEncryption", |p| {
        &mut p.require_device_encryption
    }),
    ("DeviceEncryptionEnabled", |p| {
        &mut p.device_encryption_enabled
    }),
    ("RequireStorageCardEncryption", |p| {
        &mut p.require_storage_card_encryption
    }),
    ("AttachmentsEnabled", |p| &mut p.attachments_enabled),
    ("AllowStorageCard", |p| &mut p.allow_storage_card),
    ("AllowCamera", |p| &mut p.allow_camera),
    ("AllowUnsignedApplications", |p| {
        &mut p.allow_unsigned_applications
    }),
    ("AllowUnsignedInstallationPackages", |p| {
        &mut p.allow_unsigned_installation_packages
    }),
    ("AllowWiFi", |p| &mut p.allow_wifi),
    ("AllowTextMessaging", |p| &mut p.allow_text_messaging),
    ("AllowPOPIMAPEmail", |p| &mut p.allow_pop_imap_email),
    ("AllowIrDA", |p| &mut p.allow_irda),
    ("RequireManualSyncWhenRoaming", |p| {
        &mut p.require_manual_sync_when_roaming
    }),
    ("AllowDesktopSync", |p| &mut p.allow_desktop_sync),
    ("AllowHTMLEmail", |p| &mut p.allow_html_email),
    ("AllowBrowser", |p| &mut p.allow_browser),
    ("AllowConsumerEmail", |p| &mut p.allow_consumer_email),
    ("AllowRemoteDesktop", |p| &mut p.allow_remote_desktop),
    ("AllowInternetSharing", |p| &mut p.allow_internet_sharing),
    ("RequireSignedSMIMEMessages", |p| {
        &mut p.require_signed_smime_messages
    }),
    ("RequireEncryptedSMIMEMessages", |p| {
        &mut p.require_encrypted_smime_messages
    }),
    ("AllowSMIMESoftCerts", |p| &mut p.allow_smime_soft_certs),
    ("AllowApplePushNotifications", |p| {
        &mut p.allow_apple_push_notifications
    }),
    ("AllowMicrosoftPushNotifications", |p| {
        &mut p.allow_microsoft_push_notifications
    }),
    ("AllowGooglePushNotifications", |p| {
        &mut p.allow_google_push_notifications
    }),
    ("WSSAccessEnabled", |p| &mut p.wss_access_enabled),
    ("UNCAccessEnabled", |p| &mut p.unc_access_enabled),
    ("AllowExternalDeviceManagement", |p| {
        &mut p.allow_external_device_management
    }),
    ("AllowMobileOTAUpdate", |p| &mut p.allow_mobile_ota_update),
    ("IrmEnabled", |p| &mut p.irm_enabled),
];

/// Counts that may be `Unlimited`.
const POLICY_LIMITS: &[(&str, LimitField)] = &[
    ("MinPasswordLength", |p| &mut p.min_password_length),
    ("MaxPasswordFailedAttempts", |p| {
        &mut p.max_password_failed_attempts
    }),
    ("MaxEmailBodyTruncationSize", |p| {
        &mut p.max_email_body_truncation_size
    }),
    ("MaxEmailHTMLBodyTruncationSize", |p| {
        &mut p.max_email_html_body_truncation_size
    }),
];

pub(crate) fn policy(row: &Row<'_>, c: &Columns) -> Result<MobileDeviceMailboxPolicy, Problem> {
    let mut p = MobileDeviceMailboxPolicy::default();
    let name = Col::new(c, &["Name"]);
    p.name = row
        .text(name)?
        .ok_or_else(|| row.problem(name, "the policy has no Name"))?;
    if let Some(g) = guid(row, Col::new(c, &["Guid"]))? {
        p.guid = g;
    }
    for (column, field) in POLICY_BOOLS {
        if let Some(b) = row.boolean(Col::new(c, &[column]))? {
            *field(&mut p) = b;
        }
    }
    for (column, field) in POLICY_LIMITS {
        if let Some(n) = row.limit(Col::new(c, &[column]))? {
            *field(&mut p) = n;
        }
    }
    if let Some(n) = row.count(Col::new(c, &["MinPasswordComplexCharacters"]))? {
        p.min_password_complex_characters = n;
    }
    if let Some(n) = row.count(Col::new(c, &["PasswordHistory"]))? {
        p.password_history = n;
    }
    if let Some(s) = row.span(Col::new(c, &["MaxInactivityTimeLock"]), 1)? {
        p.max_inactivity_time_lock = s;
    }
    if let Some(s) = row.span(Col::new(c, &["DevicePolicyRefreshInterval"]), 1)? {
        p.device_policy_refresh_interval = s;
    }
    if let Some(s) = row.span(Col::new(c, &["PasswordExpiration"]), 86_400)? {
        p.password_expiration = s;
    }
    if let Some(s) = row.kilobytes(Col::new(c, &["MaxAttachmentSize"]))? {
        p.max_attachment_size = s;
    }
    if let Some(b) = row.parse::<BluetoothMode>(Col::new(c, &["AllowBluetooth"]))? {
        p.allow_bluetooth = b;
    }
    if let Some(a) =
        row.parse::<SignedSmimeAlgorithm>(Col::new(c, &["RequireSignedSMIMEAlgorithm"]))?
    {
        p.require_signed_smime_algorithm = a;
    }
    if let Some(a) =
        row.parse::<EncryptionSmimeAlgorithm>(Col::new(c, &["RequireEncryptionSMIMEAlgorithm"]))?
    {
        p.require_encryption_smime_algorithm = a;
    }
    if let Some(n) =
        row.parse::<SmimeNegotiation>(Col::new(c, &["AllowSMIMEEncryptionAlgorithmNegotiation"]))?
    {
        p.allow_smime_encryption_algorithm_negotiation = n;
    }
    if let Some(list) = row.list(Col::new(c, &["ApprovedApplicationList"]))? {
        p.approved_application_list = list;
    }
    if let Some(list) = row.list(Col::new(c, &["UnapprovedInROMApplicationList"]))? {
        p.unapproved_in_rom_application_list = list;
    }
    Ok(p)
}
