//! The objects the Exchange Online PowerShell V3 module's REST cmdlets Get-EXOMailbox and Get-EXOCasMailbox write:
//! their property sets, which of the sets' properties the simulator models (and with what value), and the
//! filterable records behind their `-Filter`.
//!
//! Property sets are exactly the reference's tables ("Property sets in Exchange Online PowerShell module
//! cmdlets", https://learn.microsoft.com/powershell/exchange/cmdlet-property-sets; MicrosoftDocs/
//! office-docs-powershell `exchange/docs-conceptual/cmdlet-property-sets.md` @93336da). "If you don't use the
//! PropertySets or Properties parameters, you automatically get the properties in the Minimum property set. If
//! you use the PropertySets or Properties parameters, you get the specified properties and the properties in the
//! Minimum property set." (`exchange-online-powershell-v2.md`, "Properties and property sets"). `All` is not
//! tabulated by the reference; here it is every set's properties.
//!
//! A property is shown only when the tenant models it (`MAILBOX_PROPS`, `CAS_PROPS`): from the mailbox, derived
//! from it, or a constant the reference documents as the default ("This value is the default", cited per
//! group below). The others are omitted, and `gaps` lists them for the cmdlets' help. Properties are written in
//! the reference's table order (Minimum first, then each requested set, then -Properties); the live module's
//! order is not documented. The objects' type names are the simulator's own (`EXO_MAILBOX_TYPE`,
//! `EXO_CAS_MAILBOX_TYPE`: the module's classes live in `Microsoft.Exchange.Management.RestApiClient`, their
//! output class names are unconfirmed); they have no table view, so they print as lists, as the REST cmdlets'
//! objects do (a Get-EXORecipient result quoted as a list in github.com/ChrisDymond/IA `EXO/README.md`).

use std::borrow::Cow;

use crate::model::{MailboxId, RecipientTypeDetails, Tenant, eq_ci};

use super::super::opath::{FValue, PropDef, PropType, Record};
use super::device::fvalue_to_value;
use super::mailbox::{policy_is_defaulted, recipient_type};
use crate::admin::enums::RECIPIENT_TYPE_DETAILS;
use crate::script::value::{EnumInfo, EnumValue, PsObject, Value};

pub const EXO_MAILBOX_TYPE: &str = "Microsoft.Exchange.Management.RestApiClient.ExoMailbox";
pub const EXO_CAS_MAILBOX_TYPE: &str = "Microsoft.Exchange.Management.RestApiClient.ExoCasMailbox";

/// One property set: its name and its properties, in the reference's order.
#[derive(Debug)]
pub struct PropertySet {
    pub name: &'static str,
    pub members: &'static [&'static str],
}

/// Get-EXOMailbox's property sets (the reference's "Get-EXOMailbox property sets" table).
pub static MAILBOX_SETS: &[PropertySet] = &[
    PropertySet {
        name: "Minimum",
        members: &[
            "Alias",
            "DisplayName",
            "DistinguishedName",
            "EmailAddresses",
            "ExchangeVersion",
            "ExternalDirectoryObjectId",
            "Guid",
            "Id",
            "Name",
            "OrganizationId",
            "PrimarySmtpAddress",
            "RecipientType",
            "RecipientTypeDetails",
            "UserPrincipalName",
        ],
    },
    PropertySet {
        name: "AddressList",
        members: &[
            "AddressBookPolicy",
            "AddressListMembership",
            "ExternalDirectoryObjectId",
            "GeneratedOfflineAddressBooks",
            "HiddenFromAddressListsEnabled",
            "OfflineAddressBook",
        ],
    },
    PropertySet {
        name: "Archive",
        members: &[
            "ArchiveDatabase",
            "ArchiveDomain",
            "ArchiveGuid",
            "ArchiveName",
            "ArchiveQuota",
            "ArchiveRelease",
            "ArchiveState",
            "ArchiveStatus",
            "ArchiveWarningQuota",
            "AutoExpandingArchiveEnabled",
            "DisabledArchiveDatabase",
            "DisabledArchiveGuid",
            "ExternalDirectoryObjectId",
            "JournalArchiveAddress",
        ],
    },
    PropertySet {
        name: "Audit",
        members: &[
            "AuditAdmin",
            "AuditDelegate",
            "AuditEnabled",
            "AuditLogAgeLimit",
            "AuditOwner",
            "DefaultAuditSet",
            "ExternalDirectoryObjectId",
        ],
    },
    PropertySet {
        name: "Custom",
        members: &[
            "CustomAttribute1",
            "CustomAttribute2",
            "CustomAttribute3",
            "CustomAttribute4",
            "CustomAttribute5",
            "CustomAttribute6",
            "CustomAttribute7",
            "CustomAttribute8",
            "CustomAttribute9",
            "CustomAttribute10",
            "CustomAttribute11",
            "CustomAttribute12",
            "CustomAttribute13",
            "CustomAttribute14",
            "CustomAttribute15",
            "ExtensionCustomAttribute1",
            "ExtensionCustomAttribute2",
            "ExtensionCustomAttribute3",
            "ExtensionCustomAttribute4",
            "ExtensionCustomAttribute5",
            "ExternalDirectoryObjectId",
        ],
    },
    PropertySet {
        name: "Delivery",
        members: &[
            "AcceptMessagesOnlyFrom",
            "AcceptMessagesOnlyFromDLMembers",
            "AcceptMessagesOnlyFromSendersOrMembers",
            "DeliverToMailboxAndForward",
            "DowngradeHighPriorityMessagesEnabled",
            "ExternalDirectoryObjectId",
            "ForwardingAddress",
            "ForwardingSmtpAddress",
            "GrantSendOnBehalfTo",
            "MaxBlockedSenders",
            "MaxReceiveSize",
            "MaxSafeSenders",
            "MaxSendSize",
            "MessageCopyForSendOnBehalfEnabled",
            "MessageCopyForSentAsEnabled",
            "MessageRecallProcessingEnabled",
            "MessageTrackingReadStatusEnabled",
            "RecipientLimits",
            "RejectMessagesFrom",
            "RejectMessagesFromDLMembers",
            "RejectMessagesFromSendersOrMembers",
            "RulesQuota",
        ],
    },
    PropertySet {
        name: "Hold",
        members: &[
            "ComplianceTagHoldApplied",
            "DelayHoldApplied",
            "ExternalDirectoryObjectId",
            "InPlaceHolds",
            "InactiveMailboxRetireTime",
            "LitigationHoldDate",
            "LitigationHoldDuration",
            "LitigationHoldEnabled",
            "LitigationHoldOwner",
        ],
    },
    PropertySet {
        name: "Moderation",
        members: &[
            "BypassModerationFromSendersOrMembers",
            "ExternalDirectoryObjectId",
            "ModeratedBy",
            "ModerationEnabled",
            "SendModerationNotifications",
        ],
    },
    PropertySet {
        name: "Move",
        members: &[
            "ExternalDirectoryObjectId",
            "MailboxMoveBatchName",
            "MailboxMoveFlags",
            "MailboxMoveRemoteHostName",
            "MailboxMoveSourceMDB",
            "MailboxMoveStatus",
            "MailboxMoveTargetMDB",
        ],
    },
    PropertySet {
        name: "Policy",
        members: &[
            "AddressBookPolicy",
            "DataEncryptionPolicy",
            "EmailAddressPolicyEnabled",
            "ExternalDirectoryObjectId",
            "ManagedFolderMailboxPolicy",
            "PoliciesExcluded",
            "PoliciesIncluded",
            "RemoteAccountPolicy",
            "RetentionPolicy",
            "RetentionUrl",
            "RoleAssignmentPolicy",
            "SharingPolicy",
            "ThrottlingPolicy",
        ],
    },
    PropertySet {
        name: "PublicFolder",
        members: &[
            "DefaultPublicFolderMailbox",
            "EffectivePublicFolderMailbox",
            "ExternalDirectoryObjectId",
            "IsExcludedFromServingHierarchy",
            "IsHierarchyReady",
            "IsHierarchySyncEnabled",
            "IsRootPublicFolderMailbox",
        ],
    },
    PropertySet {
        name: "Quota",
        members: &[
            "ArchiveQuota",
            "ArchiveWarningQuota",
            "CalendarLoggingQuota",
            "ExternalDirectoryObjectId",
            "IssueWarningQuota",
            "ProhibitSendQuota",
            "ProhibitSendReceiveQuota",
            "RecoverableItemsQuota",
            "RecoverableItemsWarningQuota",
            "RulesQuota",
            "UseDatabaseQuotaDefaults",
        ],
    },
    PropertySet {
        name: "Resource",
        members: &[
            "ExternalDirectoryObjectId",
            "IsResource",
            "ResourceCapacity",
            "ResourceCustom",
            "ResourceType",
            "RoomMailboxAccountEnabled",
        ],
    },
    PropertySet {
        name: "Retention",
        members: &[
            "EndDateForRetentionHold",
            "ExternalDirectoryObjectId",
            "OrphanSoftDeleteTrackingTime",
            "RetainDeletedItemsFor",
            "RetainDeletedItemsUntilBackup",
            "RetentionComment",
            "RetentionHoldEnabled",
            "RetentionPolicy",
            "RetentionUrl",
            "SingleItemRecoveryEnabled",
            "StartDateForRetentionHold",
            "UseDatabaseRetentionDefaults",
        ],
    },
    PropertySet {
        name: "SCL",
        members: &[
            "AntispamBypassEnabled",
            "ExternalDirectoryObjectId",
            "SCLDeleteEnabled",
            "SCLDeleteThreshold",
            "SCLJunkEnabled",
            "SCLJunkThreshold",
            "SCLQuarantineEnabled",
            "SCLQuarantineThreshold",
            "SCLRejectEnabled",
            "SCLRejectThreshold",
        ],
    },
    PropertySet {
        name: "SoftDelete",
        members: &[
            "ExternalDirectoryObjectId",
            "IncludeInGarbageCollection",
            "IsInactiveMailbox",
            "IsSoftDeletedByDisable",
            "IsSoftDeletedByRemove",
            "WhenSoftDeleted",
        ],
    },
    PropertySet {
        name: "StatisticsSeed",
        members: &[
            "ArchiveDatabaseGuid",
            "DatabaseGuid",
            "ExchangeGuid",
            "ExternalDirectoryObjectId",
        ],
    },
];

/// Get-EXOCasMailbox's property sets (the reference's "Get-EXOCasMailbox property sets" table).
pub static CAS_SETS: &[PropertySet] = &[
    PropertySet {
        name: "Minimum",
        members: &[
            "ActiveSyncEnabled",
            "DisplayName",
            "ECPEnabled",
            "EmailAddresses",
            "EwsEnabled",
            "ExchangeVersion",
            "Guid",
            "Identity",
            "ImapEnabled",
            "MAPIEnabled",
            "Name",
            "OWAEnabled",
            "OrganizationId",
            "PopEnabled",
            "PrimarySmtpAddress",
            "ServerLegacyDN",
        ],
    },
    PropertySet {
        name: "ActiveSync",
        members: &[
            "ActiveSyncAllowedDeviceIDs",
            "ActiveSyncBlockedDeviceIDs",
            "ActiveSyncEnabled",
            "ActiveSyncMailboxPolicy",
            "ActiveSyncMailboxPolicyIsDefaulted",
            "ActiveSyncSuppressReadReceipt",
            "ExternalDirectoryObjectId",
            "Guid",
            "HasActiveSyncDevicePartnership",
            "Identity",
            "Name",
            "OrganizationId",
        ],
    },
    PropertySet {
        name: "Ews",
        members: &[
            "EwsAllowMacOutlook",
            "EwsAllowOutlook",
            "EwsEnabled",
            "ExternalDirectoryObjectId",
            "Guid",
            "Identity",
            "Name",
            "OrganizationId",
        ],
    },
    PropertySet {
        name: "Imap",
        members: &[
            "ExternalDirectoryObjectId",
            "Guid",
            "Identity",
            "ImapEnableExactRFC822Size",
            "ImapEnabled",
            "ImapForceICalForCalendarRetrievalOption",
            "ImapMessagesRetrievalMimeFormat",
            "ImapSuppressReadReceipt",
            "ImapUseProtocolDefaults",
            "Name",
            "OrganizationId",
        ],
    },
    PropertySet {
        name: "Mapi",
        members: &[
            "ExternalDirectoryObjectId",
            "Guid",
            "Identity",
            "MAPIBlockOutlookExternalConnectivity",
            "MAPIBlockOutlookNonCachedMode",
            "MAPIBlockOutlookRpcHttp",
            "MAPIBlockOutlookVersions",
            "MAPIEnabled",
            "MapiHttpEnabled",
            "Name",
            "OrganizationId",
        ],
    },
    PropertySet {
        name: "Pop",
        members: &[
            "ExternalDirectoryObjectId",
            "Guid",
            "Identity",
            "Name",
            "OrganizationId",
            "PopEnableExactRFC822Size",
            "PopEnabled",
            "PopMessagesRetrievalMimeFormat",
            "PopSuppressReadReceipt",
            "PopUseProtocolDefaults",
        ],
    },
    PropertySet {
        name: "ProtocolSettings",
        members: &[
            "ExternalDirectoryObjectId",
            "ExternalImapSettings",
            "ExternalPopSettings",
            "ExternalSmtpSettings",
            "Guid",
            "Identity",
            "InternalImapSettings",
            "InternalPopSettings",
            "InternalSmtpSettings",
            "Name",
            "OrganizationId",
        ],
    },
];

/// `ExchangeVersion` of a user mailbox as Exchange Online shows it, quoted from Get-EXORecipient output
/// (`ExchangeVersion           : 0.20 (15.0.0.0)`, github.com/ChrisDymond/IA `EXO/README.md`).
const EXCHANGE_VERSION: &str = "0.20 (15.0.0.0)";

/// The properties of a Get-EXOMailbox object the simulator models; each is filterable.
pub static MAILBOX_PROPS: &[PropDef] = &[
    PropDef::new("Alias", PropType::String),
    PropDef::new("DisplayName", PropType::String),
    PropDef::new("EmailAddresses", PropType::Strings),
    PropDef::new("ExchangeVersion", PropType::String),
    PropDef::new("Guid", PropType::Guid),
    PropDef::new("Id", PropType::String),
    PropDef::new("Identity", PropType::String),
    PropDef::new("Name", PropType::String),
    PropDef::new("PrimarySmtpAddress", PropType::String),
    PropDef::new("RecipientType", PropType::String),
    PropDef::new(
        "RecipientTypeDetails",
        PropType::Enum(&RECIPIENT_TYPE_DETAILS),
    ),
    PropDef::new("UserPrincipalName", PropType::String),
    // Documented defaults, from the Set-Mailbox reference
    // (learn.microsoft.com/powershell/module/exchangepowershell/set-mailbox; MicrosoftDocs/office-docs-powershell
    // `exchange/exchange-ps/ExchangePowerShell/Set-Mailbox.md` @93336da), each parameter's "This value is the
    // default" / "The default value is …", the Exchange Online value where the page gives two. The simulator has
    // no way to change them, so every mailbox shows the default.
    PropDef::new("HiddenFromAddressListsEnabled", PropType::Bool),
    PropDef::new("AuditLogAgeLimit", PropType::String),
    PropDef::new("DeliverToMailboxAndForward", PropType::Bool),
    PropDef::new("DowngradeHighPriorityMessagesEnabled", PropType::Bool),
    PropDef::new("ForwardingAddress", PropType::String),
    PropDef::new("ForwardingSmtpAddress", PropType::String),
    PropDef::new("MessageCopyForSendOnBehalfEnabled", PropType::Bool),
    PropDef::new("MessageCopyForSentAsEnabled", PropType::Bool),
    PropDef::new("MessageTrackingReadStatusEnabled", PropType::Bool),
    PropDef::new("RecipientLimits", PropType::Int),
    PropDef::new("RulesQuota", PropType::String),
    PropDef::new("LitigationHoldDuration", PropType::String),
    PropDef::new("LitigationHoldEnabled", PropType::Bool),
    PropDef::new("ModerationEnabled", PropType::Bool),
    PropDef::new("SendModerationNotifications", PropType::String),
    PropDef::new("EmailAddressPolicyEnabled", PropType::Bool),
    PropDef::new("CalendarLoggingQuota", PropType::String),
    PropDef::new("RecoverableItemsQuota", PropType::String),
    PropDef::new("RecoverableItemsWarningQuota", PropType::String),
    PropDef::new("UseDatabaseQuotaDefaults", PropType::Bool),
    PropDef::new("RetainDeletedItemsFor", PropType::String),
    PropDef::new("RetainDeletedItemsUntilBackup", PropType::Bool),
    PropDef::new("RetentionHoldEnabled", PropType::Bool),
    PropDef::new("SingleItemRecoveryEnabled", PropType::Bool),
    PropDef::new("UseDatabaseRetentionDefaults", PropType::Bool),
    PropDef::new("AntispamBypassEnabled", PropType::Bool),
    PropDef::new("SCLDeleteEnabled", PropType::Bool),
    PropDef::new("SCLJunkEnabled", PropType::Bool),
    PropDef::new("SCLQuarantineEnabled", PropType::Bool),
    PropDef::new("SCLRejectEnabled", PropType::Bool),
    // Known by construction: the simulated tenant holds only active mailboxes, none soft-deleted or inactive.
    PropDef::new("IsInactiveMailbox", PropType::Bool),
    PropDef::new("IsSoftDeletedByDisable", PropType::Bool),
    PropDef::new("IsSoftDeletedByRemove", PropType::Bool),
    PropDef::new("WhenSoftDeleted", PropType::DateTime),
];

/// The properties of a Get-EXOCasMailbox object the simulator models; each is filterable.
pub static CAS_PROPS: &[PropDef] = &[
    PropDef::new("ActiveSyncAllowedDeviceIDs", PropType::Strings),
    PropDef::new("ActiveSyncBlockedDeviceIDs", PropType::Strings),
    PropDef::new("ActiveSyncEnabled", PropType::Bool),
    PropDef::new("ActiveSyncMailboxPolicy", PropType::String),
    PropDef::new("ActiveSyncMailboxPolicyIsDefaulted", PropType::Bool),
    PropDef::new("DisplayName", PropType::String),
    PropDef::new("EmailAddresses", PropType::Strings),
    PropDef::new("ExchangeVersion", PropType::String),
    PropDef::new("Guid", PropType::Guid),
    PropDef::new("HasActiveSyncDevicePartnership", PropType::Bool),
    PropDef::new("Identity", PropType::String),
    PropDef::new("Name", PropType::String),
    PropDef::new("PrimarySmtpAddress", PropType::String),
    // Documented defaults, from the Set-CASMailbox reference
    // (learn.microsoft.com/powershell/module/exchangepowershell/set-casmailbox; MicrosoftDocs/
    // office-docs-powershell `exchange/exchange-ps/ExchangePowerShell/Set-CASMailbox.md` @93336da), each
    // parameter's "This value is the default" / "The default value is blank". Those Set-CASMailbox sets are
    // the stored values (model::CasSettings, whose defaults are the same).
    PropDef::new("ActiveSyncSuppressReadReceipt", PropType::Bool),
    PropDef::new("ECPEnabled", PropType::Bool),
    PropDef::new("EwsAllowMacOutlook", PropType::Bool),
    PropDef::new("EwsAllowOutlook", PropType::Bool),
    PropDef::new("EwsEnabled", PropType::Bool),
    PropDef::new("ImapEnableExactRFC822Size", PropType::Bool),
    PropDef::new("ImapEnabled", PropType::Bool),
    PropDef::new("ImapForceICalForCalendarRetrievalOption", PropType::Bool),
    PropDef::new("ImapMessagesRetrievalMimeFormat", PropType::String),
    PropDef::new("ImapSuppressReadReceipt", PropType::Bool),
    PropDef::new("ImapUseProtocolDefaults", PropType::Bool),
    PropDef::new("MAPIBlockOutlookNonCachedMode", PropType::Bool),
    PropDef::new("MAPIBlockOutlookRpcHttp", PropType::Bool),
    PropDef::new("MAPIBlockOutlookVersions", PropType::String),
    PropDef::new("MAPIEnabled", PropType::Bool),
    PropDef::new("MapiHttpEnabled", PropType::Bool),
    PropDef::new("OWAEnabled", PropType::Bool),
    PropDef::new("PopEnableExactRFC822Size", PropType::Bool),
    PropDef::new("PopEnabled", PropType::Bool),
    PropDef::new("PopMessagesRetrievalMimeFormat", PropType::String),
    PropDef::new("PopSuppressReadReceipt", PropType::Bool),
    PropDef::new("PopUseProtocolDefaults", PropType::Bool),
    // In no property set: the rest of what Set-CASMailbox keeps, for -Properties (stored values, as
    // Get-CASMailbox shows them).
    PropDef::new("EwsAllowEntourage", PropType::Bool),
    PropDef::new("EwsAllowList", PropType::Strings),
    PropDef::new("EwsApplicationAccessPolicy", PropType::String),
    PropDef::new("EwsBlockList", PropType::Strings),
    PropDef::new("MacOutlookEnabled", PropType::Bool),
    PropDef::new("OneWinNativeOutlookEnabled", PropType::Bool),
    PropDef::new("OutlookMobileEnabled", PropType::Bool),
    PropDef::new("OWAforDevicesEnabled", PropType::Bool),
    PropDef::new("OwaMailboxPolicy", PropType::String),
    PropDef::new("PopForceICalForCalendarRetrievalOption", PropType::Bool),
    PropDef::new("PublicFolderClientAccess", PropType::Bool),
    PropDef::new("ShowGalAsDefaultView", PropType::Bool),
    PropDef::new("SmtpClientAuthenticationDisabled", PropType::Bool),
    PropDef::new("UniversalOutlookEnabled", PropType::Bool),
];

/// A mailbox as Get-EXOMailbox's filter and object see it.
pub struct ExoMailboxRow<'a> {
    pub tenant: &'a Tenant,
    pub id: MailboxId,
}

/// A mailbox as Get-EXOCasMailbox's filter and object see it.
pub struct ExoCasRow<'a> {
    pub tenant: &'a Tenant,
    pub id: MailboxId,
}

/// `EmailAddresses` from the one address the tenant holds: the primary SMTP address, with the `SMTP:` prefix
/// that marks it primary (Set-Mailbox reference, -EmailAddresses: "the primary email address ... SMTP").
fn email_addresses(primary: &str) -> FValue<'static> {
    FValue::Str(Cow::Owned(format!("SMTP:{primary}")))
}

impl Record for ExoMailboxRow<'_> {
    fn get(&self, prop: usize) -> FValue<'_> {
        let m = self.tenant.mailbox(self.id);
        let name = MAILBOX_PROPS.get(prop).map_or("", |p| p.name);
        match name {
            "Alias" => m.alias.as_str().into(),
            "DisplayName" => m.display_name.as_str().into(),
            "EmailAddresses" => email_addresses(&m.primary_smtp_address),
            "ExchangeVersion" => EXCHANGE_VERSION.into(),
            "Guid" => FValue::Guid(m.guid),
            // Id and Identity are the Name in Exchange Online (the Get-EXORecipient output quoted above shows
            // `Identity : Chris Dymond` beside `Name : Chris Dymond`), as Get-Mailbox's Identity is here.
            "Id" | "Identity" | "Name" => m.name.as_str().into(),
            "PrimarySmtpAddress" => m.primary_smtp_address.as_str().into(),
            "RecipientType" => recipient_type(m.recipient_type_details).into(),
            "RecipientTypeDetails" => FValue::Enum(m.recipient_type_details.into()),
            "UserPrincipalName" => m.user_principal_name.as_str().into(),
            "HiddenFromAddressListsEnabled" => FValue::Bool(false),
            "AuditLogAgeLimit" => "90.00:00:00".into(),
            "DeliverToMailboxAndForward" => FValue::Bool(false),
            "DowngradeHighPriorityMessagesEnabled" => FValue::Bool(false),
            "ForwardingAddress" | "ForwardingSmtpAddress" => FValue::Null,
            "MessageCopyForSendOnBehalfEnabled" | "MessageCopyForSentAsEnabled" => {
                FValue::Bool(false)
            }
            "MessageTrackingReadStatusEnabled" => FValue::Bool(true),
            // "In the cloud-based service, a valid value is an integer from 1 to 1000. The default value is 500."
            "RecipientLimits" => FValue::Int(500),
            "RulesQuota" => "256 KB (262,144 bytes)".into(),
            "LitigationHoldDuration" => "Unlimited".into(),
            "LitigationHoldEnabled" => FValue::Bool(false),
            "ModerationEnabled" => FValue::Bool(false),
            "SendModerationNotifications" => "Always".into(),
            "EmailAddressPolicyEnabled" => FValue::Bool(true),
            "CalendarLoggingQuota" => "6 GB (6,442,450,944 bytes)".into(),
            "RecoverableItemsQuota" => "30 GB (32,212,254,720 bytes)".into(),
            "RecoverableItemsWarningQuota" => "20 GB (21,474,836,480 bytes)".into(),
            // "$false: ... In Exchange Online, this is the default value."
            "UseDatabaseQuotaDefaults" => FValue::Bool(false),
            "RetainDeletedItemsFor" => "14.00:00:00".into(),
            "RetainDeletedItemsUntilBackup" => FValue::Bool(false),
            "RetentionHoldEnabled" => FValue::Bool(false),
            // "$true: ... This value is the default in Exchange Online."
            "SingleItemRecoveryEnabled" => FValue::Bool(true),
            "UseDatabaseRetentionDefaults" => FValue::Bool(true),
            "AntispamBypassEnabled" => FValue::Bool(false),
            "SCLDeleteEnabled" | "SCLJunkEnabled" | "SCLQuarantineEnabled" | "SCLRejectEnabled" => {
                FValue::Null
            }
            "IsInactiveMailbox" | "IsSoftDeletedByDisable" | "IsSoftDeletedByRemove" => {
                FValue::Bool(false)
            }
            _ => FValue::Null,
        }
    }
}

impl Record for ExoCasRow<'_> {
    fn get(&self, prop: usize) -> FValue<'_> {
        let t = self.tenant;
        let m = t.mailbox(self.id);
        let name = CAS_PROPS.get(prop).map_or("", |p| p.name);
        match name {
            "ActiveSyncAllowedDeviceIDs" => FValue::Strs(&m.cas.allowed_device_ids),
            "ActiveSyncBlockedDeviceIDs" => FValue::Strs(&m.cas.blocked_device_ids),
            "ActiveSyncEnabled" => FValue::Bool(m.cas.active_sync_enabled),
            "ActiveSyncMailboxPolicy" => {
                FValue::Str(Cow::Owned(t.policy_for(self.id).name.clone()))
            }
            "ActiveSyncMailboxPolicyIsDefaulted" => FValue::Bool(policy_is_defaulted(t, self.id)),
            "DisplayName" => m.display_name.as_str().into(),
            "EmailAddresses" => email_addresses(&m.primary_smtp_address),
            "ExchangeVersion" => EXCHANGE_VERSION.into(),
            "Guid" => FValue::Guid(m.guid),
            "HasActiveSyncDevicePartnership" => FValue::Bool(t.has_device_partnership(self.id)),
            "Identity" | "Name" => m.name.as_str().into(),
            "PrimarySmtpAddress" => m.primary_smtp_address.as_str().into(),
            // Set-CASMailbox's switches, as stored (the same values Get-CASMailbox shows).
            "EwsEnabled" => FValue::Bool(m.cas.ews_enabled),
            "ImapEnabled" => FValue::Bool(m.cas.imap_enabled),
            "MAPIEnabled" => FValue::Bool(m.cas.mapi_enabled),
            "OWAEnabled" => FValue::Bool(m.cas.owa_enabled),
            "PopEnabled" => FValue::Bool(m.cas.pop_enabled),
            "ActiveSyncSuppressReadReceipt" => {
                FValue::Bool(m.cas.active_sync_suppress_read_receipt)
            }
            "EwsAllowMacOutlook" => FValue::Bool(m.cas.ews_allow_mac_outlook),
            "EwsAllowOutlook" => m.cas.ews_allow_outlook.map_or(FValue::Null, FValue::Bool),
            "ImapForceICalForCalendarRetrievalOption" => {
                FValue::Bool(m.cas.imap_force_ical_for_calendar_retrieval_option)
            }
            "ImapMessagesRetrievalMimeFormat" => {
                m.cas.imap_messages_retrieval_mime_format.name().into()
            }
            "ImapSuppressReadReceipt" => FValue::Bool(m.cas.imap_suppress_read_receipt),
            "ImapUseProtocolDefaults" => FValue::Bool(m.cas.imap_use_protocol_defaults),
            "PopMessagesRetrievalMimeFormat" => {
                m.cas.pop_messages_retrieval_mime_format.name().into()
            }
            "PopSuppressReadReceipt" => FValue::Bool(m.cas.pop_suppress_read_receipt),
            "PopUseProtocolDefaults" => FValue::Bool(m.cas.pop_use_protocol_defaults),
            "EwsAllowEntourage" => FValue::Bool(m.cas.ews_allow_entourage),
            "EwsAllowList" => FValue::Strs(&m.cas.ews_allow_list),
            "EwsApplicationAccessPolicy" => m
                .cas
                .ews_application_access_policy
                .map_or(FValue::Null, |p| p.name().into()),
            "EwsBlockList" => FValue::Strs(&m.cas.ews_block_list),
            "MacOutlookEnabled" => FValue::Bool(m.cas.mac_outlook_enabled),
            "OneWinNativeOutlookEnabled" => FValue::Bool(m.cas.one_win_native_outlook_enabled),
            "OutlookMobileEnabled" => FValue::Bool(m.cas.outlook_mobile_enabled),
            "OWAforDevicesEnabled" => FValue::Bool(m.cas.owa_for_devices_enabled),
            "OwaMailboxPolicy" => m
                .cas
                .owa_mailbox_policy
                .as_deref()
                .map_or(FValue::Null, FValue::from),
            "PopForceICalForCalendarRetrievalOption" => {
                FValue::Bool(m.cas.pop_force_ical_for_calendar_retrieval_option)
            }
            "PublicFolderClientAccess" => FValue::Bool(m.cas.public_folder_client_access),
            "ShowGalAsDefaultView" => FValue::Bool(m.cas.show_gal_as_default_view),
            "SmtpClientAuthenticationDisabled" => m
                .cas
                .smtp_client_authentication_disabled
                .map_or(FValue::Null, FValue::Bool),
            "UniversalOutlookEnabled" => FValue::Bool(m.cas.universal_outlook_enabled),
            "ECPEnabled" => FValue::Bool(true),
            "ImapEnableExactRFC822Size"
            | "MAPIBlockOutlookNonCachedMode"
            | "MAPIBlockOutlookRpcHttp"
            | "PopEnableExactRFC822Size" => FValue::Bool(false),
            // "The default value is blank"; "$null (blank): The setting isn't configured. This value is the default."
            "MAPIBlockOutlookVersions" | "MapiHttpEnabled" => FValue::Null,
            _ => FValue::Null,
        }
    }
}

/// Which properties an object gets: Minimum, then each set (`All`: every set), then the named properties; the
/// names are canonical (the sets' spelling), without duplicates.
pub fn selected(
    sets: &'static [PropertySet],
    chosen: &[&str],
    extra: &[&'static str],
) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut add = |name: &'static str| {
        if !out.iter().any(|n| eq_ci(n, name)) {
            out.push(name);
        }
    };
    let all = chosen.iter().any(|c| eq_ci(c, "All"));
    for set in sets {
        if set.name == "Minimum" || all || chosen.iter().any(|c| eq_ci(c, set.name)) {
            set.members.iter().for_each(|m| add(m));
        }
    }
    extra.iter().for_each(|m| add(m));
    out
}

/// The canonical spelling of a property name -Properties may ask for: a member of one of the sets, or a modelled
/// property; `None` for anything else.
pub fn property_name(
    sets: &'static [PropertySet],
    props: &'static [PropDef],
    name: &str,
) -> Option<&'static str> {
    let name = name.trim();
    sets.iter()
        .flat_map(|s| s.members.iter().copied())
        .chain(props.iter().map(|p| p.name))
        .find(|m| eq_ci(m, name))
}

/// The set members the simulator does not model (omitted from the objects), sorted, for the cmdlets' help.
pub fn gaps(sets: &'static [PropertySet], props: &'static [PropDef]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = sets
        .iter()
        .flat_map(|s| s.members.iter().copied())
        .filter(|m| !props.iter().any(|p| p.name == *m))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn object(
    type_name: &'static str,
    props: &[PropDef],
    names: &[&str],
    row: &impl Record,
) -> PsObject {
    let mut o = PsObject::with_capacity(type_name, names.len());
    for name in names {
        if let Some(i) = props.iter().position(|p| p.name == *name) {
            let value = match (props[i].ty, row.get(i)) {
                // A multi-valued property is a collection even when it holds one value.
                (PropType::Strings, FValue::Str(s)) => Value::strings([s.as_ref()]),
                (_, v) => fvalue_to_value(v),
            };
            o.push(props[i].name, value);
        }
    }
    o
}

/// The Get-EXOMailbox object with the `names` properties (from `selected`) that the simulator models.
pub fn exo_mailbox_object(tenant: &Tenant, id: MailboxId, names: &[&str]) -> PsObject {
    object(
        EXO_MAILBOX_TYPE,
        MAILBOX_PROPS,
        names,
        &ExoMailboxRow { tenant, id },
    )
}

/// The Get-EXOCasMailbox object with the `names` properties (from `selected`) that the simulator models.
pub fn exo_cas_object(tenant: &Tenant, id: MailboxId, names: &[&str]) -> PsObject {
    object(
        EXO_CAS_MAILBOX_TYPE,
        CAS_PROPS,
        names,
        &ExoCasRow { tenant, id },
    )
}

/// Whether a mailbox kind is one `-RecipientTypeDetails` names (compared by name, case-insensitively).
pub fn kind_named(kind: RecipientTypeDetails, names: &[String]) -> bool {
    names.iter().any(|n| eq_ci(n.trim(), kind.name()))
}

/// The `PropertySet` enumerations of the two cmdlets' `-PropertySets`. The type names are the module's nested
/// `PropertySet` types, as a PowerShell error names one ("Microsoft.Exchange.Management.RestApiClient.
/// GetExoMailboxStatistics+PropertySet", github.com/KelvinTegelaar/ExchangeOnlineManagement.SAM issue 2); the
/// numbers are the reference's listing order (the module's are not documented).
macro_rules! property_set_enum {
    ($info:ident, $type_name:literal, [$($name:literal),+ $(,)?]) => {
        pub static $info: EnumInfo = EnumInfo {
            type_name: $type_name,
            parse: |s| {
                const NAMES: &[&str] = &[$($name),+];
                let text = s.trim();
                let found = match text.parse::<usize>() {
                    Ok(n) => NAMES.get(n).map(|name| (n, *name)),
                    Err(_) => NAMES.iter().position(|n| eq_ci(n, text)).map(|i| (i, NAMES[i])),
                };
                found
                    .map(|(i, name)| EnumValue { type_name: $type_name, name, number: i as i64 })
                    .ok_or_else(|| format!(
                        "Cannot convert value \"{text}\" to type \"{}\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again: {}\"",
                        $type_name,
                        NAMES.join(", ")
                    ))
            },
            names: || vec![$($name),+],
        };
    };
}

property_set_enum!(
    MAILBOX_PROPERTY_SET,
    "Microsoft.Exchange.Management.RestApiClient.GetExoMailbox+PropertySet",
    [
        "All",
        "Minimum",
        "AddressList",
        "Archive",
        "Audit",
        "Custom",
        "Delivery",
        "Hold",
        "Moderation",
        "Move",
        "Policy",
        "PublicFolder",
        "Quota",
        "Resource",
        "Retention",
        "SCL",
        "SoftDelete",
        "StatisticsSeed",
    ]
);

property_set_enum!(
    CAS_PROPERTY_SET,
    "Microsoft.Exchange.Management.RestApiClient.GetExoCasMailbox+PropertySet",
    [
        "Minimum",
        "ActiveSync",
        "Ews",
        "Imap",
        "Mapi",
        "Pop",
        "ProtocolSettings",
        "All"
    ]
);
