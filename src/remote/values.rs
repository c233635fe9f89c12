//! Typed JSON to cmdlet values, streamed: an answer page's `value` array is read straight into `Value`s (no JSON
//! tree in between), using the server's annotations — `@data.type` on an object for its type name, `Prop@data.type`
//! / `Prop@odata.type` for a property's .NET type (dates, Guids, doubles, enums, typed collections).
//!
//! A listing of the `large` profile is ~250,000 objects and ~300 MB of JSON, so this avoids per-property
//! allocations: property and type names are interned (`'static`, shared like a local cmdlet's), strings become
//! `Arc<str>` once. Values that do not fit their annotation stay strings; nothing here panics on odd input.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use hashbrown::{HashMap, HashSet};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::admin::enums::enum_info;
use crate::model::{Guid, Timestamp};
use crate::script::{Hashtable, PsObject, Value};

/// How many distinct names (property names, type names, error ids) are kept for the whole process. The set the
/// cmdlets use is a few hundred; the cap keeps a misbehaving server from growing it without bound.
const INTERN_CAP: usize = 4096;

/// A `'static` copy of a name the server sends again and again (`None` past the cap).
pub(crate) fn interned(s: &str) -> Option<&'static str> {
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

pub(crate) fn intern(s: &str) -> Cow<'static, str> {
    interned(s).map_or_else(|| Cow::Owned(s.to_string()), Cow::Borrowed)
}

/// A string typed by its annotation (dates, Guids, enum values); otherwise, or when it does not parse, a string.
pub(crate) fn typed_string(s: &str, annotation: Option<&str>) -> Value {
    let typed = match annotation {
        None | Some("String" | "System.String") => None,
        Some("System.DateTime") => Timestamp::parse(s).map(Value::DateTime),
        Some("System.Guid") => Guid::parse(s).map(Value::Guid),
        Some(t) => enum_info(t).and_then(|info| (info.parse)(s).ok().map(Value::Enum)),
    };
    typed.unwrap_or_else(|| Value::str(s))
}

/// The item type of `#Collection(T)`.
fn item_type(annotation: Option<&str>) -> Option<&str> {
    annotation?.strip_prefix("#Collection(")?.strip_suffix(')')
}

/// Reads one JSON value as a `Value`, typed by `annotation`.
pub(crate) struct ValueSeed<'a> {
    pub(crate) annotation: Option<&'a str>,
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
        Ok(Value::Array(items))
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
                let mut h = Hashtable::new();
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
pub(crate) struct ValuesSeed;

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
