//! Rooms with join codes, presence, chat, the cafe space and the JumpJumpJump co-op relay
//! (the voting party game builds on these rooms).

use std::sync::Arc;

use actix_web::web;
use common::server::routes;
use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod clients;
pub mod db;
pub mod domain;
pub mod error;
pub mod game;
pub mod ops;
pub mod routes;
pub mod settings;
pub mod state;

pub use settings::RoomSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "Rooms with join codes, presence, chat, the cafe space, co-op relay and the voting party game.";

/// The room service with its settings read from the process environment at start-up.
pub fn service() -> ServiceDef {
    build(None)
}

/// The room service with the given settings (tests).
pub fn service_with(settings: RoomSettings) -> ServiceDef {
    build(Some(Arc::new(settings)))
}

fn build(settings: Option<Arc<RoomSettings>>) -> ServiceDef {
    ServiceDef::new(ServiceName::Room, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .setup(move |ctx| {
            let settings = settings.clone();
            async move {
                let settings = match settings {
                    Some(settings) => settings,
                    None => Arc::new(RoomSettings::from_env()?),
                };
                let state = state::AppState::build(&ctx, settings)?;
                // Every replica sweeps; the deadlines live in PostgreSQL, so none is lost or
                // acted on twice when replicas come and go.
                tokio::spawn(ops::sweeper::run(state.clone()));
                let state = web::Data::new(state);
                // Weak: a stopped server drops its state, and its game sweeper stops with it.
                tokio::spawn(game::sweeper::run(
                    Arc::downgrade(&state.clone().into_inner()),
                    state.settings.game.sweep_interval,
                ));
                Ok(routes(move |cfg| routes::configure(cfg, state.clone())))
            }
        })
}
