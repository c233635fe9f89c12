//! Get-ActiveSyncDeviceAccessRule: all device access rules, or those an -Identity (Name with `*` wildcards, or
//! Guid) names.

use super::super::messages;
use super::super::objects::DEVICE_ACCESS_RULE_TYPE;
use super::super::objects::rule::rule_object;
use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{IdentityKind, identity};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParameterInfo, PipelineInput};
use crate::script::wildcard::Wildcard;

const PARAMS: [ParameterInfo; 1] =
    [
        ParameterInfo::new("Identity", identity(IdentityKind::DeviceAccessRule))
            .position(0)
            .pipeline(PipelineInput::ByValue)
            .help(
                "The rule's Name (`<QueryString> (<Characteristic>)`, wildcards allowed) or Guid.",
            ),
    ];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-ActiveSyncDeviceAccessRule",
        synopsis: "Lists device access rules.",
        output_type: Some(DEVICE_ACCESS_RULE_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "Every rule",
        input: "Get-ActiveSyncDeviceAccessRule",
        output: r#"Name                    Characteristic QueryString AccessLevel
----                    -------------- ----------- -----------
iPhone6C2 (DeviceModel) DeviceModel    iPhone6C2   Allow"#,
    },
    Example {
        title: "Rules by name pattern",
        input: "Get-ActiveSyncDeviceAccessRule 'iPhone*'",
        output: r#"Name                    Characteristic QueryString AccessLevel
----                    -------------- ----------- -----------
iPhone6C2 (DeviceModel) DeviceModel    iPhone6C2   Allow"#,
    },
];

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let (tenant, out) = ctx.read();
    let identity = args.string("Identity");
    let mut found = 0;
    for rule in tenant.rules.iter() {
        let wanted = match identity {
            None => true,
            Some(id) if Wildcard::is_pattern(id) => Wildcard::new(id.trim()).matches(&rule.name()),
            Some(id) => tenant.rules.find(id).is_some_and(|r| r.guid == rule.guid),
        };
        if wanted {
            found += 1;
            out.write_object_with(|| rule_object(rule).into());
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
