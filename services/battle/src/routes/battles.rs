//! Reading battles: the open lists, one battle, history and logs.

use actix_web::{get, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use common::pagination::Page;

use crate::app::read;
use crate::state::AppState;
use crate::views::{BattleInfo, BattleSummary, HistoryEntry, LogsResponse};

/// Standard battles waiting or running, up to the caller's level, newest first (at most 20).
/// The pool keeper keeps three waiting.
#[utoipa::path(get, path = "/api/battles/available", tag = "battles",
    responses((status = 200, body = Vec<BattleSummary>),
        (status = 401, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/battles/available")]
pub async fn list_available(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<BattleSummary>>, Problem> {
    Ok(web::Json(read::available(&state, user.id, false).await?))
}

/// Boss raids waiting or running (no level filter), newest first.
#[utoipa::path(get, path = "/api/battles/boss-raids/available", tag = "battles",
    responses((status = 200, body = Vec<BattleSummary>),
        (status = 401, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/battles/boss-raids/available")]
pub async fn list_raids(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<BattleSummary>>, Problem> {
    Ok(web::Json(read::available(&state, user.id, true).await?))
}

/// The caller's own participations, newest first (`limit` 1..=100, default 50). They stay
/// after their battle is trimmed.
#[utoipa::path(get, path = "/api/battles/history/me", tag = "battles", params(Page),
    responses((status = 200, body = Vec<HistoryEntry>),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`")))]
#[get("/api/battles/history/me")]
pub async fn my_history(
    state: web::Data<AppState>,
    user: AuthUser,
    q: web::Query<Page>,
) -> Result<web::Json<Vec<HistoryEntry>>, Problem> {
    let (limit, offset) = (q.limit_within(50, 100)?, q.offset_within(100_000)?);
    Ok(web::Json(
        read::history(&state, user.id, limit, offset).await?,
    ))
}

/// One battle: its enemies, participants and boss phase.
#[utoipa::path(get, path = "/api/battles/{id}", tag = "battles", params(("id" = i64, Path)),
    responses((status = 200, body = BattleInfo),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/battles/{id}")]
pub async fn get_battle(
    state: web::Data<AppState>,
    _user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<BattleInfo>, Problem> {
    Ok(web::Json(read::battle(&state, id.into_inner()).await?))
}

/// A page of a battle's log, oldest first (`limit` 1..=500, default 100; `offset`).
#[utoipa::path(get, path = "/api/battles/{id}/logs", tag = "battles", params(("id" = i64, Path), Page),
    responses((status = 200, body = LogsResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/battles/{id}/logs")]
pub async fn get_logs(
    state: web::Data<AppState>,
    _user: AuthUser,
    id: web::Path<i64>,
    q: web::Query<Page>,
) -> Result<web::Json<LogsResponse>, Problem> {
    let (limit, offset) = (q.limit_within(100, 500)?, q.offset_within(100_000)?);
    Ok(web::Json(
        read::logs_page(&state, id.into_inner(), limit, offset).await?,
    ))
}
