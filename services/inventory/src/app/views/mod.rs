//! How players, items, sets and pets look on the wire: supersets of the web-game seed's
//! fields (and the gacha seed's item detail). Shared by the routes and by the economy's
//! stored outcomes, so a replayed answer is byte-for-byte the first one.

mod furniture;
mod items;
mod outcomes;
mod pets;

pub use furniture::{FurniturePurchaseResponse, FurnitureView};
pub use items::{EquipmentSetView, ItemView};
pub use outcomes::{
    EnhanceResponse, FeedResponse, PotionResponse, PurchaseResponse, StarterResponse,
};
pub use pets::{PetSetView, PetView};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::{Buff, Player};
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
