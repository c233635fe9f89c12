//! Get-CASMailbox: the Client Access settings of mailboxes (ActiveSyncEnabled, the personal device lists, the
//! assigned mobile device mailbox policy, HasActiveSyncDevicePartnership, and the other protocols' settings
//! Set-CASMailbox keeps), by -Identity, -Anr, -Filter and -RecipientTypeDetails as Get-Mailbox selects them, 1000
//! by default with Exchange's warning.
//!
//! The display switches follow Get-CASMailbox.md (Exchange Online text): -ActiveSyncDebugLogging shows the actual
//! ActiveSyncDebugLogging ("If you don't use this switch, the value always appears as $false"),
//! -ReadIsOptimizedForAccessibility reads IsOptimizedForAccessibility (False unread). -ProtocolSettings asks for
//! server names and ports the simulated tenant does not have (as Get-EXOCasMailbox -ProtocolSettings, it adds
//! nothing), -ActiveSyncSuppressReadReceipt is "reserved for internal Microsoft use" (no effect), and
//! -RecalculateHasActiveSyncDevicePartnership has nothing to do: the value is always computed from the
//! partnerships.
//!
//! -SortBy sorts the mailboxes by one property first (Get-CASMailbox.md's list). -Credential, -IgnoreDefaultScope and
//! -OrganizationalUnit are accepted with no effect: one session, one scope, one organizational unit.

use crate::admin::params::{IdentityKind, UNLIMITED, identity};
use crate::model::MailboxId;

use super::super::identity;
use super::super::objects::CAS_MAILBOX_TYPE;
use super::super::objects::mailbox::{CAS_SCHEMA, CasReads, CasRow, cas_object};
use super::super::result_size::{RECIPIENT_DEFAULT, ResultLimit};
use super::super::sort_by;
use super::filter_arg;
use super::get_mailbox::{Selection, SortProperty, sorted};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::enums::RECIPIENT_TYPE_DETAILS;
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 14] = [
    ParameterInfo::new("Identity", identity(IdentityKind::Mailbox))
        .position(0)
        .pipeline(PipelineInput::ByValue)
        .sets(&["Identity"])
        .help("Name, Alias, SMTP address, UPN or Guid; `*` wildcards allowed."),
    ParameterInfo::new("Anr", ParamType::String)
        .sets(&["AnrSet"])
        .help("Ambiguous name resolution: mailboxes whose Name, Alias, DisplayName, SMTP address or UPN starts with it."),
    ParameterInfo::new("Filter", ParamType::Filter),
    ParameterInfo::new("RecipientTypeDetails", ParamType::Enums(&RECIPIENT_TYPE_DETAILS))
        .help("Only mailboxes of these kinds (UserMailbox, SharedMailbox, RoomMailbox, …)."),
    ParameterInfo::value("Credential", "PSCredential").help(
        "The account to run the command as; no effect in the simulator: the admin session already says who runs it.",
    ),
    ParameterInfo::new("IgnoreDefaultScope", ParamType::Switch).help(
        "Uses the entire forest as the scope, where Exchange then takes only a DN for -Identity; no effect in the simulator: its scope is already the whole tenant, and it models no DNs, so identities resolve as without it.",
    ),
    ParameterInfo::new("OrganizationalUnit", ParamType::String).help(
        "Only mailboxes in this organizational unit or domain (Name, canonical name, DN or Guid); no effect in the simulator: its tenant keeps every mailbox in one unit (domain/Users, as devices' UserDisplayName shows).",
    ),
    ParameterInfo::new("SortBy", ParamType::String).help(
        "One property to sort by, ascending: Name, DisplayName or ServerLegacyDN. The simulator models no ServerLegacyDN: every mailbox lacks it, so sorting by it keeps the order.",
    ),
    ParameterInfo::new("ResultSize", UNLIMITED).help("Default 1000; `Unlimited` for all."),
    ParameterInfo::new("ActiveSyncDebugLogging", ParamType::Switch).help(
        "Shows the actual ActiveSyncDebugLogging (on for 48 hours after Set-CASMailbox -ActiveSyncDebugLogging $true); without it the value always appears as False, as the reference says.",
    ),
    ParameterInfo::new("ActiveSyncSuppressReadReceipt", ParamType::Switch).help(
        "Reserved for internal Microsoft use (the reference); no effect in the simulator: ActiveSyncSuppressReadReceipt is always shown.",
    ),
    ParameterInfo::new("ReadIsOptimizedForAccessibility", ParamType::Switch).help(
        "Reads IsOptimizedForAccessibility (the light version of Outlook on the web); without it the value appears as False.",
    ),
    ParameterInfo::new("ProtocolSettings", ParamType::Switch).help(
        "Server names, ports and encryption methods (ExternalImapSettings, InternalImapSettings, ExternalPopSettings, InternalPopSettings, ExternalSmtpSettings, InternalSmtpSettings): not modelled, so nothing is added; no effect in the simulator, which serves only EAS.",
    ),
    ParameterInfo::new("RecalculateHasActiveSyncDevicePartnership", ParamType::Switch).help(
        "Recalculates HasActiveSyncDevicePartnership from the mailbox's partnerships; the simulator always computes it from them, so the value shown is already the recalculated one and the switch changes nothing.",
    ),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-CASMailbox",
        synopsis: "Shows mailboxes' Client Access settings, including their Exchange ActiveSync device lists.",
        output_type: Some(CAS_MAILBOX_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "Identity",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "One mailbox's EAS settings",
        input: "Get-CASMailbox bob | Format-List",
        output: r#"Name                                    : Bob
ActiveSyncEnabled                       : True
ActiveSyncAllowedDeviceIDs              : {5eec4e94a1b2c3d4}
ActiveSyncBlockedDeviceIDs              : {}
ActiveSyncMailboxPolicy                 : Default
ActiveSyncMailboxPolicyIsDefaulted      : True
ActiveSyncDebugLogging                  : False
ActiveSyncSuppressReadReceipt           : False
HasActiveSyncDevicePartnership          : True
OwaMailboxPolicy                        : OwaMailboxPolicy-Default
OWAEnabled                              : True
OWAforDevicesEnabled                    : True
PopEnabled                              : True
PopUseProtocolDefaults                  : True
PopMessagesRetrievalMimeFormat          : BestBodyFormat
PopSuppressReadReceipt                  : False
PopForceICalForCalendarRetrievalOption  : False
ImapEnabled                             : True
ImapUseProtocolDefaults                 : True
ImapMessagesRetrievalMimeFormat         : BestBodyFormat
ImapSuppressReadReceipt                 : False
ImapForceICalForCalendarRetrievalOption : False
MAPIEnabled                             : True
MacOutlookEnabled                       : True
OneWinNativeOutlookEnabled              : True
OutlookMobileEnabled                    : True
UniversalOutlookEnabled                 : True
EwsEnabled                              : True
EwsAllowOutlook                         :
EwsAllowMacOutlook                      : True
EwsAllowEntourage                       : True
EwsApplicationAccessPolicy              :
EwsAllowList                            : {}
EwsBlockList                            : {}
ShowGalAsDefaultView                    : True
IsOptimizedForAccessibility             : False
PublicFolderClientAccess                : False
SmtpClientAuthenticationDisabled        :
DisplayName                             : Bob Kelly
PrimarySmtpAddress                      : bob@contoso.com
Identity                                : Bob
Guid                                    : 00000000-0000-4000-8000-0000a11ce001"#,
    },
    Example {
        title: "ActiveSyncDebugLogging shows its actual value only with -ActiveSyncDebugLogging",
        input: "Set-CASMailbox bob -ActiveSyncDebugLogging $true
Get-CASMailbox bob | Format-List Name, ActiveSyncDebugLogging
Get-CASMailbox bob -ActiveSyncDebugLogging | Format-List Name, ActiveSyncDebugLogging",
        output: r#"Name                   : Bob
ActiveSyncDebugLogging : False


Name                   : Bob
ActiveSyncDebugLogging : True"#,
    },
    Example {
        title: "Mailboxes whose EWS access is limited to an allow list (filter-properties.md's example)",
        input: r#"Set-CASMailbox carol -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowList 'MyApp/1.0'
Get-CASMailbox -Filter "EwsApplicationAccessPolicy -eq 'EnforceAllowList'" | Format-List Name, Ews*"#,
        output: r#"Name                       : Carol
EwsEnabled                 : True
EwsAllowOutlook            :
EwsAllowMacOutlook         : True
EwsAllowEntourage          : True
EwsApplicationAccessPolicy : EnforceAllowList
EwsAllowList               : {MyApp/1.0}
EwsBlockList               : {}"#,
    },
    Example {
        title: "Mailboxes that have device partnerships",
        input: r#"Get-CASMailbox -Filter "HasActiveSyncDevicePartnership -eq `$true" -ResultSize Unlimited | Format-Table Name, ActiveSyncMailboxPolicy, HasActiveSyncDevicePartnership"#,
        output: r#"Name  ActiveSyncMailboxPolicy HasActiveSyncDevicePartnership
----  ----------------------- ------------------------------
Alice Executives              True
Bob   Default                 True"#,
    },
];

/// Get-CASMailbox's sortable properties (Get-CASMailbox.md, -SortBy: "You can sort by the following properties:
/// Name, DisplayName, ServerLegacyDN").
const SORTABLE: [(&str, SortProperty); 3] = [
    ("Name", SortProperty::Name),
    ("DisplayName", SortProperty::DisplayName),
    ("ServerLegacyDN", SortProperty::NotModelled),
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let filter = filter_arg(args, CAS_SCHEMA)?;
    let sort = sort_by::from_args(args, &SORTABLE)?;
    let select = Selection::from_args(args);
    let read = CasReads {
        debug_logging_at: args.switch("ActiveSyncDebugLogging").then_some(ctx.now),
        is_optimized_for_accessibility: args.switch("ReadIsOptimizedForAccessibility"),
    };
    let (tenant, out) = ctx.read();
    let ids: Vec<MailboxId> = match args.string("Identity") {
        Some(id) => match identity::mailboxes(tenant, id) {
            Ok(ids) => ids,
            Err(e) => {
                out.write_error(e);
                return Ok(());
            }
        },
        None => tenant.mailboxes().map(|(id, _)| id).collect(),
    };
    let selected = ids.into_iter().filter(|&id| {
        select.admits(tenant.mailbox(id))
            && filter.as_ref().is_none_or(|f| {
                f.matches(&CasRow {
                    tenant,
                    id,
                    filter: true,
                    read,
                })
            })
    });
    let mut limit = ResultLimit::from_args(args, Some(RECIPIENT_DEFAULT));
    // Without -SortBy the selection streams: nothing past -ResultSize is read.
    let ids: Box<dyn Iterator<Item = MailboxId>> = match sort {
        Some(prop) => Box::new(sorted(tenant, selected, prop).into_iter()),
        None => Box::new(selected),
    };
    for id in ids {
        if !limit.admit(out) {
            break;
        }
        out.write_object_with(|| cas_object(tenant, id, read).into());
        if !out.wants_more() {
            break;
        }
    }
    Ok(())
}
