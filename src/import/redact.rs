//! `--redact`: consistent pseudonyms for what identifies people and devices in an export (names, addresses,
//! phone numbers, IMEIs, device IDs, Guids), so a consultant can take a customer's inventory off-site. The same
//! input with the same key always gives the same pseudonym (device IDs compare case-insensitively, so they are
//! keyed on their lower-case form), which keeps allow lists pointing at the right devices.
//!
//! The pseudonym is a keyed SipHash-2-4 of the value: without the key, a pseudonym cannot be recomputed from a
//! guessed name. It is pseudonymisation, not anonymisation: device models, OS versions and the shape of the
//! fleet stay as they were. Also here: the unkeyed hash that gives records without a Guid a stable one.

use crate::model::Guid;

/// The key used when `--redact-key` is not given (deterministic, so two runs agree; anyone can recompute it).
pub const DEFAULT_KEY: &str = "easim-redact-v1";

/// Pseudonyms under one key.
#[derive(Clone, Debug)]
pub struct Redactor {
    k0: u64,
    k1: u64,
}

impl Redactor {
    pub fn new(key: &str) -> Redactor {
        let k0 = siphash(0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908, key.as_bytes());
        let k1 = siphash(k0, 0x6561_7369_6d2d_6b31, key.as_bytes());
        Redactor { k0, k1 }
    }

    fn hash(&self, kind: &str, value: &str) -> u64 {
        let mut bytes = Vec::with_capacity(kind.len() + value.len() + 1);
        bytes.extend_from_slice(kind.as_bytes());
        bytes.push(0);
        bytes.extend(value.trim().bytes().map(|b| b.to_ascii_lowercase()));
        siphash(self.k0, self.k1, &bytes)
    }

    fn hex(&self, kind: &str, value: &str, len: usize) -> String {
        let mut out = String::new();
        let mut round = 0u32;
        while out.len() < len {
            let h = self.hash(&format!("{kind}{round}"), value);
            out.push_str(&format!("{h:016X}"));
            round += 1;
        }
        out.truncate(len);
        out
    }

    /// The pseudonym of a person (keyed on the mailbox's primary address): `user-1a2b3c4d`.
    pub fn person(&self, key: &str) -> String {
        format!("user-{}", self.hex("person", key, 8).to_ascii_lowercase())
    }

    /// The tenant's domain: `d-1a2b3c4d.example`.
    pub fn domain(&self, domain: &str) -> String {
        format!(
            "d-{}.example",
            self.hex("domain", domain, 8).to_ascii_lowercase()
        )
    }

    /// An address that is not a mailbox's (admin recipients): `admin-1a2b3c4d@<domain>`.
    pub fn address(&self, address: &str, domain: &str) -> String {
        format!(
            "admin-{}@{domain}",
            self.hex("address", address, 8).to_ascii_lowercase()
        )
    }

    /// A DeviceId: upper-case hex of the same length (8 to 32 characters), keyed case-insensitively.
    pub fn device_id(&self, id: &str) -> String {
        self.hex("device", id, id.trim().len().clamp(8, 32))
    }

    /// A phone number: `+1555` and seven digits.
    pub fn phone(&self, phone: &str) -> String {
        format!("+1555{:07}", self.hash("phone", phone) % 10_000_000)
    }

    /// An IMEI: fifteen digits.
    pub fn imei(&self, imei: &str) -> String {
        format!("{:015}", self.hash("imei", imei) % 1_000_000_000_000_000)
    }

    /// A device's friendly name (often the owner's name): `Device 1a2b3c4d`.
    pub fn friendly_name(&self, name: &str) -> String {
        format!(
            "Device {}",
            self.hex("friendly", name, 8).to_ascii_lowercase()
        )
    }

    /// A Guid that no longer links back to the production object.
    pub fn guid(&self, guid: Guid) -> Guid {
        let text = guid.to_string();
        let hi = u128::from(self.hash("guid-hi", &text));
        let lo = u128::from(self.hash("guid-lo", &text));
        Guid::from_random_bits((hi << 64) | lo)
    }
}

/// A stable Guid for a record that has none (derived from what identifies it).
pub(crate) fn derived_guid(kind: &str, key: &str) -> Guid {
    let r = Redactor {
        k0: 0x7465_6e61_6e74_2d67,
        k1: 0x7569_642d_6465_7269,
    };
    let hi = u128::from(r.hash(kind, key));
    let lo = u128::from(r.hash(&format!("{kind}-lo"), key));
    Guid::from_random_bits((hi << 64) | lo)
}

/// SipHash-2-4 (Aumasson and Bernstein), the keyed hash Rust's standard library once exposed.
fn siphash(k0: u64, k1: u64, data: &[u8]) -> u64 {
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    let round = |v0: &mut u64, v1: &mut u64, v2: &mut u64, v3: &mut u64| {
        *v0 = v0.wrapping_add(*v1);
        *v1 = v1.rotate_left(13) ^ *v0;
        *v0 = v0.rotate_left(32);
        *v2 = v2.wrapping_add(*v3);
        *v3 = v3.rotate_left(16) ^ *v2;
        *v0 = v0.wrapping_add(*v3);
        *v3 = v3.rotate_left(21) ^ *v0;
        *v2 = v2.wrapping_add(*v1);
        *v1 = v1.rotate_left(17) ^ *v2;
        *v2 = v2.rotate_left(32);
    };
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let m = u64::from_le_bytes(c.try_into().expect("chunks_exact gives 8 bytes"));
        v3 ^= m;
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        round(&mut v0, &mut v1, &mut v2, &mut v3);
        v0 ^= m;
    }
    let mut last = (data.len() as u64 & 0xff) << 56;
    for (i, b) in chunks.remainder().iter().enumerate() {
        last |= u64::from(*b) << (8 * i);
    }
    v3 ^= last;
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    round(&mut v0, &mut v1, &mut v2, &mut v3);
    v0 ^= last;
    v2 ^= 0xff;
    for _ in 0..4 {
        round(&mut v0, &mut v1, &mut v2, &mut v3);
    }
    v0 ^ v1 ^ v2 ^ v3
}

#[cfg(test)]
mod tests {
    use super::siphash;

    #[test]
    fn siphash_matches_the_reference_vector() {
        // The paper's test vector: key 00..0f, message 00..0e.
        let data: Vec<u8> = (0u8..15).collect();
        assert_eq!(
            siphash(0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908, &data),
            0xa129_ca61_49be_45e5
        );
    }
}
