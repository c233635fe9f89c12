//! Remove-MobileDeviceMailboxPolicy: deletes a policy that is not the default. As the reference describes it
//! (Remove-MobileDeviceMailboxPolicy.md, Exchange Online): "If any users are assigned to the policy when you
//! remove it, the Remove-MobileDeviceMailboxPolicy cmdlet fails", and -Force "hides warning or confirmation
//! messages" ("removes the mobile device mailbox policy named Management and bypasses any warning or error
//! messages", Example 3): with -Force a policy in use is removed too, its mailboxes falling back to the default
//! policy, and there is no prompt. Prompts by default. The default policy stays whatever -Force says: a tenant
//! always has one.

use super::super::identity;
use super::super::messages;
use super::super::objects::policy::policy_error;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{IdentityKind, identity};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::{ErrorCategory, ErrorRecord, quoted};
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 2] = [
    ParameterInfo::new("Identity", identity(IdentityKind::MailboxPolicy))
        .mandatory()
        .position(0)
        .pipeline(PipelineInput::ByValue),
    ParameterInfo::new("Force", ParamType::Switch).help(
        "Removes the policy even if mailboxes are assigned to it (they fall back to the default policy), without the confirmation prompt; -WhatIf and an explicit -Confirm still apply. The default policy is never removed.",
    ),
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
        title: "Alice is assigned Executives, so it stays unless -Force removes it; she falls back to the default",
        input: "Remove-MobileDeviceMailboxPolicy Executives -Confirm:$false
Remove-MobileDeviceMailboxPolicy Executives -Force
Get-CASMailbox alice | Format-Table Name, ActiveSyncMailboxPolicy, ActiveSyncMailboxPolicyIsDefaulted",
        output: r#"Remove-MobileDeviceMailboxPolicy : "Executives" is assigned to 1 mailbox, so it can't be removed. Assign them another policy (Set-CASMailbox -ActiveSyncMailboxPolicy) first, or use -Force to remove it anyway: they fall back to the default policy.
At line:1 char:1
+ Remove-MobileDeviceMailboxPolicy Executives -Confirm:$false
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidOperation: (Executives:String) [Remove-MobileDeviceMailboxPolicy], InvalidOperationException
    + FullyQualifiedErrorId : InvalidOperationException,Remove-MobileDeviceMailboxPolicy


Name  ActiveSyncMailboxPolicy ActiveSyncMailboxPolicyIsDefaulted
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
    let force = args.switch("Force");
    let assigned = ctx.tenant.mailboxes_with_policy(&name).count();
    if assigned > 0 && !force {
        return Err(in_use(&name, assigned));
    }
    let message = messages::confirm_generic("Remove-MobileDeviceMailboxPolicy", &name);
    let go = if force {
        ctx.should_process_forced(&message)?
    } else {
        ctx.should_process(&message)?
    };
    if go {
        ctx.tenant
            .remove_policy(guid)
            .map_err(|e| policy_error(e, &name))?;
    }
    Ok(())
}

/// The refusal of a policy mailboxes are assigned to (the reference says the cmdlet fails; its words are
/// easim's).
fn in_use(name: &str, assigned: usize) -> ErrorRecord {
    let mailboxes = if assigned == 1 {
        "mailbox"
    } else {
        "mailboxes"
    };
    ErrorRecord::new(
        ErrorCategory::InvalidOperation,
        "InvalidOperationException",
        format!(
            "\"{}\" is assigned to {assigned} {mailboxes}, so it can't be removed. Assign them another policy (Set-CASMailbox -ActiveSyncMailboxPolicy) first, or use -Force to remove it anyway: they fall back to the default policy.",
            quoted(name)
        ),
    )
    .with_target(name)
}
