//! The simulator cmdlets' parameter types that take one of a fixed set of names, as a PowerShell parameter with
//! `[ValidateSet(…)]` does: the EAS commands a device can be made to send, the commands of a first contact, and
//! the protocol versions. A name outside the set fails binding with PowerShell's ValidateSet text; a name in it
//! binds as the set spells it (`sync` → `Sync`).
//!
//! Only the binding: what each command sends is `phone`'s.

use crate::eas::Command;
use crate::model::eq_ci;
use crate::script::binder::texts::{array_to_scalar, null_not_allowed};
use crate::script::messages::quoted;
use crate::script::{
    Arg, BoundParameters, CustomType, ErrorCategory, ErrorRecord, ParamType, Value,
};

/// The commands `Invoke-EasRequest -Command` sends, in the order its help lists them.
pub(crate) const COMMANDS: &[Command] = &[
    Command::Provision,
    Command::FolderSync,
    Command::Sync,
    Command::Ping,
    Command::Settings,
    Command::GetItemEstimate,
    Command::ItemOperations,
    Command::SendMail,
];

/// The commands a new device may make first contact with (`New-SimulatedDevice -Command`).
pub(crate) const FIRST_COMMANDS: &[Command] =
    &[Command::Provision, Command::FolderSync, Command::Sync];

/// The protocol versions `-ProtocolVersion` takes: every version MS-ASHTTP defines (eas-facts §1.4), so a test
/// can also send one the server does not accept.
pub(crate) const VERSIONS: &[&str] = &["2.5", "12.0", "12.1", "14.0", "14.1", "16.0", "16.1"];

pub(crate) const EAS_COMMAND: ParamType = ParamType::Custom(&EAS_COMMAND_TYPE);
pub(crate) const FIRST_COMMAND: ParamType = ParamType::Custom(&FIRST_COMMAND_TYPE);
pub(crate) const PROTOCOL_VERSION: ParamType = ParamType::Custom(&PROTOCOL_VERSION_TYPE);

static EAS_COMMAND_TYPE: CustomType = CustomType {
    type_name: "System.String",
    help_name: "String",
    takes_list: false,
    convert: |name, value, _culture| one_of(name, value, &names(COMMANDS)),
};

static FIRST_COMMAND_TYPE: CustomType = CustomType {
    type_name: "System.String",
    help_name: "String",
    takes_list: false,
    convert: |name, value, _culture| one_of(name, value, &names(FIRST_COMMANDS)),
};

static PROTOCOL_VERSION_TYPE: CustomType = CustomType {
    type_name: "System.String",
    help_name: "String",
    takes_list: false,
    convert: |name, value, _culture| one_of(name, value, VERSIONS),
};

fn names(commands: &[Command]) -> Vec<&'static str> {
    commands.iter().map(|c| c.name()).collect()
}

/// The argument as the set spells it, or PowerShell's ValidateSet error (compared case-insensitively, as
/// ValidateSet does by default).
fn one_of(name: &str, value: Value, set: &[&'static str]) -> Result<Arg, ErrorRecord> {
    let value = match value {
        Value::Array(items) if let Some(one) = items.single() => one,
        v => v,
    };
    let found = match &value {
        Value::Null => return Err(null_not_allowed(name)),
        Value::Array(_) => return Err(array_to_scalar(name, "System.String")),
        // `-ProtocolVersion 14.0` arrives as the number 14: it names the version whose number it is.
        Value::Int(_) | Value::Double(_) => {
            let n = match value {
                Value::Int(i) => i as f64,
                Value::Double(d) => d,
                _ => f64::NAN,
            };
            set.iter().find(|s| s.parse::<f64>().is_ok_and(|v| v == n))
        }
        v => {
            let text = v.to_text();
            set.iter().find(|s| eq_ci(s, text.trim()))
        }
    };
    match found {
        Some(s) => Ok(Arg::Value(Value::str(*s))),
        None => Err(validate_set(name, &value.to_text(), set)),
    }
}

/// PowerShell's text for an argument outside a `[ValidateSet()]`: ParameterBinderStrings.resx
/// `ParameterArgumentValidationError` ("Cannot validate argument on parameter '{1}'. {6}") around Metadata.resx
/// `ValidateSetFailure` ("The argument \"{0}\" does not belong to the set \"{1}\" specified by the ValidateSet
/// attribute. Supply an argument that is in the set and then try the command again."), both in
/// PowerShell/PowerShell src/System.Management.Automation/resources/. The set is joined with `,`, as console
/// output quoting the error shows (`The argument "Xml" does not belong to the set "Table,Json"`). Error id
/// `ParameterArgumentValidationError`, category InvalidData, as `binder::texts::null_or_empty` (the same
/// resource) has them.
pub(crate) fn validate_set(name: &str, text: &str, set: &[&str]) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidData,
        "ParameterArgumentValidationError",
        format!(
            "Cannot validate argument on parameter '{name}'. The argument \"{}\" does not belong to the set \"{}\" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
            quoted(text),
            set.join(",")
        ),
    )
    .with_target(name)
}

/// The command a bound `-Command` names (the binder has checked it is in `set`); `None` when not bound.
pub(crate) fn bound_command(
    args: &BoundParameters,
    set: &[Command],
) -> Result<Option<Command>, ErrorRecord> {
    let Some(text) = args.string("Command") else {
        return Ok(None);
    };
    set.iter()
        .copied()
        .find(|c| eq_ci(c.name(), text))
        .map(Some)
        .ok_or_else(|| validate_set("Command", text, &names(set)))
}
