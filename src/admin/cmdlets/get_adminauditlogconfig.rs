//! Get-AdminAuditLogConfig: the organization's administrator audit log settings. The simulator records every
//! change (`admin::audit`), so the settings are fixed at what that means: logging enabled for every cmdlet and
//! parameter, entries kept 90 days. Reference: <https://learn.microsoft.com/powershell/module/exchange/get-adminauditlogconfig>.

use crate::admin::context::{Cmdlet, CmdletContext};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::ErrorRecord;
use crate::script::params::{BoundParameters, ParamType, ParameterInfo};
use crate::script::value::Value;

use super::super::objects::audit::{ADMIN_AUDIT_LOG_CONFIG_TYPE, config_object};

const PARAMS: [ParameterInfo; 1] = [ParameterInfo::new("DomainController", ParamType::String)
    .help("Accepted and ignored (on-premises only).")];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Get-AdminAuditLogConfig",
        synopsis: "Shows the administrator audit logging settings.",
        output_type: Some(ADMIN_AUDIT_LOG_CONFIG_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[Example {
    title: "The audit log settings (the reference page's example)",
    input: "Get-AdminAuditLogConfig | Format-List",
    output: r#"AdminAuditLogEnabled            : True
LogLevel                        : None
TestCmdletLoggingEnabled        : False
AdminAuditLogCmdlets            : {*}
AdminAuditLogParameters         : {*}
AdminAuditLogExcludedCmdlets    : {}
AdminAuditLogAgeLimit           : 90.00:00:00
UnifiedAuditLogIngestionEnabled : False
Name                            : Admin Audit Log Settings
Identity                        : Admin Audit Log Settings"#,
}];

fn run(ctx: &mut CmdletContext<'_>, _args: &BoundParameters) -> Result<(), ErrorRecord> {
    ctx.out.write_object(Value::Object(config_object()));
    Ok(())
}
