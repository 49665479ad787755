//! Cooperative battles and boss raids with server-side damage, loot paid through inventory,
//! the raid bosses' blows, the pool keeper and the JumpJumpJump boss gallery.

use std::sync::Arc;

use actix_web::web;
use common::server::routes;
use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod app;
pub mod clients;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod routes;
pub mod settings;
pub mod state;
pub mod views;
pub mod workers;

pub use settings::BattleSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "Cooperative battles and boss raids, server-side damage, loot and the boss gallery.";

/// The battle service; `None` reads its settings from the environment at start-up.
pub fn service(settings: Option<BattleSettings>) -> ServiceDef {
    let settings = settings.map(Arc::new);
    ServiceDef::new(ServiceName::Battle, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .setup(move |ctx| {
            let settings = settings.clone();
            async move {
                let settings = match settings {
                    Some(settings) => settings,
                    None => Arc::new(BattleSettings::from_env()?),
                };
                let state = web::Data::new(state::AppState::build(&ctx, settings)?);
                workers::start(&state);
                Ok(routes(move |cfg| routes::configure(cfg, state.clone())))
            }
        })
}
