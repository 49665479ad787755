//! Inventory's internal API: the economy transaction, XP grants and combat stats that gacha,
//! battle and room call (`/internal/transactions`, `/internal/players/{id}/...`).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

/// Longest accepted idempotency key.
pub const MAX_IDEMPOTENCY_KEY_LEN: usize = 200;
/// Most operations (debits + credits + grants + consumes) in one transaction.
pub const MAX_OPERATIONS: usize = 50;

/// A wallet balance that transactions can move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Currency {
    /// Soft currency.
    Gold,
    /// Premium currency (gacha pulls).
    Gems,
    /// Spent to join battles; regenerates over time.
    Stamina,
}

impl Currency {
    /// The lowercase name used in the ledger.
    pub const fn as_str(self) -> &'static str {
        match self {
            Currency::Gold => "gold",
            Currency::Gems => "gems",
            Currency::Stamina => "stamina",
        }
    }
}

/// An amount of one currency (always positive; the list it is in says which way it moves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CurrencyAmount {
    /// Which balance.
    pub currency: Currency,
    /// How much, at least 1.
    pub amount: i64,
}

/// Items of a catalog entry to give the player (eggs become pets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ItemGrant {
    /// The catalog id, e.g. `blade_ember`.
    pub catalog_id: String,
    /// How many (1 for non-stackable entries, which get one row each).
    #[serde(default = "one")]
    pub quantity: i32,
}

/// Owned items to take away (a potion drunk, a food fed, furniture placed in a room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ItemConsume {
    /// The owned item's id; it must belong to the transaction's player.
    pub item_id: Uuid,
    /// How many, at least 1.
    #[serde(default = "one")]
    pub quantity: i32,
}

fn one() -> i32 {
    1
}

/// `POST /internal/transactions`: applied all at once or not at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TransactionRequest {
    /// Unique per calling service; a replay returns the first answer and changes nothing.
    pub idempotency_key: String,
    /// The player whose wallet and items change.
    pub user_id: Uuid,
    /// Why, recorded on every ledger row (`gacha_pull`, `battle_loot`, `place_object`...).
    pub reason: String,
    /// Balances to take (409 `insufficient_funds` if one would go negative).
    #[serde(default)]
    pub debits: Vec<CurrencyAmount>,
    /// Balances to give.
    #[serde(default)]
    pub credits: Vec<CurrencyAmount>,
    /// Catalog items to give.
    #[serde(default)]
    pub grants: Vec<ItemGrant>,
    /// Owned items to take.
    #[serde(default)]
    pub consumes: Vec<ItemConsume>,
    /// XP to add in the same transaction, 1..=1,000,000 (levels follow); the answer's
    /// `outcome` is then the XP grant's result (`XpGrantResponse`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xp: Option<i64>,
}

/// A player's balances after a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Balances {
    /// Gold.
    pub gold: i64,
    /// Gems.
    pub gems: i64,
    /// Stamina (after lazy regeneration).
    pub stamina: i32,
    /// Stamina cap.
    pub stamina_max: i32,
}

/// What a grant produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GrantedItem {
    /// The catalog entry.
    pub catalog_id: String,
    /// `equipment`, `egg`, `food`, `potion` or `furniture`.
    pub kind: String,
    /// The owned item's id, or the pet's id for an egg.
    pub item_id: Uuid,
    /// Whether `item_id` is a pet (eggs).
    pub is_pet: bool,
    /// How many were added.
    pub quantity: i32,
    /// The stack's (or row's) quantity afterwards.
    pub quantity_after: i32,
}

/// What a consume took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ConsumedItem {
    /// The owned item's id.
    pub item_id: Uuid,
    /// Its catalog entry.
    pub catalog_id: String,
    /// Its type (`consumable`, `furniture`, `weapon`...).
    pub item_type: String,
    /// Its name.
    pub name: String,
    /// The cafe object type, for furniture.
    pub furniture_type: Option<String>,
    /// The item's properties (potion effect, food XP, furniture metadata).
    #[schema(value_type = Object)]
    pub properties: Value,
    /// How many were taken.
    pub quantity: i32,
    /// How many are left (the row is gone at 0).
    pub remaining: i32,
}

/// The answer of `POST /internal/transactions` (stored, and replayed for the same key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TransactionResponse {
    /// The transaction's id (ledger rows point at it).
    pub transaction_id: Uuid,
    /// The player.
    pub user_id: Uuid,
    /// The reason given.
    pub reason: String,
    /// True when this answer is the stored one of an earlier request with the same key.
    pub replayed: bool,
    /// Balances afterwards.
    pub balances: Balances,
    /// Items given, in request order.
    pub granted: Vec<GrantedItem>,
    /// Items taken, in request order.
    pub consumed: Vec<ConsumedItem>,
    /// Endpoint-specific result of player-facing operations (potion effect, pet growth...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub outcome: Option<Value>,
}

/// `POST /internal/players/{id}/xp`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct XpGrantRequest {
    /// Unique per calling service; a replay grants nothing more.
    pub idempotency_key: String,
    /// XP to add, 1..=1,000,000.
    pub amount: i64,
    /// Where it came from (`battle`, `quest`...), recorded in the ledger.
    #[serde(default = "default_source")]
    pub source: String,
}

fn default_source() -> String {
    "internal".to_owned()
}

/// The result of an XP grant (the web-game seed's `gain-xp` answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct XpGrantResponse {
    /// Whether the player reached at least one new level.
    pub leveled_up: bool,
    /// Level before.
    pub old_level: i32,
    /// Level after.
    pub new_level: i32,
    /// `new_level - old_level`.
    pub levels_gained: i32,
    /// Stat points earned (3 per level, 8 at multiples of 10).
    pub stat_points_earned: i32,
    /// Lifetime XP after.
    pub total_xp: i64,
    /// XP added.
    pub xp_gained: i64,
    /// True when this is the stored answer of an earlier request with the same key.
    #[serde(default)]
    pub replayed: bool,
}

/// Attack, defense and HP.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatBlock {
    /// Attack.
    pub attack: i64,
    /// Defense.
    pub defense: i64,
    /// Hit points.
    pub hp: i64,
}

/// `GET /internal/players/{id}/combat-stats`: what battle computes damage from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CombatStats {
    /// The player.
    pub user_id: Uuid,
    /// Display name.
    pub username: String,
    /// Level.
    pub level: i32,
    /// Base stats (level-ups and allocated points).
    pub base: StatBlock,
    /// Sum of the attack equipment set.
    pub equipment: StatBlock,
    /// Sum of the hatched pets in the attack pet set.
    pub pets: StatBlock,
    /// Multiplier of active attack buffs (1.0 without).
    pub attack_multiplier: f64,
    /// Multiplier of active defense buffs (1.0 without).
    pub defense_multiplier: f64,
    /// `(base + equipment + pets)` with the multipliers applied (rounded down).
    pub total: StatBlock,
    /// Current stamina (after lazy regeneration).
    pub stamina: i32,
    /// Stamina cap.
    pub stamina_max: i32,
    /// Active buff types.
    pub active_buffs: Vec<String>,
}

/// `GET /internal/catalog/gacha`: one gacha-only catalog entry (what gacha validates banner
/// pools against and shows in pull results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct GachaCatalogItem {
    /// The catalog id.
    pub catalog_id: String,
    /// `character` or `weapon`.
    pub kind: String,
    /// Display name.
    pub name: String,
    /// Star rating, 3-5.
    pub stars: i16,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_transaction_defaults_its_lists_and_quantities() {
        let req: TransactionRequest = serde_json::from_value(serde_json::json!({
            "idempotency_key": "k1",
            "user_id": Uuid::nil(),
            "reason": "test",
            "grants": [{"catalog_id": "blade"}]
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(req.debits.is_empty() && req.consumes.is_empty());
        assert_eq!(req.grants[0].quantity, 1);
    }
}

/// An item's rarity tier, commonest first; its wire name is the lowercase word.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Rarity {
    /// 1 star.
    Common,
    /// 2 stars.
    Uncommon,
    /// 3 stars (the lowest a gacha pool holds).
    Rare,
    /// 4 stars.
    Epic,
    /// 5 stars.
    Legendary,
}

impl Rarity {
    /// Every tier, commonest first.
    pub const ALL: [Rarity; 5] = [
        Rarity::Common,
        Rarity::Uncommon,
        Rarity::Rare,
        Rarity::Epic,
        Rarity::Legendary,
    ];
    /// Every tier's wire name, commonest first.
    pub const NAMES: [&'static str; 5] = ["common", "uncommon", "rare", "epic", "legendary"];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The tier of a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The tier as stars, 1 for common to 5 for legendary (the gacha seed's scale).
    pub const fn stars(self) -> i32 {
        self as i32 + 1
    }
}

/// What a catalog entry is; its wire name is the lowercase word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Worn in an equipment slot.
    Equipment,
    /// Hatches into a pet.
    Egg,
    /// Fed to a pet.
    Food,
    /// Drunk for an effect.
    Potion,
    /// Placed in a cafe room.
    Furniture,
    /// A gacha character (3-5 stars, never sold).
    Character,
    /// A gacha weapon (3-5 stars, never sold).
    Weapon,
}

impl ItemKind {
    /// Every kind.
    pub const ALL: [ItemKind; 7] = [
        ItemKind::Equipment,
        ItemKind::Egg,
        ItemKind::Food,
        ItemKind::Potion,
        ItemKind::Furniture,
        ItemKind::Character,
        ItemKind::Weapon,
    ];
    /// Every kind's wire name, in [`ItemKind::ALL`]'s order.
    pub const NAMES: [&'static str; 7] = [
        "equipment",
        "egg",
        "food",
        "potion",
        "furniture",
        "character",
        "weapon",
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The kind of a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether only gacha pulls grant it.
    pub const fn gacha_only(self) -> bool {
        matches!(self, ItemKind::Character | ItemKind::Weapon)
    }
}

#[cfg(test)]
mod tier_tests {
    use super::*;

    #[test]
    fn rarities_and_kinds_round_trip_through_their_wire_names() {
        for r in Rarity::ALL {
            assert_eq!(Rarity::parse(r.as_str()), Some(r));
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
        assert_eq!(Rarity::Common.stars(), 1);
        assert_eq!(Rarity::Legendary.stars(), 5);
        for k in ItemKind::ALL {
            assert_eq!(ItemKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        assert!(ItemKind::parse("mythic").is_none() && Rarity::parse("mythic").is_none());
    }
}
