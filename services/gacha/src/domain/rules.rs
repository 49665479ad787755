//! Rate tables, soft and hard pity, the 4★ floor and the featured coin flip with its
//! guarantee: one pull is a pure function of (rate table, pool, pity state, draw).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::banner::{BannerType, Pool, Stars};
use super::draw::{Draw, DrawSource, PPM};

/// One banner's odds and pity rules, in parts per million. Stored with every version of a
/// banner so a pull can be recomputed with the table it used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RateTable {
    /// 5★ chance before soft pity (6,000 = 0.6%).
    pub five_base_ppm: u32,
    /// The pull number (counted since the last 5★, 1-based) from which soft pity adds.
    pub five_soft_pity_start: u32,
    /// Added to the 5★ chance per pull from `five_soft_pity_start` on.
    pub five_soft_pity_step_ppm: u32,
    /// The pull number on which a 5★ is certain.
    pub five_hard_pity: u32,
    /// 4★ chance before its soft pity.
    pub four_base_ppm: u32,
    /// The pull number (since the last 4★) from which the 4★ chance rises; 0 = never.
    pub four_soft_pity_start: u32,
    /// Added to the 4★ chance per pull from `four_soft_pity_start` on.
    pub four_soft_pity_step_ppm: u32,
    /// The pull number on which a 4★ (or a 5★) is certain: "one in every N pulls".
    pub four_hard_pity: u32,
    /// Chance that a 5★ is a featured one (500,000 = 50/50); 0 on standard banners.
    pub featured_ppm: u32,
}

/// Why a rate table is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct RateTableError(pub &'static str);

impl RateTable {
    /// The defaults of each banner type: the figures. The 4★ rise from the 9th pull
    /// (8th on weapon banners) is the published model whose long-run 4★ rate is 13.0%; a bare
    /// floor at 10 would give 12.5%.
    pub const fn default_for(banner_type: BannerType) -> RateTable {
        match banner_type {
            BannerType::CharacterEvent | BannerType::Standard => RateTable {
                five_base_ppm: 6_000,
                five_soft_pity_start: 74,
                five_soft_pity_step_ppm: 60_000,
                five_hard_pity: 90,
                four_base_ppm: 51_000,
                four_soft_pity_start: 9,
                four_soft_pity_step_ppm: 510_000,
                four_hard_pity: 10,
                featured_ppm: if matches!(banner_type, BannerType::Standard) {
                    0
                } else {
                    500_000
                },
            },
            BannerType::WeaponEvent => RateTable {
                five_base_ppm: 7_000,
                five_soft_pity_start: 63,
                five_soft_pity_step_ppm: 70_000,
                five_hard_pity: 80,
                four_base_ppm: 60_000,
                four_soft_pity_start: 8,
                four_soft_pity_step_ppm: 600_000,
                four_hard_pity: 10,
                featured_ppm: 750_000,
            },
        }
    }

    /// Checks ranges that keep every pull well defined and the odds computation small.
    pub fn validate(&self, banner_type: BannerType) -> Result<(), RateTableError> {
        if !(1..=1_000).contains(&self.five_hard_pity) {
            return Err(RateTableError("five_hard_pity must be 1..=1000"));
        }
        if !(1..=100).contains(&self.four_hard_pity) {
            return Err(RateTableError("four_hard_pity must be 1..=100"));
        }
        if self.five_base_ppm > PPM || self.four_base_ppm > PPM {
            return Err(RateTableError("base rates must be at most 1,000,000 ppm"));
        }
        if self.five_base_ppm.saturating_add(self.four_base_ppm) > PPM {
            return Err(RateTableError("5-star and 4-star base rates exceed 100%"));
        }
        if self.five_soft_pity_step_ppm > PPM || self.four_soft_pity_step_ppm > PPM {
            return Err(RateTableError(
                "soft pity steps must be at most 1,000,000 ppm",
            ));
        }
        if self.featured_ppm > PPM {
            return Err(RateTableError("featured_ppm must be at most 1,000,000"));
        }
        if banner_type.has_featured() != (self.featured_ppm > 0) {
            return Err(RateTableError(
                "featured_ppm is above 0 on event banners and 0 on standard ones",
            ));
        }
        Ok(())
    }

    /// The 5★ chance of the `n`th pull since the last 5★ (1-based).
    pub fn five_chance(&self, n: u32) -> u32 {
        chance(
            n,
            self.five_base_ppm,
            self.five_soft_pity_start,
            self.five_soft_pity_step_ppm,
            self.five_hard_pity,
        )
    }

    /// The 4★ chance of the `n`th pull since the last 4★, before a 5★ takes precedence.
    pub fn four_chance(&self, n: u32) -> u32 {
        chance(
            n,
            self.four_base_ppm,
            self.four_soft_pity_start,
            self.four_soft_pity_step_ppm,
            self.four_hard_pity,
        )
    }
}

fn chance(n: u32, base: u32, soft_start: u32, step: u32, hard: u32) -> u32 {
    if n >= hard {
        PPM
    } else if soft_start > 0 && n >= soft_start {
        let steps = u64::from(n - soft_start + 1);
        (u64::from(base) + steps * u64::from(step)).min(u64::from(PPM)) as u32
    } else {
        base
    }
}

/// A player's pity on one banner type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PityState {
    /// Pulls since the last 5★.
    pub since_five: u32,
    /// Pulls since the last 4★ (a 5★ does not reset it: when both are due, the 5★ wins and
    /// the 4★ comes on the next pull).
    pub since_four: u32,
    /// Whether the next 5★ is the featured one (the previous coin flip was lost).
    pub guaranteed_featured: bool,
}

/// What one pull gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullOutcome {
    /// The catalog id granted.
    pub item_id: String,
    /// Its star rating.
    pub stars: Stars,
    /// A featured 5★.
    pub is_featured: bool,
    /// Forced by hard pity (5★) or by the 4★ floor.
    pub is_pity: bool,
    /// Whether a coin flip was lost (the next 5★ is guaranteed featured).
    pub lost_featured: bool,
}

/// One pull: the outcome and the pity state after it.
pub fn pull_once(
    table: &RateTable,
    pool: &Pool,
    has_featured: bool,
    state: PityState,
    draw: Draw,
) -> (PullOutcome, PityState) {
    let n5 = state.since_five.saturating_add(1);
    let n4 = state.since_four.saturating_add(1);
    let p5 = table.five_chance(n5);
    let p4 = table.four_chance(n4).min(PPM - p5);
    let stars = if draw.rarity < p5 {
        Stars::Five
    } else if draw.rarity < p5 + p4 {
        Stars::Four
    } else {
        Stars::Three
    };
    let mut next = state;
    let mut featured = None;
    let mut lost_featured = false;
    match stars {
        Stars::Five => {
            next.since_five = 0;
            next.since_four = n4;
            if has_featured {
                let won = state.guaranteed_featured || draw.featured < table.featured_ppm;
                featured = Some(won);
                lost_featured = !won;
                next.guaranteed_featured = !won;
            }
        }
        Stars::Four => {
            next.since_five = n5;
            next.since_four = 0;
        }
        Stars::Three => {
            next.since_five = n5;
            next.since_four = n4;
        }
    }
    let is_pity = match stars {
        Stars::Five => n5 >= table.five_hard_pity,
        Stars::Four => n4 >= table.four_hard_pity,
        Stars::Three => false,
    };
    let tier = pool.tier(stars, featured);
    // A validated pool never has an empty tier; an empty one yields an empty id rather than
    // a panic, and the grant then fails at inventory.
    let item_id = tier
        .get(draw.index(tier.len()))
        .map(|s| (*s).clone())
        .unwrap_or_default();
    let outcome = PullOutcome {
        item_id,
        stars,
        is_featured: featured == Some(true),
        is_pity,
        lost_featured,
    };
    (outcome, next)
}

/// `draws.len()` sequential pulls (a 10-pull is ten of them), each starting from the state
/// the previous one left.
pub fn pull_many(
    table: &RateTable,
    pool: &Pool,
    has_featured: bool,
    state: PityState,
    draws: &[Draw],
) -> (Vec<PullOutcome>, PityState) {
    let mut state = state;
    let outcomes = draws
        .iter()
        .map(|draw| {
            let (outcome, next) = pull_once(table, pool, has_featured, state, *draw);
            state = next;
            outcome
        })
        .collect();
    (outcomes, state)
}

/// Draws `count` pulls' numbers from `source`.
pub fn draws(source: &mut impl DrawSource, count: usize) -> Vec<Draw> {
    (0..count).map(|_| source.draw()).collect()
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
