//! Admin templates (`role = admin`): custom battles and raids.

use actix_web::{HttpResponse, delete, get, post, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;

use crate::app::templates::{self, TemplateRequest};
use crate::state::AppState;
use crate::views::{BattleSummary, TemplateView};

/// Every template, newest first.
#[utoipa::path(get, path = "/api/battles/admin/templates", tag = "admin",
    responses((status = 200, body = Vec<TemplateView>),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`")))]
#[get("/api/battles/admin/templates")]
pub async fn list_templates(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<TemplateView>>, Problem> {
    user.require_admin()?;
    Ok(web::Json(templates::list(&state).await?))
}

/// Stores a template for a custom battle or raid.
#[utoipa::path(post, path = "/api/battles/admin/templates", tag = "admin", request_body = TemplateRequest,
    responses((status = 201, body = TemplateView),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`template_exists`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/battles/admin/templates")]
pub async fn create_template(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<TemplateRequest>,
) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    let view = templates::create(&state, user.id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(view))
}

/// Deletes a template (battles made from it stay).
#[utoipa::path(delete, path = "/api/battles/admin/templates/{id}", tag = "admin", params(("id" = i64, Path)),
    responses((status = 200, description = "`{deleted: true}`"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[delete("/api/battles/admin/templates/{id}")]
pub async fn delete_template(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    templates::delete(&state, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "deleted": true })))
}

/// Makes a waiting battle from a template.
#[utoipa::path(post, path = "/api/battles/admin/templates/{id}/spawn", tag = "admin", params(("id" = i64, Path)),
    responses((status = 201, body = BattleSummary),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/battles/admin/templates/{id}/spawn")]
pub async fn spawn_template(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    let battle = templates::spawn(&state, id.into_inner()).await?;
    Ok(HttpResponse::Created().json(battle))
}
