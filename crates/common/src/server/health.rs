//! The routes every service answers besides its own: liveness, readiness, the docs redirect
//! and the problem+json 404/405.

use std::collections::HashMap;
use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::AppContext;
use crate::error::{Problem, ProblemBody};

#[cfg(feature = "db")]
use crate::db;

/// How long a readiness check waits for each dependency.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

pub(super) async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/docs/"))
        .finish()
}

/// Unmatched requests: 405 when the path exists for another method, else 404.
pub(super) async fn not_found(req: HttpRequest) -> Result<HttpResponse, Problem> {
    let detail = format!("no route for {} {}", req.method(), req.path());
    if req.resource_map().has_resource(req.path()) {
        return Err(Problem::new(
            actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        )
        .detail(detail));
    }
    Err(Problem::not_found("not_found", detail))
}

/// Liveness answer.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    status: &'static str,
    /// The service's name.
    service: &'static str,
    /// The build's version.
    version: &'static str,
}

/// Liveness: the process is up and serving HTTP.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, body = Health)))]
#[get("/healthz")]
pub(super) async fn healthz(ctx: web::Data<AppContext>) -> web::Json<Health> {
    web::Json(Health {
        status: "ok",
        service: ctx.settings.service.as_str(),
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Readiness answer.
#[derive(Serialize, ToSchema)]
pub struct Ready {
    /// `ready`.
    status: &'static str,
    /// Each dependency checked, with `ok`.
    checks: HashMap<&'static str, &'static str>,
}

/// Readiness: the service's database and Redis answer; 503 problem+json naming what does not.
#[utoipa::path(get, path = "/readyz", tag = "health", responses(
    (status = 200, body = Ready),
    (status = 503, body = ProblemBody, content_type = "application/problem+json"),
))]
#[get("/readyz")]
pub(super) async fn readyz(ctx: web::Data<AppContext>) -> Result<web::Json<Ready>, Problem> {
    let redis = async {
        match tokio::time::timeout(READY_TIMEOUT, ctx.redis.ping()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("{e:#}")),
            Err(_) => Err("timed out".to_owned()),
        }
    };
    #[cfg(feature = "db")]
    let database = async {
        let Some(pool) = &ctx.db else { return None };
        Some(
            match tokio::time::timeout(READY_TIMEOUT, db::ping(pool)).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(format!("{e:#}")),
                Err(_) => Err("timed out".to_owned()),
            },
        )
    };
    #[cfg(not(feature = "db"))]
    let database = async { None::<Result<(), String>> };
    let (redis, database) = tokio::join!(redis, database);

    let mut checks = HashMap::new();
    let mut failed = Vec::new();
    for (name, result) in [("redis", Some(redis)), ("database", database)] {
        match result {
            None => {}
            Some(Ok(())) => {
                checks.insert(name, "ok");
            }
            Some(Err(cause)) => {
                tracing::warn!(dependency = name, cause, "not ready");
                failed.push(name);
            }
        }
    }
    if failed.is_empty() {
        Ok(web::Json(Ready {
            status: "ready",
            checks,
        }))
    } else {
        Err(Problem::new(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            "not_ready",
        )
        .retry_after(1)
        .public_detail(format!("unreachable: {}", failed.join(", "))))
    }
}
