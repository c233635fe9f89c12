//! Clear-MobileDevice: requests a remote wipe (or, with -AccountOnly, an account-only wipe) that the device
//! receives on its next request; -Cancel withdraws a request the device has not acknowledged. Prompts by default
//! with Exchange's literal confirmation text.
//!
//! -NotificationEmailAddresses is accepted and ignored: the simulator sends no mail.

use crate::admin::params::{IdentityKind, identity};
use crate::model::{DeviceStatus, WipeRequest};

use super::super::identity;
use super::super::messages;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 4] = [
    ParameterInfo::new("Identity", identity(IdentityKind::MobileDevice))
        .mandatory()
        .position(0)
        .pipeline(PipelineInput::ByValue)
        .help("A device Identity or Guid."),
    ParameterInfo::new("AccountOnly", ParamType::Switch)
        .help("Wipe only the mailbox data (the only wipe Outlook mobile supports)."),
    ParameterInfo::new("Cancel", ParamType::Switch).help("Withdraw a pending wipe request."),
    ParameterInfo::new("NotificationEmailAddresses", ParamType::Strings),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Clear-MobileDevice",
        synopsis: "Requests (or cancels) a remote wipe of a mobile device.",
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
        title: "An account-only wipe is recorded and shows as pending",
        input: r"Clear-MobileDevice -Identity 'Bob\ExchangeActiveSyncDevices\REST§Outlook§5eec4e94a1b2c3d4' -AccountOnly -Confirm:$false
Get-MobileDeviceStatistics -Mailbox bob -RestApi",
        output: r#"FirstSyncTime                 : 11/1/2026 8:00:00 AM
LastPolicyUpdateTime          : 11/1/2026 8:00:00 AM
LastSyncAttemptTime           : 11/23/2026 7:55:00 AM
LastSuccessSync               : 11/23/2026 7:55:00 AM
DeviceType                    : Outlook
DeviceID                      : 5eec4e94a1b2c3d4
DeviceUserAgent               : Outlook-iOS/2.0
DeviceWipeSentTime            :
DeviceWipeRequestTime         : 11/23/2026 8:30:00 AM
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
Status                        : DeviceWipePending
StatusNote                    :
DeviceAccessState             : Allowed
DeviceAccessStateReason       : Individual
DeviceAccessControlRule       :
DevicePolicyApplied           : Default
DevicePolicyApplicationStatus : AppliedInFull
LastDeviceWipeRequestor       : admin@contoso.com
ClientVersion                 : 16.1
NumberOfFoldersSynced         : 12
SyncStateUpgradeTime          :
ClientType                    : REST"#,
    },
    Example {
        title: "-WhatIf shows Exchange's confirmation text",
        input: r"Clear-MobileDevice 'Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB' -WhatIf",
        output: r#"What if: Clearing mobile device "Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB". All the data on the mobile device will be permanently deleted."#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let text = args.string("Identity").unwrap_or_default();
    let key = identity::device(ctx.tenant, text)?;
    let Some(device) = ctx.tenant.device(key) else {
        return Err(messages::not_found(text));
    };
    let shown = ctx.tenant.device_identity(device);
    if args.switch("Cancel") {
        if !device.wipe_pending() {
            return Ok(());
        }
        let message = messages::confirm_generic("Clear-MobileDevice -Cancel", &shown);
        if ctx.should_process(&message)? {
            ctx.tenant.update_device(key, |d| {
                d.wipe = None;
                d.status = DeviceStatus::DeviceOk;
            });
        }
        return Ok(());
    }
    if !ctx.should_process(&messages::confirm_clear_device(&shown))? {
        return Ok(());
    }
    let request = WipeRequest {
        requested: ctx.now,
        sent: None,
        acknowledged: None,
        account_only: args.switch("AccountOnly"),
        requestor: ctx.user.clone(),
    };
    ctx.tenant.update_device(key, |d| {
        d.wipe = Some(request);
        d.status = DeviceStatus::DeviceWipePending;
    });
    Ok(())
}
