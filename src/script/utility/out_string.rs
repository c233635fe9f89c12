//! The Out-* cmdlets: Out-String (the text Out-Default would show, as one string or `-Stream` lines),
//! Out-Null (discards), Out-Host and Out-Default (show now), Out-File (the same text into a file through the
//! shell host).

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::eval::convert::to_str;
use crate::script::eval::flow::{Res, runtime};
use crate::script::eval::format::render_values;
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static OUT_STRING: UtilityInfo = UtilityInfo {
    name: "Out-String",
    aliases: &[],
    synopsis: "Outputs input objects as a string, formatted as the console would show them.",
    params: &[
        ParameterInfo::switch("Stream").help("Writes one string per line instead of one string."),
        ParameterInfo::value("Width", "Int32").help("The line width used for formatting."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to format."),
    ],
    examples: &[Example {
        title: "A table as text",
        input: "$t = Get-Mailbox alice | Out-String\n$t.Trim()",
        output: r#"Name  Alias RecipientTypeDetails PrimarySmtpAddress
----  ----- -------------------- ------------------
Alice alice UserMailbox          alice@contoso.com"#,
    }],
    build: build_out_string,
};

pub(crate) static OUT_NULL: UtilityInfo = UtilityInfo {
    name: "Out-Null",
    aliases: &[],
    synopsis: "Discards the output.",
    params: &[ParameterInfo::value("InputObject", "PSObject").piped()],
    examples: &[],
    build: |_it, _args| {
        Ok(Box::new(super::MapStage {
            f: |_: &mut Interp<'_>, _: Option<Value>, _: &mut Vec<Value>| Ok(()),
        }))
    },
};

pub(crate) static OUT_HOST: UtilityInfo = UtilityInfo {
    name: "Out-Host",
    aliases: &["oh"],
    synopsis: "Sends the output to the console now.",
    params: &[ParameterInfo::value("InputObject", "PSObject").piped()],
    examples: &[],
    build: build_out_host,
};

pub(crate) static OUT_DEFAULT: UtilityInfo = UtilityInfo {
    name: "Out-Default",
    aliases: &[],
    synopsis: "Sends the output to the default formatter and the console.",
    params: &[ParameterInfo::value("InputObject", "PSObject").piped()],
    examples: &[],
    build: build_out_host,
};

pub(crate) static OUT_FILE: UtilityInfo = UtilityInfo {
    name: "Out-File",
    aliases: &[],
    synopsis: "Sends the output, formatted as the console would show it, to a file.",
    params: &[
        ParameterInfo::value("FilePath", "String")
            .position(0)
            .aliases(&["Path"])
            .mandatory()
            .help("The file to write."),
        ParameterInfo::switch("Append").help("Adds to the end of the file."),
        ParameterInfo::value("Encoding", "String")
            .help("Accepted and ignored: files are written as UTF-8."),
        ParameterInfo::value("Width", "Int32").help("The line width used for formatting."),
        ParameterInfo::switch("Force"),
        ParameterInfo::switch("NoClobber"),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to write."),
    ],
    examples: &[],
    build: build_out_file,
};

fn width(it: &Interp<'_>, args: &UArgs) -> Res<usize> {
    Ok(args
        .int("Width")?
        .map_or(it.st.options.width, |w| w.clamp(10, 10_000) as usize))
}

fn build_out_string(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let width = width(it, &args)?;
    let stream = args.switch("Stream");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let text = render_values(&items, width, it.host.registry(), it.culture());
            if stream {
                out.extend(text.lines().map(Value::str));
            } else {
                out.push(Value::from(text));
            }
            Ok(())
        },
    )))
}

fn build_out_host(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, _out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let text = render_values(
                &items,
                it.st.options.width,
                it.host.registry(),
                it.culture(),
            );
            it.out_default.flush(&mut *it.out);
            it.out.write_output(&text);
            Ok(())
        },
    )))
}

fn build_out_file(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let width = width(it, &args)?;
    let path = args
        .take("FilePath")
        .map(|p| to_str(&p))
        .unwrap_or_default();
    let append = args.switch("Append");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, _out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let text = render_values(&items, width, it.host.registry(), it.culture());
            it.out.write_file(&path, &text, append).map_err(|e| {
                runtime(ErrorCategory::WriteError, "FileOpenFailure", e)
                    .in_command("Out-File")
                    .into()
            })
        },
    )))
}
