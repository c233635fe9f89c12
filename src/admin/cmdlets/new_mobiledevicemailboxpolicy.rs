//! New-MobileDeviceMailboxPolicy: a mobile device mailbox policy with Exchange's defaults, changed by any of the
//! settings parameters. -IsDefault makes it the tenant's default (the previous default stops being one).

use crate::model::MobileDeviceMailboxPolicy;

use super::super::messages;
use super::super::objects::MAILBOX_POLICY_TYPE;
use super::super::objects::policy::{apply_settings, policy_error, policy_object, with_settings};
use super::new_guid;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo};

const PARAMS: [ParameterInfo; 55] = with_settings([ParameterInfo::new("Name", ParamType::String)
    .mandatory()
    .position(0)]);

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "New-MobileDeviceMailboxPolicy",
        synopsis: "Creates a mobile device mailbox policy.",
        output_type: Some(MAILBOX_POLICY_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::Medium),
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "A policy that requires a 6-digit PIN and locks after 15 minutes",
        input: "New-MobileDeviceMailboxPolicy -Name 'Sales' -PasswordEnabled $true -MinPasswordLength 6 -MaxInactivityTimeLock 00:15:00 -MaxAttachmentSize '10 MB'",
        output: r#"AllowNonProvisionableDevices             : False
AlphanumericPasswordRequired             : False
AttachmentsEnabled                       : True
DeviceEncryptionEnabled                  : False
RequireStorageCardEncryption             : False
PasswordEnabled                          : True
PasswordRecoveryEnabled                  : False
DevicePolicyRefreshInterval              : Unlimited
AllowSimplePassword                      : True
MaxAttachmentSize                        : 10 MB (10,485,760 bytes)
WSSAccessEnabled                         : True
UNCAccessEnabled                         : True
MinPasswordLength                        : 6
MaxInactivityTimeLock                    : 00:15:00
MaxPasswordFailedAttempts                : Unlimited
PasswordExpiration                       : Unlimited
PasswordHistory                          : 0
IsDefault                                : False
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
Name                                     : Sales
Identity                                 : Sales
Guid                                     : 2ca20648-848c-49e9-af3c-7ee7888f4220"#,
    },
    Example {
        title: "Exchange's ranges are checked",
        input: "New-MobileDeviceMailboxPolicy Sales -MinPasswordLength 20",
        output: r#"New-MobileDeviceMailboxPolicy : Cannot validate argument on parameter 'MinPasswordLength'. The 20 argument is greater than the maximum allowed range of 16. Supply an argument that is less than or equal to 16 and then try the command again.
At line:1 char:1
+ New-MobileDeviceMailboxPolicy Sales -MinPasswordLength 20
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidData: (MinPasswordLength:String) [New-MobileDeviceMailboxPolicy], ParameterArgumentValidationError
    + FullyQualifiedErrorId : ParameterArgumentValidationError,New-MobileDeviceMailboxPolicy"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let name = args.string("Name").unwrap_or_default().trim().to_string();
    let mut policy = MobileDeviceMailboxPolicy {
        guid: new_guid(ctx.tenant, "policy", &name, ctx.now),
        name: name.clone(),
        is_default: false,
        ..MobileDeviceMailboxPolicy::default()
    };
    apply_settings(&mut policy, args)?;
    if let Some(existing) = ctx.tenant.policy(&name) {
        return Err(policy_error(
            crate::model::ModelError::DuplicatePolicy(existing.name.clone()),
            &name,
        ));
    }
    if !ctx.should_process(&messages::confirm_generic(
        "New-MobileDeviceMailboxPolicy",
        &name,
    ))? {
        return Ok(());
    }
    ctx.tenant
        .put_policy(policy.clone())
        .map_err(|e| policy_error(e, &name))?;
    let stored = ctx.tenant.policy(&name).cloned().unwrap_or(policy);
    ctx.out.write_object(policy_object(&stored));
    Ok(())
}
