//! HTTP endpoints of the ai service.

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::state::AppState;

pub mod images;
pub mod internal;
pub mod jobs;
pub mod models;

/// Registers every ai endpoint with its state.
pub fn configure(cfg: &mut ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .service(models::list_models)
        .service(jobs::create_job)
        .service(jobs::list_jobs)
        .service(jobs::get_job)
        .service(jobs::cancel_job)
        .service(images::get_image)
        .service(internal::generate_questions);
}
