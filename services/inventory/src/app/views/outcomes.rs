//! The answers of the spending endpoints, built inside the economy core and stored with the
//! transaction.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{BuffView, ItemView, PetView, Stats};

/// `POST /api/shop/purchase`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PurchaseResponse {
    /// Always true (failures are problems).
    pub success: bool,
    /// `Purchased {name}!`
    pub message: String,
    /// The entry's name (the web-game client shows it).
    #[serde(default)]
    pub item_name: String,
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
