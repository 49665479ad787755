//! Rooms with join codes, presence, chat, the cafe space and the JumpJumpJump co-op relay
//! (the voting party game builds on these rooms).

use std::sync::Arc;

use common::{AppContext, ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod app;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod routes;
pub mod settings;
pub mod state;

pub use settings::RoomSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "Rooms with join codes, presence, chat, the cafe space, co-op relay and the voting party game.";

/// The room service; `None` reads its settings from the environment at start-up (tests give
/// them).
pub fn service(settings: Option<RoomSettings>) -> ServiceDef {
    ServiceDef::new(ServiceName::Room, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .stateful(settings, start, routes::configure)
}

/// Builds the state and starts the sweepers. Every replica sweeps: the deadlines live in
/// PostgreSQL, so none is lost or acted on twice when replicas come and go.
async fn start(ctx: AppContext, settings: Arc<RoomSettings>) -> anyhow::Result<state::AppState> {
    let state = state::AppState::build(&ctx, settings)?;
    app::sweeper::start(&ctx.workers, &state);
    app::game::sweeper::start(&ctx.workers, &state);
    Ok(state)
}
