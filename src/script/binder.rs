//! Parameter binding: named and positional arguments (as `Value`s) to a cmdlet's `BoundParameters`, with
//! PowerShell's rules (case-insensitive names, aliases, unambiguous prefixes, switches, common parameters,
//! parameter sets, mandatory parameters) and PowerShell's error texts.
//!
//! Both the admin endpoint (named arguments from JSON) and the future shell (named, positional and pipeline
//! arguments) bind through here; `convert` is public so the shell can bind pipeline input to one parameter.
//! Interactive prompting for missing mandatory parameters is not done: they are an error, as in a
//! non-interactive PowerShell host.

use crate::model::eq_ci;

use super::cmdlet::CmdletInfo;
use super::error::{ErrorCategory, ErrorRecord};
use super::params::{
    ActionPreference, Arg, BoundParameters, IdentityKind, MultiValued, ParamType, ParameterInfo,
};
use super::value::{EnumInfo, Value};

/// A named argument: `-Name value`, `-Name:value`, or a bare `-Name` (`value: None`, a switch).
#[derive(Clone, Debug, PartialEq)]
pub struct NamedArg {
    pub name: String,
    pub value: Option<Value>,
}

impl NamedArg {
    pub fn new(name: impl Into<String>, value: impl Into<Value>) -> NamedArg {
        NamedArg {
            name: name.into(),
            value: Some(value.into()),
        }
    }

    pub fn switch(name: impl Into<String>) -> NamedArg {
        NamedArg {
            name: name.into(),
            value: None,
        }
    }
}

/// The common parameters every cmdlet takes (WhatIf and Confirm only where the cmdlet changes state).
const COMMON: &[(&str, &[&str])] = &[
    ("Verbose", &["vb"]),
    ("Debug", &["db"]),
    ("ErrorAction", &["ea"]),
    ("WarningAction", &["wa"]),
    ("InformationAction", &["infa"]),
    ("ErrorVariable", &["ev"]),
    ("WarningVariable", &["wv"]),
    ("InformationVariable", &["iv"]),
    ("OutVariable", &["ov"]),
    ("OutBuffer", &["ob"]),
    ("PipelineVariable", &["pv"]),
    ("WhatIf", &["wi"]),
    ("Confirm", &["cf"]),
];

/// The common parameters `cmdlet` takes, by name (for tab completion and help).
pub fn common_parameters(cmdlet: &CmdletInfo) -> impl Iterator<Item = &'static str> + '_ {
    COMMON
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| cmdlet.changes_state() || !matches!(*name, "WhatIf" | "Confirm"))
}

enum Target {
    Param(&'static ParameterInfo),
    Common(&'static str),
}

/// Binds arguments to `cmdlet`'s parameters.
pub fn bind(
    cmdlet: &CmdletInfo,
    positional: Vec<Value>,
    named: Vec<NamedArg>,
) -> Result<BoundParameters, ErrorRecord> {
    let mut bound = BoundParameters::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for arg in named {
        let target = resolve(cmdlet, &arg.name)?;
        let canonical = match &target {
            Target::Param(p) => p.name,
            Target::Common(c) => c,
        };
        if seen.contains(&canonical) {
            return Err(ErrorRecord::new(
                ErrorCategory::InvalidArgument,
                "ParameterAlreadyBound",
                format!(
                    "Cannot bind parameter because parameter '{canonical}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\"."
                ),
            )
            .with_target(canonical));
        }
        seen.push(canonical);
        match target {
            Target::Param(p) => {
                let value = match arg.value {
                    Some(v) => v,
                    None if p.ty.is_switch() => Value::Bool(true),
                    None => return Err(missing_argument(p.name, p.ty.type_name())),
                };
                bound.insert(p.name, convert(p, value)?);
            }
            Target::Common(name) => bind_common(&mut bound, name, arg.value)?,
        }
    }
    let set = bind_positional(cmdlet, &mut bound, positional)?;
    bound.parameter_set = set;
    let missing: Vec<&str> = cmdlet
        .parameters
        .iter()
        .filter(|p| p.mandatory && (set.is_empty() || p.in_set(set)) && !bound.is_bound(p.name))
        .map(|p| p.name)
        .collect();
    if !missing.is_empty() {
        return Err(ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "MissingMandatoryParameter",
            format!(
                "Cannot process command because of one or more missing mandatory parameters: {}.",
                missing.join(" ")
            ),
        ));
    }
    Ok(bound)
}

fn resolve(cmdlet: &CmdletInfo, name: &str) -> Result<Target, ErrorRecord> {
    let name = name.trim_start_matches('-');
    if let Some(p) = cmdlet.parameter(name) {
        return Ok(Target::Param(p));
    }
    let common = COMMON
        .iter()
        .filter(|(c, _)| cmdlet.changes_state() || !matches!(*c, "WhatIf" | "Confirm"));
    if let Some((c, _)) = common
        .clone()
        .find(|(c, aliases)| eq_ci(c, name) || aliases.iter().any(|a| eq_ci(a, name)))
    {
        return Ok(Target::Common(c));
    }
    let is_prefix = |full: &str| {
        full.len() >= name.len()
            && full.is_char_boundary(name.len())
            && eq_ci(&full[..name.len()], name)
    };
    let mut matches: Vec<Target> = cmdlet
        .parameters
        .iter()
        .filter(|p| is_prefix(p.name))
        .map(Target::Param)
        .collect();
    matches.extend(
        common
            .filter(|(c, _)| is_prefix(c))
            .map(|(c, _)| Target::Common(c)),
    );
    match matches.len() {
        1 if !name.is_empty() => Ok(matches.remove(0)),
        0 | 1 => Err(ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "NamedParameterNotFound",
            format!("A parameter cannot be found that matches parameter name '{name}'."),
        )
        .with_target(name)),
        _ => {
            let names: Vec<String> = matches
                .iter()
                .map(|t| match t {
                    Target::Param(p) => format!("-{}", p.name),
                    Target::Common(c) => format!("-{c}"),
                })
                .collect();
            Err(ErrorRecord::new(
                ErrorCategory::InvalidArgument,
                "AmbiguousParameter",
                format!(
                    "Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {}.",
                    names.join(" ")
                ),
            )
            .with_target(name))
        }
    }
}

fn missing_argument(name: &str, type_name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "MissingArgument",
        format!(
            "Missing an argument for parameter '{name}'. Specify a parameter of type '{type_name}' and try again."
        ),
    )
    .with_target(name)
}

fn bind_common(
    bound: &mut BoundParameters,
    name: &'static str,
    value: Option<Value>,
) -> Result<(), ErrorRecord> {
    let flag = |value: Option<Value>| -> Result<bool, ErrorRecord> {
        match value {
            None => Ok(true),
            Some(v) => to_switch(name, v),
        }
    };
    match name {
        "WhatIf" => bound.what_if = flag(value)?,
        "Confirm" => bound.confirm = Some(flag(value)?),
        "ErrorAction" | "WarningAction" | "InformationAction" => {
            let value = value.ok_or_else(|| {
                missing_argument(name, "System.Management.Automation.ActionPreference")
            })?;
            let text = value.to_text();
            let pref = ActionPreference::ALL
                .iter()
                .copied()
                .find(|a| eq_ci(a.name(), text.trim()))
                .ok_or_else(|| {
                    let names: Vec<&str> = ActionPreference::ALL.iter().map(|a| a.name()).collect();
                    cannot_bind(
                        name,
                        format!(
                            "Cannot convert value \"{text}\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again: {}\"",
                            names.join(", ")
                        ),
                    )
                })?;
            match name {
                "ErrorAction" => bound.error_action = Some(pref),
                "WarningAction" => bound.warning_action = Some(pref),
                _ => bound.other_common.push((name, Value::str(pref.name()))),
            }
        }
        "Verbose" | "Debug" => bound.other_common.push((name, Value::Bool(flag(value)?))),
        _ => {
            let value = value.ok_or_else(|| missing_argument(name, "System.String"))?;
            bound.other_common.push((name, value));
        }
    }
    Ok(())
}

/// Binds positional values in position order among the parameters of the sets still possible, then picks the
/// parameter set.
fn bind_positional(
    cmdlet: &CmdletInfo,
    bound: &mut BoundParameters,
    positional: Vec<Value>,
) -> Result<&'static str, ErrorRecord> {
    let all_sets = cmdlet.parameter_sets();
    let fits = |set: &str, bound: &BoundParameters| {
        bound
            .iter()
            .all(|(n, _)| cmdlet.parameter(n).is_some_and(|p| p.in_set(set)))
    };
    let mut candidates: Vec<&'static str> = all_sets
        .iter()
        .copied()
        .filter(|s| fits(s, bound))
        .collect();
    if !all_sets.is_empty() && candidates.is_empty() {
        return Err(unresolved_set());
    }
    if !positional.is_empty() {
        // Prefer the default set's positions when it is still possible, as PowerShell does.
        let set = if candidates.contains(&cmdlet.default_parameter_set) {
            Some(cmdlet.default_parameter_set)
        } else {
            candidates.first().copied()
        };
        let mut slots: Vec<&'static ParameterInfo> = cmdlet
            .parameters
            .iter()
            .filter(|p| p.position.is_some() && !bound.is_bound(p.name))
            .filter(|p| set.is_none_or(|s| p.in_set(s)))
            .collect();
        slots.sort_by_key(|p| p.position);
        let mut slots = slots.into_iter();
        for value in positional {
            let Some(p) = slots.next() else {
                return Err(ErrorRecord::new(
                    ErrorCategory::InvalidArgument,
                    "PositionalParameterNotFound",
                    format!(
                        "A positional parameter cannot be found that accepts argument '{}'.",
                        value.to_text()
                    ),
                )
                .with_target(value.to_text()));
            };
            bound.insert(p.name, convert(p, value)?);
        }
        candidates.retain(|s| fits(s, bound));
    }
    if all_sets.is_empty() {
        return Ok("");
    }
    match candidates.as_slice() {
        [] => Err(unresolved_set()),
        [one] => Ok(one),
        many => {
            if many.contains(&cmdlet.default_parameter_set) {
                return Ok(cmdlet.default_parameter_set);
            }
            let complete: Vec<&'static str> = many
                .iter()
                .copied()
                .filter(|s| {
                    cmdlet
                        .parameters
                        .iter()
                        .filter(|p| p.mandatory && p.in_set(s))
                        .all(|p| bound.is_bound(p.name))
                })
                .collect();
            match complete.as_slice() {
                [one] => Ok(one),
                _ => Err(unresolved_set()),
            }
        }
    }
}

fn unresolved_set() -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "AmbiguousParameterSet",
        "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued cannot be used together or an insufficient number of parameters were provided.",
    )
}

fn cannot_bind(name: &str, detail: impl std::fmt::Display) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "ParameterBindingException",
        format!("Cannot bind parameter '{name}'. {detail}"),
    )
    .with_target(name)
}

fn null_not_allowed(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidData,
        "ParameterArgumentValidationErrorNullNotAllowed",
        format!("Cannot bind argument to parameter '{name}' because it is null."),
    )
    .with_target(name)
}

fn cannot_convert(name: &str, value: &Value, type_name: &str) -> ErrorRecord {
    cannot_bind(
        name,
        format!(
            "Cannot convert the \"{}\" value of type \"{}\" to type \"{type_name}\".",
            value.to_text(),
            value.type_name()
        ),
    )
}

/// Converts one argument to `param`'s type, with PowerShell's error texts.
pub fn convert(param: &ParameterInfo, value: Value) -> Result<Arg, ErrorRecord> {
    let name = param.name;
    let ty = param.ty;
    // A one-element array binds like its element to a scalar parameter.
    let value = match value {
        Value::Array(mut items)
            if items.len() == 1
                && !matches!(
                    ty,
                    ParamType::Strings | ParamType::Enums(_) | ParamType::MultiValued
                ) =>
        {
            items.remove(0)
        }
        v => v,
    };
    match ty {
        ParamType::String | ParamType::Filter => match value {
            Value::Null if matches!(ty, ParamType::String) => Ok(Arg::Value(Value::Null)),
            Value::Null => Err(null_not_allowed(name)),
            Value::Hashtable(_) | Value::Object(_) => Err(cannot_convert(name, &value, ty.type_name())),
            Value::Array(_) => Err(array_to_scalar(name, ty.type_name())),
            v @ Value::String(_) => Ok(Arg::Value(v)),
            v => Ok(Arg::Value(Value::str(v.to_text()))),
        },
        ParamType::Strings => match value {
            Value::Null => Ok(Arg::Value(Value::Null)),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for v in items {
                    match v {
                        Value::Hashtable(_) | Value::Object(_) | Value::Array(_) => {
                            return Err(cannot_convert(name, &v, "System.String"));
                        }
                        v => out.push(Value::str(v.to_text())),
                    }
                }
                Ok(Arg::Value(Value::Array(out)))
            }
            Value::Hashtable(_) | Value::Object(_) => Err(cannot_convert(name, &value, ty.type_name())),
            v => Ok(Arg::Value(Value::Array(vec![Value::str(v.to_text())]))),
        },
        ParamType::Bool => match value {
            Value::Bool(b) => Ok(Arg::Value(Value::Bool(b))),
            Value::Int(i) => Ok(Arg::Value(Value::Bool(i != 0))),
            Value::Double(d) => Ok(Arg::Value(Value::Bool(d != 0.0))),
            Value::Null => Ok(Arg::Value(Value::Bool(false))),
            v => Err(ErrorRecord::new(
                ErrorCategory::InvalidData,
                "ParameterArgumentTransformationError",
                format!(
                    "Cannot process argument transformation on parameter '{name}'. Cannot convert value \"{}\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
                    v.type_name()
                ),
            )
            .with_target(name)),
        },
        ParamType::Switch => Ok(Arg::Value(Value::Bool(to_switch(name, value)?))),
        ParamType::UInt32 => match value {
            Value::Null => Err(null_not_allowed(name)),
            v => parse_u32(&v)
                .map(|n| Arg::Value(Value::Int(i64::from(n))))
                .ok_or_else(|| number_error(name, &v, "System.UInt32")),
        },
        ParamType::Unlimited => match value {
            Value::Null => Err(null_not_allowed(name)),
            Value::String(s) if eq_ci(s.trim(), "Unlimited") => Ok(Arg::Unlimited(None)),
            v => parse_u32(&v)
                .map(|n| Arg::Unlimited(Some(n)))
                .ok_or_else(|| number_error(name, &v, ty.type_name())),
        },
        ParamType::TimeSpan | ParamType::ByteSize => match value {
            Value::Null => Err(null_not_allowed(name)),
            Value::String(s) if eq_ci(s.trim(), "Unlimited") => Ok(Arg::Unlimited(None)),
            v => {
                let parsed = if matches!(ty, ParamType::TimeSpan) {
                    parse_time_span(&v)
                } else {
                    parse_size_kb(&v)
                };
                parsed.map(|n| Arg::Unlimited(Some(n))).ok_or_else(|| {
                    let reason = if matches!(ty, ParamType::TimeSpan) {
                        "The value isn't a time span such as 00:15:00 or 90.00:00:00, or Unlimited."
                    } else {
                        "The value isn't a size such as 10 MB or 512 KB, or Unlimited."
                    };
                    cannot_bind(
                        name,
                        format!(
                            "Cannot convert value \"{}\" to type \"{}\". Error: \"{reason}\"",
                            v.to_text(),
                            ty.type_name()
                        ),
                    )
                })
            }
        },
        ParamType::Enum(info) => match value {
            Value::Null => Err(null_not_allowed(name)),
            v => Ok(Arg::Value(to_enum(name, info, &v)?)),
        },
        ParamType::Enums(info) => {
            let items = match value {
                Value::Null => return Err(null_not_allowed(name)),
                Value::Array(items) => items,
                v => vec![v],
            };
            let mut out = Vec::with_capacity(items.len());
            for v in &items {
                out.push(to_enum(name, info, v)?);
            }
            Ok(Arg::Value(Value::Array(out)))
        }
        ParamType::Identity(kind) => to_identity(name, kind, value).map(Arg::Value),
        ParamType::MultiValued => to_multi(name, value).map(Arg::Multi),
    }
}

fn array_to_scalar(name: &str, type_name: &str) -> ErrorRecord {
    ErrorRecord::new(
        ErrorCategory::InvalidArgument,
        "CannotConvertArgument",
        format!(
            "Cannot convert 'System.Object[]' to the type '{type_name}' required by parameter '{name}'. Specified method is not supported."
        ),
    )
    .with_target(name)
}

fn to_switch(name: &str, value: Value) -> Result<bool, ErrorRecord> {
    match value {
        Value::Bool(b) => Ok(b),
        Value::Int(i) => Ok(i != 0),
        Value::Null => Ok(false),
        v => Err(ErrorRecord::new(
            ErrorCategory::InvalidArgument,
            "CannotConvertArgument",
            format!(
                "Cannot convert '{}' to the type 'System.Management.Automation.SwitchParameter' required by parameter '{name}'.",
                v.type_name()
            ),
        )
        .with_target(name)),
    }
}

fn parse_u32(value: &Value) -> Option<u32> {
    match value {
        Value::Int(i) => u32::try_from(*i).ok(),
        Value::Double(d) if d.fract() == 0.0 && *d >= 0.0 && *d <= f64::from(u32::MAX) => {
            Some(*d as u32)
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `[d.]hh:mm:ss` to whole seconds.
fn parse_time_span(value: &Value) -> Option<u32> {
    let Value::String(s) = value else {
        return None;
    };
    let s = s.trim();
    let (days, rest) = match s.split_once('.') {
        Some((d, r)) if r.contains(':') => (d.parse::<u64>().ok()?, r),
        _ if !s.contains(':') => (s.parse::<u64>().ok()?, "0:0:0"),
        _ => (0, s),
    };
    let mut parts = rest.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, sec) = (
        parts.next()??,
        parts.next()??,
        parts.next().unwrap_or(Some(0))?,
    );
    if parts.next().is_some() || h > 23 || m > 59 || sec > 59 {
        return None;
    }
    u32::try_from(days * 86_400 + h * 3600 + m * 60 + sec).ok()
}

/// `10 MB`, `512KB`, `1.5 GB` or a byte count, to KB rounded up.
fn parse_size_kb(value: &Value) -> Option<u32> {
    let bytes: f64 = match value {
        Value::Int(i) if *i >= 0 => *i as f64,
        Value::Double(d) if *d >= 0.0 => *d,
        Value::String(s) => {
            let s = s.trim();
            let split = s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len());
            let (num, unit) = s.split_at(split);
            let n: f64 = num.trim().replace(',', "").parse().ok()?;
            let mult = match unit.trim().to_ascii_uppercase().as_str() {
                "" | "B" => 1.0,
                "KB" => 1024.0,
                "MB" => 1024.0 * 1024.0,
                "GB" => 1024.0 * 1024.0 * 1024.0,
                _ => return None,
            };
            if n < 0.0 {
                return None;
            }
            n * mult
        }
        _ => return None,
    };
    let kb = (bytes / 1024.0).ceil();
    (kb <= f64::from(u32::MAX)).then_some(kb as u32)
}

fn number_error(name: &str, value: &Value, type_name: &str) -> ErrorRecord {
    let reason = match value {
        Value::Int(_) | Value::Double(_) => "Value was either too large or too small for a UInt32.",
        _ => "Input string was not in a correct format.",
    };
    cannot_bind(
        name,
        format!(
            "Cannot convert value \"{}\" to type \"{type_name}\". Error: \"{reason}\"",
            value.to_text()
        ),
    )
}

fn to_enum(name: &str, info: &EnumInfo, value: &Value) -> Result<Value, ErrorRecord> {
    match value {
        Value::Enum(e) if e.type_name == info.type_name => Ok(Value::Enum(*e)),
        Value::String(_) | Value::Int(_) | Value::Enum(_) => (info.parse)(&value.to_text())
            .map(Value::Enum)
            .map_err(|e| cannot_bind(name, e)),
        other => Err(cannot_convert(name, other, info.type_name)),
    }
}

fn to_identity(name: &str, kind: IdentityKind, value: Value) -> Result<Value, ErrorRecord> {
    match value {
        Value::Null => Err(null_not_allowed(name)),
        Value::String(s) if s.trim().is_empty() => Err(ErrorRecord::new(
            ErrorCategory::InvalidData,
            "ParameterArgumentValidationError",
            format!(
                "Cannot validate argument on parameter '{name}'. The argument is null or empty. Provide an argument that is not null or empty, and then try the command again."
            ),
        )
        .with_target(name)),
        v @ Value::String(_) => Ok(v),
        Value::Guid(g) => Ok(Value::str(g.to_string())),
        Value::Int(_) => Ok(Value::str(value.to_text())),
        Value::Object(o) if kind.accepts().contains(&o.short_type_name()) => {
            match o.get("Guid").or_else(|| o.get("Identity")) {
                Some(v @ (Value::Guid(_) | Value::String(_))) => Ok(Value::str(v.to_text())),
                _ => Err(cannot_convert(name, &Value::Object(o.clone()), kind.type_name())),
            }
        }
        Value::Array(_) => Err(array_to_scalar(name, kind.type_name())),
        other => Err(cannot_convert(name, &other, kind.type_name())),
    }
}

fn to_multi(name: &str, value: Value) -> Result<MultiValued, ErrorRecord> {
    let list = |v: Value| -> Result<Vec<String>, ErrorRecord> {
        match v {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items
                .into_iter()
                .map(|i| match i {
                    Value::Hashtable(_) | Value::Object(_) | Value::Array(_) => {
                        Err(cannot_convert(name, &i, "System.String"))
                    }
                    i => Ok(i.to_text()),
                })
                .collect(),
            v @ (Value::Hashtable(_) | Value::Object(_)) => {
                Err(cannot_convert(name, &v, "System.String"))
            }
            v => Ok(vec![v.to_text()]),
        }
    };
    match value {
        Value::Hashtable(h) => {
            let mut add = Vec::new();
            let mut remove = Vec::new();
            for (k, v) in h.iter() {
                if eq_ci(k, "Add") {
                    add = list(v.clone())?;
                } else if eq_ci(k, "Remove") {
                    remove = list(v.clone())?;
                } else {
                    return Err(cannot_bind(
                        name,
                        format!(
                            "The hash table key \"{k}\" isn't valid for a multi-valued property. Use \"Add\" and \"Remove\", for example @{{Add=\"value1\"; Remove=\"value2\"}}."
                        ),
                    ));
                }
            }
            Ok(MultiValued::Edit { add, remove })
        }
        v => list(v).map(MultiValued::Replace),
    }
}
