//! The objects Get-Mailbox and Get-CASMailbox write, and the filterable records their `-Filter` evaluates.
//!
//! Only the properties the tenant models are shown (Exchange's objects have many more); names and relative order
//! follow Exchange's.

use std::borrow::Cow;

use crate::model::{MailboxId, RecipientTypeDetails, Tenant, Timestamp};

use super::super::opath::{FValue, PropDef, PropType, Record};
use super::device::fvalue_to_value;
use super::{CAS_MAILBOX_TYPE, MAILBOX_TYPE};
use crate::admin::enums::{
    EWS_APPLICATION_ACCESS_POLICY, MIME_TEXT_FORMAT, RECIPIENT_TYPE_DETAILS,
};
use crate::script::value::PsObject;

pub static MAILBOX_SCHEMA: &[PropDef] = &[
    PropDef::new("Name", PropType::String),
    PropDef::new("Alias", PropType::String),
    PropDef::new("DisplayName", PropType::String),
    PropDef::new("PrimarySmtpAddress", PropType::String),
    PropDef::new("UserPrincipalName", PropType::String),
    PropDef::new("RecipientType", PropType::String),
    PropDef::new(
        "RecipientTypeDetails",
        PropType::Enum(&RECIPIENT_TYPE_DETAILS),
    ),
    PropDef::new("Identity", PropType::String),
    PropDef::new("Guid", PropType::Guid),
];

/// Get-CASMailbox's properties, each shown and filterable. The properties Set-CASMailbox's Exchange Online
/// parameters set are placed in the order Exchange 2013 declares them in `CASMailbox`
/// ([EX13] `Microsoft.Exchange.Data.Directory/Data/Directory/Management/CASMailbox.cs`: ActiveSyncDebugLogging
/// after ActiveSyncMailboxPolicyIsDefaulted; OwaMailboxPolicy, OWAEnabled, OWAforDevicesEnabled; the POP group,
/// the IMAP group, MAPIEnabled, the EWS group, ShowGalAsDefaultView); the ones that class does not have
/// (Exchange Online's own) beside their group, in Set-CASMailbox.md's order — their order is not documented.
/// Filterable for Get-CASMailbox per filter-properties.md among these: ActiveSyncSuppressReadReceipt,
/// EwsApplicationAccessPolicy, OWAforDevicesEnabled, OWAMailboxPolicy (and the earlier switches).
pub static CAS_SCHEMA: &[PropDef] = &[
    PropDef::new("Name", PropType::String),
    PropDef::new("ActiveSyncEnabled", PropType::Bool),
    PropDef::new("ActiveSyncAllowedDeviceIDs", PropType::Strings),
    PropDef::new("ActiveSyncBlockedDeviceIDs", PropType::Strings),
    PropDef::new("ActiveSyncMailboxPolicy", PropType::String),
    PropDef::new("ActiveSyncMailboxPolicyIsDefaulted", PropType::Bool),
    PropDef::new("ActiveSyncDebugLogging", PropType::Bool),
    PropDef::new("ActiveSyncSuppressReadReceipt", PropType::Bool),
    PropDef::new("HasActiveSyncDevicePartnership", PropType::Bool),
    PropDef::new("OwaMailboxPolicy", PropType::String),
    PropDef::new("OWAEnabled", PropType::Bool),
    PropDef::new("OWAforDevicesEnabled", PropType::Bool),
    PropDef::new("PopEnabled", PropType::Bool),
    PropDef::new("PopUseProtocolDefaults", PropType::Bool),
    PropDef::new(
        "PopMessagesRetrievalMimeFormat",
        PropType::Enum(&MIME_TEXT_FORMAT),
    ),
    PropDef::new("PopSuppressReadReceipt", PropType::Bool),
    PropDef::new("PopForceICalForCalendarRetrievalOption", PropType::Bool),
    PropDef::new("ImapEnabled", PropType::Bool),
    PropDef::new("ImapUseProtocolDefaults", PropType::Bool),
    PropDef::new(
        "ImapMessagesRetrievalMimeFormat",
        PropType::Enum(&MIME_TEXT_FORMAT),
    ),
    PropDef::new("ImapSuppressReadReceipt", PropType::Bool),
    PropDef::new("ImapForceICalForCalendarRetrievalOption", PropType::Bool),
    PropDef::new("MAPIEnabled", PropType::Bool),
    PropDef::new("MacOutlookEnabled", PropType::Bool),
    PropDef::new("OneWinNativeOutlookEnabled", PropType::Bool),
    PropDef::new("OutlookMobileEnabled", PropType::Bool),
    PropDef::new("UniversalOutlookEnabled", PropType::Bool),
    PropDef::new("EwsEnabled", PropType::Bool),
    PropDef::new("EwsAllowOutlook", PropType::Bool),
    PropDef::new("EwsAllowMacOutlook", PropType::Bool),
    PropDef::new("EwsAllowEntourage", PropType::Bool),
    PropDef::new(
        "EwsApplicationAccessPolicy",
        PropType::Enum(&EWS_APPLICATION_ACCESS_POLICY),
    ),
    PropDef::new("EwsAllowList", PropType::Strings),
    PropDef::new("EwsBlockList", PropType::Strings),
    PropDef::new("ShowGalAsDefaultView", PropType::Bool),
    PropDef::new("IsOptimizedForAccessibility", PropType::Bool),
    PropDef::new("PublicFolderClientAccess", PropType::Bool),
    PropDef::new("SmtpClientAuthenticationDisabled", PropType::Bool),
    PropDef::new("DisplayName", PropType::String),
    PropDef::new("PrimarySmtpAddress", PropType::String),
    PropDef::new("Identity", PropType::String),
    PropDef::new("Guid", PropType::Guid),
];

/// A mailbox as Get-Mailbox's filter sees it.
pub struct MailboxRow<'a> {
    pub tenant: &'a Tenant,
    pub id: MailboxId,
}

/// A mailbox as Get-CASMailbox shows it, or (`filter`) as its -Filter sees it. They differ in one property:
/// "The filter operates backwards" for OWAEnabled — `Get-CASMailbox -Filter 'OWAEnabled -eq $true'` returns
/// the mailboxes whose OWAEnabled is False (filter-properties.md, OWAEnabled) — so a filter reads it inverted.
pub struct CasRow<'a> {
    pub tenant: &'a Tenant,
    pub id: MailboxId,
    pub filter: bool,
    pub read: CasReads,
}

/// What Get-CASMailbox's display switches read: the values Exchange keeps outside the directory, shown only
/// when asked for (Get-CASMailbox.md).
#[derive(Clone, Copy, Debug, Default)]
pub struct CasReads {
    /// -ActiveSyncDebugLogging: "shows the actual value of the ActiveSyncDebugLogging property … If you don't use
    /// this switch, the value always appears as $false." `Some(now)` reads it as of `now`.
    pub debug_logging_at: Option<Timestamp>,
    /// -ReadIsOptimizedForAccessibility: "whether to read the value of the IsOptimizedForAccessibility
    /// property"; unread, it shows False, as ActiveSyncDebugLogging does.
    pub is_optimized_for_accessibility: bool,
}

/// RecipientType for a RecipientTypeDetails (every modelled kind is a mailbox).
pub(super) fn recipient_type(_details: RecipientTypeDetails) -> &'static str {
    "UserMailbox"
}

impl Record for MailboxRow<'_> {
    fn get(&self, prop: usize) -> FValue<'_> {
        let m = self.tenant.mailbox(self.id);
        match prop {
            0 | 7 => m.name.as_str().into(),
            1 => m.alias.as_str().into(),
            2 => m.display_name.as_str().into(),
            3 => m.primary_smtp_address.as_str().into(),
            4 => m.user_principal_name.as_str().into(),
            5 => recipient_type(m.recipient_type_details).into(),
            6 => FValue::Enum(m.recipient_type_details.into()),
            _ => FValue::Guid(m.guid),
        }
    }
}

impl Record for CasRow<'_> {
    fn get(&self, prop: usize) -> FValue<'_> {
        let t = self.tenant;
        let m = t.mailbox(self.id);
        let c = &m.cas;
        let name = CAS_SCHEMA.get(prop).map_or("", |p| p.name);
        match name {
            "Name" | "Identity" => m.name.as_str().into(),
            "ActiveSyncEnabled" => FValue::Bool(c.active_sync_enabled),
            "ActiveSyncAllowedDeviceIDs" => FValue::Strs(&c.allowed_device_ids),
            "ActiveSyncBlockedDeviceIDs" => FValue::Strs(&c.blocked_device_ids),
            "ActiveSyncMailboxPolicy" => {
                FValue::Str(Cow::Owned(t.policy_for(self.id).name.clone()))
            }
            "ActiveSyncMailboxPolicyIsDefaulted" => FValue::Bool(policy_is_defaulted(t, self.id)),
            "ActiveSyncDebugLogging" => FValue::Bool(
                self.read
                    .debug_logging_at
                    .is_some_and(|now| c.debug_logging_at(now)),
            ),
            "ActiveSyncSuppressReadReceipt" => FValue::Bool(c.active_sync_suppress_read_receipt),
            "HasActiveSyncDevicePartnership" => FValue::Bool(t.has_device_partnership(self.id)),
            "OwaMailboxPolicy" => c
                .owa_mailbox_policy
                .as_deref()
                .map_or(FValue::Null, FValue::from),
            "OWAEnabled" => FValue::Bool(c.owa_enabled != self.filter),
            "OWAforDevicesEnabled" => FValue::Bool(c.owa_for_devices_enabled),
            "PopEnabled" => FValue::Bool(c.pop_enabled),
            "PopUseProtocolDefaults" => FValue::Bool(c.pop_use_protocol_defaults),
            "PopMessagesRetrievalMimeFormat" => {
                FValue::Enum(c.pop_messages_retrieval_mime_format.into())
            }
            "PopSuppressReadReceipt" => FValue::Bool(c.pop_suppress_read_receipt),
            "PopForceICalForCalendarRetrievalOption" => {
                FValue::Bool(c.pop_force_ical_for_calendar_retrieval_option)
            }
            "ImapEnabled" => FValue::Bool(c.imap_enabled),
            "ImapUseProtocolDefaults" => FValue::Bool(c.imap_use_protocol_defaults),
            "ImapMessagesRetrievalMimeFormat" => {
                FValue::Enum(c.imap_messages_retrieval_mime_format.into())
            }
            "ImapSuppressReadReceipt" => FValue::Bool(c.imap_suppress_read_receipt),
            "ImapForceICalForCalendarRetrievalOption" => {
                FValue::Bool(c.imap_force_ical_for_calendar_retrieval_option)
            }
            "MAPIEnabled" => FValue::Bool(c.mapi_enabled),
            "MacOutlookEnabled" => FValue::Bool(c.mac_outlook_enabled),
            "OneWinNativeOutlookEnabled" => FValue::Bool(c.one_win_native_outlook_enabled),
            "OutlookMobileEnabled" => FValue::Bool(c.outlook_mobile_enabled),
            "UniversalOutlookEnabled" => FValue::Bool(c.universal_outlook_enabled),
            "EwsEnabled" => FValue::Bool(c.ews_enabled),
            "EwsAllowOutlook" => c.ews_allow_outlook.map_or(FValue::Null, FValue::Bool),
            "EwsAllowMacOutlook" => FValue::Bool(c.ews_allow_mac_outlook),
            "EwsAllowEntourage" => FValue::Bool(c.ews_allow_entourage),
            "EwsApplicationAccessPolicy" => c
                .ews_application_access_policy
                .map_or(FValue::Null, |p| FValue::Enum(p.into())),
            "EwsAllowList" => FValue::Strs(&c.ews_allow_list),
            "EwsBlockList" => FValue::Strs(&c.ews_block_list),
            "ShowGalAsDefaultView" => FValue::Bool(c.show_gal_as_default_view),
            "IsOptimizedForAccessibility" => FValue::Bool(
                self.read.is_optimized_for_accessibility && c.is_optimized_for_accessibility,
            ),
            "PublicFolderClientAccess" => FValue::Bool(c.public_folder_client_access),
            "SmtpClientAuthenticationDisabled" => c
                .smtp_client_authentication_disabled
                .map_or(FValue::Null, FValue::Bool),
            "DisplayName" => m.display_name.as_str().into(),
            "PrimarySmtpAddress" => m.primary_smtp_address.as_str().into(),
            "Guid" => FValue::Guid(m.guid),
            _ => FValue::Null,
        }
    }
}

/// True when no policy is assigned explicitly (or the assigned one no longer exists).
pub(super) fn policy_is_defaulted(t: &Tenant, id: MailboxId) -> bool {
    t.mailbox(id)
        .cas
        .active_sync_mailbox_policy
        .as_deref()
        .is_none_or(|name| t.policy(name).is_none())
}

fn object(type_name: &'static str, schema: &[PropDef], row: &impl Record) -> PsObject {
    let mut o = PsObject::with_capacity(type_name, schema.len());
    for (i, p) in schema.iter().enumerate() {
        o.push(p.name, fvalue_to_value(row.get(i)));
    }
    o
}

/// The Get-Mailbox object.
pub fn mailbox_object(tenant: &Tenant, id: MailboxId) -> PsObject {
    object(MAILBOX_TYPE, MAILBOX_SCHEMA, &MailboxRow { tenant, id })
}

/// The Get-CASMailbox object, with the values its display switches read.
pub fn cas_object(tenant: &Tenant, id: MailboxId, read: CasReads) -> PsObject {
    object(
        CAS_MAILBOX_TYPE,
        CAS_SCHEMA,
        &CasRow {
            tenant,
            id,
            filter: false,
            read,
        },
    )
}
