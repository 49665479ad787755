//! Scores, boards, periods, ranks and around-me.
//!
//! PostgreSQL holds every score; Redis sorted sets hold the ranks per board and period and are
//! rebuilt from PostgreSQL whenever they are missing (see `ranks::rebuild`).

use std::sync::Arc;

use actix_web::web;
use common::server::routes;
use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod clock;
pub mod db;
pub mod domain;
pub mod error;
pub mod fallback;
pub mod names;
pub mod ranking;
pub mod ranks;
pub mod routes;
pub mod settings;
pub mod state;

pub use clock::{Clock, ManualClock, SystemClock};
pub use settings::LeaderboardSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str = "Scores, boards, periods, ranks and around-me.";

/// The leaderboard service with its settings read from the environment and the system clock.
pub fn service() -> ServiceDef {
    build(None, Arc::new(SystemClock))
}

/// The leaderboard service with the given settings and clock (tests roll periods over).
pub fn service_with(settings: LeaderboardSettings, clock: Arc<dyn Clock>) -> ServiceDef {
    build(Some(Arc::new(settings)), clock)
}

fn build(settings: Option<Arc<LeaderboardSettings>>, clock: Arc<dyn Clock>) -> ServiceDef {
    ServiceDef::new(ServiceName::Leaderboard, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .setup(move |ctx| {
            let settings = settings.clone();
            let clock = clock.clone();
            async move {
                let settings = match settings {
                    Some(settings) => settings,
                    None => Arc::new(LeaderboardSettings::from_env()?),
                };
                let state = state::AppState::build(&ctx, settings.clone(), clock.clone())?;
                // Ranks lost while the service was down are rebuilt in the background; reads
                // answer from PostgreSQL until then.
                let rebuilder = state.rebuilder.clone();
                let boards: Vec<_> = settings.boards.iter().cloned().collect();
                let now = clock.now();
                tokio::spawn(async move { rebuilder.rebuild_missing(boards, now).await });
                let state = web::Data::new(state);
                Ok(routes(move |cfg| routes::configure(cfg, state.clone())))
            }
        })
}
