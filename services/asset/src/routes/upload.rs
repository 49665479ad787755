//! Declaring an upload, sending its bytes (local backend), and completing it.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, put, web};
use chrono::Utc;
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::receive::{self, IncomingUpload};
use crate::app::uploads;
use crate::domain::{UploadSpec, UploadSpecInput};
use crate::error::AssetError;
use crate::state::AppState;
use crate::views::{AssetResponse, UploadResponse};

/// `POST /api/assets/upload` body; every field may also be a query parameter (the seed sent
/// `asset_type` and `category` that way, with no body). Body fields win.
#[derive(Debug, Default, Deserialize, ToSchema, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UploadRequest {
    /// File name in the CDN URL: 1-128 of `A-Za-z0-9._-`, not starting with `.`; default
    /// `asset.<ext>` of the sniffed type.
    pub filename: Option<String>,
    /// Exact content type, or `type/*`; default `<asset_type>/*`. Must be allowed by
    /// `ASSET_ALLOWED_TYPES`; the bytes' magic decides the stored type.
    pub content_type: Option<String>,
    /// Exact size in bytes (1 to `ASSET_MAX_SIZE_BYTES`); without it any size up to the limit.
    pub size: Option<i64>,
    /// SHA-256 of the bytes, 64 hex characters; the upload is refused if it differs.
    pub sha256: Option<String>,
    /// Kind of asset: 1-32 of `a-z0-9_-` (`image`, `audio`...). Required.
    pub asset_type: Option<String>,
    /// Category: 1-64 of `a-z0-9_-`; default `general`.
    pub category: Option<String>,
    /// `true` (default): a stable CDN URL; `false`: signed, expiring URLs only.
    pub is_public: Option<bool>,
    /// Add a version to this existing asset (owner or admin) instead of creating one.
    pub asset_id: Option<Uuid>,
}

impl UploadRequest {
    fn merge(self, query: UploadRequest) -> UploadSpecInput {
        UploadSpecInput {
            filename: self.filename.or(query.filename),
            content_type: self.content_type.or(query.content_type),
            size: self.size.or(query.size),
            sha256: self.sha256.or(query.sha256),
            asset_type: self.asset_type.or(query.asset_type),
            category: self.category.or(query.category),
            is_public: self.is_public.or(query.is_public),
            asset_id: self.asset_id.or(query.asset_id),
        }
    }
}

fn parse_body(req: &HttpRequest, body: &[u8]) -> Result<UploadRequest, Problem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(UploadRequest::default());
    }
    let json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json {
        return Err(Problem::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        )
        .detail("expected a body with Content-Type: application/json"));
    }
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            Problem::new(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
            )
            .detail(e.to_string())
        } else {
            AssetError::MalformedBody(e.to_string()).into()
        }
    })
}

/// Declares an upload and returns a signed URL to PUT the bytes to. The asset (or, with
/// `asset_id`, a new version of it) is recorded as pending; the URL expires after
/// `ASSET_UPLOAD_URL_TTL_SECS` and is bound to the declared size, content type and hash. Then
/// call `complete`.
#[utoipa::path(post, path = "/api/assets/upload", tag = "assets", params(UploadRequest), request_body(content = UploadRequest, description = "optional: the seed sent only query parameters"),
    responses(
        (status = 200, body = UploadResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`malformed_json`, `invalid_query`"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "no or invalid access token"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`not_your_asset`: `asset_id` is another player's"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`asset_not_found`: no such `asset_id`"),
        (status = 415, body = ProblemBody, content_type = "application/problem+json", description = "a body that is not JSON"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`: a field is invalid, the type not allowed, the size over the limit"),
    ))]
#[post("/api/assets/upload")]
pub async fn create_upload(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    query: web::Query<UploadRequest>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let input = parse_body(&req, &body)?.merge(query.into_inner());
    let spec = UploadSpec::parse(input, &state.settings.rules).map_err(AssetError::validation)?;
    let answer = uploads::create_upload(&state, (&user).into(), spec, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The signature of an upload URL.
#[derive(Debug, Deserialize, IntoParams)]
pub struct SignedQuery {
    /// Unix seconds after which the URL is refused.
    pub expires: i64,
    /// Hex HMAC-SHA256 over the version and what it is bound to.
    pub sig: String,
}

/// What a successful PUT stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct PutContentResponse {
    /// The asset.
    pub asset_id: Uuid,
    /// The version.
    pub version: i32,
    /// Bytes received.
    pub size: u64,
    /// Their SHA-256 (hex).
    pub sha256: String,
    /// The sniffed content type.
    pub content_type: String,
}

/// The upload URL of the local storage backend (signed; no access token needed). The body is
/// streamed to disk and checked as it arrives: it is cut off at the declared size or
/// `ASSET_MAX_SIZE_BYTES`, its first bytes must have the magic of an allowed type matching the
/// declaration, and its SHA-256 must match a declared one. Nothing is kept on failure.
#[utoipa::path(put, path = "/api/assets/{asset_id}/versions/{version}/content", tag = "assets", params(SignedQuery, ("asset_id" = Uuid, Path), ("version" = i32, Path)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the bytes, with the Content-Type the upload answer named"),
    responses(
        (status = 200, body = PutContentResponse),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_signature` (forged, tampered, unknown version), `url_expired`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`version_not_pending`"),
        (status = 413, body = ProblemBody, content_type = "application/problem+json", description = "`too_large`"),
        (status = 415, body = ProblemBody, content_type = "application/problem+json", description = "`content_type_mismatch`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`size_mismatch`, `hash_mismatch`, `empty_upload`"),
    ))]
#[put("/api/assets/{asset_id}/versions/{version}/content")]
pub async fn put_content(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(Uuid, i32)>,
    query: web::Query<SignedQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, Problem> {
    let (asset_id, version) = path.into_inner();
    let query = query.into_inner();
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let content_length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let put = IncomingUpload {
        asset_id,
        version,
        expires: query.expires,
        sig: query.sig,
        content_type,
        content_length,
    };
    let checked = receive::receive_local(&state, put, payload, Utc::now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, format!("\"{}\"", checked.sha256)))
        .json(PutContentResponse {
            asset_id,
            version,
            size: checked.size,
            sha256: checked.sha256,
            content_type: checked.content_type,
        }))
}

/// Verifies the uploaded bytes of a pending version (size, hash, content type by magic) and
/// makes it the asset's current version. Owner or admin only. Completing a complete version
/// again answers the same; a failed check drops the bytes and leaves the version pending.
#[utoipa::path(post, path = "/api/assets/{asset_id}/versions/{version}/complete", tag = "assets", params(("asset_id" = Uuid, Path), ("version" = i32, Path)),
    responses(
        (status = 200, body = AssetResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "no or invalid access token"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`not_your_asset`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`asset_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`upload_missing`, `version_not_pending`"),
        (status = 413, body = ProblemBody, content_type = "application/problem+json", description = "`too_large`"),
        (status = 415, body = ProblemBody, content_type = "application/problem+json", description = "`content_type_mismatch`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`size_mismatch`, `hash_mismatch`"),
    ))]
#[post("/api/assets/{asset_id}/versions/{version}/complete")]
pub async fn complete_upload(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(Uuid, i32)>,
) -> Result<web::Json<AssetResponse>, Problem> {
    let (asset_id, version) = path.into_inner();
    Ok(web::Json(
        uploads::complete(&state, (&user).into(), asset_id, version, Utc::now()).await?,
    ))
}
