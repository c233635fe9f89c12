//! Members of values: properties (case-insensitive on objects and hashtables, `.Count`/`.Length` on arrays,
//! scalars and `$null` as PowerShell 3+ answers them, date parts, member enumeration over arrays) and the methods
//! that need no interpreter (string methods with .NET's case-sensitive semantics, date, number and hashtable
//! methods). Method calls that may run script (script block and array methods) are `methods`, the interpreter's
//! side; this file knows nothing of the interpreter, so formatting can use it.
//!
//! String `Split` follows .NET Framework (Windows PowerShell 5.1, which the Exchange shell runs on): a string
//! argument is a set of separator characters. A method the shell does not implement is PowerShell's "does not
//! contain a method named" error, never a guess.

use crate::model::{Timestamp, eq_ci};
use crate::script::error::ErrorCategory;
use crate::script::value::{EnumValue, Hashtable, Name, PsObject, Value, nested};

use crate::script::culture::{Culture, INVARIANT};

use super::convert::{
    DICTIONARY_ENTRY, culture_of, date_culture, is_timespan, timespan, to_int, to_number, to_str,
    to_str_culture,
};
use super::date_format::{day_name, format_date, standard, weekday};
use super::flow::{
    RuntimeError, method_exception, property_not_found, runtime, unsupported, wrong_arg_count,
};
use super::strings::format_number;

/// A property of a value; `$null` when it has none (PowerShell without strict mode). `c` is the session
/// culture, which the `DateTime` property of a date is text in.
pub(crate) fn get_member(v: &Value, name: &str, c: &Culture) -> Value {
    if !v.is_null() && (eq_ci(name, "psobject") || eq_ci(name, "PSTypeNames")) {
        let own = match v {
            Value::Object(o) => o.get(name),
            Value::Hashtable(h) => h.get(name),
            _ => None,
        };
        if let Some(x) = own {
            return x;
        }
        return if eq_ci(name, "psobject") {
            psobject(v)
        } else {
            type_names(v)
        };
    }
    match v {
        Value::Null | Value::Nothing => match name {
            n if eq_ci(n, "Count") || eq_ci(n, "Length") => Value::Int(0),
            _ => Value::Null,
        },
        Value::Array(items) => {
            if eq_ci(name, "Count") || eq_ci(name, "Length") || eq_ci(name, "LongLength") {
                return Value::Int(items.len() as i64);
            }
            // Member enumeration; an array holding itself is followed to `MAX_DEPTH` levels.
            nested(Value::Null, || {
                let mut out = Vec::new();
                for i in items.to_vec() {
                    match get_member(&i, name, c) {
                        Value::Null | Value::Nothing => {}
                        Value::Array(inner) => out.extend(inner.into_vec()),
                        one => out.push(one),
                    }
                }
                super::convert::collapse_or_null(out)
            })
        }
        Value::String(s) => {
            if eq_ci(name, "Length") {
                Value::Int(s.chars().count() as i64)
            } else if eq_ci(name, "Count") {
                Value::Int(1)
            } else {
                Value::Null
            }
        }
        Value::Hashtable(h) => {
            if let Some(v) = h.get(name) {
                return v.clone();
            }
            if eq_ci(name, "Count") {
                Value::Int(h.len() as i64)
            } else if eq_ci(name, "Keys") {
                Value::array(h.iter().map(|(k, _)| Value::str(k)).collect())
            } else if eq_ci(name, "Values") {
                Value::array(h.iter().map(|(_, v)| v.clone()).collect())
            } else {
                Value::Null
            }
        }
        // A `.psobject.Properties` entry's Value is the property's value now.
        Value::Object(o) if eq_ci(name, "Value") && o.member_of().is_some() => o
            .member_of()
            .and_then(|(owner, p)| owner.get(p))
            .or_else(|| o.get(name))
            .unwrap_or(Value::Null),
        Value::Object(o) => match o.get(name) {
            Some(v) => v.clone(),
            // Windows PowerShell 5.1 gives a PSCustomObject no Count or Length (everything-about-null.md).
            None if super::convert::is_custom(o) => Value::Null,
            None if eq_ci(name, "Count") || eq_ci(name, "Length") => Value::Int(1),
            None => Value::Null,
        },
        Value::DateTime(t) => date_member(*t, name, c),
        Value::Enum(e) if eq_ci(name, "value__") => Value::Int(e.number),
        _ if eq_ci(name, "Count") || eq_ci(name, "Length") => Value::Int(1),
        _ => Value::Null,
    }
}

/// When `items` are the entries of `.psobject.Properties` (or of its `Match`), the one named `name`
/// (case-insensitively): `Properties['Name']`, `Properties.Item('Name')`. `None` when they are not such entries.
pub(crate) fn property_info(items: &[Value], name: &str) -> Option<Value> {
    let infos = items
        .iter()
        .map(|i| match i {
            Value::Object(o) => o.member_of().map(|(_, n)| (n, i)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    (!infos.is_empty()).then(|| {
        infos
            .into_iter()
            .find(|(n, _)| eq_ci(n, name))
            .map_or(Value::Null, |(_, i)| i.clone())
    })
}

/// The type names PowerShell lists for a value (`.PSTypeNames`), most derived first.
fn type_names(v: &Value) -> Value {
    let t = v.type_name().to_string();
    let mut names = vec![t.clone()];
    if t.starts_with("Selected.") {
        names.push(super::convert::PSCUSTOMOBJECT.to_string());
    }
    if t != "System.Object" {
        names.push("System.Object".to_string());
    }
    Value::strings(names)
}

/// `[System.Management.Automation.PSMemberTypes]::NoteProperty`, the MemberType of a custom object's properties.
const NOTE_PROPERTY: EnumValue = EnumValue {
    type_name: "System.Management.Automation.PSMemberTypes",
    name: "NoteProperty",
    number: 2,
};

/// The type name of `$x.psobject`.
pub(crate) const PSOBJECT: &str = "System.Management.Automation.PSObject";

/// `$x.psobject`: the members PowerShell's wrapper offers scripts: `Properties` (each with Name, Value,
/// MemberType, IsSettable, IsGettable, TypeNameOfValue), `TypeNames` and `BaseObject` (the value itself, shared,
/// which `Copy()` copies).
fn psobject(v: &Value) -> Value {
    let mut props = Vec::new();
    if let Value::Object(o) = v {
        for (k, x) in o.props() {
            let info: Vec<(Name, Value)> = vec![
                ("MemberType".into(), Value::Enum(&NOTE_PROPERTY)),
                ("IsSettable".into(), Value::Bool(true)),
                ("IsGettable".into(), Value::Bool(true)),
                (
                    "TypeNameOfValue".into(),
                    Value::from(x.type_name().to_string()),
                ),
                ("Value".into(), x),
                ("Name".into(), Value::from(k.to_string())),
            ];
            props.push(Value::Object(PsObject::member_info(
                "System.Management.Automation.PSNoteProperty",
                info,
                o,
                k,
            )));
        }
    }
    let mut o = PsObject::with_capacity(PSOBJECT, 3);
    o.push("Properties", Value::array(props));
    o.push("TypeNames", type_names(v));
    o.push("BaseObject", v.clone());
    Value::Object(o)
}

fn date_member(t: Timestamp, name: &str, culture: &Culture) -> Value {
    let c = t.civil();
    let n = name.to_ascii_lowercase();
    match n.as_str() {
        "year" => Value::Int(i64::from(c.year)),
        "month" => Value::Int(i64::from(c.month)),
        "day" => Value::Int(i64::from(c.day)),
        "hour" => Value::Int(i64::from(c.hour)),
        "minute" => Value::Int(i64::from(c.minute)),
        "second" => Value::Int(i64::from(c.second)),
        "millisecond" => Value::Int(i64::from(c.millis)),
        "dayofweek" => EnumValue {
            type_name: "System.DayOfWeek",
            name: INVARIANT.day_names[weekday(t)],
            number: weekday(t) as i64,
        }
        .into(),
        "dayofyear" => {
            let jan1 = Timestamp::from_civil(crate::model::Civil {
                year: c.year,
                month: 1,
                day: 1,
                hour: 0,
                minute: 0,
                second: 0,
                millis: 0,
            });
            Value::Int(jan1.map_or(1, |j| {
                t.millis().div_euclid(86_400_000) - j.millis().div_euclid(86_400_000) + 1
            }))
        }
        "date" => Value::DateTime(Timestamp::from_millis(
            t.millis().div_euclid(86_400_000) * 86_400_000,
        )),
        "timeofday" => timespan(t.millis().rem_euclid(86_400_000)),
        "ticks" => Value::Int(
            t.millis()
                .saturating_add(62_135_596_800_000)
                .saturating_mul(10_000),
        ),
        "kind" => Value::str("Utc"),
        // Windows PowerShell's DateTime script property: `"{0} {1}" -f $this.ToLongDateString(),
        // $this.ToLongTimeString()` (https://jhoneill.github.io/powershell/2022/03/06/DateFormats.html).
        "datetime" => Value::from(format!(
            "{} {}",
            standard(t, "D", culture),
            standard(t, "T", culture)
        )),
        "count" | "length" => Value::Int(1),
        _ => Value::Null,
    }
}

/// `$x.Prop = value`.
pub(crate) fn set_member(target: &Value, name: &str, value: Value) -> Result<(), RuntimeError> {
    match target {
        Value::Hashtable(h) => {
            h.insert(name.to_string(), value);
            Ok(())
        }
        Value::Object(o) => {
            // Setting a `.psobject.Properties` entry's Value sets the property it describes.
            if let Some((owner, p)) = o.member_of().filter(|_| eq_ci(name, "Value")) {
                owner.set_existing(p, value.clone());
            }
            if o.set_existing(name, value) {
                Ok(())
            } else {
                Err(property_not_found(name))
            }
        }
        Value::Null | Value::Nothing => Err(runtime(
            ErrorCategory::InvalidOperation,
            "PropertyAssignmentException",
            format!(
                "The property '{name}' cannot be found on this object. Verify that the property exists and can be set."
            ),
        )),
        _ => Err(property_not_found(name)),
    }
}

pub(crate) fn arg_str(args: &[Value], i: usize) -> String {
    args.get(i).map(to_str).unwrap_or_default()
}

fn arg_int(method: &str, args: &[Value], i: usize) -> Result<i64, RuntimeError> {
    args.get(i).and_then(to_int).ok_or_else(|| {
        method_exception(
            method,
            args.len(),
            &format!(
                "Cannot convert argument \"{}\", with value: \"{}\", to type \"System.Int32\".",
                ["startIndex", "length", "count"][i.min(2)],
                arg_str(args, i)
            ),
        )
    })
}

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// String methods (case-sensitive, as .NET's are).
pub(crate) fn string_method(
    s: &str,
    name: &str,
    args: &[Value],
) -> Result<Option<Value>, RuntimeError> {
    let n = name.to_ascii_lowercase();
    let argc = args.len();
    let v = match n.as_str() {
        "tolower" | "tolowerinvariant" => Value::from(s.to_lowercase()),
        "toupper" | "toupperinvariant" => Value::from(s.to_uppercase()),
        "tostring" => Value::str(s),
        "trim" | "trimstart" | "trimend" => {
            let set: Vec<char> = args
                .iter()
                .flat_map(|a| to_str(a).chars().collect::<Vec<_>>())
                .collect();
            let pred = |c: char| {
                if set.is_empty() {
                    c.is_whitespace()
                } else {
                    set.contains(&c)
                }
            };
            Value::str(match n.as_str() {
                "trim" => s.trim_matches(pred),
                "trimstart" => s.trim_start_matches(pred),
                _ => s.trim_end_matches(pred),
            })
        }
        "startswith" | "endswith" | "contains" => {
            if argc == 0 {
                return Err(wrong_arg_count(name, argc));
            }
            let needle = arg_str(args, 0);
            let ignore_case = args.get(1).is_some_and(|a| {
                matches!(a, Value::Bool(true))
                    || to_str(a).to_ascii_lowercase().contains("ignorecase")
            });
            let (hay, needle) = if ignore_case {
                (s.to_lowercase(), needle.to_lowercase())
            } else {
                (s.to_string(), needle)
            };
            Value::Bool(match n.as_str() {
                "startswith" => hay.starts_with(&needle),
                "endswith" => hay.ends_with(&needle),
                _ => hay.contains(&needle),
            })
        }
        "equals" => Value::Bool(argc == 1 && s == arg_str(args, 0)),
        "compareto" => Value::Int(match s.cmp(&arg_str(args, 0)) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }),
        "indexof" | "lastindexof" => {
            if argc == 0 {
                return Err(wrong_arg_count(name, argc));
            }
            let needle = arg_str(args, 0);
            let found = if n == "indexof" {
                s.find(&needle)
            } else {
                s.rfind(&needle)
            };
            Value::Int(found.map_or(-1, |b| s[..b].chars().count() as i64))
        }
        "replace" => {
            if argc != 2 {
                return Err(wrong_arg_count(name, argc));
            }
            let from = arg_str(args, 0);
            if from.is_empty() {
                return Err(method_exception(
                    name,
                    argc,
                    "String cannot be of zero length.\r\nParameter name: oldValue",
                ));
            }
            Value::from(s.replace(&from, &arg_str(args, 1)))
        }
        "substring" => {
            let chars = chars_of(s);
            let start = arg_int(name, args, 0)?;
            if start < 0 || start as usize > chars.len() {
                return Err(method_exception(
                    name,
                    argc,
                    "startIndex cannot be larger than length of string.\r\nParameter name: startIndex",
                ));
            }
            let start = start as usize;
            let len = if argc > 1 {
                arg_int(name, args, 1)?
            } else {
                (chars.len() - start) as i64
            };
            if len < 0 || start + len as usize > chars.len() {
                return Err(method_exception(
                    name,
                    argc,
                    "Index and length must refer to a location within the string.\r\nParameter name: length",
                ));
            }
            Value::from(
                chars[start..start + len as usize]
                    .iter()
                    .collect::<String>(),
            )
        }
        "padleft" | "padright" => {
            let width = arg_int(name, args, 0)?.clamp(0, 10_000_000) as usize;
            let fill = arg_str(args, 1).chars().next().unwrap_or(' ');
            let len = s.chars().count();
            let pad: String = std::iter::repeat_n(fill, width.saturating_sub(len)).collect();
            Value::from(if n == "padleft" {
                format!("{pad}{s}")
            } else {
                format!("{s}{pad}")
            })
        }
        "insert" => {
            let chars = chars_of(s);
            let at = arg_int(name, args, 0)?;
            if at < 0 || at as usize > chars.len() {
                return Err(method_exception(
                    name,
                    argc,
                    "Specified argument was out of the range of valid values.\r\nParameter name: startIndex",
                ));
            }
            let mut out: String = chars[..at as usize].iter().collect();
            out.push_str(&arg_str(args, 1));
            out.extend(&chars[at as usize..]);
            Value::from(out)
        }
        "remove" => {
            let chars = chars_of(s);
            let start = arg_int(name, args, 0)?;
            let len = if argc > 1 {
                arg_int(name, args, 1)?
            } else {
                chars.len() as i64 - start
            };
            if start < 0 || len < 0 || (start + len) as usize > chars.len() {
                return Err(method_exception(
                    name,
                    argc,
                    "Index and count must refer to a location within the string.",
                ));
            }
            let mut out: String = chars[..start as usize].iter().collect();
            out.extend(&chars[(start + len) as usize..]);
            Value::from(out)
        }
        "split" => split(s, args),
        "tochararray" => Value::array(s.chars().map(|c| Value::from(c.to_string())).collect()),
        "gethashcode" => Value::Int(s.len() as i64),
        "normalize" => Value::str(s),
        _ => return Ok(None),
    };
    Ok(Some(v))
}

/// `.Split(…)`: string arguments are sets of separator characters (.NET Framework), an array of strings with
/// `RemoveEmptyEntries` splits on whole strings, a number limits the count.
fn split(s: &str, args: &[Value]) -> Value {
    let remove_empty = args.iter().any(|a| match a {
        Value::Enum(e) => e.name == "RemoveEmptyEntries",
        Value::String(t) => eq_ci(t, "RemoveEmptyEntries"),
        _ => false,
    });
    let limit = args.iter().skip(1).find_map(|a| match a {
        Value::Int(n) => usize::try_from(*n).ok(),
        _ => None,
    });
    let mut pieces: Vec<String> = match args.first() {
        None => s.split(char::is_whitespace).map(str::to_string).collect(),
        Some(Value::Array(seps)) if remove_empty || args.len() > 1 => {
            let seps: Vec<String> = seps
                .to_vec()
                .iter()
                .map(to_str)
                .filter(|x| !x.is_empty())
                .collect();
            split_on_strings(s, &seps)
        }
        Some(first) => {
            let set: Vec<char> = match first {
                Value::Array(items) => items
                    .to_vec()
                    .iter()
                    .flat_map(|i| to_str(i).chars().collect::<Vec<_>>())
                    .collect(),
                one => to_str(one).chars().collect(),
            };
            if set.is_empty() {
                s.split(char::is_whitespace).map(str::to_string).collect()
            } else {
                s.split(|c| set.contains(&c)).map(str::to_string).collect()
            }
        }
    };
    if let Some(n) = limit
        && n > 0
        && pieces.len() > n
    {
        let rest = pieces.split_off(n - 1);
        pieces.push(rest.join(""));
    }
    if remove_empty {
        pieces.retain(|p| !p.is_empty());
    }
    Value::array(pieces.into_iter().map(Value::from).collect())
}

fn split_on_strings(s: &str, seps: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut current = String::new();
    'outer: while !rest.is_empty() {
        for sep in seps {
            if let Some(r) = rest.strip_prefix(sep.as_str()) {
                out.push(std::mem::take(&mut current));
                rest = r;
                continue 'outer;
            }
        }
        let mut it = rest.chars();
        if let Some(c) = it.next() {
            current.push(c);
        }
        rest = it.as_str();
    }
    out.push(current);
    out
}

pub(crate) fn date_method(
    t: Timestamp,
    name: &str,
    args: &[Value],
    c: &Culture,
) -> Result<Option<Value>, RuntimeError> {
    let n = name.to_ascii_lowercase();
    let amount = || -> Result<f64, RuntimeError> {
        args.first()
            .and_then(to_number)
            .map(super::convert::Num::as_f64)
            .ok_or_else(|| wrong_arg_count(name, args.len()))
    };
    let add_ms = |ms: f64| -> Result<Value, RuntimeError> {
        super::convert::date_in_range(t.millis().saturating_add(ms.round() as i64))
            .map(Value::DateTime)
            .ok_or_else(|| {
                method_exception(
                    name,
                    args.len(),
                    "The added or subtracted value results in an un-representable DateTime.",
                )
            })
    };
    let v = match n.as_str() {
        "adddays" => add_ms(amount()? * 86_400_000.0)?,
        "addhours" => add_ms(amount()? * 3_600_000.0)?,
        "addminutes" => add_ms(amount()? * 60_000.0)?,
        "addseconds" => add_ms(amount()? * 1000.0)?,
        "addmilliseconds" => add_ms(amount()?)?,
        "addticks" => add_ms(amount()? / 10_000.0)?,
        "addmonths" | "addyears" => {
            let months = amount()?.clamp(-120_000.0, 120_000.0) as i64
                * if n == "addyears" { 12 } else { 1 };
            let c = t.civil();
            let total = i64::from(c.year) * 12 + i64::from(c.month) - 1 + months;
            let year = i32::try_from(total.div_euclid(12)).unwrap_or(c.year);
            let month = (total.rem_euclid(12) + 1) as u32;
            let day = c.day.min(crate::model::days_in_month(year, month));
            let moved = Timestamp::from_civil(crate::model::Civil {
                year,
                month,
                day,
                ..c
            })
            .filter(|m| super::convert::DATE_RANGE.contains(&m.millis()));
            match moved {
                Some(m) => Value::DateTime(m),
                None => {
                    return Err(method_exception(
                        name,
                        args.len(),
                        "The added or subtracted value results in an un-representable DateTime.",
                    ));
                }
            }
        }
        "tostring" => {
            let (format, c) = format_and_provider(args, c)?;
            match format {
                Some(f) => Value::from(format_date(t, &f, c).map_err(unsupported)?),
                None => Value::from(date_culture(t, c)),
            }
        }
        "toshortdatestring" => Value::from(standard(t, "d", c)),
        "tolongdatestring" => Value::from(standard(t, "D", c)),
        "toshorttimestring" => Value::from(standard(t, "t", c)),
        "tolongtimestring" => Value::from(standard(t, "T", c)),
        "touniversaltime" | "tolocaltime" => Value::DateTime(t),
        "subtract" => match args.first() {
            Some(Value::DateTime(u)) => timespan(t.millis() - u.millis()),
            Some(other) => match is_timespan(other) {
                Some(ms) => match super::convert::date_in_range(t.millis().saturating_sub(ms)) {
                    Some(d) => Value::DateTime(d),
                    None => {
                        return Err(method_exception(
                            name,
                            args.len(),
                            "The added or subtracted value results in an un-representable DateTime.",
                        ));
                    }
                },
                None => return Err(wrong_arg_count(name, args.len())),
            },
            None => return Err(wrong_arg_count(name, args.len())),
        },
        "equals" => Value::Bool(args.first().and_then(super::convert::to_date) == Some(t)),
        "dayofweek" => Value::str(day_name(t)),
        _ => return Ok(None),
    };
    Ok(Some(v))
}

pub(crate) fn number_method(
    v: &Value,
    name: &str,
    args: &[Value],
    c: &Culture,
) -> Result<Option<Value>, RuntimeError> {
    if !eq_ci(name, "ToString") {
        return Ok(None);
    }
    let (format, c) = format_and_provider(args, c)?;
    Ok(Some(match (format, to_number(v)) {
        (Some(f), Some(n)) => Value::from(format_number(n, &f, c).map_err(unsupported)?),
        _ => Value::from(to_str_culture(v, c)),
    }))
}

/// `ToString()`'s arguments: `(format)`, `(provider)` or `(format, provider)`, where the provider is a
/// CultureInfo (`[cultureinfo]::InvariantCulture`, `[cultureinfo]'de-DE'`) the text is made in instead of the
/// session culture `c`. Another provider (a DateTimeFormatInfo, a custom IFormatProvider) is refused.
fn format_and_provider<'c>(
    args: &[Value],
    c: &'c Culture,
) -> Result<(Option<String>, &'c Culture), RuntimeError> {
    let provider = |v: &Value| {
        culture_of(v).ok_or_else(|| {
            unsupported(format!(
                "ToString() with the format provider {}",
                v.type_name()
            ))
        })
    };
    match args {
        [] => Ok((None, c)),
        [Value::Object(_)] => Ok((None, provider(&args[0])?)),
        [f] => Ok((Some(to_str(f)), c)),
        [f, p, ..] => Ok((Some(to_str(f)), provider(p)?)),
    }
}

/// Mutating hashtable methods on a variable: `$h.Add(k, v)`, `$h.Remove(k)`, `$h.Clear()`. `None` when the call
/// is not one of those.
pub(crate) fn mutate_in_place(
    slot: &mut Value,
    name: &str,
    args: &[Value],
) -> Option<Result<Value, RuntimeError>> {
    {
        if let Some(r) = mutate_collection(slot, name, args) {
            return Some(r);
        }
        let Value::Hashtable(h) = slot else {
            return None;
        };
        let n = name.to_ascii_lowercase();
        Some(match n.as_str() {
            "add" => {
                if args.len() != 2 {
                    return Some(Err(wrong_arg_count(name, args.len())));
                }
                let key = to_str(&args[0]);
                if h.get(&key).is_some() {
                    return Some(Err(method_exception(
                        "Add",
                        2,
                        &format!(
                            "Item has already been added. Key in dictionary: '{key}'  Key being added: '{key}'"
                        ),
                    )));
                }
                h.insert(key, args[1].clone());
                Ok(Value::Null)
            }
            "remove" => {
                h.remove(&to_str(args.first().unwrap_or(&Value::Null)));
                Ok(Value::Null)
            }
            "clear" => {
                h.clear();
                Ok(Value::Null)
            }
            _ => return None,
        })
    }
}

/// In-place calls on arrays and objects in a variable: `$a.Clear()` (every element `$null`, as .NET's
/// `Array.Clear` on an object array) and `$x.ForEach('Name', value)`, which sets a property on each object.
fn mutate_collection(
    slot: &mut Value,
    name: &str,
    args: &[Value],
) -> Option<Result<Value, RuntimeError>> {
    if eq_ci(name, "Clear") && args.is_empty() {
        let Value::Array(items) = slot else {
            return None;
        };
        items.update(|items| items.fill(Value::Null));
        return Some(Ok(Value::Nothing));
    }
    if !eq_ci(name, "ForEach") || args.len() != 2 {
        return None;
    }
    let Value::String(prop) = &args[0] else {
        return None;
    };
    let set = |v: &Value| match v {
        Value::Object(o) if o.get(prop).is_some() => {
            o.set(prop.to_string(), args[1].clone());
            true
        }
        _ => false,
    };
    let done = match slot {
        Value::Array(items) => {
            let mut any = false;
            for i in items.to_vec() {
                any |= set(&i);
            }
            any
        }
        one => set(one),
    };
    done.then_some(Ok(Value::Nothing))
}

/// A hashtable's entries as DictionaryEntry objects (`$h.GetEnumerator()`).
pub(crate) fn dictionary_entries(h: &Hashtable) -> Vec<Value> {
    h.iter()
        .map(|(k, v)| {
            let mut o = PsObject::with_capacity(DICTIONARY_ENTRY, 3);
            o.push("Name", k.to_string());
            o.push("Key", k.to_string());
            o.push("Value", v.clone());
            Value::Object(o)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(s: &str, name: &str, args: &[Value]) -> Value {
        string_method(s, name, args)
            .expect("no error")
            .expect("a string method")
    }

    #[test]
    fn string_methods_behave_like_dotnet() {
        assert_eq!(
            call(
                r"Alice\ExchangeActiveSyncDevices\iPhone",
                "Split",
                &[Value::str("\\")]
            ),
            Value::strings(["Alice", "ExchangeActiveSyncDevices", "iPhone"])
        );
        assert_eq!(
            call("a, b", "Split", &[Value::str(", ")]),
            Value::strings(["a", "", "b"])
        );
        assert_eq!(
            call("Hello", "StartsWith", &[Value::str("he")]),
            Value::Bool(false)
        );
        assert_eq!(
            call("Hello", "Contains", &[Value::str("ell")]),
            Value::Bool(true)
        );
        assert_eq!(
            call("Hello", "Substring", &[Value::Int(1), Value::Int(3)]),
            Value::str("ell")
        );
        assert!(string_method("Hi", "Substring", &[Value::Int(5)]).is_err());
        assert_eq!(call("  x ", "Trim", &[]), Value::str("x"));
        assert_eq!(
            call("aXbX", "Replace", &[Value::str("X"), Value::str("-")]),
            Value::str("a-b-")
        );
    }

    #[test]
    fn counts_and_member_enumeration() {
        assert_eq!(
            get_member(&Value::Null, "Count", &crate::script::culture::EN_US),
            Value::Int(0)
        );
        assert_eq!(
            get_member(&Value::Int(5), "Count", &crate::script::culture::EN_US),
            Value::Int(1)
        );
        let mut a = PsObject::new("T");
        a.push("Name", "a");
        let mut b = PsObject::new("T");
        b.push("Name", "b");
        let arr = Value::array(vec![Value::Object(a), Value::Object(b)]);
        assert_eq!(
            get_member(&arr, "name", &crate::script::culture::EN_US),
            Value::strings(["a", "b"])
        );
        assert_eq!(
            get_member(&arr, "Count", &crate::script::culture::EN_US),
            Value::Int(2)
        );
    }
}
