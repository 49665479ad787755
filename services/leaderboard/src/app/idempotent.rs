//! Account score submissions with an `Idempotency-Key`: the score and its key are stored in
//! one transaction, so a retry (a lost answer, a client timeout, a crash after the commit)
//! finds the first score and answers with it instead of storing the score again. Unkeyed
//! submissions keep the group-commit writer; a keyed one is one transaction of its own.

use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::writer::PendingScore;
use crate::db::models::InsertedScore;
use crate::db::{queries, score_keys};
use crate::domain::Submission;
use crate::error::LeaderboardError;
use crate::state::AppState;

/// The score `user` stored under `key` before, if any; 422 `idempotency_key_reused` when it is
/// not the score `submission` describes.
pub async fn earlier(
    state: &AppState,
    user: Uuid,
    key: &str,
    submission: &Submission,
) -> Result<Option<InsertedScore>, LeaderboardError> {
    let mut conn = state.conn().await?;
    let Some(found) = score_keys::find(&mut conn, user, key).await? else {
        return Ok(None);
    };
    let s = &found.score;
    let same = s.score == submission.score
        && s.coins == submission.coins
        && s.enemies_defeated == submission.enemies_defeated
        && s.distance == submission.distance
        && s.level == submission.level
        && s.game_mode == submission.board.name
        // An omitted name was the username then; it may have changed since.
        && submission
            .player_name
            .as_ref()
            .is_none_or(|name| *name == s.player_name);
    if same {
        Ok(Some(found))
    } else {
        Err(LeaderboardError::IdempotencyKeyReused)
    }
}

/// Stores `score` under `key`; answers with the score and whether it was stored before (a
/// concurrent submission with the same key committed first).
pub async fn store(
    state: &AppState,
    key: &str,
    score: &PendingScore,
    submission: &Submission,
) -> Result<(InsertedScore, bool), LeaderboardError> {
    let user = score.user_id;
    let new = score.as_new();
    let mut conn = state.conn().await?;
    let stored = conn
        .transaction::<_, diesel::result::Error, _>(async move |conn| {
            let row = queries::insert_scores(conn, std::slice::from_ref(&new))
                .await?
                .into_iter()
                .next()
                .ok_or(diesel::result::Error::NotFound)?;
            if score_keys::claim(conn, user, key, row.score.id).await? {
                Ok(row)
            } else {
                Err(diesel::result::Error::RollbackTransaction)
            }
        })
        .await;
    match stored {
        Ok(row) => Ok((row, false)),
        Err(diesel::result::Error::RollbackTransaction) => {
            drop(conn);
            let row = earlier(state, user, key, submission)
                .await?
                .ok_or_else(|| {
                    LeaderboardError::internal(anyhow::anyhow!(
                        "an idempotency key was taken but names no score"
                    ))
                })?;
            Ok((row, true))
        }
        Err(e) => Err(e.into()),
    }
}
