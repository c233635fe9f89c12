//! Where-Object (`?`, `where`): passes on the input objects for which a script block is true, or (the simplified
//! syntax `Where-Object Name -like 'a*'`) whose property compares true with a value.
//!
//! The script block runs in the caller's scope with `$_` set to the object, as in PowerShell.

use crate::script::params::ParameterInfo;
use std::sync::Arc;

use crate::script::cmdlet::Example;
use crate::script::syntax::{Case, CompareOp, ScriptBlock};
use crate::script::value::Value;

use super::{UArgs, UtilityInfo};
use crate::script::error::ErrorCategory;
use crate::script::eval::convert::is_true;
use crate::script::eval::flow::{Res, runtime, unsupported};
use crate::script::eval::functions::truthy;
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::members::get_member;
use crate::script::eval::operators::compare;

/// The comparison switches of the simplified syntax.
const OPERATORS: &[(&str, CompareOp, Case)] = &[
    ("EQ", CompareOp::Eq, Case::Insensitive),
    ("NE", CompareOp::Ne, Case::Insensitive),
    ("GT", CompareOp::Gt, Case::Insensitive),
    ("GE", CompareOp::Ge, Case::Insensitive),
    ("LT", CompareOp::Lt, Case::Insensitive),
    ("LE", CompareOp::Le, Case::Insensitive),
    ("Like", CompareOp::Like, Case::Insensitive),
    ("NotLike", CompareOp::NotLike, Case::Insensitive),
    ("Match", CompareOp::Match, Case::Insensitive),
    ("NotMatch", CompareOp::NotMatch, Case::Insensitive),
    ("Contains", CompareOp::Contains, Case::Insensitive),
    ("NotContains", CompareOp::NotContains, Case::Insensitive),
    ("In", CompareOp::In, Case::Insensitive),
    ("NotIn", CompareOp::NotIn, Case::Insensitive),
    ("CEQ", CompareOp::Eq, Case::Sensitive),
    ("CNE", CompareOp::Ne, Case::Sensitive),
    ("CLike", CompareOp::Like, Case::Sensitive),
    ("CMatch", CompareOp::Match, Case::Sensitive),
];

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Where-Object",
    aliases: &["?", "where"],
    synopsis: "Selects objects from a collection based on their property values.",
    params: &[
        ParameterInfo::value("FilterScript", "ScriptBlock")
            .position(0)
            .help("The script block that decides; $_ is the current object. A property name in the simplified syntax."),
        ParameterInfo::value("Value", "Object").position(1).help("The value the property is compared with (simplified syntax)."),
        ParameterInfo::value("Property", "String").help("The property to compare (simplified syntax)."),
        ParameterInfo::value("InputObject", "PSObject").piped().help("The objects to filter."),
        ParameterInfo::switch("EQ"),
        ParameterInfo::switch("NE"),
        ParameterInfo::switch("GT"),
        ParameterInfo::switch("GE"),
        ParameterInfo::switch("LT"),
        ParameterInfo::switch("LE"),
        ParameterInfo::switch("Like"),
        ParameterInfo::switch("NotLike"),
        ParameterInfo::switch("Match"),
        ParameterInfo::switch("NotMatch"),
        ParameterInfo::switch("Contains"),
        ParameterInfo::switch("NotContains"),
        ParameterInfo::switch("In"),
        ParameterInfo::switch("NotIn"),
        ParameterInfo::switch("CEQ"),
        ParameterInfo::switch("CNE"),
        ParameterInfo::switch("CLike"),
        ParameterInfo::switch("CMatch"),
    ],
    examples: &[
        Example {
            title: "Keep the quarantined devices",
            input: "Get-MobileDevice | Where-Object {$_.DeviceAccessState -eq 'Quarantined'} | Select-Object DeviceId, UserDisplayName",
            output: r#"DeviceId     UserDisplayName
--------     ---------------
SEC1A2B3C4D5 contoso.com/Users/Alice"#,
        },
        Example {
            title: "The simplified syntax",
            input: "Get-MobileDevice | ? DeviceModel -like 'iPhone*' | Select-Object -ExpandProperty DeviceId",
            output: r#"ApplF17XK1AB
ApplG7H8J9K0"#,
        },
    ],
    build,
};

enum Mode {
    Block(Arc<ScriptBlock>, u32),
    Compare {
        property: String,
        op: Option<(CompareOp, Case)>,
        value: Value,
    },
}

struct WhereStage {
    mode: Mode,
}

fn build(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let filter = args.take("FilterScript");
    let property = args.take("Property");
    let op = OPERATORS
        .iter()
        .find(|(n, _, _)| args.switch(n))
        .map(|(_, op, case)| (*op, *case));
    let mode = match (filter, property) {
        (Some(f), None) => match it.stored_block(&f) {
            Some((sb, unit)) => Mode::Block(sb, unit),
            None => Mode::Compare {
                property: crate::script::eval::convert::to_str(&f),
                op,
                value: args.take("Value").unwrap_or(Value::Bool(true)),
            },
        },
        (None, Some(p)) => Mode::Compare {
            property: crate::script::eval::convert::to_str(&p),
            op,
            value: args.take("Value").unwrap_or(Value::Bool(true)),
        },
        (Some(_), Some(_)) => {
            return Err(runtime(
                ErrorCategory::InvalidArgument,
                "AmbiguousParameterSet",
                "Parameter set cannot be resolved using the specified named parameters.",
            )
            .into());
        }
        (None, None) => {
            return Err(unsupported("Where-Object without a filter script or property").into());
        }
    };
    if let Some(input) = args.take("InputObject") {
        // `-InputObject` is filtered as one object, as in PowerShell.
        let mut stage = WhereStage { mode };
        let mut out = Vec::new();
        stage.process(it, Some(input), &mut out)?;
        return Ok(Box::new(super::MapStage {
            f: move |_: &mut Interp<'_>, _: Option<Value>, o: &mut Vec<Value>| {
                o.append(&mut out);
                Ok(())
            },
        }));
    }
    Ok(Box::new(WhereStage { mode }))
}

impl Stage for WhereStage {
    fn process(
        &mut self,
        it: &mut Interp<'_>,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> Res<()> {
        let Some(v) = input else { return Ok(()) };
        match &self.mode {
            Mode::Block(sb, unit) => {
                let mut buf = Vec::new();
                let (r, item) = it.run_block(sb, *unit, v, Vec::new(), true, &mut buf);
                r?;
                if truthy(buf) {
                    out.push(item);
                }
            }
            Mode::Compare {
                property,
                op,
                value,
            } => {
                let lhs = get_member(&v, property, it.culture());
                let keep = match op {
                    None => is_true(&lhs),
                    Some((op, case)) => {
                        let r = compare(*op, *case, lhs, value.clone(), &mut it.st.regexes)?;
                        is_true(&r.value)
                    }
                };
                if keep {
                    out.push(v);
                }
            }
        }
        Ok(())
    }
}
