//! `GET /api/gacha/history`: the caller's own pulls.

use actix_web::{get, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::history::{self, HistoryPage};
use crate::domain::BannerType;
use crate::error::GachaError;
use crate::state::AppState;

/// `?banner_type=&limit=&cursor=`
#[derive(Debug, Deserialize, IntoParams)]
pub struct HistoryQuery {
    /// `character_event`, `weapon_event` or `standard` (default: all).
    pub banner_type: Option<String>,
    /// Pulls per page, 1-100 (default 20).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The caller's completed pulls, newest first (kept at least 90 days). Only the caller's:
/// there is no way to ask for another player's.
#[utoipa::path(get, path = "/api/gacha/history", tag = "gacha",
    params(HistoryQuery),
    responses(
        (status = 200, body = HistoryPage),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/api/gacha/history")]
#[tracing::instrument(name = "get_history", skip_all, fields(user.id = %user.id))]
pub async fn get_history(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<HistoryQuery>,
) -> Result<web::Json<HistoryPage>, Problem> {
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(GachaError::InvalidQuery("limit must be 1-100".to_owned()).into());
    }
    let banner_type = match query.banner_type.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(raw) => Some(raw.parse::<BannerType>().map_err(|()| {
            GachaError::InvalidQuery(
                "banner_type must be character_event, weapon_event or standard".to_owned(),
            )
        })?),
    };
    let cursor =
        match query.cursor.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(raw) => Some(raw.parse().map_err(|_| {
                GachaError::InvalidQuery("cursor is not one this API gave".to_owned())
            })?),
        };
    Ok(web::Json(
        history::list(&state, user.id, banner_type, limit, cursor).await?,
    ))
}
