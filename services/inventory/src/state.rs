//! What every inventory handler shares, built once per application.

use std::sync::Arc;

use anyhow::Context;
use common::db::{DbConn, DbPool};
use common::http::InternalClient;
use common::server::AppContext;

use crate::app::economy::Economy;
use crate::error::InventoryError;
use crate::settings::InventorySettings;

/// The inventory service's state.
pub struct AppState {
    /// The inventory database.
    pub db: DbPool,
    /// The economy core.
    pub economy: Economy,
    /// The inventory settings.
    pub settings: Arc<InventorySettings>,
    /// Calls to auth (usernames).
    pub internal: InternalClient,
}

impl AppState {
    /// Builds the state from the shared context.
    pub fn build(ctx: &AppContext, settings: Arc<InventorySettings>) -> anyhow::Result<Self> {
        let db = ctx
            .db
            .clone()
            .context("the inventory service needs a database")?;
        Ok(AppState {
            economy: Economy::new(
                db.clone(),
                settings.clone(),
                common::outbox::Outbox::start_for(ctx)?,
            ),
            db,
            settings,
            internal: ctx.internal.clone(),
        })
    }

    /// A pooled connection; 503 when the database is unreachable.
    pub async fn conn(&self) -> Result<DbConn, InventoryError> {
        Ok(self.db.get().await?)
    }
}
