//! Scores, boards, periods, ranks and around-me.
//!
//! PostgreSQL holds every score; Redis sorted sets hold the ranks per board and period and are
//! rebuilt from PostgreSQL whenever they are missing (see `ranks::rebuild`).

use std::sync::Arc;

use common::{AppContext, ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod app;
pub mod clients;
pub mod clock;
pub mod db;
pub mod domain;
pub mod error;
pub mod ranks;
pub mod routes;
pub mod settings;
pub mod state;

pub use clock::{Clock, ManualClock, SystemClock};
pub use settings::LeaderboardSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str = "Scores, boards, periods, ranks and around-me.";

/// The leaderboard service; `None` reads its settings from the environment at start-up, and
/// tests pass a manual clock to roll periods over.
pub fn service(settings: Option<LeaderboardSettings>, clock: Arc<dyn Clock>) -> ServiceDef {
    ServiceDef::new(ServiceName::Leaderboard, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .stateful(
            settings,
            move |ctx, settings| start(ctx, settings, clock.clone()),
            routes::configure,
        )
}

async fn start(
    ctx: AppContext,
    settings: Arc<LeaderboardSettings>,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<state::AppState> {
    let state = state::AppState::build(&ctx, settings.clone(), clock.clone())?;
    // Ranks lost while the service was down are rebuilt in the background; reads answer from
    // PostgreSQL until then.
    let rebuilder = state.rebuilder.clone();
    let boards: Vec<_> = settings.boards.iter().cloned().collect();
    let now = clock.now();
    ctx.workers
        .spawn("rank rebuild at start", move |_stop| async move {
            rebuilder.rebuild_missing(boards, now).await;
            Ok(())
        });
    Ok(state)
}
