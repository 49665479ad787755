//! An attack: its intent recorded by the enemy's writer (which checks it), the stamina debit
//! through inventory under a key made from the intent, the server's damage roll, and the hit
//! applied by the writer in its next batch. A crash or a lost answer anywhere after the intent
//! leaves a row the reconciler (`app::reconcile`) settles, so stamina is never lost.

use contracts::inventory::{Currency, CurrencyAmount};
use uuid::Uuid;

use crate::app::writer::{Applied, ApplyStep};
use crate::db::attack_keys::{self, KeyedAttack};
use crate::db::attacks;
use crate::domain::damage::{Hit, roll_hit};
use crate::domain::{AttackType, RandDice};
use crate::error::BattleError;
use crate::state::AppState;
use crate::views::AttackResponse;

/// The ledger reason of an attack's stamina debit.
pub const DEBIT_REASON: &str = "battle_attack";

/// What to attack and how.
#[derive(Debug, Clone, Copy)]
pub struct AttackInput {
    /// The enemy.
    pub enemy_id: i64,
    /// The attack type.
    pub kind: AttackType,
}

/// The stamina debit's idempotency key for an intent.
pub fn debit_key(attack_id: Uuid) -> String {
    format!("battle:attack:{attack_id}")
}

/// The refund's key for an intent.
pub fn refund_key(attack_id: Uuid) -> String {
    format!("battle:attack:{attack_id}:refund")
}

/// What an attack's idempotency key says to do.
enum Keyed {
    /// The key's attack was applied: answer as it did.
    Answered(Box<AttackResponse>),
    /// Attack under the key's intent id.
    Attack(Uuid),
}

/// Attacks an enemy of `battle_id` as `user`. With an idempotency `key` the attack is applied
/// at most once, however often it is retried: the key fixes the intent's id, so the stamina
/// debit (keyed by that id) is taken once, and a retry of an applied attack answers the stored
/// answer.
pub async fn attack(
    state: &AppState,
    user: Uuid,
    battle_id: i64,
    input: AttackInput,
    key: Option<&str>,
) -> Result<AttackResponse, BattleError> {
    let keyed = match key {
        Some(key) => match by_key(state, user, battle_id, input, key).await? {
            Keyed::Answered(answer) => return Ok(*answer),
            Keyed::Attack(attack_id) => Some(attack_id),
        },
        None => None,
    };
    let writers = &state.writers;
    let reserved = match writers
        .reserve(state, battle_id, input.enemy_id, user, input.kind, keyed)
        .await
    {
        Ok(reserved) => reserved,
        // The key's attack is open elsewhere, or was settled since it was read: answer as the
        // key says now.
        Err(BattleError::AttackInProgress) if let Some(key) = key => {
            return match by_key(state, user, battle_id, input, key).await? {
                Keyed::Answered(answer) => Ok(*answer),
                Keyed::Attack(_) => Err(BattleError::AttackInProgress),
            };
        }
        Err(e) => return Err(e),
    };
    let intent = reserved.attack_id;
    let stats = match state.combat_stats(user).await {
        Ok(stats) => stats,
        Err(e) => {
            forget(state, intent).await;
            return Err(e);
        }
    };
    let cost = input.kind.stamina();
    let paid = match state
        .inventory
        .debit(
            debit_key(intent),
            user,
            DEBIT_REASON,
            Currency::Stamina,
            cost,
        )
        .await
    {
        Ok(tx) => tx,
        Err(e) if e.is_insufficient_funds() => {
            forget(state, intent).await;
            state.stats.forget(user);
            let have = state.combat_stats(user).await.map_or(0, |s| s.stamina);
            return Err(BattleError::StaminaToAttack {
                need: cost,
                have: i64::from(have),
            });
        }
        // Whether inventory took the stamina is unknown: the intent stays, and the reconciler
        // replays the debit under the same key and gives the stamina back.
        Err(e) => return Err(e),
    };
    let hit = {
        let mut dice = RandDice(rand::thread_rng());
        roll_hit(
            stats.total.attack,
            reserved.enemy_defense,
            input.kind,
            &mut dice,
        )
    };
    let step = ApplyStep {
        attack_id: intent,
        user,
        kind: input.kind,
        hit,
        keyed_stamina: keyed.map(|_| paid.balances.stamina),
    };
    let applied = match writers.apply(state, battle_id, input.enemy_id, step).await {
        Ok(applied) => applied,
        Err(refusal) => {
            // The enemy fell or the attacker died since the intent, or the batch failed:
            // no hit, so the stamina goes back.
            give_back(state, intent, user, cost).await;
            return Err(refusal);
        }
    };
    Ok(attack_answer(
        input.enemy_id,
        input.kind,
        hit,
        &applied,
        paid.balances.stamina,
    ))
}

/// The answer to an applied attack.
pub fn attack_answer(
    enemy_id: i64,
    kind: AttackType,
    hit: Hit,
    applied: &Applied,
    stamina_remaining: i32,
) -> AttackResponse {
    AttackResponse {
        success: true,
        damage: hit.damage,
        is_critical: hit.is_critical,
        enemy_id,
        enemy_hp_remaining: applied.hp_after,
        enemy_defeated: applied.defeated,
        battle_completed: applied.completed,
        attack_type: kind.as_str().to_owned(),
        stamina_cost: kind.stamina(),
        stamina_remaining,
        boss_phase: applied.phase,
    }
}

/// Claims `key` for this attack, or reads what it did before.
async fn by_key(
    state: &AppState,
    user: Uuid,
    battle_id: i64,
    input: AttackInput,
    key: &str,
) -> Result<Keyed, BattleError> {
    let attack = KeyedAttack {
        user,
        key,
        battle_id,
        enemy_id: input.enemy_id,
        attack_type: input.kind.as_str(),
    };
    let mut conn = state.conn().await?;
    let row = attack_keys::claim(&mut conn, &attack, Uuid::now_v7()).await?;
    if row.battle_id != battle_id
        || row.enemy_id != input.enemy_id
        || row.attack_type != input.kind.as_str()
    {
        return Err(BattleError::IdempotencyKeyReused);
    }
    match (row.outcome.as_deref(), row.answer) {
        (None, _) => Ok(Keyed::Attack(row.attack_id)),
        (Some("applied"), Some(answer)) => serde_json::from_value(answer)
            .map(|a| Keyed::Answered(Box::new(a)))
            .map_err(BattleError::internal),
        (Some("applied"), None) => Err(BattleError::internal(anyhow::anyhow!(
            "an applied keyed attack has no stored answer"
        ))),
        (Some(_), _) => Err(BattleError::KeySpent),
    }
}

/// Drops an intent whose stamina was not taken (the reconciler settles it if this fails).
async fn forget(state: &AppState, intent: Uuid) {
    let done = match state.conn().await {
        Ok(mut conn) => attacks::forget_reserved(&mut conn, intent)
            .await
            .map_err(BattleError::from),
        Err(e) => Err(e),
    };
    if let Err(e) = done {
        tracing::warn!(attack.id = %intent, "intent left to the reconciler: {e}");
    }
}

/// Refunds a paid attack whose hit was not applied, now rather than at the reconciler's
/// next sweep. The intent is claimed first: an intent already gone means its hit was applied
/// after all (a commit whose answer was lost), and nothing goes back.
pub async fn give_back(state: &AppState, intent: Uuid, user: Uuid, cost: i64) {
    let done = async {
        let mut conn = state.conn().await?;
        if attacks::mark_refunding(&mut conn, &[intent]).await? == 0 {
            return Ok(());
        }
        drop(conn);
        refund(state, intent, user, cost).await?;
        let mut conn = state.conn().await?;
        attacks::delete_unapplied(&mut conn, &[intent]).await?;
        Ok::<(), BattleError>(())
    };
    if let Err(e) = done.await {
        tracing::warn!(attack.id = %intent, user.id = %user, "refund left to the reconciler: {e}");
    }
}

/// Gives an attack's stamina back (idempotent by the intent).
pub async fn refund(
    state: &AppState,
    intent: Uuid,
    user: Uuid,
    cost: i64,
) -> Result<(), BattleError> {
    state
        .inventory
        .pay(
            refund_key(intent),
            user,
            "battle_attack_refund",
            vec![CurrencyAmount {
                currency: Currency::Stamina,
                amount: cost,
            }],
            Vec::new(),
        )
        .await
        .map(|_| ())
}
