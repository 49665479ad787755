//! Reading, listing and deleting assets.

use actix_web::{delete, get, web};
use chrono::Utc;
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::viewer;
use crate::app::reads;
use crate::db::queries::ListFilter;
use crate::error::AssetError;
use crate::state::AppState;
use crate::views::{AssetResponse, DeleteResponse, ListResponse, VersionsResponse};

/// Default page size (the seed's).
pub const DEFAULT_LIMIT: i64 = 100;

/// `GET /api/assets` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only this kind.
    pub asset_type: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this owner's assets (`me` for the caller's).
    pub owner: Option<String>,
    /// Page size: 1 to `ASSET_MAX_LIST_LIMIT` (1000); default 100.
    pub limit: Option<i64>,
    /// The previous answer's `next_cursor`.
    pub cursor: Option<Uuid>,
    /// Assets to skip (after `cursor`, if given); 0 to 100,000.
    pub offset: Option<i64>,
}

/// Lists assets newest first: public ones, plus the caller's private ones (admins see all).
/// Only assets with a completed version are listed. No token is needed (the seed had none).
#[utoipa::path(get, path = "/api/assets", tag = "assets", params(ListQuery),
    responses(
        (status = 200, body = ListResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`: limit or offset out of range, bad cursor or owner"),
    ))]
#[get("/api/assets")]
pub async fn list_assets(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    query: web::Query<ListQuery>,
) -> Result<web::Json<ListResponse>, Problem> {
    let q = query.into_inner();
    let max = state.settings.max_list_limit;
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT.min(max));
    if !(1..=max).contains(&limit) {
        return Err(AssetError::query("limit", format!("1 to {max}")).into());
    }
    let offset = q.offset.unwrap_or(0);
    if !(0..=100_000).contains(&offset) {
        return Err(AssetError::query("offset", "0 to 100000").into());
    }
    let owner_id = match q.owner.as_deref() {
        None => None,
        Some("me") => Some(
            user.as_ref()
                .map(|u| u.id)
                .ok_or_else(|| AssetError::query("owner", "`me` needs an access token"))?,
        ),
        Some(id) => {
            Some(Uuid::parse_str(id).map_err(|_| AssetError::query("owner", "`me` or a user id"))?)
        }
    };
    let filter = ListFilter {
        asset_type: q.asset_type.map(|s| s.to_ascii_lowercase()),
        category: q.category.map(|s| s.to_ascii_lowercase()),
        owner_id,
        before: q.cursor,
        offset,
        limit,
    };
    Ok(web::Json(
        reads::list_assets(&state, viewer(user.as_ref()), filter, Utc::now()).await?,
    ))
}

/// One asset with its current version's URLs: the seed's `asset_id`, `asset_type`, `url`,
/// `cdn_url`, `thumbnail_url`, plus ours. Public assets need no token; private ones are
/// visible to their owner and admins only (404 to anyone else).
#[utoipa::path(get, path = "/api/assets/{asset_id}", tag = "assets", params(("asset_id" = Uuid, Path)),
    responses(
        (status = 200, body = AssetResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_path_parameter`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`asset_not_found`"),
    ))]
#[get("/api/assets/{asset_id}")]
pub async fn get_asset(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    path: web::Path<Uuid>,
) -> Result<web::Json<AssetResponse>, Problem> {
    Ok(web::Json(
        reads::get_asset(&state, viewer(user.as_ref()), path.into_inner(), Utc::now()).await?,
    ))
}

/// The versions of an asset, oldest first, with `is_current` on the served one. Pending
/// versions are listed to the owner and admins only.
#[utoipa::path(get, path = "/api/assets/{asset_id}/versions", tag = "assets", params(("asset_id" = Uuid, Path)),
    responses(
        (status = 200, body = VersionsResponse),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`asset_not_found`"),
    ))]
#[get("/api/assets/{asset_id}/versions")]
pub async fn list_versions(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    path: web::Path<Uuid>,
) -> Result<web::Json<VersionsResponse>, Problem> {
    Ok(web::Json(
        reads::list_versions(&state, viewer(user.as_ref()), path.into_inner(), Utc::now()).await?,
    ))
}

/// Soft-deletes an asset (owner or admin): it disappears at once and its bytes are purged after
/// `ASSET_PURGE_GRACE_SECS`. Answers the seed's `{asset_id, deleted, message}`.
#[utoipa::path(delete, path = "/api/assets/{asset_id}", tag = "assets", params(("asset_id" = Uuid, Path)),
    responses(
        (status = 200, body = DeleteResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "no or invalid access token"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`not_your_asset`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`asset_not_found` (also when already deleted)"),
    ))]
#[delete("/api/assets/{asset_id}")]
pub async fn delete_asset(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> Result<web::Json<DeleteResponse>, Problem> {
    Ok(web::Json(
        reads::delete_asset(&state, (&user).into(), path.into_inner(), Utc::now()).await?,
    ))
}
