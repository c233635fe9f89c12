//! The utility cmdlets the shell runs itself (Where-Object, ForEach-Object, Select-Object, Sort-Object,
//! Group-Object, Measure-Object, Format-Table/List, Out-String, Write-*, Export/Import-Csv, ConvertTo-Json,
//! Get-Date, Get-Culture, Start-Sleep, Get-Help, Get-Command …): their metadata (`UtilityInfo`: parameters in the shared
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
mod get_culture;
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

pub mod catalog;

use crate::script::value::Value;

pub(crate) use super::eval::args::UArgs;
use super::eval::flow::Res;
use super::eval::interp::Interp;
use super::eval::interp::Stage;
pub(crate) use super::eval::interp::UtilityInfo;

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
    &get_culture::GET_CULTURE,
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
