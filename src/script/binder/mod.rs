//! Parameter binding, once for every command the shell runs: named and positional arguments (as `Value`s) to a
//! signature's `BoundParameters`, with PowerShell's rules (case-insensitive names, aliases, unambiguous prefixes,
//! switches, common parameters, parameter sets, mandatory parameters) and PowerShell's error texts (`texts`).
//!
//! The host's commands (Exchange's, through the admin endpoint's JSON or the shell) and the utility cmdlets bind
//! through `bind`/`bind_with`, against the same signature type (`ParameterInfo`); script functions' `param()`
//! blocks resolve names with the same `resolve` and report with the same `texts`. `convert` is public so the shell
//! can bind pipeline input to one parameter. Interactive prompting for missing mandatory parameters is not done:
//! they are an error, as in a non-interactive PowerShell host.

mod convert;
pub(crate) mod resolve;
pub mod texts;

use crate::model::eq_ci;

use super::cmdlet::CmdletInfo;
use super::culture::{self, Culture};
use super::error::ErrorRecord;
use super::params::{ActionPreference, BoundParameters, ParameterInfo, PipelineInput};
use super::value::Value;

use convert::to_switch;
pub use convert::{convert, parse_u32};
use resolve::{Candidate, resolve};

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

#[derive(Clone, Copy)]
enum Target {
    Param(&'static ParameterInfo),
    Common(&'static str),
}

/// How a signature is bound.
#[derive(Clone, Copy, Debug)]
pub struct BindOptions {
    /// Mandatory parameters that take pipeline input are bound later, record by record (the utility cmdlets'
    /// stages take their input themselves), so their absence now is not an error.
    pub pipeline_later: bool,
    /// The culture text arguments are read in (the session's; en-US by default).
    pub culture: &'static Culture,
}

impl Default for BindOptions {
    fn default() -> BindOptions {
        BindOptions {
            pipeline_later: false,
            culture: &culture::EN_US,
        }
    }
}

/// Binds arguments to `cmdlet`'s parameters.
pub fn bind(
    cmdlet: &CmdletInfo,
    positional: Vec<Value>,
    named: Vec<NamedArg>,
) -> Result<BoundParameters, ErrorRecord> {
    bind_with(cmdlet, positional, named, BindOptions::default())
}

/// Binds arguments to `cmdlet`'s parameters, as `options` says.
pub fn bind_with(
    cmdlet: &CmdletInfo,
    positional: Vec<Value>,
    named: Vec<NamedArg>,
    options: BindOptions,
) -> Result<BoundParameters, ErrorRecord> {
    let mut bound = BoundParameters::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for arg in named {
        let target = resolve_target(cmdlet, &arg.name)?;
        let canonical = match &target {
            Target::Param(p) => p.name,
            Target::Common(c) => c,
        };
        if seen.contains(&canonical) {
            return Err(texts::already_bound(canonical));
        }
        seen.push(canonical);
        match target {
            Target::Param(p) => {
                let value = match arg.value {
                    Some(v) => v,
                    None if p.ty.is_switch() => Value::Bool(true),
                    None => return Err(texts::missing_argument(p.name, p.ty.type_name())),
                };
                bound.insert(p.name, convert(p, value, options.culture)?);
            }
            Target::Common(name) => bind_common(&mut bound, name, arg.value)?,
        }
    }
    let set = bind_positional(cmdlet, &mut bound, positional, options.culture)?;
    bound.parameter_set = set;
    let missing: Vec<&str> = cmdlet
        .parameters
        .iter()
        .filter(|p| p.mandatory && (set.is_empty() || p.in_set(set)) && !bound.is_bound(p.name))
        .filter(|p| !(options.pipeline_later && p.pipeline != PipelineInput::No))
        .map(|p| p.name)
        .collect();
    if !missing.is_empty() {
        return Err(texts::missing_mandatory(&missing));
    }
    Ok(bound)
}

fn resolve_target(cmdlet: &CmdletInfo, name: &str) -> Result<Target, ErrorRecord> {
    let name = name.trim_start_matches('-');
    let params = cmdlet.parameters.iter().map(|p| Candidate {
        name: p.name,
        aliases: p.aliases,
        item: Target::Param(p),
    });
    let common = COMMON
        .iter()
        .filter(|(c, _)| cmdlet.changes_state() || !matches!(*c, "WhatIf" | "Confirm"))
        .map(|(c, aliases)| Candidate {
            name: c,
            aliases,
            item: Target::Common(c),
        });
    resolve(name, params.chain(common))?.ok_or_else(|| texts::parameter_not_found(name))
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
                texts::missing_argument(name, "System.Management.Automation.ActionPreference")
            })?;
            let pref = action_preference(name, &value.to_text())?;
            match name {
                "ErrorAction" => bound.error_action = Some(pref),
                "WarningAction" => bound.warning_action = Some(pref),
                _ => bound.other_common.push((name, Value::str(pref.name()))),
            }
        }
        "Verbose" | "Debug" => bound.other_common.push((name, Value::Bool(flag(value)?))),
        _ => {
            let value = value.ok_or_else(|| texts::missing_argument(name, "System.String"))?;
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
    culture: &Culture,
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
        return Err(texts::unresolved_set());
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
            .filter(|p| p.position.is_some() && !p.ty.is_switch() && !bound.is_bound(p.name))
            .filter(|p| set.is_none_or(|s| p.in_set(s)))
            .collect();
        slots.sort_by_key(|p| p.position);
        let mut slots = slots.into_iter();
        let mut values = positional.into_iter();
        while let Some(value) = values.next() {
            let Some(p) = slots.next() else {
                return Err(texts::positional_not_found(&value.to_text()));
            };
            // ValueFromRemainingArguments: the rest of the positional arguments, as one array.
            let value = if p.remaining {
                let mut all = vec![value];
                all.extend(values.by_ref());
                if all.len() == 1 {
                    all.remove(0)
                } else {
                    Value::array(all)
                }
            } else {
                value
            };
            bound.insert(p.name, convert(p, value, culture)?);
        }
        candidates.retain(|s| fits(s, bound));
    }
    if all_sets.is_empty() {
        return Ok("");
    }
    match candidates.as_slice() {
        [] => Err(texts::unresolved_set()),
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
                _ => Err(texts::unresolved_set()),
            }
        }
    }
}

/// Whether `-name` of `cmdlet` takes an argument (false for switches, switch common parameters and prefixes
/// of them), which decides whether the next positional argument at a call site is its value.
pub fn takes_value(cmdlet: &CmdletInfo, name: &str) -> bool {
    match resolve_target(cmdlet, name) {
        Ok(Target::Param(p)) => !p.ty.is_switch(),
        Ok(Target::Common(c)) => !matches!(c, "Verbose" | "Debug" | "WhatIf" | "Confirm"),
        Err(_) => true,
    }
}

/// The `ActionPreference` named `text` (case-insensitive), or PowerShell's conversion error for `-name`.
pub fn action_preference(name: &str, text: &str) -> Result<ActionPreference, ErrorRecord> {
    ActionPreference::ALL
        .iter()
        .copied()
        .find(|a| eq_ci(a.name(), text.trim()))
        .ok_or_else(|| texts::not_an_action_preference(name, text))
}
