//! Set-ActiveSyncOrganizationSettings: the default access level for devices no rule or personal list decides,
//! and the quarantine notification settings. Devices are not restamped: each decides again on its next request,
//! and Get-MobileDevice shows the new default at once for devices it recomputes.

use crate::admin::params::{IdentityKind, MULTI_VALUED, edit_list, identity};
use crate::model::AccessLevel;

use super::super::messages;
use super::super::objects::org::ORGANIZATION_SETTINGS_NAME;
use super::get_activesyncorganizationsettings::is_settings_identity;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::enums::DEVICE_ACCESS_LEVEL;
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 9] = [
    ParameterInfo::new("Identity", identity(IdentityKind::OrganizationSettings))
        .position(0)
        .pipeline(PipelineInput::ByValue),
    ParameterInfo::new("DefaultAccessLevel", ParamType::Enum(&DEVICE_ACCESS_LEVEL)),
    ParameterInfo::new("AdminMailRecipients", MULTI_VALUED),
    ParameterInfo::new("UserMailInsert", ParamType::String),
    ParameterInfo::new("OtaNotificationMailInsert", ParamType::String),
    ParameterInfo::new("AllowAccessForUnSupportedPlatform", ParamType::Bool),
    ParameterInfo::new("AllowRMSSupportForUnenlightenedApps", ParamType::Bool).help(
        "Whether ActiveSync clients that don't support RMS get RMS-protected messages; $false by default. Kept and shown by Get-ActiveSyncOrganizationSettings; no effect in the simulator: it holds no RMS-protected mail.",
    ),
    ParameterInfo::new("EnableMobileMailboxPolicyWhenCAInplace", ParamType::Bool).help(
        "Kept and shown by Get-ActiveSyncOrganizationSettings (False until set); no effect in the simulator: the reference page documents no meaning for it (Exchange Online only), and the simulator has no Conditional Access.",
    ),
    ParameterInfo::new("TenantAdminPreference", ParamType::String).help(
        "Kept as the text given and shown by Get-ActiveSyncOrganizationSettings (empty until set); no effect in the simulator: the reference page (Exchange Online only) documents neither its meaning nor the values of its TenantAdminPreference type, so none is checked.",
    ),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Set-ActiveSyncOrganizationSettings",
        synopsis: "Changes the organization-wide Exchange ActiveSync settings.",
        output_type: None,
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::Medium),
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[Example {
    title: "Block by default and add an admin to notify",
    input: "Set-ActiveSyncOrganizationSettings -DefaultAccessLevel Block -AdminMailRecipients @{Add='admin@contoso.com'}
Get-ActiveSyncOrganizationSettings",
    output: r#"DefaultAccessLevel                     : Block
TenantAdminPreference                  :
UserMailInsert                         :
AllowAccessForUnSupportedPlatform      : True
EnableMobileMailboxPolicyWhenCAInplace : False
AllowRMSSupportForUnenlightenedApps    : False
AdminMailRecipients                    : {admin@contoso.com}
OtaNotificationMailInsert              :
DeviceFiltering                        :
IsIntuneManaged                        : False
Name                                   : Mobile Mailbox Settings
Identity                               : Mobile Mailbox Settings"#,
}];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    if let Some(id) = args.string("Identity")
        && !is_settings_identity(id)
    {
        return Err(messages::not_found(id));
    }
    let mut org = ctx.tenant.org.clone();
    if let Some(level) = args.enum_arg::<AccessLevel>("DefaultAccessLevel") {
        org.default_access_level = level;
    }
    if let Some(edit) = args.multi("AdminMailRecipients") {
        edit_list(&mut org.admin_mail_recipients, edit);
    }
    if args.is_bound("UserMailInsert") {
        org.user_mail_insert = args.string("UserMailInsert").map(str::to_string);
    }
    if args.is_bound("OtaNotificationMailInsert") {
        org.ota_notification_mail_insert =
            args.string("OtaNotificationMailInsert").map(str::to_string);
    }
    if let Some(allow) = args.bool("AllowAccessForUnSupportedPlatform") {
        org.allow_access_for_unsupported_platform = allow;
    }
    if let Some(allow) = args.bool("AllowRMSSupportForUnenlightenedApps") {
        org.allow_rms_support_for_unenlightened_apps = allow;
    }
    if let Some(enable) = args.bool("EnableMobileMailboxPolicyWhenCAInplace") {
        org.enable_mobile_mailbox_policy_when_ca_inplace = enable;
    }
    if args.is_bound("TenantAdminPreference") {
        org.tenant_admin_preference = args
            .string("TenantAdminPreference")
            .map(str::to_string)
            .filter(|s| !s.is_empty());
    }
    if ctx.should_process(&messages::confirm_generic(
        "Set-ActiveSyncOrganizationSettings",
        ORGANIZATION_SETTINGS_NAME,
    ))? {
        if org == ctx.tenant.org {
            ctx.out
                .write_warning(messages::no_settings_modified(ORGANIZATION_SETTINGS_NAME));
        } else {
            ctx.tenant.org = org;
            ctx.tenant.record_change();
        }
    }
    Ok(())
}
