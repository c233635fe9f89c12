//! ForEach-Object (`%`, `foreach`): runs a script block for each input object (`$_`), with optional begin and
//! end blocks (`% {begin} {process} {end}` or `-Begin/-Process/-End`), or gets a property / calls a method of each
//! object (`% DeviceId`, `% ToUpper`).
//!
//! The blocks run in the caller's scope, so `$count++` inside changes the caller's `$count`, as in PowerShell.

use crate::script::params::ParameterInfo;
use std::sync::Arc;

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::syntax::{ScriptBlock, Span};
use crate::script::value::Value;

use super::{UArgs, UtilityInfo};
use crate::script::eval::convert::{enumerate, to_str};
use crate::script::eval::flow::{Res, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::members::get_member;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "ForEach-Object",
    aliases: &["%", "foreach"],
    synopsis: "Performs an operation against each item in a collection of input objects.",
    params: &[
        ParameterInfo::value("Process", "ScriptBlock[]")
            .position(0)
            .remaining()
            .help("The script block run for each object ($_). Two or three blocks are begin, process[, end]. A property or method name gets that member of each object."),
        ParameterInfo::value("Begin", "ScriptBlock").help("Runs once before the first object."),
        ParameterInfo::value("End", "ScriptBlock").help("Runs once after the last object."),
        ParameterInfo::value("MemberName", "String").help("The property to get or method to call on each object."),
        ParameterInfo::value("ArgumentList", "Object[]").help("Arguments of the method named by -MemberName."),
        ParameterInfo::value("InputObject", "PSObject").piped().help("The objects to process."),
    ],
    examples: &[Example {
        title: "Pin each of Bob's devices to his allowed list",
        input: "Get-MobileDevice -Mailbox bob | ForEach-Object { Set-CASMailbox -Identity $_.Identity.Split('\\')[0] -ActiveSyncAllowedDeviceIDs @{Add=$_.DeviceId} }\n(Get-CASMailbox bob).ActiveSyncAllowedDeviceIDs",
        output: r#"WARNING: The command completed successfully but no settings of 'Bob' have been modified.
5eec4e94a1b2c3d4
ApplG7H8J9K0"#,
    }],
    build,
};

type Block = (Arc<ScriptBlock>, u32);

enum Mode {
    Blocks {
        begin: Option<Block>,
        process: Vec<Block>,
        end: Option<Block>,
    },
    Member {
        name: String,
        args: Vec<Value>,
    },
}

struct ForEachStage {
    mode: Mode,
}

fn block(it: &Interp<'_>, v: &Value) -> Res<Block> {
    it.stored_block(v).ok_or_else(|| {
        runtime(
            ErrorCategory::InvalidArgument,
            "ParameterBindingException",
            format!(
                "Cannot bind parameter 'Process'. Cannot convert the \"{}\" value of type \"{}\" to type \"System.Management.Automation.ScriptBlock\".",
                to_str(v),
                v.type_name()
            ),
        )
        .into()
    })
}

fn build(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    // -Begin and -End bound (even to $null) keep every -Process block a process block.
    let begin_given = args.has("Begin") || args.bound.is_bound("Begin");
    let end_given = args.has("End") || args.bound.is_bound("End");
    let mut begin = match args.take("Begin") {
        Some(b) if !b.is_null() => Some(block(it, &b)?),
        _ => None,
    };
    let mut end = match args.take("End") {
        Some(b) if !b.is_null() => Some(block(it, &b)?),
        _ => None,
    };
    let member = args.take("MemberName");
    let process = args.take("Process");
    let argument_list = args.take("ArgumentList");
    let mode = match (member, process) {
        (Some(m), rest) => {
            let mut margs: Vec<Value> = rest.map(enumerate).unwrap_or_default();
            if let Some(a) = argument_list {
                margs.extend(enumerate(a));
            }
            Mode::Member {
                name: to_str(&m),
                args: margs,
            }
        }
        (None, Some(p)) => {
            let items = enumerate(p);
            if items.first().is_some_and(|f| it.stored_block(f).is_none()) {
                let mut items = items.into_iter();
                let name = items.next().map(|n| to_str(&n)).unwrap_or_default();
                let mut margs: Vec<Value> = items.collect();
                if let Some(a) = argument_list {
                    margs.extend(enumerate(a));
                }
                Mode::Member { name, args: margs }
            } else {
                let mut blocks = Vec::with_capacity(items.len());
                for i in &items {
                    blocks.push(block(it, i)?);
                }
                if blocks.len() >= 2 && !begin_given {
                    begin = Some(blocks.remove(0));
                }
                if blocks.len() >= 2 && !end_given {
                    end = blocks.pop();
                }
                Mode::Blocks {
                    begin,
                    process: blocks,
                    end,
                }
            }
        }
        (None, None) => Mode::Blocks {
            begin,
            process: Vec::new(),
            end,
        },
    };
    let mut stage = ForEachStage { mode };
    if let Some(input) = args.take("InputObject") {
        let mut out = Vec::new();
        stage.begin(it, &mut out)?;
        stage.process(it, Some(input), &mut out)?;
        stage.end(it, &mut out)?;
        return Ok(Box::new(super::MapStage {
            f: move |_: &mut Interp<'_>, _: Option<Value>, o: &mut Vec<Value>| {
                o.append(&mut out);
                Ok(())
            },
        }));
    }
    Ok(Box::new(stage))
}

fn run(it: &mut Interp<'_>, b: &Block, item: Value, out: &mut Vec<Value>) -> Res<()> {
    let (r, _) = it.run_block(&b.0, b.1, item, Vec::new(), true, out);
    r
}

impl Stage for ForEachStage {
    fn begin(&mut self, it: &mut Interp<'_>, out: &mut Vec<Value>) -> Res<()> {
        if let Mode::Blocks { begin: Some(b), .. } = &self.mode {
            run(it, b, Value::Null, out)?;
        }
        Ok(())
    }

    fn process(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        match &self.mode {
            Mode::Blocks { process, .. } => {
                let item = input.unwrap_or(Value::Null);
                for b in process {
                    run(it, b, item.clone(), out)?;
                }
            }
            Mode::Member { name, args } => {
                let Some(v) = input else { return Ok(()) };
                let has_property = matches!(&v, Value::Object(o) if o.get(name).is_some())
                    || matches!(&v, Value::Hashtable(h) if h.get(name).is_some());
                if has_property
                    || (args.is_empty() && !get_member(&v, name, it.culture()).is_null())
                {
                    out.extend(enumerate(get_member(&v, name, it.culture())));
                } else {
                    let r = it.call_method(v, name, args.clone(), Span::default())?;
                    out.push(r);
                }
            }
        }
        Ok(())
    }

    fn end(&mut self, it: &mut Interp<'_>, out: &mut Vec<Value>) -> Res<()> {
        if let Mode::Blocks { end: Some(b), .. } = &self.mode {
            run(it, b, Value::Null, out)?;
        }
        Ok(())
    }
}
