//! The Write-* cmdlets for PowerShell's other streams: Write-Warning (`WARNING: `), Write-Error (a
//! non-terminating error), Write-Verbose and Write-Debug (shown only when asked for), Write-Information, and
//! Write-Progress (accepted and not shown: scripts run non-interactively).

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ActionPreference;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::{UArgs, UtilityInfo};
use crate::script::eval::convert::to_str;
use crate::script::eval::flow::{Res, RuntimeError, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::shell_host::ProgressRecord;

pub(crate) static WRITE_WARNING: UtilityInfo = UtilityInfo {
    name: "Write-Warning",
    aliases: &[],
    synopsis: "Writes a warning message.",
    params: &[ParameterInfo::value("Message", "String")
        .position(0)
        .piped()
        .help("The warning text.")],
    examples: &[Example {
        title: "A warning",
        input: "Write-Warning \"2 devices are stale\"",
        output: "WARNING: 2 devices are stale",
    }],
    build: build_warning,
};

pub(crate) static WRITE_ERROR: UtilityInfo = UtilityInfo {
    name: "Write-Error",
    aliases: &[],
    synopsis: "Writes a non-terminating error.",
    params: &[
        ParameterInfo::value("Message", "String")
            .position(0)
            .piped()
            .help("The error text."),
        ParameterInfo::value("Category", "ErrorCategory").help("The error category."),
        ParameterInfo::value("ErrorId", "String")
            .help("Accepted; the error id shown is WriteErrorException."),
        ParameterInfo::value("TargetObject", "Object").help("The object the error is about."),
    ],
    examples: &[],
    build: build_error,
};

pub(crate) static WRITE_VERBOSE: UtilityInfo = UtilityInfo {
    name: "Write-Verbose",
    aliases: &[],
    synopsis: "Writes a verbose message (shown with -Verbose or $VerbosePreference = 'Continue').",
    params: &[ParameterInfo::value("Message", "String")
        .position(0)
        .piped()
        .help("The message.")],
    examples: &[],
    build: build_verbose,
};

pub(crate) static WRITE_DEBUG: UtilityInfo = UtilityInfo {
    name: "Write-Debug",
    aliases: &[],
    synopsis: "Writes a debug message (shown with -Debug or $DebugPreference = 'Continue').",
    params: &[ParameterInfo::value("Message", "String")
        .position(0)
        .piped()
        .help("The message.")],
    examples: &[],
    build: build_debug,
};

pub(crate) static WRITE_INFORMATION: UtilityInfo = UtilityInfo {
    name: "Write-Information",
    aliases: &[],
    synopsis: "Writes to the information stream (shown with $InformationPreference = 'Continue').",
    params: &[
        ParameterInfo::value("MessageData", "Object")
            .position(0)
            .aliases(&["Msg", "Message"])
            .help("The message."),
        ParameterInfo::value("Tags", "String[]").position(1),
    ],
    examples: &[],
    build: build_information,
};

pub(crate) static WRITE_PROGRESS: UtilityInfo = UtilityInfo {
    name: "Write-Progress",
    aliases: &[],
    synopsis: "Reports progress: a status line on the console's terminal (nothing when output is redirected).",
    params: &[
        ParameterInfo::value("Activity", "String").position(0),
        ParameterInfo::value("Status", "String").position(1),
        ParameterInfo::value("Id", "Int32").position(2),
        ParameterInfo::value("PercentComplete", "Int32"),
        ParameterInfo::value("SecondsRemaining", "Int32"),
        ParameterInfo::value("CurrentOperation", "String"),
        ParameterInfo::value("ParentId", "Int32"),
        ParameterInfo::switch("Completed"),
    ],
    examples: &[],
    build: build_progress,
};

/// Write-Progress: the record, checked as Windows PowerShell 5.1 checks it (Write-Progress.md: `-Activity` is
/// mandatory; `-PercentComplete` is `[ValidateRange(-1, 100)]` in WriteProgressCommand), and handed to the host
/// unless `$ProgressPreference` is `SilentlyContinue`/`Ignore`.
fn build_progress(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    let activity = args.string("Activity").ok_or_else(|| {
        runtime(
            ErrorCategory::InvalidArgument,
            "MissingMandatoryParameter",
            "Cannot process command because of one or more missing mandatory parameters: Activity.",
        )
    })?;
    let int = |name: &str, default: i64| -> Res<i32> {
        let n = args.int(name)?.unwrap_or(default);
        i32::try_from(n).map_err(|_| {
            runtime(
                ErrorCategory::InvalidArgument,
                "ParameterArgumentTransformationError",
                format!("Cannot process argument transformation on parameter '{name}'. Value was either too large or too small for an Int32."),
            )
            .into()
        })
    };
    let percent = int("PercentComplete", -1)?;
    if !(-1..=100).contains(&percent) {
        let problem = if percent < -1 {
            format!(
                "The {percent} argument is less than the minimum allowed range of -1. Supply an argument that is greater than or equal to -1 and then try the command again."
            )
        } else {
            format!(
                "The {percent} argument is greater than the maximum allowed range of 100. Supply an argument that is less than or equal to 100 and then try the command again."
            )
        };
        return Err(runtime(
            ErrorCategory::InvalidData,
            "ParameterArgumentValidationError",
            format!("Cannot validate argument on parameter 'PercentComplete'. {problem}"),
        )
        .into());
    }
    let record = ProgressRecord {
        id: int("Id", 0)?,
        parent_id: int("ParentId", -1)?,
        activity,
        // Write-Progress's StatusDescription defaults to "Processing" (ProgressRecord requires one).
        status: args
            .string("Status")
            .unwrap_or_else(|| "Processing".to_string()),
        percent_complete: percent,
        seconds_remaining: int("SecondsRemaining", -1)?,
        current_operation: args.string("CurrentOperation").unwrap_or_default(),
        completed: args.switch("Completed"),
    };
    Ok(Box::new(super::MapStage {
        f: move |it: &mut Interp<'_>, _: Option<Value>, _: &mut Vec<Value>| -> Res<()> {
            if shown(it, false, "ProgressPreference") {
                it.out.write_progress(&record);
            }
            Ok(())
        },
    }))
}

/// The message of a Write-* call: its -Message, or each pipeline input.
fn message_stage(
    mut args: UArgs,
    name: &'static str,
    write: fn(&mut Interp<'_>, &UArgs, String) -> Res<()>,
) -> Box<dyn Stage> {
    let message = args.take(name);
    Box::new(super::MapStage {
        f: move |it: &mut Interp<'_>, input: Option<Value>, _out: &mut Vec<Value>| -> Res<()> {
            let text = match (&message, input) {
                (Some(m), _) => to_str(m),
                (None, Some(v)) => to_str(&v),
                (None, None) => String::new(),
            };
            write(it, &args, text)
        },
    })
}

fn build_warning(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    Ok(message_stage(args, "Message", |it, args, text| {
        it.warning(&text, args.warning_action)
    }))
}

fn build_error(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    Ok(message_stage(args, "Message", |it, args, text| {
        let category = args
            .string("Category")
            .and_then(|c| category(&c))
            .unwrap_or(ErrorCategory::NotSpecified);
        let mut e = RuntimeError::new(crate::script::error::ErrorRecord::new(
            category,
            "Microsoft.PowerShell.Commands.WriteErrorException",
            text,
        ))
        .in_command("Write-Error");
        if let Some(t) = args.get("TargetObject") {
            e = e.with_target(to_str(t));
        }
        it.non_terminating(e, args.error_action)
    }))
}

fn category(name: &str) -> Option<ErrorCategory> {
    use ErrorCategory::*;
    [
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        InvalidType,
        MetadataError,
        NotImplemented,
        ObjectNotFound,
        OperationStopped,
        ParserError,
        PermissionDenied,
        ResourceExists,
        WriteError,
    ]
    .into_iter()
    .find(|c| c.name().eq_ignore_ascii_case(name.trim()))
}

fn shown(it: &Interp<'_>, asked: bool, variable: &str) -> bool {
    asked || it.preference(None, variable) == ActionPreference::Continue
}

fn build_verbose(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    Ok(message_stage(args, "Message", |it, args, text| {
        if shown(it, args.verbose, "VerbosePreference") {
            it.out.write_verbose(&text);
        }
        Ok(())
    }))
}

fn build_debug(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    Ok(message_stage(args, "Message", |it, _args, text| {
        if shown(it, false, "DebugPreference") {
            it.out.write_information(&format!("DEBUG: {text}"));
        }
        Ok(())
    }))
}

fn build_information(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    Ok(message_stage(args, "MessageData", |it, _args, text| {
        if shown(it, false, "InformationPreference") {
            it.out.write_information(&text);
        }
        Ok(())
    }))
}
