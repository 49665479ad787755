//! The leaderboard service's own settings, read from environment variables beside the common
//! ones (`common::settings`). Every default makes a local run work with zero configuration.
//!
//! | variable | default |
//! |---|---|
//! | `LEADERBOARD_BOARDS` | `levels:best:10000000,endless:all:10000000`: `name:best\|all:max_score`, comma-separated; `name` is the `game_mode` |
//! | `LEADERBOARD_MAX_LIMIT` | `100`: most entries one top-N read returns |
//! | `LEADERBOARD_MAX_OFFSET` | `10000`: most entries a leaderboard read may skip (`offset`); deeper places are reached with around-me |
//! | `LEADERBOARD_MAX_RADIUS` | `25`: most entries on each side of the caller in around-me |
//! | `LEADERBOARD_TOP_CACHE_MS` | `1000`: how long a replica reuses a board's top entries (a write on the same replica that reaches them drops the copy at once; an expired copy is served for at most as long again while one reader refreshes it); `0` disables |
//! | `LEADERBOARD_NAME_CACHE_SECS` | `600`: how long a username fetched from auth is reused |
//! | `LEADERBOARD_WRITERS` | `1`: tasks per HTTP worker thread inserting submissions, each a batch (one statement, one commit) at a time |
//! | `LEADERBOARD_WRITE_BATCH` | `64`: most submissions one insert carries |
//! | `LEADERBOARD_SYNCHRONOUS_COMMIT` | `true`: a submission is answered once its row is flushed to the WAL. `false` answers before the flush: several times the write throughput on slow disks, but a crash of PostgreSQL (not of this service) may lose the last fraction of a second of acknowledged scores, which the Redis ranks keep until their next rebuild |
//! | `LEADERBOARD_REBUILD_BATCH` | `5000`: rows read per query while ranks are rebuilt from PostgreSQL |
//! | `LEADERBOARD_FALLBACK_QUERIES` | `1`: most ranks computed by PostgreSQL at once while Redis ranks are not trusted (each may scan a whole board); more wait up to 2 s, then answer 503 `ranks_rebuilding`, so the rebuild itself keeps the database's time |

use std::time::Duration;

use anyhow::Context;
use common::settings::{Env, ProcessEnv, ServiceSettings, Source};

use crate::domain::Boards;

/// The default boards: the seed frontend's two game modes.
pub const DEFAULT_BOARDS: &str = "levels:best:10000000,endless:all:10000000";

/// The leaderboard settings.
#[derive(Debug, Clone)]
pub struct LeaderboardSettings {
    /// The configured boards.
    pub boards: Boards,
    /// Most entries one top-N read returns.
    pub max_limit: usize,
    /// Most entries a leaderboard read may skip.
    pub max_offset: usize,
    /// Most entries on each side of the caller in around-me.
    pub max_radius: usize,
    /// How long top entries are reused by a replica.
    pub top_cache_ttl: Duration,
    /// How long a username from auth is reused.
    pub name_cache_ttl: Duration,
    /// Rows per query while rebuilding.
    pub rebuild_batch: i64,
    /// Writer tasks per HTTP worker thread.
    pub writers: usize,
    /// Most submissions per insert.
    pub write_batch: usize,
    /// Whether a submission waits for the WAL flush.
    pub synchronous_commit: bool,
    /// Most rank queries answered by PostgreSQL at once while Redis is not trusted.
    pub fallback_queries: usize,
}

impl ServiceSettings for LeaderboardSettings {
    fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }
}

impl LeaderboardSettings {
    /// Reads `source` (a map in tests).
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let boards = Boards::parse(&env.string("LEADERBOARD_BOARDS", DEFAULT_BOARDS))
            .context("LEADERBOARD_BOARDS")?;
        Ok(LeaderboardSettings {
            boards,
            max_limit: env.parse("LEADERBOARD_MAX_LIMIT", 100usize)?.clamp(1, 1000),
            max_offset: env
                .parse("LEADERBOARD_MAX_OFFSET", 10_000usize)?
                .min(1_000_000),
            max_radius: env.parse("LEADERBOARD_MAX_RADIUS", 25usize)?.clamp(1, 100),
            top_cache_ttl: env.millis("LEADERBOARD_TOP_CACHE_MS", 1000)?,
            name_cache_ttl: Duration::from_secs(env.parse("LEADERBOARD_NAME_CACHE_SECS", 600u64)?),
            rebuild_batch: env
                .parse("LEADERBOARD_REBUILD_BATCH", 5000i64)?
                .clamp(100, 100_000),
            writers: env.parse("LEADERBOARD_WRITERS", 1usize)?.clamp(1, 64),
            write_batch: env
                .parse("LEADERBOARD_WRITE_BATCH", 64usize)?
                .clamp(1, 1000),
            synchronous_commit: env.parse("LEADERBOARD_SYNCHRONOUS_COMMIT", true)?,
            fallback_queries: env
                .parse("LEADERBOARD_FALLBACK_QUERIES", 1usize)?
                .clamp(1, 256),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::settings::env_map;

    #[test]
    fn defaults_are_the_seed_boards() {
        let s = LeaderboardSettings::load(&env_map(&[])).unwrap();
        assert!(s.boards.get("levels").is_some() && s.boards.get("endless").is_some());
        assert_eq!(s.max_limit, 100);
        assert_eq!(s.max_offset, 10_000);
        let custom =
            LeaderboardSettings::load(&env_map(&[("LEADERBOARD_BOARDS", "x:all:5")])).unwrap();
        assert!(custom.boards.get("levels").is_none());
        assert!(LeaderboardSettings::load(&env_map(&[("LEADERBOARD_BOARDS", "x:y")])).is_err());
    }
}
