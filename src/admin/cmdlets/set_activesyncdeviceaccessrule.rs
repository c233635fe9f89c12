//! Set-ActiveSyncDeviceAccessRule: changes a rule's AccessLevel (the only property Exchange lets you change; a
//! different query string or characteristic is a different rule).

use crate::admin::params::{IdentityKind, identity};
use crate::model::AccessLevel;

use super::super::identity;
use super::super::messages;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::enums::DEVICE_ACCESS_LEVEL;
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo, PipelineInput};

const PARAMS: [ParameterInfo; 2] = [
    ParameterInfo::new("Identity", identity(IdentityKind::DeviceAccessRule))
        .mandatory()
        .position(0)
        .pipeline(PipelineInput::ByValue),
    ParameterInfo::new("AccessLevel", ParamType::Enum(&DEVICE_ACCESS_LEVEL)),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Set-ActiveSyncDeviceAccessRule",
        synopsis: "Changes a device access rule's access level.",
        output_type: None,
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::Medium),
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "Quarantine instead of allow; Get-MobileDevice shows the effect at once",
        input: "Set-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)' -AccessLevel Quarantine
Get-ActiveSyncDeviceAccessRule 'iPhone6C2 (DeviceModel)'
Get-MobileDevice -Filter \"DeviceModel -eq 'iPhone6C2'\"",
        output: r#"Name                    Characteristic QueryString AccessLevel
----                    -------------- ----------- -----------
iPhone6C2 (DeviceModel) DeviceModel    iPhone6C2   Quarantine


FriendlyName            : Alice's iPhone
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
DeviceAccessState       : Quarantined
DeviceAccessStateReason : DeviceRule
DeviceAccessControlRule : iPhone6C2 (DeviceModel)
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
DeviceAccessStateReason : DeviceRule
DeviceAccessControlRule : iPhone6C2 (DeviceModel)
ClientVersion           : 16.1
ClientType              : EAS
IsManaged               : False
IsCompliant             : False
IsDisabled              : False
Name                    : iPhone§ApplG7H8J9K0
Identity                : Bob\ExchangeActiveSyncDevices\iPhone§ApplG7H8J9K0
Guid                    : 00000000-0000-4000-8000-0000de71ce03"#,
    },
    Example {
        title: "A rule that does not exist",
        input: "Set-ActiveSyncDeviceAccessRule 'Nokia (DeviceType)' -AccessLevel Block",
        output: r#"Set-ActiveSyncDeviceAccessRule : The operation couldn't be performed because object 'Nokia (DeviceType)' couldn't be found on 'EASPR01A001DC01.EASPR01A001.prod.outlook.com'.
At line:1 char:1
+ Set-ActiveSyncDeviceAccessRule 'Nokia (DeviceType)' -AccessLevel Block
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : ObjectNotFound: (Nokia (DeviceType):String) [Set-ActiveSyncDeviceAccessRule], ManagementObjectNotFoundException
    + FullyQualifiedErrorId : ManagementObjectNotFoundException,Set-ActiveSyncDeviceAccessRule"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let text = args.string("Identity").unwrap_or_default();
    let guid = identity::rule(ctx.tenant, text)?;
    let level = args.enum_arg::<AccessLevel>("AccessLevel");
    let Some((name, old)) = ctx
        .tenant
        .rules
        .iter()
        .find(|r| r.guid == guid)
        .map(|r| (r.name(), r.access_level))
    else {
        return Err(messages::not_found(text));
    };
    if !ctx.should_process(&messages::confirm_generic(
        "Set-ActiveSyncDeviceAccessRule",
        &name,
    ))? {
        return Ok(());
    }
    match level {
        Some(level) if level != old => {
            ctx.tenant.rules.set_access_level(guid, level);
            ctx.tenant.record_change();
        }
        _ => ctx.out.write_warning(messages::no_settings_modified(&name)),
    }
    Ok(())
}
