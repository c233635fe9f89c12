//! Get-ActiveSyncOrganizationSettings: the organization's default access level and notification settings
//! (identity `Mobile Mailbox Settings`).

use crate::admin::params::{IdentityKind, identity};
use crate::model::eq_ci;

use super::super::messages;
use super::super::objects::ORGANIZATION_SETTINGS_TYPE;
use super::super::objects::org::{ORGANIZATION_SETTINGS_NAME, org_object};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 1] =
    [
        ParameterInfo::new("Identity", identity(IdentityKind::OrganizationSettings))
            .position(0)
            .pipeline(PipelineInput::ByValue),
    ];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-ActiveSyncOrganizationSettings",
        synopsis: "Shows the organization-wide Exchange ActiveSync settings.",
        output_type: Some(ORGANIZATION_SETTINGS_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[Example {
    title: "The org default the rules fall back to",
    input: "Get-ActiveSyncOrganizationSettings",
    output: r#"DefaultAccessLevel                     : Quarantine
TenantAdminPreference                  :
UserMailInsert                         :
AllowAccessForUnSupportedPlatform      : True
EnableMobileMailboxPolicyWhenCAInplace : False
AllowRMSSupportForUnenlightenedApps    : False
AdminMailRecipients                    : {}
OtaNotificationMailInsert              :
DeviceFiltering                        :
IsIntuneManaged                        : False
Name                                   : Mobile Mailbox Settings
Identity                               : Mobile Mailbox Settings"#,
}];

/// Whether `identity` names the one settings object.
pub(super) fn is_settings_identity(identity: &str) -> bool {
    eq_ci(identity.trim(), ORGANIZATION_SETTINGS_NAME)
}

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let (tenant, out) = ctx.read();
    match args.string("Identity") {
        Some(id) if !is_settings_identity(id) => out.write_error(messages::not_found(id)),
        _ => out.write_object(org_object(tenant)),
    }
    Ok(())
}
