//! The reconciler: pulls left pending (inventory unreachable, or the process died between
//! the intent and the payment) are paid with the same idempotency key, so inventory either
//! applies the transaction once or replays the answer it already gave; a refusal cancels
//! the pull and restores the pity. It runs at start-up and then periodically on every
//! replica; only pulls older than `GACHA_RECONCILE_AFTER_MS` are touched, so a request still
//! paying for its own pull is left alone.

use chrono::Utc;

use super::settle::settle;
use crate::db::queries;
use crate::error::GachaError;
use crate::state::AppState;

/// Most pulls one pass looks at.
const BATCH: i64 = 100;

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reconciled {
    /// Paid and completed.
    pub completed: usize,
    /// Refused by inventory and cancelled.
    pub cancelled: usize,
    /// Still pending (inventory unreachable).
    pub pending: usize,
}

/// One pass over the pending pulls old enough.
pub async fn run_once(state: &AppState) -> Result<Reconciled, GachaError> {
    let age =
        chrono::Duration::from_std(state.settings.reconcile_after).map_err(GachaError::internal)?;
    let mut conn = state.conn().await?;
    let ids = queries::pending_before(&mut conn, Utc::now() - age, BATCH).await?;
    let mut done = Reconciled::default();
    for id in ids {
        let Some(pull) = queries::find_pull(&mut conn, id).await? else {
            continue;
        };
        queries::bump_attempts(&mut conn, id).await?;
        let banner_name = queries::find_banner(&mut conn, pull.banner_id)
            .await?
            .map(|b| b.name)
            .unwrap_or_default();
        match settle(state, pull, &banner_name).await {
            Ok(_) => done.completed += 1,
            Err(GachaError::PullPending(_)) => done.pending += 1,
            Err(GachaError::InsufficientFunds(_)) => done.cancelled += 1,
            Err(e) => {
                tracing::warn!(pull.id = %id, error = %e, "reconciling a pull failed");
                done.pending += 1;
            }
        }
    }
    if done != Reconciled::default() {
        tracing::info!(?done, "pending pulls reconciled");
    }
    Ok(done)
}
