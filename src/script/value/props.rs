//! A `PsObject`'s properties: its values in order, their names in a `Shape` that objects built alike share.
//!
//! A cmdlet writes hundreds of thousands of objects with the same property names in the same order (250k
//! MobileDevice objects over the `large` tenant). Keeping the names once per shape, not once per object, halves
//! what each property costs; a shared shape also carries a case-insensitive index, so reading a property of a
//! 37-property object is a hash lookup rather than a scan. An object's names are the first `values.len()` names of
//! its shape; changing an object whose shape others share copies the shape first (copy on write).

use std::sync::{Arc, OnceLock};

use hashbrown::HashMap;

use super::{Name, Value};
use crate::model::{CiKey, CiRef, eq_ci};

/// Property names in order, shared by the objects built with them.
pub struct Shape {
    names: Vec<Name>,
    /// Built on the first lookup of a shared shape: each name, folded, → its first position.
    index: OnceLock<HashMap<CiKey, usize>>,
}

/// Up to this many names a scan beats hashing the name looked up.
const SCAN_MAX: usize = 8;

impl Shape {
    /// A shape for objects that get these properties, in this order (names distinct).
    pub fn new<N: Into<Name>>(names: impl IntoIterator<Item = N>) -> Arc<Shape> {
        Arc::new(Shape::from_names(
            names.into_iter().map(Into::into).collect(),
        ))
    }

    fn from_names(names: Vec<Name>) -> Shape {
        Shape {
            names,
            index: OnceLock::new(),
        }
    }
}

/// Where a builder of many objects of one type keeps the shape of the first it built, so the others share it.
pub struct ShapeSlot(OnceLock<Arc<Shape>>);

impl ShapeSlot {
    pub const fn new() -> ShapeSlot {
        ShapeSlot(OnceLock::new())
    }

    pub(super) fn shape(&self) -> Option<&Arc<Shape>> {
        self.0.get()
    }

    pub(super) fn learn(&self, props: &Props) {
        if self.0.get().is_none() && props.shape.names.len() == props.values.len() {
            let _ = self.0.set(props.shape.clone());
        }
    }
}

impl Default for ShapeSlot {
    fn default() -> ShapeSlot {
        ShapeSlot::new()
    }
}

#[derive(Clone)]
pub(super) struct Props {
    shape: Arc<Shape>,
    values: Vec<Value>,
}

impl Props {
    pub(super) fn with_capacity(n: usize) -> Props {
        Props {
            shape: Arc::new(Shape::from_names(Vec::with_capacity(n))),
            values: Vec::with_capacity(n),
        }
    }

    pub(super) fn with_shape(shape: &Arc<Shape>) -> Props {
        Props {
            shape: shape.clone(),
            values: Vec::with_capacity(shape.names.len()),
        }
    }

    pub(super) fn from_pairs(pairs: Vec<(Name, Value)>) -> Props {
        let (names, values) = pairs.into_iter().unzip();
        Props {
            shape: Arc::new(Shape::from_names(names)),
            values,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.values.len()
    }

    pub(super) fn names(&self) -> &[Name] {
        &self.shape.names[..self.values.len()]
    }

    pub(super) fn pairs(&self) -> impl Iterator<Item = (&Name, &Value)> {
        self.names().iter().zip(&self.values)
    }

    /// The position of the property `name` (case-insensitively).
    pub(super) fn position(&self, name: &str) -> Option<usize> {
        let len = self.values.len();
        let names = &self.shape.names;
        // Only a shape other objects share earns an index: a lone object is usually read a few times at most.
        if names.len() <= SCAN_MAX || Arc::strong_count(&self.shape) == 1 {
            return names[..len].iter().position(|k| eq_ci(k, name));
        }
        let index = self.shape.index.get_or_init(|| {
            let mut index = HashMap::with_capacity(names.len());
            for (i, k) in names.iter().enumerate() {
                index.entry(CiKey::new(k)).or_insert(i);
            }
            index
        });
        // The first position of the name in the shape: past this object's names means the object has none.
        index.get(&CiRef(name)).copied().filter(|&i| i < len)
    }

    pub(super) fn get(&self, name: &str) -> Option<&Value> {
        self.position(name).map(|i| &self.values[i])
    }

    pub(super) fn value_mut(&mut self, i: usize) -> &mut Value {
        &mut self.values[i]
    }

    /// Appends a property. Following the shape (the next name is the one the shape has there) costs nothing;
    /// otherwise the names become this object's own.
    pub(super) fn push(&mut self, name: Name, value: Value) {
        let len = self.values.len();
        let follows = self.shape.names.get(len).is_some_and(|k| *k == name);
        if !follows {
            self.own_names().push(name);
        }
        self.values.push(value);
    }

    pub(super) fn remove(&mut self, name: &str) {
        let len = self.values.len();
        let keep: Vec<bool> = self.shape.names[..len]
            .iter()
            .map(|k| !eq_ci(k, name))
            .collect();
        if keep.iter().all(|&k| k) {
            return;
        }
        let names = self.own_names();
        let mut it = keep.iter();
        names.retain(|_| *it.next().unwrap_or(&true));
        let mut it = keep.iter();
        self.values.retain(|_| *it.next().unwrap_or(&true));
    }

    /// This object's names, as a shape of its own that it may change (copied when shared, cut to its length).
    fn own_names(&mut self) -> &mut Vec<Name> {
        let len = self.values.len();
        let unique = Arc::get_mut(&mut self.shape).is_some() && self.shape.names.len() == len;
        if !unique {
            let mut names = Vec::with_capacity(len + 1);
            names.extend_from_slice(&self.shape.names[..len]);
            self.shape = Arc::new(Shape::from_names(names));
        }
        let shape = Arc::get_mut(&mut self.shape).expect("a shape of its own");
        shape.index = OnceLock::new();
        &mut shape.names
    }
}

impl PartialEq for Props {
    fn eq(&self, other: &Props) -> bool {
        self.names() == other.names() && self.values == other.values
    }
}
