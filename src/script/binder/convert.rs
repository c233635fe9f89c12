//! Converting one argument to a parameter's type (`ParamType`), with PowerShell's conversion rules and texts.
//! The language's own types are converted here; an embedder's types (`ParamType::Custom`) bring their own
//! conversion, built from the same `texts`.

use super::super::culture::Culture;
use super::super::error::ErrorRecord;
use super::super::params::{Arg, ParamType, ParameterInfo};
use super::super::value::{EnumInfo, Value};
use super::texts::{
    array_to_scalar, cannot_bind, cannot_convert, not_a_boolean, not_a_switch, null_not_allowed,
    number_error,
};

/// Converts one argument to `param`'s type, with PowerShell's error texts; an embedder's types read text in
/// `culture` (the session's).
pub fn convert(param: &ParameterInfo, value: Value, culture: &Culture) -> Result<Arg, ErrorRecord> {
    let name = param.name;
    let ty = param.ty;
    // A one-element array binds like its element to a scalar parameter.
    let value = match value.for_host() {
        Value::Array(items)
            if !ty.takes_list()
                && let Some(one) = items.single() =>
        {
            one
        }
        v => v,
    };
    match ty {
        ParamType::String | ParamType::Filter => match value {
            Value::Null if matches!(ty, ParamType::String) => Ok(Arg::Value(Value::Null)),
            Value::Null => Err(null_not_allowed(name)),
            Value::Hashtable(_) | Value::Object(_) => {
                Err(cannot_convert(name, &value, ty.type_name()))
            }
            Value::Array(_) => Err(array_to_scalar(name, ty.type_name())),
            v @ Value::String(_) => Ok(Arg::Value(v)),
            v => Ok(Arg::Value(Value::str(v.to_text()))),
        },
        ParamType::Strings => match value {
            Value::Null => Ok(Arg::Value(Value::Null)),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for v in items.into_vec() {
                    match v {
                        Value::Hashtable(_) | Value::Object(_) | Value::Array(_) => {
                            return Err(cannot_convert(name, &v, "System.String"));
                        }
                        v => out.push(Value::str(v.to_text())),
                    }
                }
                Ok(Arg::Value(Value::array(out)))
            }
            Value::Hashtable(_) | Value::Object(_) => {
                Err(cannot_convert(name, &value, ty.type_name()))
            }
            v => Ok(Arg::Value(Value::array(vec![Value::str(v.to_text())]))),
        },
        ParamType::Bool => match value {
            Value::Bool(b) => Ok(Arg::Value(Value::Bool(b))),
            Value::Int(i) => Ok(Arg::Value(Value::Bool(i != 0))),
            Value::Double(d) => Ok(Arg::Value(Value::Bool(d != 0.0))),
            Value::Null => Ok(Arg::Value(Value::Bool(false))),
            v => Err(not_a_boolean(name, &v)),
        },
        ParamType::Switch => Ok(Arg::Value(Value::Bool(to_switch(name, value)?))),
        ParamType::UInt32 => match value {
            Value::Null => Err(null_not_allowed(name)),
            v => parse_u32(&v)
                .map(|n| Arg::Value(Value::Int(i64::from(n))))
                .ok_or_else(|| number_error(name, &v, "System.UInt32")),
        },
        ParamType::Enum(info) => match value {
            Value::Null => Err(null_not_allowed(name)),
            v => Ok(Arg::Value(to_enum(name, info, &v)?)),
        },
        ParamType::Enums(info) => {
            let items = match value {
                Value::Null => return Err(null_not_allowed(name)),
                Value::Array(items) => items.into_vec(),
                v => vec![v],
            };
            let mut out = Vec::with_capacity(items.len());
            for v in &items {
                out.push(to_enum(name, info, v)?);
            }
            Ok(Arg::Value(Value::array(out)))
        }
        ParamType::Any(_) => Ok(Arg::Value(value)),
        ParamType::Custom(custom) => (custom.convert)(name, value, culture),
    }
}

pub(crate) fn to_switch(name: &str, value: Value) -> Result<bool, ErrorRecord> {
    match value {
        Value::Bool(b) => Ok(b),
        Value::Int(i) => Ok(i != 0),
        Value::Null => Ok(false),
        v => Err(not_a_switch(name, &v)),
    }
}

/// A non-negative 32-bit number from a number or its text.
pub fn parse_u32(value: &Value) -> Option<u32> {
    match value {
        Value::Int(i) => u32::try_from(*i).ok(),
        Value::Double(d) if d.fract() == 0.0 && *d >= 0.0 && *d <= f64::from(u32::MAX) => {
            Some(*d as u32)
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn to_enum(name: &str, info: &EnumInfo, value: &Value) -> Result<Value, ErrorRecord> {
    match value {
        Value::Enum(e) if e.type_name == info.type_name => Ok(Value::Enum(e)),
        Value::String(_) | Value::Int(_) | Value::Enum(_) => (info.parse)(&value.to_text())
            .map(Value::from)
            .map_err(|e| cannot_bind(name, e)),
        other => Err(cannot_convert(name, other, info.type_name)),
    }
}
