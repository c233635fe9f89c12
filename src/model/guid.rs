//! `Guid`: a 128-bit identifier shown as Exchange shows it (`8-4-4-4-12` lowercase hex).
//!
//! Guids are derived from seeded randomness or counters by the caller; nothing here draws them.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Aligned to 8 bytes, not u128's 16, so that a script `Value` holding one stays three words wide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[repr(Rust, packed(8))]
pub struct Guid(pub u128);

impl Guid {
    /// A version-4-shaped Guid from 128 random bits (the version and variant bits are set).
    pub fn from_random_bits(bits: u128) -> Guid {
        let bits = (bits & !(0xF << 76)) | (0x4 << 76);
        let bits = (bits & !(0x3 << 62)) | (0x2 << 62);
        Guid(bits)
    }

    pub fn parse(text: &str) -> Option<Guid> {
        let t = text.trim().trim_start_matches('{').trim_end_matches('}');
        let groups: Vec<&str> = t.split('-').collect();
        let lens = [8, 4, 4, 4, 12];
        if groups.len() != 5 || groups.iter().zip(lens).any(|(g, l)| g.len() != l) {
            return None;
        }
        let hex: String = groups.concat();
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u128::from_str_radix(&hex, 16).ok().map(Guid)
    }
}

impl fmt::Display for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        write!(
            f,
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            (v >> 96) as u32,
            (v >> 80) as u16,
            (v >> 64) as u16,
            (v >> 48) as u16,
            v & 0xFFFF_FFFF_FFFF
        )
    }
}

impl Serialize for Guid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Guid, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Guid::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid Guid {text:?}: expected 8-4-4-4-12 hex digits"
            ))
        })
    }
}
