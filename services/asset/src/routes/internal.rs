//! `/internal/assets`: other services store bytes and get their URLs (service token only).

use actix_web::http::header;
use actix_web::{HttpRequest, get, post, web};
use chrono::Utc;
use common::Problem;
use common::auth::InternalCaller;
use common::error::ProblemBody;
use contracts::asset::{AssetKeyQuery, StoreAssetQuery, StoredAsset};

use crate::app::internal;
use crate::state::AppState;

/// Stores the body as a new, complete asset owned by `owner_id`: its `Content-Type` (or
/// `<asset_type>/*` without one) must match the bytes' magic and be allowed, and it is cut off at
/// `ASSET_MAX_SIZE_BYTES`. For the ai service's generated images and battle's boss gallery.
#[utoipa::path(post, path = "/internal/assets", tag = "internal", params(StoreAssetQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the bytes"),
    responses(
        (status = 200, body = StoredAsset),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "no or invalid service token"),
        (status = 413, body = ProblemBody, content_type = "application/problem+json", description = "`too_large`"),
        (status = 415, body = ProblemBody, content_type = "application/problem+json", description = "`content_type_mismatch`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`, `empty_upload`"),
    ))]
#[post("/internal/assets")]
pub async fn store_asset(
    state: web::Data<AppState>,
    caller: InternalCaller,
    req: HttpRequest,
    query: web::Query<StoreAssetQuery>,
    payload: web::Payload,
) -> Result<web::Json<StoredAsset>, Problem> {
    let declared = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let stored = internal::store(
        &state,
        &caller.service,
        query.into_inner(),
        declared,
        payload,
        Utc::now(),
    )
    .await?;
    Ok(web::Json(stored))
}

/// The live asset the calling service stored under `key` (its `StoreAssetQuery.key`): lets a
/// service check what it already stored before rendering and sending the bytes again.
#[utoipa::path(get, path = "/internal/assets/by-key", tag = "internal", params(AssetKeyQuery),
    responses(
        (status = 200, body = StoredAsset),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "no or invalid service token"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`asset_not_found`"),
    ))]
#[get("/internal/assets/by-key")]
pub async fn find_asset_by_key(
    state: web::Data<AppState>,
    caller: InternalCaller,
    query: web::Query<AssetKeyQuery>,
) -> Result<web::Json<StoredAsset>, Problem> {
    let found = internal::find_by_key(&state, &caller.service, &query.key, Utc::now()).await?;
    Ok(web::Json(found))
}
