//! Search-AdminAuditLog: the administrator audit log's entries — who ran which cmdlet with which parameters, on
//! which object, when, and whether it succeeded — filtered by cmdlet, parameter, object, caller, date range and
//! outcome. Reference: <https://learn.microsoft.com/powershell/module/exchange/search-adminauditlog>.
//!
//! As documented there: at most 1,000 entries by default (`-ResultSize`, at most 250,000); `-Parameters` only
//! together with `-Cmdlets`; `-StartDate` and `-EndDate` keep entries run on or after / on or before them; names
//! compare case-insensitively and take no wildcards. `-StartIndex` skips that many matching entries. Results come
//! newest first (the page leaves the order unstated; a reviewer reads the latest change first). `-ExternalAccess
//! $true` finds nothing: every entry here was made by the organization's own admins. What is recorded, and when,
//! is `admin::audit`.

use crate::admin::context::{Cmdlet, CmdletContext};
use crate::admin::params::{DATE_TIME, MULTI_VALUED};
use crate::model::{AuditEntry, Timestamp, eq_ci};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::error::{ErrorCategory, ErrorRecord};
use crate::script::params::{BoundParameters, MultiValued, ParamType, ParameterInfo};
use crate::script::value::Value;

use super::super::objects::audit::{ADMIN_AUDIT_LOG_EVENT_TYPE, event_object};

/// `-ResultSize` when none is given, and its documented maximum.
const DEFAULT_RESULT_SIZE: u32 = 1000;
const MAX_RESULT_SIZE: u32 = 250_000;

const PARAMS: [ParameterInfo; 10] = [
    ParameterInfo::new("Cmdlets", MULTI_VALUED).help("Only entries of these cmdlets (CmdletName)."),
    ParameterInfo::new("Parameters", MULTI_VALUED)
        .help("Only entries that used one of these parameters; needs -Cmdlets."),
    ParameterInfo::new("ObjectIds", MULTI_VALUED)
        .help("Only entries about these objects (ObjectModified)."),
    ParameterInfo::new("UserIds", MULTI_VALUED).help("Only entries made by these users (Caller)."),
    ParameterInfo::new("StartDate", DATE_TIME)
        .help("Only entries run on or after this date (RunDate)."),
    ParameterInfo::new("EndDate", DATE_TIME)
        .help("Only entries run on or before this date (RunDate)."),
    ParameterInfo::new("IsSuccess", ParamType::Bool)
        .help("Only entries that succeeded ($true) or failed ($false)."),
    ParameterInfo::new("ExternalAccess", ParamType::Bool),
    ParameterInfo::new("ResultSize", ParamType::UInt32)
        .help("At most this many entries (default 1000)."),
    ParameterInfo::new("StartIndex", ParamType::UInt32).help("Skip this many matching entries."),
];

pub(super) static INFO: Cmdlet = Cmdlet::new(
    CmdletInfo {
        name: "Search-AdminAuditLog",
        synopsis: "Searches the administrator audit log: who changed what, with which parameters, and when.",
        output_type: Some(ADMIN_AUDIT_LOG_EVENT_TYPE),
        parameters: &PARAMS,
        default_parameter_set: "",
        confirm_impact: None,
        examples: EXAMPLES,
    },
    run,
);

static EXAMPLES: &[Example] = &[
    Example {
        title: "What was changed on a mailbox, newest first",
        input: "Set-CASMailbox bob -ActiveSyncAllowedDeviceIDs @{Add='ApplG7H8J9K0'}
try { Set-CASMailbox nobody -ActiveSyncEnabled $false } catch { }
Search-AdminAuditLog -Cmdlets Set-CASMailbox | Format-Table CmdletName,ObjectModified,Caller,Succeeded",
        output: r#"CmdletName     ObjectModified Caller            Succeeded
----------     -------------- ------            ---------
Set-CASMailbox nobody         admin@contoso.com False
Set-CASMailbox bob            admin@contoso.com True"#,
    },
    Example {
        title: "The parameters of the changes that succeeded",
        input: "Set-CASMailbox alice -ActiveSyncEnabled $false
(Search-AdminAuditLog -IsSuccess $true -ObjectIds alice).CmdletParameters",
        output: r#"Name              Value
----              -----
Identity          alice
ActiveSyncEnabled False"#,
    },
];

fn list(args: &BoundParameters, name: &str) -> Option<Vec<String>> {
    args.multi(name).map(|m| match m {
        MultiValued::Replace(items) => items.clone(),
        MultiValued::Edit { add, .. } => add.clone(),
    })
}

fn date(args: &BoundParameters, name: &str) -> Option<Timestamp> {
    match args.value(name) {
        Some(Value::DateTime(t)) => Some(*t),
        _ => None,
    }
}

fn any_ci(list: &[String], text: &str) -> bool {
    list.iter().any(|x| eq_ci(x.trim(), text))
}

fn run(ctx: &mut CmdletContext<'_>, args: &BoundParameters) -> Result<(), ErrorRecord> {
    let cmdlets = list(args, "Cmdlets");
    let parameters = list(args, "Parameters");
    if parameters.is_some() && cmdlets.is_none() {
        return Err(ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "ArgumentException",
            "The Parameters parameter can only be used together with the Cmdlets parameter.",
        )
        .with_target("Parameters"));
    }
    let size = args.uint("ResultSize").unwrap_or(DEFAULT_RESULT_SIZE);
    if size == 0 || size > MAX_RESULT_SIZE {
        return Err(ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "ArgumentOutOfRangeException",
            format!(
                "The ResultSize parameter must be between 1 and {MAX_RESULT_SIZE}; it was {size}."
            ),
        )
        .with_target("ResultSize"));
    }
    let objects = list(args, "ObjectIds");
    let users = list(args, "UserIds");
    let (start, end) = (date(args, "StartDate"), date(args, "EndDate"));
    let success = args.bool("IsSuccess");
    let external = args.bool("ExternalAccess") == Some(true);
    let keep = |e: &AuditEntry| {
        !external
            && cmdlets.as_deref().is_none_or(|c| any_ci(c, &e.cmdlet))
            && parameters
                .as_deref()
                .is_none_or(|p| e.parameters.iter().any(|x| any_ci(p, &x.name)))
            && objects
                .as_deref()
                .is_none_or(|o| any_ci(o, &e.object_modified))
            && users.as_deref().is_none_or(|u| any_ci(u, &e.caller))
            && start.is_none_or(|s| e.run_date >= s)
            && end.is_none_or(|s| e.run_date <= s)
            && success.is_none_or(|s| e.succeeded == s)
    };
    let skip = args.uint("StartIndex").unwrap_or(0) as usize;
    let (tenant, out) = ctx.read();
    let log = &tenant.audit;
    let newest_first = log.entries().enumerate().rev();
    for (i, e) in newest_first
        .filter(|(_, e)| keep(e))
        .skip(skip)
        .take(size as usize)
    {
        if !out.wants_more() {
            break;
        }
        out.write_object_with(|| Value::Object(event_object(e, i)));
    }
    Ok(())
}
