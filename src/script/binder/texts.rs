//! PowerShell's parameter-binding error texts, once: the binder for host commands, the utility cmdlets' binder,
//! script functions' `param()` binding and the embedder's parameter types (`CustomType`) all build their errors
//! here, so the same mistake reads the same everywhere.
//!
//! Each returns an `ErrorRecord` with PowerShell's error id and category; callers add the command name and the
//! position. The texts are Windows PowerShell 5.1's.

use super::super::error::{ErrorCategory, ErrorRecord};
use super::super::messages::quoted;
use super::super::params::ActionPreference;
use super::super::value::Value;

/// `-Name` given twice.
pub fn already_bound(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "ParameterAlreadyBound",
        format!(
            "Cannot bind parameter because parameter '{name}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\"."
        ),
    )
    .with_target(name)
}

/// No parameter answers to `-name`.
pub fn parameter_not_found(name: &str) -> ErrorRecord {
    let name = &*quoted(name);
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "NamedParameterNotFound",
        format!("A parameter cannot be found that matches parameter name '{name}'."),
    )
    .with_target(name)
}

/// `-name` is a prefix of several parameters (`matches` are the full names, without `-`).
pub fn ambiguous_parameter(name: &str, matches: &[&str]) -> ErrorRecord {
    let name = &*quoted(name);
    let names: Vec<String> = matches.iter().map(|m| format!("-{m}")).collect();
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "AmbiguousParameter",
        format!(
            "Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {}.",
            names.join(" ")
        ),
    )
    .with_target(name)
}

/// `-Name` given without the argument its type needs.
pub fn missing_argument(name: &str, type_name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "MissingArgument",
        format!(
            "Missing an argument for parameter '{name}'. Specify a parameter of type '{type_name}' and try again."
        ),
    )
    .with_target(name)
}

/// Mandatory parameters nobody gave.
pub fn missing_mandatory(names: &[&str]) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "MissingMandatoryParameter",
        format!(
            "Cannot process command because of one or more missing mandatory parameters: {}.",
            names.join(" ")
        ),
    )
}

/// A positional argument with no position left to take it.
pub fn positional_not_found(argument: &str) -> ErrorRecord {
    let argument = &*quoted(argument);
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "PositionalParameterNotFound",
        format!("A positional parameter cannot be found that accepts argument '{argument}'."),
    )
    .with_target(argument)
}

/// The arguments fit no parameter set, or several equally.
pub fn unresolved_set() -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "AmbiguousParameterSet",
        "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
    )
}

/// `Cannot bind parameter '{name}'. {detail}` (ParameterBindingException).
pub fn cannot_bind(name: &str, detail: impl std::fmt::Display) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "ParameterBindingException",
        format!("Cannot bind parameter '{name}'. {detail}"),
    )
    .with_target(name)
}

/// `$null` for a parameter that does not take it.
pub fn null_not_allowed(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidData,
        "ParameterArgumentValidationErrorNullNotAllowed",
        format!("Cannot bind argument to parameter '{name}' because it is null."),
    )
    .with_target(name)
}

/// `$null` or `''` for a parameter validated `[ValidateNotNullOrEmpty()]`.
pub fn null_or_empty(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidData,
        "ParameterArgumentValidationError",
        format!(
            "Cannot validate argument on parameter '{name}'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again."
        ),
    )
    .with_target(name)
}

/// A value of the wrong kind for `type_name`.
pub fn cannot_convert(name: &str, value: &Value, type_name: &str) -> ErrorRecord {
    cannot_bind(
        name,
        format!(
            "Cannot convert the \"{}\" value of type \"{}\" to type \"{type_name}\".",
            quoted(&value.to_text()),
            value.type_name()
        ),
    )
}

/// An array for a scalar parameter.
pub fn array_to_scalar(name: &str, type_name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "CannotConvertArgument",
        format!(
            "Cannot convert 'System.Object[]' to the type '{type_name}' required by parameter '{name}'. Specified method is not supported."
        ),
    )
    .with_target(name)
}

/// A value that is not a number, or out of range, for a numeric `type_name`.
pub fn number_error(name: &str, value: &Value, type_name: &str) -> ErrorRecord {
    let reason = match value {
        Value::Int(_) | Value::Double(_) => "Value was either too large or too small for a UInt32.",
        _ => "Input string was not in a correct format.",
    };
    cannot_bind(
        name,
        format!(
            "Cannot convert value \"{}\" to type \"{type_name}\". Error: \"{reason}\"",
            quoted(&value.to_text())
        ),
    )
}

/// A value that is not a switch's Boolean or number.
pub fn not_a_switch(name: &str, value: &Value) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "CannotConvertArgument",
        format!(
            "Cannot convert '{}' to the type 'System.Management.Automation.SwitchParameter' required by parameter '{name}'.",
            value.type_name()
        ),
    )
    .with_target(name)
}

/// A value that is not a Boolean or a number for a `[bool]` parameter.
pub fn not_a_boolean(name: &str, value: &Value) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidData,
        "ParameterArgumentTransformationError",
        format!(
            "Cannot process argument transformation on parameter '{name}'. Cannot convert value \"{}\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
            value.type_name()
        ),
    )
    .with_target(name)
}

/// A name that is not an `ActionPreference` (-ErrorAction, -WarningAction, -InformationAction).
pub fn not_an_action_preference(name: &str, text: &str) -> ErrorRecord {
    let text = &*quoted(text);
    let names: Vec<&str> = ActionPreference::ALL.iter().map(|a| a.name()).collect();
    cannot_bind(
        name,
        format!(
            "Cannot convert value \"{text}\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again: {}\"",
            names.join(", ")
        ),
    )
}
