//! Rows of gacha's tables.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use super::schema::{banner_versions, banners, pity, pulls};

/// A banner's current settings (`version` points at its rate table and pool).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = banners, check_for_backend(diesel::pg::Pg))]
pub struct Banner {
    pub id: Uuid,
    pub seed_key: Option<String>,
    pub banner_type: String,
    pub name: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub cost_single: i64,
    pub cost_ten: i64,
    pub version: i32,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Banner {
    /// Whether pulls are accepted at `now`.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.active && self.starts_at <= now && self.ends_at.is_none_or(|end| now < end)
    }
}

/// One immutable version of a banner's odds and pool.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = banner_versions, check_for_backend(diesel::pg::Pg))]
pub struct BannerVersion {
    pub banner_id: Uuid,
    pub version: i32,
    /// A `RateTable`.
    pub rates: Value,
    /// A `Pool`.
    pub pool: Value,
    /// `{catalog_id: {name, kind, stars}}` of every pool item.
    pub items: Value,
    pub created_at: DateTime<Utc>,
}

/// A player's pity on one banner type.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = pity, check_for_backend(diesel::pg::Pg))]
pub struct PityRow {
    pub user_id: Uuid,
    pub banner_type: String,
    pub since_five: i32,
    pub since_four: i32,
    pub guaranteed_featured: bool,
    pub updated_at: DateTime<Utc>,
}

/// A pull: recorded as `pending` before inventory is paid, then `complete` or `cancelled`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = pulls, check_for_backend(diesel::pg::Pg))]
// NULL for a None (none of these columns has a default): one SQL text, prepared once.
#[diesel(treat_none_as_default_value = false)]
pub struct Pull {
    pub id: Uuid,
    pub user_id: Uuid,
    pub banner_id: Uuid,
    pub banner_version: i32,
    pub banner_type: String,
    pub pull_count: i16,
    pub idempotency_key: Option<String>,
    pub status: String,
    /// A `PityState`.
    pub pity_before: Value,
    /// A `PityState`.
    pub pity_after: Value,
    /// `[Draw]`.
    pub draws: Value,
    /// `[PullItem]`.
    pub results: Value,
    pub gems_cost: i64,
    pub gems_remaining: Option<i64>,
    /// Inventory's owned-item ids of the grants, in pull order (once complete).
    pub granted_item_ids: Option<Value>,
    pub cancel_reason: Option<String>,
    pub attempts: i32,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// Pull statuses.
pub mod status {
    /// Recorded, not yet paid.
    pub const PENDING: &str = "pending";
    /// Paid and granted.
    pub const COMPLETE: &str = "complete";
    /// Refused by inventory; the pity was restored.
    pub const CANCELLED: &str = "cancelled";
}
