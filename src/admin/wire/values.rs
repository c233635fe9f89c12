//! Cmdlet output values as InvokeCommand JSON, both ways, so the two cannot drift: `write_value` writes an object
//! with its annotations (`@data.type` on the object for its type name, `Prop@data.type` for Guids, dates, doubles
//! and enum values, `Prop@odata.type` `#Collection(T)` for collections); `ValueSeed` reads them back into the same
//! values. Enums go as names and dates as `2022-09-21T08:07:47.0000000+00:00`, as Exchange Online sends them;
//! clients that ignore the annotations see the documented shape.
//!
//! Writing is by hand so properties keep the cmdlet's order (strings escaped as serde_json escapes them). Reading
//! is streamed, with no JSON tree in between: a listing of the `large` profile is ~250,000 objects and ~300 MB of
//! JSON, so property and type names are interned (`'static`, shared like a local cmdlet's) and strings become
//! `Arc<str>` once. Values that do not fit their annotation stay strings; nothing here panics on odd input.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock};

use hashbrown::{HashMap, HashSet};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::admin::enums::enum_info;
use crate::model::{Guid, Timestamp};
use crate::script::{Hashtable, PsObject, Value};

// ---- writing ----

/// Appends `s` as a JSON string.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    write_escaped(out, s);
    out.push('"');
}

/// Appends `s` escaped for the inside of a JSON string (RFC 8259: quote, backslash and control characters), in
/// place: listings write a few hundred MB of strings, so no temporary per string.
fn write_escaped(out: &mut String, s: &str) {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
}

/// `2022-09-21T08:07:47.0000000+00:00`.
pub fn date_text(t: Timestamp) -> String {
    let c = t.civil();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}0000+00:00",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.millis
    )
}

/// Appends one output value as JSON; objects keep only `select`ed properties when a selection is given.
/// A value nested past the language's limit (one that holds itself) is written as `null`.
pub fn write_value(out: &mut String, v: &Value, select: Option<&[String]>) {
    let written = crate::script::value::nested(false, || {
        write_nested(out, v, select);
        true
    });
    if !written {
        out.push_str("null");
    }
}

fn write_nested(out: &mut String, v: &Value, select: Option<&[String]>) {
    match v {
        Value::Null | Value::Nothing => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Long(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Byte(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Char(c) => write_str(out, &c.to_string()),
        Value::Double(d) if d.is_finite() => {
            let _ = write!(out, "{d}");
        }
        Value::Double(_) => out.push_str("null"),
        Value::String(s) => write_str(out, s),
        Value::DateTime(t) => write_str(out, &date_text(*t)),
        Value::Guid(g) => write_str(out, &g.to_string()),
        Value::Enum(e) => write_str(out, e.name),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.to_vec().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item, None);
            }
            out.push(']');
        }
        Value::Hashtable(h) => {
            out.push('{');
            for (i, (k, v)) in h.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, &k);
                out.push(':');
                write_value(out, &v, None);
            }
            out.push('}');
        }
        Value::Object(o) => write_object(out, o, select),
    }
}

/// The `@data.type` a scalar needs so a client can read it back as the same value: the .NET type of Guids,
/// dates, doubles and enum values (whose JSON alone is a string or a number). `None` for the rest.
fn scalar_type(v: &Value) -> Option<&'static str> {
    match v {
        Value::Guid(_) => Some("System.Guid"),
        Value::DateTime(_) => Some("System.DateTime"),
        Value::Double(_) => Some("System.Double"),
        Value::Enum(e) => Some(e.type_name),
        _ => None,
    }
}

/// `#Collection(String)`, or `#Collection(<.NET type>)` when the items are Guids, dates, doubles or enum values.
fn collection_type(items: &[Value]) -> String {
    let item = items.iter().find_map(scalar_type).unwrap_or("String");
    format!("#Collection({item})")
}

fn write_object(out: &mut String, o: &PsObject, select: Option<&[String]>) {
    out.push_str("{\"@data.type\":");
    write_str(out, o.type_name());
    for (name, value) in o.props() {
        if select.is_some_and(|s| !s.iter().any(|n| n.eq_ignore_ascii_case(&name))) {
            continue;
        }
        let annotation = match &value {
            Value::Array(items) => Some(("@odata.type", items.with(collection_type))),
            v => scalar_type(v).map(|t| ("@data.type", t.to_string())),
        };
        if let Some((kind, type_name)) = annotation {
            out.push_str(",\"");
            write_escaped(out, &name);
            out.push_str(kind);
            out.push_str("\":");
            write_str(out, &type_name);
        }
        out.push(',');
        write_str(out, &name);
        out.push(':');
        write_value(out, &value, None);
    }
    out.push('}');
}

// ---- reading ----

/// How many distinct names (property names, type names, error ids) are kept for the whole process. The set the
/// cmdlets use is a few hundred; the cap keeps a misbehaving server from growing it without bound.
const INTERN_CAP: usize = 4096;

/// A `'static` copy of a name the other side sends again and again (`None` past the cap).
pub fn interned(s: &str) -> Option<&'static str> {
    thread_local! {
        static LOCAL: RefCell<HashMap<Box<str>, &'static str>> = RefCell::new(HashMap::new());
    }
    if let Some(found) = LOCAL.with(|m| m.borrow().get(s).copied()) {
        return Some(found);
    }
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let global = {
        let mut names = NAMES
            .get_or_init(Mutex::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match names.get(s) {
            Some(found) => *found,
            None if names.len() >= INTERN_CAP => return None,
            None => {
                let leaked: &'static str = Box::leak(s.to_string().into_boxed_str());
                names.insert(leaked);
                leaked
            }
        }
    };
    LOCAL.with(|m| m.borrow_mut().insert(s.into(), global));
    Some(global)
}

fn intern(s: &str) -> Cow<'static, str> {
    interned(s).map_or_else(|| Cow::Owned(s.to_string()), Cow::Borrowed)
}

/// A string typed by its annotation (dates, Guids, enum values); otherwise, or when it does not parse, a string.
fn typed_string(s: &str, annotation: Option<&str>) -> Value {
    let typed = match annotation {
        None | Some("String" | "System.String") => None,
        Some("System.DateTime") => Timestamp::parse(s).map(Value::DateTime),
        Some("System.Guid") => Guid::parse(s).map(Value::Guid),
        Some(t) => enum_info(t).and_then(|info| (info.parse)(s).ok().map(Value::from)),
    };
    typed.unwrap_or_else(|| Value::str(s))
}

/// The item type of `#Collection(T)`.
fn item_type(annotation: Option<&str>) -> Option<&str> {
    annotation?.strip_prefix("#Collection(")?.strip_suffix(')')
}

/// Reads one JSON value as a `Value`, typed by `annotation`.
pub struct ValueSeed<'a> {
    pub annotation: Option<&'a str>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(if self.annotation == Some("System.Double") {
            Value::Double(n as f64)
        } else {
            Value::Int(n)
        })
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Ok(match i64::try_from(n) {
            Ok(i) if self.annotation != Some("System.Double") => Value::Int(i),
            _ => Value::Double(n as f64),
        })
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Double(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(typed_string(s, self.annotation))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let annotation = item_type(self.annotation);
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(ValueSeed { annotation })? {
            items.push(item);
        }
        Ok(Value::array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut type_name: Option<Cow<'static, str>> = None;
        let mut pending: Option<(Cow<'static, str>, Cow<'static, str>)> = None;
        let mut annotations: Vec<(Cow<'static, str>, Cow<'static, str>)> = Vec::new();
        let mut props: Vec<(Cow<'static, str>, Value)> = Vec::with_capacity(32);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key {
                Key::ObjectType => type_name = Some(map.next_value_seed(NameSeed)?),
                Key::Annotation(prop) => {
                    let ty = map.next_value_seed(NameSeed)?;
                    // Annotations come just before their property; keep older ones for odd orders.
                    if let Some(previous) = pending.replace((prop, ty)) {
                        annotations.push(previous);
                    }
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
                Key::Property(name) => {
                    let annotation = match &pending {
                        Some((p, t)) if *p == name => Some(&**t),
                        _ => annotations
                            .iter()
                            .find(|(p, _)| *p == name)
                            .map(|(_, t)| &**t),
                    };
                    let value = map.next_value_seed(ValueSeed { annotation })?;
                    props.push((name, value));
                }
            }
        }
        Ok(match type_name {
            Some(t) => {
                let mut o = PsObject::with_capacity(t, props.len());
                for (k, v) in props {
                    o.push(k, v);
                }
                Value::Object(o)
            }
            None => {
                let h = Hashtable::new();
                for (k, v) in props {
                    h.insert(k, v);
                }
                Value::Hashtable(h)
            }
        })
    }
}

/// What an object member's key is.
enum Key {
    /// `@data.type`: the object's type name.
    ObjectType,
    /// `Prop@data.type` / `Prop@odata.type`.
    Annotation(Cow<'static, str>),
    /// Other annotations (`@odata.context`, `Prop@other`): skipped.
    Other,
    Property(Cow<'static, str>),
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Key, E> {
        Ok(match s.split_once('@') {
            None => Key::Property(intern(s)),
            Some(("", "data.type")) => Key::ObjectType,
            Some((prop, "data.type" | "odata.type")) if !prop.is_empty() => {
                Key::Annotation(intern(prop))
            }
            Some(_) => Key::Other,
        })
    }
}

/// A type name (annotation value), interned; a non-string is read as no name.
struct NameSeed;

impl<'de> DeserializeSeed<'de> for NameSeed {
    type Value = Cow<'static, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NameSeed {
    type Value = Cow<'static, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a type name")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(intern(s))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Cow::Borrowed(""))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Cow::Borrowed(""))
    }
}

/// A JSON array of values (an answer's `value`).
pub struct ValuesSeed;

impl<'de> DeserializeSeed<'de> for ValuesSeed {
    type Value = Vec<Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<Value>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ValuesSeed {
    type Value = Vec<Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Value>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element_seed(ValueSeed { annotation: None })? {
            items.push(item);
        }
        Ok(items)
    }
}

/// A parsed JSON tree (a request's parameter) read as the same values a streamed answer gives.
pub(super) fn from_tree(json: &serde_json::Value) -> Value {
    ValueSeed { annotation: None }
        .deserialize(json)
        .unwrap_or_default()
}
