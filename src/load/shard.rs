//! `--shard I/N`: a disjoint slice of the fleet for one of N load agents, chosen by a stable hash of the
//! device id (FNV-1a, the same on every machine and build — std's hasher is seeded per process), so N agents
//! given 0/N … N-1/N cover every device exactly once without talking to each other.
//!
//! Pure: parsing and membership only.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Shard `index` of `count` (0-based, as a Kubernetes Indexed Job's completion index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `I/N` with 0 ≤ I < N.
    fn from_str(text: &str) -> Result<Shard, String> {
        let bad = || format!("'{text}' is not a shard: write I/N, e.g. 0/4 (I from 0 to N-1)");
        let (i, n) = text.trim().split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 {
            return Err(format!("'{text}': the fleet cannot be split into 0 shards"));
        }
        if index >= count {
            return Err(format!(
                "'{text}': shard index {index} is out of range for {count} shards (0 to {})",
                count - 1
            ));
        }
        Ok(Shard { index, count })
    }
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Shard {
    /// Whether this shard drives the device with this id.
    pub fn contains(&self, device_id: &str) -> bool {
        fnv1a(device_id.as_bytes()) % u64::from(self.count) == u64::from(self.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for bad in ["4/4", "1/0", "x/2", "3", "-1/2", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_partition_the_fleet() {
        let ids: Vec<String> = (0..1000).map(|i| format!("LOAD{i:04}")).collect();
        let n = 7;
        for id in &ids {
            let owners = (0..n)
                .filter(|i| {
                    Shard {
                        index: *i,
                        count: n,
                    }
                    .contains(id)
                })
                .count();
            assert_eq!(owners, 1, "{id}");
        }
        // Stable across builds: FNV-1a's published test vector ("a" → 0xaf63dc4c8601ec8c,
        // http://www.isthe.com/chongo/tech/comp/fnv/index.html#FNV-test).
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
