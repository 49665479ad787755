//! What every ai handler and worker shares, built once per application.

use std::sync::Arc;

use anyhow::Context;
use common::clients::{AssetClient, InventoryClient};
use common::db::{DbConn, DbPool};
use common::events::Events;
use common::http::InternalClient;
use common::redis::Redis;
use common::server::AppContext;

use crate::error::AiError;
use crate::providers::Providers;
use crate::queue::Queue;
use crate::settings::AiSettings;

/// The ai service's state.
#[derive(Clone)]
pub struct AppState {
    /// The ai database.
    pub db: DbPool,
    /// Redis (the queue lives there).
    pub redis: Redis,
    /// Publishes `job_*` events on `user:{id}`.
    pub events: Events,
    /// Relays the `job_*` events job changes enqueue (wake it after such a commit).
    pub outbox: common::outbox::Outbox,
    /// Calls other services.
    pub internal: InternalClient,
    /// Debits and refunds gems.
    pub inventory: InventoryClient,
    /// Stores generated images and gives their CDN URLs.
    pub assets: AssetClient,
    /// The job stream.
    pub queue: Queue,
    /// One provider per model.
    pub providers: Providers,
    /// The ai settings.
    pub settings: Arc<AiSettings>,
    /// Longest `XREADGROUP` block: under the Redis response timeout.
    pub read_block: std::time::Duration,
}

impl AppState {
    /// Builds the state from the common context.
    pub fn build(ctx: &AppContext, settings: Arc<AiSettings>) -> anyhow::Result<Self> {
        let providers = Providers::build(&settings.catalogue)?;
        Ok(AppState {
            db: ctx.db.clone().context("the ai service needs a database")?,
            redis: ctx.redis.clone(),
            events: ctx.events.clone(),
            outbox: common::outbox::Outbox::start_for(ctx)?,
            internal: ctx.internal.clone(),
            inventory: ctx.inventory(),
            assets: ctx.assets(),
            queue: Queue::new(ctx.redis.clone()),
            providers,
            read_block: (ctx.settings.redis.timeout / 2).min(std::time::Duration::from_secs(1)),
            settings,
        })
    }

    /// A pooled connection; 503 when the database is unreachable.
    pub async fn conn(&self) -> Result<DbConn, AiError> {
        Ok(self.db.get().await?)
    }
}
