//! Get-CASMailbox: the Client Access settings of mailboxes (ActiveSyncEnabled, the personal device lists, the
//! assigned mobile device mailbox policy, HasActiveSyncDevicePartnership), by -Identity, -Anr, -Filter and
//! -RecipientTypeDetails as Get-Mailbox selects them, 1000 by default with Exchange's warning.

use crate::admin::params::{IdentityKind, UNLIMITED, identity};
use crate::model::MailboxId;

use super::super::identity;
use super::super::objects::CAS_MAILBOX_TYPE;
use super::super::objects::mailbox::{CAS_SCHEMA, CasRow, cas_object};
use super::super::result_size::{RECIPIENT_DEFAULT, ResultLimit};
use super::filter_arg;
use super::get_mailbox::Selection;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::enums::RECIPIENT_TYPE_DETAILS;
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 5] = [
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

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let filter = filter_arg(args, CAS_SCHEMA)?;
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
    let mut limit = ResultLimit::from_args(args, Some(RECIPIENT_DEFAULT));
    for id in ids {
        if !select.admits(tenant.mailbox(id)) {
            continue;
        }
        if filter.as_ref().is_some_and(|f| {
            !f.matches(&CasRow {
                tenant,
                id,
                filter: true,
            })
        }) {
            continue;
        }
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
