//! Remove-ActiveSyncDeviceAccessRule: deletes a rule. Devices it decided fall back to the remaining rules or the
//! org default on their next request (and in Get-MobileDevice at once); pinned devices (Individual) keep their
//! state. Prompts by default.

use super::super::identity;
use super::super::messages;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{IdentityKind, identity};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 1] =
    [
        ParameterInfo::new("Identity", identity(IdentityKind::DeviceAccessRule))
            .mandatory()
            .position(0)
            .pipeline(PipelineInput::ByValue),
    ];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Remove-ActiveSyncDeviceAccessRule",
        synopsis: "Removes a device access rule.",
        output_type: None,
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::High),
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[Example {
    title: "After the rule goes, unpinned devices of that model show the org default (Quarantined)",
    input: "Set-CASMailbox alice -ActiveSyncAllowedDeviceIDs @{Add='ApplF17XK1AB'}
Remove-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)' -Confirm:$false
Get-MobileDevice -Filter \"DeviceModel -eq 'iPhone6C2'\"",
    output: r#"FriendlyName            : Alice's iPhone
DeviceId                : ApplF17XK1AB
DeviceImei              :
DeviceMobileOperator    :
DeviceOS                : iOS 12.1 16B92
DeviceOSLanguage        : en-US
DeviceTelephoneNumber   :
DeviceType              : iPhone
DeviceUserAgent         : Apple-iPhone6C2/1602.92
DeviceModel             : iPhone6C2
FirstSyncTime           : 11/1/2026 8:00:00 AM
UserDisplayName         : contoso.com/Users/Alice
DeviceAccessState       : Allowed
DeviceAccessStateReason : Individual
DeviceAccessControlRule :
ClientVersion           : 16.1
ClientType              : EAS
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : iPhone§ApplF17XK1AB
Identity                : Alice\ExchangeActiveSyncDevices\iPhone§ApplF17XK1AB
Guid                    : 00000000-0000-4000-8000-0000de71ce01


FriendlyName            : Bob's iPhone
DeviceId                : ApplG7H8J9K0
DeviceImei              :
DeviceMobileOperator    :
DeviceOS                : iOS 12.4 16G77
DeviceOSLanguage        : en-US
DeviceTelephoneNumber   :
DeviceType              : iPhone
DeviceUserAgent         : Apple-iPhone6C2/1607.77
DeviceModel             : iPhone6C2
FirstSyncTime           : 11/1/2026 8:00:00 AM
UserDisplayName         : contoso.com/Users/Bob
DeviceAccessState       : Quarantined
DeviceAccessStateReason : Global
DeviceAccessControlRule :
ClientVersion           : 16.1
ClientType              : EAS
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : iPhone§ApplG7H8J9K0
Identity                : Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0
Guid                    : 00000000-0000-4000-8000-0000de71ce03"#,
}];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let text = args.string("Identity").unwrap_or_default();
    let guid = identity::rule(ctx.tenant, text)?;
    let name = ctx
        .tenant
        .rules
        .iter()
        .find(|r| r.guid == guid)
        .map(|r| r.name())
        .unwrap_or_default();
    if ctx.should_process(&messages::confirm_generic(
        "Remove-ActiveSyncDeviceAccessRule",
        &name,
    ))? {
        ctx.tenant.rules.remove(guid);
        ctx.tenant.record_change();
    }
    Ok(())
}
