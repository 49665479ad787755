//! What every battle handler shares, built once per application.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use common::clients::AssetClient;
use common::db::{DbConn, DbPool};
use common::events::Events;
use common::redis::Redis;
use common::server::AppContext;
use contracts::inventory::CombatStats;
use uuid::Uuid;

use crate::app::gallery::GalleryImages;
use crate::app::writer::Writers;
use crate::clients::inventory::Inventory;
use crate::error::BattleError;
use crate::settings::BattleSettings;

/// The battle service's state.
#[derive(Clone)]
pub struct AppState {
    /// The battle database.
    pub db: DbPool,
    /// The gateway's membership sets of `battle:{id}`.
    pub redis: Redis,
    /// Publishes on `battle:{id}`.
    pub events: Events,
    /// Relays the battle events transactions enqueue.
    pub outbox: common::outbox::Outbox,
    /// Inventory.
    pub inventory: Inventory,
    /// Combat stats recently read from inventory.
    pub stats: StatsCache,
    /// One writer per enemy under attack in this process.
    pub writers: Writers,
    /// The asset service, which keeps the gallery's images.
    pub assets: AssetClient,
    /// The gallery images' CDN URLs known to this process.
    pub gallery: GalleryImages,
    /// Battle settings.
    pub settings: Arc<BattleSettings>,
}

impl AppState {
    /// Builds the state from the common context.
    pub fn build(ctx: &AppContext, settings: Arc<BattleSettings>) -> anyhow::Result<Self> {
        Ok(AppState {
            db: ctx
                .db
                .clone()
                .context("the battle service needs a database")?,
            redis: ctx.redis.clone(),
            events: ctx.events.clone(),
            outbox: common::outbox::Outbox::start_for(ctx)?,
            inventory: Inventory::new(ctx.inventory()),
            stats: StatsCache::new(settings.stats_cache),
            writers: Writers::default(),
            assets: ctx.assets(),
            gallery: GalleryImages::default(),
            settings,
        })
    }

    /// A pooled connection; 503 when the database is unreachable.
    pub async fn conn(&self) -> Result<DbConn, BattleError> {
        Ok(self.db.get().await?)
    }

    /// A player's combat stats, reused for a short time (attacks come in bursts).
    pub async fn combat_stats(&self, user: Uuid) -> Result<Arc<CombatStats>, BattleError> {
        if let Some(hit) = self.stats.get(user) {
            return Ok(hit);
        }
        let fresh = Arc::new(self.inventory.combat_stats(user).await?);
        self.stats.put(user, fresh.clone());
        Ok(fresh)
    }
}

/// Most players whose stats one process keeps.
const STATS_CACHE_MAX: usize = 10_000;

/// A small per-process cache of combat stats with a fixed lifetime.
#[derive(Clone)]
pub struct StatsCache {
    ttl: Duration,
    entries: Arc<Mutex<Entries>>,
}

/// Each player's stats and when they were read.
type Entries = HashMap<Uuid, (Instant, Arc<CombatStats>)>;

impl StatsCache {
    /// Entries live `ttl`.
    pub fn new(ttl: Duration) -> Self {
        StatsCache {
            ttl,
            entries: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// A fresh entry.
    pub fn get(&self, user: Uuid) -> Option<Arc<CombatStats>> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(&user)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, s)| s.clone())
    }

    /// Stores an entry (dropping everything expired when the map is full).
    pub fn put(&self, user: Uuid, stats: Arc<CombatStats>) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= STATS_CACHE_MAX {
                let ttl = self.ttl;
                entries.retain(|_, (at, _)| at.elapsed() < ttl);
                if entries.len() >= STATS_CACHE_MAX {
                    entries.clear();
                }
            }
            entries.insert(user, (Instant::now(), stats));
        }
    }

    /// Forgets a player (after a level change, for example).
    pub fn forget(&self, user: Uuid) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(&user);
        }
    }
}
