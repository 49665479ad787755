//! Paying for a recorded pull: one inventory transaction keyed by the pull id, then the pull
//! is complete; a refusal cancels it and puts the pity back; an unreachable inventory leaves
//! it pending (the reconciler, or the caller's retry with the same key, repeats the call).

use chrono::Utc;
use common::clients::inventory::Transaction;
use common::http::CallError;
use contracts::inventory::{Currency, CurrencyAmount};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::pull::{cancelled_error, from_json, pity_row, pity_state, response, stored_results};
use crate::db::models::{Pull, status};
use crate::db::queries;
use crate::domain::PityState;
use crate::error::GachaError;
use crate::events;
use crate::state::AppState;
use crate::views::PullResponse;

/// The ledger reason of a pull's transaction.
const REASON: &str = "gacha_pull";

/// Pays for a pending pull through inventory and finishes it accordingly.
pub async fn settle(
    state: &AppState,
    pull: Pull,
    banner_name: &str,
) -> Result<PullResponse, GachaError> {
    let results = stored_results(&pull)?;
    let mut tx = Transaction::new(format!("gacha-pull:{}", pull.id), pull.user_id, REASON);
    if pull.gems_cost > 0 {
        tx = tx.debit(CurrencyAmount {
            currency: Currency::Gems,
            amount: pull.gems_cost,
        });
    }
    for r in &results {
        tx = tx.grant(r.item_id.clone(), 1);
    }
    let request = tx.build();
    match state.inventory.transact(&request).await {
        Ok(answer) => {
            let granted: Vec<Uuid> = answer.granted.iter().map(|g| g.item_id).collect();
            let granted = serde_json::to_value(granted).map_err(GachaError::internal)?;
            let (pull, finished_now) =
                complete(state, pull.id, answer.balances.gems, &granted).await?;
            let body = response(state, &pull).await?;
            if finished_now {
                events::announce(state, pull.user_id, banner_name.to_owned(), body.clone());
            }
            Ok(body)
        }
        Err(CallError::Status {
            status, problem, ..
        }) if status.is_client_error() => {
            let code = problem
                .as_deref()
                .map_or("rejected", |p| p.code.as_str())
                .to_owned();
            let pull = cancel(state, pull.id, &code).await?;
            if pull.status == status::COMPLETE {
                return response(state, &pull).await;
            }
            tracing::info!(pull.id = %pull.id, code, "pull cancelled by inventory");
            Err(cancelled_error(&pull))
        }
        Err(e) => {
            tracing::warn!(pull.id = %pull.id, error = %e, "pull left pending");
            Err(GachaError::PullPending(pull.id))
        }
    }
}

/// Marks the pull complete; the second value is false when it already was.
async fn complete(
    state: &AppState,
    id: Uuid,
    gems_remaining: i64,
    granted: &serde_json::Value,
) -> Result<(Pull, bool), GachaError> {
    // One conditional UPDATE: atomic on its own, no transaction round trips needed.
    let mut conn = state.conn().await?;
    if let Some(pull) =
        queries::complete_pull(&mut conn, id, gems_remaining, granted, Utc::now()).await?
    {
        return Ok((pull, true));
    }
    let pull = queries::find_pull(&mut conn, id)
        .await?
        .ok_or(GachaError::PullNotFound)?;
    Ok((pull, false))
}

/// Cancels the pending pull and restores the pity it started from. No later pull of the
/// player's on this banner type can exist (they wait while one is pending), so the pity row
/// still holds this pull's `pity_after`.
async fn cancel(state: &AppState, id: Uuid, reason: &str) -> Result<Pull, GachaError> {
    let mut conn = state.conn().await?;
    conn.transaction::<_, GachaError, _>(async |conn| {
        let Some(pull) = queries::find_pull(conn, id).await? else {
            return Err(GachaError::PullNotFound);
        };
        // Lock order as in `record_intent`: the pity row, then the pull.
        let row = queries::lock_pity(conn, pull.user_id, &pull.banner_type).await?;
        let Some(pull) = queries::lock_pending(conn, id).await? else {
            return queries::find_pull(conn, id)
                .await?
                .ok_or(GachaError::PullNotFound);
        };
        let now = Utc::now();
        queries::cancel_pull(conn, id, reason, now).await?;
        let before: PityState = from_json(&pull.pity_before, "pity_before")?;
        let after: PityState = from_json(&pull.pity_after, "pity_after")?;
        if pity_state(&row) == after {
            queries::save_pity(
                conn,
                &pity_row(pull.user_id, &pull.banner_type, before, now),
            )
            .await?;
        } else {
            tracing::error!(pull.id = %id, "pity moved past a pending pull; not restored");
        }
        queries::find_pull(conn, id)
            .await?
            .ok_or(GachaError::PullNotFound)
    })
    .await
}
