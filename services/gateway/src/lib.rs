//! The one door for clients: HTTP routing to every service, rate limits, CORS, the docs
//! portal and (with the realtime issue) the WebSocket hub.

pub mod docs;
pub mod play;
pub mod proxy;
pub mod proxy_client;
pub mod ratelimit;
pub mod seedkey;
pub mod seedpaths;
pub mod settings;
pub mod socketio;
pub mod state;
pub mod upstream;
pub mod ws;

use std::sync::Arc;

use actix_cors::Cors;
use actix_web::http::header;
use actix_web::web;
use common::{AppContext, ServiceDef, ServiceName};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::settings::GatewaySettings;
use crate::state::GatewayState;

/// The gateway; `None` reads its settings from the environment at start-up (tests give them).
pub fn service(settings: Option<GatewaySettings>) -> ServiceDef {
    ServiceDef::new(
        ServiceName::Gateway,
        "The one door for clients: HTTP routing to every service, the WebSocket hub and the docs portal.",
    )
    .extra_docs(docs::PORTAL.to_vec())
    .stateful_upgrading(settings, start, configure, ws::upgrade::take_over)
}

/// Builds the state and starts the hub's fan-out from Redis.
async fn start(ctx: AppContext, settings: Arc<GatewaySettings>) -> anyhow::Result<GatewayState> {
    let state = GatewayState::new(ctx, settings)?;
    tokio::spawn(ws::hub::run_fanout(
        state.hub.clone(),
        state.ctx.events.clone(),
        state.ctx.settings.redis.clone(),
        state.ctx.redis.keys().clone(),
    ));
    Ok(state)
}

fn configure(cfg: &mut ServiceConfig, state: web::Data<GatewayState>) {
    let origins = state.settings.cors_origins.clone();
    // Registration order is match order, and every pattern with a parameter is a regex run
    // per request it is tried on (the metrics middleware matches a second time): the static
    // `/api` prefix, which nearly every request takes, comes before them.
    cfg.app_data(state)
        // WebSocket handshakes never get here (`ws::upgrade::take_over` has them): these
        // answer plain GETs.
        .route(
            "/api/v1/ws",
            web::get().to(ws::upgrade::refuse_plain_get_anonymous),
        )
        .map(|actix| {
            actix.service(
                web::scope("/api")
                    .wrap(cors(&origins))
                    .default_service(web::to(proxy::forward)),
            )
        })
        .map(|actix| {
            actix.service(
                web::resource("/")
                    .wrap(cors(&origins))
                    .route(web::get().to(seedkey::liveness)),
            )
        })
        .map(|actix| actix.service(socketio::resource().wrap(cors(&origins))))
        .route("/ws", web::get().to(ws::upgrade::refuse_plain_get))
        .route("/.well-known/jwks.json", web::get().to(proxy::forward))
        .route("/openapi/{service}", web::get().to(docs::service_spec))
        .route(
            "/ws/room/{room_id}",
            web::get().to(ws::upgrade::refuse_plain_get),
        )
        .route(
            "/ws/battle/{battle_id}",
            web::get().to(ws::upgrade::refuse_plain_get),
        )
        .route("/cdn/{tail:.*}", web::route().to(proxy::forward))
        .map(|actix| {
            seedpaths::PREFIXES.iter().fold(actix, |actix, prefix| {
                actix
                    .route(&format!("/{prefix}"), web::route().to(seedpaths::forward))
                    .route(
                        &format!("/{prefix}/{{tail:.*}}"),
                        web::route().to(seedpaths::forward),
                    )
            })
        })
        .route("/play", web::get().to(play::redirect))
        .route("/play/{tail:.*}", web::route().to(play::serve));
}

/// CORS from the allowlist; credentials (cookies) only with explicit origins.
fn cors(origins: &[String]) -> Cors {
    let base = Cors::default()
        .allow_any_method()
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-request-id"),
            // The JumpJumpJump client's deployment key (`seedkey`).
            header::HeaderName::from_static("x-api-key"),
        ])
        .expose_headers([
            header::HeaderName::from_static("x-request-id"),
            header::RETRY_AFTER,
        ])
        .max_age(600);
    if origins.iter().any(|o| o == "*") {
        return base.allow_any_origin();
    }
    origins
        .iter()
        .fold(base.supports_credentials(), |cors, origin| {
            cors.allowed_origin(origin)
        })
}
