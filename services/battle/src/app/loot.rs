//! Claiming loot: the rewards are decided once and stored with the participation
//! (`pending`) before inventory is asked to pay them, under keys derived from the
//! participation; a retry after any failure pays the same rewards, and never twice.

use chrono::Utc;
use contracts::battle::LootClaimedEvent;
use contracts::inventory::{Currency, CurrencyAmount};
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use crate::db::{battles, participants};
use crate::domain::loot::{Drop, contribution_percent, rewards, roll_drop};
use crate::domain::{BattleStatus, Difficulty, RandDice};
use crate::error::BattleError;
use crate::events::{self, Event};
use crate::state::AppState;
use crate::views::{ClaimResponse, LootItem};

/// Rewards decided for one participant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decided {
    /// Gold.
    pub gold: i64,
    /// XP.
    pub xp: i64,
    /// Share of the damage.
    pub contribution_percent: f64,
    /// The item, if one dropped.
    pub drop: Option<Drop>,
}

/// Claims `user`'s loot of `battle_id`.
pub async fn claim(
    state: &AppState,
    user: Uuid,
    battle_id: i64,
) -> Result<ClaimResponse, BattleError> {
    let mut conn = state.conn().await?;
    let (participant_id, decided) = conn
        .transaction::<_, BattleError, _>(async move |conn| {
            let battle = battles::find(conn, battle_id)
                .await?
                .ok_or(BattleError::BattleNotFound)?;
            if battle.status != BattleStatus::Completed.as_str() {
                return Err(BattleError::NotCompleted);
            }
            let me = participants::lock(conn, battle_id, user)
                .await?
                .filter(|p| p.stamina_paid)
                .ok_or(BattleError::NotInBattle)?;
            match me.claim_state.as_deref() {
                Some("done") => Err(BattleError::AlreadyClaimed),
                Some(_) => {
                    let decided = me
                        .rewards
                        .clone()
                        .and_then(|r| serde_json::from_value::<Decided>(r).ok())
                        .ok_or_else(|| {
                            BattleError::internal(anyhow::anyhow!("pending claim without rewards"))
                        })?;
                    Ok((me.id, decided))
                }
                None => {
                    let (total, count) = participants::damage_totals(conn, battle_id).await?;
                    let contribution = contribution_percent(me.total_damage_dealt, total, count);
                    let (gold, xp) = rewards(battle.gold_reward, battle.exp_reward, contribution);
                    let difficulty =
                        Difficulty::parse(&battle.difficulty).unwrap_or(Difficulty::Easy);
                    let drop = roll_drop(difficulty, &mut RandDice(rand::thread_rng()));
                    let decided = Decided {
                        gold,
                        xp,
                        contribution_percent: contribution,
                        drop,
                    };
                    let stored = serde_json::to_value(&decided).map_err(BattleError::internal)?;
                    participants::set_claim_pending(conn, me.id, &stored).await?;
                    Ok((me.id, decided))
                }
            }
        })
        .await?;

    drop(conn);
    let credits = if decided.gold > 0 {
        vec![CurrencyAmount {
            currency: Currency::Gold,
            amount: decided.gold,
        }]
    } else {
        Vec::new()
    };
    let grants = decided.drop.iter().map(|d| d.catalog_id.clone()).collect();
    // Gold, items and XP in one inventory transaction under the claim's key: a retry after a
    // crash or a lost answer replays it, so nothing is paid twice or half paid.
    let paid = state
        .inventory
        .reward(
            format!("battle:loot:{participant_id}"),
            user,
            "battle_loot",
            credits,
            grants,
            decided.xp,
        )
        .await?;
    let level_up = if decided.xp > 0 {
        let mut grant = paid.outcome.clone().ok_or_else(|| {
            BattleError::internal(anyhow::anyhow!("inventory paid XP without its result"))
        })?;
        if let Some(fields) = grant.as_object_mut() {
            fields.insert("replayed".to_owned(), paid.replayed.into());
        }
        Some(grant)
    } else {
        None
    };
    let items: Vec<LootItem> = decided
        .drop
        .iter()
        .map(|d| LootItem {
            id: paid
                .granted
                .iter()
                .find(|g| g.catalog_id == d.catalog_id)
                .map(|g| g.item_id),
            name: d.name.clone(),
            item_type: d.item_type.clone(),
            rarity: d.rarity.clone(),
            catalog_id: d.catalog_id.clone(),
        })
        .collect();
    let record = json!({
        "gold": decided.gold,
        "xp": decided.xp,
        "contribution_percent": decided.contribution_percent,
        "drop": decided.drop,
        "items": items,
        "level_up_info": level_up,
        "transaction_id": paid.transaction_id,
    });
    let leveled_up = level_up
        .as_ref()
        .and_then(|l| l.get("leveled_up"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let mut conn = state.conn().await?;
    let items_count = items.len();
    conn.transaction::<_, BattleError, _>(async |conn| {
        participants::set_claim_done(conn, participant_id, &record, Utc::now()).await?;
        let name = participants::find(conn, battle_id, user)
            .await?
            .map(|p| p.username)
            .unwrap_or_default();
        let claimed = Event::of(
            "loot_claimed",
            &LootClaimedEvent {
                player_name: name,
                user_id: user,
                gold: decided.gold,
                xp: decided.xp,
                items_count,
                leveled_up,
            },
        );
        events::enqueue_all(conn, battle_id, &[claimed]).await
    })
    .await?;
    drop(conn);
    state.stats.forget(user);
    events::published(state).await;
    Ok(ClaimResponse {
        success: true,
        gold: decided.gold,
        xp: decided.xp,
        items,
        contribution_percent: decided.contribution_percent,
        level_up_info: level_up,
    })
}
