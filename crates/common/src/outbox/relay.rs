//! The relay: publishes committed outbox rows in id order and deletes them.
//!
//! One pass is one PostgreSQL transaction holding a transaction-scoped advisory lock, so of all
//! the replicas of a service one drains at a time and a topic's events keep their order; the
//! others wait for the lock and then see whatever committed meanwhile. The rows go to Redis in
//! one script call before they are deleted: a crash or failure after the publish leaves them in
//! place, and the next pass gets the stream ids the first try made (the script's dedupe keys).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use tokio::sync::{Notify, OnceCell, watch};
use tokio_util::sync::CancellationToken;

use super::event_outbox;
use crate::db::{DbPool, advisory_lock_key};
use crate::events::{Events, StoredEvent};
use crate::server::AppContext;
use crate::worker::Workers;

/// Rows one pass publishes (one Redis round trip).
const BATCH: i64 = 200;
/// How often the relay looks for rows nobody woke it for (another replica's crash leftovers).
const SWEEP: Duration = Duration::from_secs(1);
/// First wait after a failed pass; it doubles up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_millis(25);
/// Longest wait between tries while PostgreSQL or Redis is down.
const MAX_BACKOFF: Duration = Duration::from_secs(1);
/// How long a published row keeps its stream id against republishing: far longer than a pass
/// (milliseconds), long enough for a replica's restart or a PostgreSQL blip after the publish.
pub const DEDUPE_WINDOW: Duration = Duration::from_secs(600);
/// Longest one pass may take before it counts as failed (Redis hanging mid-pass).
const PASS_TIMEOUT: Duration = Duration::from_secs(10);

/// A service's outbox relay. Cheap to clone; [`Outbox::wake`] after a commit that enqueued.
#[derive(Clone)]
pub struct Outbox {
    inner: Arc<Inner>,
}

struct Inner {
    pool: DbPool,
    events: Events,
    service: String,
    lock_key: i64,
    wake: Notify,
    /// Flush tickets handed out, and the last one a successful drain covered.
    asked: AtomicU64,
    covered: watch::Sender<u64>,
    /// The database's oid, read at the first pass: outbox ids restart in a recreated database
    /// (a test or development reset, a new environment on the same Redis), and a key naming
    /// only the id would find the old database's row published and drop the new event.
    scope: OnceCell<u32>,
}

/// The script's dedupe key of a row: one per service, database and outbox id.
fn dedupe_key(service: &str, scope: u32, id: i64) -> String {
    format!("{service}:{scope}:{id}")
}

#[derive(QueryableByName)]
struct DatabaseOid {
    #[diesel(sql_type = diesel::sql_types::Oid)]
    oid: u32,
}

#[derive(Queryable)]
struct Row {
    id: i64,
    topic: String,
    body: String,
}

impl Outbox {
    /// The relay of `service`'s outbox in `pool`'s database; it does nothing until started.
    pub fn new(pool: DbPool, events: Events, service: &str) -> Self {
        Outbox {
            inner: Arc::new(Inner {
                pool,
                events,
                service: service.to_owned(),
                lock_key: advisory_lock_key(&format!("event_outbox:{service}")),
                wake: Notify::new(),
                asked: AtomicU64::new(0),
                covered: watch::Sender::new(0),
                scope: OnceCell::new(),
            }),
        }
    }

    /// The service's relay, started on its workers (stopped with the application).
    pub fn start_for(ctx: &AppContext) -> anyhow::Result<Self> {
        let outbox = Outbox::new(
            ctx.db_pool()?,
            ctx.events.clone(),
            ctx.settings.service.as_str(),
        );
        outbox.start(&ctx.workers);
        Ok(outbox)
    }

    /// Runs the relay on `workers` until they stop.
    pub fn start(&self, workers: &Workers) {
        let outbox = self.clone();
        workers.spawn("outbox relay", |stop| outbox.run(stop));
    }

    /// Tells the relay that rows were committed: it publishes them within milliseconds instead
    /// of at the next sweep. Call it after the commit; before, the rows are not visible yet.
    pub fn wake(&self) {
        self.inner.wake.notify_one();
    }

    /// Wakes the relay and waits, at most `within`, until it has published everything
    /// committed before the call: for answers that must not overtake their events. False when
    /// it did not in time (Redis down, relay not started); the events still go out later.
    pub async fn flush(&self, within: Duration) -> bool {
        let ticket = self.inner.asked.fetch_add(1, Ordering::SeqCst) + 1;
        let mut covered = self.inner.covered.subscribe();
        self.wake();
        matches!(
            tokio::time::timeout(within, covered.wait_for(|c| *c >= ticket)).await,
            Ok(Ok(_))
        )
    }

    /// [`Outbox::flush`], then the event ids the rows `ids` (from [`super::enqueue_id`]) were
    /// published with, in order: for answers that name their event. `None` for a row not
    /// published within `within` (Redis down); it still goes out later.
    pub async fn flush_ids(&self, ids: &[i64], within: Duration) -> Vec<Option<String>> {
        if !self.flush(within).await {
            return vec![None; ids.len()];
        }
        // A successful flush ran a pass, which read the scope.
        let Some(&scope) = self.inner.scope.get() else {
            return vec![None; ids.len()];
        };
        let keys: Vec<String> = ids
            .iter()
            .map(|id| dedupe_key(&self.inner.service, scope, *id))
            .collect();
        match self.inner.events.stored_ids(&keys).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(service = %self.inner.service, error = %format!("{e:#}"), "published event ids not read");
                vec![None; ids.len()]
            }
        }
    }

    /// Publishes every row committed so far; returns how many it published.
    pub async fn drain(&self) -> anyhow::Result<usize> {
        let mut total = 0;
        loop {
            let published = tokio::time::timeout(PASS_TIMEOUT, self.pass())
                .await
                .context("an outbox pass timed out")??;
            total += published;
            if published < BATCH as usize {
                return Ok(total);
            }
        }
    }

    async fn run(self, stop: CancellationToken) -> anyhow::Result<()> {
        let mut backoff = MIN_BACKOFF;
        let mut failing = false;
        loop {
            // Read before the drain starts: every flush up to here committed its rows first.
            let ticket = AtomicU64::load(&self.inner.asked, Ordering::SeqCst);
            let wait = match self.drain().await {
                Ok(_) => {
                    self.inner.covered.send_if_modified(|c| {
                        let newer = ticket > *c;
                        *c = (*c).max(ticket);
                        newer
                    });
                    if failing {
                        tracing::info!(service = %self.inner.service, "outbox relay recovered");
                        failing = false;
                    }
                    backoff = MIN_BACKOFF;
                    SWEEP
                }
                Err(e) => {
                    // Once per outage, not once per retry.
                    if !failing {
                        tracing::warn!(service = %self.inner.service, error = %format!("{e:#}"), "outbox relay failing; events wait in the outbox");
                    }
                    failing = true;
                    let wait = backoff;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    wait
                }
            };
            tokio::select! {
                () = stop.cancelled() => break,
                () = self.inner.wake.notified(), if !failing => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
        // What the last requests committed goes out now rather than at the next start.
        if let Err(e) = self.drain().await {
            tracing::warn!(service = %self.inner.service, error = %format!("{e:#}"), "outbox not drained at shutdown");
        }
        Ok(())
    }

    /// One transaction: lock, read up to [`BATCH`] rows, publish them, delete them.
    async fn pass(&self) -> anyhow::Result<usize> {
        let inner = &self.inner;
        let mut conn = inner.pool.get().await.context("no database connection")?;
        conn.transaction::<_, anyhow::Error, _>(async |conn| {
            diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                .bind::<diesel::sql_types::BigInt, _>(inner.lock_key)
                .execute(conn)
                .await
                .context("taking the outbox lock")?;
            let rows: Vec<Row> = event_outbox::table
                .select((event_outbox::id, event_outbox::topic, event_outbox::body))
                .order(event_outbox::id.asc())
                .limit(BATCH)
                .load(conn)
                .await
                .context("reading the outbox")?;
            let scope = *inner
                .scope
                .get_or_try_init(|| async {
                    diesel::sql_query(
                        "SELECT oid FROM pg_database WHERE datname = current_database()",
                    )
                    .get_result::<DatabaseOid>(conn)
                    .await
                    .map(|d| d.oid)
                    .context("reading the database's oid")
                })
                .await?;
            if rows.is_empty() {
                return Ok(0);
            }
            let keys: Vec<String> = rows
                .iter()
                .map(|r| dedupe_key(&inner.service, scope, r.id))
                .collect();
            let stored: Vec<StoredEvent<'_>> = rows
                .iter()
                .zip(&keys)
                .map(|(r, key)| StoredEvent {
                    dedupe: key,
                    topic: &r.topic,
                    body: &r.body,
                })
                .collect();
            inner.events.publish_stored(&stored, DEDUPE_WINDOW).await?;
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            diesel::delete(event_outbox::table.filter(event_outbox::id.eq_any(&ids)))
                .execute(conn)
                .await
                .context("deleting published outbox rows")?;
            Ok(rows.len())
        })
        .await
    }
}
