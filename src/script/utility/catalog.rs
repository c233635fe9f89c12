//! The shell's command catalog: every command it knows (its host's commands from the `Registry`, the utility
//! cmdlets and their aliases) with its synopsis, parameters and examples, in one shape. Get-Help and Get-Command read it, and it
//! is public so an interactive shell can complete command and parameter names from it.
//!
//! Functions a session defines are not here (they belong to the session: `Session::function_names`).

use crate::model::eq_ci;
use crate::script::cmdlet::Example;
use crate::script::params::{ParamType, ParameterInfo, PipelineInput};
use crate::script::registry::Registry;
use crate::script::utility::UTILITIES;

/// What kind of command a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandKind {
    /// A command of the embedder's `Registry` (runs through the `CmdletHost`).
    HostCmdlet,
    /// A cmdlet the shell runs itself (Select-Object, Format-Table, …).
    UtilityCmdlet,
}

/// One parameter of a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterSummary {
    pub name: &'static str,
    pub aliases: Vec<&'static str>,
    /// The .NET type name Get-Help shows (`String`, `SwitchParameter`, `MobileDeviceIdParameter` …).
    pub type_name: String,
    pub is_switch: bool,
    pub mandatory: bool,
    pub position: Option<u8>,
    /// `None`, or how it takes pipeline input (`ByValue`, `ByPropertyName`, `ByValue, ByPropertyName`).
    pub pipeline: Option<&'static str>,
    /// The parameter sets it belongs to (empty: all).
    pub sets: Vec<&'static str>,
    pub help: &'static str,
}

/// One command of the catalog.
#[derive(Clone, Debug)]
pub struct CommandSummary {
    pub name: &'static str,
    pub kind: CommandKind,
    pub aliases: Vec<&'static str>,
    pub synopsis: &'static str,
    pub parameters: Vec<ParameterSummary>,
    pub examples: &'static [Example],
}

/// Common parameters every command takes (WhatIf and Confirm only Exchange cmdlets that change state).
pub const COMMON_PARAMETERS: &[&str] = &[
    "Verbose",
    "Debug",
    "ErrorAction",
    "WarningAction",
    "InformationAction",
    "ErrorVariable",
    "WarningVariable",
    "InformationVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
];

/// The short type name Get-Help shows for a host command's parameter.
fn help_type(ty: ParamType) -> String {
    match ty {
        ParamType::Strings => "String[]".into(),
        ParamType::Custom(custom) => custom.help_name.into(),
        ParamType::Enums(info) => format!(
            "{}[]",
            info.type_name.rsplit('.').next().unwrap_or(info.type_name)
        ),
        other => other
            .type_name()
            .rsplit('.')
            .next()
            .unwrap_or("Object")
            .to_string(),
    }
}

/// What Get-Help and completion show of one parameter (the same for every kind of command).
fn summary(p: &ParameterInfo) -> ParameterSummary {
    ParameterSummary {
        name: p.name,
        aliases: p.aliases.to_vec(),
        type_name: help_type(p.ty),
        is_switch: p.ty.is_switch(),
        mandatory: p.mandatory,
        position: p.position,
        pipeline: match p.pipeline {
            PipelineInput::No => None,
            PipelineInput::ByValue => Some("ByValue"),
            PipelineInput::ByPropertyName => Some("ByPropertyName"),
            PipelineInput::Both => Some("ByValue, ByPropertyName"),
        },
        sets: p.sets.to_vec(),
        help: p.help,
    }
}

/// Every command, the registry's first, each group in its registry's order.
pub fn commands(reg: &Registry) -> Vec<CommandSummary> {
    let mut out = Vec::new();
    for c in reg.cmdlets {
        let mut parameters: Vec<ParameterSummary> = c.parameters.iter().map(summary).collect();
        if c.changes_state() {
            for name in ["WhatIf", "Confirm"] {
                parameters.push(ParameterSummary {
                    name,
                    aliases: Vec::new(),
                    type_name: "SwitchParameter".into(),
                    is_switch: true,
                    mandatory: false,
                    position: None,
                    pipeline: None,
                    sets: Vec::new(),
                    help: if name == "WhatIf" {
                        "Shows what would happen without changing anything."
                    } else {
                        "Asks for confirmation first; -Confirm:$false never asks."
                    },
                });
            }
        }
        out.push(CommandSummary {
            name: c.name,
            kind: CommandKind::HostCmdlet,
            aliases: Vec::new(),
            synopsis: c.synopsis,
            parameters,
            examples: c.examples,
        });
    }
    for u in UTILITIES {
        out.push(CommandSummary {
            name: u.name,
            kind: CommandKind::UtilityCmdlet,
            aliases: u.aliases.to_vec(),
            synopsis: u.synopsis,
            parameters: u.params.iter().map(summary).collect(),
            examples: u.examples,
        });
    }
    out
}

/// The command `name` names (a command name or an alias, case-insensitive).
pub fn command(reg: &Registry, name: &str) -> Option<CommandSummary> {
    let name = name.trim();
    commands(reg)
        .into_iter()
        .find(|c| eq_ci(c.name, name) || c.aliases.iter().any(|a| eq_ci(a, name)))
}

/// Every command name and alias, sorted case-insensitively (for completion).
pub fn command_names(reg: &Registry) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = commands(reg)
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .collect();
    names.sort_by_key(|n| n.to_ascii_lowercase());
    names.dedup();
    names
}

/// The parameter names of a command (its own, then the common ones), for completion; `None` for an unknown
/// command.
pub fn parameter_names(reg: &Registry, command_name: &str) -> Option<Vec<&'static str>> {
    let c = command(reg, command_name)?;
    let mut names: Vec<&'static str> = c.parameters.iter().map(|p| p.name).collect();
    names.extend(COMMON_PARAMETERS.iter().copied());
    Some(names)
}

/// The `SYNTAX` lines of a command: one per parameter set.
pub fn syntax(c: &CommandSummary) -> Vec<String> {
    let mut sets: Vec<&'static str> = Vec::new();
    for p in &c.parameters {
        for s in &p.sets {
            if !sets.contains(s) {
                sets.push(s);
            }
        }
    }
    let render = |set: Option<&str>| -> String {
        let mut params: Vec<&ParameterSummary> = c
            .parameters
            .iter()
            .filter(|p| set.is_none_or(|s| p.sets.is_empty() || p.sets.contains(&s)))
            .collect();
        params.sort_by_key(|p| (p.position.is_none(), p.position, !p.mandatory));
        let mut line = c.name.to_string();
        for p in params {
            let piece = if p.is_switch {
                format!("[-{}]", p.name)
            } else {
                let name = if p.position.is_some() {
                    format!("[-{}]", p.name)
                } else {
                    format!("-{}", p.name)
                };
                let body = format!("{name} <{}>", p.type_name);
                if p.mandatory {
                    body
                } else {
                    format!("[{body}]")
                }
            };
            line.push(' ');
            line.push_str(&piece);
        }
        line.push_str(" [<CommonParameters>]");
        line
    };
    if sets.is_empty() {
        vec![render(None)]
    } else {
        sets.iter().map(|s| render(Some(s))).collect()
    }
}
