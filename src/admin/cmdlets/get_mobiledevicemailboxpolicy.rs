//! Get-MobileDeviceMailboxPolicy: all mobile device mailbox policies, or those an -Identity (Name with `*`
//! wildcards, or Guid) names.

use super::super::messages;
use super::super::objects::MAILBOX_POLICY_TYPE;
use super::super::objects::policy::policy_object;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{IdentityKind, identity};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParameterInfo, PipelineInput};
use crate::script::wildcard::Wildcard;

const PARAMS: [ParameterInfo; 1] =
    [
        ParameterInfo::new("Identity", identity(IdentityKind::MailboxPolicy))
            .position(0)
            .pipeline(PipelineInput::ByValue),
    ];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-MobileDeviceMailboxPolicy",
        synopsis: "Lists mobile device mailbox policies.",
        output_type: Some(MAILBOX_POLICY_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[Example {
    title: "The default policy",
    input: "Get-MobileDeviceMailboxPolicy Default",
    output: r#"AllowNonProvisionableDevices             : False
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
PasswordHistory                          : 0
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
    let (tenant, out) = ctx.read();
    let identity = args.string("Identity");
    let mut found = 0;
    for p in tenant.policies() {
        let wanted = match identity {
            None => true,
            Some(id) if Wildcard::is_pattern(id) => Wildcard::new(id.trim()).matches(&p.name),
            Some(id) => tenant.policy(id).is_some_and(|q| q.guid == p.guid),
        };
        if wanted {
            found += 1;
            out.write_object_with(|| policy_object(p).into());
        }
    }
    if let Some(id) = identity
        && found == 0
        && !Wildcard::is_pattern(id)
    {
        out.write_error(messages::not_found(id));
    }
    Ok(())
}
