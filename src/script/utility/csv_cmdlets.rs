//! Export-Csv, Import-Csv and ConvertTo-Csv over `script::csv`, with files read and written through the shell
//! host (relative paths are the host's business: `easim run` resolves them against its working directory).

use crate::script::cmdlet::Example;
use crate::script::culture::Culture;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::csv::{from_csv, to_csv};
use crate::script::eval::convert::{enumerate, to_str};
use crate::script::eval::flow::{Res, RuntimeError, runtime, unsupported};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static EXPORT_CSV: UtilityInfo = UtilityInfo {
    name: "Export-Csv",
    aliases: &["epcsv"],
    synopsis: "Writes objects to a CSV file, one row per object, every field quoted.",
    params: &[
        ParameterInfo::value("Path", "String")
            .position(0)
            .help("The file to write."),
        ParameterInfo::value("LiteralPath", "String")
            .aliases(&["PSPath"])
            .help("The file to write, taken literally."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to export."),
        ParameterInfo::switch("NoTypeInformation")
            .aliases(&["NTI"])
            .help("Leaves out the #TYPE line."),
        ParameterInfo::value("Delimiter", "Char")
            .position(1)
            .help("The field separator (a comma by default)."),
        ParameterInfo::switch("Append")
            .help("Adds rows to an existing file (the header is written only to a new file)."),
        ParameterInfo::value("Encoding", "String")
            .help("Accepted and ignored: files are written as UTF-8."),
        ParameterInfo::switch("Force"),
        ParameterInfo::switch("NoClobber"),
        ParameterInfo::switch("UseCulture"),
    ],
    examples: &[Example {
        title: "Export and read back",
        input: "Get-Mailbox bob | Select-Object Name, PrimarySmtpAddress | Export-Csv -Path bob.csv -NoTypeInformation\nImport-Csv bob.csv",
        output: r#"Name PrimarySmtpAddress
---- ------------------
Bob  bob@contoso.com"#,
    }],
    build: build_export,
};

pub(crate) static IMPORT_CSV: UtilityInfo = UtilityInfo {
    name: "Import-Csv",
    aliases: &["ipcsv"],
    synopsis: "Reads a CSV file into objects with text properties named by its header row.",
    params: &[
        ParameterInfo::value("Path", "String[]")
            .position(0)
            .piped()
            .help("The file to read."),
        ParameterInfo::value("LiteralPath", "String[]").aliases(&["PSPath"]),
        ParameterInfo::value("Delimiter", "Char")
            .position(1)
            .help("The field separator (a comma by default)."),
        ParameterInfo::value("Header", "String[]")
            .help("Column names to use; every line is then data."),
        ParameterInfo::value("Encoding", "String").help("Accepted and ignored."),
        ParameterInfo::switch("UseCulture"),
    ],
    examples: &[],
    build: build_import,
};

pub(crate) static CONVERTTO_CSV: UtilityInfo = UtilityInfo {
    name: "ConvertTo-Csv",
    aliases: &[],
    synopsis: "Converts objects to CSV lines (as Export-Csv would write them).",
    params: &[
        ParameterInfo::value("InputObject", "PSObject")
            .position(0)
            .piped(),
        ParameterInfo::switch("NoTypeInformation").aliases(&["NTI"]),
        ParameterInfo::value("Delimiter", "Char").position(1),
        ParameterInfo::switch("UseCulture"),
    ],
    examples: &[Example {
        title: "CSV text",
        input: "Get-Mailbox alice | Select-Object Name, Alias | ConvertTo-Csv -NoTypeInformation",
        output: "\"Name\",\"Alias\"\n\"Alice\",\"alice\"",
    }],
    build: build_convert,
};

/// `-Delimiter`, else `-UseCulture`'s list separator (en-US's is `,`, as without either), else `,`.
fn delimiter(args: &UArgs, culture: &Culture) -> Result<char, RuntimeError> {
    match args.string("Delimiter") {
        None if args.switch("UseCulture") && culture.list_separator.is_none() => Err(unsupported(
            culture.missing("The list separator (-UseCulture)"),
        )),
        None => Ok(culture
            .list_separator
            .filter(|_| args.switch("UseCulture"))
            .unwrap_or(',')),
        Some(d) => {
            let mut chars = d.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(runtime(
                    ErrorCategory::InvalidArgument,
                    "ParameterBindingException",
                    format!(
                        "Cannot bind parameter 'Delimiter'. Cannot convert value \"{d}\" to type \"System.Char\". Error: \"String must be exactly one character long.\""
                    ),
                )),
            }
        }
    }
}

fn path(args: &mut UArgs, cmdlet: &str) -> Result<String, RuntimeError> {
    args.take("LiteralPath")
        .or_else(|| args.take("Path"))
        .map(|p| to_str(&p))
        .filter(|p| !p.is_empty())
        .ok_or_else(|| {
            runtime(
                ErrorCategory::InvalidArgument,
                "CannotSpecifyPathAndLiteralPath",
                "Cannot perform operation because the path is not specified: give -Path or -LiteralPath.",
            )
            .in_command(cmdlet)
        })
}

fn build_export(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let path = path(&mut args, "Export-Csv")?;
    let delim = delimiter(&args, it.culture())?;
    let type_info = !args.switch("NoTypeInformation");
    let append = args.switch("Append");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, _out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let existing = if append {
                it.out.read_file(&path).ok()
            } else {
                None
            };
            let header = existing.as_deref().is_none_or(|t| t.trim().is_empty());
            let lines = to_csv(&items, type_info, header, delim, it.culture());
            let mut text = String::new();
            for l in lines {
                text.push_str(&l);
                text.push('\n');
            }
            it.out.write_file(&path, &text, append).map_err(|e| {
                runtime(ErrorCategory::WriteError, "FileOpenFailure", e)
                    .in_command("Export-Csv")
                    .into()
            })
        },
    )))
}

fn build_import(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let path = path(&mut args, "Import-Csv")?;
    let delim = delimiter(&args, it.culture())?;
    let header = args
        .take("Header")
        .map(|h| enumerate(h).iter().map(to_str).collect());
    Ok(Box::new(super::MapStage {
        f: move |it: &mut Interp<'_>, _: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            let text = it.out.read_file(&path).map_err(|e| {
                runtime(ErrorCategory::ObjectNotFound, "FileOpenFailure", e)
                    .in_command("Import-Csv")
            })?;
            let rows = from_csv(&text, delim, header.clone()).map_err(|e| {
                runtime(
                    ErrorCategory::InvalidData,
                    "AlreadyPresentPSMemberInfoInternalCollectionAdd",
                    e.to_string(),
                )
                .in_command("Import-Csv")
            })?;
            out.extend(rows);
            Ok(())
        },
    }))
}

fn build_convert(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let delim = delimiter(&args, it.culture())?;
    let type_info = !args.switch("NoTypeInformation");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input.map(|v| Value::array(enumerate(v))));
            let items: Vec<Value> = items.into_iter().flat_map(enumerate).collect();
            out.extend(
                to_csv(&items, type_info, true, delim, it.culture())
                    .into_iter()
                    .map(Value::from),
            );
            Ok(())
        },
    )))
}
