//! `/cdn/...`: finished versions served from the local backend like a CDN would.

use actix_files::NamedFile;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, EntityTag, IfNoneMatch};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, route, web};
use chrono::Utc;
use common::Problem;
use common::error::ProblemBody;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use super::conditional::{self, Conditional};
use crate::app::cdn::{self, DownloadSignature};
use crate::error::AssetError;
use crate::state::AppState;

/// Versioned URLs never change content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Files smaller than this are read on the worker thread, chunk by chunk (see `serve_cdn`).
const INLINE_READ_BELOW: u64 = 4 * 1024 * 1024;

/// A private version's signature.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CdnQuery {
    /// Unix seconds after which the URL is refused (private assets).
    pub expires: Option<i64>,
    /// Hex HMAC-SHA256 (private assets).
    pub sig: Option<String>,
}

/// Serves a complete version: strong `ETag` (its SHA-256), `If-None-Match` -> 304, `If-Match`
/// -> 412 unless it names the content, `Range` (206, 416) and `If-Range` (the range only when
/// it names the content), its sniffed `Content-Type`, and `Cache-Control: public, max-age=31536000,
/// immutable` for public assets (private ones need their signed URL and are `private`).
/// Streamed from disk. Paths name a version by id and number, never a file path.
#[utoipa::path(get, path = "/cdn/{asset_id}/{version}/{filename}", tag = "cdn", params(CdnQuery, ("asset_id" = Uuid, Path), ("version" = i32, Path), ("filename" = String, Path)),
    responses(
        (status = 200, description = "the bytes, served with the content type they were uploaded with", content_type = "*/*"),
        (status = 206, description = "the requested range"),
        (status = 304, description = "the client's copy is current"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_path_parameter`"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_signature`, `url_expired` (private assets)"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`asset_not_found`"),
        (status = 412, body = ProblemBody, content_type = "application/problem+json", description = "`precondition_failed`: `If-Match` names other content"),
        (status = 416, description = "the range is outside the file"),
    ))]
#[route(
    "/cdn/{asset_id}/{version}/{filename}",
    method = "GET",
    method = "HEAD"
)]
pub async fn serve_cdn(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(Uuid, i32, String)>,
    query: web::Query<CdnQuery>,
) -> Result<HttpResponse, Problem> {
    let (asset_id, version, filename) = path.into_inner();
    let q = query.into_inner();
    let signature = match (q.expires, q.sig) {
        (Some(expires), Some(sig)) => Some(DownloadSignature { expires, sig }),
        _ => None,
    };
    let file = cdn::resolve(&state, asset_id, version, &filename, signature, Utc::now()).await?;
    let etag = EntityTag::new_strong(file.sha256.clone());
    let cache_control = match file.private_for {
        None => IMMUTABLE.to_owned(),
        Some(secs) => format!("private, max-age={secs}"),
    };
    // If-Match is judged first (RFC 9110 13.2.2): a 412 wins over a 304.
    let conditional = conditional::evaluate(&req, &etag);
    if conditional == Conditional::Refuse {
        return Ok(conditional::precondition_failed());
    }
    if let Some(inm) = req.get_header::<IfNoneMatch>() {
        let matched = match inm {
            IfNoneMatch::Any => true,
            IfNoneMatch::Items(tags) => tags.iter().any(|t| t.weak_eq(&etag)),
        };
        if matched {
            return Ok(HttpResponse::NotModified()
                .insert_header((header::ETAG, etag.to_string()))
                .insert_header((header::CACHE_CONTROL, cache_control))
                .finish());
        }
    }
    let mime: actix_web::mime::Mime = file
        .content_type
        .parse()
        .unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM);
    let path = file.path.clone();
    let mut res = match conditional {
        Conditional::Serve { range } => conditional::serve(&req, path, mime, range).await?,
        Conditional::Absent | Conditional::Refuse => named_file(&req, path, mime).await?,
    };
    if res.status() == StatusCode::RANGE_NOT_SATISFIABLE {
        let range = res.headers().get(header::CONTENT_RANGE).cloned();
        return Ok(conditional::unsatisfiable(range));
    }
    let headers = res.headers_mut();
    headers.insert(
        header::ETAG,
        header::HeaderValue::from_str(&etag.to_string()).map_err(AssetError::internal)?,
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_str(&cache_control).map_err(AssetError::internal)?,
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}

/// The ordinary path: actix-files' `NamedFile` (Range, 206 and 416, HEAD).
async fn named_file(
    req: &HttpRequest,
    path: std::path::PathBuf,
    mime: actix_web::mime::Mime,
) -> Result<HttpResponse, AssetError> {
    let named = web::block(move || NamedFile::open(path))
        .await
        .map_err(|e| AssetError::internal(anyhow::anyhow!("{e}")))?
        .map_err(|e| {
            AssetError::Storage(anyhow::Error::new(e).context("opening a complete version"))
        })?
        .set_content_type(mime)
        // Below this size, chunks are read on the worker instead of one blocking-pool hop per
        // 64 KiB: versions are read from the page cache almost always, and the hops cost more
        // than the reads (docs/BENCHMARKS.md, asset).
        .read_mode_threshold(INLINE_READ_BELOW)
        // Its ETag would come from the inode and mtime; ours is the content's hash.
        .use_etag(false)
        .use_last_modified(false)
        .disable_content_disposition();
    Ok(named.into_response(req))
}
