//! What every gacha handler shares, built once per application.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use anyhow::Context;
use common::clients::InventoryClient;
use common::db::{DbConn, DbPool};
use common::events::Events;
use common::http::InternalClient;
use common::outbox::Outbox;
use common::server::AppContext;
use uuid::Uuid;

use crate::app::banners::LoadedBanner;
use crate::error::GachaError;
use crate::settings::GachaSettings;

/// Banner versions are immutable, so a parsed one (with its computed odds) is kept for the
/// life of the process.
pub type BannerCache = Arc<RwLock<HashMap<(Uuid, i32), Arc<LoadedBanner>>>>;

/// The gacha service's state.
#[derive(Clone)]
pub struct AppState {
    /// The gacha database.
    pub db: DbPool,
    /// Publishes `gacha_pull` and `legendary_pull`.
    pub events: Events,
    /// Relays the events pulls enqueue (wake it after such a commit).
    pub outbox: Outbox,
    /// Pays for pulls.
    pub inventory: InventoryClient,
    /// Calls inventory's catalog and auth's public names.
    pub internal: InternalClient,
    /// Gacha settings.
    pub settings: Arc<GachaSettings>,
    /// Parsed banner versions.
    pub banners: BannerCache,
}

impl AppState {
    /// Builds the state from the common context.
    pub fn build(ctx: &AppContext, settings: Arc<GachaSettings>) -> anyhow::Result<Self> {
        Ok(AppState {
            db: ctx
                .db
                .clone()
                .context("the gacha service needs a database")?,
            events: ctx.events.clone(),
            outbox: Outbox::start_for(ctx)?,
            inventory: ctx.inventory(),
            internal: ctx.internal.clone(),
            settings,
            banners: BannerCache::default(),
        })
    }

    /// A pooled connection; 503 when the database is unreachable.
    pub async fn conn(&self) -> Result<DbConn, GachaError> {
        Ok(self.db.get().await?)
    }
}
