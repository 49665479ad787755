//! Generated images, served by the job that made them (the asset service has no internal
//! storage API yet; see NOTES-ai.md).

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use common::Problem;
use common::error::ProblemBody;
use uuid::Uuid;

use crate::db::queries;
use crate::error::AiError;
use crate::state::AppState;

/// A `character_art` job's PNG. Public like a CDN URL: the random job id is the capability.
#[utoipa::path(get, path = "/api/ai/images/{file}", tag = "ai",
    params(("file" = String, Path, description = "`{job_id}.png`")),
    responses((status = 200, content_type = "image/png", description = "the image"),
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
    let image = queries::find_image(&mut conn, id)
        .await
        .map_err(AiError::from)?
        .ok_or(AiError::ImageNotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(image.content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header(("x-content-type-options", "nosniff"))
        .body(image.bytes))
}
