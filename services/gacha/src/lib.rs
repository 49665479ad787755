//! Banners, rate tables, pity and pulls paid through the economy, the odds disclosure and
//! an auditable pull history.

use std::sync::Arc;

use common::{AppContext, ServiceDef, ServiceName};
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

pub use settings::GachaSettings;

use state::AppState;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str = "Banners, rate tables, pity, pulls paid through the economy, odds disclosure and auditable history.";

/// The gacha service; `None` reads its settings from the environment at start-up.
pub fn service(settings: Option<GachaSettings>) -> ServiceDef {
    ServiceDef::new(ServiceName::Gacha, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .stateful(settings, start, routes::configure)
}

async fn start(ctx: AppContext, settings: Arc<GachaSettings>) -> anyhow::Result<AppState> {
    let state = AppState::build(&ctx, settings.clone())?;
    if settings.seed_banners {
        // A database that is down must not stop the start-up: `/readyz` says so, and the
        // next start seeds.
        match app::banners::seed_defaults(&state).await {
            Ok(added) => tracing::info!(added, "default banners seeded"),
            Err(e) => tracing::warn!(error = %e, "default banners not seeded"),
        }
    }
    // The reconciler's first turn runs at start (pulls a crash left pending), then one per
    // period; the purge keeps the history to its retention.
    let s = state.clone();
    ctx.workers
        .every("pull reconciler", settings.reconcile_interval, move || {
            let s = s.clone();
            async move { Ok(app::reconcile::run_once(&s).await.map(|_| ())?) }
        });
    let s = state.clone();
    ctx.workers
        .every("pull history purge", settings.purge_interval, move || {
            let s = s.clone();
            async move { Ok(app::history::purge(&s).await.map(|_| ())?) }
        });
    Ok(state)
}
