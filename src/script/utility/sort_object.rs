//! Sort-Object (`sort`): sorts the input by properties (names or calculated, each optionally descending),
//! stably, case-insensitively unless `-CaseSensitive`; `-Unique` keeps one of each key.

use crate::script::cmdlet::Example;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::property::{PropSpec, Source, column_value, expand, parse_specs};
use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::eval::compare::sort_cmp;
use crate::script::eval::flow::Res;
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Sort-Object",
    aliases: &["sort"],
    synopsis: "Sorts objects by property values.",
    params: &[
        ParameterInfo::value("Property", "Object[]")
            .position(0)
            .help("Properties to sort by: names or @{e={...}; Descending=$true}."),
        ParameterInfo::switch("Descending").help("Sorts in descending order."),
        ParameterInfo::switch("Unique").help("Keeps one object of each sort key."),
        ParameterInfo::switch("CaseSensitive").help("Sorts text case-sensitively."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to sort."),
    ],
    examples: &[Example {
        title: "Devices by model, newest sync first within a model",
        input: "Get-MobileDevice | Sort-Object DeviceModel, @{e='FriendlyName'; Descending=$true} | Select-Object DeviceModel, FriendlyName",
        output: r#"DeviceModel                 FriendlyName
-----------                 ------------
iPhone6C2                   Bob's iPhone
iPhone6C2                   Alice's iPhone
Outlook for iOS and Android Bob's phone
SM-G991B                    Galaxy S21"#,
    }],
    build,
};

fn build(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let specs: Vec<PropSpec> = match args.take("Property") {
        Some(p) => parse_specs(&p, &["Descending", "Ascending"])?,
        None => Vec::new(),
    };
    let descending = args.switch("Descending");
    let unique = args.switch("Unique");
    let cs = args.switch("CaseSensitive");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let columns = expand(&specs, &items);
            let mut keyed: Vec<(Vec<Value>, Value)> = Vec::with_capacity(items.len());
            for v in items {
                let mut keys = Vec::with_capacity(columns.len().max(1));
                if columns.is_empty() {
                    keys.push(v.clone());
                }
                for c in &columns {
                    let key = match &c.source {
                        Source::Name(_) | Source::Block(_) => column_value(it, &c.source, &v)?,
                    };
                    keys.push(key);
                }
                keyed.push((keys, v));
            }
            let order: Vec<bool> = if columns.is_empty() {
                vec![descending]
            } else {
                columns
                    .iter()
                    .map(|c| c.descending.unwrap_or(descending))
                    .collect()
            };
            keyed.sort_by(|a, b| {
                for (i, desc) in order.iter().enumerate() {
                    let o = sort_cmp(&a.0[i], &b.0[i], cs);
                    let o = if *desc { o.reverse() } else { o };
                    if o != std::cmp::Ordering::Equal {
                        return o;
                    }
                }
                std::cmp::Ordering::Equal
            });
            if unique {
                keyed.dedup_by(|a, b| {
                    a.0.len() == b.0.len()
                        && a.0
                            .iter()
                            .zip(&b.0)
                            .all(|(x, y)| sort_cmp(x, y, cs) == std::cmp::Ordering::Equal)
                });
            }
            out.extend(keyed.into_iter().map(|(_, v)| v));
            Ok(())
        },
    )))
}
