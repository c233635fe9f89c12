//! Method calls on values, the interpreter's side: `$value.Method(args)` dispatches to the members that need no
//! interpreter (`members`: string, date, number and hashtable methods) and runs the ones that run script itself
//! (script block `Invoke`, array `Where`/`ForEach`, …).

use crate::model::eq_ci;
use crate::script::syntax::Span;
use crate::script::value::Value;

use super::convert::{SCRIPT_BLOCK, collapse, is_timespan, timespan_text, to_str, to_str_culture};
use super::flow::{Res, invoke_method_on_null, method_exception, method_not_found};
use super::interp::Interp;
use super::members::{
    PSOBJECT, arg_str, date_method, dictionary_entries, mutate_in_place, number_method,
    property_info, string_method,
};

impl Interp<'_> {
    /// `$value.Method(args)`.
    pub(crate) fn call_method(
        &mut self,
        v: Value,
        name: &str,
        args: Vec<Value>,
        span: Span,
    ) -> Res<Value> {
        self.method(v, name, args).map_err(|e| match e {
            super::flow::Flow::Error(err) => self.err_at(*err, span),
            other => other,
        })
    }

    fn method(&mut self, v: Value, name: &str, args: Vec<Value>) -> Res<Value> {
        if eq_ci(name, "GetType") && args.is_empty() && !v.is_null() {
            return Ok(super::types::type_object(&v.type_name()));
        }
        if !v.is_null() && eq_ci(name, "Where") {
            return self.where_method(&v, &args);
        }
        if !v.is_null() && eq_ci(name, "ForEach") {
            return self.foreach_method(&v, &args);
        }
        match &v {
            Value::Null | Value::Nothing => return Err(invoke_method_on_null().into()),
            Value::String(s) => {
                if let Some(r) = string_method(s, name, &args)? {
                    return Ok(r);
                }
            }
            Value::DateTime(t) => {
                if let Some(r) = date_method(*t, name, &args, self.culture())? {
                    return Ok(r);
                }
            }
            Value::Int(_) | Value::Long(_) | Value::Byte(_) | Value::Double(_) => {
                if let Some(r) = number_method(&v, name, &args, self.culture())? {
                    return Ok(r);
                }
            }
            Value::Array(items) => {
                let n = name.to_ascii_lowercase();
                match n.as_str() {
                    "contains" => {
                        let x = args.first().cloned().unwrap_or(Value::Null);
                        return Ok(Value::Bool(
                            items
                                .to_vec()
                                .iter()
                                .any(|i| super::compare::equals(i, &x, true)),
                        ));
                    }
                    "indexof" => {
                        let x = args.first().cloned().unwrap_or(Value::Null);
                        return Ok(Value::Int(
                            items
                                .to_vec()
                                .iter()
                                .position(|i| super::compare::equals(i, &x, true))
                                .map_or(-1, |p| p as i64),
                        ));
                    }
                    // `.psobject.Properties`: Item and Match find entries, Remove removes the property.
                    "item" if args.len() == 1 => {
                        let name = arg_str(&args, 0);
                        if let Some(p) = items.with(|items| property_info(items, &name)) {
                            return Ok(p);
                        }
                    }
                    "match" if args.len() == 1 && is_properties(items) => {
                        let pattern = arg_str(&args, 0);
                        let found = items.to_vec().into_iter().filter(|i| {
                            let Value::Object(o) = i else { return false };
                            o.member_of()
                                .is_some_and(|(_, n)| super::compare::like(n, &pattern, false))
                        });
                        return Ok(Value::array(found.collect()));
                    }
                    "remove" if args.len() == 1 && is_properties(items) => {
                        if let Some(Value::Object(o)) = items.get(0)
                            && let Some((owner, _)) = o.member_of()
                        {
                            owner.remove(&arg_str(&args, 0));
                        }
                        return Ok(Value::Nothing);
                    }
                    _ => {}
                }
                match n.as_str() {
                    // IList.Clear on an array: every element `$null`, seen through every reference.
                    "clear" if args.is_empty() => {
                        items.update(|items| items.fill(Value::Null));
                        return Ok(Value::Nothing);
                    }
                    // Array.SetValue(value, index): the element itself, seen through every reference.
                    "setvalue" if args.len() == 2 => {
                        let at = super::convert::to_int(&args[1])
                            .and_then(|i| usize::try_from(i).ok())
                            .filter(|&i| items.set(i, args[0].clone()));
                        if at.is_none() {
                            return Err(method_exception(
                                name,
                                2,
                                "Index was outside the bounds of the array.",
                            )
                            .into());
                        }
                        return Ok(Value::Nothing);
                    }
                    // Array.Clone: a new array holding the same elements.
                    "clone" if args.is_empty() => return Ok(Value::Array(items.shallow_copy())),
                    "add" | "remove" | "insert" | "clear" | "removeat" => {
                        return Err(method_exception(
                            name,
                            args.len(),
                            "Collection was of a fixed size.",
                        )
                        .into());
                    }
                    "tostring" => return Ok(Value::str("System.Object[]")),
                    "getenumerator" => return Ok(v.clone()),
                    _ => {
                        let mut out = Vec::new();
                        for item in items.to_vec() {
                            out.push(self.method(item, name, args.clone())?);
                        }
                        return Ok(collapse(out));
                    }
                }
            }
            Value::Hashtable(h) => {
                let n = name.to_ascii_lowercase();
                match n.as_str() {
                    "containskey" | "contains" => {
                        return Ok(Value::Bool(h.get(&arg_str(&args, 0)).is_some()));
                    }
                    "containsvalue" => {
                        let x = args.first().cloned().unwrap_or(Value::Null);
                        return Ok(Value::Bool(
                            h.iter().any(|(_, v)| super::compare::equals(&v, &x, false)),
                        ));
                    }
                    "getenumerator" => return Ok(Value::array(dictionary_entries(h))),
                    // A shallow copy: a new table whose values are the same (Hashtable.Clone).
                    "clone" => return Ok(Value::Hashtable(h.shallow_copy())),
                    "tostring" => return Ok(Value::str("System.Collections.Hashtable")),
                    "set_item" if args.len() == 2 => {
                        h.insert(to_str(&args[0]), args[1].clone());
                        return Ok(Value::Nothing);
                    }
                    _ => {
                        // `$list[0].Add(k, v)`: the table is shared, so changing it here changes it everywhere.
                        let mut shared = v.clone();
                        if let Some(r) = mutate_in_place(&mut shared, name, &args) {
                            return r.map_err(Into::into);
                        }
                    }
                }
            }
            Value::Object(o) => {
                // `$x.psobject.Copy()`: a shallow copy of the object the wrapper is for.
                if o.type_name() == PSOBJECT && eq_ci(name, "Copy") && args.is_empty() {
                    return Ok(match o.get("BaseObject") {
                        Some(Value::Object(b)) => Value::Object(b.shallow_copy()),
                        Some(Value::Hashtable(h)) => Value::Hashtable(h.shallow_copy()),
                        Some(other) => other,
                        None => Value::Null,
                    });
                }
                if o.type_name() == SCRIPT_BLOCK
                    && (eq_ci(name, "Invoke") || eq_ci(name, "InvokeReturnAsIs"))
                {
                    let out = self.call_block_value(&v, None, args, false)?;
                    return Ok(collapse(out));
                }
                if eq_ci(name, "ToString") {
                    if let Some(ms) = is_timespan(&v) {
                        return Ok(Value::from(timespan_text(ms)));
                    }
                    return Ok(Value::from(to_str_culture(&v, self.culture())));
                }
            }
            Value::Enum(_) | Value::Guid(_) | Value::Bool(_) | Value::Char(_) => {
                if eq_ci(name, "ToString") {
                    return Ok(Value::from(to_str_culture(&v, self.culture())));
                }
                if eq_ci(name, "Equals") {
                    let x = args.first().cloned().unwrap_or(Value::Null);
                    return Ok(Value::Bool(super::compare::equals(&v, &x, false)));
                }
            }
        }
        if eq_ci(name, "ToString") && args.is_empty() {
            return Ok(Value::from(to_str_culture(&v, self.culture())));
        }
        if eq_ci(name, "Equals") && args.len() == 1 {
            return Ok(Value::Bool(super::compare::equals(&v, &args[0], true)));
        }
        Err(method_not_found(&v.type_name(), name).into())
    }
}

/// Whether an array is a `.psobject.Properties` collection (its entries describe an object's properties).
fn is_properties(items: &crate::script::value::ArrayRef) -> bool {
    items.with(|items| property_info(items, "").is_some())
}
