//! The leaderboard's use cases over PostgreSQL (the truth) and Redis (the ranks): submitting a
//! score, and every ranked read, each falling back to PostgreSQL while Redis is not trusted.

use std::collections::HashMap;

use diesel_async::AsyncPgConnection;

use crate::db::models::Score;
use crate::db::queries;
use crate::domain::{Board, Period, PeriodWindow};
use crate::error::LeaderboardError;
use crate::state::AppState;

pub mod fallback;
pub mod idempotent;
pub mod keyed;
pub mod read;
pub mod submit;
mod top_cache;
pub mod writer;

pub use top_cache::{CachedTop, TopCache};

/// A score with its 1-based rank on a board in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// The stored score.
    pub score: Score,
    /// Its rank.
    pub rank: i64,
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

/// Redis's answer when the ranks it read are trusted. `None` sends the caller to PostgreSQL:
/// when the ranks are not trusted (their rebuild is started) or Redis failed (logged).
fn trusted<T>(
    state: &AppState,
    board: &Board,
    window: PeriodWindow,
    answer: anyhow::Result<Option<T>>,
) -> Option<T> {
    match answer {
        Ok(Some(found)) => Some(found),
        Ok(None) => {
            state.rebuilder.trigger(board, window, state.clock.now());
            None
        }
        Err(e) => {
            redis_failed(&e);
            None
        }
    }
}

/// Logs why Redis could not answer; the caller then asks PostgreSQL.
fn redis_failed(e: &anyhow::Error) {
    tracing::warn!(error = %format!("{e:#}"), "Redis ranks unavailable; answering from PostgreSQL");
}
