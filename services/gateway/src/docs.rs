//! The docs portal: the gateway's Swagger UI offers every service's OpenAPI, fetched live from
//! the service so it always matches what is deployed.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use common::{Problem, ServiceName};

use crate::state::GatewayState;

/// The specs listed in the portal's selector: (name, URL served by the gateway).
pub const PORTAL: &[(&str, &str)] = &[
    ("auth", "/openapi/auth.json"),
    ("inventory", "/openapi/inventory.json"),
    ("gacha", "/openapi/gacha.json"),
    ("battle", "/openapi/battle.json"),
    ("room", "/openapi/room.json"),
    ("leaderboard", "/openapi/leaderboard.json"),
    ("ai", "/openapi/ai.json"),
    ("asset", "/openapi/asset.json"),
];

/// `GET /openapi/{service}.json`: the named service's spec.
pub async fn service_spec(
    name: web::Path<String>,
    state: web::Data<GatewayState>,
) -> Result<HttpResponse, Problem> {
    let service: ServiceName = name
        .trim_end_matches(".json")
        .parse()
        .ok()
        .filter(|s| *s != ServiceName::Gateway)
        .ok_or_else(|| Problem::not_found("unknown_service", "no such service"))?;
    let mut url = state.ctx.settings.peer(service).clone();
    url.set_path("/openapi.json");
    let unavailable = || {
        Problem::new(StatusCode::BAD_GATEWAY, "upstream_unavailable")
            .public_detail(format!("the {service} service is unavailable"))
    };
    let res = state
        .client()
        .get(url)
        .timeout(state.settings.timeout)
        .send()
        .await
        .map_err(|_| unavailable())?;
    if !res.status().is_success() {
        return Err(unavailable());
    }
    let body = res.bytes().await.map_err(|_| unavailable())?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}
