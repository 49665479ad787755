//! AI generation jobs on a Redis Streams queue, the model catalogue, OpenAI-compatible and
//! offline providers, and the voting game's questions.

use std::sync::Arc;

use common::{AppContext, ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod app;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod providers;
pub mod queue;
pub mod routes;
pub mod settings;
pub mod state;

pub use settings::AiSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "AI generation jobs on a Redis Streams queue, the model catalogue and providers.";

/// The ai service; `None` reads its settings from the environment at start-up (tests give
/// them).
pub fn service(settings: Option<AiSettings>) -> ServiceDef {
    ServiceDef::new(ServiceName::Ai, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .stateful(settings, start, routes::configure)
}

/// Builds the state and starts this replica's queue consumers and sweeper.
async fn start(ctx: AppContext, settings: Arc<AiSettings>) -> anyhow::Result<state::AppState> {
    let state = state::AppState::build(&ctx, settings)?;
    app::workers::start(&ctx.workers, &state);
    Ok(state)
}
