//! Text files through the shell host: Get-Content (lines, `-Raw`, `-TotalCount`/`-Head`, `-Tail`), Set-Content
//! and Add-Content (values as lines). Scripts read lists of users or device IDs this way.

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::eval::convert::{enumerate, to_str};
use crate::script::eval::flow::{Res, RuntimeError, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static GET_CONTENT: UtilityInfo = UtilityInfo {
    name: "Get-Content",
    aliases: &["gc", "cat", "type"],
    synopsis: "Gets the lines of a text file.",
    params: &[
        ParameterInfo::value("Path", "String[]")
            .position(0)
            .aliases(&["LiteralPath", "PSPath"])
            .help("The file to read."),
        ParameterInfo::switch("Raw").help("Returns the whole file as one string."),
        ParameterInfo::value("TotalCount", "Int64")
            .aliases(&["First", "Head"])
            .help("Only the first N lines."),
        ParameterInfo::value("Tail", "Int32")
            .aliases(&["Last"])
            .help("Only the last N lines."),
        ParameterInfo::value("Encoding", "String")
            .help("Accepted and ignored: files are read as UTF-8."),
    ],
    examples: &[Example {
        title: "A list of users from a file",
        input: "Set-Content users.txt -Value 'alice','bob'\nGet-Content users.txt | ForEach-Object { (Get-Mailbox $_).PrimarySmtpAddress }",
        output: "alice@contoso.com\nbob@contoso.com",
    }],
    build: build_get,
};

pub(crate) static SET_CONTENT: UtilityInfo = UtilityInfo {
    name: "Set-Content",
    aliases: &[],
    synopsis: "Writes values to a text file, one per line, replacing it.",
    params: &[
        ParameterInfo::value("Path", "String[]")
            .position(0)
            .aliases(&["LiteralPath", "PSPath"])
            .help("The file to write."),
        ParameterInfo::value("Value", "Object[]")
            .position(1)
            .piped()
            .help("The lines to write."),
        ParameterInfo::value("Encoding", "String")
            .help("Accepted and ignored: files are written as UTF-8."),
        ParameterInfo::switch("Force"),
    ],
    examples: &[],
    build: |it, args| build_set(it, args, false),
};

pub(crate) static ADD_CONTENT: UtilityInfo = UtilityInfo {
    name: "Add-Content",
    aliases: &["ac"],
    synopsis: "Appends values to a text file, one per line.",
    params: &[
        ParameterInfo::value("Path", "String[]")
            .position(0)
            .aliases(&["LiteralPath", "PSPath"])
            .help("The file to add to."),
        ParameterInfo::value("Value", "Object[]")
            .position(1)
            .piped()
            .help("The lines to add."),
        ParameterInfo::value("Encoding", "String")
            .help("Accepted and ignored: files are written as UTF-8."),
        ParameterInfo::switch("Force"),
    ],
    examples: &[],
    build: |it, args| build_set(it, args, true),
};

fn path(args: &mut UArgs, cmdlet: &str) -> Result<String, RuntimeError> {
    args.take("Path")
        .map(|p| to_str(&p))
        .filter(|p| !p.is_empty())
        .ok_or_else(|| {
            runtime(
                ErrorCategory::InvalidArgument,
                "MissingMandatoryParameter",
                "Cannot process command because of one or more missing mandatory parameters: Path.",
            )
            .in_command(cmdlet)
        })
}

fn build_get(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let path = path(&mut args, "Get-Content")?;
    let raw = args.switch("Raw");
    let head = args.int("TotalCount")?;
    let tail = args.int("Tail")?;
    Ok(Box::new(super::MapStage {
        f: move |it: &mut Interp<'_>, _: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            let text = it.out.read_file(&path).map_err(|e| {
                runtime(ErrorCategory::ObjectNotFound, "PathNotFound", e).in_command("Get-Content")
            })?;
            if raw {
                out.push(Value::from(text));
                return Ok(());
            }
            let mut lines: Vec<&str> = text.lines().collect();
            if let Some(n) = head {
                lines.truncate(usize::try_from(n).unwrap_or(0));
            }
            if let Some(n) = tail {
                let n = usize::try_from(n).unwrap_or(0);
                lines.drain(..lines.len().saturating_sub(n));
            }
            out.extend(lines.into_iter().map(Value::str));
            Ok(())
        },
    }))
}

fn build_set(_it: &mut Interp<'_>, mut args: UArgs, append: bool) -> Res<Box<dyn Stage>> {
    let cmdlet = if append { "Add-Content" } else { "Set-Content" };
    let path = path(&mut args, cmdlet)?;
    let value = args.take("Value");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, _out: &mut Vec<Value>| -> Res<()> {
            let items = match value {
                Some(v) => enumerate(v),
                None => items,
            };
            let mut text = String::new();
            for i in &items {
                text.push_str(&to_str(i));
                text.push('\n');
            }
            it.out.write_file(&path, &text, append).map_err(|e| {
                runtime(ErrorCategory::WriteError, "FileOpenFailure", e)
                    .in_command(cmdlet)
                    .into()
            })
        },
    )))
}
