//! Write-Host (text straight to the host, several arguments joined with spaces, colors, `-NoNewline`) and
//! Write-Output (`echo`, `write`: objects down the pipeline).

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::{UArgs, UtilityInfo};
use crate::script::eval::convert::{enumerate, to_str, to_str_culture};
use crate::script::eval::flow::{Res, RuntimeError, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::shell_host::{ConsoleColor, HostColors};

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Write-Host",
    aliases: &[],
    synopsis: "Writes text to the console (not to the pipeline).",
    params: &[
        ParameterInfo::value("Object", "Object")
            .position(0)
            .remaining()
            .piped()
            .help("What to write; several arguments are joined with the separator."),
        ParameterInfo::switch("NoNewline").help("Does not end the line."),
        ParameterInfo::value("Separator", "Object")
            .help("Put between the objects (a space by default)."),
        ParameterInfo::value("ForegroundColor", "ConsoleColor").help("The text color."),
        ParameterInfo::value("BackgroundColor", "ConsoleColor").help("The background color."),
    ],
    examples: &[Example {
        title: "Strings and expressions",
        input: "$d = Get-MobileDevice -Mailbox alice\nWrite-Host \"Found\" $d.Count \"devices for\" (Get-Mailbox alice).DisplayName -ForegroundColor Green",
        output: "Found 2 devices for Alice Wilson",
    }],
    build,
};

pub(crate) static WRITE_OUTPUT: UtilityInfo = UtilityInfo {
    name: "Write-Output",
    aliases: &["echo", "write"],
    synopsis: "Writes objects to the pipeline.",
    params: &[
        ParameterInfo::value("InputObject", "PSObject[]")
            .position(0)
            .remaining()
            .piped()
            .help("The objects to write."),
        ParameterInfo::switch("NoEnumerate").help("Writes a collection as one object."),
    ],
    examples: &[],
    build: build_output,
};

fn color(args: &UArgs, name: &str) -> Result<Option<ConsoleColor>, RuntimeError> {
    let Some(v) = args.get(name) else {
        return Ok(None);
    };
    let text = to_str(v);
    ConsoleColor::parse(&text).map(Some).ok_or_else(|| {
        runtime(
            ErrorCategory::InvalidArgument,
            "ParameterBindingException",
            format!(
                "Cannot bind parameter '{name}'. Cannot convert value \"{text}\" to type \"System.ConsoleColor\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again: {}\"",
                ConsoleColor::ALL.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
            ),
        )
    })
}

struct HostStage {
    object: Option<Value>,
    separator: String,
    newline: bool,
    colors: HostColors,
}

impl HostStage {
    fn write(&self, it: &mut Interp<'_>, v: &Value) {
        let mut text = match v {
            Value::Array(items) => items
                .to_vec()
                .iter()
                .map(|x| to_str_culture(x, it.culture()))
                .collect::<Vec<_>>()
                .join(&self.separator),
            other => to_str_culture(other, it.culture()),
        };
        if self.newline {
            text.push('\n');
        }
        it.out.write_host(&text, self.colors);
    }
}

impl Stage for HostStage {
    fn process(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        _out: &mut Vec<Value>,
    ) -> Res<()> {
        match (&self.object, input) {
            (Some(o), _) => {
                let o = o.clone();
                self.write(it, &o);
            }
            (None, Some(v)) => self.write(it, &v),
            (None, None) => self.write(it, &Value::str("")),
        }
        Ok(())
    }
}

fn build(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let colors = HostColors {
        foreground: color(&args, "ForegroundColor")?,
        background: color(&args, "BackgroundColor")?,
    };
    Ok(Box::new(HostStage {
        object: args.take("Object"),
        separator: args
            .take("Separator")
            .map_or_else(|| " ".to_string(), |s| to_str(&s)),
        newline: !args.switch("NoNewline"),
        colors,
    }))
}

fn build_output(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let object = args.take("InputObject");
    let no_enumerate = args.switch("NoEnumerate");
    Ok(Box::new(super::MapStage {
        f: move |_: &mut Interp<'_>, input: Option<Value>, out: &mut Vec<Value>| -> Res<()> {
            match (&object, input) {
                (Some(o), None) if no_enumerate => out.push(o.clone()),
                (Some(o), None) => out.extend(enumerate(o.clone())),
                (_, Some(v)) => out.push(v),
                (None, None) => {}
            }
            Ok(())
        },
    }))
}
