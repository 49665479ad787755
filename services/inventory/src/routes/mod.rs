//! HTTP endpoints of the inventory service and the helpers they share.

use actix_web::{HttpRequest, HttpResponse, web};
use common::{IdempotencyKey, Problem};
use contracts::inventory::TransactionRequest;
use serde_json::Value;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::app::economy::{Caller, Effect};
use crate::app::profile;
use crate::state::AppState;

pub mod admin;
pub mod cafe;
pub mod internal;
pub mod inventory;
pub mod pets;
pub mod player;
pub mod saves;
pub mod shop;
pub mod wallet;
pub mod wallet_admin;

/// Set on an answer replayed from an earlier request with the same key.
pub const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";

/// Registers every inventory endpoint with its state. Literal paths come before the
/// parameterised ones they overlap (`/api/inventory/stats/...` before `/api/inventory/{id}`).
pub fn configure(cfg: &mut ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .service(player::get_me)
        .service(player::allocate_stats)
        .service(player::regenerate_stamina)
        .service(player::get_progression)
        .service(player::get_progression_table)
        .service(inventory::list_inventory)
        .service(inventory::get_set_stats)
        .service(inventory::equip_item)
        .service(inventory::unequip_item)
        .service(inventory::add_starter_items)
        .service(inventory::use_potion)
        .service(inventory::enhance_item)
        .service(inventory::get_item)
        .service(pets::list_pets)
        .service(pets::hatch_pet)
        .service(pets::feed_pet)
        .service(pets::equip_pet)
        .service(pets::unequip_pet)
        .service(pets::get_pet_stats)
        .service(shop::list_shop_items)
        .service(shop::purchase_item)
        .service(shop::get_shop_history)
        .service(cafe::list_furniture)
        .service(cafe::buy_furniture)
        .service(admin::list_catalog)
        .service(admin::create_catalog_entry)
        .service(admin::replace_catalog_entry)
        .service(admin::retire_catalog_entry)
        .service(wallet::get_wallet)
        .service(wallet::list_ledger)
        .service(wallet_admin::admin_grant)
        .service(internal::list_gacha_catalog)
        .service(saves::save_game)
        .service(saves::load_game)
        .service(saves::delete_game)
        .service(internal::post_transaction)
        .service(internal::get_combat_stats)
        .service(internal::grant_xp);
}

/// The request's `Idempotency-Key`, if it sent one; 400 when it is malformed (the one rule
/// every service applies, `common::idempotency`).
pub(crate) fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, Problem> {
    Ok(IdempotencyKey::from_headers(req)?.map(IdempotencyKey::into_inner))
}

/// Runs a player's spending operation through the economy core and answers with its
/// outcome. With an `Idempotency-Key` a repeat returns the first answer (and the
/// `Idempotent-Replayed: true` header); without one every request is new.
pub(crate) async fn spend(
    state: &AppState,
    req: &HttpRequest,
    user_id: Uuid,
    reason: &str,
    effect: Effect,
) -> Result<HttpResponse, Problem> {
    let key = idempotency_key(req)?.unwrap_or_else(|| format!("auto-{}", Uuid::new_v4()));
    profile::ensure(state, user_id).await?;
    let request = TransactionRequest {
        idempotency_key: key,
        user_id,
        reason: reason.to_owned(),
        debits: Vec::new(),
        credits: Vec::new(),
        grants: Vec::new(),
        consumes: Vec::new(),
        xp: None,
    };
    let answer = state
        .economy
        .execute(Caller::player(user_id), request, effect)
        .await?;
    let mut res = HttpResponse::Ok();
    if answer.replayed {
        res.insert_header((IDEMPOTENT_REPLAYED, "true"));
    }
    Ok(res.json(answer.outcome.unwrap_or(Value::Null)))
}

/// A `{ "message": ... }` answer.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct MessageResponse {
    /// What happened.
    pub message: String,
}
