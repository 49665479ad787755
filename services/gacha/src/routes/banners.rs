//! `GET /api/gacha/banners`, `/banner` and `/rates`: what is on offer and the odds.

use actix_web::{get, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::banner_views::{self, BannerView};
use crate::app::banners::resolve;
use crate::app::rates::{self, RatesResponse};
use crate::state::AppState;

/// `?banner_id=`
#[derive(Debug, Deserialize, IntoParams)]
pub struct BannerQuery {
    /// The banner (default: the current character event).
    pub banner_id: Option<String>,
}

/// The open banners.
#[utoipa::path(get, path = "/api/gacha/banners", tag = "gacha",
    responses((status = 200, body = [BannerView])))]
#[get("/api/gacha/banners")]
#[tracing::instrument(name = "list_banners", skip_all)]
pub async fn list_banners(
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<BannerView>>, Problem> {
    Ok(web::Json(banner_views::list(&state, false).await?))
}

/// One banner (seed shape): `banner_id`, or the current featured character banner.
#[utoipa::path(get, path = "/api/gacha/banner", tag = "gacha",
    params(BannerQuery),
    responses(
        (status = 200, body = BannerView),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`banner_not_found`"),
    ))]
#[get("/api/gacha/banner")]
#[tracing::instrument(name = "get_banner", skip_all)]
pub async fn get_banner(
    state: web::Data<AppState>,
    query: web::Query<BannerQuery>,
) -> Result<web::Json<BannerView>, Problem> {
    let id = super::banner_id(query.banner_id.as_deref())?;
    let mut conn = state.conn().await?;
    let banner = resolve(&mut conn, id, chrono::Utc::now()).await?;
    drop(conn);
    Ok(web::Json(banner_views::banner_view(&state, &banner).await?))
}

/// The odds disclosure: base rates (seed shape), consolidated long-run rates computed from
/// the model (pity included), each item's probability, the pity rules in words, and, for a
/// signed-in caller, their pity on this banner type.
#[utoipa::path(get, path = "/api/gacha/rates", tag = "gacha",
    params(BannerQuery),
    responses(
        (status = 200, body = RatesResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`banner_not_found`"),
    ))]
#[get("/api/gacha/rates")]
#[tracing::instrument(name = "get_rates", skip_all)]
pub async fn get_rates(
    state: web::Data<AppState>,
    user: Option<AuthUser>,
    query: web::Query<BannerQuery>,
) -> Result<web::Json<RatesResponse>, Problem> {
    let id = super::banner_id(query.banner_id.as_deref())?;
    Ok(web::Json(
        rates::rates(&state, id, user.map(|u| u.id)).await?,
    ))
}
