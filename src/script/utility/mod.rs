//! The utility cmdlets the shell runs itself (Where-Object, ForEach-Object, Select-Object, Sort-Object,
//! Group-Object, Measure-Object, Format-Table/List, Out-String, Write-*, Export/Import-Csv, ConvertTo-Json,
//! Get-Date, Start-Sleep, Get-Help, Get-Command …): their metadata (`UtilityInfo`: parameters in the shared
//! `ParameterInfo` signature type, aliases, synopsis, runnable examples), the registry, aliases, and binding
//! through the one binder (`script::binder`).
//!
//! One file per cmdlet (or small family) beside this one; each builds a pipeline `Stage`. The host's commands
//! (Exchange's) are not here: the embedder registers them, and they run through the `CmdletHost`.

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
use crate::script::binder::{self, BindOptions, NamedArg, takes_value, texts};
use crate::script::cmdlet::{CmdletInfo, Example};
use crate::script::params::{ActionPreference, Arg, BoundParameters, ParameterInfo};
use crate::script::value::Value;

use super::eval::flow::{Res, RuntimeError};
use super::eval::functions::{RawArg, pair_args};
use super::eval::interp::Interp;
use super::eval::pipeline::Stage;

/// Builds a cmdlet's pipeline stage from its bound arguments.
pub(crate) type BuildFn = fn(&mut Interp<'_>, UArgs) -> Res<Box<dyn Stage>>;

/// Everything known about a utility cmdlet.
pub(crate) struct UtilityInfo {
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) synopsis: &'static str,
    pub(crate) params: &'static [ParameterInfo],
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

impl UtilityInfo {
    /// The cmdlet's signature in the shape every command shares, so it binds with the one binder.
    pub(crate) fn signature(&self) -> CmdletInfo {
        CmdletInfo {
            name: self.name,
            synopsis: self.synopsis,
            output_type: None,
            parameters: self.params,
            default_parameter_set: "",
            confirm_impact: None,
            examples: self.examples,
        }
    }
}

/// A utility cmdlet's bound arguments: the binder's `BoundParameters` (every parameter unconverted or a switch)
/// and the common parameters the shell acts on.
#[derive(Debug, Default)]
pub(crate) struct UArgs {
    bound: BoundParameters,
    pub(crate) error_action: Option<ActionPreference>,
    pub(crate) warning_action: Option<ActionPreference>,
    pub(crate) verbose: bool,
}

impl UArgs {
    pub(crate) fn get(&self, name: &str) -> Option<&Value> {
        self.bound.value(name)
    }

    pub(crate) fn take(&mut self, name: &str) -> Option<Value> {
        match self.bound.take(name)? {
            Arg::Value(v) => Some(v),
            _ => None,
        }
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
                RuntimeError::new(texts::cannot_bind(
                    name,
                    format!(
                        "Cannot convert value \"{}\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"",
                        super::eval::convert::to_str(v)
                    ),
                ))
            }),
        }
    }
}

/// Binds call-site arguments to a utility cmdlet's parameters (with the one binder; the pipeline parameter is
/// the stage's input, so it may be missing now).
pub(crate) fn bind(info: &UtilityInfo, raw: Vec<RawArg>) -> Result<UArgs, RuntimeError> {
    let signature = info.signature();
    let paired = pair_args(raw, |n| takes_value(&signature, n));
    let named = paired
        .named
        .into_iter()
        .map(|(name, value)| NamedArg { name, value })
        .collect();
    let options = BindOptions {
        pipeline_later: true,
    };
    let bound = binder::bind_with(&signature, paired.positional, named, options)
        .map_err(RuntimeError::new)?;
    let mut args = UArgs {
        error_action: bound.error_action,
        warning_action: bound.warning_action,
        verbose: false,
        bound: BoundParameters::default(),
    };
    for (name, value) in &bound.other_common {
        match *name {
            "Verbose" => args.verbose = super::eval::convert::is_true(value),
            "Debug" | "OutBuffer" | "InformationAction" => {}
            other => {
                return Err(super::eval::flow::unsupported(format!(
                    "The common parameter -{other} on {}",
                    info.name
                )));
            }
        }
    }
    args.bound = bound;
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
