//! Player progression, wallet and ledger, items, equipment, pets, the shop and save games.

use std::sync::Arc;

use anyhow::Context;
use common::{AppContext, ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod app;
pub mod catalog;
pub mod db;
pub mod domain;
pub mod error;
pub mod routes;
pub mod settings;
pub mod state;

pub use settings::InventorySettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "Player progression, wallet and ledger, items, equipment, pets, the shop and save games.";

/// The inventory service; `None` reads its settings from the environment at start-up.
pub fn service(settings: Option<InventorySettings>) -> ServiceDef {
    ServiceDef::new(ServiceName::Inventory, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .stateful(settings, start, routes::configure)
}

async fn start(
    ctx: AppContext,
    settings: Arc<InventorySettings>,
) -> anyhow::Result<state::AppState> {
    let state = state::AppState::build(&ctx, settings.clone())?;
    if settings.seed_catalog {
        seed_missing_entries(&state).await;
    }
    Ok(state)
}

/// Inserts the built-in catalog's missing entries so a fresh database has a shop. A database
/// that is down (or not migrated yet) must not stop the start-up: `/readyz` reports it and
/// `inventory catalog seed` can be run later.
async fn seed_missing_entries(state: &state::AppState) {
    let result = async {
        let entries = catalog::built_in()?;
        let mut conn = state.db.get().await.context("no database connection")?;
        catalog::seed(&mut conn, &entries, false).await
    }
    .await;
    match result {
        Ok(added) => tracing::info!(added, "catalog seeded"),
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "catalog not seeded at start-up"),
    }
}
