//! Player progression, wallet and ledger, items, equipment, pets, the shop and save games.

use std::sync::Arc;

use actix_web::web;
use anyhow::Context;
use common::server::routes;
use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod catalog;
pub mod db;
pub mod domain;
pub mod economy;
pub mod error;
pub mod profile;
pub mod routes;
pub mod settings;
pub mod state;
pub mod views;

pub use settings::InventorySettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "Player progression, wallet and ledger, items, equipment, pets, the shop and save games.";

/// The inventory service with its settings read from the process environment at start-up.
pub fn service() -> ServiceDef {
    build(None)
}

/// The inventory service with the given settings (tests).
pub fn service_with(settings: InventorySettings) -> ServiceDef {
    build(Some(Arc::new(settings)))
}

fn build(settings: Option<Arc<InventorySettings>>) -> ServiceDef {
    ServiceDef::new(ServiceName::Inventory, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .setup(move |ctx| {
            let settings = settings.clone();
            async move {
                let settings = match settings {
                    Some(settings) => settings,
                    None => Arc::new(InventorySettings::from_env()?),
                };
                let state = state::AppState::build(&ctx, settings.clone())?;
                if settings.seed_catalog {
                    seed_missing_entries(&state).await;
                }
                let state = web::Data::new(state);
                Ok(routes(move |cfg| routes::configure(cfg, state.clone())))
            }
        })
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
