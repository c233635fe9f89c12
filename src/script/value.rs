//! The PowerShell-ish value model cmdlets take and return: null, booleans, numbers, strings, dates, Guids, enum
//! values, arrays, ordered case-insensitive hashtables and objects with a type name and ordered, case-insensitive
//! properties.
//!
//! Values are plain owned data (`Send + Sync`), so the HTTP server can carry them across threads and the shell can
//! keep them in variables. Turning values into text for a console (`Format-List`, culture-specific dates) or JSON
//! is the renderers' job, not this file's.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::model::{Guid, Timestamp, eq_ci};

/// A property or hashtable key name: static for the properties cmdlets emit, owned for the shell's own objects.
pub type Name = Cow<'static, str>;

/// One PowerShell value.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    /// "Nothing" (PowerShell's `AutomationNull`): what a pipeline or function that wrote no output leaves in a
    /// variable. It is `$null` everywhere except that it enumerates as no items: `@($x).Count` is 0 and
    /// `$x | …` runs no iteration. The shell never hands it to an embedder (see `for_host`).
    Nothing,
    Bool(bool),
    /// A whole number: `System.Int32` when it fits in 32 bits, `System.Int64` otherwise (an embedder's counts).
    Int(i64),
    /// A `System.Int64` whatever its value (`[long]` casts, the `l` suffix, Int64 arithmetic).
    Long(i64),
    /// A `System.Byte`.
    Byte(u8),
    /// A `System.Char`.
    Char(char),
    Double(f64),
    String(Arc<str>),
    DateTime(Timestamp),
    Guid(Guid),
    Enum(EnumValue),
    Array(Vec<Value>),
    Hashtable(Hashtable),
    Object(PsObject),
}

/// A value of a .NET enumeration (the embedder declares which, e.g. Exchange's): compares equal to its name (case-insensitively) and its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnumValue {
    /// The .NET type name, e.g. `Microsoft.Exchange.Data.Directory.SystemConfiguration.DeviceAccessState`.
    pub type_name: &'static str,
    pub name: &'static str,
    pub number: i64,
}

/// How an enumeration is parsed from text; shared by parameter binding and OPATH filters.
#[derive(Clone, Copy, Debug)]
pub struct EnumInfo {
    /// The .NET type name PowerShell's conversion errors show.
    pub type_name: &'static str,
    /// Parses a name (case-insensitive) or number; the error carries PowerShell's conversion text.
    pub parse: fn(&str) -> Result<EnumValue, String>,
    /// All names, in numeric order.
    pub names: fn() -> Vec<&'static str>,
}

/// An ordered hashtable with case-insensitive keys (`@{Add='a'; Remove='b'}`).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Hashtable {
    entries: Vec<(Name, Value)>,
    ordered: bool,
}

/// An object with a type name and ordered, case-insensitive properties.
#[derive(Clone, Debug, PartialEq)]
pub struct PsObject {
    type_name: Name,
    props: Vec<(Name, Value)>,
}

impl Value {
    pub fn str(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }

    /// A string, or `Null` when empty (Exchange shows unset string properties as empty).
    pub fn str_or_null(s: &str) -> Value {
        if s.is_empty() {
            Value::Null
        } else {
            Value::String(s.into())
        }
    }

    /// A string array (multi-valued properties).
    pub fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
        Value::Array(
            items
                .into_iter()
                .map(|s| Value::String(s.as_ref().into()))
                .collect(),
        )
    }

    pub fn opt_date(t: Option<Timestamp>) -> Value {
        t.map_or(Value::Null, Value::DateTime)
    }

    /// `$null` or "nothing" (`AutomationNull`).
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null | Value::Nothing)
    }

    /// The value as an embedder's commands take it: "nothing" is `$null`, the shell's own numeric kinds are
    /// `Int` and a `[char]` is a one-character string, also inside arrays and hashtables.
    pub fn for_host(self) -> Value {
        match self {
            Value::Nothing => Value::Null,
            Value::Long(i) => Value::Int(i),
            Value::Byte(b) => Value::Int(i64::from(b)),
            Value::Char(c) => Value::String(c.to_string().into()),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::for_host).collect()),
            Value::Hashtable(h) => Value::Hashtable(h.map_values(Value::for_host)),
            other => other,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&PsObject> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The .NET type PowerShell would name in a conversion error.
    pub fn type_name(&self) -> Cow<'static, str> {
        match self {
            Value::Null | Value::Nothing => "null".into(),
            Value::Bool(_) => "System.Boolean".into(),
            Value::Int(i) if i32::try_from(*i).is_ok() => "System.Int32".into(),
            Value::Int(_) | Value::Long(_) => "System.Int64".into(),
            Value::Byte(_) => "System.Byte".into(),
            Value::Char(_) => "System.Char".into(),
            Value::Double(_) => "System.Double".into(),
            Value::String(_) => "System.String".into(),
            Value::DateTime(_) => "System.DateTime".into(),
            Value::Guid(_) => "System.Guid".into(),
            Value::Enum(e) => e.type_name.into(),
            Value::Array(_) => "System.Object[]".into(),
            Value::Hashtable(h) if h.ordered => {
                "System.Collections.Specialized.OrderedDictionary".into()
            }
            Value::Hashtable(_) => "System.Collections.Hashtable".into(),
            Value::Object(o) => o.type_name.clone(),
        }
    }

    /// The value as text the way PowerShell's `ToString()` gives it for scalars (dates in ISO 8601, since culture
    /// formatting is the shell's business); arrays are joined with spaces as PowerShell does in strings.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null | Value::Nothing => String::new(),
            Value::Bool(true) => "True".to_string(),
            Value::Bool(false) => "False".to_string(),
            Value::Int(i) | Value::Long(i) => i.to_string(),
            Value::Byte(b) => b.to_string(),
            Value::Char(c) => c.to_string(),
            Value::Double(d) => d.to_string(),
            Value::String(s) => s.to_string(),
            Value::DateTime(t) => t.to_string(),
            Value::Guid(g) => g.to_string(),
            Value::Enum(e) => e.name.to_string(),
            Value::Array(items) => items
                .iter()
                .map(Value::to_text)
                .collect::<Vec<_>>()
                .join(" "),
            Value::Hashtable(h) if h.ordered => {
                "System.Collections.Specialized.OrderedDictionary".to_string()
            }
            Value::Hashtable(_) => "System.Collections.Hashtable".to_string(),
            Value::Object(o) => o.type_name.to_string(),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s.into())
    }
}

impl From<Arc<str>> for Value {
    fn from(s: Arc<str>) -> Value {
        Value::String(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<u32> for Value {
    fn from(i: u32) -> Value {
        Value::Int(i64::from(i))
    }
}

impl From<Guid> for Value {
    fn from(g: Guid) -> Value {
        Value::Guid(g)
    }
}

impl From<Timestamp> for Value {
    fn from(t: Timestamp) -> Value {
        Value::DateTime(t)
    }
}

impl From<EnumValue> for Value {
    fn from(e: EnumValue) -> Value {
        Value::Enum(e)
    }
}

impl From<Hashtable> for Value {
    fn from(h: Hashtable) -> Value {
        Value::Hashtable(h)
    }
}

impl From<PsObject> for Value {
    fn from(o: PsObject) -> Value {
        Value::Object(o)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl Hashtable {
    pub fn new() -> Hashtable {
        Hashtable::default()
    }

    /// Sets `key` (replacing an entry whose key equals it case-insensitively, keeping its place).
    pub fn insert(&mut self, key: impl Into<Name>, value: Value) {
        let key = key.into();
        match self.entries.iter_mut().find(|(k, _)| eq_ci(k, &key)) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| eq_ci(k, key))
            .map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The same keys with each value mapped.
    pub fn map_values(self, f: impl Fn(Value) -> Value) -> Hashtable {
        Hashtable {
            entries: self.entries.into_iter().map(|(k, v)| (k, f(v))).collect(),
            ordered: self.ordered,
        }
    }

    /// Whether this is an `[ordered]` dictionary (`System.Collections.Specialized.OrderedDictionary`): an integer
    /// index is then a position. Both kinds keep their keys in insertion order here.
    pub fn is_ordered(&self) -> bool {
        self.ordered
    }

    pub fn set_ordered(&mut self, ordered: bool) {
        self.ordered = ordered;
    }

    /// The value at a position (an `[ordered]` dictionary's integer index).
    pub fn value_at(&self, i: usize) -> Option<&Value> {
        self.entries.get(i).map(|(_, v)| v)
    }

    /// Removes `key` (case-insensitively), keeping the order of the others.
    pub fn remove(&mut self, key: &str) {
        self.entries.retain(|(k, _)| !eq_ci(k, key));
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

impl PsObject {
    pub fn new(type_name: impl Into<Name>) -> PsObject {
        PsObject {
            type_name: type_name.into(),
            props: Vec::new(),
        }
    }

    pub fn with_capacity(type_name: impl Into<Name>, n: usize) -> PsObject {
        PsObject {
            type_name: type_name.into(),
            props: Vec::with_capacity(n),
        }
    }

    /// Appends a property; cmdlets add each property once, in Exchange's order.
    pub fn push(&mut self, name: impl Into<Name>, value: impl Into<Value>) {
        self.props.push((name.into(), value.into()));
    }

    /// Sets a property, replacing one whose name equals it case-insensitively.
    pub fn set(&mut self, name: impl Into<Name>, value: impl Into<Value>) {
        let name = name.into();
        let value = value.into();
        match self.props.iter_mut().find(|(k, _)| eq_ci(k, &name)) {
            Some(p) => p.1 = value,
            None => self.props.push((name, value)),
        }
    }

    pub fn type_name(&self) -> &str {
        &self.type_name
    }

    /// The type name without its namespace (`Microsoft.Exchange…MobileDevice` → `MobileDevice`).
    pub fn short_type_name(&self) -> &str {
        self.type_name.rsplit('.').next().unwrap_or(&self.type_name)
    }

    /// A property by name, case-insensitively.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.props
            .iter()
            .find(|(k, _)| eq_ci(k, name))
            .map(|(_, v)| v)
    }

    pub fn props(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> {
        self.props.iter().map(|(k, v)| (&**k, v))
    }

    pub fn len(&self) -> usize {
        self.props.len()
    }

    pub fn is_empty(&self) -> bool {
        self.props.is_empty()
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_and_hashtables_are_case_insensitive_and_ordered() {
        let mut o = PsObject::new("Test.Thing");
        o.push("DeviceId", "A1");
        o.push("DeviceModel", "iPhone");
        o.set("deviceid", "B2");
        assert_eq!(o.get("DEVICEID"), Some(&Value::str("B2")));
        assert_eq!(
            o.props().map(|(k, _)| k).collect::<Vec<_>>(),
            ["DeviceId", "DeviceModel"]
        );
        assert_eq!(o.short_type_name(), "Thing");
        let mut h = Hashtable::new();
        h.insert("Add", Value::str("x"));
        h.insert("ADD", Value::str("y"));
        assert_eq!(h.len(), 1);
        assert_eq!(h.get("add"), Some(&Value::str("y")));
    }

    #[test]
    fn values_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Value>();
    }
}
