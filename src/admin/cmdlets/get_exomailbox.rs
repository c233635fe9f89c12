//! Get-EXOMailbox, the Exchange Online PowerShell V3 module's REST cmdlet for mailboxes: the Minimum property set
//! by default, more through -PropertySets and -Properties (`objects::exo`), 1000 results by default with
//! Exchange's warning. Reference: https://learn.microsoft.com/powershell/module/exchangepowershell/get-exomailbox
//! (MicrosoftDocs/office-docs-powershell `exchange/exchange-ps/ExchangePowerShell/Get-EXOMailbox.md` @93336da) and
//! https://learn.microsoft.com/powershell/exchange/cmdlet-property-sets#get-exomailbox-property-sets.
//!
//! Every documented parameter is accepted. Those the simulated tenant has nothing for answer as that tenant
//! would: -Archive, -InactiveMailboxOnly, -SoftDeletedMailbox, -PublicFolder and -MailboxPlan return no mailbox
//! (none has an archive, is inactive, soft-deleted, a public folder mailbox or a plan), -IncludeInactiveMailbox
//! adds none; -Async, -GroupMailbox and -Migration ("reserved for internal Microsoft use") and
//! -OrganizationalUnit have no effect.

use super::super::objects::exo::{
    EXO_MAILBOX_TYPE, ExoMailboxRow, MAILBOX_PROPERTY_SET, MAILBOX_PROPS, MAILBOX_SETS,
    exo_mailbox_object, kind_named,
};
use super::super::result_size::{RECIPIENT_DEFAULT, ResultLimit};
use super::{exo_mailboxes, exo_properties, filter_arg};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{GUID, UNLIMITED};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 20] = [
    ParameterInfo::new("Identity", ParamType::String)
        .position(0)
        .pipeline(PipelineInput::Both)
        .sets(&["Identity"])
        .help("Name, Alias, SMTP address, UPN or Guid of one mailbox (no wildcards)."),
    ParameterInfo::new("Anr", ParamType::String)
        .sets(&["Anr"])
        .help("Ambiguous name resolution: mailboxes whose display name, a word of it, alias or SMTP address starts with it."),
    ParameterInfo::new("Archive", ParamType::Switch)
        .help("Only mailboxes with an archive: none in the simulated tenant."),
    ParameterInfo::new("Async", ParamType::Switch).help("Reserved for internal Microsoft use; no effect."),
    ParameterInfo::new("ExternalDirectoryObjectId", GUID)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox's Microsoft Entra ObjectId: the simulated tenant keeps none, so no mailbox is found."),
    ParameterInfo::new("Filter", ParamType::Filter)
        .help("An OPATH filter on the properties the objects can show (modelled ones)."),
    ParameterInfo::new("GroupMailbox", ParamType::Switch)
        .help("Reserved for internal Microsoft use; no effect."),
    ParameterInfo::new("InactiveMailboxOnly", ParamType::Switch)
        .help("Only inactive mailboxes: none in the simulated tenant."),
    ParameterInfo::new("IncludeInactiveMailbox", ParamType::Switch)
        .help("Adds inactive mailboxes: none in the simulated tenant."),
    ParameterInfo::new("MailboxPlan", ParamType::String)
        .help("Only mailboxes with this mailbox plan: the simulated tenant assigns none."),
    ParameterInfo::new("Migration", ParamType::Switch).help("Reserved for internal Microsoft use; no effect."),
    ParameterInfo::new("OrganizationalUnit", ParamType::String)
        .help("Accepted; the simulated tenant has one organizational unit, so it has no effect."),
    ParameterInfo::new("PrimarySmtpAddress", ParamType::String)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox with this primary SMTP address."),
    ParameterInfo::new("Properties", ParamType::Strings)
        .help("Properties to return besides the Minimum set; one the simulator does not model is an error."),
    ParameterInfo::new("PropertySets", ParamType::Enums(&MAILBOX_PROPERTY_SET)).help(concat!(
        "Property sets to return besides Minimum (the default): All, Minimum, AddressList, Archive, Audit, Custom, Delivery, Hold, Moderation, Move, Policy, PublicFolder, Quota, Resource, Retention, SCL, SoftDelete, StatisticsSeed. ",
        "Properties not modelled, omitted from the objects: ",
        "AcceptMessagesOnlyFrom, AcceptMessagesOnlyFromDLMembers, AcceptMessagesOnlyFromSendersOrMembers, AddressBookPolicy, AddressListMembership, ArchiveDatabase, ArchiveDatabaseGuid, ArchiveDomain, ArchiveGuid, ArchiveName, ArchiveQuota, ArchiveRelease, ArchiveState, ArchiveStatus, ArchiveWarningQuota, AuditAdmin, AuditDelegate, AuditEnabled, AuditOwner, AutoExpandingArchiveEnabled, BypassModerationFromSendersOrMembers, ComplianceTagHoldApplied, CustomAttribute1, CustomAttribute10, CustomAttribute11, CustomAttribute12, CustomAttribute13, CustomAttribute14, CustomAttribute15, CustomAttribute2, CustomAttribute3, CustomAttribute4, CustomAttribute5, CustomAttribute6, CustomAttribute7, CustomAttribute8, CustomAttribute9, DataEncryptionPolicy, DatabaseGuid, DefaultAuditSet, DefaultPublicFolderMailbox, DelayHoldApplied, DisabledArchiveDatabase, DisabledArchiveGuid, DistinguishedName, EffectivePublicFolderMailbox, EndDateForRetentionHold, ExchangeGuid, ExtensionCustomAttribute1, ExtensionCustomAttribute2, ExtensionCustomAttribute3, ExtensionCustomAttribute4, ExtensionCustomAttribute5, ExternalDirectoryObjectId, GeneratedOfflineAddressBooks, GrantSendOnBehalfTo, InPlaceHolds, InactiveMailboxRetireTime, IncludeInGarbageCollection, IsExcludedFromServingHierarchy, IsHierarchyReady, IsHierarchySyncEnabled, IsResource, IsRootPublicFolderMailbox, IssueWarningQuota, JournalArchiveAddress, LitigationHoldDate, LitigationHoldOwner, MailboxMoveBatchName, MailboxMoveFlags, MailboxMoveRemoteHostName, MailboxMoveSourceMDB, MailboxMoveStatus, MailboxMoveTargetMDB, ManagedFolderMailboxPolicy, MaxBlockedSenders, MaxReceiveSize, MaxSafeSenders, MaxSendSize, MessageRecallProcessingEnabled, ModeratedBy, OfflineAddressBook, OrganizationId, OrphanSoftDeleteTrackingTime, PoliciesExcluded, PoliciesIncluded, ProhibitSendQuota, ProhibitSendReceiveQuota, RejectMessagesFrom, RejectMessagesFromDLMembers, RejectMessagesFromSendersOrMembers, RemoteAccountPolicy, ResourceCapacity, ResourceCustom, ResourceType, RetentionComment, RetentionPolicy, RetentionUrl, RoleAssignmentPolicy, RoomMailboxAccountEnabled, SCLDeleteThreshold, SCLJunkThreshold, SCLQuarantineThreshold, SCLRejectThreshold, SharingPolicy, StartDateForRetentionHold, ThrottlingPolicy. ",
        "The others are the tenant's, or the default the Set-Mailbox reference documents."
    )),
    ParameterInfo::new("PublicFolder", ParamType::Switch)
        .help("Only public folder mailboxes: none in the simulated tenant."),
    ParameterInfo::new("RecipientTypeDetails", ParamType::Strings).help(
        "Mailbox subtypes: DiscoveryMailbox, EquipmentMailbox, LegacyMailbox, LinkedMailbox, LinkedRoomMailbox, RoomMailbox, SchedulingMailbox, SharedMailbox, TeamMailbox, UserMailbox.",
    ),
    ParameterInfo::new("ResultSize", UNLIMITED).help("Default 1000; `Unlimited` for all."),
    ParameterInfo::new("SoftDeletedMailbox", ParamType::Switch)
        .help("Only soft-deleted mailboxes: none in the simulated tenant."),
    ParameterInfo::new("UserPrincipalName", ParamType::String)
        .pipeline(PipelineInput::ByPropertyName)
        .sets(&["Identity"])
        .help("The mailbox with this user principal name."),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-EXOMailbox",
        synopsis: "Lists mailboxes with the Minimum property set or the sets and properties asked for (Exchange Online PowerShell V3).",
        output_type: Some(EXO_MAILBOX_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "Identity",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "One mailbox: the Minimum property set (the properties the simulator models)",
        input: "Get-EXOMailbox -Identity alice@contoso.com",
        output: r#"Alias                : alice
DisplayName          : Alice Wilson
EmailAddresses       : {SMTP:alice@contoso.com}
ExchangeVersion      : 0.20 (15.0.0.0)
Guid                 : 00000000-0000-4000-8000-0000a11ce000
Id                   : Alice
Name                 : Alice
PrimarySmtpAddress   : alice@contoso.com
RecipientType        : UserMailbox
RecipientTypeDetails : UserMailbox
UserPrincipalName    : alice@contoso.com"#,
    },
    Example {
        title: "-PropertySets adds sets to Minimum; -Properties adds single properties",
        input: "Get-EXOMailbox -UserPrincipalName bob@contoso.com -PropertySets Delivery -Properties Identity | Format-List Name, Identity, RecipientLimits, ForwardingSmtpAddress, DeliverToMailboxAndForward",
        output: r#"Name                       : Bob
Identity                   : Bob
RecipientLimits            : 500
ForwardingSmtpAddress      :
DeliverToMailboxAndForward : False"#,
    },
    Example {
        title: "The default 1000 applies, with Exchange's warning when more exist",
        input: "Get-EXOMailbox -RecipientTypeDetails UserMailbox -ResultSize 1 | Format-Table Name, RecipientTypeDetails",
        output: r#"WARNING: There are more results available than are currently displayed. To view them, increase the value for the ResultSize parameter.

Name  RecipientTypeDetails
----  --------------------
Alice UserMailbox"#,
    },
    Example {
        title: "A property the simulator does not model",
        input: "Get-EXOMailbox alice -Properties ArchiveStatus",
        output: r#"Get-EXOMailbox : The property 'ArchiveStatus' of Get-EXOMailbox isn't modelled by this simulated environment. Get-Help Get-EXOMailbox -Parameter PropertySets lists the properties it returns.
At line:1 char:1
+ Get-EXOMailbox alice -Properties ArchiveStatus
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotImplemented: (ArchiveStatus:String) [Get-EXOMailbox], NotSupportedException
    + FullyQualifiedErrorId : NotSupportedException,Get-EXOMailbox"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let filter = filter_arg(args, MAILBOX_PROPS)?;
    let names = exo_properties(args, "Get-EXOMailbox", MAILBOX_SETS, MAILBOX_PROPS)?;
    let kinds = args.strings("RecipientTypeDetails");
    // Nothing in the simulated tenant has an archive, is inactive or soft-deleted, is a public folder mailbox or
    // has a mailbox plan.
    let none = [
        "Archive",
        "InactiveMailboxOnly",
        "SoftDeletedMailbox",
        "PublicFolder",
    ]
    .iter()
    .any(|s| args.switch(s))
        || args.string("MailboxPlan").is_some();
    let (tenant, out) = ctx.read();
    let ids = match exo_mailboxes(tenant, args) {
        Ok(ids) => ids,
        Err(e) => {
            out.write_error(e);
            return Ok(());
        }
    };
    if none {
        return Ok(());
    }
    let mut limit = ResultLimit::from_args(args, Some(RECIPIENT_DEFAULT));
    for id in ids {
        let kind = tenant.mailbox(id).recipient_type_details;
        if kinds.as_ref().is_some_and(|k| !kind_named(kind, k)) {
            continue;
        }
        if filter
            .as_ref()
            .is_some_and(|f| !f.matches(&ExoMailboxRow { tenant, id }))
        {
            continue;
        }
        if !limit.admit(out) {
            break;
        }
        out.write_object_with(|| exo_mailbox_object(tenant, id, &names).into());
        if !out.wants_more() {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::objects::exo::gaps;

    #[test]
    fn the_help_lists_exactly_the_properties_not_modelled() {
        let listed = gaps(MAILBOX_SETS, MAILBOX_PROPS).join(", ");
        let help = PARAMS
            .iter()
            .find(|p| p.name == "PropertySets")
            .map_or("", |p| p.help);
        assert!(
            help.contains(&format!("omitted from the objects: {listed}. ")),
            "{listed}"
        );
    }
}
