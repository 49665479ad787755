//! The cafe seed's inventory rows: owned furniture as `{id, type, quantity}` (plus the seed's
//! `user_id`, `metadata`, `created_at`), and the answer to buying some.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::Item;

/// An owned furniture stack as the cafe's client reads it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FurnitureView {
    /// The stack's item id (`place_object {inventory_item_id}`).
    pub id: Uuid,
    /// Cafe type: `chair`, `table`, `desk`, `plant`, `balloon`, `pot`, `brick`, `wall`, `tool`.
    #[serde(rename = "type")]
    pub furniture_type: String,
    /// How many the stack holds.
    pub quantity: i32,
    /// Owner.
    pub user_id: Uuid,
    /// The shop entry it came from.
    pub catalog_id: String,
    /// Name.
    pub name: String,
    /// The item's properties (the seed's free-form `metadata`).
    #[schema(value_type = Object)]
    pub metadata: Value,
    /// First acquired.
    pub created_at: DateTime<Utc>,
}

impl FurnitureView {
    /// The cafe shape of a furniture item (`None` for any other item).
    pub fn from_item(item: &Item) -> Option<Self> {
        if item.item_type != "furniture" {
            return None;
        }
        let kind = item
            .properties
            .get("furniture_type")
            .and_then(Value::as_str)
            .map_or_else(
                || item.catalog_id.trim_start_matches("furniture_").to_owned(),
                str::to_owned,
            );
        Some(Self::of(item, &kind))
    }

    /// The cafe shape of `item`, of cafe type `kind`.
    pub fn of(item: &Item, kind: &str) -> Self {
        FurnitureView {
            id: item.id,
            furniture_type: kind.to_owned(),
            quantity: item.quantity,
            user_id: item.user_id,
            catalog_id: item.catalog_id.clone(),
            name: item.name.clone(),
            metadata: item.properties.clone(),
            created_at: item.acquired_at,
        }
    }
}

/// `POST /api/v1/inventory/`: the stack the purchase went to, and what it cost.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FurniturePurchaseResponse {
    /// The stack after the purchase (`quantity` is its total).
    #[serde(flatten)]
    pub item: FurnitureView,
    /// How many this purchase added.
    pub purchased: i32,
    /// Gold paid.
    pub cost_gold: i64,
    /// Gold left.
    pub gold_remaining: i64,
    /// The economy transaction (its ledger rows carry this id).
    pub transaction_id: Uuid,
}
