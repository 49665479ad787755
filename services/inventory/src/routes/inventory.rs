//! `/api/inventory/*`: owned items, the two equipment sets, potions, enhancement and starter
//! items (web-game seed; item detail and enhancement from the gacha seed).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::economy::{Effect, lock_or_create_player};
use crate::app::profile;
use crate::app::views::{
    EnhanceResponse, EquipmentSetView, ItemView, PotionResponse, StarterResponse, Stats,
};
use crate::db::models::EquippedItem;
use crate::db::queries;
use crate::domain::items::{SetType, Slot};
use crate::error::InventoryError;
use crate::state::AppState;

/// `GET /api/inventory/?item_type=&rarity=` (the gacha seed's filters).
#[derive(Debug, Deserialize, IntoParams)]
pub struct InventoryQuery {
    /// Only items of this type (`weapon`, `consumable`, ...).
    pub item_type: Option<String>,
    /// Only items of this rarity: a tier name (`rare`) or the gacha seed's stars (`4-star`).
    pub rarity: Option<String>,
}

impl InventoryQuery {
    fn keeps(&self, item: &ItemView) -> bool {
        let type_ok = self
            .item_type
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case(&item.item_type));
        let rarity_ok = self.rarity.as_deref().is_none_or(|r| {
            r.eq_ignore_ascii_case(&item.rarity) || r == format!("{}-star", item.stars)
        });
        type_ok && rarity_ok
    }
}

/// `GET /api/inventory/` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct InventoryResponse {
    /// The owner (gacha seed).
    pub user_id: Uuid,
    /// Every owned item (that passes the filters), newest first.
    pub items: Vec<ItemView>,
    /// The attack set.
    pub attack_set: EquipmentSetView,
    /// The defense set.
    pub defense_set: EquipmentSetView,
    /// How many item rows (gacha seed's `total_items`).
    pub total_items: usize,
}

/// The caller's items and both equipment sets; the filters narrow `items` only.
#[utoipa::path(get, path = "/api/inventory/", tag = "inventory", params(InventoryQuery),
    responses(
        (status = 200, body = InventoryResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/api/inventory/")]
#[tracing::instrument(name = "list_inventory", skip_all, fields(user.id = %user.id))]
pub async fn list_inventory(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<InventoryQuery>,
) -> Result<web::Json<InventoryResponse>, Problem> {
    profile::ensure(&state, user.id).await?;
    let mut conn = state.conn().await?;
    let items = queries::list_items(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    let equipped = queries::list_equipped(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    let (attack_set, _) = EquipmentSetView::build(SetType::Attack, &equipped);
    let (defense_set, _) = EquipmentSetView::build(SetType::Defense, &equipped);
    let items: Vec<ItemView> = items
        .iter()
        .map(ItemView::from)
        .filter(|item| query.keeps(item))
        .collect();
    Ok(web::Json(InventoryResponse {
        user_id: user.id,
        total_items: items.len(),
        items,
        attack_set,
        defense_set,
    }))
}

/// Sums of the equipped items of a set.
#[utoipa::path(get, path = "/api/inventory/stats/{set_type}", tag = "inventory",
    params(("set_type" = SetType, Path, description = "attack or defense")),
    responses(
        (status = 200, body = Stats),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_path_parameter`"),
    ))]
#[get("/api/inventory/stats/{set_type}")]
#[tracing::instrument(name = "get_set_stats", skip_all, fields(user.id = %user.id))]
pub async fn get_set_stats(
    state: web::Data<AppState>,
    user: AuthUser,
    set_type: web::Path<SetType>,
) -> Result<web::Json<Stats>, Problem> {
    let mut conn = state.conn().await?;
    let equipped = queries::list_equipped(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    Ok(web::Json(EquipmentSetView::build(*set_type, &equipped).1))
}

/// One of the caller's items; another player's item is 404.
#[utoipa::path(get, path = "/api/inventory/{item_id}", tag = "inventory",
    params(("item_id" = Uuid, Path, description = "Owned item id")),
    responses(
        (status = 200, body = ItemView),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_path_parameter`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found`"),
    ))]
#[get("/api/inventory/{item_id}")]
#[tracing::instrument(name = "get_item", skip_all, fields(user.id = %user.id))]
pub async fn get_item(
    state: web::Data<AppState>,
    user: AuthUser,
    item_id: web::Path<Uuid>,
) -> Result<web::Json<ItemView>, Problem> {
    let mut conn = state.conn().await?;
    let item = queries::find_item(&mut conn, user.id, *item_id)
        .await
        .map_err(InventoryError::from)?
        .ok_or(InventoryError::ItemNotFound)?;
    Ok(web::Json(ItemView::from(&item)))
}

/// `POST /api/inventory/equip` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct EquipRequest {
    /// The owned item.
    pub item_id: Uuid,
    /// Which set.
    pub set_type: SetType,
    /// Which slot (`ring2` takes rings).
    pub slot: Slot,
}

/// `POST /api/inventory/unequip` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UnequipRequest {
    /// Which set.
    pub set_type: SetType,
    /// Which slot.
    pub slot: Slot,
}

/// Equip and unequip answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct EquipResponse {
    /// What happened.
    pub message: String,
    /// The set after.
    pub equipment_set: EquipmentSetView,
    /// The set's sums after.
    pub stats: Stats,
}

/// Puts an item in a slot (taking it out of any slot it was in, replacing what was there).
#[utoipa::path(post, path = "/api/inventory/equip", tag = "inventory",
    request_body = EquipRequest,
    responses(
        (status = 200, body = EquipResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`level_too_low`, `wrong_slot`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_body`"),
    ))]
#[post("/api/inventory/equip")]
#[tracing::instrument(name = "equip_item", skip_all, fields(user.id = %user.id))]
pub async fn equip_item(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<EquipRequest>,
) -> Result<web::Json<EquipResponse>, Problem> {
    let body = body.into_inner();
    profile::ensure(&state, user.id).await?;
    let settings = state.settings.clone();
    let user_id = user.id;
    let mut conn = state.conn().await?;
    let equipped = conn
        .transaction::<_, InventoryError, _>(async move |conn| {
            let player = lock_or_create_player(conn, user_id, &settings).await?;
            let item = queries::lock_item(conn, user_id, body.item_id)
                .await?
                .ok_or(InventoryError::ItemNotFound)?;
            if item.item_type != body.slot.accepts() {
                return Err(InventoryError::WrongSlot {
                    item_type: item.item_type,
                    slot: body.slot.as_str(),
                });
            }
            if item.level_requirement > player.level {
                return Err(InventoryError::LevelTooLow {
                    level: player.level,
                    required: item.level_requirement,
                });
            }
            queries::equip_item(
                conn,
                &EquippedItem {
                    user_id,
                    set_type: body.set_type.as_str().to_owned(),
                    slot: body.slot.as_str().to_owned(),
                    item_id: item.id,
                },
            )
            .await?;
            Ok(queries::list_equipped(conn, user_id).await?)
        })
        .await?;
    let (equipment_set, stats) = EquipmentSetView::build(body.set_type, &equipped);
    Ok(web::Json(EquipResponse {
        message: "Item equipped successfully".to_owned(),
        equipment_set,
        stats,
    }))
}

/// Empties a slot.
#[utoipa::path(post, path = "/api/inventory/unequip", tag = "inventory",
    request_body = UnequipRequest,
    responses(
        (status = 200, body = EquipResponse),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_body`"),
    ))]
#[post("/api/inventory/unequip")]
#[tracing::instrument(name = "unequip_item", skip_all, fields(user.id = %user.id))]
pub async fn unequip_item(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<UnequipRequest>,
) -> Result<web::Json<EquipResponse>, Problem> {
    let mut conn = state.conn().await?;
    queries::clear_item_slot(
        &mut conn,
        user.id,
        body.set_type.as_str(),
        body.slot.as_str(),
    )
    .await
    .map_err(InventoryError::from)?;
    let equipped = queries::list_equipped(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    let (equipment_set, stats) = EquipmentSetView::build(body.set_type, &equipped);
    Ok(web::Json(EquipResponse {
        message: "Item unequipped successfully".to_owned(),
        equipment_set,
        stats,
    }))
}

/// Gives a new player the catalog's starter items (only with an empty inventory).
#[utoipa::path(post, path = "/api/inventory/starter-items", tag = "inventory",
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses(
        (status = 200, body = StarterResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`player_has_items`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`idempotency_key_reused`: the key was used with another request"),
    ))]
#[post("/api/inventory/starter-items")]
#[tracing::instrument(name = "add_starter_items", skip_all, fields(user.id = %user.id))]
pub async fn add_starter_items(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    super::spend(&state, &req, user.id, "starter_items", Effect::Starter).await
}

/// Drinks one potion: restores stamina, or starts a stamina, attack or defense boost (one
/// of each kind at a time).
#[utoipa::path(post, path = "/api/inventory/use-potion/{item_id}", tag = "inventory",
    params(
        ("item_id" = Uuid, Path, description = "The potion stack"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"),
    ),
    responses(
        (status = 200, body = PotionResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`not_a_potion`, `buff_already_active`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`idempotency_key_reused`: the key was used with another request"),
    ))]
#[post("/api/inventory/use-potion/{item_id}")]
#[tracing::instrument(name = "use_potion", skip_all, fields(user.id = %user.id))]
pub async fn use_potion(
    state: web::Data<AppState>,
    user: AuthUser,
    item_id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let effect = Effect::Potion {
        item_id: item_id.into_inner(),
    };
    super::spend(&state, &req, user.id, "use_potion", effect).await
}

/// Enhances an equipment item one level for gold (`50 * level * (level + 1)`); each stat
/// grows by a tenth (at least 1). Maximum level 20.
#[utoipa::path(post, path = "/api/inventory/{item_id}/enhance", tag = "inventory",
    params(
        ("item_id" = Uuid, Path, description = "Owned equipment item"),
        ("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer"),
    ),
    responses(
        (status = 200, body = EnhanceResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`not_enhanceable`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`insufficient_funds`, `max_level_reached`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`idempotency_key_reused`: the key was used with another request"),
    ))]
#[post("/api/inventory/{item_id}/enhance")]
#[tracing::instrument(name = "enhance_item", skip_all, fields(user.id = %user.id))]
pub async fn enhance_item(
    state: web::Data<AppState>,
    user: AuthUser,
    item_id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let effect = Effect::Enhance {
        item_id: item_id.into_inner(),
    };
    super::spend(&state, &req, user.id, "enhance_item", effect).await
}
