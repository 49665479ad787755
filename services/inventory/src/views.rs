//! How players, items, sets and pets look on the wire: supersets of the web-game seed's
//! fields (and the gacha seed's item detail). Shared by the routes and by the economy's
//! stored outcomes, so a replayed answer is byte-for-byte the first one.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::{Buff, EquippedItem, EquippedPet, Item, Pet, Player};
use crate::domain::items::{MAX_ENHANCE_LEVEL, SetType, Slot, stars};
use crate::domain::progression::level_progress;

/// Attack, defense and HP sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Stats {
    /// Attack.
    pub attack: i64,
    /// Defense.
    pub defense: i64,
    /// Hit points.
    pub hp: i64,
}

impl Stats {
    /// Adds one item's or pet's bonuses.
    pub fn add(&mut self, attack: i32, defense: i32, hp: i32) {
        self.attack += i64::from(attack);
        self.defense += i64::from(defense);
        self.hp += i64::from(hp);
    }
}

/// An active buff.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BuffView {
    /// Id.
    pub id: Uuid,
    /// `stamina_boost`, `attack_boost` or `defense_boost`.
    pub buff_type: String,
    /// The new stamina cap, or the boost in percent.
    pub effect_value: i32,
    /// Applied.
    pub applied_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
    /// What applied it.
    pub source: String,
}

impl From<&Buff> for BuffView {
    fn from(b: &Buff) -> Self {
        BuffView {
            id: b.id,
            buff_type: b.buff_type.clone(),
            effect_value: b.effect_value,
            applied_at: b.applied_at,
            expires_at: b.expires_at,
            source: b.source.clone(),
        }
    }
}

/// A player's profile (`GET /api/player/me`).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlayerResponse {
    /// The player's id (= `user_id`).
    pub id: Uuid,
    /// The auth user id.
    pub user_id: Uuid,
    /// Display name.
    pub username: String,
    /// Level.
    pub level: i32,
    /// XP into the current level (the seed's `exp`).
    pub exp: i64,
    /// XP the current level needs (the seed's `exp_max`).
    pub exp_max: i64,
    /// Lifetime XP.
    pub total_xp: i64,
    /// Gold.
    pub gold: i64,
    /// Gems.
    pub gems: i64,
    /// Stamina (regenerated up to now).
    pub stamina: i32,
    /// Stamina cap.
    pub stamina_max: i32,
    /// Base attack.
    pub base_attack: i32,
    /// Base defense.
    pub base_defense: i32,
    /// Base HP.
    pub base_hp: i32,
    /// Unspent stat points.
    pub unspent_stat_points: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
    /// Buffs still running.
    pub active_buffs: Vec<BuffView>,
}

impl PlayerResponse {
    /// The view of `player` with its `buffs`.
    pub fn new(player: &Player, buffs: &[Buff]) -> Self {
        let (exp, exp_max) = level_progress(player.level, player.total_xp);
        PlayerResponse {
            id: player.user_id,
            user_id: player.user_id,
            username: player.username.clone(),
            level: player.level,
            exp,
            exp_max,
            total_xp: player.total_xp,
            gold: player.gold,
            gems: player.gems,
            stamina: player.stamina,
            stamina_max: player.stamina_max,
            base_attack: player.base_attack,
            base_defense: player.base_defense,
            base_hp: player.base_hp,
            unspent_stat_points: player.unspent_stat_points,
            created_at: player.created_at,
            updated_at: player.updated_at,
            active_buffs: buffs.iter().map(BuffView::from).collect(),
        }
    }
}

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

/// A pet (eggs hide species, focus and bonuses).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PetView {
    /// Id.
    pub id: Uuid,
    /// Species (`null` for eggs).
    pub species: Option<String>,
    /// Focus (`null` for eggs).
    pub focus: Option<String>,
    /// Name (`Mystery Egg` for eggs).
    pub name: Option<String>,
    /// Still an egg.
    pub is_egg: bool,
    /// Level.
    pub level: i32,
    /// XP into the level.
    pub exp: i64,
    /// XP the level needs.
    pub exp_max: i64,
    /// Attack given to the owner.
    pub attack_bonus: i32,
    /// Defense given to the owner.
    pub defense_bonus: i32,
    /// HP given to the owner.
    pub hp_bonus: i32,
    /// The egg's catalog entry.
    pub catalog_id: Option<String>,
    /// When it hatched.
    pub hatched_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<&Pet> for PetView {
    fn from(p: &Pet) -> Self {
        if p.is_egg {
            return PetView {
                id: p.id,
                species: None,
                focus: None,
                name: Some("Mystery Egg".to_owned()),
                is_egg: true,
                level: p.level,
                exp: p.exp,
                exp_max: p.exp_max,
                attack_bonus: 0,
                defense_bonus: 0,
                hp_bonus: 0,
                catalog_id: p.catalog_id.clone(),
                hatched_at: None,
                created_at: p.created_at,
            };
        }
        PetView {
            id: p.id,
            species: p.species.clone(),
            focus: p.focus.clone(),
            name: p.name.clone(),
            is_egg: false,
            level: p.level,
            exp: p.exp,
            exp_max: p.exp_max,
            attack_bonus: p.attack_bonus,
            defense_bonus: p.defense_bonus,
            hp_bonus: p.hp_bonus,
            catalog_id: p.catalog_id.clone(),
            hatched_at: p.hatched_at,
            created_at: p.created_at,
        }
    }
}

/// A pet set's three slots (`null` when empty).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct PetSetView {
    /// The set's id (its type).
    pub id: String,
    /// `attack` or `defense`.
    pub set_type: String,
    /// Slot 1.
    pub pet_1: Option<PetView>,
    /// Slot 2.
    pub pet_2: Option<PetView>,
    /// Slot 3.
    pub pet_3: Option<PetView>,
}

impl PetSetView {
    /// The set `set_type` from the player's equipped pets; with the hatched pets' bonuses.
    pub fn build(set_type: SetType, equipped: &[(EquippedPet, Pet)]) -> (Self, Stats) {
        let mut view = PetSetView {
            id: set_type.as_str().to_owned(),
            set_type: set_type.as_str().to_owned(),
            ..Default::default()
        };
        let mut stats = Stats::default();
        for (slot, pet) in equipped
            .iter()
            .filter(|(s, _)| s.set_type == set_type.as_str())
        {
            if !pet.is_egg {
                stats.add(pet.attack_bonus, pet.defense_bonus, pet.hp_bonus);
            }
            let target = match slot.slot {
                1 => &mut view.pet_1,
                2 => &mut view.pet_2,
                _ => &mut view.pet_3,
            };
            *target = Some(PetView::from(pet));
        }
        (view, stats)
    }
}

/// `POST /api/shop/purchase`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PurchaseResponse {
    /// Always true (failures are problems).
    pub success: bool,
    /// `Purchased {name}!`
    pub message: String,
    /// The new item's (or egg's pet) id, as a string like the seed.
    pub item_id: String,
    /// The catalog entry bought.
    pub catalog_id: String,
    /// Whether `item_id` is a pet (eggs).
    pub is_pet: bool,
    /// Gold paid.
    pub cost_gold: i64,
    /// Gems paid.
    pub cost_gems: i64,
    /// Gold left.
    pub gold_remaining: i64,
    /// Gems left.
    pub gems_remaining: i64,
    /// The economy transaction.
    pub transaction_id: Uuid,
}

/// `POST /api/inventory/use-potion/{item_id}`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PotionResponse {
    /// Always true.
    pub success: bool,
    /// What happened.
    pub message: String,
    /// Stamina after (stamina potions).
    pub stamina: Option<i32>,
    /// Stamina cap after (stamina potions).
    pub stamina_max: Option<i32>,
    /// The buff started (boosts).
    pub buff_applied: Option<BuffView>,
    /// Potions of this kind left.
    pub remaining_quantity: i32,
    /// The economy transaction.
    pub transaction_id: Uuid,
}

/// `POST /api/pets/feed`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeedResponse {
    /// What happened.
    pub message: String,
    /// Levels gained.
    pub levels_gained: i32,
    /// Level after.
    pub new_level: i32,
    /// XP into the level after.
    pub exp: i64,
    /// XP the level needs.
    pub exp_max: i64,
    /// XP the food gave.
    pub xp_gained: i64,
    /// The pet's bonuses after.
    pub stats: Stats,
    /// The pet after.
    pub pet: PetView,
    /// The food item eaten.
    pub food_item_id: Uuid,
    /// Food of this kind left.
    pub remaining_quantity: i32,
    /// The economy transaction.
    pub transaction_id: Uuid,
}

/// `POST /api/inventory/{item_id}/enhance`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EnhanceResponse {
    /// The item.
    pub item_id: Uuid,
    /// Level before.
    pub previous_level: i32,
    /// Level after.
    pub new_level: i32,
    /// What each stat grew by.
    pub stats_increased: Stats,
    /// The item's stats after.
    pub stats: Stats,
    /// Always true.
    pub success: bool,
    /// Gold paid.
    pub gold_cost: i64,
    /// Gold left.
    pub gold_remaining: i64,
    /// Gold the next level will cost (`null` at the maximum).
    pub next_level_cost: Option<i64>,
    /// The economy transaction.
    pub transaction_id: Uuid,
}

/// `POST /api/inventory/starter-items`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StarterResponse {
    /// `Starter items added to inventory`.
    pub message: String,
    /// The items given.
    pub items: Vec<ItemView>,
}
