//! HTTP endpoints of the gacha service.

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
