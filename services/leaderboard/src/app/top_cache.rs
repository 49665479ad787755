//! Each board's top entries per period occurrence, kept for a short while so hot top-N reads
//! cost neither Redis nor PostgreSQL.
//!
//! Readers that miss together share one load: without that, every reader in flight when a copy
//! expired asked Redis and PostgreSQL itself, once a second, and that burst set the reads' p99
//! (29-34 ms against 7-9 ms with the copy never expiring, 50 connections, docs/BENCHMARKS.md).
//! For the same reason an expired copy is still served, for at most one more TTL, while one
//! reader refreshes it. A write on this replica that reaches the cached range drops the copy at
//! once, and no reader that arrives after the drop is given anything loaded before it; other
//! replicas' writes show within the TTL, plus one load when the copy had expired.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use tokio::sync::watch;

use super::Ranked;
use crate::domain::{Board, PeriodWindow};

/// The cache of every board's top entries in this replica.
pub struct TopCache {
    ttl: Duration,
    inner: Mutex<CacheState>,
}

/// A board's cached top entries, with the answers already rendered from them.
pub struct CachedTop {
    /// The entries, best first (up to the configured maximum limit).
    pub entries: Vec<Ranked>,
    /// Rendered answers by number of entries: a hot top-N read then costs a map lookup and a
    /// reference count instead of cloning and serialising its entries again.
    rendered: Mutex<HashMap<usize, Bytes>>,
}

impl CachedTop {
    /// Entries that are not cached (yet): each answer is rendered afresh.
    pub fn new(entries: Vec<Ranked>) -> Self {
        CachedTop {
            entries,
            rendered: Mutex::new(HashMap::new()),
        }
    }

    /// The answer for the first `limit` entries, made by `render` the first time.
    pub fn rendered<E>(
        &self,
        limit: usize,
        render: impl FnOnce(&[Ranked]) -> Result<Bytes, E>,
    ) -> Result<Bytes, E> {
        let first = &self.entries[..limit.min(self.entries.len())];
        if let Some(body) = self
            .rendered
            .lock()
            .ok()
            .and_then(|r| r.get(&first.len()).cloned())
        {
            return Ok(body);
        }
        let body = render(first)?;
        if let Ok(mut rendered) = self.rendered.lock() {
            rendered.insert(first.len(), body.clone());
        }
        Ok(body)
    }
}

/// Board name and period occurrence id: a new period never reads the previous one's copy.
type CacheKey = (String, String);

/// Where a load's result is announced: `None` until it succeeds. The sender is dropped when
/// the load ends, so waiters learn of a failed or abandoned load too.
type Announced = watch::Receiver<Option<Arc<CachedTop>>>;

/// A load in progress.
struct Flight {
    /// Tells this load from a later one of the same key.
    id: u64,
    /// The key's generation when it started: only readers that saw the same one may share it.
    generation: u64,
    result: Announced,
}

#[derive(Default)]
struct CacheState {
    entries: HashMap<CacheKey, (Instant, Arc<CachedTop>)>,
    /// Bumped by each invalidation, so a read that started before a write cannot store what it
    /// read after the write dropped the copy, nor hand it to readers that came after the drop.
    generations: HashMap<CacheKey, u64>,
    flights: HashMap<CacheKey, Flight>,
    next_flight: u64,
}

/// What a reader does after looking in the cache.
enum Lookup<'a> {
    /// Use this copy.
    Hit(Arc<CachedTop>),
    /// Another reader is loading what this one would: wait for its result.
    Wait(Announced),
    /// Load it, and hand the result to the readers waiting on the ticket.
    Load(LoadTicket<'a>),
}

/// The duty to load one key's top for the readers waiting on it. Dropped without
/// [`LoadTicket::finish`] (a failed or abandoned load), it lets them load for themselves.
struct LoadTicket<'a> {
    cache: &'a TopCache,
    key: CacheKey,
    generation: u64,
    /// `None` when nothing is shared (the cache is off).
    flight: Option<(u64, watch::Sender<Option<Arc<CachedTop>>>)>,
}

impl LoadTicket<'_> {
    /// Stores `top` (unless a write dropped the key meanwhile) and hands it to the waiters.
    fn finish(self, top: &Arc<CachedTop>) {
        self.cache.put(&self.key, self.generation, top.clone());
        if let Some((_, announce)) = &self.flight {
            announce.send_replace(Some(top.clone()));
        }
    }
}

impl Drop for LoadTicket<'_> {
    fn drop(&mut self) {
        let Some((id, _)) = &self.flight else {
            return;
        };
        if let Ok(mut inner) = self.cache.inner.lock()
            && inner.flights.get(&self.key).is_some_and(|f| f.id == *id)
        {
            inner.flights.remove(&self.key);
        }
    }
}

impl TopCache {
    /// A cache keeping entries for `ttl` (zero disables it).
    pub fn new(ttl: Duration) -> Self {
        TopCache {
            ttl,
            inner: Mutex::new(CacheState::default()),
        }
    }

    fn key(board: &Board, window: &PeriodWindow) -> CacheKey {
        (board.name.clone(), window.id())
    }

    /// The top of `board` in `window`: the cached copy, the result of a load another reader
    /// is running, or else what `load` reads.
    pub async fn get_or_load<E, F, Fut>(
        &self,
        board: &Board,
        window: &PeriodWindow,
        load: F,
    ) -> Result<Arc<CachedTop>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Vec<Ranked>, E>>,
    {
        let ticket = match self.lookup(Self::key(board, window)) {
            Lookup::Hit(top) => return Ok(top),
            Lookup::Wait(mut result) => {
                if let Ok(top) = result.wait_for(Option::is_some).await
                    && let Some(top) = top.as_ref()
                {
                    return Ok(top.clone());
                }
                // That load failed or its reader went away: this reader's own load answers it,
                // with its own error if it fails too.
                return Ok(Arc::new(CachedTop::new(load().await?)));
            }
            Lookup::Load(ticket) => ticket,
        };
        let top = Arc::new(CachedTop::new(load().await?));
        ticket.finish(&top);
        Ok(top)
    }

    fn lookup(&self, key: CacheKey) -> Lookup<'_> {
        let uncached = |key| {
            Lookup::Load(LoadTicket {
                cache: self,
                key,
                generation: 0,
                flight: None,
            })
        };
        if self.ttl.is_zero() {
            return uncached(key);
        }
        let Ok(mut inner) = self.inner.lock() else {
            return uncached(key);
        };
        let generation = inner.generations.get(&key).copied().unwrap_or(0);
        let shared = inner
            .flights
            .get(&key)
            .filter(|f| f.generation == generation)
            .map(|f| f.result.clone());
        // An entry present was stored at the current generation: invalidations remove it.
        if let Some((at, top)) = inner.entries.get(&key) {
            let age = at.elapsed();
            if age < self.ttl || (shared.is_some() && age < self.ttl.saturating_mul(2)) {
                return Lookup::Hit(top.clone());
            }
        }
        if let Some(result) = shared {
            return Lookup::Wait(result);
        }
        let id = inner.next_flight;
        inner.next_flight = id.wrapping_add(1);
        let (announce, result) = watch::channel(None);
        inner.flights.insert(
            key.clone(),
            Flight {
                id,
                generation,
                result,
            },
        );
        Lookup::Load(LoadTicket {
            cache: self,
            key,
            generation,
            flight: Some((id, announce)),
        })
    }

    fn put(&self, key: &CacheKey, generation: u64, top: Arc<CachedTop>) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.generations.get(key).copied().unwrap_or(0) != generation {
            return;
        }
        // Old period occurrences are never read again; expired copies are served only while
        // a refresh runs, for one TTL at most.
        let keep = self.ttl.saturating_mul(2);
        inner.entries.retain(|_, (at, _)| at.elapsed() < keep);
        inner.entries.insert(key.clone(), (Instant::now(), top));
    }

    /// Drops the copy of `board` in `window` after a write that reaches it.
    pub fn invalidate(&self, board: &Board, window: &PeriodWindow) {
        if let Ok(mut inner) = self.inner.lock() {
            let key = Self::key(board, window);
            inner.entries.remove(&key);
            let generation = inner.generations.entry(key).or_insert(0);
            *generation = generation.wrapping_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use chrono::{DateTime, Utc};
    use tokio::sync::oneshot;
    use uuid::Uuid;

    use super::*;
    use crate::db::models::Score;
    use crate::domain::{BoardKind, Period};

    fn ranked(rank: i64) -> Ranked {
        Ranked {
            score: Score::sample(rank, Uuid::nil(), &format!("p{rank}"), 100 - rank),
            rank,
        }
    }

    fn board() -> Board {
        Board {
            name: "levels".into(),
            kind: BoardKind::Best,
            max_score: 1000,
        }
    }

    fn all_time() -> PeriodWindow {
        Period::All.window(DateTime::<Utc>::UNIX_EPOCH)
    }

    fn ids(top: &CachedTop) -> Vec<i64> {
        top.entries.iter().map(|r| r.score.id).collect()
    }

    /// A load that returns `rank` once `go` fires, counting itself in `loads`.
    async fn gated_load(
        loads: &AtomicUsize,
        go: oneshot::Receiver<()>,
        rank: i64,
    ) -> Result<Vec<Ranked>, ()> {
        loads.fetch_add(1, Ordering::SeqCst);
        go.await.map_err(|_| ())?;
        Ok(vec![ranked(rank)])
    }

    async fn instant_load(loads: &AtomicUsize, rank: i64) -> Result<Vec<Ranked>, ()> {
        loads.fetch_add(1, Ordering::SeqCst);
        Ok(vec![ranked(rank)])
    }

    /// `read`'s answer, or an error when it waits longer than a second (for a load that
    /// waits on this reader, say).
    async fn within_a_second(
        read: impl Future<Output = Result<Arc<CachedTop>, ()>>,
    ) -> Result<Arc<CachedTop>, ()> {
        tokio::time::timeout(Duration::from_secs(1), read)
            .await
            .unwrap_or(Err(()))
    }

    #[test]
    fn each_answer_is_rendered_once_per_number_of_entries() {
        let top = CachedTop::new((1..=3).map(ranked).collect());
        let renders = Cell::new(0);
        let render = |entries: &[Ranked]| {
            renders.set(renders.get() + 1);
            let ids: Vec<String> = entries.iter().map(|r| r.score.id.to_string()).collect();
            Ok::<_, ()>(Bytes::from(ids.join(",")))
        };
        assert_eq!(top.rendered(2, render), Ok(Bytes::from("1,2")));
        assert_eq!(top.rendered(2, render), Ok(Bytes::from("1,2")));
        assert_eq!(renders.get(), 1, "the second read reuses the first answer");
        // Asking for more than there are is the same answer as asking for all of them.
        assert_eq!(top.rendered(3, render), Ok(Bytes::from("1,2,3")));
        assert_eq!(top.rendered(50, render), Ok(Bytes::from("1,2,3")));
        assert_eq!(renders.get(), 2);
        // A failed render is not remembered.
        assert_eq!(top.rendered(1, |_| Err(())), Err(()));
        assert_eq!(top.rendered(1, render), Ok(Bytes::from("1")));
    }

    #[tokio::test]
    async fn readers_that_miss_together_share_one_load() {
        let cache = TopCache::new(Duration::from_secs(60));
        let (board, window) = (board(), all_time());
        let loads = AtomicUsize::new(0);
        let (go, gate) = oneshot::channel();
        let first = cache.get_or_load(&board, &window, || gated_load(&loads, gate, 1));
        let others = futures_util::future::join_all(
            (0..5).map(|_| cache.get_or_load(&board, &window, || instant_load(&loads, 2))),
        );
        let release = async {
            tokio::task::yield_now().await;
            let _ = go.send(());
        };
        let (first, others, ()) = tokio::join!(first, others, release);

        assert_eq!(loads.load(Ordering::SeqCst), 1);
        assert_eq!(ids(&first.unwrap()), [1]);
        for top in others {
            assert_eq!(ids(&top.unwrap()), [1]);
        }
    }

    #[tokio::test]
    async fn a_reader_after_a_write_does_not_share_a_load_begun_before_it() {
        let cache = TopCache::new(Duration::from_secs(60));
        let (board, window) = (board(), all_time());
        let loads = AtomicUsize::new(0);
        let (go, gate) = oneshot::channel();
        let before = cache.get_or_load(&board, &window, || gated_load(&loads, gate, 1));
        let after = async {
            tokio::task::yield_now().await;
            cache.invalidate(&board, &window);
            let top =
                within_a_second(cache.get_or_load(&board, &window, || instant_load(&loads, 2)))
                    .await;
            let _ = go.send(());
            top
        };
        let (before, after) = tokio::join!(before, after);

        assert_eq!(ids(&before.unwrap()), [1]);
        assert_eq!(ids(&after.unwrap()), [2], "loaded after the write");
        assert_eq!(loads.load(Ordering::SeqCst), 2);
        // The load that began before the write was not stored; the later one was.
        let next = cache
            .get_or_load(&board, &window, || instant_load(&loads, 3))
            .await;
        assert_eq!(ids(&next.unwrap()), [2]);
    }

    #[tokio::test]
    async fn waiters_load_for_themselves_when_the_shared_load_fails() {
        let cache = TopCache::new(Duration::from_secs(60));
        let (board, window) = (board(), all_time());
        let loads = AtomicUsize::new(0);
        let (go, gate) = oneshot::channel::<()>();
        let failing = cache.get_or_load(&board, &window, || gated_load(&loads, gate, 1));
        let waiter = cache.get_or_load(&board, &window, || instant_load(&loads, 2));
        let fail = async {
            tokio::task::yield_now().await;
            drop(go);
        };
        let (failing, waiter, ()) = tokio::join!(failing, waiter, fail);

        assert_eq!(failing.map(|t| ids(&t)), Err(()));
        assert_eq!(ids(&waiter.unwrap()), [2]);
        assert_eq!(loads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_expired_copy_is_served_while_one_reader_refreshes_it() {
        let ttl = Duration::from_millis(200);
        let cache = TopCache::new(ttl);
        let (board, window) = (board(), all_time());
        let loads = AtomicUsize::new(0);
        let first = cache
            .get_or_load(&board, &window, || instant_load(&loads, 1))
            .await;
        assert_eq!(ids(&first.unwrap()), [1]);
        tokio::time::sleep(ttl + Duration::from_millis(20)).await;

        let (go, gate) = oneshot::channel();
        let refresher = cache.get_or_load(&board, &window, || gated_load(&loads, gate, 2));
        let reader = async {
            tokio::task::yield_now().await;
            let top =
                within_a_second(cache.get_or_load(&board, &window, || instant_load(&loads, 3)))
                    .await;
            let _ = go.send(());
            top
        };
        let (refreshed, stale) = tokio::join!(refresher, reader);

        assert_eq!(ids(&refreshed.unwrap()), [2]);
        assert_eq!(
            ids(&stale.unwrap()),
            [1],
            "the expired copy, without waiting"
        );
        assert_eq!(loads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn with_the_cache_off_every_reader_loads() {
        let cache = TopCache::new(Duration::ZERO);
        let (board, window) = (board(), all_time());
        let loads = AtomicUsize::new(0);
        for rank in 1..=3 {
            let top = cache
                .get_or_load(&board, &window, || instant_load(&loads, rank))
                .await;
            assert_eq!(ids(&top.unwrap()), [rank]);
        }
        assert_eq!(loads.load(Ordering::SeqCst), 3);
    }
}
