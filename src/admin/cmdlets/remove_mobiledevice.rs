//! Remove-MobileDevice: deletes a device partnership (the device must sync again from scratch). Prompts by
//! default (ConfirmImpact High) with Exchange's literal confirmation text.

use super::super::identity;
use super::super::messages;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{IdentityKind, identity};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 1] =
    [
        ParameterInfo::new("Identity", identity(IdentityKind::MobileDevice))
            .mandatory()
            .position(0)
            .pipeline(PipelineInput::ByValue)
            .help("A device Identity or Guid; Get-MobileDevice output pipes in."),
    ];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Remove-MobileDevice",
        synopsis: "Removes a mobile device partnership.",
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
        title: "-WhatIf shows Exchange's confirmation text and removes nothing",
        input: r"Remove-MobileDevice -Identity 'Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0' -WhatIf",
        output: r#"What if: Removing mobile device "Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0". All information about this mobile device will be removed. It must be re-synchronized."#,
    },
    Example {
        title: "Removed without a prompt",
        input: r"Remove-MobileDevice 'Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0' -Confirm:$false
Get-MobileDevice -Mailbox bob",
        output: r#"FriendlyName            : Bob's phone
DeviceId                : 5eec4e94a1b2c3d4
DeviceImei              :
DeviceMobileOperator    :
DeviceOS                : iOS 17.5
DeviceOSLanguage        : en-US
DeviceTelephoneNumber   :
DeviceType              : Outlook
DeviceUserAgent         : Outlook-iOS/2.0
DeviceModel             : Outlook for iOS and Android
FirstSyncTime           : 11/1/2026 8:00:00 AM
UserDisplayName         : contoso.com/Users/Bob
DeviceAccessState       : Allowed
DeviceAccessStateReason : Individual
DeviceAccessControlRule :
ClientVersion           : 16.1
ClientType              : REST
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : REST§Outlook§5eec4e94a1b2c3d4
Identity                : Bob\ExchangeActiveSyncDevices\REST§Outlook§5eec4e94a1b2c3d4
Guid                    : 00000000-0000-4000-8000-0000de71ce04"#,
    },
    Example {
        title: "An explicit -Confirm can't be answered without an interactive host",
        input: r"Remove-MobileDevice 'Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0' -Confirm",
        output: r#"Remove-MobileDevice : PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.
At line:1 char:1
+ Remove-MobileDevice 'Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0' -Confirm
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidOperation: (:) [Remove-MobileDevice], HostException
    + FullyQualifiedErrorId : HostException,Remove-MobileDevice"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let text = args.string("Identity").unwrap_or_default();
    let key = identity::device(ctx.tenant, text)?;
    let Some(device) = ctx.tenant.device(key) else {
        return Err(messages::not_found(text));
    };
    let shown = ctx.tenant.device_identity(device);
    let message = if device.wipe_pending() {
        messages::confirm_remove_device_wipe_pending(&shown)
    } else {
        messages::confirm_remove_device(&shown)
    };
    if ctx.should_process(&message)? {
        ctx.tenant.remove_device(key);
    }
    Ok(())
}
