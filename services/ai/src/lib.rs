//! AI generation jobs on a Redis Streams queue, the model catalogue, OpenAI-compatible and
//! offline providers, and the voting game's questions.

use std::sync::Arc;

use actix_web::web;
use common::server::routes;
use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};
use tokio_util::sync::CancellationToken;

pub mod app;
pub mod db;
pub mod domain;
pub mod error;
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

/// The ai service with its settings read from the process environment at start-up.
pub fn service() -> ServiceDef {
    build(None)
}

/// The ai service with the given settings (tests).
pub fn service_with(settings: AiSettings) -> ServiceDef {
    build(Some(Arc::new(settings)))
}

/// Cancels the background tasks when the routes (and so the application) are dropped.
struct StopOnDrop(CancellationToken);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

fn build(settings: Option<Arc<AiSettings>>) -> ServiceDef {
    ServiceDef::new(ServiceName::Ai, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .setup(move |ctx| {
            let settings = settings.clone();
            async move {
                let settings = match settings {
                    Some(settings) => settings,
                    None => Arc::new(AiSettings::from_env()?),
                };
                let state = state::AppState::build(&ctx, settings)?;
                let stop = CancellationToken::new();
                app::workers::spawn_all(&state, &stop);
                let guard = Arc::new(StopOnDrop(stop));
                let state = web::Data::new(state);
                Ok(routes(move |cfg| {
                    let _ = &guard;
                    routes::configure(cfg, state.clone())
                }))
            }
        })
}
