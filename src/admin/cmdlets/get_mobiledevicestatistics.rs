//! Get-MobileDeviceStatistics: sync statistics and wipe state of one device (-Identity) or of all a mailbox's
//! devices (-Mailbox), as Exchange's MobileDeviceConfiguration objects.
//!
//! -GetMailboxLog is declared but refused: the simulator keeps no mailbox logs.

use super::super::identity;
use super::super::objects::MOBILE_DEVICE_CONFIGURATION_TYPE;
use super::super::objects::device::statistics_object;
use super::{CLIENT_TYPE_SWITCHES, ClientTypes};
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{IdentityKind, identity};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::{ErrorCategory, ErrorRecord};
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 9] = [
    ParameterInfo::new("Identity", identity(IdentityKind::MobileDevice))
        .mandatory()
        .position(0)
        .pipeline(PipelineInput::ByValue)
        .sets(&["Identity"])
        .help("A device Identity or Guid."),
    ParameterInfo::new("Mailbox", identity(IdentityKind::Mailbox))
        .mandatory()
        .pipeline(PipelineInput::ByValue)
        .sets(&["Mailbox"])
        .help("The mailbox whose devices to report."),
    ParameterInfo::new("ShowRecoveryPassword", ParamType::Switch),
    ParameterInfo::new("GetMailboxLog", ParamType::Switch),
    ParameterInfo::new("NotificationEmailAddresses", ParamType::Strings),
    CLIENT_TYPE_SWITCHES[0],
    CLIENT_TYPE_SWITCHES[1],
    CLIENT_TYPE_SWITCHES[2],
    CLIENT_TYPE_SWITCHES[3],
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-MobileDeviceStatistics",
        synopsis: "Reports a device's sync statistics, policy and remote wipe state.",
        output_type: Some(MOBILE_DEVICE_CONFIGURATION_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "Identity",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "A mailbox's Outlook mobile (REST) partnership, as scenario B reads it",
        input: "Get-MobileDeviceStatistics -Mailbox bob -RestApi",
        output: r#"FirstSyncTime                 : 11/1/2026 8:00:00 AM
LastPolicyUpdateTime          : 11/1/2026 8:00:00 AM
LastSyncAttemptTime           : 11/23/2026 7:55:00 AM
LastSuccessSync               : 11/23/2026 7:55:00 AM
DeviceType                    : Outlook
DeviceID                      : 5eec4e94a1b2c3d4
DeviceUserAgent               : Outlook-iOS/2.0
DeviceWipeSentTime            :
DeviceWipeRequestTime         :
DeviceWipeAckTime             :
LastPingHeartbeat             :
RecoveryPassword              : ********
DeviceModel                   : Outlook for iOS and Android
DeviceImei                    :
DeviceFriendlyName            : Bob's phone
DeviceOS                      : iOS 17.5
DeviceOSLanguage              : en-US
DevicePhoneNumber             :
MailboxLogReport              :
DeviceEnableOutboundSMS       : False
DeviceMobileOperator          :
Identity                      : Bob\ExchangeActiveSyncDevices\REST§Outlook§5eec4e94a1b2c3d4
Guid                          : 00000000-0000-4000-8000-0000de71ce04
IsRemoteWipeSupported         : True
Status                        : DeviceOk
StatusNote                    :
DeviceAccessState             : Allowed
DeviceAccessStateReason       : Individual
DeviceAccessControlRule       :
DevicePolicyApplied           : Default
DevicePolicyApplicationStatus : AppliedInFull
LastDeviceWipeRequestor       :
ClientVersion                 : 16.1
NumberOfFoldersSynced         : 12
SyncStateUpgradeTime          :
ClientType                    : REST"#,
    },
    Example {
        title: "A mailbox without devices writes nothing",
        input: "Get-MobileDeviceStatistics -Mailbox carol",
        output: r#""#,
    },
    Example {
        title: "Mailbox logs are not simulated",
        input: "Get-MobileDeviceStatistics -Mailbox bob -GetMailboxLog",
        output: r#"Get-MobileDeviceStatistics : The GetMailboxLog parameter isn't supported by this simulated environment: it keeps no mailbox logs.
At line:1 char:1
+ Get-MobileDeviceStatistics -Mailbox bob -GetMailboxLog
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : NotImplemented: (GetMailboxLog:String) [Get-MobileDeviceStatistics], NotSupportedException
    + FullyQualifiedErrorId : NotSupportedException,Get-MobileDeviceStatistics"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    if args.switch("GetMailboxLog") {
        return Err(ErrorRecord::new(
            ErrorCategory::NotImplemented,
            "NotSupportedException",
            "The GetMailboxLog parameter isn't supported by this simulated environment: it keeps no mailbox logs.",
        )
        .with_target("GetMailboxLog"));
    }
    let types = ClientTypes::from_args(args);
    let show_password = args.switch("ShowRecoveryPassword");
    let (tenant, out) = ctx.read();
    let keys = if let Some(id) = args.string("Identity") {
        match identity::device(tenant, id) {
            Ok(key) => vec![key],
            Err(e) => {
                out.write_error(e);
                return Ok(());
            }
        }
    } else {
        let mailbox = args.string("Mailbox").unwrap_or_default();
        match identity::mailbox(tenant, mailbox) {
            Ok(id) => tenant.devices_of(id).to_vec(),
            Err(e) => {
                out.write_error(e);
                return Ok(());
            }
        }
    };
    for key in keys {
        let Some(d) = tenant.device(key) else {
            continue;
        };
        if types.allows(d.client_type) {
            out.write_object_with(|| statistics_object(tenant, d, show_password).into());
        }
        if !out.wants_more() {
            break;
        }
    }
    Ok(())
}
