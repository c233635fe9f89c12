//! The PowerShell-ish value model cmdlets take and return: null, booleans, numbers, strings, dates, Guids, enum
//! values, arrays, ordered case-insensitive hashtables and objects with a type name and ordered, case-insensitive
//! properties.
//!
//! Arrays, hashtables and objects are .NET reference types in PowerShell: `$b = $a` makes both variables name one
//! array or table, so a change through either shows through both (about_Ref, the language specification §9.5
//! and §10.5); `+` and `+=` on an array make a new one. Here they are handles to shared data (`Arc<RwLock<…>>`,
//! so values stay `Send + Sync` and the HTTP server can carry them across threads); `Clone` shares,
//! `shallow_copy` copies (`$a.Clone()`, `$h.Clone()`, `.psobject.Copy()`). Accessors copy values out and never
//! hand a lock guard to their caller, so evaluating script (which may touch the same array or table) can never
//! meet a lock it already holds; a value can hold itself (`$a[0] = $a`), so every walk into nested values stops
//! at `MAX_DEPTH`. Turning values into text for a console (`Format-List`, culture-specific dates) or JSON is the
//! renderers' job, not this file's.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, LazyLock, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::model::{Guid, Timestamp, eq_ci};

mod props;
use props::Props;
pub use props::{Shape, ShapeSlot};

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
    Enum(&'static EnumValue),
    /// An array (`System.Object[]`): a handle, shared by its clones, as hashtables are.
    Array(ArrayRef),
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

impl EnumValue {
    /// The one shared copy of this value, which `Value::Enum` holds (a reference keeps `Value` three words wide).
    /// Every name and type name is a `'static` string of the embedder's tables, so the distinct values are few and
    /// fixed: each is kept once, for the life of the process.
    pub fn interned(self) -> &'static EnumValue {
        type Key = (usize, usize, i64);
        static INTERNED: LazyLock<RwLock<HashMap<Key, &'static EnumValue>>> =
            LazyLock::new(Default::default);
        // Keyed by where the strings are: the same text at two addresses only makes two equal copies.
        let key = (
            self.type_name.as_ptr() as usize,
            self.name.as_ptr() as usize,
            self.number,
        );
        if let Some(&v) = read(&INTERNED).get(&key) {
            return v;
        }
        let mut interned = write(&INTERNED);
        if let Some(&v) = interned.get(&key) {
            return v;
        }
        let v: &'static EnumValue = Box::leak(Box::new(self));
        interned.insert(key, v);
        v
    }
}

impl From<EnumValue> for Value {
    fn from(e: EnumValue) -> Value {
        Value::Enum(e.interned())
    }
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

/// An ordered hashtable with case-insensitive keys (`@{Add='a'; Remove='b'}`): a handle, shared by its clones.
#[derive(Clone, Default)]
pub struct Hashtable {
    inner: Arc<RwLock<Table>>,
}

#[derive(Clone, Default)]
struct Table {
    entries: Vec<(Name, Value)>,
    ordered: bool,
}

/// An object with a type name and ordered, case-insensitive properties: a handle, shared by its clones.
///
/// One pointer wide, so that a `Value` stays small (a cmdlet's output holds hundreds of thousands of values).
#[derive(Clone)]
pub struct PsObject(Arc<ObjectData>);

struct ObjectData {
    type_name: Name,
    /// For an entry of `.psobject.Properties` (a `PSNoteProperty`): the object and the name of the property it
    /// describes, so that reading and setting its `Value` read and set that property.
    member_of: Option<(PsObject, Name)>,
    props: RwLock<Props>,
}

/// A read of shared data; a panic elsewhere while writing leaves the data as it was, so poisoning is ignored.
fn read<T>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(PoisonError::into_inner)
}

fn write<T>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(PoisonError::into_inner)
}

/// How deep comparing, converting and printing follow nested values: a table can contain itself
/// (`$h.self = $h`).
const MAX_DEPTH: u32 = 64;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f` one level deeper, or answers `deep` when the nesting is past `MAX_DEPTH`: what every walk into
/// nested values (text, cells, JSON) goes through, so a value holding itself ends instead of overflowing the stack.
pub(crate) fn nested<R>(deep: R, f: impl FnOnce() -> R) -> R {
    let d = DEPTH.with(Cell::get);
    if d >= MAX_DEPTH {
        return deep;
    }
    DEPTH.with(|c| c.set(d + 1));
    let r = f();
    DEPTH.with(|c| c.set(d));
    r
}

/// Whether walking into one more level of nesting would pass `MAX_DEPTH` (what `nested` would refuse).
pub(crate) fn too_deep() -> bool {
    DEPTH.with(Cell::get) >= MAX_DEPTH
}

impl Value {
    pub fn str(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }

    /// A string shared with its owner (no copy), or `Null` when empty.
    pub fn shared_or_null(s: &Arc<str>) -> Value {
        if s.is_empty() {
            Value::Null
        } else {
            Value::String(s.clone())
        }
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
        Value::array(
            items
                .into_iter()
                .map(|s| Value::String(s.as_ref().into()))
                .collect(),
        )
    }

    /// A new array holding `items`.
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(ArrayRef::new(items))
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
            Value::Array(items) => Value::Array(items.map(Value::for_host)),
            // A table holding itself is converted to `MAX_DEPTH` levels, then passed as it is.
            Value::Hashtable(h) if DEPTH.with(Cell::get) < MAX_DEPTH => {
                Value::Hashtable(nested(Hashtable::new(), || h.map_values(Value::for_host)))
            }
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
            Value::Hashtable(h) if h.is_ordered() => {
                "System.Collections.Specialized.OrderedDictionary".into()
            }
            Value::Hashtable(_) => "System.Collections.Hashtable".into(),
            Value::Object(o) => o.0.type_name.clone(),
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
            Value::Array(items) => nested(String::new(), || {
                items
                    .to_vec()
                    .iter()
                    .map(Value::to_text)
                    .collect::<Vec<_>>()
                    .join(" ")
            }),
            Value::Hashtable(h) if h.is_ordered() => {
                "System.Collections.Specialized.OrderedDictionary".to_string()
            }
            Value::Hashtable(_) => "System.Collections.Hashtable".to_string(),
            Value::Object(o) => o.0.type_name.to_string(),
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

impl From<ArrayRef> for Value {
    fn from(a: ArrayRef) -> Value {
        Value::Array(a)
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Value {
        Value::array(items)
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

/// An array (`System.Object[]`): a handle, shared by its clones (`$b = $a`, passing it, putting it in another
/// array), so an element set through one shows through all. Accessors copy elements out; `with` and `update`
/// lend the elements to a closure that must neither run script nor read into nested arrays (an array can hold
/// itself, and its lock is not re-entrant).
#[derive(Clone, Default)]
pub struct ArrayRef {
    inner: Arc<RwLock<Vec<Value>>>,
}

impl ArrayRef {
    pub fn new(items: Vec<Value>) -> ArrayRef {
        ArrayRef {
            inner: Arc::new(RwLock::new(items)),
        }
    }

    pub fn len(&self) -> usize {
        read(&self.inner).len()
    }

    pub fn is_empty(&self) -> bool {
        read(&self.inner).is_empty()
    }

    /// The element at `i`, copied out.
    pub fn get(&self, i: usize) -> Option<Value> {
        read(&self.inner).get(i).cloned()
    }

    /// The only element of a one-element array (which most scalar conversions look through).
    pub fn single(&self) -> Option<Value> {
        match read(&self.inner).as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// Like `single`, looking through one-element arrays nested in it (`@(,@(5))` is 5 to a conversion), so a
    /// caller converting the element never recurses: `None` also when the nesting is a cycle (`$a[0] = $a`).
    pub fn unwrap_single(&self) -> Option<Value> {
        let mut one = self.single()?;
        for _ in 0..MAX_DEPTH {
            match &one {
                Value::Array(a) => match a.single() {
                    Some(inner) => one = inner,
                    None => return Some(one),
                },
                _ => return Some(one),
            }
        }
        None
    }

    /// The elements as they are now (later changes to the array do not show in the copy).
    pub fn to_vec(&self) -> Vec<Value> {
        read(&self.inner).clone()
    }

    /// The elements, taken without copying when this is the array's only handle.
    pub fn into_vec(self) -> Vec<Value> {
        match Arc::try_unwrap(self.inner) {
            Ok(l) => l.into_inner().unwrap_or_else(PoisonError::into_inner),
            Err(shared) => read(&shared).clone(),
        }
    }

    /// Lends the elements to `f`, which must not evaluate script or read into nested arrays.
    pub fn with<R>(&self, f: impl FnOnce(&[Value]) -> R) -> R {
        f(&read(&self.inner))
    }

    /// Changes the elements in place (seen through every handle); `f` must not evaluate script or read into
    /// nested arrays.
    pub fn update<R>(&self, f: impl FnOnce(&mut Vec<Value>) -> R) -> R {
        f(&mut write(&self.inner))
    }

    /// Sets the element at `i`; `false` (and no change) when `i` is out of range.
    pub fn set(&self, i: usize, value: Value) -> bool {
        let old = {
            let mut items = write(&self.inner);
            match items.get_mut(i) {
                Some(slot) => std::mem::replace(slot, value),
                None => return false,
            }
        };
        // Dropped outside the lock: the old element may be the last handle of a large nested value.
        drop(old);
        true
    }

    /// The elements for changing when no other handle shares them (appending to an array nobody else can
    /// see makes no observable difference from building a new one).
    pub fn unique_mut(&mut self) -> Option<&mut Vec<Value>> {
        Arc::get_mut(&mut self.inner).map(|l| l.get_mut().unwrap_or_else(PoisonError::into_inner))
    }

    /// A new array of the elements mapped by `f`; past `MAX_DEPTH` levels of nesting (an array holding itself)
    /// the array itself, unmapped.
    pub fn map(self, f: impl Fn(Value) -> Value) -> ArrayRef {
        if too_deep() {
            return self;
        }
        nested(ArrayRef::default(), || {
            self.into_vec().into_iter().map(f).collect()
        })
    }

    /// A new array with the same elements (`$a.Clone()`): the elements themselves are shared, not copied.
    pub fn shallow_copy(&self) -> ArrayRef {
        ArrayRef::new(self.to_vec())
    }

    /// Whether both handles name the same array (reference equality).
    pub fn same(&self, other: &ArrayRef) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl From<Vec<Value>> for ArrayRef {
    fn from(items: Vec<Value>) -> ArrayRef {
        ArrayRef::new(items)
    }
}

impl FromIterator<Value> for ArrayRef {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> ArrayRef {
        ArrayRef::new(iter.into_iter().collect())
    }
}

/// Two arrays are equal when they are the same array or hold equal elements (nesting followed to `MAX_DEPTH`).
impl PartialEq for ArrayRef {
    fn eq(&self, other: &ArrayRef) -> bool {
        if self.same(other) {
            return true;
        }
        let (a, b) = (self.to_vec(), other.to_vec());
        nested(false, || a == b)
    }
}

/// Printed as the list of elements, as the `Vec` it replaced was.
impl fmt::Debug for ArrayRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if too_deep() {
            return f.write_str("[…]");
        }
        let items = self.to_vec();
        nested(Ok(()), || fmt::Debug::fmt(&items, f))
    }
}

impl Hashtable {
    pub fn new() -> Hashtable {
        Hashtable::default()
    }

    /// A new table holding `entries` (keys assumed distinct).
    pub fn from_entries(entries: Vec<(Name, Value)>, ordered: bool) -> Hashtable {
        Hashtable {
            inner: Arc::new(RwLock::new(Table { entries, ordered })),
        }
    }

    /// Sets `key` (replacing an entry whose key equals it case-insensitively, keeping its place).
    pub fn insert(&self, key: impl Into<Name>, value: Value) {
        let key = key.into();
        let mut t = write(&self.inner);
        match t.entries.iter_mut().find(|(k, _)| eq_ci(k, &key)) {
            Some(entry) => entry.1 = value,
            None => t.entries.push((key, value)),
        }
    }

    /// The value under `key` (case-insensitively), copied out.
    pub fn get(&self, key: &str) -> Option<Value> {
        read(&self.inner)
            .entries
            .iter()
            .find(|(k, _)| eq_ci(k, key))
            .map(|(_, v)| v.clone())
    }

    pub fn contains_key(&self, key: &str) -> bool {
        read(&self.inner).entries.iter().any(|(k, _)| eq_ci(k, key))
    }

    /// The entries as they are now, in order (later changes to the table do not show in the copy).
    pub fn iter(&self) -> std::vec::IntoIter<(Name, Value)> {
        read(&self.inner).entries.clone().into_iter()
    }

    pub fn keys(&self) -> Vec<Name> {
        read(&self.inner)
            .entries
            .iter()
            .map(|(k, _)| k.clone())
            .collect()
    }

    pub fn values(&self) -> Vec<Value> {
        read(&self.inner)
            .entries
            .iter()
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn len(&self) -> usize {
        read(&self.inner).entries.len()
    }

    pub fn is_empty(&self) -> bool {
        read(&self.inner).entries.is_empty()
    }

    /// A new table with the same keys and each value mapped.
    pub fn map_values(&self, f: impl Fn(Value) -> Value) -> Hashtable {
        let t = self.copy_table();
        Hashtable::from_entries(
            t.entries.into_iter().map(|(k, v)| (k, f(v))).collect(),
            t.ordered,
        )
    }

    /// A new table with the same entries (`$h.Clone()`): the values themselves are shared, not copied.
    pub fn shallow_copy(&self) -> Hashtable {
        Hashtable {
            inner: Arc::new(RwLock::new(self.copy_table())),
        }
    }

    fn copy_table(&self) -> Table {
        read(&self.inner).clone()
    }

    /// Whether both handles name the same table (reference equality).
    pub fn same(&self, other: &Hashtable) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// Whether this is an `[ordered]` dictionary (`System.Collections.Specialized.OrderedDictionary`): an integer
    /// index is then a position. Both kinds keep their keys in insertion order here.
    pub fn is_ordered(&self) -> bool {
        read(&self.inner).ordered
    }

    pub fn set_ordered(&self, ordered: bool) {
        write(&self.inner).ordered = ordered;
    }

    /// The value at a position (an `[ordered]` dictionary's integer index).
    pub fn value_at(&self, i: usize) -> Option<Value> {
        read(&self.inner).entries.get(i).map(|(_, v)| v.clone())
    }

    /// Removes `key` (case-insensitively), keeping the order of the others.
    pub fn remove(&self, key: &str) {
        write(&self.inner).entries.retain(|(k, _)| !eq_ci(k, key));
    }

    pub fn clear(&self) {
        write(&self.inner).entries.clear();
    }
}

/// Two tables are equal when they are the same table or hold equal entries (nesting followed to `MAX_DEPTH`).
impl PartialEq for Hashtable {
    fn eq(&self, other: &Hashtable) -> bool {
        if self.same(other) {
            return true;
        }
        let (a, b) = (self.copy_table(), other.copy_table());
        a.ordered == b.ordered && nested(false, || a.entries == b.entries)
    }
}

impl fmt::Debug for Hashtable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // (The placeholder is written only past the limit: `nested`'s first argument is evaluated eagerly.)
        if too_deep() {
            return f.write_str("Hashtable(…)");
        }
        let t = self.copy_table();
        nested(Ok(()), || {
            f.debug_struct("Hashtable")
                .field("entries", &t.entries)
                .field("ordered", &t.ordered)
                .finish()
        })
    }
}

impl PsObject {
    pub fn new(type_name: impl Into<Name>) -> PsObject {
        PsObject::with_capacity(type_name, 0)
    }

    pub fn with_capacity(type_name: impl Into<Name>, n: usize) -> PsObject {
        PsObject::from_data(type_name.into(), None, Props::with_capacity(n))
    }

    /// A new object that will get `shape`'s properties, pushed in its order: the names are shared with every
    /// object built from the same shape (what a cmdlet writing many objects of one type wants).
    pub fn with_shape(type_name: impl Into<Name>, shape: &Arc<Shape>) -> PsObject {
        PsObject::from_data(type_name.into(), None, Props::with_shape(shape))
    }

    /// A new object built like the others `slot` has seen: with the shape of the first one (see `learn_shape`),
    /// else with room for `n` properties.
    pub fn with_slot(type_name: impl Into<Name>, slot: &ShapeSlot, n: usize) -> PsObject {
        match slot.shape() {
            Some(shape) => PsObject::with_shape(type_name, shape),
            None => PsObject::with_capacity(type_name, n),
        }
    }

    /// Keeps this object's property names in `slot` when it holds none yet, for the next objects built like it.
    pub fn learn_shape(&self, slot: &ShapeSlot) {
        slot.learn(&read(&self.0.props));
    }

    /// A new object with these properties (names assumed distinct).
    pub fn from_props(type_name: impl Into<Name>, props: Vec<(Name, Value)>) -> PsObject {
        PsObject::from_data(type_name.into(), None, Props::from_pairs(props))
    }

    fn from_data(type_name: Name, member_of: Option<(PsObject, Name)>, props: Props) -> PsObject {
        PsObject(Arc::new(ObjectData {
            type_name,
            member_of,
            props: RwLock::new(props),
        }))
    }

    /// A new object describing `owner`'s property `name` (an entry of `.psobject.Properties`).
    pub fn member_info(
        type_name: impl Into<Name>,
        props: Vec<(Name, Value)>,
        owner: &PsObject,
        name: Name,
    ) -> PsObject {
        PsObject::from_data(
            type_name.into(),
            Some((owner.clone(), name)),
            Props::from_pairs(props),
        )
    }

    /// The object and property name this object describes, when it is an entry of `.psobject.Properties`.
    pub fn member_of(&self) -> Option<(&PsObject, &str)> {
        self.0.member_of.as_ref().map(|(o, n)| (o, &**n))
    }

    /// Removes the property `name` (case-insensitively), keeping the order of the others.
    pub fn remove(&self, name: &str) {
        write(&self.0.props).remove(name);
    }

    /// Appends a property; cmdlets add each property once, in Exchange's order. Building an object nobody else
    /// holds yet takes no lock.
    pub fn push(&mut self, name: impl Into<Name>, value: impl Into<Value>) {
        let (name, value) = (name.into(), value.into());
        match Arc::get_mut(&mut self.0) {
            Some(data) => data
                .props
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .push(name, value),
            None => write(&self.0.props).push(name, value),
        }
    }

    /// Sets a property, replacing one whose name equals it case-insensitively.
    pub fn set(&self, name: impl Into<Name>, value: impl Into<Value>) {
        let name = name.into();
        let value = value.into();
        let mut props = write(&self.0.props);
        match props.position(&name) {
            Some(i) => *props.value_mut(i) = value,
            None => props.push(name, value),
        }
    }

    /// Sets an existing property; `false` (and no change) when the object has none of that name.
    pub fn set_existing(&self, name: &str, value: Value) -> bool {
        let mut props = write(&self.0.props);
        match props.position(name) {
            Some(i) => {
                *props.value_mut(i) = value;
                true
            }
            None => false,
        }
    }

    pub fn type_name(&self) -> &str {
        &self.0.type_name
    }

    /// The type name without its namespace (`Microsoft.Exchange…MobileDevice` → `MobileDevice`).
    pub fn short_type_name(&self) -> &str {
        self.0
            .type_name
            .rsplit('.')
            .next()
            .unwrap_or(&self.0.type_name)
    }

    /// A property by name, case-insensitively, copied out.
    pub fn get(&self, name: &str) -> Option<Value> {
        read(&self.0.props).get(name).cloned()
    }

    pub fn has(&self, name: &str) -> bool {
        read(&self.0.props).position(name).is_some()
    }

    /// The properties as they are now, in order (later changes to the object do not show in the copy).
    pub fn props(&self) -> std::vec::IntoIter<(Name, Value)> {
        let props = read(&self.0.props);
        let pairs: Vec<(Name, Value)> =
            props.pairs().map(|(k, v)| (k.clone(), v.clone())).collect();
        pairs.into_iter()
    }

    pub fn prop_names(&self) -> Vec<Name> {
        read(&self.0.props).names().to_vec()
    }

    pub fn len(&self) -> usize {
        read(&self.0.props).len()
    }

    pub fn is_empty(&self) -> bool {
        read(&self.0.props).len() == 0
    }

    /// A new object with the same type name and properties (`.psobject.Copy()`): property values are shared.
    pub fn shallow_copy(&self) -> PsObject {
        let props = read(&self.0.props).clone();
        PsObject::from_data(self.0.type_name.clone(), None, props)
    }

    /// Whether both handles name the same object (reference equality).
    pub fn same(&self, other: &PsObject) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Two objects are equal when they are the same object or have the same type name and equal properties
/// (nesting followed to `MAX_DEPTH`).
impl PartialEq for PsObject {
    fn eq(&self, other: &PsObject) -> bool {
        if self.same(other) {
            return true;
        }
        if self.0.type_name != other.0.type_name {
            return false;
        }
        let (a, b) = (read(&self.0.props).clone(), read(&other.0.props).clone());
        nested(false, || a == b)
    }
}

impl fmt::Debug for PsObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if too_deep() {
            return f.write_str("PsObject(…)");
        }
        let props: Vec<(Name, Value)> = self.props().collect();
        nested(Ok(()), || {
            f.debug_struct("PsObject")
                .field("type_name", &self.0.type_name)
                .field("props", &props)
                .finish()
        })
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

    /// A cmdlet's output holds a value per property per object (250k statistics objects × 37 properties over the
    /// `large` tenant): three words, not six, halves what a script like block-stale-devices.ps1 holds.
    #[test]
    fn a_value_is_three_words() {
        assert_eq!(
            std::mem::size_of::<Value>(),
            3 * std::mem::size_of::<usize>()
        );
        assert_eq!(
            std::mem::size_of::<PsObject>(),
            std::mem::size_of::<usize>()
        );
    }

    /// Objects built from one shape share its names, and changing one object never shows in another: a push that
    /// leaves the shape, a removal, or an object with fewer properties than the shape (its lookups stop at its own).
    #[test]
    fn objects_sharing_a_shape_stay_separate_objects() {
        let names: Vec<String> = (0..12).map(|i| format!("P{i}")).collect();
        let slot = ShapeSlot::new();
        let build = |n: usize| {
            let mut o = PsObject::with_slot("T", &slot, 12);
            for (i, name) in names.iter().take(n).enumerate() {
                o.push(name.clone(), Value::Int(i as i64));
            }
            o.learn_shape(&slot);
            o
        };
        let (a, b, short) = (build(12), build(12), build(3));
        assert_eq!(b.get("p11"), Some(Value::Int(11)));
        assert_eq!(short.get("P2"), Some(Value::Int(2)));
        assert_eq!(short.get("P5"), None);
        assert!(!short.has("p11"));
        b.remove("P0");
        assert_eq!(b.get("P0"), None);
        assert_eq!(a.get("P0"), Some(Value::Int(0)));
        let mut c = build(12);
        c.push("Extra", true);
        c.set("P1", "one");
        assert_eq!(c.get("extra"), Some(Value::Bool(true)));
        assert_eq!(a.get("Extra"), None);
        assert_eq!(a.get("P1"), Some(Value::Int(1)));
        assert_eq!(c.prop_names().len(), 13);
        assert_eq!(a.prop_names(), build(12).prop_names());
        assert_eq!(a, build(12));
        assert_ne!(a, short);
    }

    #[test]
    fn an_enum_value_is_kept_once() {
        let a = EnumValue {
            type_name: "T",
            name: "A",
            number: 1,
        }
        .interned();
        let b = EnumValue {
            type_name: "T",
            name: "A",
            number: 1,
        }
        .interned();
        assert!(std::ptr::eq(a, b));
        assert_eq!(Value::from(*a), Value::Enum(b));
    }

    #[test]
    fn objects_and_hashtables_are_case_insensitive_and_ordered() {
        let mut o = PsObject::new("Test.Thing");
        o.push("DeviceId", "A1");
        o.push("DeviceModel", "iPhone");
        o.set("deviceid", "B2");
        assert_eq!(o.get("DEVICEID"), Some(Value::str("B2")));
        assert_eq!(o.prop_names(), ["DeviceId", "DeviceModel"]);
        assert_eq!(o.short_type_name(), "Thing");
        let h = Hashtable::new();
        h.insert("Add", Value::str("x"));
        h.insert("ADD", Value::str("y"));
        assert_eq!(h.len(), 1);
        assert_eq!(h.get("add"), Some(Value::str("y")));
    }

    #[test]
    fn clones_share_and_copies_do_not() {
        let mut o = PsObject::new("T");
        o.push("Key", 3_i64);
        let alias = o.clone();
        alias.set("Key", 4_i64);
        assert_eq!(o.get("key"), Some(Value::Int(4)));
        let copy = o.shallow_copy();
        copy.set("Key", 5_i64);
        assert_eq!(o.get("key"), Some(Value::Int(4)));
        let h = Hashtable::new();
        let same = h.clone();
        same.insert("a", Value::Int(1));
        assert!(h.same(&same) && h.len() == 1);
        assert!(!h.shallow_copy().same(&h));
    }

    #[test]
    fn a_table_holding_itself_compares_and_prints() {
        let a = Hashtable::new();
        a.insert("self", Value::Hashtable(a.clone()));
        let b = Hashtable::new();
        b.insert("self", Value::Hashtable(b.clone()));
        assert!(a == a.clone());
        assert!(a != b);
        assert!(format!("{a:?}").contains("Hashtable(…)"));
        let _ = Value::Hashtable(a.clone()).for_host();
        // Break the cycles so the test does not leak.
        a.clear();
        b.clear();
    }

    #[test]
    fn arrays_are_shared_until_copied() {
        let a = ArrayRef::new(vec![Value::Int(1), Value::Int(2)]);
        let alias = a.clone();
        assert!(alias.set(0, Value::Int(9)));
        assert_eq!(a.get(0), Some(Value::Int(9)));
        assert!(!a.set(5, Value::Null));
        let copy = a.shallow_copy();
        copy.set(1, Value::Int(7));
        assert_eq!(a.to_vec(), [Value::Int(9), Value::Int(2)]);
        assert!(a.same(&alias) && !a.same(&copy));
        // Equal by value, as the Vec it replaced was; Debug prints it as that Vec did.
        assert_eq!(
            Value::array(vec![Value::Int(1)]),
            Value::array(vec![Value::Int(1)])
        );
        assert_eq!(
            format!("{:?}", Value::array(vec![Value::Int(1)])),
            "Array([Int(1)])"
        );
        // Taking the elements copies only when another handle still shares them.
        let mut unique = ArrayRef::new(vec![Value::Int(1)]);
        assert!(unique.unique_mut().is_some());
        let shared = unique.clone();
        assert!(unique.unique_mut().is_none());
        assert_eq!(shared.into_vec(), [Value::Int(1)]);
    }

    #[test]
    fn an_array_holding_itself_compares_converts_and_prints() {
        let a = ArrayRef::new(vec![Value::Int(1)]);
        a.set(0, Value::Array(a.clone()));
        let b = ArrayRef::new(vec![Value::Int(1)]);
        b.set(0, Value::Array(b.clone()));
        assert!(a == a.clone());
        assert!(a != b);
        assert_eq!(a.unwrap_single(), None);
        assert!(format!("{a:?}").contains("[…]"));
        let _ = Value::Array(a.clone()).for_host();
        let _ = Value::Array(a.clone()).to_text();
        // Break the cycles so the test does not leak.
        a.set(0, Value::Null);
        b.set(0, Value::Null);
    }

    #[test]
    fn values_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Value>();
    }
}
