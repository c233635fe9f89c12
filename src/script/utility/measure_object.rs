//! Measure-Object (`measure`): counts the input and, for numeric properties (or the objects themselves), the
//! sum, average, maximum and minimum, as Windows PowerShell's GenericMeasureInfo (Count, Average, Sum,
//! Maximum, Minimum, Property).

use crate::script::cmdlet::Example;
use crate::script::error::ErrorCategory;
use crate::script::params::ParameterInfo;
use crate::script::value::{PsObject, Value};

use super::property::parse_specs;
use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::eval::convert::{MEASURE_INFO, to_number, to_str};
use crate::script::eval::flow::{Res, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::members::get_member;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Measure-Object",
    aliases: &["measure"],
    synopsis: "Calculates the count, sum, average, maximum and minimum of objects or numeric properties.",
    params: &[
        ParameterInfo::value("Property", "String[]")
            .position(0)
            .help("The numeric properties to measure."),
        ParameterInfo::switch("Line")
            .sets(&["TextMeasure"])
            .help("Counts the lines of text input."),
        ParameterInfo::switch("Word")
            .sets(&["TextMeasure"])
            .help("Counts the words of text input."),
        ParameterInfo::switch("Character")
            .sets(&["TextMeasure"])
            .help("Counts the characters of text input."),
        ParameterInfo::switch("IgnoreWhiteSpace")
            .sets(&["TextMeasure"])
            .help("Leaves white space out of -Character's count."),
        ParameterInfo::switch("Sum").help("Adds up the values."),
        ParameterInfo::switch("Average").help("Averages the values."),
        ParameterInfo::switch("Maximum").help("The largest value."),
        ParameterInfo::switch("Minimum").help("The smallest value."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to measure."),
    ],
    examples: &[Example {
        title: "Count the devices",
        input: "(Get-MobileDevice | Measure-Object).Count",
        output: "4",
    }],
    build,
};

fn build(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let props: Vec<String> = match args.take("Property") {
        Some(p) => parse_specs(&p, &[])?
            .into_iter()
            .map(|s| match s.source {
                super::property::Source::Name(n) => n,
                super::property::Source::Block(b) => to_str(&b),
            })
            .collect(),
        None => Vec::new(),
    };
    let (sum, avg, max, min) = (
        args.switch("Sum"),
        args.switch("Average"),
        args.switch("Maximum"),
        args.switch("Minimum"),
    );
    let input = args.take("InputObject");
    let text = TextSwitches {
        lines: args.switch("Line"),
        words: args.switch("Word"),
        characters: args.switch("Character"),
        ignore_white_space: args.switch("IgnoreWhiteSpace"),
    };
    if text.lines || text.words || text.characters {
        return Ok(Box::new(CollectStage::new(
            move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
                let items = super::input_or(items, input);
                let targets: Vec<Option<&str>> = if props.is_empty() {
                    vec![None]
                } else {
                    props.iter().map(|p| Some(p.as_str())).collect()
                };
                for prop in targets {
                    let texts: Vec<String> = items
                        .iter()
                        .map(|v| match prop {
                            Some(p) => get_member(v, p, it.culture()),
                            None => v.clone(),
                        })
                        .filter(|v| !v.is_null())
                        .map(|v| to_str(&v))
                        .collect();
                    out.push(text_measure(&texts, &text, prop));
                }
                Ok(())
            },
        )));
    }
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let targets: Vec<Option<&str>> = if props.is_empty() {
                vec![None]
            } else {
                props.iter().map(|p| Some(p.as_str())).collect()
            };
            for prop in targets {
                let values: Vec<Value> = items
                    .iter()
                    .map(|v| match prop {
                        Some(p) => get_member(v, p, it.culture()),
                        None => v.clone(),
                    })
                    .filter(|v| !v.is_null())
                    .collect();
                let mut numbers = Vec::new();
                if sum || avg || max || min {
                    for v in &values {
                        match to_number(v) {
                            Some(n) => numbers.push(n),
                            None => {
                                return Err(runtime(
                                    ErrorCategory::InvalidType,
                                    "NonNumericInputObject",
                                    format!("Input object \"{}\" is not numeric.", to_str(v)),
                                )
                                .in_command("Measure-Object")
                                .into());
                            }
                        }
                    }
                }
                let total: f64 = numbers.iter().map(|n| n.as_f64()).sum();
                let num = Value::Double;
                let pick = |better: fn(f64, f64) -> bool| {
                    numbers
                        .iter()
                        .map(|n| n.as_f64())
                        .reduce(|a, b| if better(b, a) { b } else { a })
                        .map_or(Value::Null, num)
                };
                let mut o = PsObject::with_capacity(MEASURE_INFO, 6);
                o.push("Count", values.len() as i64);
                o.push(
                    "Average",
                    if avg && !numbers.is_empty() {
                        num(total / numbers.len() as f64)
                    } else {
                        Value::Null
                    },
                );
                o.push("Sum", if sum { num(total) } else { Value::Null });
                o.push(
                    "Maximum",
                    if max { pick(|a, b| a > b) } else { Value::Null },
                );
                o.push(
                    "Minimum",
                    if min { pick(|a, b| a < b) } else { Value::Null },
                );
                o.push("Property", prop.map_or(Value::Null, Value::from));
                out.push(Value::Object(o));
            }
            Ok(())
        },
    )))
}

/// `-Line`, `-Word`, `-Character` and `-IgnoreWhiteSpace`.
struct TextSwitches {
    lines: bool,
    words: bool,
    characters: bool,
    ignore_white_space: bool,
}

/// A TextMeasureInfo, counted as Windows PowerShell 5.1's TextCountUtilities count: lines are the `\n`s plus
/// one unless the text ends with one, words are runs of non-white space, characters all (or all but white
/// space); what was not asked for is `$null`.
fn text_measure(texts: &[String], switches: &TextSwitches, prop: Option<&str>) -> Value {
    let (mut lines, mut words, mut characters) = (0i64, 0i64, 0i64);
    for t in texts.iter().filter(|t| !t.is_empty()) {
        let newlines = t.chars().filter(|c| *c == '\n').count() as i64;
        lines += newlines + i64::from(!t.ends_with('\n'));
        let mut was_space = true;
        for c in t.chars() {
            if c.is_whitespace() {
                was_space = true;
            } else {
                if was_space {
                    words += 1;
                }
                was_space = false;
            }
        }
        characters += t
            .chars()
            .filter(|c| !switches.ignore_white_space || !c.is_whitespace())
            .count() as i64;
    }
    let mut o = PsObject::with_capacity("Microsoft.PowerShell.Commands.TextMeasureInfo", 4);
    let pick = |on: bool, n: i64| if on { Value::Int(n) } else { Value::Null };
    o.push("Lines", pick(switches.lines, lines));
    o.push("Words", pick(switches.words, words));
    o.push("Characters", pick(switches.characters, characters));
    o.push("Property", prop.map_or(Value::Null, Value::from));
    Value::Object(o)
}
