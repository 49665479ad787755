//! The JumpJumpJump boss gallery.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use common::Problem;
use common::auth::{Authenticator, token_from_request};
use common::error::ProblemBody;

use crate::app::gallery;
use crate::state::AppState;
use crate::views::BossView;

/// The 22 bosses (the seed's fields), ordered by index. Without a token (the JumpJumpJump
/// client sends none) `defeated` is false; with one it says whether the caller helped win a
/// raid against the boss. An invalid token is refused.
#[utoipa::path(get, path = "/api/bosses", tag = "bosses",
    responses((status = 200, body = Vec<BossView>),
        (status = 401, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/bosses")]
pub async fn list_bosses(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<web::Json<Vec<BossView>>, Problem> {
    let caller = match token_from_request(&req) {
        None => None,
        Some(token) => {
            let auth = req
                .app_data::<web::Data<Authenticator>>()
                .ok_or_else(|| Problem::internal(anyhow::anyhow!("no authenticator")))?;
            Some(auth.authenticate(&token).await?.sub)
        }
    };
    Ok(web::Json(gallery::list(&state, caller).await?))
}

/// Redirects to boss `index`'s image, a PNG battle painted, at its CDN URL in the asset service.
#[utoipa::path(get, path = "/api/bosses/images/{index}", tag = "bosses", params(("index" = i64, Path)),
    responses((status = 302, description = "`Location` is the image's CDN URL in the asset service"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`boss_not_found`"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "`images_unavailable`: the asset service is unreachable")))]
#[get("/api/bosses/images/{index}")]
pub async fn boss_image(
    state: web::Data<AppState>,
    index: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    let url = gallery::image_url(&state, index.into_inner()).await?;
    Ok(HttpResponse::Found()
        .insert_header((header::LOCATION, url))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .finish())
}
