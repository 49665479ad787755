//! `/api/shop/*`: the catalog as the web-game seed's shop lists it, buying, and history.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::economy::{Effect, PayCurrency};
use crate::app::views::{PurchaseResponse, Stats};
use crate::db::models::CatalogItem;
use crate::db::queries;
use crate::error::InventoryError;
use crate::state::AppState;

/// One shop entry; kind-specific fields appear only on their kind.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShopItem {
    /// The id to buy it with.
    pub id: String,
    /// Name.
    pub name: String,
    /// UPPERCASE type: `WEAPON`, ..., `EGG`, `FOOD`, `CONSUMABLE`, `FURNITURE`.
    #[serde(rename = "type")]
    pub item_type: String,
    /// UPPERCASE rarity.
    pub rarity: String,
    /// Level needed to buy.
    pub level: i32,
    /// Gold price (0 when sold for gems only).
    pub price: i64,
    /// Gem price, when it can be bought with gems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gem_price: Option<i64>,
    /// Description.
    pub description: String,
    /// Icon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Equipment bonuses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stats: Option<Stats>,
    /// An egg's species (`null` for mystery eggs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pet_type: Option<Option<String>>,
    /// An egg's base stats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pet_stats: Option<Stats>,
    /// A food's XP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pet_exp: Option<i32>,
    /// A potion's effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub potion_type: Option<String>,
    /// A potion's strength.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect_value: Option<i32>,
    /// A boost's duration in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<i32>,
    /// The cafe object a furniture item becomes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub furniture_type: Option<String>,
}

impl From<&CatalogItem> for ShopItem {
    fn from(c: &CatalogItem) -> Self {
        let mut stats = Stats::default();
        stats.add(c.attack_bonus, c.defense_bonus, c.hp_bonus);
        let item_type = match c.kind.as_str() {
            "equipment" => c.item_type.to_uppercase(),
            "potion" => "CONSUMABLE".to_owned(),
            other => other.to_uppercase(),
        };
        ShopItem {
            id: c.id.clone(),
            name: c.name.clone(),
            item_type,
            rarity: c.rarity.to_uppercase(),
            level: c.level_requirement,
            price: c.price_gold.unwrap_or(0),
            gem_price: c.price_gems,
            description: c.description.clone(),
            icon: c.icon.clone(),
            stats: (c.kind == "equipment").then_some(stats),
            pet_type: (c.kind == "egg").then(|| c.pet_species.clone()),
            pet_stats: (c.kind == "egg").then_some(stats),
            pet_exp: c.food_xp,
            potion_type: c.potion_type.clone(),
            effect_value: c.effect_value,
            duration: c.duration_secs,
            furniture_type: c.furniture_type.clone(),
        }
    }
}

/// `GET /api/shop/items` answer: the catalog grouped as the seed's shop.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ShopResponse {
    /// Weapons and armor.
    pub equipment: Vec<ShopItem>,
    /// Pet eggs.
    pub eggs: Vec<ShopItem>,
    /// Pet food.
    pub food: Vec<ShopItem>,
    /// Potions.
    pub potions: Vec<ShopItem>,
    /// Cafe furniture (placeable in a space room).
    pub furniture: Vec<ShopItem>,
}

/// Everything the shop sells.
#[utoipa::path(get, path = "/api/shop/items", tag = "shop",
    responses((status = 200, body = ShopResponse)))]
#[get("/api/shop/items")]
#[tracing::instrument(name = "list_shop_items", skip_all)]
pub async fn list_shop_items(
    state: web::Data<AppState>,
) -> Result<web::Json<ShopResponse>, Problem> {
    let mut conn = state.conn().await?;
    let entries = queries::list_catalog(&mut conn, true)
        .await
        .map_err(InventoryError::from)?;
    let mut shop = ShopResponse::default();
    for entry in &entries {
        let list = match entry.kind.as_str() {
            "equipment" => &mut shop.equipment,
            "egg" => &mut shop.eggs,
            "food" => &mut shop.food,
            "potion" => &mut shop.potions,
            _ => &mut shop.furniture,
        };
        list.push(ShopItem::from(entry));
    }
    Ok(web::Json(shop))
}

/// `POST /api/shop/purchase` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PurchaseRequest {
    /// The shop entry's id.
    pub item_id: String,
    /// Pay in gems (when the entry has a gem price).
    #[serde(default)]
    pub use_gems: bool,
    /// Pay in exactly this currency (the web-game client sends `"gold"`); an entry without a
    /// price in it is refused rather than paid the other way.
    #[serde(default)]
    pub currency: Option<PayCurrency>,
}

/// Buys one of a shop entry: pays its price and adds it to the inventory (eggs become pets,
/// potions, food and furniture stack). Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/shop/purchase", tag = "shop",
    request_body = PurchaseRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses(
        (status = 200, body = PurchaseResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`level_too_low`, `not_for_sale` (no price in the named currency), `invalid_idempotency_key`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`insufficient_funds`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`idempotency_key_reused`, `invalid_body`"),
    ))]
#[post("/api/shop/purchase")]
#[tracing::instrument(name = "purchase_item", skip_all, fields(user.id = %user.id))]
pub async fn purchase_item(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<PurchaseRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let body = body.into_inner();
    if body.item_id.is_empty() || body.item_id.len() > 64 {
        return Err(InventoryError::field("item_id", "must be a shop item id").into());
    }
    if body.use_gems && body.currency == Some(PayCurrency::Gold) {
        return Err(InventoryError::field("currency", "contradicts use_gems: true").into());
    }
    let effect = Effect::Purchase {
        catalog_id: body.item_id,
        use_gems: body.use_gems,
        currency: body.currency,
    };
    super::spend(&state, &req, user.id, "shop_purchase", effect).await
}

/// `?limit=` of the purchase history.
#[derive(Debug, Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// How many, 1-100 (default 50).
    pub limit: Option<i64>,
}

/// One purchase.
#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseRecord {
    /// Id.
    pub id: Uuid,
    /// Type.
    pub item_type: String,
    /// Name.
    pub item_name: String,
    /// The shop entry.
    pub catalog_id: String,
    /// Gold paid.
    pub cost_gold: i64,
    /// Gems paid.
    pub cost_gems: i64,
    /// When.
    pub purchased_at: DateTime<Utc>,
}

/// The caller's purchases, newest first.
#[utoipa::path(get, path = "/api/shop/history", tag = "shop",
    params(HistoryQuery),
    responses(
        (status = 200, body = [PurchaseRecord]),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "limit out of range"),
    ))]
#[get("/api/shop/history")]
#[tracing::instrument(name = "get_shop_history", skip_all, fields(user.id = %user.id))]
pub async fn get_shop_history(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<HistoryQuery>,
) -> Result<web::Json<Vec<PurchaseRecord>>, Problem> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(InventoryError::field("limit", "must be 1-100").into());
    }
    let mut conn = state.conn().await?;
    let rows = queries::list_purchases(&mut conn, user.id, limit)
        .await
        .map_err(InventoryError::from)?;
    Ok(web::Json(
        rows.into_iter()
            .map(|p| PurchaseRecord {
                id: p.id,
                item_type: p.item_type,
                item_name: p.item_name,
                catalog_id: p.catalog_id,
                cost_gold: p.cost_gold,
                cost_gems: p.cost_gems,
                purchased_at: p.purchased_at,
            })
            .collect(),
    ))
}
