//! Equipment rules: sets, slots and what each slot accepts, rarity tiers, enhancement costs.

use contracts::inventory::Rarity;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The two equipment (and pet) sets a player has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SetType {
    /// Used when attacking (battle reads this one).
    Attack,
    /// Used when defending.
    Defense,
}

impl SetType {
    /// Both sets.
    pub const ALL: [SetType; 2] = [SetType::Attack, SetType::Defense];

    /// The lowercase name stored in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            SetType::Attack => "attack",
            SetType::Defense => "defense",
        }
    }
}

impl FromStr for SetType {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "attack" => Ok(SetType::Attack),
            "defense" => Ok(SetType::Defense),
            _ => Err("must be attack or defense"),
        }
    }
}

impl fmt::Display for SetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An equipment slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Slot {
    /// Weapons.
    Weapon,
    /// Helmets.
    Helmet,
    /// Body armor.
    Armor,
    /// Boots.
    Boots,
    /// Gloves.
    Gloves,
    /// First ring.
    Ring,
    /// Second ring (takes rings too).
    Ring2,
    /// Amulets.
    Amulet,
}

impl Slot {
    /// Every slot, in the seed's order.
    pub const ALL: [Slot; 8] = [
        Slot::Weapon,
        Slot::Helmet,
        Slot::Armor,
        Slot::Boots,
        Slot::Gloves,
        Slot::Ring,
        Slot::Ring2,
        Slot::Amulet,
    ];

    /// The lowercase name stored in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Slot::Weapon => "weapon",
            Slot::Helmet => "helmet",
            Slot::Armor => "armor",
            Slot::Boots => "boots",
            Slot::Gloves => "gloves",
            Slot::Ring => "ring",
            Slot::Ring2 => "ring2",
            Slot::Amulet => "amulet",
        }
    }

    /// The item type this slot takes: its own name, except that `ring2` takes rings.
    pub const fn accepts(self) -> &'static str {
        match self {
            Slot::Ring2 => "ring",
            other => other.as_str(),
        }
    }
}

impl FromStr for Slot {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Slot::ALL
            .into_iter()
            .find(|slot| slot.as_str() == s)
            .ok_or("must be weapon, helmet, armor, boots, gloves, ring, ring2 or amulet")
    }
}

/// The equipment item types (each fits the slot of the same name).
pub const EQUIPMENT_TYPES: [&str; 7] = [
    "weapon", "helmet", "armor", "boots", "gloves", "ring", "amulet",
];

/// Rarity tiers, lowest first.
pub const RARITIES: [&str; 5] = Rarity::NAMES;

/// The tier of a rarity as stars (1 for common .. 5 for legendary), the gacha seed's scale.
pub fn stars(rarity: &str) -> i32 {
    Rarity::parse(rarity).map_or(1, Rarity::stars)
}

/// The highest enhancement level.
pub const MAX_ENHANCE_LEVEL: i32 = 20;

/// Gold to enhance an item from `level` to `level + 1`: `50 * level * (level + 1)`, so each
/// step costs more than the last (100, 300, 600, ... 19,000).
pub fn enhance_cost(level: i32) -> i64 {
    50 * i64::from(level) * i64::from(level + 1)
}

/// How much a stat grows per enhancement: a tenth of its current value, at least 1, and
/// nothing for a stat the item does not have.
pub fn enhance_increase(stat: i32) -> i32 {
    if stat <= 0 { 0 } else { (stat + 9) / 10 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring2_takes_rings_and_other_slots_their_own_type() {
        assert_eq!(Slot::Ring2.accepts(), "ring");
        assert_eq!(Slot::Weapon.accepts(), "weapon");
        assert!("ring3".parse::<Slot>().is_err());
    }

    #[test]
    fn enhancement_gets_dearer_and_grows_stats() {
        assert_eq!(enhance_cost(1), 100);
        assert!(enhance_cost(2) > enhance_cost(1));
        assert_eq!(enhance_increase(0), 0);
        assert_eq!(enhance_increase(5), 1);
        assert_eq!(enhance_increase(42), 5);
    }

    #[test]
    fn rarity_maps_to_stars() {
        assert_eq!(stars("common"), 1);
        assert_eq!(stars("legendary"), 5);
    }
}
