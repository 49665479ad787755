//! `/api/ai/images/{job}.png`, the image URL of older results: images are stored in the asset
//! service now, so this redirects to the job's CDN URL (rows stored before are still served).

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use common::Problem;
use common::error::ProblemBody;
use uuid::Uuid;

use crate::db::queries;
use crate::error::AiError;
use crate::state::AppState;

/// A `character_art` job's PNG: a 308 to its CDN URL, or the bytes kept from before the asset
/// service stored images. Public like a CDN URL: the random job id is the capability.
#[utoipa::path(get, path = "/api/ai/images/{file}", tag = "ai",
    params(("file" = String, Path, description = "`{job_id}.png`")),
    responses((status = 200, content_type = "image/png", description = "the image"),
        (status = 308, description = "the image's CDN URL, in `Location`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/ai/images/{file}")]
pub async fn get_image(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let id = path
        .strip_suffix(".png")
        .and_then(|s| Uuid::parse_str(s).ok())
        .ok_or(AiError::ImageNotFound)?;
    let mut conn = state.conn().await?;
    if let Some(image) = queries::find_image(&mut conn, id)
        .await
        .map_err(AiError::from)?
    {
        return Ok(HttpResponse::Ok()
            .content_type(image.content_type)
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .insert_header(("x-content-type-options", "nosniff"))
            .body(image.bytes));
    }
    let job = queries::find_job(&mut conn, id)
        .await
        .map_err(AiError::from)?
        .ok_or(AiError::ImageNotFound)?;
    let url = job
        .result
        .as_ref()
        .and_then(|r| r.get("image_url"))
        .and_then(|u| u.as_str())
        .filter(|u| !u.contains("/api/ai/images/"))
        .ok_or(AiError::ImageNotFound)?;
    Ok(HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, url))
        .finish())
}
