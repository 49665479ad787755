//! HTTP endpoints of the battle service (thin: parse, authorise, call `app`).

use actix_web::web;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::state::AppState;

pub mod actions;
pub mod admin;
pub mod battles;
pub mod bosses;
pub mod combat;

/// Registers every endpoint with its state. Fixed paths come before `/api/battles/{id}`.
pub fn configure(cfg: &mut ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .service(battles::list_available)
        .service(battles::list_raids)
        .service(battles::my_history)
        .service(admin::list_templates)
        .service(admin::create_template)
        .service(admin::delete_template)
        .service(admin::spawn_template)
        .service(combat::join_battle)
        .service(combat::attack_seed_path)
        .service(battles::get_battle)
        .service(battles::get_logs)
        .service(combat::attack_enemy)
        .service(combat::claim_loot)
        .service(combat::resurrect)
        .service(bosses::list_bosses)
        .service(bosses::boss_image)
        .service(actions::run_action);
}
