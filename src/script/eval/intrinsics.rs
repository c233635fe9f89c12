//! The intrinsic `Where()` and `ForEach()` methods every value has (about_Arrays, about_Intrinsic_Members):
//! `Where` with a filter and a mode (`Default`, `First`, `Last`, `SkipUntil`, `Until`, `Split`) and a count;
//! `ForEach` with a script block, a type to convert to, or a property or method name (with arguments, a
//! property is set). A scalar is a collection of one, `$null` a collection of none.
//!
//! Setting a property through `ForEach('Name', value)` changes the objects in the variable it is called on;
//! the evaluator does that in place (`members::mutate_in_place`), this file only computes results.

use crate::model::eq_ci;
use crate::script::error::ErrorCategory;
use crate::script::value::Value;

use super::convert::{collapse, is_true, to_int, to_str};
use super::flow::{Res, method_exception, runtime};
use super::interp::Interp;
use super::members::get_member;

/// The modes of `Where()`, by name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Default,
    First,
    Last,
    SkipUntil,
    Until,
    Split,
}

fn mode(v: Option<&Value>) -> Res<Mode> {
    let Some(v) = v else { return Ok(Mode::Default) };
    let text = to_str(v);
    let modes = [
        ("Default", Mode::Default),
        ("First", Mode::First),
        ("Last", Mode::Last),
        ("SkipUntil", Mode::SkipUntil),
        ("Until", Mode::Until),
        ("Split", Mode::Split),
    ];
    modes
        .iter()
        .find(|(n, _)| eq_ci(n, text.trim()))
        .map(|(_, m)| *m)
        .ok_or_else(|| {
            runtime(
                ErrorCategory::InvalidArgument,
                "InvalidCastFromStringToInteger",
                format!(
                    "Cannot convert value \"{text}\" to type \"System.Management.Automation.WhereOperatorSelectionMode\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again:\r\nDefault, First, Last, SkipUntil, Until, Split\""
                ),
            )
            .into()
        })
}

/// The items a value offers to `Where()` and `ForEach()`.
fn items_of(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.to_vec(),
        v if v.is_null() => Vec::new(),
        one => vec![one.clone()],
    }
}

impl Interp<'_> {
    /// `$v.Where({ … } [, mode [, count]])`.
    pub(crate) fn where_method(&mut self, v: &Value, args: &[Value]) -> Res<Value> {
        let Some(block) = args.first() else {
            return Err(
                method_exception("Where", 0, "Where requires a filter script block.").into(),
            );
        };
        let mode = mode(args.get(1))?;
        let count = match args.get(2) {
            Some(n) => to_int(n).unwrap_or(0).max(0) as usize,
            None => 0,
        };
        let mut hits = Vec::new();
        let mut misses = Vec::new();
        let mut started = false;
        for item in items_of(v) {
            let keep = is_true(&collapse(self.call_block_value(
                block,
                Some(item.clone()),
                Vec::new(),
                true,
            )?));
            match mode {
                Mode::Default | Mode::Last => {
                    if keep {
                        hits.push(item);
                    }
                }
                Mode::First => {
                    if keep {
                        hits.push(item);
                        if hits.len() >= count.max(1) {
                            break;
                        }
                    }
                }
                Mode::SkipUntil => {
                    started |= keep;
                    if started {
                        hits.push(item);
                        if count > 0 && hits.len() >= count {
                            break;
                        }
                    }
                }
                Mode::Until => {
                    if keep {
                        break;
                    }
                    hits.push(item);
                    if count > 0 && hits.len() >= count {
                        break;
                    }
                }
                Mode::Split => {
                    if keep && (count == 0 || hits.len() < count) {
                        hits.push(item);
                    } else {
                        misses.push(item);
                    }
                }
            }
        }
        Ok(match mode {
            Mode::Default if count > 0 => {
                hits.truncate(count);
                Value::array(hits)
            }
            Mode::Last => {
                let n = if count == 0 { 1 } else { count };
                let start = hits.len().saturating_sub(n);
                Value::array(hits.split_off(start))
            }
            Mode::Split => Value::array(vec![Value::array(hits), Value::array(misses)]),
            _ => Value::array(hits),
        })
    }

    /// `$v.ForEach({ … })`, `$v.ForEach([type])`, `$v.ForEach('Property')`, `$v.ForEach('Method', args…)`.
    pub(crate) fn foreach_method(&mut self, v: &Value, args: &[Value]) -> Res<Value> {
        let Some(first) = args.first() else {
            return Err(method_exception(
                "ForEach",
                0,
                "ForEach requires a script block, a type or a member name.",
            )
            .into());
        };
        let mut out = Vec::new();
        if self.stored_block(first).is_some() {
            for item in items_of(v) {
                out.extend(self.call_block_value(first, Some(item), args[1..].to_vec(), true)?);
            }
            return Ok(Value::array(out));
        }
        if let Value::Object(o) = first
            && o.type_name() == "System.RuntimeType"
        {
            let type_name = o.get("FullName").as_ref().map(to_str).unwrap_or_default();
            for item in items_of(v) {
                out.push(super::types::cast(&type_name, item)?);
            }
            return Ok(Value::array(out));
        }
        let name = to_str(first);
        for item in items_of(v) {
            let has_property = match &item {
                Value::Object(o) => o.get(&name).is_some(),
                Value::Hashtable(h) => h.get(&name).is_some(),
                _ => false,
            };
            match args.len() {
                1 if has_property || self_property(&item, &name, self.culture()) => {
                    out.extend(super::pipeline::pipeline_items(get_member(
                        &item,
                        &name,
                        self.culture(),
                    )));
                }
                n if has_property && n == 2 => {
                    // Setting a property: done in place by the caller when the target is a variable.
                }
                _ => {
                    let r =
                        self.call_method(item, &name, args[1..].to_vec(), Default::default())?;
                    out.extend(super::pipeline::pipeline_items(r));
                }
            }
        }
        Ok(Value::array(out))
    }
}

/// Properties the shell's own values answer without being objects (`Length` of a string, date parts).
fn self_property(v: &Value, name: &str, c: &crate::script::culture::Culture) -> bool {
    !matches!(v, Value::Object(_) | Value::Hashtable(_)) && !get_member(v, name, c).is_null()
}
