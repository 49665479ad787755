//! `/api/gacha/admin/*` (role `admin`): banner management and pull audits.

use actix_web::{HttpResponse, delete, get, post, put, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use uuid::Uuid;

use crate::app::audit::{self, AuditResponse};
use crate::app::banner_admin::{self, BannerRequest};
use crate::app::banner_views::{self, BannerView};
use crate::db::queries;
use crate::error::GachaError;
use crate::state::AppState;

/// Every banner, retired and future ones included.
#[utoipa::path(get, path = "/api/gacha/admin/banners", tag = "admin",
    responses(
        (status = 200, body = [BannerView]),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
    ))]
#[get("/api/gacha/admin/banners")]
#[tracing::instrument(name = "list_banners_admin", skip_all, fields(user.id = %user.id))]
pub async fn list_banners_admin(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<BannerView>>, Problem> {
    user.require_admin()?;
    Ok(web::Json(banner_views::list(&state, true).await?))
}

/// Creates a banner; its pool must name gacha items of inventory's catalog at their star
/// rating.
#[utoipa::path(post, path = "/api/gacha/admin/banners", tag = "admin",
    request_body = BannerRequest,
    responses(
        (status = 201, body = BannerView),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "inventory unreachable"),
    ))]
#[post("/api/gacha/admin/banners")]
#[tracing::instrument(name = "create_banner", skip_all, fields(user.id = %user.id))]
pub async fn create_banner(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<BannerRequest>,
) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    let banner = banner_admin::create(&state, &body).await?;
    Ok(HttpResponse::Created().json(banner_views::banner_view(&state, &banner).await?))
}

/// One banner.
#[utoipa::path(get, path = "/api/gacha/admin/banners/{id}", tag = "admin",
    params(("id" = Uuid, Path, description = "Banner id")),
    responses(
        (status = 200, body = BannerView),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`banner_not_found`"),
    ))]
#[get("/api/gacha/admin/banners/{id}")]
#[tracing::instrument(name = "get_banner_admin", skip_all, fields(user.id = %user.id))]
pub async fn get_banner_admin(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<web::Json<BannerView>, Problem> {
    user.require_admin()?;
    let mut conn = state.conn().await?;
    let banner = queries::find_banner(&mut conn, *id)
        .await
        .map_err(GachaError::from)?
        .ok_or(GachaError::BannerNotFound)?;
    drop(conn);
    Ok(web::Json(banner_views::banner_view(&state, &banner).await?))
}

/// Replaces a banner's settings. A change of odds or pool makes a new rate-table version;
/// pulls already made keep pointing at the version they used.
#[utoipa::path(put, path = "/api/gacha/admin/banners/{id}", tag = "admin",
    request_body = BannerRequest,
    params(("id" = Uuid, Path, description = "Banner id")),
    responses(
        (status = 200, body = BannerView),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`banner_not_found`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[put("/api/gacha/admin/banners/{id}")]
#[tracing::instrument(name = "replace_banner", skip_all, fields(user.id = %user.id))]
pub async fn replace_banner(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
    body: web::Json<BannerRequest>,
) -> Result<web::Json<BannerView>, Problem> {
    user.require_admin()?;
    let banner = banner_admin::update(&state, *id, &body).await?;
    Ok(web::Json(banner_views::banner_view(&state, &banner).await?))
}

/// Retires a banner (no more pulls; history and audits keep working).
#[utoipa::path(delete, path = "/api/gacha/admin/banners/{id}", tag = "admin",
    params(("id" = Uuid, Path, description = "Banner id")),
    responses(
        (status = 204, description = "retired"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`banner_not_found`"),
    ))]
#[delete("/api/gacha/admin/banners/{id}")]
#[tracing::instrument(name = "retire_banner", skip_all, fields(user.id = %user.id))]
pub async fn retire_banner(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    banner_admin::retire(&state, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Recomputes a pull from its stored draws, starting pity and rate-table version, and says
/// whether the result matches what was recorded.
#[utoipa::path(get, path = "/api/gacha/admin/audit/{pull_id}", tag = "admin",
    params(("pull_id" = Uuid, Path, description = "Pull id")),
    responses(
        (status = 200, body = AuditResponse),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`pull_not_found`"),
    ))]
#[get("/api/gacha/admin/audit/{pull_id}")]
#[tracing::instrument(name = "audit_pull", skip_all, fields(user.id = %user.id))]
pub async fn audit_pull(
    state: web::Data<AppState>,
    user: AuthUser,
    pull_id: web::Path<Uuid>,
) -> Result<web::Json<AuditResponse>, Problem> {
    user.require_admin()?;
    Ok(web::Json(audit::audit(&state, *pull_id).await?))
}
