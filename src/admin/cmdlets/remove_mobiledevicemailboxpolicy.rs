//! Remove-MobileDeviceMailboxPolicy: deletes a policy that is not the default; mailboxes assigned to it fall back
//! to the default policy. Prompts by default.

use super::super::identity;
use super::super::messages;
use super::super::objects::policy::policy_error;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{IdentityKind, identity};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 1] =
    [
        ParameterInfo::new("Identity", identity(IdentityKind::MailboxPolicy))
            .mandatory()
            .position(0)
            .pipeline(PipelineInput::ByValue),
    ];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Remove-MobileDeviceMailboxPolicy",
        synopsis: "Removes a mobile device mailbox policy.",
        output_type: None,
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::High),
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "Alice was assigned Executives; she falls back to the default",
        input: "Remove-MobileDeviceMailboxPolicy Executives -Confirm:$false
Get-CASMailbox alice | Format-Table Name, ActiveSyncMailboxPolicy, ActiveSyncMailboxPolicyIsDefaulted",
        output: r#"Name  ActiveSyncMailboxPolicy ActiveSyncMailboxPolicyIsDefaulted
----  ----------------------- ----------------------------------
Alice Default                 True"#,
    },
    Example {
        title: "The default policy stays",
        input: "Remove-MobileDeviceMailboxPolicy Default -Confirm:$false",
        output: r#"Remove-MobileDeviceMailboxPolicy : "Default" is the default mobile device mailbox policy, and there must always be one. Make another policy the default (-IsDefault $true) first.
At line:1 char:1
+ Remove-MobileDeviceMailboxPolicy Default -Confirm:$false
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidOperation: (Default:String) [Remove-MobileDeviceMailboxPolicy], InvalidOperationException
    + FullyQualifiedErrorId : InvalidOperationException,Remove-MobileDeviceMailboxPolicy"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let text = args.string("Identity").unwrap_or_default();
    let guid = identity::policy(ctx.tenant, text)?;
    let name = ctx
        .tenant
        .policies()
        .iter()
        .find(|p| p.guid == guid)
        .map(|p| p.name.clone())
        .unwrap_or_default();
    if ctx.tenant.default_policy().guid == guid {
        return Err(policy_error(
            crate::model::ModelError::DefaultPolicyRequired,
            &name,
        ));
    }
    if ctx.should_process(&messages::confirm_generic(
        "Remove-MobileDeviceMailboxPolicy",
        &name,
    ))? {
        ctx.tenant
            .remove_policy(guid)
            .map_err(|e| policy_error(e, &name))?;
    }
    Ok(())
}
