//! Set-MobileDeviceMailboxPolicy: changes a policy's settings or Name. Any change bumps the policy's revision,
//! so devices provisioned with the old one must provision again on their next request. A rename keeps the
//! mailboxes assigned to it.

use crate::admin::params::{IdentityKind, identity};

use super::super::identity;
use super::super::messages;
use super::super::objects::policy::{apply_settings, policy_error, with_settings};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 56] = with_settings([
    ParameterInfo::new("Identity", identity(IdentityKind::MailboxPolicy))
        .mandatory()
        .position(0)
        .pipeline(PipelineInput::ByValue),
    ParameterInfo::new("Name", ParamType::String),
]);

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Set-MobileDeviceMailboxPolicy",
        synopsis: "Changes a mobile device mailbox policy.",
        output_type: None,
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::Medium),
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[Example {
    title: "Let devices that can't be provisioned connect",
    input: "Set-MobileDeviceMailboxPolicy Default -AllowNonProvisionableDevices $true -PasswordHistory 3
Get-MobileDeviceMailboxPolicy Default",
    output: r#"AllowNonProvisionableDevices             : True
AlphanumericPasswordRequired             : False
AttachmentsEnabled                       : True
DeviceEncryptionEnabled                  : False
RequireStorageCardEncryption             : False
PasswordEnabled                          : False
PasswordRecoveryEnabled                  : False
DevicePolicyRefreshInterval              : Unlimited
AllowSimplePassword                      : True
MaxAttachmentSize                        : Unlimited
WSSAccessEnabled                         : True
UNCAccessEnabled                         : True
MinPasswordLength                        :
MaxInactivityTimeLock                    : Unlimited
MaxPasswordFailedAttempts                : Unlimited
PasswordExpiration                       : Unlimited
PasswordHistory                          : 3
IsDefault                                : True
AllowApplePushNotifications              : True
AllowMicrosoftPushNotifications          : True
AllowGooglePushNotifications             : True
AllowStorageCard                         : True
AllowCamera                              : True
RequireDeviceEncryption                  : False
AllowUnsignedApplications                : True
AllowUnsignedInstallationPackages        : True
AllowWiFi                                : True
AllowTextMessaging                       : True
AllowPOPIMAPEmail                        : True
AllowIrDA                                : True
RequireManualSyncWhenRoaming             : False
AllowDesktopSync                         : True
AllowHTMLEmail                           : True
RequireSignedSMIMEMessages               : False
RequireEncryptedSMIMEMessages            : False
AllowSMIMESoftCerts                      : True
AllowBrowser                             : True
AllowConsumerEmail                       : True
AllowRemoteDesktop                       : True
AllowInternetSharing                     : True
AllowBluetooth                           : Allow
MinPasswordComplexCharacters             : 1
MaxCalendarAgeFilter                     : All
MaxEmailAgeFilter                        : All
RequireSignedSMIMEAlgorithm              : SHA1
RequireEncryptionSMIMEAlgorithm          : TripleDES
AllowSMIMEEncryptionAlgorithmNegotiation : AllowAnyAlgorithmNegotiation
MaxEmailBodyTruncationSize               : Unlimited
MaxEmailHTMLBodyTruncationSize           : Unlimited
UnapprovedInROMApplicationList           : {}
ApprovedApplicationList                  : {}
AllowExternalDeviceManagement            : False
AllowMobileOTAUpdate                     : True
IrmEnabled                               : True
Name                                     : Default
Identity                                 : Default
Guid                                     : 00000000-0000-4000-8000-00000000d00d"#,
}];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let text = args.string("Identity").unwrap_or_default();
    let guid = identity::policy(ctx.tenant, text)?;
    let Some(old) = ctx
        .tenant
        .policies()
        .iter()
        .find(|p| p.guid == guid)
        .cloned()
    else {
        return Err(messages::not_found(text));
    };
    let mut policy = old.clone();
    if let Some(name) = args.string("Name") {
        policy.name = name.trim().to_string();
    }
    apply_settings(&mut policy, args)?;
    if !ctx.should_process(&messages::confirm_generic(
        "Set-MobileDeviceMailboxPolicy",
        &old.name,
    ))? {
        return Ok(());
    }
    if policy == old {
        ctx.out
            .write_warning(messages::no_settings_modified(&old.name));
        return Ok(());
    }
    ctx.tenant
        .put_policy(policy.clone())
        .map_err(|e| policy_error(e, &old.name))?;
    if policy.name != old.name {
        let assigned: Vec<_> = ctx.tenant.mailboxes_with_policy(&old.name).collect();
        for id in assigned {
            ctx.tenant.cas_mut(id).active_sync_mailbox_policy = Some(policy.name.clone());
        }
    }
    Ok(())
}
