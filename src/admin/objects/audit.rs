//! The administrator audit log's objects: `AdminAuditLogEvent` (one Search-AdminAuditLog result) and
//! `AdminAuditLogConfig` (Get-AdminAuditLogConfig).
//!
//! Property names from Exchange's types: AdminAuditLogEvent has Caller, CmdletName, CmdletParameters, Error,
//! Identity, IsValid, ModifiedProperties, ObjectModified, OriginatingServer, RunDate and Succeeded
//! (<https://learn.microsoft.com/previous-versions/office/developer/exchange-server-2010/ff436780(v=exchg.140)>),
//! plus ExternalAccess (Search-AdminAuditLog -ExternalAccess filters on it); each CmdletParameters item has Name
//! and Value. ModifiedProperties stays empty: Exchange fills it only at LogLevel Verbose, and the default is None.
//! AdminAuditLogConfig's members
//! (<https://learn.microsoft.com/previous-versions/office/exchange-server-api/ff323531(v=exchg.150)>) with the
//! defaults Set-AdminAuditLogConfig documents: cmdlets and parameters `*`, age limit 90 days, LogLevel None
//! (<https://learn.microsoft.com/powershell/module/exchange/set-adminauditlogconfig>).

use crate::model::{AUDIT_AGE_LIMIT_SECS, AuditEntry};
use crate::script::value::{PsObject, Value};

pub const ADMIN_AUDIT_LOG_EVENT_TYPE: &str =
    "Microsoft.Exchange.Management.SystemConfigurationTasks.AdminAuditLogEvent";
pub const ADMIN_AUDIT_LOG_PARAMETER_TYPE: &str =
    "Microsoft.Exchange.Management.SystemConfigurationTasks.AdminAuditLogCmdletParameter";
pub const ADMIN_AUDIT_LOG_CONFIG_TYPE: &str =
    "Microsoft.Exchange.Data.Directory.SystemConfiguration.AdminAuditLogConfig";

/// The configuration object's Name and Identity.
pub const ADMIN_AUDIT_LOG_CONFIG_NAME: &str = "Admin Audit Log Settings";

/// The server the simulator names as where every cmdlet ran.
pub const ORIGINATING_SERVER: &str = "EASIM01";

/// One log entry; `index` (its position in the log) makes its Identity unique.
pub fn event_object(e: &AuditEntry, index: usize) -> PsObject {
    let mut o = PsObject::with_capacity(ADMIN_AUDIT_LOG_EVENT_TYPE, 12);
    o.push("ObjectModified", e.object_modified.as_str());
    o.push("CmdletName", e.cmdlet.as_str());
    o.push(
        "CmdletParameters",
        Value::Array(
            e.parameters
                .iter()
                .map(|p| {
                    let mut item = PsObject::with_capacity(ADMIN_AUDIT_LOG_PARAMETER_TYPE, 2);
                    item.push("Name", p.name.as_str());
                    item.push("Value", p.value.as_str());
                    Value::Object(item)
                })
                .collect(),
        ),
    );
    o.push("ModifiedProperties", Value::array(Vec::new()));
    o.push("Caller", e.caller.as_str());
    o.push("ExternalAccess", false);
    o.push("Succeeded", e.succeeded);
    // The log structure's sample entry reads Error="None" for a run that succeeded.
    o.push("Error", e.error.as_deref().unwrap_or("None"));
    o.push("RunDate", e.run_date);
    o.push("OriginatingServer", ORIGINATING_SERVER);
    o.push("Identity", format!("{}_{:010}", e.run_date.millis(), index));
    o.push("IsValid", true);
    o
}

/// The organization's audit log settings (fixed: every change is recorded).
pub fn config_object() -> PsObject {
    let days = AUDIT_AGE_LIMIT_SECS / 86_400;
    let mut o = PsObject::with_capacity(ADMIN_AUDIT_LOG_CONFIG_TYPE, 10);
    o.push("AdminAuditLogEnabled", true);
    o.push("LogLevel", "None");
    o.push("TestCmdletLoggingEnabled", false);
    o.push("AdminAuditLogCmdlets", Value::strings(["*"]));
    o.push("AdminAuditLogParameters", Value::strings(["*"]));
    o.push(
        "AdminAuditLogExcludedCmdlets",
        Value::strings(Vec::<String>::new()),
    );
    o.push("AdminAuditLogAgeLimit", format!("{days}.00:00:00"));
    o.push("UnifiedAuditLogIngestionEnabled", false);
    o.push("Name", ADMIN_AUDIT_LOG_CONFIG_NAME);
    o.push("Identity", ADMIN_AUDIT_LOG_CONFIG_NAME);
    o
}
