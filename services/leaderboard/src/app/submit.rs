//! Submitting a score: stored in PostgreSQL first (the truth), then recorded in every period's
//! ranks in one Redis round trip; events for a personal best and for a changed top 10.

use std::sync::Arc;
use std::time::Duration;

use contracts::Topic;
use serde::Serialize;
use uuid::Uuid;

use super::writer::PendingScore;
use super::{Ranked, idempotent, redis_failed};
use crate::clock::to_millis;
use crate::db::models::Score;
use crate::db::queries;
use crate::domain::{Board, Period, PeriodWindow, Submission};
use crate::error::LeaderboardError;
use crate::ranks::Recorded;
use crate::state::AppState;

/// Entries of a board whose change is announced on `leaderboard:{board}`.
pub const TOP_ANNOUNCED: i64 = 10;

/// A stored submission.
#[derive(Debug, Clone)]
pub struct Submitted {
    /// The score with its all-time rank on its board (the rank it would take, for a score that
    /// is not the player's best on a `best` board).
    pub ranked: Ranked,
    /// Its rank in each period, in [`Period::ALL`] order.
    pub period_ranks: Vec<(Period, i64)>,
    /// Whether it beats every earlier score of the player on this board.
    pub personal_best: bool,
}

/// `personal_best` on `user:{id}`.
#[derive(Debug, Serialize)]
struct PersonalBest<'a> {
    game_mode: &'a str,
    score_id: i64,
    score: i64,
    previous_best: Option<i64>,
    rank: i64,
}

/// `top_changed` on `leaderboard:{board}`.
#[derive(Debug, Serialize)]
struct TopChanged<'a> {
    game_mode: &'a str,
    period: Period,
    period_id: String,
    score_id: i64,
    player_name: &'a str,
    score: i64,
    rank: i64,
}

/// Stores `submission` for `user` and ranks it. With an idempotency `key` already used for
/// this score, nothing is stored: the first score is ranked again (recording it in Redis is
/// idempotent, and repairs a first attempt that died before it) and answered, without events.
pub async fn submit(
    state: &AppState,
    user: Uuid,
    submission: Submission,
    key: Option<&str>,
) -> Result<Submitted, LeaderboardError> {
    let earlier = match key {
        Some(key) => idempotent::earlier(state, user, key, &submission).await?,
        None => None,
    };
    let player_name = match (&earlier, &submission.player_name) {
        (Some(found), _) => found.score.player_name.clone(),
        (None, Some(name)) => name.clone(),
        (None, None) => state.names.get(user).await?,
    };
    let board = &submission.board;
    // On a board being rebuilt, wait for a turn at PostgreSQL before storing: refused then,
    // nothing is stored, and the client may safely retry.
    let mut turn = if state.fallback.suspects(&board.name) {
        Some(state.fallback.turn().await?)
    } else {
        None
    };
    let now = to_millis(state.clock.now());
    let pending = PendingScore {
        user_id: user,
        player_name,
        score: submission.score,
        coins: submission.coins,
        enemies_defeated: submission.enemies_defeated,
        distance: submission.distance,
        level: submission.level,
        game_mode: board.name.clone(),
        created_at: now,
    };
    let (inserted, replayed) = match (earlier, key) {
        (Some(found), _) => (found, true),
        (None, Some(key)) => idempotent::store(state, key, &pending, &submission).await?,
        (None, None) => (state.writer.insert(pending).await?, false),
    };
    let score = inserted.score;
    let personal_best = inserted.previous_best.is_none_or(|best| score.score > best);
    // The periods of the score's own time: a replay on a later day ranks it where it was stored.
    let windows: Vec<PeriodWindow> = Period::ALL
        .iter()
        .map(|p| p.window(score.created_at))
        .collect();
    let recorded = match state
        .ranks
        .record(board, &windows, &score.rank_key(), user, now)
        .await
    {
        Ok(recorded) if recorded.len() == windows.len() => Some(recorded),
        Ok(_) => None,
        Err(e) => {
            redis_failed(&e);
            // The score may or may not have reached Redis: stop trusting the board until rebuilt.
            invalidate_later(state, board, &windows);
            None
        }
    };
    let all_trusted = recorded.as_ref().is_some_and(|r| r.iter().all(|r| r.ready));
    state.fallback.observe(&board.name, all_trusted);
    let mut period_ranks = Vec::with_capacity(windows.len());
    for (i, window) in windows.iter().enumerate() {
        let trusted = recorded.as_ref().and_then(|r| r.get(i)).filter(|r| r.ready);
        let rank = match trusted {
            Some(r) => r.position + 1,
            None => {
                if recorded.is_some() {
                    state.rebuilder.trigger(board, *window, now);
                }
                if turn.is_none() {
                    // Stored already: an answer is owed, however long the wait.
                    turn = Some(state.fallback.turn_after_write().await?);
                }
                let mut conn = state.conn().await?;
                queries::count_ahead(
                    &mut conn,
                    &board.name,
                    board.kind,
                    window,
                    &score.rank_key(),
                )
                .await?
                    + 1
            }
        };
        period_ranks.push((window.period, rank));
        if trusted.is_none_or(|r| r.entered && r.position < state.settings.max_limit as i64) {
            state.top_cache.invalidate(board, window);
        }
    }
    let all_time_rank = period_ranks.first().map_or(1, |(_, rank)| *rank);
    if !replayed {
        publish(
            state,
            user,
            board,
            &score,
            &windows,
            recorded.as_deref(),
            personal_best.then_some(inserted.previous_best),
            all_time_rank,
        );
    }
    Ok(Submitted {
        ranked: Ranked {
            score,
            rank: all_time_rank,
        },
        period_ranks,
        personal_best,
    })
}

/// Publishes the submission's events in the background: they must not slow the answer, and a
/// lost notification is logged, never an error for the player.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the parts are unrelated"
)]
fn publish(
    state: &AppState,
    user: Uuid,
    board: &Board,
    score: &Score,
    windows: &[PeriodWindow],
    recorded: Option<&[Recorded]>,
    previous_best: Option<Option<i64>>,
    rank: i64,
) {
    let events = state.events.clone();
    let mut jobs: Vec<(Topic, &'static str, serde_json::Value)> = Vec::new();
    if let Some(previous_best) = previous_best {
        let data = PersonalBest {
            game_mode: &board.name,
            score_id: score.id,
            score: score.score,
            previous_best,
            rank,
        };
        if let Ok(data) = serde_json::to_value(&data) {
            jobs.push((Topic::user(user), "personal_best", data));
        }
    }
    // Only trusted ranks announce: while a board is rebuilt its order is not known.
    for (window, r) in windows.iter().zip(recorded.unwrap_or_default()) {
        if !(r.ready && r.entered && r.position < TOP_ANNOUNCED) {
            continue;
        }
        let Ok(topic) = Topic::leaderboard(&board.name) else {
            continue;
        };
        let data = TopChanged {
            game_mode: &board.name,
            period: window.period,
            period_id: window.id(),
            score_id: score.id,
            player_name: &score.player_name,
            score: score.score,
            rank: r.position + 1,
        };
        if let Ok(data) = serde_json::to_value(&data) {
            jobs.push((topic, "top_changed", data));
        }
    }
    if jobs.is_empty() {
        return;
    }
    tokio::spawn(async move {
        for (topic, kind, data) in jobs {
            if let Err(e) = events.publish(&topic, kind, &data).await {
                tracing::warn!(topic = %topic, error = %format!("{e:#}"), "event not published");
            }
        }
    });
}

/// After a failed Redis write, removes the board's "trusted" flags as soon as Redis answers
/// again, so its ranks are rebuilt from PostgreSQL instead of silently missing this score.
fn invalidate_later(state: &AppState, board: &Board, windows: &[PeriodWindow]) {
    let ranks = state.ranks.clone();
    let rebuilder = Arc::clone(&state.rebuilder);
    let board = board.clone();
    let windows = windows.to_vec();
    let now = state.clock.now();
    tokio::spawn(async move {
        // Up to ten minutes: longer outages lose the flags anyway when Redis restarts empty.
        for attempt in 0..600u32 {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            if ranks.forget(&board, &windows).await.is_ok() {
                for window in windows {
                    rebuilder.trigger(&board, window, now);
                }
                return;
            }
        }
        tracing::error!(board = %board.name, "could not invalidate the ranks after a failed write");
    });
}
