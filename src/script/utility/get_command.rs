//! Get-Command (`gcm`): the commands the shell knows (Exchange cmdlets, utility cmdlets, aliases, the
//! session's functions), filtered by name (wildcards), verb or noun, as CmdletInfo objects.

use crate::script::cmdlet::Example;
use crate::script::params::ParameterInfo;
use crate::script::value::{PsObject, Value};

use super::{UArgs, UtilityInfo};
use crate::script::catalog::{CommandKind, commands};
use crate::script::error::ErrorCategory;
use crate::script::eval::compare::like;
use crate::script::eval::convert::{enumerate, to_str};
use crate::script::eval::flow::{Res, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Get-Command",
    aliases: &["gcm"],
    synopsis: "Gets the commands the shell knows: cmdlets, aliases and functions.",
    params: &[
        ParameterInfo::value("Name", "String[]")
            .position(0)
            .help("Command names; wildcards allowed."),
        ParameterInfo::value("Verb", "String[]").help("Only commands with this verb."),
        ParameterInfo::value("Noun", "String[]").help("Only commands with this noun."),
        ParameterInfo::value("Module", "String[]")
            .help("Only commands of this module (easim.Exchange or easim.Utility)."),
    ],
    examples: &[Example {
        title: "The device cmdlets",
        input: "Get-Command *MobileDevice",
        output: r#"CommandType Name                Version Source
----------- ----                ------- ------
Cmdlet      Clear-MobileDevice  15.20   easim.Exchange
Cmdlet      Get-MobileDevice    15.20   easim.Exchange
Cmdlet      Remove-MobileDevice 15.20   easim.Exchange"#,
    }],
    build,
};

fn patterns(args: &UArgs, name: &str) -> Option<Vec<String>> {
    args.get(name)
        .map(|v| enumerate(v.clone()).iter().map(to_str).collect())
}

fn info(kind: &str, name: &str, version: &str, source: &str) -> Value {
    let mut o = PsObject::with_capacity("System.Management.Automation.CmdletInfo", 4);
    o.push("CommandType", kind.to_string());
    o.push("Name", name.to_string());
    o.push("Version", version.to_string());
    o.push("Source", source.to_string());
    Value::Object(o)
}

fn build(_it: &mut Interp<'_>, args: UArgs) -> Res<Box<dyn Stage>> {
    let names = patterns(&args, "Name");
    let verbs = patterns(&args, "Verb");
    let nouns = patterns(&args, "Noun");
    let modules = patterns(&args, "Module");
    Ok(Box::new(super::MapStage {
        f: move |it: &mut Interp<'_>, _: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            let mut rows: Vec<(String, Value)> = Vec::new();
            let keep = |name: &str, source: &str| {
                let (verb, noun) = name.split_once('-').unwrap_or((name, ""));
                names
                    .as_ref()
                    .is_none_or(|p| p.iter().any(|x| like(name, x, false)))
                    && verbs
                        .as_ref()
                        .is_none_or(|p| p.iter().any(|x| like(verb, x, false)))
                    && nouns
                        .as_ref()
                        .is_none_or(|p| p.iter().any(|x| like(noun, x, false)))
                    && modules
                        .as_ref()
                        .is_none_or(|p| p.iter().any(|x| like(source, x, false)))
            };
            let reg = it.host.registry();
            for c in commands(reg) {
                let source = match c.kind {
                    CommandKind::HostCmdlet => reg.source,
                    CommandKind::UtilityCmdlet => "easim.Utility",
                };
                let version = match c.kind {
                    CommandKind::HostCmdlet => reg.version,
                    CommandKind::UtilityCmdlet => "5.1",
                };
                if keep(c.name, source) {
                    rows.push((c.name.to_string(), info("Cmdlet", c.name, version, source)));
                }
                for a in &c.aliases {
                    if names
                        .as_ref()
                        .is_some_and(|p| p.iter().any(|x| like(a, x, false)))
                    {
                        rows.push((
                            a.to_string(),
                            info("Alias", &format!("{a} -> {}", c.name), "", source),
                        ));
                    }
                }
            }
            for f in it.st.functions.values() {
                if keep(&f.name, "") {
                    rows.push((f.name.clone(), info("Function", &f.name, "", "")));
                }
            }
            rows.sort_by_key(|a| a.0.to_ascii_lowercase());
            if rows.is_empty()
                && let Some(p) = &names
                && p.iter().any(|x| !x.contains(['*', '?']))
            {
                return Err(runtime(
                    ErrorCategory::ObjectNotFound,
                    "CommandNotFoundException",
                    crate::script::messages::command_not_found_text(&p.join(", ")),
                )
                .in_command("Get-Command")
                .into());
            }
            out.extend(rows.into_iter().map(|(_, v)| v));
            Ok(())
        },
    }))
}
