//! Parameter metadata (what the binder and the shell need to know about each parameter: one signature type for
//! the host's commands and the utility cmdlets) and the bound, converted arguments a command reads
//! (`BoundParameters`).
//!
//! Metadata is static data built with `const` builder methods, so a cmdlet's whole signature is a constant next to
//! its code. Conversion from `Value` to `Arg` is the binder's job; nothing here converts.

use std::str::FromStr;

use crate::model::eq_ci;

use super::culture::Culture;
use super::error::ErrorRecord;
use super::value::{EnumInfo, Value};

/// The type a parameter converts its argument to, named after the .NET type PowerShell's errors show.
#[derive(Clone, Copy, Debug)]
pub enum ParamType {
    String,
    /// `string[]`.
    Strings,
    Bool,
    Switch,
    /// A non-negative 32-bit number.
    UInt32,
    Enum(&'static EnumInfo),
    /// An array of enum values (`-RecipientTypeDetails UserMailbox,SharedMailbox`).
    Enums(&'static EnumInfo),
    /// A filter: a string, or a script block's text (`-Filter {…}`); `$null` is refused.
    Filter,
    /// Any value, unconverted (the utility cmdlets' parameters); the name is the .NET type Get-Help shows.
    Any(&'static str),
    /// A type the embedder defines (Exchange's identity parameters, `Unlimited<T>`, `MultiValuedProperty`).
    Custom(&'static CustomType),
}

/// A parameter type an embedder defines: its name and its conversion. The conversion builds its errors with
/// `binder::texts`, so they read as PowerShell's.
#[derive(Debug)]
pub struct CustomType {
    /// The .NET type PowerShell's binding errors name.
    pub type_name: &'static str,
    /// The short name Get-Help and the SYNTAX lines show.
    pub help_name: &'static str,
    /// Takes a list: a one-element array is converted whole, not as its element.
    pub takes_list: bool,
    /// Converts the argument of the parameter named by the first argument; text is read in the session
    /// culture, as a compiled cmdlet's binding reads it (dates day first in en-GB).
    pub convert: fn(&str, Value, &Culture) -> Result<Arg, ErrorRecord>,
}

impl ParamType {
    /// The .NET type name PowerShell's binder errors show.
    pub fn type_name(self) -> &'static str {
        match self {
            ParamType::String => "System.String",
            ParamType::Strings => "System.String[]",
            ParamType::Bool => "System.Boolean",
            ParamType::Switch => "System.Management.Automation.SwitchParameter",
            ParamType::UInt32 => "System.UInt32",
            ParamType::Enum(info) => info.type_name,
            ParamType::Enums(info) => info.type_name,
            ParamType::Filter => "System.String",
            ParamType::Any(name) => name,
            ParamType::Custom(custom) => custom.type_name,
        }
    }

    pub fn is_switch(self) -> bool {
        matches!(self, ParamType::Switch)
    }

    /// Whether a one-element array is bound whole (list types) rather than as its element.
    pub fn takes_list(self) -> bool {
        match self {
            ParamType::Strings | ParamType::Enums(_) | ParamType::Any(_) => true,
            ParamType::Custom(custom) => custom.takes_list,
            _ => false,
        }
    }

    /// The embedder's type, when it is one.
    pub fn custom(self) -> Option<&'static CustomType> {
        match self {
            ParamType::Custom(custom) => Some(custom),
            _ => None,
        }
    }

    /// Whether this is the embedder's type `other` (compared by .NET type name).
    pub fn is_custom(self, other: &CustomType) -> bool {
        self.custom()
            .is_some_and(|c| c.type_name == other.type_name)
    }
}

/// Whether and how a parameter takes pipeline input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PipelineInput {
    No,
    /// The piped object itself (converted to the parameter's type).
    ByValue,
    /// The piped object's property of the same name (or an alias).
    ByPropertyName,
    Both,
}

/// One parameter of a cmdlet.
#[derive(Clone, Copy, Debug)]
pub struct ParameterInfo {
    pub name: &'static str,
    pub ty: ParamType,
    pub aliases: &'static [&'static str],
    /// Mandatory in every set the parameter belongs to.
    pub mandatory: bool,
    /// Position for positional binding (0 = first), in every set the parameter belongs to.
    pub position: Option<u8>,
    pub pipeline: PipelineInput,
    /// The parameter sets it belongs to; empty means all of them.
    pub sets: &'static [&'static str],
    /// ValueFromRemainingArguments: takes every positional argument left over (`Write-Host "a" $b "c"`).
    pub remaining: bool,
    pub help: &'static str,
}

impl ParameterInfo {
    pub const fn new(name: &'static str, ty: ParamType) -> ParameterInfo {
        ParameterInfo {
            name,
            ty,
            aliases: &[],
            mandatory: false,
            position: None,
            pipeline: PipelineInput::No,
            sets: &[],
            remaining: false,
            help: "",
        }
    }

    /// A parameter that takes any value unconverted; `type_name` is what Get-Help shows.
    pub const fn value(name: &'static str, type_name: &'static str) -> ParameterInfo {
        ParameterInfo::new(name, ParamType::Any(type_name))
    }

    pub const fn switch(name: &'static str) -> ParameterInfo {
        ParameterInfo::new(name, ParamType::Switch)
    }

    /// Takes pipeline input by value.
    pub const fn piped(self) -> ParameterInfo {
        self.pipeline(PipelineInput::ByValue)
    }

    pub const fn remaining(mut self) -> ParameterInfo {
        self.remaining = true;
        self
    }

    pub const fn mandatory(mut self) -> ParameterInfo {
        self.mandatory = true;
        self
    }

    pub const fn position(mut self, position: u8) -> ParameterInfo {
        self.position = Some(position);
        self
    }

    pub const fn pipeline(mut self, pipeline: PipelineInput) -> ParameterInfo {
        self.pipeline = pipeline;
        self
    }

    pub const fn sets(mut self, sets: &'static [&'static str]) -> ParameterInfo {
        self.sets = sets;
        self
    }

    pub const fn aliases(mut self, aliases: &'static [&'static str]) -> ParameterInfo {
        self.aliases = aliases;
        self
    }

    pub const fn help(mut self, help: &'static str) -> ParameterInfo {
        self.help = help;
        self
    }

    /// Whether the parameter is in `set` (parameters without sets are in all).
    pub fn in_set(&self, set: &str) -> bool {
        self.sets.is_empty() || self.sets.iter().any(|s| eq_ci(s, set))
    }

    /// Whether `name` is this parameter's name or one of its aliases (case-insensitive).
    pub fn answers_to(&self, name: &str) -> bool {
        eq_ci(self.name, name) || self.aliases.iter().any(|a| eq_ci(a, name))
    }
}

/// PowerShell's `ActionPreference` (for -ErrorAction and -WarningAction).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionPreference {
    SilentlyContinue,
    Stop,
    Continue,
    Inquire,
    Ignore,
    Suspend,
    Break,
}

impl ActionPreference {
    pub const ALL: [ActionPreference; 7] = [
        ActionPreference::SilentlyContinue,
        ActionPreference::Stop,
        ActionPreference::Continue,
        ActionPreference::Inquire,
        ActionPreference::Ignore,
        ActionPreference::Suspend,
        ActionPreference::Break,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ActionPreference::SilentlyContinue => "SilentlyContinue",
            ActionPreference::Stop => "Stop",
            ActionPreference::Continue => "Continue",
            ActionPreference::Inquire => "Inquire",
            ActionPreference::Ignore => "Ignore",
            ActionPreference::Suspend => "Suspend",
            ActionPreference::Break => "Break",
        }
    }
}

/// A converted argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Already of the parameter's type: `String` (also identities and filters), `Bool`, `Int`, `Enum`, `Null`, or
    /// an `Array` of those.
    Value(Value),
    /// `Unlimited<UInt32>` (and time spans in seconds, sizes in KB): `None` is Unlimited.
    Unlimited(Option<u32>),
    Multi(MultiValued),
}

/// A multi-valued property argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MultiValued {
    /// A plain list (or `$null`, the empty list) replaces the whole property.
    Replace(Vec<String>),
    /// `@{Add=…; Remove=…}` edits it.
    Edit {
        add: Vec<String>,
        remove: Vec<String>,
    },
}

/// The arguments of one invocation after binding: the parameter set chosen, each bound parameter's converted
/// argument, and the common parameters the cmdlet framework handles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoundParameters {
    params: Vec<(&'static str, Arg)>,
    /// The parameter set the binder chose (`""` when the cmdlet declares none).
    pub parameter_set: &'static str,
    pub what_if: bool,
    /// `Some(true)` for `-Confirm`, `Some(false)` for `-Confirm:$false`.
    pub confirm: Option<bool>,
    pub error_action: Option<ActionPreference>,
    pub warning_action: Option<ActionPreference>,
    /// Other common parameters (-Verbose, -ErrorVariable, -OutVariable …), kept for the shell to act on.
    pub other_common: Vec<(&'static str, Value)>,
}

impl BoundParameters {
    pub fn new() -> BoundParameters {
        BoundParameters::default()
    }

    /// Binds (or rebinds) a parameter; `name` should be the parameter's canonical name.
    pub fn insert(&mut self, name: &'static str, arg: Arg) {
        match self.params.iter_mut().find(|(n, _)| eq_ci(n, name)) {
            Some(p) => p.1 = arg,
            None => self.params.push((name, arg)),
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'static str, &Arg)> {
        self.params.iter().map(|(n, a)| (*n, a))
    }

    pub fn is_bound(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Removes a bound parameter, giving its argument.
    pub fn take(&mut self, name: &str) -> Option<Arg> {
        let i = self.params.iter().position(|(n, _)| eq_ci(n, name))?;
        Some(self.params.remove(i).1)
    }

    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.params
            .iter()
            .find(|(n, _)| eq_ci(n, name))
            .map(|(_, a)| a)
    }

    pub fn value(&self, name: &str) -> Option<&Value> {
        match self.get(name)? {
            Arg::Value(v) => Some(v),
            _ => None,
        }
    }

    /// A bound, non-null string argument.
    pub fn string(&self, name: &str) -> Option<&str> {
        self.value(name)?.as_str()
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.value(name)? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A switch: true when given as `-Name` or `-Name:$true`.
    pub fn switch(&self, name: &str) -> bool {
        self.bool(name).unwrap_or(false)
    }

    pub fn uint(&self, name: &str) -> Option<u32> {
        match self.value(name)? {
            Value::Int(i) => u32::try_from(*i).ok(),
            _ => None,
        }
    }

    /// `Some(None)` for Unlimited, `Some(Some(n))` for a number, `None` when not bound.
    pub fn unlimited(&self, name: &str) -> Option<Option<u32>> {
        match self.get(name)? {
            Arg::Unlimited(u) => Some(*u),
            _ => None,
        }
    }

    /// An enum argument as the model's type (the binder has checked the name).
    pub fn enum_arg<T: FromStr>(&self, name: &str) -> Option<T> {
        match self.value(name)? {
            Value::Enum(e) => e.name.parse().ok(),
            _ => None,
        }
    }

    /// An enum-array argument as the model's type.
    pub fn enums<T: FromStr>(&self, name: &str) -> Option<Vec<T>> {
        match self.value(name)? {
            Value::Array(items) => Some(
                items
                    .to_vec()
                    .iter()
                    .filter_map(|v| match v {
                        Value::Enum(e) => e.name.parse().ok(),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// A string-array argument; `Some(empty)` when bound to `$null`.
    pub fn strings(&self, name: &str) -> Option<Vec<String>> {
        match self.value(name)? {
            Value::Array(items) => Some(items.to_vec().iter().map(Value::to_text).collect()),
            Value::Null | Value::Nothing => Some(Vec::new()),
            other => Some(vec![other.to_text()]),
        }
    }

    pub fn multi(&self, name: &str) -> Option<&MultiValued> {
        match self.get(name)? {
            Arg::Multi(m) => Some(m),
            _ => None,
        }
    }
}
