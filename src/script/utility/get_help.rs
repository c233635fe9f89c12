//! Get-Help (`help`, `man`): a command's help from the catalog in PowerShell's layout (NAME, SYNOPSIS, SYNTAX,
//! ALIASES, PARAMETERS with Required?/Position?/Accept pipeline input?, EXAMPLES), with `-Examples`,
//! `-Detailed`, `-Full` and `-Parameter`.

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::{UArgs, UtilityInfo};
use crate::script::catalog::{CommandSummary, ParameterSummary, command, syntax};
use crate::script::eval::compare::like;
use crate::script::eval::convert::to_str;
use crate::script::eval::flow::{Res, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Get-Help",
    aliases: &["help", "man"],
    synopsis: "Shows help for a command: synopsis, syntax, parameters and examples.",
    params: &[
        ParameterInfo::value("Name", "String")
            .position(0)
            .help("The command (or alias) to describe."),
        ParameterInfo::switch("Examples").help("Shows only the examples."),
        ParameterInfo::switch("Detailed").help("Adds the parameters and examples."),
        ParameterInfo::switch("Full").help("Everything, including each parameter's attributes."),
        ParameterInfo::value("Parameter", "String")
            .help("Shows only this parameter (wildcards allowed)."),
    ],
    examples: &[Example {
        title: "One parameter",
        input: "Get-Help Set-CASMailbox -Parameter ActiveSyncAllowedDeviceIDs",
        output: r#"-ActiveSyncAllowedDeviceIDs <MultiValuedProperty>
    DeviceIds allowed whatever the rules say: a list replaces, @{Add=…; Remove=…} edits.

    Required?                    false
    Position?                    named
    Accept pipeline input?       false"#,
    }],
    build,
};

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn parameter_block(p: &ParameterSummary) -> String {
    let head = if p.is_switch {
        format!("-{} [<SwitchParameter>]", p.name)
    } else {
        format!("-{} <{}>", p.name, p.type_name)
    };
    let mut s = head;
    s.push('\n');
    if !p.help.is_empty() {
        s.push_str(&indent(p.help, 4));
        s.push_str("\n\n");
    }
    s.push_str(&format!(
        "    Required?                    {}\n",
        if p.mandatory { "true" } else { "false" }
    ));
    s.push_str(&format!(
        "    Position?                    {}\n",
        p.position
            .map_or_else(|| "named".to_string(), |n| n.to_string())
    ));
    s.push_str(&format!(
        "    Accept pipeline input?       {}",
        p.pipeline
            .map_or_else(|| "false".to_string(), |k| format!("true ({k})"))
    ));
    if !p.aliases.is_empty() {
        s.push_str(&format!(
            "\n    Aliases                      {}",
            p.aliases.join(", ")
        ));
    }
    s
}

fn examples(c: &CommandSummary) -> String {
    let mut s = String::new();
    for (i, e) in c.examples.iter().enumerate() {
        s.push_str(&format!(
            "    -------------------------- Example {} --------------------------\n",
            i + 1
        ));
        s.push_str(&format!("    {}\n\n", e.title));
        for line in e.input.lines() {
            s.push_str(&format!("    PS C:\\> {line}\n"));
        }
        if !e.output.trim().is_empty() {
            s.push('\n');
            s.push_str(&indent(e.output, 4));
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

/// The help text of a command.
pub(crate) fn help_text(c: &CommandSummary, examples_only: bool, detailed: bool) -> String {
    if examples_only {
        return format!(
            "\nNAME\n    {}\n\nSYNOPSIS\n    {}\n\n{}",
            c.name,
            c.synopsis,
            examples(c).trim_end()
        );
    }
    let mut s = format!(
        "\nNAME\n    {}\n\nSYNOPSIS\n    {}\n\n\nSYNTAX\n",
        c.name, c.synopsis
    );
    for line in syntax(c) {
        s.push_str(&format!("    {line}\n\n"));
    }
    if !c.aliases.is_empty() {
        s.push_str(&format!("\nALIASES\n    {}\n", c.aliases.join(", ")));
    }
    if detailed {
        s.push_str("\nPARAMETERS\n");
        for p in &c.parameters {
            s.push_str(&indent(&parameter_block(p), 4));
            s.push_str("\n\n");
        }
        s.push_str("    <CommonParameters>\n        This cmdlet supports the common parameters: Verbose, Debug, ErrorAction,\n        WarningAction, ErrorVariable, WarningVariable, OutVariable and OutBuffer.\n\n");
        if !c.examples.is_empty() {
            s.push_str("EXAMPLES\n");
            s.push_str(&examples(c));
        }
    } else {
        s.push_str(&format!(
            "\nREMARKS\n    To see the examples, type: \"get-help {} -examples\".\n    For more information, type: \"get-help {} -detailed\".\n",
            c.name, c.name
        ));
    }
    s.trim_end().to_string()
}

const OVERVIEW: &str = "
TOPIC
    easim shell help

SHORT DESCRIPTION
    The easim shell runs the Exchange ActiveSync admin cmdlets and a subset of PowerShell against a
    simulated tenant.

LONG DESCRIPTION
    Get-Command lists the commands. Get-Help <command> describes one; add -Examples for its
    examples, -Detailed for its parameters.";

fn build(it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    let name = args.string("Name");
    let text = match &name {
        None => OVERVIEW.trim_end().to_string(),
        Some(n) => {
            let Some(c) = command(it.host.registry(), n) else {
                return Err(runtime(
                    ErrorCategory::ObjectNotFound,
                    "HelpNotFound",
                    format!("Get-Help could not find {n} in a help file in this session."),
                )
                .in_command("Get-Help")
                .into());
            };
            match args.string("Parameter") {
                Some(pattern) => {
                    let blocks: Vec<String> = c
                        .parameters
                        .iter()
                        .filter(|p| like(p.name, &pattern, false))
                        .map(parameter_block)
                        .collect();
                    if blocks.is_empty() {
                        return Err(runtime(
                            ErrorCategory::InvalidArgument,
                            "NoParmsFound",
                            format!("No parameter matches criteria {pattern}."),
                        )
                        .in_command("Get-Help")
                        .into());
                    }
                    format!("\n{}", blocks.join("\n\n"))
                }
                None => help_text(
                    &c,
                    args.switch("Examples"),
                    args.switch("Detailed") || args.switch("Full"),
                ),
            }
        }
    };
    let _ = to_str;
    Ok(Box::new(super::MapStage {
        f: move |_: &mut Interp<'_>, _: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            out.push(Value::from(text.clone()));
            Ok(())
        },
    }))
}
