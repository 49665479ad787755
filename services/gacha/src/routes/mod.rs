//! HTTP endpoints of the gacha service.

use actix_web::HttpRequest;
use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::error::GachaError;
use crate::state::AppState;

pub mod admin;
pub mod banners;
pub mod history;
pub mod pull;

/// Registers every gacha endpoint with its state.
pub fn configure(cfg: &mut ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .service(pull::pull)
        .service(banners::list_banners)
        .service(banners::get_banner)
        .service(banners::get_rates)
        .service(history::get_history)
        .service(admin::list_banners_admin)
        .service(admin::create_banner)
        .service(admin::get_banner_admin)
        .service(admin::replace_banner)
        .service(admin::retire_banner)
        .service(admin::audit_pull);
}

/// The header a pull reads its idempotency key from.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// The request's `Idempotency-Key`, if any; 400 when malformed.
pub fn idempotency_key(req: &HttpRequest) -> Result<Option<String>, GachaError> {
    let Some(raw) = req.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = raw.to_str().map_err(|_| GachaError::InvalidIdempotencyKey)?;
    let valid = !key.is_empty() && key.len() <= 200 && key.bytes().all(|b| b.is_ascii_graphic());
    if !valid {
        return Err(GachaError::InvalidIdempotencyKey);
    }
    Ok(Some(key.to_owned()))
}

/// An optional banner id from a query string (400 when it is not a UUID).
pub fn banner_id(raw: Option<&str>) -> Result<Option<Uuid>, GachaError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| GachaError::InvalidQuery("banner_id must be a UUID".to_owned())),
    }
}
