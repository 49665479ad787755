//! Owned items and equipment sets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use super::Stats;
use crate::db::models::{EquippedItem, Item};
use crate::domain::items::{MAX_ENHANCE_LEVEL, SetType, Slot, stars};

/// An owned item: the web-game seed's inventory item and the gacha seed's item detail.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ItemView {
    /// Id.
    pub id: Uuid,
    /// Same as `id` (gacha seed).
    pub item_id: Uuid,
    /// Catalog entry.
    pub catalog_id: String,
    /// `weapon`, `helmet`, ..., `consumable`, `furniture`.
    pub item_type: String,
    /// Name.
    pub name: String,
    /// Same as `name` (gacha seed).
    pub item_name: String,
    /// `common` .. `legendary`.
    pub rarity: String,
    /// Rarity tier as stars, 1-5.
    pub stars: i32,
    /// Level needed to equip.
    pub level_requirement: i32,
    /// Attack bonus.
    pub attack_bonus: i32,
    /// Defense bonus.
    pub defense_bonus: i32,
    /// HP bonus.
    pub hp_bonus: i32,
    /// The bonuses again, gacha-seed style.
    pub stats: Stats,
    /// Enhancement level (gacha seed's `level`).
    pub level: i32,
    /// Highest enhancement level.
    pub max_level: i32,
    /// Quantity (stacks).
    pub quantity: i32,
    /// Potion effect, food XP, furniture type...
    #[schema(value_type = Object)]
    pub properties: Value,
    /// When acquired.
    pub acquired_at: DateTime<Utc>,
}

impl From<&Item> for ItemView {
    fn from(i: &Item) -> Self {
        let mut stats = Stats::default();
        stats.add(i.attack_bonus, i.defense_bonus, i.hp_bonus);
        ItemView {
            id: i.id,
            item_id: i.id,
            catalog_id: i.catalog_id.clone(),
            item_type: i.item_type.clone(),
            name: i.name.clone(),
            item_name: i.name.clone(),
            rarity: i.rarity.clone(),
            stars: stars(&i.rarity),
            level_requirement: i.level_requirement,
            attack_bonus: i.attack_bonus,
            defense_bonus: i.defense_bonus,
            hp_bonus: i.hp_bonus,
            stats,
            level: i.enhance_level,
            max_level: MAX_ENHANCE_LEVEL,
            quantity: i.quantity,
            properties: i.properties.clone(),
            acquired_at: i.acquired_at,
        }
    }
}

/// One equipment set with its eight slots (`null` when empty).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct EquipmentSetView {
    /// The set's id (its type: sets are per player).
    pub id: String,
    /// `attack` or `defense`.
    pub set_type: String,
    /// Weapon slot.
    pub weapon: Option<ItemView>,
    /// Helmet slot.
    pub helmet: Option<ItemView>,
    /// Armor slot.
    pub armor: Option<ItemView>,
    /// Boots slot.
    pub boots: Option<ItemView>,
    /// Gloves slot.
    pub gloves: Option<ItemView>,
    /// First ring slot.
    pub ring: Option<ItemView>,
    /// Second ring slot.
    pub ring2: Option<ItemView>,
    /// Amulet slot.
    pub amulet: Option<ItemView>,
}

impl EquipmentSetView {
    /// The set `set_type` from the player's equipped rows; with the sum of its bonuses.
    pub fn build(set_type: SetType, equipped: &[(EquippedItem, Item)]) -> (Self, Stats) {
        let mut view = EquipmentSetView {
            id: set_type.as_str().to_owned(),
            set_type: set_type.as_str().to_owned(),
            ..Default::default()
        };
        let mut stats = Stats::default();
        for (slot, item) in equipped
            .iter()
            .filter(|(s, _)| s.set_type == set_type.as_str())
        {
            let Ok(slot) = slot.slot.parse::<Slot>() else {
                continue;
            };
            stats.add(item.attack_bonus, item.defense_bonus, item.hp_bonus);
            let target = match slot {
                Slot::Weapon => &mut view.weapon,
                Slot::Helmet => &mut view.helmet,
                Slot::Armor => &mut view.armor,
                Slot::Boots => &mut view.boots,
                Slot::Gloves => &mut view.gloves,
                Slot::Ring => &mut view.ring,
                Slot::Ring2 => &mut view.ring2,
                Slot::Amulet => &mut view.amulet,
            };
            *target = Some(ItemView::from(item));
        }
        (view, stats)
    }
}
