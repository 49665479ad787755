//! Settles attack intents their request left behind: a process that died between the stamina
//! debit and the hit, an inventory answer that was lost, a refund that failed. Each stale
//! intent is taken (`refunding`, so its hit can no longer be applied), its debit replayed under
//! the same key (inventory answers with the first result, or debits now if it never did) and
//! then refunded under the intent's refund key: the player ends where they started, once,
//! whichever replica or how many sweeps do it.

use chrono::Utc;
use contracts::inventory::Currency;

use crate::app::after_neg;
use crate::app::attack::{DEBIT_REASON, debit_key, refund};
use crate::db::models::AttackIntent;
use crate::db::{attack_keys, attacks};
use crate::error::BattleError;
use crate::state::AppState;

/// Most intents one sweep settles.
const SWEEP_BATCH: i64 = 100;
/// How long an attack's idempotency key is remembered (a retry later than that attacks anew).
pub const KEY_RETENTION: chrono::Duration = chrono::Duration::hours(24);

/// Settles intents older than the settings' grace; returns how many were settled.
pub async fn settle_stale(state: &AppState) -> Result<usize, BattleError> {
    let before = after_neg(Utc::now(), state.settings.attack_settle_after);
    let stale = {
        let mut conn = state.conn().await?;
        attacks::take_stale(&mut conn, before, SWEEP_BATCH).await?
    };
    let mut settled = 0;
    for intent in stale {
        match settle(state, &intent).await {
            Ok(()) => settled += 1,
            Err(e) => tracing::warn!(attack.id = %intent.id, "intent not settled yet: {e}"),
        }
    }
    let mut conn = state.conn().await?;
    attack_keys::prune(&mut conn, Utc::now() - KEY_RETENTION).await?;
    Ok(settled)
}

async fn settle(state: &AppState, intent: &AttackIntent) -> Result<(), BattleError> {
    let replay = state
        .inventory
        .debit(
            debit_key(intent.id),
            intent.user_id,
            DEBIT_REASON,
            Currency::Stamina,
            intent.stamina_cost,
        )
        .await;
    match replay {
        Ok(_) => refund(state, intent.id, intent.user_id, intent.stamina_cost).await?,
        // Never debited, and not debitable now: nothing to give back.
        Err(e) if e.is_insufficient_funds() => {}
        Err(e) => return Err(e),
    }
    let mut conn = state.conn().await?;
    attacks::delete_unapplied(&mut conn, &[intent.id]).await?;
    Ok(())
}
