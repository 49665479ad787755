//! The long-run ("consolidated") probabilities the disclosure page shows, computed from the
//! rate table rather than typed in: the stationary distribution of the Markov chain over
//! (pulls since the last 5★, pulls since the last 4★), and the renewal chain of the
//! featured guarantee.

use serde::Serialize;
use utoipa::ToSchema;

use super::draw::PPM;
use super::rules::RateTable;

/// Stop when one more step moves the distribution by less than this (L1).
const TOLERANCE: f64 = 1e-13;
/// Upper bound on power-iteration steps; the default tables converge in a few thousand.
const MAX_STEPS: usize = 200_000;

/// Long-run probabilities per pull, pity included.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Consolidated {
    /// Probability that a pull gives a 5★.
    pub five: f64,
    /// Probability that a pull gives a 4★.
    pub four: f64,
    /// Probability that a pull gives a 3★.
    pub three: f64,
    /// Share of 5★ that are featured (event banners; 1/(2 - p) for a coin flip won with
    /// probability p and a guarantee after a loss).
    pub featured_share_of_five: Option<f64>,
    /// Mean pulls between two 5★.
    pub mean_pulls_per_five: f64,
    /// Mean pulls between two featured 5★.
    pub mean_pulls_per_featured: Option<f64>,
}

/// Computes the consolidated rates of `table` (with a featured coin flip when
/// `has_featured`).
pub fn consolidated(table: &RateTable, has_featured: bool) -> Consolidated {
    let h5 = table.five_hard_pity.max(1) as usize;
    let h4 = table.four_hard_pity.max(1) as usize;
    // Per state: (5★ chance, 4★ chance) of its next pull. Every `since_four` at or past
    // h4 - 1 behaves alike (the 4★ is certain unless a 5★ comes), so those states are one.
    let chances: Vec<(f64, f64)> = (0..h5 * h4)
        .map(|s| {
            let (a, b) = (s / h4, s % h4);
            let p5 = table.five_chance(a as u32 + 1);
            let p4 = table.four_chance(b as u32 + 1).min(PPM - p5);
            (
                f64::from(p5) / f64::from(PPM),
                f64::from(p4) / f64::from(PPM),
            )
        })
        .collect();
    let uniform = 1.0 / (h5 * h4) as f64;
    let mut pi = vec![uniform; h5 * h4];
    let mut next = vec![0.0; h5 * h4];
    for _ in 0..MAX_STEPS {
        next.iter_mut().for_each(|x| *x = 0.0);
        for (s, &mass) in pi.iter().enumerate() {
            if mass == 0.0 {
                continue;
            }
            let (a, b) = (s / h4, s % h4);
            let (p5, p4) = chances[s];
            let a_up = (a + 1).min(h5 - 1);
            let b_up = (b + 1).min(h4 - 1);
            next[b_up] += mass * p5;
            next[a_up * h4] += mass * p4;
            next[a_up * h4 + b_up] += mass * (1.0 - p5 - p4);
        }
        let delta: f64 = pi.iter().zip(&next).map(|(x, y)| (x - y).abs()).sum();
        std::mem::swap(&mut pi, &mut next);
        if delta < TOLERANCE {
            break;
        }
    }
    let (five, four) = pi
        .iter()
        .zip(&chances)
        .fold((0.0, 0.0), |(f, g), (m, (p5, p4))| (f + m * p5, g + m * p4));
    let featured_share = has_featured.then(|| featured_share(table.featured_ppm));
    Consolidated {
        five,
        four,
        three: (1.0 - five - four).max(0.0),
        featured_share_of_five: featured_share,
        mean_pulls_per_five: mean_pulls_per_five(table),
        mean_pulls_per_featured: featured_share.map(|s| mean_pulls_per_five(table) / s),
    }
}

/// Expected pulls from one 5★ to the next: the sum over n of P(no 5★ in the first n pulls).
pub fn mean_pulls_per_five(table: &RateTable) -> f64 {
    let mut survive = 1.0;
    let mut mean = 0.0;
    for n in 1..=table.five_hard_pity.max(1) {
        mean += survive;
        survive *= 1.0 - f64::from(table.five_chance(n)) / f64::from(PPM);
    }
    mean
}

/// The stationary share of featured 5★ under "win with probability p, else the next one is
/// featured": balance of the two guarantee states (free, guaranteed).
fn featured_share(featured_ppm: u32) -> f64 {
    let p = f64::from(featured_ppm) / f64::from(PPM);
    // free -> free with p, free -> guaranteed with 1 - p, guaranteed -> free always:
    // pi_guaranteed = pi_free * (1 - p), and pi_free + pi_guaranteed = 1.
    let free = 1.0 / (2.0 - p);
    let guaranteed = free * (1.0 - p);
    free * p + guaranteed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::BannerType;

    #[test]
    fn character_model_gives_the_published_consolidated_rates() {
        let c = consolidated(&RateTable::default_for(BannerType::CharacterEvent), true);
        assert!((c.five - 0.01605).abs() < 0.0001, "{c:?}");
        assert!((c.four - 0.1306).abs() < 0.001, "{c:?}");
        assert!((c.five + c.four + c.three - 1.0).abs() < 1e-9);
        assert!((c.featured_share_of_five.unwrap_or(0.0) - 2.0 / 3.0).abs() < 1e-12);
        assert!((1.0 / c.mean_pulls_per_five - c.five).abs() < 1e-6, "{c:?}");
    }

    #[test]
    fn weapon_model_and_standard_banner() {
        let w = consolidated(&RateTable::default_for(BannerType::WeaponEvent), true);
        assert!((w.five - 0.01878).abs() < 0.0001, "{w:?}");
        assert!((w.featured_share_of_five.unwrap_or(0.0) - 0.8).abs() < 1e-12);
        let s = consolidated(&RateTable::default_for(BannerType::Standard), false);
        assert_eq!(s.featured_share_of_five, None);
        assert_eq!(s.mean_pulls_per_featured, None);
    }

    #[test]
    fn without_pity_the_consolidated_rate_is_the_base_rate() {
        let table = RateTable {
            five_base_ppm: 10_000,
            five_soft_pity_start: 0,
            five_soft_pity_step_ppm: 0,
            five_hard_pity: 300,
            four_base_ppm: 100_000,
            four_soft_pity_start: 0,
            four_soft_pity_step_ppm: 0,
            four_hard_pity: 20,
            featured_ppm: 0,
        };
        let c = consolidated(&table, false);
        // The chain and the renewal formula agree; hard pity at 300 moves the rate by 0.05 pp.
        assert!((c.five - 1.0 / c.mean_pulls_per_five).abs() < 1e-9, "{c:?}");
        assert!((c.five - 0.01).abs() < 0.001, "{c:?}");
    }
}
