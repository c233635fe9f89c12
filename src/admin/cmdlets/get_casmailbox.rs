//! Get-CASMailbox: the Client Access settings of mailboxes (ActiveSyncEnabled, the personal device lists, the
//! assigned mobile device mailbox policy, HasActiveSyncDevicePartnership), by -Identity, -Anr, -Filter and
//! -RecipientTypeDetails as Get-Mailbox selects them, 1000 by default with Exchange's warning; -SortBy sorts them
//! by one property first (Get-CASMailbox.md's list). -Credential, -IgnoreDefaultScope and -OrganizationalUnit are
//! accepted with no effect: one session, one scope, one organizational unit.

use crate::admin::params::{IdentityKind, UNLIMITED, identity};
use crate::model::MailboxId;

use super::super::identity;
use super::super::objects::CAS_MAILBOX_TYPE;
use super::super::objects::mailbox::{CAS_SCHEMA, CasRow, cas_object};
use super::super::result_size::{RECIPIENT_DEFAULT, ResultLimit};
use super::super::sort_by;
use super::filter_arg;
use super::get_mailbox::{Selection, SortProperty, sorted};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::enums::RECIPIENT_TYPE_DETAILS;
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 9] = [
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
        output: r#"Name                               : Bob
ActiveSyncEnabled                  : True
ActiveSyncAllowedDeviceIDs         : {5eec4e94a1b2c3d4}
ActiveSyncBlockedDeviceIDs         : {}
ActiveSyncMailboxPolicy            : Default
ActiveSyncMailboxPolicyIsDefaulted : True
HasActiveSyncDevicePartnership     : True
OWAEnabled                         : True
PopEnabled                         : True
ImapEnabled                        : True
MAPIEnabled                        : True
EwsEnabled                         : True
DisplayName                        : Bob Kelly
PrimarySmtpAddress                 : bob@contoso.com
Identity                           : Bob
Guid                               : 00000000-0000-4000-8000-0000a11ce001"#,
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
        out.write_object_with(|| cas_object(tenant, id).into());
        if !out.wants_more() {
            break;
        }
    }
    Ok(())
}
