//! Response bodies shared by the use cases and the routes (and the `gacha_pull` event).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One item a pull gave (the seed's fields first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PullItem {
    /// The inventory catalog id.
    pub item_id: String,
    /// Display name.
    pub item_name: String,
    /// `"5-star"`, `"4-star"` or `"3-star"` (seed).
    pub rarity: String,
    /// 3, 4 or 5.
    pub stars: i16,
    /// `character` or `weapon`.
    pub item_type: String,
    /// A featured 5★ of an event banner.
    pub is_featured: bool,
    /// Forced by hard pity (5★) or the 4★ floor.
    pub is_pity: bool,
    /// The owned item in inventory (`GET /api/inventory/{id}`, enhancement), once the pull is
    /// complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_item_id: Option<Uuid>,
}

/// `POST /api/gacha/pull` answer: the seed's fields, and the pull's id and pity details.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PullResponse {
    /// The pull's id (the audit and history use it).
    pub pull_id: Uuid,
    /// The banner pulled on.
    pub banner_id: Uuid,
    /// Its type.
    pub banner_type: String,
    /// What each pull gave, in order.
    pub pulls: Vec<PullItem>,
    /// Pulls since the last 5★ after this pull (seed).
    pub pity_counter: i32,
    /// The pull number on which a 5★ is certain (seed).
    pub next_pity_at: i32,
    /// Pulls since the last 4★.
    pub four_star_pity_counter: i32,
    /// Whether the next 5★ is the featured one.
    pub guaranteed_featured: bool,
    /// Gems this pull cost.
    pub gems_spent: i64,
    /// Gems left afterwards.
    pub gems_remaining: i64,
    /// When the pull was made.
    pub created_at: DateTime<Utc>,
}

/// A player's pity on one banner type.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PityView {
    /// `character_event`, `weapon_event` or `standard`.
    pub banner_type: String,
    /// Pulls since the last 5★.
    pub pulls_since_five_star: i32,
    /// Pulls since the last 4★.
    pub pulls_since_four_star: i32,
    /// Whether the next 5★ is guaranteed featured.
    pub guaranteed_featured: bool,
}
