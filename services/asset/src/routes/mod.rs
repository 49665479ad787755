//! HTTP endpoints of the asset service.

use actix_web::web;
use common::auth::AuthUser;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::db::queries::Viewer;
use crate::state::AppState;

pub mod assets;
pub mod cdn;
mod conditional;
pub mod internal;
pub mod upload;

/// Registers every asset endpoint with its state.
pub fn configure(cfg: &mut ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .service(upload::create_upload)
        .service(upload::put_content)
        .service(upload::complete_upload)
        .service(assets::list_assets)
        .service(assets::get_asset)
        .service(assets::list_versions)
        .service(assets::delete_asset)
        .service(cdn::serve_cdn)
        .service(internal::store_asset)
        .service(internal::find_asset_by_key);
}

/// Who is looking: anonymous callers (or ones whose token fails) see public assets only.
pub fn viewer(user: Option<&AuthUser>) -> Viewer {
    Viewer {
        user_id: user.map(|u| u.id),
        admin: user.is_some_and(AuthUser::is_admin),
    }
}

/// The problem+json responses every documented endpoint may give.
pub const PROBLEM: &str = "application/problem+json";
