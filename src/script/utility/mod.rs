//! The utility cmdlets the shell runs itself (Where-Object, ForEach-Object, Select-Object, Sort-Object,
//! Group-Object, Measure-Object, Format-Table/List, Out-String, Write-*, Export/Import-Csv, ConvertTo-Json,
//! Get-Date, Start-Sleep, Get-Help, Get-Command …): their metadata (`UtilityInfo`: parameters, aliases,
//! synopsis, runnable examples), the registry, aliases, and the binder that matches call-site arguments to
//! their parameters with PowerShell's rules and error texts.
//!
//! One file per cmdlet (or small family) beside this one; each builds a pipeline `Stage`. Exchange cmdlets are
//! not here: they live in `cmdlets/` and run through the `CmdletHost`.

mod add_member;
mod content;
mod convertto_json;
mod csv_cmdlets;
mod foreach_object;
mod format_cmdlets;
mod get_command;
mod get_date;
mod get_help;
mod group_object;
mod measure_object;
mod misc;
mod out_string;
pub(crate) mod property;
mod select_object;
mod sort_object;
mod where_object;
mod write_host;
mod write_streams;

use crate::model::eq_ci;
use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ActionPreference;
use crate::script::value::Value;

use super::eval::flow::{Res, RuntimeError, runtime};
use super::eval::functions::{RawArg, pair_args};
use super::eval::interp::Interp;
use super::eval::pipeline::Stage;

/// How a parameter takes its argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UKind {
    Switch,
    Value,
    /// Takes every positional argument left over (`Write-Host "a" $b "c"`).
    Remaining,
}

/// One parameter of a utility cmdlet.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UParam {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) kind: UKind,
    pub(crate) position: Option<u8>,
    /// Takes pipeline input by value.
    pub(crate) pipeline: bool,
    pub(crate) mandatory: bool,
    /// The .NET type Get-Help shows.
    pub(crate) type_name: &'static str,
    pub(crate) help: &'static str,
}

impl UParam {
    pub(crate) const fn value(name: &'static str, type_name: &'static str) -> UParam {
        UParam {
            name,
            aliases: &[],
            kind: UKind::Value,
            position: None,
            pipeline: false,
            mandatory: false,
            type_name,
            help: "",
        }
    }

    pub(crate) const fn switch(name: &'static str) -> UParam {
        UParam {
            kind: UKind::Switch,
            ..UParam::value(name, "SwitchParameter")
        }
    }

    pub(crate) const fn at(mut self, position: u8) -> UParam {
        self.position = Some(position);
        self
    }

    pub(crate) const fn remaining(mut self) -> UParam {
        self.kind = UKind::Remaining;
        self
    }

    pub(crate) const fn piped(mut self) -> UParam {
        self.pipeline = true;
        self
    }

    pub(crate) const fn mandatory(mut self) -> UParam {
        self.mandatory = true;
        self
    }

    pub(crate) const fn aliases(mut self, aliases: &'static [&'static str]) -> UParam {
        self.aliases = aliases;
        self
    }

    pub(crate) const fn help(mut self, help: &'static str) -> UParam {
        self.help = help;
        self
    }

    fn answers_to(&self, name: &str) -> bool {
        eq_ci(self.name, name) || self.aliases.iter().any(|a| eq_ci(a, name))
    }
}

/// Builds a cmdlet's pipeline stage from its bound arguments.
pub(crate) type BuildFn = fn(&mut Interp<'_>, UArgs) -> Res<Box<dyn Stage>>;

/// Everything known about a utility cmdlet.
pub(crate) struct UtilityInfo {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) synopsis: &'static str,
    pub(crate) params: &'static [UParam],
    /// Runnable examples: the input runs in a session against the example tenant; the output is what it prints.
    pub(crate) examples: &'static [Example],
    pub(crate) build: BuildFn,
}

/// Every utility cmdlet, alphabetically.
pub(crate) static UTILITIES: &[&UtilityInfo] = &[
    &content::ADD_CONTENT,
    &add_member::INFO,
    &misc::ADD_PSSNAPIN,
    &misc::CLEAR_HOST,
    &misc::CONNECT_EXCHANGE_ONLINE,
    &convertto_json::INFO,
    &csv_cmdlets::CONVERTTO_CSV,
    &misc::DISCONNECT_EXCHANGE_ONLINE,
    &csv_cmdlets::EXPORT_CSV,
    &format_cmdlets::FORMAT_LIST,
    &format_cmdlets::FORMAT_TABLE,
    &foreach_object::INFO,
    &get_command::INFO,
    &content::GET_CONTENT,
    &get_date::GET_DATE,
    &get_help::INFO,
    &group_object::INFO,
    &csv_cmdlets::IMPORT_CSV,
    &misc::IMPORT_MODULE,
    &measure_object::INFO,
    &get_date::NEW_TIMESPAN,
    &misc::NEW_OBJECT,
    &out_string::OUT_DEFAULT,
    &out_string::OUT_FILE,
    &out_string::OUT_HOST,
    &out_string::OUT_NULL,
    &out_string::OUT_STRING,
    &select_object::INFO,
    &content::SET_CONTENT,
    &misc::SET_STRICT_MODE,
    &sort_object::INFO,
    &get_date::START_SLEEP,
    &where_object::INFO,
    &write_streams::WRITE_DEBUG,
    &write_streams::WRITE_ERROR,
    &write_host::INFO,
    &write_streams::WRITE_INFORMATION,
    &write_host::WRITE_OUTPUT,
    &write_streams::WRITE_PROGRESS,
    &write_streams::WRITE_VERBOSE,
    &write_streams::WRITE_WARNING,
];

/// The utility cmdlet called `name` (case-insensitive, not aliases).
pub(crate) fn find(name: &str) -> Option<&'static UtilityInfo> {
    UTILITIES
        .iter()
        .copied()
        .find(|u| eq_ci(u.name, name.trim()))
}

/// The command an alias stands for (`%` → ForEach-Object, `ft` → Format-Table).
pub(crate) fn resolve_alias(name: &str) -> Option<&'static str> {
    UTILITIES
        .iter()
        .find(|u| u.aliases.iter().any(|a| eq_ci(a, name)))
        .map(|u| u.name)
}

/// Common parameters every utility cmdlet accepts (the switches first).
const COMMON: &[(&str, &[&str], bool)] = &[
    ("Verbose", &["vb"], true),
    ("Debug", &["db"], true),
    ("ErrorAction", &["ea"], false),
    ("WarningAction", &["wa"], false),
    ("InformationAction", &["infa"], false),
    ("ErrorVariable", &["ev"], false),
    ("WarningVariable", &["wv"], false),
    ("InformationVariable", &["iv"], false),
    ("OutVariable", &["ov"], false),
    ("OutBuffer", &["ob"], false),
    ("PipelineVariable", &["pv"], false),
];

/// A utility cmdlet's bound arguments.
#[derive(Debug, Default)]
pub(crate) struct UArgs {
    values: Vec<(&'static str, Value)>,
    pub(crate) error_action: Option<ActionPreference>,
    pub(crate) warning_action: Option<ActionPreference>,
    pub(crate) verbose: bool,
}

impl UArgs {
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.values
            .iter()
            .find(|(n, _)| eq_ci(n, name))
            .map(|(_, v)| v)
    }

    pub(crate) fn take(&mut self, name: &str) -> Option<Value> {
        let i = self.values.iter().position(|(n, _)| eq_ci(n, name))?;
        Some(self.values.remove(i).1)
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub(crate) fn switch(&self, name: &str) -> bool {
        self.get(name).is_some_and(super::eval::convert::is_true)
    }

    pub(crate) fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(super::eval::convert::to_str)
    }

    /// A whole-number argument, with PowerShell's conversion error.
    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, RuntimeError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => super::eval::convert::to_int(v).map(Some).ok_or_else(|| {
                cannot_bind(
                    name,
                    &format!(
                        "Cannot convert value \"{}\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"",
                        super::eval::convert::to_str(v)
                    ),
                )
            }),
        }
    }
}

fn cannot_bind(name: &str, detail: &str) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidArgument,
        "ParameterBindingException",
        format!("Cannot bind parameter '{name}'. {detail}"),
    )
    .with_target(name)
}

enum Target {
    Param(&'static UParam),
    Common(&'static str, bool),
}

fn resolve(info: &UtilityInfo, name: &str) -> Result<Target, RuntimeError> {
    if let Some(p) = info.params.iter().find(|p| p.answers_to(name)) {
        return Ok(Target::Param(p));
    }
    if let Some((c, _, sw)) = COMMON
        .iter()
        .find(|(c, aliases, _)| eq_ci(c, name) || aliases.iter().any(|a| eq_ci(a, name)))
    {
        return Ok(Target::Common(c, *sw));
    }
    let lower = name.to_lowercase();
    let mut hits: Vec<Target> = info
        .params
        .iter()
        .filter(|p| p.name.to_lowercase().starts_with(&lower))
        .map(Target::Param)
        .collect();
    hits.extend(
        COMMON
            .iter()
            .filter(|(c, _, _)| c.to_lowercase().starts_with(&lower))
            .map(|(c, _, sw)| Target::Common(c, *sw)),
    );
    match hits.len() {
        1 if !name.is_empty() => Ok(hits.remove(0)),
        0 | 1 => Err(runtime(
            ErrorCategory::InvalidArgument,
            "NamedParameterNotFound",
            format!("A parameter cannot be found that matches parameter name '{name}'."),
        )
        .with_target(name)),
        _ => {
            let names: Vec<String> = hits
                .iter()
                .map(|t| match t {
                    Target::Param(p) => format!("-{}", p.name),
                    Target::Common(c, _) => format!("-{c}"),
                })
                .collect();
            Err(runtime(
                ErrorCategory::InvalidArgument,
                "AmbiguousParameter",
                format!(
                    "Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {}.",
                    names.join(" ")
                ),
            ))
        }
    }
}

fn takes_value(info: &UtilityInfo, name: &str) -> bool {
    match resolve(info, name) {
        Ok(Target::Param(p)) => p.kind != UKind::Switch,
        Ok(Target::Common(_, switch)) => !switch,
        Err(_) => true,
    }
}

fn action(name: &str, v: &Value) -> Result<ActionPreference, RuntimeError> {
    let text = super::eval::convert::to_str(v);
    ActionPreference::ALL
        .iter()
        .copied()
        .find(|a| eq_ci(a.name(), text.trim()))
        .ok_or_else(|| {
            cannot_bind(
                name,
                &format!(
                    "Cannot convert value \"{text}\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again: {}\"",
                    ActionPreference::ALL.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ")
                ),
            )
        })
}

/// Binds call-site arguments to a utility cmdlet's parameters.
pub(crate) fn bind(info: &UtilityInfo, raw: Vec<RawArg>) -> Result<UArgs, RuntimeError> {
    let paired = pair_args(raw, |n| takes_value(info, n));
    let mut args = UArgs::default();
    for (name, value) in paired.named {
        match resolve(info, &name)? {
            Target::Param(p) => {
                if args.has(p.name) {
                    return Err(runtime(
                        ErrorCategory::InvalidArgument,
                        "ParameterAlreadyBound",
                        format!(
                            "Cannot bind parameter because parameter '{}' is specified more than once. To provide multiple values to parameters that can accept multiple values, use the array syntax. For example, \"-parameter value1,value2,value3\".",
                            p.name
                        ),
                    ));
                }
                let v = match (value, p.kind) {
                    (Some(v), UKind::Switch) => Value::Bool(super::eval::convert::is_true(&v)),
                    (None, UKind::Switch) => Value::Bool(true),
                    (Some(v), _) => v,
                    (None, _) => {
                        return Err(runtime(
                            ErrorCategory::InvalidArgument,
                            "MissingArgument",
                            format!(
                                "Missing an argument for parameter '{}'. Specify a parameter of type '{}' and try again.",
                                p.name, p.type_name
                            ),
                        )
                        .with_target(p.name));
                    }
                };
                args.values.push((p.name, v));
            }
            Target::Common(c, switch) => {
                let v = value.unwrap_or(Value::Bool(switch));
                match c {
                    "ErrorAction" => args.error_action = Some(action(c, &v)?),
                    "WarningAction" => args.warning_action = Some(action(c, &v)?),
                    "Verbose" => args.verbose = super::eval::convert::is_true(&v),
                    "Debug" | "OutBuffer" | "InformationAction" => {}
                    other => {
                        return Err(super::eval::flow::unsupported(format!(
                            "The common parameter -{other} on {}",
                            info.name
                        )));
                    }
                }
            }
        }
    }
    let mut slots: Vec<&'static UParam> = info
        .params
        .iter()
        .filter(|p| p.position.is_some() && p.kind != UKind::Switch && !args.has(p.name))
        .collect();
    slots.sort_by_key(|p| p.position);
    let mut slots = slots.into_iter();
    let mut positional = paired.positional.into_iter();
    while let Some(v) = positional.next() {
        match slots.next() {
            Some(p) if p.kind == UKind::Remaining => {
                let mut all = vec![v];
                all.extend(positional.by_ref());
                let value = if all.len() == 1 {
                    all.remove(0)
                } else {
                    Value::Array(all)
                };
                args.values.push((p.name, value));
            }
            Some(p) => args.values.push((p.name, v)),
            None => {
                return Err(runtime(
                    ErrorCategory::InvalidArgument,
                    "PositionalParameterNotFound",
                    format!(
                        "A positional parameter cannot be found that accepts argument '{}'.",
                        super::eval::convert::to_str(&v)
                    ),
                )
                .with_target(super::eval::convert::to_str(&v)));
            }
        }
    }
    let missing: Vec<&str> = info
        .params
        .iter()
        .filter(|p| p.mandatory && !p.pipeline && !args.has(p.name))
        .map(|p| p.name)
        .collect();
    if !missing.is_empty() {
        return Err(runtime(
            ErrorCategory::InvalidArgument,
            "MissingMandatoryParameter",
            format!(
                "Cannot process command because of one or more missing mandatory parameters: {}.",
                missing.join(" ")
            ),
        ));
    }
    Ok(args)
}

/// A stage that writes what `f` returns for each input (and runs once with `None` when first).
pub(crate) struct MapStage<F> {
    pub(crate) f: F,
}

impl<F> Stage for MapStage<F>
where
    F: FnMut(&mut Interp<'_>, Option<Value>, &mut Vec<Value>) -> Res<()>,
{
    fn process(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        (self.f)(it, input, out)
    }
}

/// A stage that collects its input and acts once at the end (Sort-Object, Format-Table …).
pub(crate) struct CollectStage<F> {
    pub(crate) items: Vec<Value>,
    pub(crate) f: Option<F>,
}

impl<F> CollectStage<F> {
    pub(crate) fn new(f: F) -> CollectStage<F> {
        CollectStage {
            items: Vec::new(),
            f: Some(f),
        }
    }
}

impl<F> Stage for CollectStage<F>
where
    F: FnOnce(&mut Interp<'_>, Vec<Value>, &mut Vec<Value>) -> Res<()>,
{
    fn process(
        &mut self,
        _it: &mut Interp<'_>,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> Res<()> {
        if let Some(v) = input {
            self.items.push(v);
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp<'_>, out: &mut Vec<Value>) -> Res<()> {
        match self.f.take() {
            Some(f) => f(it, std::mem::take(&mut self.items), out),
            None => Ok(()),
        }
    }
}

/// The input objects of a collecting cmdlet: its pipeline input, or `-InputObject` when given (which is taken
/// as one object, as PowerShell does).
pub(crate) fn input_or(items: Vec<Value>, input_object: Option<Value>) -> Vec<Value> {
    match input_object {
        Some(v) if items.is_empty() => vec![v],
        _ => items,
    }
}
