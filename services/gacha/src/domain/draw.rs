//! The random numbers a pull consumes. A pull's outcome is a pure function of the pity state
//! before it, the rate table, the pool and its [`Draw`], so storing the draw makes every pull
//! recomputable by an auditor.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Rates and rolls are expressed in parts per million.
pub const PPM: u32 = 1_000_000;

/// The three numbers one pull uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Draw {
    /// Uniform in `0..1_000_000`: compared with the rarity thresholds.
    pub rarity: u32,
    /// Uniform in `0..1_000_000`: the featured coin flip (used on 5★ of event banners).
    pub featured: u32,
    /// Uniform over `u32`: scaled onto the chosen tier's item list.
    pub item: u32,
}

impl Draw {
    /// The index `item` selects in a list of `len` items (multiply-shift, no modulo bias
    /// beyond 2^-32 per item).
    pub fn index(self, len: usize) -> usize {
        ((u64::from(self.item) * len as u64) >> 32) as usize
    }
}

/// Where draws come from: ChaCha seeded from the OS in production, a fixed seed in tests.
pub trait DrawSource {
    /// The next pull's numbers.
    fn draw(&mut self) -> Draw;
}

/// ChaCha20, the generator production uses.
pub struct ChaChaDraws(ChaCha20Rng);

impl ChaChaDraws {
    /// Seeded from the operating system's generator.
    pub fn from_os() -> Self {
        ChaChaDraws(ChaCha20Rng::from_entropy())
    }

    /// A reproducible sequence (tests and simulations).
    pub fn seeded(seed: u64) -> Self {
        ChaChaDraws(ChaCha20Rng::seed_from_u64(seed))
    }
}

impl DrawSource for ChaChaDraws {
    fn draw(&mut self) -> Draw {
        Draw {
            rarity: self.0.gen_range(0..PPM),
            featured: self.0.gen_range(0..PPM),
            item: self.0.r#gen(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_draws_and_the_os_different_ones() {
        let a: Vec<Draw> = (0..5).map(|_| ChaChaDraws::seeded(7).draw()).collect();
        let mut s = ChaChaDraws::seeded(7);
        let b: Vec<Draw> = (0..5).map(|_| s.draw()).collect();
        assert_eq!(a[0], b[0]);
        assert!(b.iter().all(|d| d.rarity < PPM && d.featured < PPM));
        assert_ne!(ChaChaDraws::from_os().draw(), ChaChaDraws::from_os().draw());
    }

    #[test]
    fn index_covers_the_whole_list_and_never_overflows() {
        let low = Draw {
            rarity: 0,
            featured: 0,
            item: 0,
        };
        let high = Draw {
            item: u32::MAX,
            ..low
        };
        assert_eq!(low.index(7), 0);
        assert_eq!(high.index(7), 6);
        assert_eq!(high.index(1), 0);
    }
}
