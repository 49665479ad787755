//! A catalog entry (an item template) as the seed file and the admin API write it, and the
//! rules an entry must satisfy before it is stored.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::items::{EQUIPMENT_TYPES, RARITIES};
use super::pets::SPECIES;

/// Kinds of catalog entries.
pub const KINDS: [&str; 7] = contracts::inventory::ItemKind::NAMES;
/// Kinds only gacha pulls grant (never sold in the shop, star rating 3-5).
pub const GACHA_KINDS: [&str; 2] = ["character", "weapon"];
/// The rarities a gacha entry may have: 3★ `rare`, 4★ `epic`, 5★ `legendary`.
pub const GACHA_RARITIES: [&str; 3] = ["rare", "epic", "legendary"];
/// Potion effects.
pub const POTION_TYPES: [&str; 4] = [
    "STAMINA_RESTORE",
    "STAMINA_BOOST",
    "ATTACK_BOOST",
    "DEFENSE_BOOST",
];
/// Cafe objects a furniture item becomes when placed in a room.
pub const FURNITURE_TYPES: [&str; 9] = [
    "chair", "table", "desk", "plant", "balloon", "pot", "brick", "wall", "tool",
];
/// A STAMINA_RESTORE effect at least this large refills stamina completely.
pub const FULL_RESTORE: i32 = 9999;

/// One item template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CatalogEntry {
    /// Stable id (`[a-z0-9_]{1,64}`), also the shop's `item_id`.
    pub id: String,
    /// `equipment`, `egg`, `food`, `potion`, `furniture`, or the gacha-only `character` and
    /// `weapon`.
    pub kind: String,
    /// For equipment its slot type (`weapon`, `helmet`, `armor`, `boots`, `gloves`, `ring`,
    /// `amulet`); `egg`, `consumable` (food, potions) or `furniture` otherwise; gacha entries
    /// repeat their kind (`character`, `weapon`: gacha weapons fit the weapon slot).
    pub item_type: String,
    /// Display name.
    pub name: String,
    /// Shop description.
    pub description: String,
    /// Icon (emoji or asset key).
    #[serde(default)]
    pub icon: Option<String>,
    /// `common`, `uncommon`, `rare`, `epic` or `legendary`.
    pub rarity: String,
    /// Level needed to buy and equip it.
    #[serde(default = "one")]
    pub level_requirement: i32,
    /// Attack bonus (equipment) or base attack (eggs).
    #[serde(default)]
    pub attack: i32,
    /// Defense bonus (equipment) or base defense (eggs).
    #[serde(default)]
    pub defense: i32,
    /// HP bonus (equipment) or base HP (eggs).
    #[serde(default)]
    pub hp: i32,
    /// Price in gold (`null`: not sold for gold).
    #[serde(default)]
    pub price_gold: Option<i64>,
    /// Price in gems (`null`: not sold for gems).
    #[serde(default)]
    pub price_gems: Option<i64>,
    /// Whether owned copies stack into one row with a quantity.
    #[serde(default)]
    pub stackable: bool,
    /// The species an egg hatches into (`null`: rolled at hatching).
    #[serde(default)]
    pub pet_species: Option<String>,
    /// XP a food gives the pet it is fed to.
    #[serde(default)]
    pub food_xp: Option<i32>,
    /// A potion's effect.
    #[serde(default)]
    pub potion_type: Option<String>,
    /// A potion's strength (stamina points, new stamina cap, or a percentage for boosts).
    #[serde(default)]
    pub effect_value: Option<i32>,
    /// How long a boost lasts, in seconds.
    #[serde(default)]
    pub duration_secs: Option<i32>,
    /// The cafe object a furniture item becomes.
    #[serde(default)]
    pub furniture_type: Option<String>,
    /// Granted by `POST /api/inventory/starter-items`.
    #[serde(default)]
    pub starter: bool,
    /// Listed in the shop (retired entries stay valid for items already owned).
    #[serde(default = "yes")]
    pub in_shop: bool,
}

fn one() -> i32 {
    1
}

fn yes() -> bool {
    true
}

impl CatalogEntry {
    /// Whether only gacha pulls grant this entry.
    pub fn is_gacha(&self) -> bool {
        GACHA_KINDS.contains(&self.kind.as_str())
    }

    /// Every rule the entry breaks, as `(field, message)`; empty when it is valid.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut check = |ok: bool, field: &'static str, message: &str| {
            if !ok {
                out.push((field, message.to_owned()));
            }
        };
        check(
            !self.id.is_empty()
                && self.id.len() <= 64
                && self
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "id",
            "must be 1-64 characters of a-z, 0-9 and _",
        );
        check(
            KINDS.contains(&self.kind.as_str()),
            "kind",
            "must be equipment, egg, food, potion, furniture, character or weapon",
        );
        let expected_type = match self.kind.as_str() {
            "equipment" => EQUIPMENT_TYPES.contains(&self.item_type.as_str()),
            "egg" => self.item_type == "egg",
            "food" | "potion" => self.item_type == "consumable",
            "furniture" => self.item_type == "furniture",
            "character" | "weapon" => self.item_type == self.kind,
            _ => true,
        };
        check(
            expected_type,
            "item_type",
            "equipment takes a slot type; eggs `egg`; food and potions `consumable`; furniture `furniture`; characters and weapons their kind",
        );
        let name_len = self.name.trim().chars().count();
        check(
            (1..=80).contains(&name_len),
            "name",
            "must be 1-80 characters",
        );
        check(
            self.description.chars().count() <= 500,
            "description",
            "must be at most 500 characters",
        );
        check(
            RARITIES.contains(&self.rarity.as_str()),
            "rarity",
            "must be common, uncommon, rare, epic or legendary",
        );
        check(
            (1..=100).contains(&self.level_requirement),
            "level_requirement",
            "must be 1-100",
        );
        for (field, value) in [
            ("attack", self.attack),
            ("defense", self.defense),
            ("hp", self.hp),
        ] {
            check((0..=100_000).contains(&value), field, "must be 0-100000");
        }
        for (field, price) in [
            ("price_gold", self.price_gold),
            ("price_gems", self.price_gems),
        ] {
            check(
                price.is_none_or(|p| (0..=1_000_000_000).contains(&p)),
                field,
                "must be 0-1000000000",
            );
        }
        check(
            !self.in_shop || self.price_gold.is_some() || self.price_gems.is_some(),
            "price_gold",
            "an entry sold in the shop needs a gold or gem price",
        );
        let stacks = matches!(self.kind.as_str(), "food" | "potion" | "furniture");
        check(
            self.stackable == stacks,
            "stackable",
            "food, potions and furniture stack; equipment, eggs, characters and weapons do not",
        );
        if self.is_gacha() {
            check(
                !self.in_shop && self.price_gold.is_none() && self.price_gems.is_none(),
                "in_shop",
                "characters and weapons come only from gacha: not in the shop, no price",
            );
            check(
                GACHA_RARITIES.contains(&self.rarity.as_str()),
                "rarity",
                "characters and weapons are 3-5 stars: rare, epic or legendary",
            );
        }
        if self.kind == "egg" {
            check(
                self.pet_species
                    .as_deref()
                    .is_none_or(|s| SPECIES.contains(&s)),
                "pet_species",
                "unknown species",
            );
        }
        if self.kind == "food" {
            check(
                self.food_xp.is_some_and(|xp| (1..=1_000_000).contains(&xp)),
                "food_xp",
                "food needs 1-1000000 XP",
            );
        }
        if self.kind == "potion" {
            check(
                self.potion_type
                    .as_deref()
                    .is_some_and(|p| POTION_TYPES.contains(&p)),
                "potion_type",
                "must be STAMINA_RESTORE, STAMINA_BOOST, ATTACK_BOOST or DEFENSE_BOOST",
            );
            check(
                self.effect_value
                    .is_some_and(|v| (1..=FULL_RESTORE).contains(&v)),
                "effect_value",
                "potions need an effect of 1-9999",
            );
            let boost = self
                .potion_type
                .as_deref()
                .is_some_and(|p| p.ends_with("BOOST"));
            check(
                !boost
                    || self
                        .duration_secs
                        .is_some_and(|d| (1..=86_400).contains(&d)),
                "duration_secs",
                "boosts need a duration of 1-86400 seconds",
            );
        }
        if self.kind == "furniture" {
            check(
                self.furniture_type
                    .as_deref()
                    .is_some_and(|f| FURNITURE_TYPES.contains(&f)),
                "furniture_type",
                "must be chair, table, desk, plant, balloon, pot, brick, wall or tool",
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sword() -> CatalogEntry {
        serde_json::from_value(serde_json::json!({
            "id": "test_sword", "kind": "equipment", "item_type": "weapon", "name": "Test Sword",
            "description": "", "rarity": "common", "attack": 5, "price_gold": 10
        }))
        .unwrap()
    }

    #[test]
    fn a_plain_weapon_is_valid() {
        assert!(sword().problems().is_empty());
    }

    fn gacha_character() -> CatalogEntry {
        serde_json::from_value(serde_json::json!({
            "id": "char_test", "kind": "character", "item_type": "character", "name": "Test",
            "description": "", "rarity": "legendary", "attack": 5, "in_shop": false
        }))
        .unwrap()
    }

    #[test]
    fn a_gacha_character_is_valid_only_outside_the_shop_and_at_three_to_five_stars() {
        assert!(gacha_character().problems().is_empty());
        let mut sold = gacha_character();
        sold.in_shop = true;
        sold.price_gems = Some(100);
        let fields: Vec<_> = sold.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["in_shop"]);
        let mut common = gacha_character();
        common.rarity = "common".into();
        common.item_type = "weapon".into();
        let fields: Vec<_> = common.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["item_type", "rarity"]);
    }

    #[test]
    fn bad_fields_are_each_reported() {
        let mut e = sword();
        e.id = "Bad Id".into();
        e.rarity = "mythic".into();
        e.stackable = true;
        let fields: Vec<_> = e.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["id", "rarity", "stackable"]);
    }
}
