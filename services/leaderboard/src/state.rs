//! What every leaderboard handler shares, built once per application.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use common::db::{DbConn, DbPool};
use common::events::Events;
use common::server::AppContext;

use crate::app::TopCache;
use crate::app::fallback::FallbackLimit;
use crate::app::writer::ScoreWriter;
use crate::clients::names::Usernames;
use crate::clock::Clock;
use crate::error::LeaderboardError;
use crate::ranks::RankStore;
use crate::ranks::rebuild::Rebuilder;
use crate::settings::LeaderboardSettings;

/// The leaderboard service's state.
pub struct AppState {
    /// The leaderboard database: every score.
    pub db: DbPool,
    /// The Redis ranks.
    pub ranks: RankStore,
    /// Rebuilds ranks from the database.
    pub rebuilder: Arc<Rebuilder>,
    /// The event publisher.
    pub events: Events,
    /// Usernames from auth.
    pub names: Usernames,
    /// Recently read top entries.
    pub top_cache: TopCache,
    /// The leaderboard settings.
    pub settings: Arc<LeaderboardSettings>,
    /// Where "now" comes from (settable in tests).
    pub clock: Arc<dyn Clock>,
    /// Group-commits submissions.
    pub writer: Arc<ScoreWriter>,
    /// Bounds the rank queries PostgreSQL answers while Redis is not trusted.
    pub fallback: FallbackLimit,
}

/// How long a ranked answer waits for a turn at PostgreSQL while the ranks are rebuilt.
const FALLBACK_WAIT: Duration = Duration::from_secs(2);

impl AppState {
    /// Builds the state from the shared context.
    pub fn build(
        ctx: &AppContext,
        settings: Arc<LeaderboardSettings>,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        let db = ctx
            .db
            .clone()
            .context("the leaderboard service needs a database")?;
        let ranks = RankStore::new(ctx.redis.clone());
        Ok(AppState {
            writer: ScoreWriter::new(
                db.clone(),
                settings.writers,
                settings.write_batch,
                settings.synchronous_commit,
            ),
            rebuilder: Arc::new(Rebuilder::new(
                ranks.clone(),
                db.clone(),
                settings.rebuild_batch,
            )),
            db,
            ranks,
            events: ctx.events.clone(),
            names: Usernames::new(
                ctx.internal.clone(),
                ctx.redis.clone(),
                settings.name_cache_ttl,
            ),
            top_cache: TopCache::new(settings.top_cache_ttl),
            fallback: FallbackLimit::new(settings.fallback_queries, FALLBACK_WAIT),
            settings,
            clock,
        })
    }

    /// A pooled connection; 503 when the database is unreachable.
    pub async fn conn(&self) -> Result<DbConn, LeaderboardError> {
        Ok(self.db.get().await?)
    }
}
