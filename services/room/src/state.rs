//! What every room handler shares, built once per application.

use std::sync::Arc;

use anyhow::Context;
use common::clients::InventoryClient;
use common::db::{DbConn, DbPool};
use common::events::Events;
use common::http::InternalClient;
use common::redis::Redis;
use common::server::AppContext;

use crate::error::RoomError;
use crate::settings::RoomSettings;

/// The room service's state.
#[derive(Clone)]
pub struct AppState {
    /// The room database.
    pub db: DbPool,
    /// Membership sets and co-op live state.
    pub redis: Redis,
    /// Publishes on `room:{code}`.
    pub events: Events,
    /// Relays the events room transactions enqueue (chat so far; see docs/reliability/outbox.md).
    pub outbox: common::outbox::Outbox,
    /// Calls auth.
    pub internal: InternalClient,
    /// Consumes and grants furniture.
    pub inventory: InventoryClient,
    /// Room settings.
    pub settings: Arc<RoomSettings>,
}

impl AppState {
    /// Builds the state from the common context.
    pub fn build(ctx: &AppContext, settings: Arc<RoomSettings>) -> anyhow::Result<Self> {
        Ok(AppState {
            db: ctx
                .db
                .clone()
                .context("the room service needs a database")?,
            redis: ctx.redis.clone(),
            events: ctx.events.clone(),
            outbox: common::outbox::Outbox::start_for(ctx)?,
            internal: ctx.internal.clone(),
            inventory: ctx.inventory(),
            settings,
        })
    }

    /// A pooled connection; 503 when the database is unreachable.
    pub async fn conn(&self) -> Result<DbConn, RoomError> {
        Ok(self.db.get().await?)
    }

    /// A pooled Redis connection; 503 when Redis is unreachable.
    pub async fn redis_conn(&self) -> Result<deadpool_redis::Connection, RoomError> {
        self.redis
            .conn()
            .await
            .map_err(|e| RoomError::Infra(common::Infra::redis(e)))
    }
}
