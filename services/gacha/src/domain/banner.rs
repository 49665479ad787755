//! Banner types, star ratings and the item pool a banner draws from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The three banner families; pity is kept per player per family and carries across banners
/// of the same family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BannerType {
    /// Limited character banner: featured 5★ at 50/50 with a guarantee after a loss.
    CharacterEvent,
    /// Limited weapon banner: featured 5★ at 75/25 with a guarantee after a loss.
    WeaponEvent,
    /// Permanent banner: no featured item.
    Standard,
}

impl BannerType {
    /// Every type, in display order.
    pub const ALL: [BannerType; 3] = [
        BannerType::CharacterEvent,
        BannerType::WeaponEvent,
        BannerType::Standard,
    ];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            BannerType::CharacterEvent => "character_event",
            BannerType::WeaponEvent => "weapon_event",
            BannerType::Standard => "standard",
        }
    }

    /// Whether the banner has featured items and a coin flip for them.
    pub const fn has_featured(self) -> bool {
        !matches!(self, BannerType::Standard)
    }
}

impl fmt::Display for BannerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BannerType {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        BannerType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or(())
    }
}

/// A star rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stars {
    /// 3★
    Three,
    /// 4★
    Four,
    /// 5★
    Five,
}

impl Stars {
    /// 3, 4 or 5.
    pub const fn number(self) -> i16 {
        match self {
            Stars::Three => 3,
            Stars::Four => 4,
            Stars::Five => 5,
        }
    }

    /// The seed's rarity label, `"5-star"`.
    pub const fn label(self) -> &'static str {
        match self {
            Stars::Three => "3-star",
            Stars::Four => "4-star",
            Stars::Five => "5-star",
        }
    }

    /// From 3, 4 or 5.
    pub const fn from_number(n: i64) -> Option<Stars> {
        match n {
            3 => Some(Stars::Three),
            4 => Some(Stars::Four),
            5 => Some(Stars::Five),
            _ => None,
        }
    }
}

/// Inventory catalog ids by star rating. `featured` is a subset of `five`; a lost coin flip
/// picks among the 5★ that are not featured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Pool {
    /// 5★ catalog ids, featured ones included.
    pub five: Vec<String>,
    /// 4★ catalog ids.
    pub four: Vec<String>,
    /// 3★ catalog ids.
    pub three: Vec<String>,
    /// The featured 5★ (event banners only).
    #[serde(default)]
    pub featured: Vec<String>,
}

/// Why a pool cannot be drawn from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// A star tier has no items.
    #[error("the {0}-star pool is empty")]
    EmptyTier(i16),
    /// An event banner without featured items, or a standard banner with some.
    #[error("{0}")]
    Featured(&'static str),
    /// A featured id that is not in the 5★ list.
    #[error("featured item {0} is not in the 5-star pool")]
    FeaturedNotInPool(String),
    /// An id listed twice.
    #[error("item {0} is listed more than once")]
    Duplicate(String),
}

impl Pool {
    /// Checks that every draw of `banner_type` finds an item.
    pub fn validate(&self, banner_type: BannerType) -> Result<(), PoolError> {
        for (stars, tier) in [(5, &self.five), (4, &self.four), (3, &self.three)] {
            if tier.is_empty() {
                return Err(PoolError::EmptyTier(stars));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for id in self.five.iter().chain(&self.four).chain(&self.three) {
            if !seen.insert(id.as_str()) {
                return Err(PoolError::Duplicate(id.clone()));
            }
        }
        if let Some(missing) = self.featured.iter().find(|f| !self.five.contains(f)) {
            return Err(PoolError::FeaturedNotInPool(missing.clone()));
        }
        if banner_type.has_featured() {
            if self.featured.is_empty() {
                return Err(PoolError::Featured(
                    "an event banner needs featured 5-star items",
                ));
            }
            if self.off_featured().next().is_none() {
                return Err(PoolError::Featured(
                    "an event banner needs a 5-star that is not featured (the lost coin flip)",
                ));
            }
        } else if !self.featured.is_empty() {
            return Err(PoolError::Featured(
                "a standard banner has no featured items",
            ));
        }
        Ok(())
    }

    /// The 5★ a lost coin flip picks from.
    pub fn off_featured(&self) -> impl Iterator<Item = &String> {
        self.five.iter().filter(|id| !self.featured.contains(id))
    }

    /// The tier's list, `featured` choosing between featured and off-featured 5★ on event
    /// banners.
    pub(crate) fn tier(&self, stars: Stars, featured: Option<bool>) -> Vec<&String> {
        match (stars, featured) {
            (Stars::Five, Some(true)) => self.featured.iter().collect(),
            (Stars::Five, Some(false)) => self.off_featured().collect(),
            (Stars::Five, None) => self.five.iter().collect(),
            (Stars::Four, _) => self.four.iter().collect(),
            (Stars::Three, _) => self.three.iter().collect(),
        }
    }
}
