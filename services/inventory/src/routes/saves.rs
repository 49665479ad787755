//! JumpJumpJump save games, owned by the caller: one per (caller, player name). Another
//! user's save of the same name is a different save, invisible here. The caller is an account
//! (access token) or a deployment key's namespace (the gateway's assertion for `X-API-Key`,
//! see `common::auth::key_identity`); key saves live in their own table and the two never see
//! each other's.

use actix_web::{delete, get, post, web};
use chrono::{DateTime, Utc};
use common::Problem;
use common::auth::key_identity::SeedCaller;
use common::error::{FieldError, ProblemBody};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::MessageResponse;
use crate::db::models::{KeySaveGame, SaveGame};
use crate::db::queries;
use crate::error::InventoryError;
use crate::state::AppState;

/// `POST /api/save_game` body (the seed's seven fields).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SaveGameRequest {
    /// The in-game name, 1-50 characters.
    pub player_name: String,
    /// Level reached, 0-100000.
    pub level: i64,
    /// Score, 0-10^12.
    pub score: i64,
    /// Lives, 0-1000.
    pub lives: i64,
    /// Health, 0-100000.
    pub health: i64,
    /// Coins, 0-10^12.
    pub coins: i64,
    /// Weapon, 1-50 characters.
    pub weapon: String,
}

/// A stored save.
#[derive(Debug, Serialize, ToSchema)]
pub struct SaveGameResponse {
    /// The in-game name.
    pub player_name: String,
    /// Level.
    pub level: i32,
    /// Score.
    pub score: i64,
    /// Lives.
    pub lives: i32,
    /// Health.
    pub health: i32,
    /// Coins.
    pub coins: i64,
    /// Weapon.
    pub weapon: String,
    /// When saved.
    pub timestamp: DateTime<Utc>,
}

/// Who a span is for: the account's id or the key's namespace (never the key).
fn caller_label(caller: &SeedCaller) -> String {
    match caller {
        SeedCaller::Account(user) => user.id.to_string(),
        SeedCaller::Key(ns) => ns.to_string(),
    }
}

impl From<SaveGame> for SaveGameResponse {
    fn from(save: SaveGame) -> Self {
        SaveGameResponse {
            player_name: save.player_name,
            level: save.level,
            score: save.score,
            lives: save.lives,
            health: save.health,
            coins: save.coins,
            weapon: save.weapon,
            timestamp: save.saved_at,
        }
    }
}

impl From<KeySaveGame> for SaveGameResponse {
    fn from(save: KeySaveGame) -> Self {
        SaveGameResponse {
            player_name: save.player_name,
            level: save.level,
            score: save.score,
            lives: save.lives,
            health: save.health,
            coins: save.coins,
            weapon: save.weapon,
            timestamp: save.saved_at,
        }
    }
}

fn name_ok(name: &str) -> bool {
    let len = name.chars().count();
    (1..=50).contains(&len) && !name.chars().any(char::is_control)
}

/// Saves (or overwrites) the caller's game under `player_name`.
#[utoipa::path(post, path = "/api/save_game", tag = "saves",
    request_body = SaveGameRequest,
    responses(
        (status = 200, body = MessageResponse),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "out-of-range fields"),
    ))]
#[post("/api/save_game")]
#[tracing::instrument(name = "save_game", skip_all, fields(caller = %caller_label(&caller)))]
pub async fn save_game(
    state: web::Data<AppState>,
    caller: SeedCaller,
    body: web::Json<SaveGameRequest>,
) -> Result<web::Json<MessageResponse>, Problem> {
    let b = body.into_inner();
    let mut errors = Vec::new();
    let mut check = |ok: bool, field: &str, message: &str| {
        if !ok {
            errors.push(FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            });
        }
    };
    check(
        name_ok(&b.player_name),
        "player_name",
        "must be 1-50 characters",
    );
    check(name_ok(&b.weapon), "weapon", "must be 1-50 characters");
    check(
        (0..=100_000).contains(&b.level),
        "level",
        "must be 0-100000",
    );
    check(
        (0..=1_000_000_000_000).contains(&b.score),
        "score",
        "must be 0-10^12",
    );
    check((0..=1000).contains(&b.lives), "lives", "must be 0-1000");
    check(
        (0..=100_000).contains(&b.health),
        "health",
        "must be 0-100000",
    );
    check(
        (0..=1_000_000_000_000).contains(&b.coins),
        "coins",
        "must be 0-10^12",
    );
    if !errors.is_empty() {
        return Err(InventoryError::Validation(errors).into());
    }
    let as_i32 = |v: i64| i32::try_from(v).unwrap_or(i32::MAX);
    let mut conn = state.conn().await?;
    match caller {
        SeedCaller::Account(user) => {
            let save = SaveGame {
                user_id: user.id,
                player_name: b.player_name,
                level: as_i32(b.level),
                score: b.score,
                lives: as_i32(b.lives),
                health: as_i32(b.health),
                coins: b.coins,
                weapon: b.weapon,
                saved_at: Utc::now(),
            };
            queries::upsert_save(&mut conn, &save).await
        }
        SeedCaller::Key(ns) => {
            let save = KeySaveGame {
                namespace: ns.as_str().to_owned(),
                player_name: b.player_name,
                level: as_i32(b.level),
                score: b.score,
                lives: as_i32(b.lives),
                health: as_i32(b.health),
                coins: b.coins,
                weapon: b.weapon,
                saved_at: Utc::now(),
            };
            queries::upsert_key_save(&mut conn, &save).await
        }
    }
    .map_err(InventoryError::from)?;
    Ok(web::Json(MessageResponse {
        message: "Game saved successfully".to_owned(),
    }))
}

/// The caller's save under `player_name`. An account without one of that name gets 404; a
/// deployment key gets JSON `null`, as the seed answered its client.
#[utoipa::path(get, path = "/api/load_game/{player_name}", tag = "saves",
    params(("player_name" = String, Path, description = "The in-game name")),
    responses(
        (status = 200, body = Option<SaveGameResponse>, description = "the save; `null` for a deployment key without one"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`save_not_found` (accounts)"),
    ))]
#[get("/api/load_game/{player_name}")]
#[tracing::instrument(name = "load_game", skip_all, fields(caller = %caller_label(&caller)))]
pub async fn load_game(
    state: web::Data<AppState>,
    caller: SeedCaller,
    player_name: web::Path<String>,
) -> Result<web::Json<Option<SaveGameResponse>>, Problem> {
    let mut conn = state.conn().await?;
    let save = match caller {
        SeedCaller::Account(user) => Some(
            queries::find_save(&mut conn, user.id, &player_name)
                .await
                .map_err(InventoryError::from)?
                .map(SaveGameResponse::from)
                .ok_or(InventoryError::SaveNotFound)?,
        ),
        SeedCaller::Key(ns) => queries::find_key_save(&mut conn, ns.as_str(), &player_name)
            .await
            .map_err(InventoryError::from)?
            .map(SaveGameResponse::from),
    };
    Ok(web::Json(save))
}

/// Deletes the caller's save under `player_name`. An account without one gets 404; for a
/// deployment key a missing save is not an error, as in the seed.
#[utoipa::path(delete, path = "/api/save_game/{player_name}", tag = "saves",
    params(("player_name" = String, Path, description = "The in-game name")),
    responses(
        (status = 200, body = MessageResponse),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`save_not_found` (accounts)"),
    ))]
#[delete("/api/save_game/{player_name}")]
#[tracing::instrument(name = "delete_game", skip_all, fields(caller = %caller_label(&caller)))]
pub async fn delete_game(
    state: web::Data<AppState>,
    caller: SeedCaller,
    player_name: web::Path<String>,
) -> Result<web::Json<MessageResponse>, Problem> {
    let mut conn = state.conn().await?;
    let (deleted, missing_is_error) = match &caller {
        SeedCaller::Account(user) => (
            queries::delete_save(&mut conn, user.id, &player_name).await,
            true,
        ),
        SeedCaller::Key(ns) => (
            queries::delete_key_save(&mut conn, ns.as_str(), &player_name).await,
            false,
        ),
    };
    if !deleted.map_err(InventoryError::from)? && missing_is_error {
        return Err(InventoryError::SaveNotFound.into());
    }
    Ok(web::Json(MessageResponse {
        message: "Save game deleted successfully".to_owned(),
    }))
}
