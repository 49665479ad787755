//! Ranked reads: top N, the rank a score would take, a player's own rank and around-me. Each
//! answers from Redis when its ranks are trusted, else from PostgreSQL (and starts a rebuild).

use std::collections::HashMap;
use std::sync::Arc;

use uuid::Uuid;

use super::{CachedTop, Ranked, board, redis_failed, rows_in_order, trusted, window};
use crate::db::models::Score;
use crate::db::queries;
use crate::domain::{Board, Period, PeriodWindow, RankKey};
use crate::error::LeaderboardError;
use crate::ranks::Around;
use crate::state::AppState;

/// A player's place on a board and the entries around it.
#[derive(Debug, Clone)]
pub struct Neighbourhood {
    /// The player's best entry in the period, ranked.
    pub me: Ranked,
    /// Entries on the board in the period.
    pub total: i64,
    /// The entries from `me.rank - radius` to `me.rank + radius` that exist, in rank order.
    pub entries: Vec<Ranked>,
}

/// Entries `offset..offset + limit` of one board in a period, ranked from `offset + 1`: a
/// slice of the cached top when they lie within it.
pub async fn page(
    state: &AppState,
    board: &Board,
    period: Period,
    offset: usize,
    limit: usize,
) -> Result<Vec<Ranked>, LeaderboardError> {
    if offset.saturating_add(limit) <= state.settings.max_limit {
        let top = top_cached(state, board, period).await?;
        return Ok(top
            .entries
            .iter()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect());
    }
    load_page(state, board, &window(state, period), offset, limit).await
}

/// The first `LEADERBOARD_MAX_LIMIT` entries of one board in a period, which every top-N read
/// is a prefix of, from the cache when it has them.
pub async fn top_cached(
    state: &AppState,
    board: &Board,
    period: Period,
) -> Result<Arc<CachedTop>, LeaderboardError> {
    let window = window(state, period);
    let count = state.settings.max_limit;
    state
        .top_cache
        .get_or_load(board, &window, || {
            load_page(state, board, &window, 0, count)
        })
        .await
}

/// Entries `offset..offset + count` of a board in a window, from Redis when its ranks are
/// trusted, else from PostgreSQL.
async fn load_page(
    state: &AppState,
    board: &Board,
    window: &PeriodWindow,
    offset: usize,
    count: usize,
) -> Result<Vec<Ranked>, LeaderboardError> {
    let (offset, count) = (as_i64(offset), as_i64(count));
    let ids = trusted(
        state,
        board,
        *window,
        state.ranks.page_keys(board, window, offset, count).await,
    )
    .map(|keys| keys.iter().map(|k| k.id).collect::<Vec<i64>>());
    let _turn = match ids {
        Some(_) => None,
        None => Some(state.fallback.turn().await?),
    };
    let mut conn = state.conn().await?;
    match ids {
        Some(ids) => rows_in_order(&mut conn, &ids, offset + 1).await,
        None => Ok(
            queries::ranked_page(&mut conn, &board.name, board.kind, window, offset, count)
                .await?
                .into_iter()
                .zip(offset + 1..)
                .map(|(score, rank)| Ranked { score, rank })
                .collect(),
        ),
    }
}

/// Entries `offset..offset + limit` over every board (the seed's leaderboard without
/// `game_mode`), in rank order and ranked again. Within the cached tops their rows are merged;
/// past them the boards' rank keys are merged from Redis first, so only the page's rows are
/// read from PostgreSQL (a board whose ranks are not trusted gives its rows from PostgreSQL).
pub async fn page_of_all(
    state: &AppState,
    period: Period,
    offset: usize,
    limit: usize,
) -> Result<Vec<Ranked>, LeaderboardError> {
    let wanted = offset.saturating_add(limit);
    let window = window(state, period);
    let mut keys: Vec<RankKey> = Vec::new();
    let mut rows: HashMap<i64, Score> = HashMap::new();
    for board in state.settings.boards.iter() {
        let ranked_keys = if wanted <= state.settings.max_limit {
            None
        } else {
            trusted(
                state,
                board,
                window,
                state
                    .ranks
                    .page_keys(board, &window, 0, as_i64(wanted))
                    .await,
            )
        };
        match ranked_keys {
            Some(board_keys) => keys.extend(board_keys),
            None => {
                for entry in page(state, board, period, 0, wanted).await? {
                    keys.push(entry.score.rank_key());
                    rows.insert(entry.score.id, entry.score);
                }
            }
        }
    }
    keys.sort_by(|a, b| a.rank_cmp(b));
    let chosen: Vec<RankKey> = keys.into_iter().skip(offset).take(limit).collect();
    let missing: Vec<i64> = chosen
        .iter()
        .map(|k| k.id)
        .filter(|id| !rows.contains_key(id))
        .collect();
    if !missing.is_empty() {
        let mut conn = state.conn().await?;
        rows.extend(
            queries::scores_by_ids(&mut conn, &missing)
                .await?
                .into_iter()
                .map(|s| (s.id, s)),
        );
    }
    Ok(chosen
        .iter()
        .filter_map(|k| rows.remove(&k.id))
        .zip(as_i64(offset) + 1..)
        .map(|(score, rank)| Ranked { score, rank })
        .collect())
}

/// A count or position bounded by the settings (far below `i64::MAX`) as an `i64`.
fn as_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX / 2)
}

/// The rank `score` would have: 1 + the entries scoring strictly more (the seed's rule), on
/// one board or summed over every board.
pub async fn rank_of_score(
    state: &AppState,
    game_mode: Option<&str>,
    period: Period,
    score: i64,
) -> Result<i64, LeaderboardError> {
    let boards: Vec<&Board> = match game_mode {
        Some(mode) => vec![board(state, mode)?],
        None => state.settings.boards.iter().collect(),
    };
    let window = window(state, period);
    let above = score.saturating_add(1);
    let mut ahead = 0;
    for board in boards {
        let count = trusted(
            state,
            board,
            window,
            state.ranks.count_at_least(board, &window, above).await,
        );
        ahead += match count {
            Some(count) => count,
            None => {
                let _turn = state.fallback.turn().await?;
                let mut conn = state.conn().await?;
                queries::count_at_least(&mut conn, &board.name, board.kind, &window, above).await?
            }
        };
    }
    Ok(ahead + 1)
}

/// The caller's best entry on `board` in `period`, its rank, and `radius` entries either side.
pub async fn around_user(
    state: &AppState,
    board: &Board,
    period: Period,
    user: Uuid,
    radius: usize,
) -> Result<Neighbourhood, LeaderboardError> {
    let window = window(state, period);
    let radius = i64::try_from(radius).unwrap_or(0);
    let from_redis = match state.ranks.around(board, &window, user, radius).await {
        Ok(Around::NotReady) => {
            state.rebuilder.trigger(board, window, state.clock.now());
            None
        }
        Ok(found) => Some(found),
        Err(e) => {
            redis_failed(&e);
            None
        }
    };
    let _turn = match from_redis {
        Some(_) => None,
        None => Some(state.fallback.turn().await?),
    };
    let mut conn = state.conn().await?;
    let (position, total, entries) = match from_redis {
        Some(Around::Absent { .. }) => return Err(LeaderboardError::NoScore),
        Some(Around::Found {
            position,
            total,
            first,
            ids,
        }) => (
            position,
            total,
            rows_in_order(&mut conn, &ids, first + 1).await?,
        ),
        _ => {
            let best = queries::user_best(&mut conn, &board.name, user, &window)
                .await?
                .ok_or(LeaderboardError::NoScore)?;
            let position = queries::count_ahead(
                &mut conn,
                &board.name,
                board.kind,
                &window,
                &best.rank_key(),
            )
            .await?;
            let total =
                queries::count_at_least(&mut conn, &board.name, board.kind, &window, 0).await?;
            let first = (position - radius).max(0);
            let page = queries::ranked_page(
                &mut conn,
                &board.name,
                board.kind,
                &window,
                first,
                position + radius - first + 1,
            )
            .await?;
            let entries = page
                .into_iter()
                .zip(first + 1..)
                .map(|(score, rank)| Ranked { score, rank })
                .collect();
            (position, total, entries)
        }
    };
    let me = entries
        .iter()
        .find(|r| r.rank == position + 1)
        .cloned()
        .ok_or_else(|| {
            LeaderboardError::internal(anyhow::anyhow!(
                "the caller's entry is missing from its own neighbourhood"
            ))
        })?;
    Ok(Neighbourhood { me, total, entries })
}

/// The best score submitted under `player_name` (the seed's player lookup).
pub async fn best_of_player(
    state: &AppState,
    player_name: &str,
    game_mode: Option<&str>,
) -> Result<Score, LeaderboardError> {
    if let Some(mode) = game_mode {
        board(state, mode)?;
    }
    let mut conn = state.conn().await?;
    queries::best_by_player_name(&mut conn, player_name, game_mode)
        .await?
        .ok_or(LeaderboardError::PlayerNotFound)
}
