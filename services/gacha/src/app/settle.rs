//! Paying for a recorded pull: one inventory transaction keyed by the pull id, then the pull
//! is complete; a refusal cancels it and puts the pity back; an unreachable inventory leaves
//! it pending (the reconciler, or the caller's retry with the same key, repeats the call).

use chrono::Utc;
use common::clients::inventory::Transaction;
use common::http::CallError;
use common::outbox;
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
            let username = events::announced_name(state, pull.user_id, &results).await;
            let finished = Finished {
                gems_remaining: answer.balances.gems,
                granted: &granted,
                banner_name,
                username: username.as_deref(),
            };
            complete(state, pull.id, finished).await
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

/// What inventory's answer and the announcement add to a pull that completes.
struct Finished<'a> {
    gems_remaining: i64,
    granted: &'a serde_json::Value,
    banner_name: &'a str,
    username: Option<&'a str>,
}

/// Marks the pull complete and enqueues its events in the same transaction; a pull that
/// already was complete (a concurrent retry finished it) is answered without new events.
async fn complete(
    state: &AppState,
    id: Uuid,
    finished: Finished<'_>,
) -> Result<PullResponse, GachaError> {
    let mut conn = state.conn().await?;
    let (body, enqueued) = conn
        .transaction::<_, GachaError, _>(async |conn| {
            let completed = queries::complete_pull(
                conn,
                id,
                finished.gems_remaining,
                finished.granted,
                Utc::now(),
            )
            .await?;
            let Some(pull) = completed else {
                let pull = queries::find_pull(conn, id)
                    .await?
                    .ok_or(GachaError::PullNotFound)?;
                return Ok((response(state, &pull).await?, false));
            };
            let body = response(state, &pull).await?;
            let events =
                events::pull_events(pull.user_id, finished.banner_name, finished.username, &body)?;
            outbox::enqueue_all(conn, &events).await?;
            Ok((body, true))
        })
        .await?;
    if enqueued {
        state.outbox.wake();
    }
    Ok(body)
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
