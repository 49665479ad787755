//! `/api/player/*`: the profile, stat allocation, stamina and progression (web-game seed).

use actix_web::{get, post, web};
use chrono::Utc;
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::economy::{lock_or_create_player, refresh_player};
use crate::app::profile;
use crate::app::views::PlayerResponse;
use crate::db::queries;
use crate::domain::progression::{
    MAX_LEVEL, is_milestone, level_progress, stat_points_for_level, total_xp_for_level,
    xp_for_level,
};
use crate::error::InventoryError;
use crate::state::AppState;

/// The caller's profile; stamina is regenerated and expired buffs end on the way.
#[utoipa::path(get, path = "/api/player/me", tag = "player",
    responses(
        (status = 200, body = PlayerResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/api/player/me")]
#[tracing::instrument(name = "get_me", skip_all, fields(user.id = %user.id))]
pub async fn get_me(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<PlayerResponse>, Problem> {
    let (player, buffs) = profile::current(&state, user.id).await?;
    Ok(web::Json(PlayerResponse::new(&player, &buffs)))
}

/// `POST /api/player/allocate-stats` body: points to spend on each stat.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AllocateStatsRequest {
    /// Points into base attack (+1 each).
    #[serde(default)]
    pub attack: i64,
    /// Points into base defense (+1 each).
    #[serde(default)]
    pub defense: i64,
    /// Points into the stamina cap (+1 each; refills stamina).
    #[serde(default)]
    pub max_stamina: i64,
}

/// `POST /api/player/allocate-stats` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct AllocateStatsResponse {
    /// `Stats allocated successfully`.
    pub message: String,
    /// The profile after.
    pub player: PlayerResponse,
}

/// Spends unspent stat points; raising the stamina cap refills stamina.
#[utoipa::path(post, path = "/api/player/allocate-stats", tag = "player",
    request_body = AllocateStatsRequest,
    responses(
        (status = 200, body = AllocateStatsResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`not_enough_stat_points`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "negative points"),
    ))]
#[post("/api/player/allocate-stats")]
#[tracing::instrument(name = "allocate_stats", skip_all, fields(user.id = %user.id))]
pub async fn allocate_stats(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<AllocateStatsRequest>,
) -> Result<web::Json<AllocateStatsResponse>, Problem> {
    let body = body.into_inner();
    let mut errors = Vec::new();
    for (field, value) in [
        ("attack", body.attack),
        ("defense", body.defense),
        ("max_stamina", body.max_stamina),
    ] {
        if !(0..=10_000).contains(&value) {
            errors.push(common::error::FieldError {
                field: field.to_owned(),
                message: "must be 0-10000".to_owned(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(InventoryError::Validation(errors).into());
    }
    profile::ensure(&state, user.id).await?;
    let settings = state.settings.clone();
    let user_id = user.id;
    let mut conn = state.conn().await?;
    let (player, buffs) = conn
        .transaction::<_, InventoryError, _>(async move |conn| {
            {
                let mut player = lock_or_create_player(conn, user_id, &settings).await?;
                let now = Utc::now();
                refresh_player(conn, &mut player, now, settings.stamina_regen_secs).await?;
                let requested = body.attack + body.defense + body.max_stamina;
                if requested > i64::from(player.unspent_stat_points) {
                    return Err(InventoryError::NotEnoughStatPoints {
                        available: player.unspent_stat_points,
                        requested,
                    });
                }
                // Each value is at most 10,000 and the sum within the unspent points (an i32).
                let as_i32 = |v: i64| i32::try_from(v).unwrap_or(0);
                player.unspent_stat_points -= as_i32(requested);
                player.base_attack += as_i32(body.attack);
                player.base_defense += as_i32(body.defense);
                player.stamina_max += as_i32(body.max_stamina);
                if body.max_stamina > 0 {
                    player.stamina = player.stamina_max;
                }
                player.updated_at = now;
                queries::save_player(conn, &player).await?;
                let buffs = queries::list_buffs(conn, user_id).await?;
                Ok((player, buffs))
            }
        })
        .await?;
    Ok(web::Json(AllocateStatsResponse {
        message: "Stats allocated successfully".to_owned(),
        player: PlayerResponse::new(&player, &buffs),
    }))
}

/// `POST /api/player/regenerate-stamina` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaminaResponse {
    /// Stamina now.
    pub stamina: i32,
    /// The cap.
    pub stamina_max: i32,
}

/// Applies stamina regeneration up to now (10% of the cap per full interval).
#[utoipa::path(post, path = "/api/player/regenerate-stamina", tag = "player",
    responses(
        (status = 200, body = StaminaResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[post("/api/player/regenerate-stamina")]
#[tracing::instrument(name = "regenerate_stamina", skip_all, fields(user.id = %user.id))]
pub async fn regenerate_stamina(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<StaminaResponse>, Problem> {
    let (player, _) = profile::current(&state, user.id).await?;
    Ok(web::Json(StaminaResponse {
        stamina: player.stamina,
        stamina_max: player.stamina_max,
    }))
}

/// What the next level brings.
#[derive(Debug, Serialize, ToSchema)]
pub struct NextLevelRewards {
    /// Stat points for reaching it.
    pub stat_points: i32,
    /// Whether it is a milestone (every tenth level).
    pub is_milestone: bool,
}

/// `GET /api/player/progression` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressionResponse {
    /// Level.
    pub current_level: i32,
    /// Lifetime XP.
    pub total_xp: i64,
    /// XP into the current level.
    pub xp_in_current_level: i64,
    /// XP the next level needs in total.
    pub xp_for_next_level: i64,
    /// XP still missing for the next level.
    pub xp_to_next_level: i64,
    /// Progress through the level, 0-100 with two decimals.
    pub progress_percent: f64,
    /// Whether the player is at the highest level.
    pub max_level_reached: bool,
    /// Unspent stat points.
    pub unspent_stat_points: i32,
    /// What the next level brings.
    pub next_level_rewards: NextLevelRewards,
}

/// The caller's progress through their level.
#[utoipa::path(get, path = "/api/player/progression", tag = "player",
    responses(
        (status = 200, body = ProgressionResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/api/player/progression")]
#[tracing::instrument(name = "get_progression", skip_all, fields(user.id = %user.id))]
pub async fn get_progression(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<ProgressionResponse>, Problem> {
    let (player, _) = profile::current(&state, user.id).await?;
    let (into, needed) = level_progress(player.level, player.total_xp);
    let max = player.level >= MAX_LEVEL;
    let percent = if needed > 0 {
        ((into as f64 / needed as f64) * 10_000.0).round() / 100.0
    } else {
        100.0
    };
    let next = (player.level + 1).min(MAX_LEVEL);
    Ok(web::Json(ProgressionResponse {
        current_level: player.level,
        total_xp: player.total_xp,
        xp_in_current_level: into,
        xp_for_next_level: needed,
        xp_to_next_level: (needed - into).max(0),
        progress_percent: percent,
        max_level_reached: max,
        unspent_stat_points: player.unspent_stat_points,
        next_level_rewards: NextLevelRewards {
            stat_points: if max { 0 } else { stat_points_for_level(next) },
            is_milestone: !max && is_milestone(next),
        },
    }))
}

/// `?max_level=` of the progression table.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TableQuery {
    /// Last level listed (clamped to 1-100; default 20).
    pub max_level: Option<i64>,
}

/// One level of the progression table.
#[derive(Debug, Serialize, ToSchema)]
pub struct LevelRow {
    /// Level.
    pub level: i32,
    /// XP from the previous level.
    pub xp_required: i64,
    /// Lifetime XP to reach it.
    pub total_xp: i64,
    /// Stat points for reaching it.
    pub stat_points_reward: i32,
}

/// The XP curve: each level's XP and stat points.
#[utoipa::path(get, path = "/api/player/progression/table", tag = "player",
    params(TableQuery),
    responses(
        (status = 200, body = [LevelRow]),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`"),
    ))]
#[get("/api/player/progression/table")]
pub async fn get_progression_table(query: web::Query<TableQuery>) -> web::Json<Vec<LevelRow>> {
    let max = query.max_level.unwrap_or(20).clamp(1, i64::from(MAX_LEVEL)) as i32;
    web::Json(
        (1..=max)
            .map(|level| LevelRow {
                level,
                xp_required: xp_for_level(level),
                total_xp: total_xp_for_level(level),
                stat_points_reward: if level == 1 {
                    0
                } else {
                    stat_points_for_level(level)
                },
            })
            .collect(),
    )
}
