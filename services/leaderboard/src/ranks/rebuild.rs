//! Rebuilding a board's ranks from PostgreSQL after Redis lost them (flush, restart, eviction,
//! a new period). One rebuild per board and period runs at a time (a Redis lock); it fills
//! temporary keys and renames them over the live ones, while concurrent submissions are written
//! both to the live keys and to the temporary ones, so none is lost between the rebuild's read
//! of PostgreSQL and the swap.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use common::db::{DbPool, dedicated_connection};
use redis::Script;
use uuid::Uuid;

use super::{BoardKeys, RankStore, scripts};
use crate::db::queries;
use crate::domain::{Board, PeriodWindow};

/// Tries of one triggered rebuild before leaving it to the next reader.
const REBUILD_ATTEMPTS: u32 = 3;

/// How long the lock survives without progress; each loaded chunk extends it. A rebuild that
/// died (its process stopped, or its release failed) holds the board up for at most this long.
const LOCK_TTL: Duration = Duration::from_secs(15);

/// Entries per load script call. Redis runs nothing else while a script runs: a chunk of a
/// thousand costs it about 5 ms, where a whole 5,000-row read blocked submissions for 25 ms or
/// more and, under load, made the calls wait past their timeout.
const LOAD_CHUNK: usize = 1000;

/// Runs rebuilds, at most one per board and period in this process.
pub struct Rebuilder {
    store: RankStore,
    db: DbPool,
    batch: i64,
    start: Script,
    load: Script,
    finish: Script,
    release: Script,
    in_flight: Mutex<HashSet<String>>,
}

impl Rebuilder {
    /// A rebuilder reading `db` in batches of `batch` rows.
    pub fn new(store: RankStore, db: DbPool, batch: i64) -> Self {
        Rebuilder {
            store,
            db,
            batch,
            start: Script::new(scripts::START_REBUILD),
            load: Script::new(&scripts::load()),
            finish: Script::new(scripts::FINISH_REBUILD),
            release: Script::new(scripts::RELEASE_REBUILD),
            in_flight: Mutex::new(HashSet::new()),
        }
    }

    /// Starts a rebuild in the background unless this process already runs one for the board
    /// and period. Callers answer from PostgreSQL meanwhile.
    pub fn trigger(self: &Arc<Self>, board: &Board, window: PeriodWindow, now: DateTime<Utc>) {
        let name = self.store.keys(board, &window).zset.clone();
        let inserted = self
            .in_flight
            .lock()
            .is_ok_and(|mut running| running.insert(name.clone()));
        if !inserted {
            return;
        }
        let this = self.clone();
        let board = board.clone();
        tokio::spawn(async move {
            // A rebuild whose lock vanished (Redis flushed again mid-way) is tried again, so the
            // ranks do not wait for the next reader to notice.
            for attempt in 1..=REBUILD_ATTEMPTS {
                match this.rebuild(&board, &window, now).await {
                    Ok(true) => {
                        tracing::info!(board = %board.name, period = %window.id(), "ranks rebuilt");
                        break;
                    }
                    Ok(false) => {
                        tracing::debug!(board = %board.name, period = %window.id(), "rebuild left to another runner");
                        break;
                    }
                    Err(e) => {
                        tracing::warn!(board = %board.name, period = %window.id(), attempt, error = %format!("{e:#}"), "rebuild failed");
                        tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
                    }
                }
            }
            if let Ok(mut running) = this.in_flight.lock() {
                running.remove(&name);
            }
        });
    }

    /// Rebuilds every board and period whose ranks are not trusted (at start-up). Ranks built
    /// from another database (recreated in development, restored from a backup) are dropped
    /// first: Redis remembers which database it mirrors.
    pub async fn rebuild_missing(self: &Arc<Self>, boards: Vec<Board>, now: DateTime<Utc>) {
        let windows: Vec<PeriodWindow> = crate::domain::Period::ALL
            .iter()
            .map(|p| p.window(now))
            .collect();
        if let Err(e) = self.check_source(&boards, &windows).await {
            tracing::warn!(error = %format!("{e:#}"), "cannot check the ranks at start-up; they are rebuilt when first read");
            return;
        }
        for board in &boards {
            for window in &windows {
                match self.store.is_ready(board, window).await {
                    Ok(true) => {}
                    Ok(false) => self.trigger(board, *window, now),
                    Err(e) => {
                        tracing::warn!(error = %format!("{e:#}"), "cannot check the ranks at start-up; they are rebuilt when first read");
                        return;
                    }
                }
            }
        }
    }

    /// Forgets the ranks when Redis last mirrored a different database than this one.
    async fn check_source(&self, boards: &[Board], windows: &[PeriodWindow]) -> anyhow::Result<()> {
        let source = {
            let mut db = self.db.get().await.context("no database connection")?;
            queries::database_identity(&mut db).await?
        };
        let key = self.store.redis.keys().key("lb:source");
        let mut conn = self.store.redis.conn().await?;
        let mirrored: Option<String> = redis::cmd("GET").arg(&key).query_async(&mut conn).await?;
        if mirrored.as_deref() != Some(source.as_str()) {
            if mirrored.is_some() {
                tracing::warn!("the ranks in Redis came from another database; rebuilding them");
            }
            for board in boards {
                self.store.forget(board, windows).await?;
            }
            let _: () = redis::cmd("SET")
                .arg(&key)
                .arg(&source)
                .query_async(&mut conn)
                .await?;
        }
        Ok(())
    }

    /// Rebuilds one board and period now. `Ok(false)` when another rebuild holds the lock.
    pub async fn rebuild(
        &self,
        board: &Board,
        window: &PeriodWindow,
        now: DateTime<Utc>,
    ) -> anyhow::Result<bool> {
        let keys = self.store.keys(board, window);
        let token = Uuid::new_v4().to_string();
        let lock_ms = u64::try_from(LOCK_TTL.as_millis()).unwrap_or(u64::MAX);
        let started: i64 = {
            let mut conn = self.store.redis.conn().await?;
            self.start
                .key(&keys.lock)
                .key(&keys.tmp_zset)
                .key(&keys.tmp_map)
                .arg(&token)
                .arg(lock_ms)
                .invoke_async(&mut conn)
                .await
                .context("taking the rebuild lock")?
        };
        if started != 1 {
            return Ok(false);
        }
        let filled = self.fill_and_swap(board, window, now, &keys, &token).await;
        if filled.is_err() {
            // Our lock would otherwise block the retry (and every other runner) for its TTL.
            let released: anyhow::Result<i64> = async {
                let mut conn = self.store.redis.conn().await?;
                Ok(self
                    .release
                    .key(&keys.lock)
                    .key(&keys.tmp_zset)
                    .key(&keys.tmp_map)
                    .arg(&token)
                    .invoke_async(&mut conn)
                    .await?)
            }
            .await;
            if let Err(e) = released {
                tracing::warn!(error = %format!("{e:#}"), "could not release the rebuild lock; it expires by itself");
            }
        }
        filled
    }

    /// Loads the ranks from PostgreSQL into the temporary keys and swaps them in, while the
    /// lock `token` is held.
    async fn fill_and_swap(
        &self,
        board: &Board,
        window: &PeriodWindow,
        now: DateTime<Utc>,
        keys: &BoardKeys,
        token: &str,
    ) -> anyhow::Result<bool> {
        let lock_ms = u64::try_from(LOCK_TTL.as_millis()).unwrap_or(u64::MAX);
        // Its own connection: while the ranks are rebuilt every ranked answer comes from
        // PostgreSQL, and under load those queries hold the pool, where each of the rebuild's
        // reads would queue behind them (a 500,000-row board then took minutes, not seconds).
        let mut db = dedicated_connection(&self.db).await?;
        let mut after = 0;
        loop {
            let rows = queries::rows_after(&mut db, &board.name, window, after, self.batch).await?;
            let Some(last) = rows.last() else { break };
            after = last.id;
            let mut conn = self.store.redis.conn().await?;
            for chunk in rows.chunks(LOAD_CHUNK) {
                let mut load = self.load.prepare_invoke();
                load.key(&keys.tmp_zset)
                    .key(&keys.tmp_map)
                    .key(&keys.lock)
                    .arg(board.kind.as_str())
                    .arg(token)
                    .arg(lock_ms);
                for row in chunk {
                    load.arg(row.rank_key().member())
                        .arg(row.score)
                        .arg(row.user_id.to_string());
                }
                let kept: i64 = load
                    .invoke_async(&mut conn)
                    .await
                    .context("loading ranks")?;
                if kept != 1 {
                    anyhow::bail!("the rebuild lock was lost (Redis flushed or too slow)");
                }
            }
            if i64::try_from(rows.len()).unwrap_or(i64::MAX) < self.batch {
                break;
            }
        }
        let mut conn = self.store.redis.conn().await?;
        let done: i64 = self
            .finish
            .key(&keys.zset)
            .key(&keys.map)
            .key(&keys.ready)
            .key(&keys.tmp_zset)
            .key(&keys.tmp_map)
            .key(&keys.lock)
            .arg(token)
            .arg(window.ttl_secs(now).unwrap_or(0))
            .invoke_async(&mut conn)
            .await
            .context("swapping the rebuilt ranks in")?;
        if done != 1 {
            anyhow::bail!("the rebuild lock was lost before the swap");
        }
        Ok(true)
    }
}
