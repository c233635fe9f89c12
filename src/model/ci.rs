//! Case-insensitive string keys for hash indexes, looked up without allocating.
//!
//! Exchange compares identities and rule query strings with ordinal, case-insensitive equality. `CiKey` owns a
//! key; `CiRef` borrows the text being looked up and hashes it the same way, so a lookup costs one pass over the
//! bytes and no allocation. Folding is Unicode simple lowercase (ASCII takes a fast path).

use std::hash::{Hash, Hasher};

use hashbrown::Equivalent;

/// An owned key compared and hashed case-insensitively.
#[derive(Clone, Debug)]
pub struct CiKey(pub Box<str>);

/// A borrowed key compared and hashed exactly like `CiKey`.
#[derive(Clone, Copy, Debug)]
pub struct CiRef<'a>(pub &'a str);

/// Case-insensitive equality (Unicode simple lowercase folding).
pub fn eq_ci(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

fn hash_ci<H: Hasher>(s: &str, state: &mut H) {
    if s.is_ascii() {
        for b in s.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
    } else {
        for c in s.chars().flat_map(char::to_lowercase) {
            state.write_u32(c as u32);
        }
    }
    state.write_u8(0xFF);
}

impl CiKey {
    pub fn new(s: &str) -> CiKey {
        CiKey(s.into())
    }
}

impl Hash for CiKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_ci(&self.0, state);
    }
}

impl PartialEq for CiKey {
    fn eq(&self, other: &CiKey) -> bool {
        eq_ci(&self.0, &other.0)
    }
}

impl Eq for CiKey {}

impl Hash for CiRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_ci(self.0, state);
    }
}

impl Equivalent<CiKey> for CiRef<'_> {
    fn equivalent(&self, key: &CiKey) -> bool {
        eq_ci(self.0, &key.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hashbrown::HashMap;

    #[test]
    fn lookups_ignore_case_without_allocating_keys() {
        let mut m = HashMap::new();
        m.insert(CiKey::new("iPhone6C2"), 1);
        m.insert(CiKey::new("Ärger"), 2);
        assert_eq!(m.get(&CiRef("IPHONE6c2")), Some(&1));
        assert_eq!(m.get(&CiRef("ärger")), Some(&2));
        assert_eq!(m.get(&CiRef("iPhone6C")), None);
        assert!(eq_ci("ÄRGER", "ärger"));
        assert!(!eq_ci("a", "ab"));
    }
}
