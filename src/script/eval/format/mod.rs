//! PowerShell-looking output: how values look in table cells and list values (`cell_text`), the default view
//! of each object type (`views`), table and list layout, and `OutDefault`, which formats what a top-level
//! statement writes the way Out-Default does: strings and numbers as lines as they come, runs of objects of one
//! type as one table or list (the type's default view, else a table for up to four properties and a list for
//! more).
//!
//! Dates and doubles show in the session culture (en-US `11/23/2026 1:42:01 AM`, de-DE `23.11.2026 01:42:01`). Nothing here evaluates script blocks:
//! Format-Table's calculated properties are computed by the cmdlet, which hands over finished texts.

pub(crate) mod list;
pub(crate) mod table;
pub(crate) mod views;

pub(crate) use table::Align;

use crate::script::culture::Culture;
use crate::script::registry::Registry;
use crate::script::value::Value;

use crate::script::eval::convert::{
    ERROR_RECORD, SCRIPT_BLOCK, date_culture, format_double_in, object_text, to_str_culture,
};
use crate::script::eval::date_format::standard;
use crate::script::eval::members::{dictionary_entries, get_member};
use crate::script::eval::shell_host::ShellHost;

use views::View;

/// How many items of a collection a cell shows before `...` (PowerShell's `$FormatEnumerationLimit`).
pub(crate) const ENUMERATION_LIMIT: usize = 4;

/// A value as a table cell or list value shows it: dates in the culture, collections as `{a, b, c, d...}`.
pub(crate) fn cell_text(v: &Value, c: &Culture) -> String {
    match v {
        Value::Array(_) | Value::Hashtable(_) | Value::Object(_) => {
            crate::script::value::nested(v.to_text(), || nested_cell_text(v, c))
        }
        other => nested_cell_text(other, c),
    }
}

fn nested_cell_text(v: &Value, c: &Culture) -> String {
    match v {
        Value::Null | Value::Nothing => String::new(),
        Value::DateTime(t) => date_culture(*t, c),
        Value::Double(d) => format_double_in(*d, c),
        Value::String(s) => s.to_string(),
        Value::Array(items) => {
            let items = items.to_vec();
            let mut parts: Vec<String> = items
                .iter()
                .take(ENUMERATION_LIMIT)
                .map(|x| cell_text(x, c))
                .collect();
            if items.len() > ENUMERATION_LIMIT
                && let Some(last) = parts.last_mut()
            {
                last.push_str("...");
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Hashtable(h) => {
            let parts: Vec<String> = h
                .iter()
                .take(ENUMERATION_LIMIT)
                .map(|(k, v)| format!("[{k}, {}]", cell_text(&v, c)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Object(o) => object_text(o, Some(c)),
        other => to_str_culture(other, c),
    }
}

/// A value that Out-Default writes as plain lines rather than a table or list (`None` for `$null`).
/// A date shows as its `DateTime` property: the culture's long date and long time.
fn scalar_text(v: &Value, c: &Culture) -> Option<Option<String>> {
    Some(match v {
        Value::Null | Value::Nothing => None,
        Value::DateTime(t) => Some(format!("{} {}", standard(*t, "D", c), standard(*t, "T", c))),
        Value::Object(o) if o.type_name() == SCRIPT_BLOCK || o.type_name() == ERROR_RECORD => {
            Some(object_text(o, Some(c)))
        }
        Value::Object(_) | Value::Hashtable(_) | Value::Guid(_) => return None,
        other => Some(to_str_culture(other, c)),
    })
}

/// The grouping key of a value Out-Default formats as a table or list: values of one type share a table.
fn group_key(v: &Value) -> String {
    match v {
        Value::Object(o) => o.type_name().to_string(),
        Value::Hashtable(_) => "#hashtable".to_string(),
        Value::Guid(_) => "#guid".to_string(),
        _ => "#other".to_string(),
    }
}

/// Formats a run of values of one type with their default view.
pub(crate) fn render_group(values: &[Value], width: usize, reg: &Registry, c: &Culture) -> String {
    let Some(first) = values.first() else {
        return String::new();
    };
    if let Value::Guid(_) = first {
        let t = table::Table {
            headers: vec!["Guid".into()],
            align: vec![Align::Left],
            widths: vec![None],
            rows: values.iter().map(|v| vec![cell_text(v, c)]).collect(),
            hide_headers: false,
        };
        return table::render(&t, width) + "\n";
    }
    if let Value::Hashtable(_) = first {
        let entries: Vec<Value> = values
            .iter()
            .flat_map(|v| match v {
                Value::Hashtable(h) => dictionary_entries(h),
                _ => Vec::new(),
            })
            .collect();
        return name_value_table(&entries, width, c);
    }
    match views::default_view(first, reg) {
        View::NameValue => name_value_table(values, width, c),
        View::Table(columns) => {
            let widths = views::fixed_widths(first, &columns);
            render_table(values, &columns, widths, width, c) + "\n"
        }
        View::List(columns) => {
            let records: Vec<list::Record> = values
                .iter()
                .map(|v| match &columns {
                    Some(cols) => cols
                        .iter()
                        .map(|col| (col.to_string(), cell_text(&get_member(v, col, c), c)))
                        .collect(),
                    None => match v {
                        Value::Object(o) => o
                            .props()
                            .map(|(k, x)| (k.to_string(), cell_text(&x, c)))
                            .collect(),
                        other => vec![("Value".to_string(), cell_text(other, c))],
                    },
                })
                .collect();
            list::render(&records, width)
        }
    }
}

/// A table of the given properties, numbers right-aligned (decided by the first object's values), with the
/// column widths a view fixes (`None`: as wide as the values).
fn render_table(
    values: &[Value],
    columns: &[String],
    widths: Vec<Option<usize>>,
    width: usize,
    c: &Culture,
) -> String {
    let first = values.first().cloned().unwrap_or_default();
    let align = columns
        .iter()
        .map(|col| match get_member(&first, col, c) {
            _ if views::all_left(&first) => Align::Left,
            Value::Int(_) | Value::Long(_) | Value::Byte(_) | Value::Double(_) => Align::Right,
            _ => Align::Left,
        })
        .collect();
    let t = table::Table {
        headers: columns.to_vec(),
        align,
        widths,
        rows: values
            .iter()
            .map(|v| {
                columns
                    .iter()
                    .map(|col| cell_text(&get_member(v, col, c), c))
                    .collect()
            })
            .collect(),
        hide_headers: false,
    };
    table::render(&t, width)
}

/// Format-Table's layout for texts a caller already has, such as the command line's own tables: a header row,
/// dashes as long as each header, one line per row, columns as wide as their widest cell, `right_aligned`
/// columns (by index) right-aligned. No console width (nothing is cut) and no leading blank line.
pub fn text_table(headers: &[&str], right_aligned: &[usize], rows: Vec<Vec<String>>) -> String {
    let t = table::Table {
        headers: headers.iter().map(|h| h.to_string()).collect(),
        align: (0..headers.len())
            .map(|i| {
                if right_aligned.contains(&i) {
                    Align::Right
                } else {
                    Align::Left
                }
            })
            .collect(),
        widths: vec![None; headers.len()],
        rows,
        hide_headers: false,
    };
    let text = table::render(&t, usize::MAX);
    text.strip_prefix('\n').unwrap_or(&text).to_string()
}

/// Hashtable entries (and DictionaryEntry objects) as PowerShell shows them: `Name` 30 wide, then `Value`.
fn name_value_table(entries: &[Value], width: usize, c: &Culture) -> String {
    let t = table::Table {
        headers: vec!["Name".into(), "Value".into()],
        align: vec![Align::Left, Align::Left],
        widths: vec![Some(30), None],
        rows: entries
            .iter()
            .map(|e| {
                vec![
                    cell_text(&get_member(e, "Name", c), c),
                    cell_text(&get_member(e, "Value", c), c),
                ]
            })
            .collect(),
        hide_headers: false,
    };
    table::render(&t, width) + "\n"
}

/// What Out-Default (and Out-String) shows for a sequence of values.
pub(crate) fn render_values(values: &[Value], width: usize, reg: &Registry, c: &Culture) -> String {
    let mut out = String::new();
    let mut group: Vec<Value> = Vec::new();
    let mut key = String::new();
    for v in values {
        match scalar_text(v, c) {
            Some(text) => {
                out.push_str(&render_group(&group, width, reg, c));
                group.clear();
                if let Some(t) = text {
                    out.push_str(&t);
                    out.push('\n');
                }
            }
            None => {
                let k = group_key(v);
                if k != key && !group.is_empty() {
                    out.push_str(&render_group(&group, width, reg, c));
                    group.clear();
                }
                key = k;
                group.push(v.clone());
            }
        }
    }
    out.push_str(&render_group(&group, width, reg, c));
    out
}

/// Out-Default for one top-level statement: lines go out as they come, runs of objects are formatted together
/// when something else arrives or the statement ends.
#[derive(Debug)]
pub(crate) struct OutDefault {
    width: usize,
    reg: &'static Registry,
    culture: &'static Culture,
    pending: Vec<Value>,
    key: String,
}

impl OutDefault {
    pub(crate) fn new(
        width: usize,
        reg: &'static Registry,
        culture: &'static Culture,
    ) -> OutDefault {
        OutDefault {
            width,
            reg,
            culture,
            pending: Vec::new(),
            key: String::new(),
        }
    }

    pub(crate) fn push(&mut self, v: Value, host: &mut dyn ShellHost) {
        // Out-Default enumerates a collection that arrives as one object (`,@(1, 2)`, `-split "1 2", "a b"`).
        // An array holding itself is enumerated to `MAX_DEPTH` levels, then shown as one object.
        let v = match v {
            Value::Array(items) if !crate::script::value::too_deep() => {
                let items = items.into_vec();
                crate::script::value::nested((), || {
                    for item in items {
                        self.push(item, host);
                    }
                });
                return;
            }
            v => v,
        };
        match scalar_text(&v, self.culture) {
            Some(None) => {}
            Some(Some(text)) => {
                self.flush(host);
                host.write_output(&format!("{text}\n"));
            }
            None => {
                let k = group_key(&v);
                if k != self.key {
                    self.flush(host);
                    self.key = k;
                }
                if matches!(views::default_view(&v, self.reg), View::List(_))
                    && matches!(v, Value::Object(_))
                {
                    // A list needs no column widths: each record shows as it comes, as in PowerShell.
                    host.write_output(&render_group(
                        std::slice::from_ref(&v),
                        self.width,
                        self.reg,
                        self.culture,
                    ));
                    return;
                }
                self.pending.push(v);
            }
        }
    }

    pub(crate) fn flush(&mut self, host: &mut dyn ShellHost) {
        if self.pending.is_empty() {
            return;
        }
        let text = render_group(&self.pending, self.width, self.reg, self.culture);
        self.pending.clear();
        self.key.clear();
        host.write_output(&text);
    }
}
