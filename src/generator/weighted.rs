//! `Weighted`: picks an index with probability proportional to its weight, from a seeded RNG.
//!
//! Written here rather than taken from `rand::distr` so the sequence of draws for a seed cannot change with a
//! `rand` upgrade (fixtures generated from a seed must stay byte-identical). It does not validate weights:
//! `profile` rejects negative or non-finite ones before they get here.

use rand::Rng;

/// Cumulative weights; a draw is a binary search over them.
#[derive(Clone, Debug)]
pub(crate) struct Weighted {
    cumulative: Vec<f64>,
}

impl Weighted {
    /// `None` when there is nothing to pick (no weights, or all zero).
    pub(crate) fn new(weights: impl IntoIterator<Item = f64>) -> Option<Weighted> {
        let mut total = 0.0;
        let cumulative: Vec<f64> = weights
            .into_iter()
            .map(|w| {
                total += w.max(0.0);
                total
            })
            .collect();
        (total > 0.0).then_some(Weighted { cumulative })
    }

    /// An index in `0..len`, never one whose weight is zero.
    pub(crate) fn pick(&self, rng: &mut impl Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = unit(rng) * total;
        let i = self.cumulative.partition_point(|&c| c <= x);
        i.min(self.cumulative.len() - 1)
    }
}

/// A uniform draw from `[0, 1)` with 53 bits of precision (the same on every platform).
pub(crate) fn unit(rng: &mut impl Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Whether an event of probability `p` happens.
pub(crate) fn chance(rng: &mut impl Rng, p: f64) -> bool {
    p > 0.0 && unit(rng) < p
}

/// A uniform draw from `[lo, hi]` (`lo` when they are equal).
pub(crate) fn between(rng: &mut impl Rng, lo: f64, hi: f64) -> f64 {
    lo + unit(rng) * (hi - lo)
}

/// A uniform integer from `0..n` (`n` > 0), without modulo bias worth mentioning for the small `n` used here.
pub(crate) fn below(rng: &mut impl Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}
