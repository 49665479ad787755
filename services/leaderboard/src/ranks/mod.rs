//! The Redis ranks: one sorted set per board and period occurrence, a cache of PostgreSQL that
//! is rebuilt when missing (see [`rebuild`]) and never trusted before a rebuild finished.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use common::redis::Redis;
use redis::Script;
use uuid::Uuid;

use crate::domain::{Board, Period, PeriodWindow, RankKey};

mod batch;
pub mod rebuild;
mod scripts;

/// The Redis keys of one board in one period occurrence.
#[derive(Debug, Clone)]
pub struct BoardKeys {
    /// Sorted set: score -> rank-key member.
    pub zset: String,
    /// Hash: user id -> member of the user's best entry.
    pub map: String,
    /// Set once a rebuild finished; without it the ranks are not trusted.
    pub ready: String,
    /// The set a rebuild fills before renaming it over `zset`.
    pub tmp_zset: String,
    /// The map a rebuild fills before renaming it over `map`.
    pub tmp_map: String,
    /// Held by the one rebuild in progress.
    pub lock: String,
}

/// Where a new entry landed in one period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// Whether the set was trusted (rebuilt since Redis last lost it).
    pub ready: bool,
    /// 0-based position of the entry (or the position it would take).
    pub position: i64,
    /// Whether the entry is on the board (a `best` board keeps only each player's best).
    pub entered: bool,
}

/// A user's position and the members around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Around {
    /// The set is not trusted: ask PostgreSQL.
    NotReady,
    /// The user has no entry; the board has `total` entries.
    Absent {
        /// Entries on the board.
        total: i64,
    },
    /// The user's 0-based position, the board size, and score ids from position `first`.
    Found {
        /// The user's 0-based position.
        position: i64,
        /// Entries on the board.
        total: i64,
        /// 0-based position of `ids[0]`.
        first: i64,
        /// Score ids in rank order.
        ids: Vec<i64>,
    },
}

/// Reads and writes the ranks.
#[derive(Clone)]
pub struct RankStore {
    redis: Redis,
    record: Script,
    around: Script,
    key_cache: Arc<Mutex<KeyCache>>,
    /// Which thread-local batcher queues belong to this store.
    batcher: usize,
}

/// Key names per board, then per period occurrence: a submission names 24 keys, and building
/// them anew cost dozens of allocations per request.
type KeyCache = HashMap<String, HashMap<(Period, i64), Arc<BoardKeys>>>;

/// Occurrences remembered per board before the cache of that board is emptied (a day adds at
/// most three).
const KEY_CACHE_PER_BOARD: usize = 64;

impl RankStore {
    /// The store over `redis`: the pool for rebuilds, its shared multiplexed connection for
    /// the per-request commands (no pool checkout, concurrent requests pipelined).
    pub fn new(redis: Redis) -> Self {
        RankStore {
            redis,
            record: Script::new(&scripts::record()),
            around: Script::new(scripts::AROUND),
            key_cache: Arc::new(Mutex::new(HashMap::new())),
            batcher: batch::next_id(),
        }
    }

    /// The keys of `board` in `window`, under the deployment's prefix.
    pub fn keys(&self, board: &Board, window: &PeriodWindow) -> Arc<BoardKeys> {
        let occurrence = (window.period, window.start.timestamp());
        if let Ok(cache) = self.key_cache.lock()
            && let Some(keys) = cache.get(&board.name).and_then(|b| b.get(&occurrence))
        {
            return keys.clone();
        }
        let keys = Arc::new(self.make_keys(board, window));
        if let Ok(mut cache) = self.key_cache.lock() {
            let per_board = cache.entry(board.name.clone()).or_default();
            if per_board.len() >= KEY_CACHE_PER_BOARD {
                per_board.clear();
            }
            per_board.insert(occurrence, keys.clone());
        }
        keys
    }

    fn make_keys(&self, board: &Board, window: &PeriodWindow) -> BoardKeys {
        let base = format!("lb:{}:{}", board.name, window.id());
        let k = |suffix: &str| self.redis.keys().key(&format!("{base}:{suffix}"));
        BoardKeys {
            zset: k("z"),
            map: k("m"),
            ready: k("ok"),
            tmp_zset: k("tz"),
            tmp_map: k("tm"),
            lock: k("lock"),
        }
    }

    /// Records a new entry in every given period of its board. Entries recorded at the same
    /// moment on this thread share one Redis call (see [`batch`]).
    pub async fn record(
        &self,
        board: &Board,
        windows: &[PeriodWindow],
        key: &RankKey,
        user: Uuid,
        now: chrono::DateTime<chrono::Utc>,
    ) -> anyhow::Result<Vec<Recorded>> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let entry = batch::Entry {
            board: board.clone(),
            windows: windows.to_vec(),
            key: *key,
            user,
            now,
            reply,
        };
        let stopped = || anyhow::anyhow!("the rank recorder stopped");
        batch::queue(self)
            .send(entry)
            .await
            .map_err(|_| stopped())?;
        answer
            .await
            .map_err(|_| stopped())?
            .map_err(|why| anyhow::anyhow!(why))
    }

    /// The rank keys at positions `offset..offset + count`, or `None` when the set is not
    /// trusted: enough to merge boards in rank order before reading any row.
    pub async fn page_keys(
        &self,
        board: &Board,
        window: &PeriodWindow,
        offset: i64,
        count: i64,
    ) -> anyhow::Result<Option<Vec<RankKey>>> {
        let keys = self.keys(board, window);
        let mut conn = self.redis.shared().await?;
        // Scores come back as text or doubles depending on the protocol; every stored score is
        // an integer far below 2^53, so the double is exact.
        let (ready, entries): (bool, Vec<(String, f64)>) = redis::pipe()
            .exists(&keys.ready)
            .zrevrange_withscores(&keys.zset, isize_of(offset), isize_of(offset + count - 1))
            .query_async(&mut conn)
            .await
            .context("reading a board from Redis")?;
        Ok(ready.then(|| {
            entries
                .iter()
                .filter_map(|(member, score)| RankKey::from_member(member, *score as i64))
                .collect()
        }))
    }

    /// Entries with a score of at least `min_score`, or `None` when the set is not trusted.
    pub async fn count_at_least(
        &self,
        board: &Board,
        window: &PeriodWindow,
        min_score: i64,
    ) -> anyhow::Result<Option<i64>> {
        let keys = self.keys(board, window);
        let mut conn = self.redis.shared().await?;
        let (ready, count): (bool, i64) = redis::pipe()
            .exists(&keys.ready)
            .zcount(&keys.zset, min_score, "+inf")
            .query_async(&mut conn)
            .await
            .context("counting in Redis")?;
        Ok(ready.then_some(count))
    }

    /// `user`'s position on a board and the ids within `radius` of it.
    pub async fn around(
        &self,
        board: &Board,
        window: &PeriodWindow,
        user: Uuid,
        radius: i64,
    ) -> anyhow::Result<Around> {
        let keys = self.keys(board, window);
        let mut conn = self.redis.shared().await?;
        let out: Vec<redis::Value> = self
            .around
            .key(&keys.zset)
            .key(&keys.map)
            .key(&keys.ready)
            .arg(user.to_string())
            .arg(radius)
            .invoke_async(&mut conn)
            .await
            .context("reading around a user in Redis")?;
        let int = |i: usize| match out.get(i) {
            Some(redis::Value::Int(n)) => Some(*n),
            _ => None,
        };
        Ok(match (int(0), int(1)) {
            (Some(-2), _) | (None, _) => Around::NotReady,
            (Some(-1), total) => Around::Absent {
                total: total.unwrap_or(0),
            },
            (Some(position), total) => Around::Found {
                position,
                total: total.unwrap_or(0),
                first: (position - radius).max(0),
                ids: out
                    .iter()
                    .skip(2)
                    .filter_map(|v| match v {
                        redis::Value::BulkString(b) => std::str::from_utf8(b).ok(),
                        _ => None,
                    })
                    .filter_map(RankKey::id_of_member)
                    .collect(),
            },
        })
    }
}

fn isize_of(n: i64) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

impl RankStore {
    /// Whether the ranks of `board` in `window` are trusted.
    pub async fn is_ready(&self, board: &Board, window: &PeriodWindow) -> anyhow::Result<bool> {
        let keys = self.keys(board, window);
        let mut conn = self.redis.shared().await?;
        redis::cmd("EXISTS")
            .arg(&keys.ready)
            .query_async(&mut conn)
            .await
            .context("checking the ranks in Redis")
    }
}

impl RankStore {
    /// Stops trusting the ranks of `board` in `windows` (they are rebuilt when next needed).
    pub async fn forget(&self, board: &Board, windows: &[PeriodWindow]) -> anyhow::Result<()> {
        let mut cmd = redis::cmd("DEL");
        for window in windows {
            cmd.arg(&self.keys(board, window).ready);
        }
        let mut conn = self.redis.shared().await?;
        let _: i64 = cmd
            .query_async(&mut conn)
            .await
            .context("forgetting ranks in Redis")?;
        Ok(())
    }
}
