//! Banners, rate tables, pity and pulls paid through the economy, the odds disclosure and
//! an auditable pull history.

use std::sync::{Arc, Weak};
use std::time::Duration;

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

pub use settings::GachaSettings;

use state::AppState;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str = "Banners, rate tables, pity, pulls paid through the economy, odds disclosure and auditable history.";

/// The gacha service with its settings read from the process environment at start-up.
pub fn service() -> ServiceDef {
    build(None)
}

/// The gacha service with the given settings (tests).
pub fn service_with(settings: GachaSettings) -> ServiceDef {
    build(Some(Arc::new(settings)))
}

fn build(settings: Option<Arc<GachaSettings>>) -> ServiceDef {
    ServiceDef::new(ServiceName::Gacha, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .setup(move |ctx| {
            let settings = settings.clone();
            async move {
                let settings = match settings {
                    Some(settings) => settings,
                    None => Arc::new(GachaSettings::from_env()?),
                };
                let state = web::Data::new(AppState::build(&ctx, settings.clone())?);
                if settings.seed_banners {
                    // A database that is down must not stop the start-up: `/readyz` says so,
                    // and the next start seeds.
                    match app::banners::seed_defaults(&state).await {
                        Ok(added) => tracing::info!(added, "default banners seeded"),
                        Err(e) => tracing::warn!(error = %e, "default banners not seeded"),
                    }
                }
                let weak = Arc::downgrade(&state.clone().into_inner());
                // The reconciler runs once at start (pulls a crash left pending), then
                // periodically; the purge keeps the history to its retention.
                spawn_worker(weak.clone(), Duration::ZERO, settings.reconcile_interval, |s| {
                    Box::pin(async move { app::reconcile::run_once(&s).await.map(|_| ()) })
                });
                spawn_worker(weak, settings.purge_interval, settings.purge_interval, |s| {
                    Box::pin(async move { app::history::purge(&s).await.map(|_| ()) })
                });
                Ok(routes(move |cfg| routes::configure(cfg, state.clone())))
            }
        })
}

type Job = fn(
    Arc<AppState>,
) -> std::pin::Pin<Box<dyn Future<Output = Result<(), error::GachaError>> + Send>>;

/// Runs `job` after `first`, then every `period`, while the application (its state) lives.
fn spawn_worker(state: Weak<AppState>, first: Duration, period: Duration, job: Job) {
    tokio::spawn(async move {
        tokio::time::sleep(first).await;
        loop {
            let Some(s) = state.upgrade() else {
                break;
            };
            if let Err(e) = job(s).await {
                tracing::warn!(error = %e, "gacha background job failed");
            }
            tokio::time::sleep(period).await;
        }
    });
}
