//! `/api/pets/*`: eggs and pets, hatching, feeding with food items, and the two pet sets.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::economy::{Effect, lock_or_create_player};
use crate::app::profile;
use crate::app::views::{FeedResponse, PetSetView, PetView, Stats};
use crate::db::models::EquippedPet;
use crate::db::queries;
use crate::domain::items::SetType;
use crate::domain::pets::{Focus, roll_species};
use crate::error::InventoryError;
use crate::state::AppState;

/// `GET /api/pets/` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct PetsResponse {
    /// Pets and eggs, newest first.
    pub pets: Vec<PetView>,
    /// The attack pet set.
    pub attack_set: PetSetView,
    /// The defense pet set.
    pub defense_set: PetSetView,
}

/// The caller's pets, eggs and pet sets.
#[utoipa::path(get, path = "/api/pets/", tag = "pets",
    responses(
        (status = 200, body = PetsResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/api/pets/")]
#[tracing::instrument(name = "list_pets", skip_all, fields(user.id = %user.id))]
pub async fn list_pets(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<PetsResponse>, Problem> {
    let mut conn = state.conn().await?;
    let pets = queries::list_pets(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    let equipped = queries::list_equipped_pets(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    Ok(web::Json(PetsResponse {
        pets: pets.iter().map(PetView::from).collect(),
        attack_set: PetSetView::build(SetType::Attack, &equipped).0,
        defense_set: PetSetView::build(SetType::Defense, &equipped).0,
    }))
}

/// `POST /api/pets/hatch` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct HatchRequest {
    /// The egg.
    pub pet_id: Uuid,
    /// The pet's name, 1-20 characters (trimmed).
    pub name: String,
}

/// Hatch and feed answers share this shape's `message` + `pet`.
#[derive(Debug, Serialize, ToSchema)]
pub struct HatchResponse {
    /// `Congratulations! Your {species} has hatched!`
    pub message: String,
    /// The pet.
    pub pet: PetView,
}

/// Hatches an egg: its species (rolled now for mystery eggs) and focus set its bonuses.
#[utoipa::path(post, path = "/api/pets/hatch", tag = "pets",
    request_body = HatchRequest,
    responses(
        (status = 200, body = HatchResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`pet_already_hatched`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`pet_not_found`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "bad name"),
    ))]
#[post("/api/pets/hatch")]
#[tracing::instrument(name = "hatch_pet", skip_all, fields(user.id = %user.id))]
pub async fn hatch_pet(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<HatchRequest>,
) -> Result<web::Json<HatchResponse>, Problem> {
    let body = body.into_inner();
    let name = body.name.trim().to_owned();
    let len = name.chars().count();
    if !(1..=20).contains(&len) || name.chars().any(char::is_control) {
        return Err(InventoryError::field("name", "must be 1-20 characters").into());
    }
    let user_id = user.id;
    let mut conn = state.conn().await?;
    let pet = conn
        .transaction::<_, InventoryError, _>(async move |conn| {
            {
                let mut pet = queries::lock_pet(conn, user_id, body.pet_id)
                    .await?
                    .ok_or(InventoryError::PetNotFound)?;
                if !pet.is_egg {
                    return Err(InventoryError::PetAlreadyHatched);
                }
                // Mystery eggs decide their species when they hatch, never a 500 as the seed did.
                let species = pet
                    .species
                    .clone()
                    .unwrap_or_else(|| roll_species(&mut rand::thread_rng()).to_owned());
                let focus = Focus::parse(pet.focus.as_deref());
                let (attack, defense, hp) = focus.hatch_stats();
                pet.species = Some(species);
                pet.focus = Some(focus.as_str().to_owned());
                pet.name = Some(name);
                pet.is_egg = false;
                pet.attack_bonus = attack;
                pet.defense_bonus = defense;
                pet.hp_bonus = hp;
                pet.hatched_at = Some(Utc::now());
                queries::save_pet(conn, &pet).await?;
                Ok(pet)
            }
        })
        .await?;
    Ok(web::Json(HatchResponse {
        message: format!(
            "Congratulations! Your {} has hatched!",
            pet.species.as_deref().unwrap_or("pet")
        ),
        pet: PetView::from(&pet),
    }))
}

/// `POST /api/pets/feed` body: the seed's shape plus the food item to eat.
#[derive(Debug, Deserialize, ToSchema)]
pub struct FeedRequest {
    /// The pet.
    pub pet_id: Uuid,
    /// The food item to feed (its XP is what the pet gets). Without it the player's least
    /// nourishing food is used.
    #[serde(default, alias = "item_id")]
    pub food_item_id: Option<Uuid>,
    /// Accepted for seed clients and ignored: XP comes from the food, never from the client.
    #[serde(default)]
    pub xp_amount: Option<serde_json::Value>,
}

/// Feeds one food item to a hatched pet.
#[utoipa::path(post, path = "/api/pets/feed", tag = "pets",
    request_body = FeedRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses(
        (status = 200, body = FeedResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`pet_is_egg`, `not_food`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`pet_not_found`, `item_not_found`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_body`, or `idempotency_key_reused`: the key was used with another request"),
    ))]
#[post("/api/pets/feed")]
#[tracing::instrument(name = "feed_pet", skip_all, fields(user.id = %user.id))]
pub async fn feed_pet(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<FeedRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let effect = Effect::FeedPet {
        pet_id: body.pet_id,
        food_item_id: body.food_item_id,
    };
    super::spend(&state, &req, user.id, "feed_pet", effect).await
}

/// `POST /api/pets/equip` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PetEquipRequest {
    /// The pet (hatched).
    pub pet_id: Uuid,
    /// Which set.
    pub set_type: SetType,
    /// Slot 1-3.
    pub slot: i32,
}

/// `POST /api/pets/unequip` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PetUnequipRequest {
    /// Which set.
    pub set_type: SetType,
    /// Slot 1-3.
    pub slot: i32,
}

/// Pet equip and unequip answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct PetEquipResponse {
    /// What happened.
    pub message: String,
    /// The set after.
    pub pet_set: PetSetView,
    /// The set's bonuses after.
    pub stats: Stats,
}

fn check_slot(slot: i32) -> Result<(), InventoryError> {
    if (1..=3).contains(&slot) {
        Ok(())
    } else {
        Err(InventoryError::field("slot", "must be 1, 2 or 3"))
    }
}

/// Puts a hatched pet in a slot (out of any slot it was in first).
#[utoipa::path(post, path = "/api/pets/equip", tag = "pets",
    request_body = PetEquipRequest,
    responses(
        (status = 200, body = PetEquipResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`pet_is_egg`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`pet_not_found`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "bad slot"),
    ))]
#[post("/api/pets/equip")]
#[tracing::instrument(name = "equip_pet", skip_all, fields(user.id = %user.id))]
pub async fn equip_pet(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<PetEquipRequest>,
) -> Result<web::Json<PetEquipResponse>, Problem> {
    let body = body.into_inner();
    check_slot(body.slot)?;
    profile::ensure(&state, user.id).await?;
    let settings = state.settings.clone();
    let user_id = user.id;
    let mut conn = state.conn().await?;
    let equipped = conn
        .transaction::<_, InventoryError, _>(async move |conn| {
            lock_or_create_player(conn, user_id, &settings).await?;
            let pet = queries::lock_pet(conn, user_id, body.pet_id)
                .await?
                .ok_or(InventoryError::PetNotFound)?;
            if pet.is_egg {
                return Err(InventoryError::PetIsEgg);
            }
            queries::equip_pet(
                conn,
                &EquippedPet {
                    user_id,
                    set_type: body.set_type.as_str().to_owned(),
                    slot: body.slot,
                    pet_id: pet.id,
                },
            )
            .await?;
            Ok(queries::list_equipped_pets(conn, user_id).await?)
        })
        .await?;
    let (pet_set, stats) = PetSetView::build(body.set_type, &equipped);
    Ok(web::Json(PetEquipResponse {
        message: "Pet equipped successfully".to_owned(),
        pet_set,
        stats,
    }))
}

/// Empties a pet slot.
#[utoipa::path(post, path = "/api/pets/unequip", tag = "pets",
    request_body = PetUnequipRequest,
    responses(
        (status = 200, body = PetEquipResponse),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "bad slot"),
    ))]
#[post("/api/pets/unequip")]
#[tracing::instrument(name = "unequip_pet", skip_all, fields(user.id = %user.id))]
pub async fn unequip_pet(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<PetUnequipRequest>,
) -> Result<web::Json<PetEquipResponse>, Problem> {
    check_slot(body.slot)?;
    let mut conn = state.conn().await?;
    queries::clear_pet_slot(&mut conn, user.id, body.set_type.as_str(), body.slot)
        .await
        .map_err(InventoryError::from)?;
    let equipped = queries::list_equipped_pets(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    let (pet_set, stats) = PetSetView::build(body.set_type, &equipped);
    Ok(web::Json(PetEquipResponse {
        message: "Pet unequipped successfully".to_owned(),
        pet_set,
        stats,
    }))
}

/// Sum of the bonuses of the hatched pets in a set.
#[utoipa::path(get, path = "/api/pets/stats/{set_type}", tag = "pets",
    params(("set_type" = SetType, Path, description = "attack or defense")),
    responses(
        (status = 200, body = Stats),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_path_parameter`"),
    ))]
#[get("/api/pets/stats/{set_type}")]
#[tracing::instrument(name = "get_pet_stats", skip_all, fields(user.id = %user.id))]
pub async fn get_pet_stats(
    state: web::Data<AppState>,
    user: AuthUser,
    set_type: web::Path<SetType>,
) -> Result<web::Json<Stats>, Problem> {
    let mut conn = state.conn().await?;
    let equipped = queries::list_equipped_pets(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    Ok(web::Json(PetSetView::build(*set_type, &equipped).1))
}
