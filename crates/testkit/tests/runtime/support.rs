//! A small service used only by these tests, with routes exercising the extractors.

use actix_web::{HttpResponse, get, post, web};
use common::auth::{AuthUser, InternalCaller};
use common::{Problem, ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("tests/migrations");

#[derive(Deserialize, Serialize, ToSchema)]
pub struct Widget {
    name: String,
    quantity: u32,
}

/// Echoes a JSON body (exercises the JSON extractor's errors).
#[utoipa::path(post, path = "/widgets", request_body = Widget, responses((status = 200, body = Widget)))]
#[post("/widgets")]
async fn create_widget(body: web::Json<Widget>) -> web::Json<Widget> {
    body
}

/// Reads a numeric path parameter.
#[utoipa::path(get, path = "/widgets/{id}", params(("id" = u64, Path)), responses((status = 200)))]
#[get("/widgets/{id}")]
async fn get_widget(id: web::Path<u64>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "id": id.into_inner() }))
}

#[derive(Deserialize, IntoParams)]
struct Page {
    limit: u16,
}

/// Reads a numeric query parameter.
#[utoipa::path(get, path = "/page", params(Page), responses((status = 200)))]
#[get("/page")]
async fn page(q: web::Query<Page>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "limit": q.limit }))
}

/// Who is calling.
#[utoipa::path(get, path = "/whoami", responses((status = 200)))]
#[get("/whoami")]
async fn whoami(user: AuthUser) -> HttpResponse {
    HttpResponse::Ok()
        .json(serde_json::json!({ "id": user.id, "role": user.role, "sid": user.session_id }))
}

/// Admins only.
#[utoipa::path(get, path = "/admin-only", responses((status = 200)))]
#[get("/admin-only")]
async fn admin_only(user: AuthUser) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    Ok(HttpResponse::NoContent().finish())
}

/// Internal callers only.
#[utoipa::path(get, path = "/internal/echo", responses((status = 200)))]
#[get("/internal/echo")]
async fn internal_echo(caller: InternalCaller) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({
        "service": caller.service,
        "acting_user": caller.acting_user,
        "request_id": common::telemetry::current_request_id().map(|r| r.to_string()),
    }))
}

/// The test service: a database, the migrations above and the routes above.
pub fn service() -> ServiceDef {
    ServiceDef::new(ServiceName::Leaderboard, "test service")
        .migrations(|| MIGRATIONS)
        .routes(|cfg, _ctx| {
            cfg.service(create_widget)
                .service(get_widget)
                .service(page)
                .service(whoami)
                .service(admin_only)
                .service(internal_echo);
        })
}
