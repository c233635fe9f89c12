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
    // Folding goes char by char and an ASCII char folds to one ASCII char: two texts whose first bytes are ASCII
    // and differ ignoring case are unequal (most property and parameter name comparisons end here).
    if let (Some(x), Some(y)) = (a.as_bytes().first(), b.as_bytes().first())
        && x.is_ascii()
        && y.is_ascii()
        && !x.eq_ignore_ascii_case(y)
    {
        return false;
    }
    // Equal up to ASCII case means equal (the common case: a hash hit, a policy name); unequal pure-ASCII
    // texts are unequal. Only the rest needs Unicode folding.
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Hashes the UTF-8 bytes of the folded text, in 32-byte chunks: one hasher call per chunk rather than per
/// byte (this is on the access engine's hot path, once per rule lookup). Both branches feed the same byte
/// stream for texts `eq_ci` calls equal, so equal keys hash equally even across the ASCII fast path.
fn hash_ci<H: Hasher>(s: &str, state: &mut H) {
    let mut chunk = Chunk::default();
    if s.is_ascii() {
        // The same chunks `Chunk` would form, folded a whole chunk at a time.
        let mut rest = s.as_bytes();
        while rest.len() > chunk.buf.len() {
            let (head, tail) = rest.split_at(chunk.buf.len());
            chunk.buf.copy_from_slice(head);
            chunk.buf.make_ascii_lowercase();
            state.write(&chunk.buf);
            rest = tail;
        }
        chunk.len = rest.len();
        chunk.buf[..rest.len()].copy_from_slice(rest);
        chunk.buf[..rest.len()].make_ascii_lowercase();
    } else {
        let mut utf8 = [0_u8; 4];
        for c in s.chars().flat_map(char::to_lowercase) {
            for &b in c.encode_utf8(&mut utf8).as_bytes() {
                chunk.push(b, state);
            }
        }
    }
    // 0xFF never occurs in UTF-8: it ends the key inside the last chunk rather than in a hasher call of its own.
    chunk.push(0xFF, state);
    state.write(&chunk.buf[..chunk.len]);
}

/// A fixed buffer of folded bytes on their way to the hasher.
#[derive(Default)]
struct Chunk {
    buf: [u8; 32],
    len: usize,
}

impl Chunk {
    #[inline]
    fn push<H: Hasher>(&mut self, b: u8, state: &mut H) {
        if self.len == self.buf.len() {
            state.write(&self.buf);
            self.len = 0;
        }
        self.buf[self.len] = b;
        self.len += 1;
    }
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
        // The Kelvin sign folds to an ASCII `k`: equal keys must hash equally across the ASCII fast path.
        m.insert(CiKey::new("Kilo"), 3);
        assert_eq!(m.get(&CiRef("\u{212A}ILO")), Some(&3));
        let long = "A-User-Agent-Longer-Than-One-Chunk/1.2.3.4.5.6.7.8";
        m.insert(CiKey::new(long), 4);
        assert_eq!(m.get(&CiRef(&long.to_lowercase())), Some(&4));
        m.insert(CiKey::new(&format!("k{}", "x".repeat(40))), 5);
        assert_eq!(
            m.get(&CiRef(&format!("\u{212A}{}", "X".repeat(40)))),
            Some(&5)
        );
    }
}
