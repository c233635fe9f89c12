//! Type names in brackets: casts (`[int]`, `[string]`, `[datetime]`, `[bool]`, `[array]`, `[PSCustomObject]@{…}`,
//! `[ordered]@{…}`), `-is`/`-as`, type objects (`GetType()`, `[int]` alone), and the static members scripts use
//! (`[datetime]::Now`, `[math]::Round`, `[string]::IsNullOrEmpty`, `[string]::Join`, `[int]::MaxValue` …).
//!
//! A type or static member the shell does not implement is an error naming it: .NET types such as
//! `System.Collections.ArrayList` are not emulated.

use crate::model::{Timestamp, eq_ci};
use crate::script::error::ErrorCategory;
use crate::script::value::{EnumValue, PsObject, Value};

use crate::script::culture::{self, Culture};

use super::convert::{
    CULTURE_INFO, Num, PSCUSTOMOBJECT, SCRIPT_BLOCK, TIME_SPAN, culture_info, custom_object,
    enumerate, is_custom, is_true, round_half_even, to_date, to_int, to_number, to_str,
};
use super::flow::{
    Res, RuntimeError, convert_error, method_not_found, runtime, unsupported, wrong_arg_count,
};
use super::interp::Interp;

/// The short, lower-case form of a type name: `System.String` → `string`, `Int32` → `int`.
fn canonical(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    let lower = lower.strip_prefix("system.").unwrap_or(&lower).to_string();
    match lower.as_str() {
        "int32" => "int".to_string(),
        "int64" => "long".to_string(),
        "boolean" => "bool".to_string(),
        "object[]" => "array".to_string(),
        "collections.hashtable" => "hashtable".to_string(),
        "collections.specialized.ordereddictionary" => "ordereddictionary".to_string(),
        "management.automation.pscustomobject" => "pscustomobject".to_string(),
        "management.automation.psobject" => "psobject".to_string(),
        "management.automation.scriptblock" => "scriptblock".to_string(),
        "management.automation.switchparameter" => "switch".to_string(),
        "globalization.cultureinfo" => "cultureinfo".to_string(),
        _ => lower,
    }
}

/// The full .NET name shown for a type written in brackets.
fn full_name(name: &str) -> String {
    match canonical(name).as_str() {
        "string" => "System.String".into(),
        "int" => "System.Int32".into(),
        "long" => "System.Int64".into(),
        "double" => "System.Double".into(),
        "decimal" => "System.Decimal".into(),
        "byte" => "System.Byte".into(),
        "char" => "System.Char".into(),
        "bool" => "System.Boolean".into(),
        "datetime" => "System.DateTime".into(),
        "array" => "System.Object[]".into(),
        "hashtable" => "System.Collections.Hashtable".into(),
        "ordereddictionary" => "System.Collections.Specialized.OrderedDictionary".into(),
        "pscustomobject" => PSCUSTOMOBJECT.into(),
        "psobject" => "System.Management.Automation.PSObject".into(),
        "scriptblock" => SCRIPT_BLOCK.into(),
        "timespan" => TIME_SPAN.into(),
        "guid" => "System.Guid".into(),
        "math" => "System.Math".into(),
        "cultureinfo" => CULTURE_INFO.into(),
        _ => name.to_string(),
    }
}

/// A type as a value (what `GetType()` returns and `[int]` alone evaluates to).
pub(crate) fn type_object(name: &str) -> Value {
    let full = full_name(name);
    let short = full.rsplit('.').next().unwrap_or(&full).to_string();
    let mut o = PsObject::with_capacity("System.RuntimeType", 5);
    o.push("IsPublic", true);
    o.push("IsSerial", true);
    o.push("Name", short);
    let base = if full.ends_with("[]") {
        "System.Array"
    } else if matches!(
        canonical(name).as_str(),
        "int" | "long" | "byte" | "char" | "double" | "bool" | "datetime" | "timespan" | "guid"
    ) {
        "System.ValueType"
    } else {
        "System.Object"
    };
    o.push("BaseType", base);
    o.push("FullName", full);
    Value::Object(o)
}

fn cannot_convert(v: &Value, type_name: &str, detail: &str) -> RuntimeError {
    convert_error(&to_str(v), type_name, detail)
}

/// Whether an unbound parameter of this type holds the type's default rather than `$null` (strings and the
/// value types the shell models).
pub(crate) fn has_default(type_name: &str) -> bool {
    matches!(
        canonical(type_name).as_str(),
        "string" | "int" | "long" | "byte" | "char" | "double" | "bool"
    )
}

/// `[type]$value`.
pub(crate) fn cast(type_name: &str, v: Value) -> Result<Value, RuntimeError> {
    let c = canonical(type_name);
    if let Some(elem) = c.strip_suffix("[]") {
        // `[object[]]$null` is still $null (`@([object[]]$null)` has one element). A typed cast makes a new
        // array (`[object[]]` and `[array]`, below, give an array itself).
        let items = match v {
            v if v.is_null() => return Ok(Value::Null),
            other => enumerate(other),
        };
        if elem == "object" {
            return Ok(Value::array(items));
        }
        let mut out = Vec::with_capacity(items.len());
        for i in items {
            out.push(cast(elem, i)?);
        }
        return Ok(Value::array(out));
    }
    if let Some(t) = super::exceptions::find(type_name) {
        return match &v {
            Value::Object(_) if super::exceptions::of_value(&v).is_some() => Ok(v),
            _ => super::exceptions::construct(t, std::slice::from_ref(&v))
                .ok_or_else(|| cannot_convert(&v, t.name, "")),
        };
    }
    match c.as_str() {
        "string" => Ok(match v {
            Value::Null | Value::Nothing => Value::str(""),
            s @ Value::String(_) => s,
            other => Value::from(to_str(&other)),
        }),
        "int" | "long" | "byte" | "char" | "double" => {
            super::numeric::cast_numeric(&c, &v).unwrap_or_else(|| Err(unsupported(type_name)))
        }
        "bool" | "switch" => Ok(Value::Bool(is_true(&v))),
        "datetime" => match &v {
            Value::Null | Value::Nothing => Err(runtime(
                ErrorCategory::InvalidArgument,
                "RuntimeException",
                "Cannot convert null to type \"System.DateTime\".",
            )),
            _ => to_date(&v).map(Value::DateTime).ok_or_else(|| {
                cannot_convert(
                    &v,
                    "System.DateTime",
                    "String was not recognized as a valid DateTime.",
                )
            }),
        },
        "array" => Ok(match v {
            Value::Null | Value::Nothing => Value::Null,
            Value::Array(a) => Value::Array(a),
            one => Value::array(vec![one]),
        }),
        "hashtable" => match v {
            h @ Value::Hashtable(_) => Ok(h),
            other => Err(cannot_convert(&other, "System.Collections.Hashtable", "")),
        },
        "pscustomobject" | "psobject" | "object" => cast_hashtable(type_name, v),
        "ordered" => Err(runtime(
            ErrorCategory::InvalidArgument,
            "OrderedAttributeOnlyOnHashLiteralNode",
            "The ordered attribute can be specified only on a hash literal node.",
        )),
        "timespan" => match &v {
            Value::Object(o) if o.type_name() == TIME_SPAN => Ok(v),
            _ => match to_number(&v) {
                Some(Num::Int(ticks)) => Ok(super::convert::timespan(ticks / 10_000)),
                _ => Err(cannot_convert(&v, TIME_SPAN, "")),
            },
        },
        "guid" | "regex" => Ok(Value::from(to_str(&v))),
        "cultureinfo" => match &v {
            Value::Object(o) if o.type_name() == CULTURE_INFO => Ok(v),
            Value::String(name) if name.is_empty() => Ok(culture_info(&culture::INVARIANT)),
            Value::String(name) => culture::find(name.trim())
                .map(culture_info)
                .ok_or_else(|| unsupported(format!("The culture '{name}'"))),
            _ => Err(cannot_convert(&v, CULTURE_INFO, "")),
        },
        "void" => Ok(Value::Nothing),
        "scriptblock" => match &v {
            Value::Object(o) if o.type_name() == SCRIPT_BLOCK => Ok(v),
            _ => Err(unsupported(
                "Converting text to a script block ([scriptblock])",
            )),
        },
        other => Err(super::numeric::unmodeled(other)
            .unwrap_or_else(|| unsupported(format!("The type [{type_name}]")))),
    }
}

/// `[PSCustomObject]@{…}` and `[ordered]@{…}` (also `[PSCustomObject]` on anything else, which leaves it as is).
pub(crate) fn cast_hashtable(type_name: &str, v: Value) -> Result<Value, RuntimeError> {
    let c = canonical(type_name);
    match (c.as_str(), v) {
        ("pscustomobject", Value::Hashtable(h)) => {
            let mut o = custom_object();
            for (k, v) in h.iter() {
                if eq_ci(&k, "PSTypeName") {
                    return Err(unsupported("A PSTypeName entry in [PSCustomObject]@{...}"));
                }
                o.push(k.to_string(), v.clone());
            }
            Ok(Value::Object(o))
        }
        // `[ordered]` applies to a literal only (a new table); `[hashtable]` on an ordered dictionary makes a new
        // Hashtable and leaves the dictionary as it was, and on a Hashtable is that same table.
        ("ordered", Value::Hashtable(h)) => {
            h.set_ordered(true);
            Ok(Value::Hashtable(h))
        }
        ("hashtable", Value::Hashtable(h)) if h.is_ordered() => {
            let plain = h.shallow_copy();
            plain.set_ordered(false);
            Ok(Value::Hashtable(plain))
        }
        ("hashtable", Value::Hashtable(h)) => Ok(Value::Hashtable(h)),
        ("pscustomobject" | "psobject" | "object", other) => Ok(other),
        (_, other) => cast(type_name, other),
    }
}

/// `$value -is [type]`.
pub(crate) fn is_type(v: &Value, type_name: &str) -> Result<bool, RuntimeError> {
    let c = canonical(type_name);
    Ok(match c.as_str() {
        "object" => !v.is_null(),
        "psobject" => matches!(v, Value::Object(_)),
        "string" => matches!(v, Value::String(_)),
        "int" => matches!(v, Value::Int(i) if i32::try_from(*i).is_ok()),
        "long" => {
            matches!(v, Value::Long(_)) || matches!(v, Value::Int(i) if i32::try_from(*i).is_err())
        }
        "byte" => matches!(v, Value::Byte(_)),
        "char" => matches!(v, Value::Char(_)),
        "double" => matches!(v, Value::Double(_)),
        // The shell makes no values of the numeric types it does not model.
        t if super::numeric::UNMODELED.iter().any(|(n, _)| *n == t) => false,
        "valuetype" => matches!(
            v,
            Value::Int(_)
                | Value::Long(_)
                | Value::Byte(_)
                | Value::Char(_)
                | Value::Double(_)
                | Value::Bool(_)
                | Value::DateTime(_)
                | Value::Guid(_)
                | Value::Enum(_)
        ),
        "bool" => matches!(v, Value::Bool(_)),
        "datetime" => matches!(v, Value::DateTime(_)),
        "array" | "collections.ienumerable" | "collections.icollection" | "collections.ilist" => {
            matches!(v, Value::Array(_))
        }
        "hashtable" => matches!(v, Value::Hashtable(h) if !h.is_ordered()),
        "ordereddictionary" => matches!(v, Value::Hashtable(h) if h.is_ordered()),
        "collections.idictionary" => matches!(v, Value::Hashtable(_)),
        "pscustomobject" => matches!(v, Value::Object(o) if is_custom(o)),
        "guid" => matches!(v, Value::Guid(_)),
        "enum" => matches!(v, Value::Enum(_)),
        "timespan" => matches!(v, Value::Object(o) if o.type_name() == TIME_SPAN),
        "scriptblock" => matches!(v, Value::Object(o) if o.type_name() == SCRIPT_BLOCK),
        _ => match v {
            Value::Object(o) => {
                eq_ci(o.type_name(), type_name)
                    || eq_ci(
                        o.short_type_name(),
                        type_name.rsplit('.').next().unwrap_or(type_name),
                    )
            }
            Value::Enum(e) => eq_ci(e.type_name, type_name),
            _ => false,
        },
    })
}

/// `[type]::Member`.
pub(crate) fn static_member(
    type_name: &str,
    member: &str,
    now: Timestamp,
    session_culture: &Culture,
) -> Result<Value, RuntimeError> {
    let c = canonical(type_name);
    let m = member.to_ascii_lowercase();
    let v = match (c.as_str(), m.as_str()) {
        ("datetime", "now" | "utcnow") => Value::DateTime(now),
        ("datetime", "today") => Value::DateTime(Timestamp::from_millis(
            now.millis().div_euclid(86_400_000) * 86_400_000,
        )),
        ("datetime", "minvalue") => Value::opt_date(Timestamp::parse("0001-01-01T00:00:00Z")),
        ("datetime", "maxvalue") => Value::opt_date(Timestamp::parse("9999-12-31T23:59:59Z")),
        ("int", "maxvalue") => Value::Int(i64::from(i32::MAX)),
        ("int", "minvalue") => Value::Int(i64::from(i32::MIN)),
        ("long", "maxvalue") => Value::Long(i64::MAX),
        ("long", "minvalue") => Value::Long(i64::MIN),
        ("byte", "maxvalue") => Value::Byte(u8::MAX),
        ("byte", "minvalue") => Value::Byte(0),
        ("double", "maxvalue") => Value::Double(f64::MAX),
        ("double", "minvalue") => Value::Double(f64::MIN),
        ("string", "empty") => Value::str(""),
        ("cultureinfo", "invariantculture") => culture_info(&culture::INVARIANT),
        ("cultureinfo", "currentculture") => culture_info(session_culture),
        ("cultureinfo", "currentuiculture") => culture_info(&culture::EN_US),
        ("math", "pi") => Value::Double(std::f64::consts::PI),
        ("math", "e") => Value::Double(std::f64::consts::E),
        ("environment", "newline") => Value::str("\r\n"),
        ("environment", "machinename") => Value::str("EASIM"),
        ("environment", "username") => Value::str("Administrator"),
        ("stringsplitoptions", "removeemptyentries") => Value::Enum(&EnumValue {
            type_name: "System.StringSplitOptions",
            name: "RemoveEmptyEntries",
            number: 1,
        }),
        ("stringsplitoptions", "none") => Value::Enum(&EnumValue {
            type_name: "System.StringSplitOptions",
            name: "None",
            number: 0,
        }),
        (c, _) => {
            return Err(super::numeric::unmodeled(c).unwrap_or_else(|| {
                unsupported(format!("The static member [{type_name}]::{member}"))
            }));
        }
    };
    Ok(v)
}

fn num_arg(method: &str, args: &[Value], i: usize) -> Result<f64, RuntimeError> {
    args.get(i)
        .and_then(to_number)
        .map(Num::as_f64)
        .ok_or_else(|| wrong_arg_count(method, args.len()))
}

fn number_value(d: f64) -> Value {
    Value::Double(d)
}

impl Interp<'_> {
    /// `[type]::Method(args)`.
    pub(crate) fn call_static(
        &mut self,
        type_name: &str,
        method: &str,
        args: Vec<Value>,
    ) -> Res<Value> {
        let c = canonical(type_name);
        let m = method.to_ascii_lowercase();
        if m == "new"
            && let Some(t) = super::exceptions::find(type_name)
        {
            return super::exceptions::construct(t, &args).ok_or_else(|| {
                unsupported(format!(
                    "The constructor of [{}] with {} argument(s)",
                    t.name,
                    args.len()
                ))
                .into()
            });
        }
        let v = match (c.as_str(), m.as_str()) {
            ("math", "round") => {
                let x = num_arg(method, &args, 0)?;
                let digits = args.get(1).and_then(to_int).unwrap_or(0).clamp(0, 15) as i32;
                let f = 10f64.powi(digits);
                let r = round_half_even(x * f) / f;
                // Round returns the operand's type: an integer stays an integer.
                match args.first() {
                    Some(Value::Int(i)) if digits == 0 => Value::Int(*i),
                    _ => number_value(r),
                }
            }
            ("math", "floor") => number_value(num_arg(method, &args, 0)?.floor()),
            ("math", "ceiling") => number_value(num_arg(method, &args, 0)?.ceil()),
            ("math", "truncate") => number_value(num_arg(method, &args, 0)?.trunc()),
            ("math", "abs") => match args.first() {
                Some(Value::Int(i)) => Value::Int(i.saturating_abs()),
                _ => Value::Double(num_arg(method, &args, 0)?.abs()),
            },
            ("math", "sqrt") => Value::Double(num_arg(method, &args, 0)?.sqrt()),
            ("math", "pow") => {
                Value::Double(num_arg(method, &args, 0)?.powf(num_arg(method, &args, 1)?))
            }
            ("math", "max" | "min") => {
                let (a, b) = (
                    args.first().and_then(to_number),
                    args.get(1).and_then(to_number),
                );
                match (a, b) {
                    (Some(Num::Int(x)), Some(Num::Int(y))) => {
                        Value::Int(if m == "max" { x.max(y) } else { x.min(y) })
                    }
                    (Some(x), Some(y)) => {
                        let (x, y) = (x.as_f64(), y.as_f64());
                        Value::Double(if m == "max" { x.max(y) } else { x.min(y) })
                    }
                    _ => return Err(wrong_arg_count(method, args.len()).into()),
                }
            }
            ("string", "isnullorempty") => {
                Value::Bool(args.first().is_none_or(|v| to_str(v).is_empty()))
            }
            ("string", "isnullorwhitespace") => {
                Value::Bool(args.first().is_none_or(|v| to_str(v).trim().is_empty()))
            }
            ("string", "join") => {
                let sep = args.first().map(to_str).unwrap_or_default();
                let items: Vec<String> = args[1.min(args.len())..]
                    .iter()
                    .flat_map(|a| enumerate(a.clone()))
                    .map(|v| to_str(&v))
                    .collect();
                Value::from(items.join(&sep))
            }
            ("string", "format") => {
                let fmt = args.first().map(to_str).unwrap_or_default();
                let rest: Vec<Value> = match args.get(1..) {
                    Some([Value::Array(items)]) => items.to_vec(),
                    Some(rest) => rest.to_vec(),
                    None => Vec::new(),
                };
                Value::from(super::strings::format_composite(
                    &fmt,
                    &rest,
                    self.culture(),
                )?)
            }
            ("string", "concat") => Value::from(args.iter().map(to_str).collect::<String>()),
            ("datetime", "parse") => {
                let v = args.first().cloned().unwrap_or(Value::Null);
                to_date(&v).map(Value::DateTime).ok_or_else(|| {
                    cannot_convert(
                        &v,
                        "System.DateTime",
                        "String was not recognized as a valid DateTime.",
                    )
                })?
            }
            ("int" | "long" | "byte" | "double", "parse") => {
                let v = args.first().cloned().unwrap_or(Value::Null);
                cast(&c, Value::from(to_str(&v)))?
            }
            ("regex", "escape") => Value::from(super::regex::escape(
                &args.first().map(to_str).unwrap_or_default(),
            )),
            ("regex", "match" | "ismatch") => {
                let text = args.first().map(to_str).unwrap_or_default();
                let pattern = args.get(1).map(to_str).unwrap_or_default();
                let re = self.st.regexes.get(&pattern, false)?;
                if m == "ismatch" {
                    Value::Bool(re.is_match(&text))
                } else {
                    return Err(unsupported("[regex]::Match (use -match and $Matches)").into());
                }
            }
            ("timespan", "fromdays") => {
                super::convert::timespan((num_arg(method, &args, 0)? * 86_400_000.0) as i64)
            }
            ("timespan", "fromhours") => {
                super::convert::timespan((num_arg(method, &args, 0)? * 3_600_000.0) as i64)
            }
            ("timespan", "fromminutes") => {
                super::convert::timespan((num_arg(method, &args, 0)? * 60_000.0) as i64)
            }
            ("timespan", "fromseconds") => {
                super::convert::timespan((num_arg(method, &args, 0)? * 1000.0) as i64)
            }
            ("pscustomobject" | "psobject", "new") => Value::Object(custom_object()),
            // Array.Reverse reverses the array itself, seen through every reference to it.
            ("array", "reverse") => match args.as_slice() {
                [Value::Array(items)] => {
                    items.update(|items| items.reverse());
                    Value::Nothing
                }
                _ => return Err(wrong_arg_count(method, args.len()).into()),
            },
            ("bool", "parse") => {
                let text = args.first().map(to_str).unwrap_or_default();
                match text.trim() {
                    t if eq_ci(t, "true") => Value::Bool(true),
                    t if eq_ci(t, "false") => Value::Bool(false),
                    _ => {
                        return Err(super::flow::method_exception(
                            method,
                            args.len(),
                            &format!("String '{text}' was not recognized as a valid Boolean."),
                        )
                        .into());
                    }
                }
            }
            (
                "datetime" | "math" | "string" | "int" | "long" | "double" | "regex" | "timespan",
                _,
            ) => {
                return Err(method_not_found(&full_name(type_name), method).into());
            }
            _ => {
                return Err(
                    unsupported(format!("The static method [{type_name}]::{method}()")).into(),
                );
            }
        };
        Ok(v)
    }
}
