//! New-ActiveSyncDeviceAccessRule: a rule that allows, blocks or quarantines devices whose DeviceType,
//! DeviceModel, DeviceOS, UserAgent or XMSWLHeader equals the query string (exact, case-insensitive). Named
//! `<QueryString> (<Characteristic>)`, so there is one rule per pair.
//!
//! Devices are not restamped: each decides again on its next request, and Get-MobileDevice shows the rule's effect
//! at once (read-time recomputation).

use crate::model::{AccessLevel, Characteristic, DeviceAccessRule, ModelError};

use super::super::messages;
use super::super::objects::DEVICE_ACCESS_RULE_TYPE;
use super::super::objects::rule::rule_object;
use super::new_guid;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::enums::{DEVICE_ACCESS_CHARACTERISTIC, DEVICE_ACCESS_LEVEL};
use crate::script::cmdlet::{CmdletInfo, ConfirmImpact, Example};
use crate::script::error::{ErrorCategory, ErrorRecord};
use crate::script::params::{BoundParameters, ParamType, ParameterInfo};

const PARAMS: [ParameterInfo; 3] = [
    ParameterInfo::new("QueryString", ParamType::String)
        .mandatory()
        .help("The exact value to match, e.g. iPhone6C2."),
    ParameterInfo::new(
        "Characteristic",
        ParamType::Enum(&DEVICE_ACCESS_CHARACTERISTIC),
    )
    .mandatory(),
    ParameterInfo::new("AccessLevel", ParamType::Enum(&DEVICE_ACCESS_LEVEL)).mandatory(),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "New-ActiveSyncDeviceAccessRule",
        synopsis: "Creates a device access rule.",
        output_type: Some(DEVICE_ACCESS_RULE_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: Some(ConfirmImpact::Medium),
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "Allow a new model (scenario A)",
        input: "New-ActiveSyncDeviceAccessRule -QueryString SM-G991B -Characteristic DeviceModel -AccessLevel Allow",
        output: r#"Name                   Characteristic QueryString AccessLevel
----                   -------------- ----------- -----------
SM-G991B (DeviceModel) DeviceModel    SM-G991B    Allow"#,
    },
    Example {
        title: "One rule per characteristic and query string",
        input: "New-ActiveSyncDeviceAccessRule -QueryString IPHONE6C2 -Characteristic DeviceModel -AccessLevel Block",
        output: r#"New-ActiveSyncDeviceAccessRule : The device access rule "iPhone6C2 (DeviceModel)" already exists. Change its access level with Set-ActiveSyncDeviceAccessRule.
At line:1 char:1
+ New-ActiveSyncDeviceAccessRule -QueryString IPHONE6C2 -Characteristic DeviceModel -AccessLevel Block
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : ResourceExists: (iPhone6C2 (DeviceModel):String) [New-ActiveSyncDeviceAccessRule], ADObjectAlreadyExistsException
    + FullyQualifiedErrorId : ADObjectAlreadyExistsException,New-ActiveSyncDeviceAccessRule"#,
    },
    Example {
        title: "Enum values are checked with PowerShell's message",
        input: "New-ActiveSyncDeviceAccessRule -QueryString x -Characteristic Colour -AccessLevel Allow",
        output: r#"New-ActiveSyncDeviceAccessRule : Cannot bind parameter 'Characteristic'. Cannot convert value "Colour" to type "Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessCharacteristic". Error: "Unable to match the identifier name Colour to a valid enumerator name. Specify one of the following enumerator names and try again: DeviceType, DeviceModel, DeviceOS, UserAgent, XMSWLHeader"
At line:1 char:1
+ New-ActiveSyncDeviceAccessRule -QueryString x -Characteristic Colour -AccessLevel Allow
+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
    + CategoryInfo          : InvalidArgument: (Characteristic:String) [New-ActiveSyncDeviceAccessRule], ParameterBindingException
    + FullyQualifiedErrorId : ParameterBindingException,New-ActiveSyncDeviceAccessRule"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let query = args
        .string("QueryString")
        .unwrap_or_default()
        .trim()
        .to_string();
    let (Some(characteristic), Some(level)) = (
        args.enum_arg::<Characteristic>("Characteristic"),
        args.enum_arg::<AccessLevel>("AccessLevel"),
    ) else {
        return Err(ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "ParameterBindingException",
            "Characteristic and AccessLevel are required.",
        ));
    };
    let rule = DeviceAccessRule {
        guid: new_guid(ctx.tenant, "rule", &query, ctx.now),
        query_string: query,
        characteristic,
        access_level: level,
        when_created: Some(ctx.now),
    };
    let name = rule.name();
    if let Some(existing) = ctx.tenant.rules.lookup(characteristic, &rule.query_string) {
        return Err(ErrorRecord::new(
            ErrorCategory::ResourceExists,
            "ADObjectAlreadyExistsException",
            format!(
                "The device access rule \"{}\" already exists. Change its access level with Set-ActiveSyncDeviceAccessRule.",
                existing.name()
            ),
        )
        .with_target(existing.name()));
    }
    if !ctx.should_process(&messages::confirm_generic(
        "New-ActiveSyncDeviceAccessRule",
        &name,
    ))? {
        return Ok(());
    }
    ctx.tenant.record_change();
    ctx.tenant.rules.insert(rule.clone()).map_err(|e| {
        let category = match e {
            ModelError::DuplicateRule(_) => ErrorCategory::ResourceExists,
            _ => ErrorCategory::InvalidArgument,
        };
        ErrorRecord::new(category, "DataValidationException", e.to_string()).with_target(name)
    })?;
    ctx.out.write_object(rule_object(&rule));
    Ok(())
}
