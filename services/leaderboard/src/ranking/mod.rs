//! The leaderboard's use cases over PostgreSQL (the truth) and Redis (the ranks): submitting a
//! score, and every ranked read, each falling back to PostgreSQL while Redis is not trusted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use diesel_async::AsyncPgConnection;

use crate::db::models::Score;
use crate::db::queries;
use crate::domain::{Board, Period, PeriodWindow};
use crate::error::LeaderboardError;
use crate::state::AppState;

pub mod read;
pub mod submit;
pub mod writer;

/// A score with its 1-based rank on a board in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// The stored score.
    pub score: Score,
    /// Its rank.
    pub rank: i64,
}

/// A board's top entries per period occurrence, reused for a short while so hot top-N reads
/// cost neither Redis nor PostgreSQL. A write on this replica that reaches the cached range
/// drops the copy at once; other replicas' writes show within the TTL.
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

#[derive(Default)]
struct CacheState {
    entries: HashMap<CacheKey, (Instant, Arc<CachedTop>)>,
    /// Bumped by each invalidation, so a read that started before a write cannot store what it
    /// read after the write dropped the copy.
    generations: HashMap<CacheKey, u64>,
}

/// Board name and period occurrence id: a new period never reads the previous one's copy.
type CacheKey = (String, String);

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

    /// The cached top, or the generation to pass to [`TopCache::put`] after loading it.
    fn get(&self, board: &Board, window: &PeriodWindow) -> Result<Arc<CachedTop>, u64> {
        let Ok(inner) = self.inner.lock() else {
            return Err(u64::MAX);
        };
        let key = Self::key(board, window);
        match inner.entries.get(&key) {
            Some((at, top)) if at.elapsed() < self.ttl => Ok(top.clone()),
            _ => Err(inner.generations.get(&key).copied().unwrap_or(0)),
        }
    }

    fn put(&self, board: &Board, window: &PeriodWindow, generation: u64, top: Arc<CachedTop>) {
        if self.ttl.is_zero() {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        let key = Self::key(board, window);
        if inner.generations.get(&key).copied().unwrap_or(0) != generation {
            return;
        }
        // Old period occurrences are never read again.
        let ttl = self.ttl;
        inner.entries.retain(|_, (at, _)| at.elapsed() < ttl);
        inner.entries.insert(key, (Instant::now(), top));
    }

    fn invalidate(&self, board: &Board, window: &PeriodWindow) {
        if let Ok(mut inner) = self.inner.lock() {
            let key = Self::key(board, window);
            inner.entries.remove(&key);
            let generation = inner.generations.entry(key).or_insert(0);
            *generation = generation.wrapping_add(1);
        }
    }
}

/// The rows with `ids`, in the order of `ids`, ranked from `first_rank` on.
async fn rows_in_order(
    conn: &mut AsyncPgConnection,
    ids: &[i64],
    first_rank: i64,
) -> Result<Vec<Ranked>, LeaderboardError> {
    let mut rows: HashMap<i64, Score> = queries::scores_by_ids(conn, ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    Ok(ids
        .iter()
        .filter_map(|id| rows.remove(id))
        .zip(first_rank..)
        .map(|(score, rank)| Ranked { score, rank })
        .collect())
}

/// The board named by `game_mode`, or a 400 naming the configured ones.
pub fn board<'a>(state: &'a AppState, game_mode: &str) -> Result<&'a Board, LeaderboardError> {
    state.settings.boards.get(game_mode).ok_or_else(|| {
        LeaderboardError::query(
            "game_mode",
            format!(
                "unknown game mode; one of: {}",
                state.settings.boards.names()
            ),
        )
    })
}

/// The current occurrence of `period`.
pub fn window(state: &AppState, period: Period) -> PeriodWindow {
    period.window(state.clock.now())
}

/// Logs why Redis could not answer; the caller then asks PostgreSQL.
fn redis_failed(e: &anyhow::Error) {
    tracing::warn!(error = %format!("{e:#}"), "Redis ranks unavailable; answering from PostgreSQL");
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use chrono::{DateTime, Utc};
    use uuid::Uuid;

    use super::*;

    fn ranked(rank: i64) -> Ranked {
        Ranked {
            score: Score {
                id: rank,
                user_id: Uuid::nil(),
                player_name: format!("p{rank}"),
                score: 100 - rank,
                coins: 0,
                enemies_defeated: 0,
                distance: 0,
                level: 1,
                game_mode: "levels".into(),
                created_at: DateTime::<Utc>::UNIX_EPOCH,
            },
            rank,
        }
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
}
