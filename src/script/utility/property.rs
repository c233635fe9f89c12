//! Property lists as Select-Object, Sort-Object, Group-Object, Measure-Object and Format-Table/List take them:
//! names, wildcards (`devicea*`), script blocks, and calculated properties
//! `@{n/Name/l/Label=…; e/Expression=…}` (plus `Width`, `Alignment`, `FormatString`, `Descending`/`Ascending`
//! where the cmdlet uses them), with PowerShell's prefix matching of the keys.
//!
//! Evaluating a column for an object is here too, so every cmdlet computes properties the same way.

use crate::model::eq_ci;
use crate::script::error::ErrorCategory;
use crate::script::eval::format::Align;
use crate::script::value::Value;

use crate::script::eval::compare::like;
use crate::script::eval::convert::{SCRIPT_BLOCK, collapse_or_null, to_str};
use crate::script::eval::flow::{Res, RuntimeError, runtime};
use crate::script::eval::interp::Interp;
use crate::script::eval::members::get_member;

/// Where a column's value comes from.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    Name(String),
    Block(Value),
}

/// One entry of a property list.
#[derive(Clone, Debug)]
pub(crate) struct PropSpec {
    pub(crate) label: Option<String>,
    pub(crate) source: Source,
    pub(crate) width: Option<usize>,
    pub(crate) align: Option<Align>,
    pub(crate) descending: Option<bool>,
    pub(crate) format: Option<String>,
}

/// A resolved column: wildcards expanded against the objects' property names.
#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub(crate) label: String,
    pub(crate) source: Source,
    pub(crate) width: Option<usize>,
    pub(crate) align: Option<Align>,
    pub(crate) descending: Option<bool>,
    pub(crate) format: Option<String>,
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.type_name() == SCRIPT_BLOCK)
}

fn bad_key(key: &str) -> RuntimeError {
    runtime(
        ErrorCategory::InvalidArgument,
        "DictionaryKeyIllegal",
        format!("The \"{key}\" key is not valid."),
    )
}

/// Which calculated-property key `key` is: a prefix of one of the known names.
fn key_kind(key: &str, allowed: &[&'static str]) -> Option<&'static str> {
    let k = key.to_ascii_lowercase();
    let names: [(&str, &'static str); 8] = [
        ("name", "Name"),
        ("label", "Label"),
        ("expression", "Expression"),
        ("width", "Width"),
        ("alignment", "Alignment"),
        ("formatstring", "FormatString"),
        ("descending", "Descending"),
        ("ascending", "Ascending"),
    ];
    let hits: Vec<&'static str> = names
        .iter()
        .filter(|(full, canon)| !k.is_empty() && full.starts_with(&k) && allowed.contains(canon))
        .map(|(_, canon)| *canon)
        .collect();
    match hits.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

/// Parses a `-Property` argument. `allowed` lists the hashtable keys this cmdlet accepts besides Name/Label and
/// Expression.
pub(crate) fn parse_specs(
    v: &Value,
    extra_keys: &[&'static str],
) -> Result<Vec<PropSpec>, RuntimeError> {
    let mut allowed: Vec<&'static str> = vec!["Name", "Label", "Expression"];
    allowed.extend_from_slice(extra_keys);
    let items = match v {
        Value::Array(items) => items.to_vec(),
        Value::Null | Value::Nothing => Vec::new(),
        one => vec![one.clone()],
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let spec = match &item {
            Value::Hashtable(h) => {
                let mut spec = PropSpec {
                    label: None,
                    source: Source::Name(String::new()),
                    width: None,
                    align: None,
                    descending: None,
                    format: None,
                };
                let mut has_expr = false;
                for (k, v) in h.iter() {
                    match key_kind(&k, &allowed).ok_or_else(|| bad_key(&k))? {
                        "Name" | "Label" => spec.label = Some(to_str(&v)),
                        "Expression" => {
                            has_expr = true;
                            spec.source = if is_block(&v) {
                                Source::Block(v.clone())
                            } else {
                                Source::Name(to_str(&v))
                            };
                        }
                        "Width" => {
                            spec.width = crate::script::eval::convert::to_int(&v)
                                .map(|w| w.clamp(1, 10_000) as usize)
                        }
                        "Alignment" => {
                            spec.align = Some(if eq_ci(to_str(&v).trim(), "Right") {
                                Align::Right
                            } else {
                                Align::Left
                            })
                        }
                        "FormatString" => spec.format = Some(to_str(&v)),
                        "Descending" => {
                            spec.descending = Some(crate::script::eval::convert::is_true(&v))
                        }
                        _ => spec.descending = Some(!crate::script::eval::convert::is_true(&v)),
                    }
                }
                if !has_expr {
                    if let (Some(label), true) = (&spec.label, extra_keys.contains(&"Descending")) {
                        spec.source = Source::Name(label.clone());
                    } else {
                        return Err(runtime(
                            ErrorCategory::InvalidArgument,
                            "DictionaryKeyMissing",
                            "The \"Expression\" key is missing from the hash table of a calculated property.",
                        ));
                    }
                }
                spec
            }
            v if is_block(v) => PropSpec {
                label: Some(to_str(v).trim().to_string()),
                source: Source::Block(v.clone()),
                width: None,
                align: None,
                descending: None,
                format: None,
            },
            v => PropSpec {
                label: None,
                source: Source::Name(to_str(v)),
                width: None,
                align: None,
                descending: None,
                format: None,
            },
        };
        out.push(spec);
    }
    Ok(out)
}

/// The property names of a value, in order (objects' properties; hashtables have none of their own here).
pub(crate) fn property_names(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o.props().map(|(k, _)| k.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Resolves specs against the objects: a wildcard name becomes every matching property of the first object
/// that has any (in the object's order), duplicates dropped.
pub(crate) fn expand(specs: &[PropSpec], objects: &[Value]) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    let names: Vec<String> = objects
        .iter()
        .map(property_names)
        .find(|n| !n.is_empty())
        .unwrap_or_default();
    for s in specs {
        let column = |label: String, source: Source| Column {
            label,
            source,
            width: s.width,
            align: s.align,
            descending: s.descending,
            format: s.format.clone(),
        };
        match (&s.source, &s.label) {
            (Source::Name(n), None) if has_wildcard(n) => {
                for name in names.iter().filter(|p| like(p, n, false)) {
                    if !out.iter().any(|c| eq_ci(&c.label, name)) {
                        out.push(column(name.clone(), Source::Name(name.clone())));
                    }
                }
            }
            (Source::Name(n), None) => {
                let label = names
                    .iter()
                    .find(|p| eq_ci(p, n))
                    .cloned()
                    .unwrap_or_else(|| n.clone());
                if !out.iter().any(|c| eq_ci(&c.label, &label)) {
                    out.push(column(label, s.source.clone()));
                }
            }
            (source, label) => {
                let label = label.clone().unwrap_or_else(|| match source {
                    Source::Name(n) => n.clone(),
                    Source::Block(b) => to_str(b).trim().to_string(),
                });
                out.push(column(label, source.clone()));
            }
        }
    }
    out
}

/// A column's value for one object: a property (member enumeration included) or a script block run with
/// `$_` set to the object.
pub(crate) fn column_value(it: &mut Interp<'_>, source: &Source, obj: &Value) -> Res<Value> {
    match source {
        Source::Name(n) => Ok(match obj {
            Value::Hashtable(h) => hashtable_property(h, n),
            _ => get_member(obj, n, it.culture()),
        }),
        Source::Block(b) => {
            let out = it.call_block_value(b, Some(obj.clone()), Vec::new(), true)?;
            Ok(collapse_or_null(out))
        }
    }
}

/// A property of a hashtable as Windows PowerShell 5.1's property expressions see it: the .NET members
/// (`Count`, `Keys`, `Values`, …), not its entries; `$_.name` in a script block reads an entry
/// (Select-Object.md:321; entries as properties came with PowerShell 6.1).
pub(crate) fn hashtable_property(h: &crate::script::value::Hashtable, name: &str) -> Value {
    let n = name.to_ascii_lowercase();
    match n.as_str() {
        "count" => Value::Int(h.len() as i64),
        "keys" => Value::array(h.iter().map(|(k, _)| Value::str(k)).collect()),
        "values" => Value::array(h.iter().map(|(_, v)| v.clone()).collect()),
        "isreadonly" | "isfixedsize" | "issynchronized" => Value::Bool(false),
        _ => Value::Null,
    }
}
