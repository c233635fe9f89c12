//! Format-Table (`ft`) and Format-List (`fl`): lay out the input with chosen properties (names, wildcards,
//! calculated properties with Label, Width, Alignment and FormatString), or the type's default view, and write
//! the finished text, which Out-Default prints as is.
//!
//! The text is written as one string (PowerShell writes format records; the difference shows only when the
//! result is captured in a variable, where it is the text).

use crate::script::cmdlet::Example;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use super::property::{Column, Source, column_value, expand, parse_specs, property_names};
use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::eval::flow::{Res, unsupported};
use crate::script::eval::format::views::{View, default_view};
use crate::script::eval::format::{Align, cell_text, list, render_values, table};
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::strings::format_value;
use crate::script::registry::Registry;

pub(crate) static FORMAT_TABLE: UtilityInfo = UtilityInfo {
    name: "Format-Table",
    aliases: &["ft"],
    synopsis: "Formats the output as a table.",
    params: &[
        ParameterInfo::value("Property", "Object[]")
            .position(0)
            .help("Columns: property names, wildcards, or @{Label=...; Expression={...}; Width=n; Alignment='Right'}."),
        ParameterInfo::switch("AutoSize").help("Sizes columns to their content (the shell always does)."),
        ParameterInfo::switch("HideTableHeaders").help("Leaves out the header and dashes rows."),
        ParameterInfo::switch("Wrap").help("Accepted; long cells are cut at the console width."),
        ParameterInfo::value("GroupBy", "Object").help("Not supported by the easim shell."),
        ParameterInfo::value("InputObject", "PSObject").piped().help("The objects to format."),
    ],
    examples: &[Example {
        title: "A table with a calculated column",
        input: "Get-CASMailbox -ResultSize Unlimited | Format-Table Name, @{Label='Allowed'; Expression={$_.ActiveSyncAllowedDeviceIDs.Count}}",
        output: r#"Name     Allowed
----     -------
Alice          0
Bob            1
Carol          0
HelpDesk       0"#,
    }],
    build: build_table,
};

pub(crate) static FORMAT_LIST: UtilityInfo = UtilityInfo {
    name: "Format-List",
    aliases: &["fl"],
    synopsis: "Formats the output as a list of properties, one per line.",
    params: &[
        ParameterInfo::value("Property", "Object[]")
            .position(0)
            .help("Properties to show: names, wildcards (* for all), or calculated properties."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to format."),
    ],
    examples: &[Example {
        title: "Chosen properties of a device",
        input: "Get-MobileDevice -Mailbox bob | Format-List DeviceId, DeviceModel, DeviceAccessState",
        output: r#"DeviceId          : ApplG7H8J9K0
DeviceModel       : iPhone6C2
DeviceAccessState : Allowed

DeviceId          : 5eec4e94a1b2c3d4
DeviceModel       : Outlook for iOS and Android
DeviceAccessState : Allowed"#,
    }],
    build: build_list,
};

fn default_columns(items: &[Value], for_table: bool, reg: &Registry) -> Vec<Column> {
    let first = &items[0];
    let names: Vec<String> = match (default_view(first, reg), for_table) {
        (View::Table(cols), true) => cols,
        _ => property_names(first),
    };
    names
        .into_iter()
        .map(|n| Column {
            label: n.clone(),
            source: Source::Name(n),
            width: None,
            align: None,
            descending: None,
            format: None,
        })
        .collect()
}

fn is_formattable(v: &Value) -> bool {
    matches!(v, Value::Object(_) | Value::Hashtable(_))
}

fn cell(it: &mut Interp<'_>, c: &Column, v: &Value) -> Res<(Value, String)> {
    let x = column_value(it, &c.source, v)?;
    let text = match &c.format {
        Some(f) => format_value(&x, f, it.culture()).map_err(unsupported)?,
        None => cell_text(&x, it.culture()),
    };
    Ok((x, text))
}

fn build_table(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    if args.has("GroupBy") {
        return Err(unsupported("Format-Table -GroupBy").into());
    }
    let specs = match args.take("Property") {
        Some(p) => Some(parse_specs(&p, &["Width", "Alignment", "FormatString"])?),
        None => None,
    };
    let hide = args.switch("HideTableHeaders");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let width = it.st.options.width;
            if items.is_empty() {
                return Ok(());
            }
            if !items.iter().any(is_formattable) {
                out.push(Value::from(
                    render_values(&items, width, it.host.registry(), it.culture())
                        .trim_end_matches('\n')
                        .to_string(),
                ));
                return Ok(());
            }
            let columns = match &specs {
                Some(s) => expand(s, &items),
                None => default_columns(&items, true, it.host.registry()),
            };
            let mut rows = Vec::with_capacity(items.len());
            let mut align: Vec<Option<Align>> = columns.iter().map(|c| c.align).collect();
            for v in &items {
                let mut row = Vec::with_capacity(columns.len());
                for (i, c) in columns.iter().enumerate() {
                    let (x, text) = cell(it, c, v)?;
                    if align[i].is_none() {
                        align[i] = Some(match x {
                            Value::Int(_) | Value::Long(_) | Value::Byte(_) | Value::Double(_) => {
                                Align::Right
                            }
                            _ => Align::Left,
                        });
                    }
                    row.push(text);
                }
                rows.push(row);
            }
            let t = table::Table {
                headers: columns.iter().map(|c| c.label.clone()).collect(),
                align: align
                    .into_iter()
                    .map(|a| a.unwrap_or(Align::Left))
                    .collect(),
                widths: columns.iter().map(|c| c.width).collect(),
                rows,
                hide_headers: hide,
            };
            out.push(Value::from(table::render(&t, width)));
            Ok(())
        },
    )))
}

fn build_list(_it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let specs = match args.take("Property") {
        Some(p) => Some(parse_specs(&p, &["FormatString"])?),
        None => None,
    };
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let width = it.st.options.width;
            if items.is_empty() {
                return Ok(());
            }
            let mut records = Vec::with_capacity(items.len());
            for v in &items {
                if !is_formattable(v) {
                    records.push(vec![(String::new(), cell_text(v, it.culture()))]);
                    continue;
                }
                let columns = match &specs {
                    Some(s) => expand(s, std::slice::from_ref(v)),
                    None => default_columns(std::slice::from_ref(v), false, it.host.registry()),
                };
                let mut record = Vec::with_capacity(columns.len());
                for c in &columns {
                    let (_, text) = cell(it, c, v)?;
                    record.push((c.label.clone(), text));
                }
                records.push(record);
            }
            let text = list::render(&records, width);
            out.push(Value::from(text.trim_end_matches('\n').to_string() + "\n"));
            Ok(())
        },
    )))
}
