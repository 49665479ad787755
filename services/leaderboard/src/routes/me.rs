//! The caller's own place on a board: my rank, and the entries around it.

use actix_web::{get, web};
use common::Problem;
use common::error::ProblemBody;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ScoreResponse;
use crate::app::{board, read};
use crate::domain::Period;
use crate::error::LeaderboardError;
use crate::state::AppState;
use common::auth::AuthUser;

/// Entries on each side of the caller when `radius` is not given.
pub const DEFAULT_RADIUS: i64 = 5;

/// `GET /api/scores/me` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct MeQuery {
    /// The board.
    pub game_mode: String,
    /// `all` (default), `daily`, `weekly` or `monthly`.
    pub period: Option<Period>,
}

/// The caller's rank on a board.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyRankResponse {
    /// The board.
    pub game_mode: String,
    /// The period.
    pub period: Period,
    /// The caller's 1-based rank (of their best entry).
    pub rank: i64,
    /// Entries on the board in this period.
    pub total_entries: i64,
    /// The caller's best entry in this period.
    pub entry: ScoreResponse,
}

/// The caller's rank and best entry on a board in a period (needs an access token).
#[utoipa::path(get, path = "/api/scores/me", tag = "scores", params(MeQuery),
    responses(
        (status = 200, body = MyRankResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "no or invalid access token"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`no_score`: nothing submitted on this board in this period"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "`ranks_rebuilding`: the Redis ranks are being rebuilt and PostgreSQL is busy answering others; retry after `Retry-After`"),
    ))]
#[get("/api/scores/me")]
#[tracing::instrument(name = "get_my_rank", skip_all, fields(user.id = %user.id))]
pub async fn get_my_rank(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<MeQuery>,
) -> Result<web::Json<MyRankResponse>, Problem> {
    let board = board(&state, &query.game_mode)?;
    let period = query.period.unwrap_or_default();
    let around = read::around_user(&state, board, period, user.id, 0).await?;
    Ok(web::Json(MyRankResponse {
        game_mode: board.name.clone(),
        period,
        rank: around.me.rank,
        total_entries: around.total,
        entry: around.me.into(),
    }))
}

/// `GET /api/scores/around-me` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AroundQuery {
    /// The board.
    pub game_mode: String,
    /// `all` (default), `daily`, `weekly` or `monthly`.
    pub period: Option<Period>,
    /// Entries on each side of the caller: 0 to `LEADERBOARD_MAX_RADIUS` (25 by default;
    /// larger values are capped); default 5.
    pub radius: Option<i64>,
}

/// The caller's neighbourhood on a board.
#[derive(Debug, Serialize, ToSchema)]
pub struct AroundMeResponse {
    /// The board.
    pub game_mode: String,
    /// The period.
    pub period: Period,
    /// The caller's 1-based rank.
    pub rank: i64,
    /// Entries on the board in this period.
    pub total_entries: i64,
    /// Entries from `rank - radius` to `rank + radius` that exist, ranked, the caller's among them.
    pub entries: Vec<ScoreResponse>,
}

/// The entries ranked just above and below the caller's best (needs an access token).
#[utoipa::path(get, path = "/api/scores/around-me", tag = "scores", params(AroundQuery),
    responses(
        (status = 200, body = AroundMeResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`: negative radius, unknown game_mode or period"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "no or invalid access token"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`no_score`"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "`ranks_rebuilding`: the Redis ranks are being rebuilt and PostgreSQL is busy answering others; retry after `Retry-After`"),
    ))]
#[get("/api/scores/around-me")]
#[tracing::instrument(name = "get_around_me", skip_all, fields(user.id = %user.id))]
pub async fn get_around_me(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<AroundQuery>,
) -> Result<web::Json<AroundMeResponse>, Problem> {
    let board = board(&state, &query.game_mode)?;
    let period = query.period.unwrap_or_default();
    let radius = query.radius.unwrap_or(DEFAULT_RADIUS);
    if radius < 0 {
        return Err(LeaderboardError::query("radius", "must not be negative").into());
    }
    let radius = usize::try_from(radius)
        .unwrap_or(usize::MAX)
        .min(state.settings.max_radius);
    let around = read::around_user(&state, board, period, user.id, radius).await?;
    Ok(web::Json(AroundMeResponse {
        game_mode: board.name.clone(),
        period,
        rank: around.me.rank,
        total_entries: around.total,
        entries: around.entries.into_iter().map(Into::into).collect(),
    }))
}
