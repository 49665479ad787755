//! Joining a battle: the level requirement, capacity, and the stamina cost debited through
//! inventory. The participation is recorded first (unpaid) with the battle locked; the debit
//! carries a key derived from it, so a retried join finishes the same payment.

use chrono::Utc;
use contracts::battle::PlayerJoinedBattleEvent;
use contracts::inventory::Currency;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::app::after;
use crate::db::models::{NewLog, NewParticipant, Participant};
use crate::db::{battles, logs, participants};
use crate::domain::BattleStatus;
use crate::error::BattleError;
use crate::events::{self, Event};
use crate::state::AppState;
use crate::views::JoinResponse;

enum Entry {
    New(Participant),
    Unpaid(Participant),
    Rejoined(Participant),
}

/// The stamina debit's idempotency key: one per participation.
pub fn join_key(participant_id: i64) -> String {
    format!("battle:join:{participant_id}")
}

/// Joins (or rejoins) `battle_id` as `user`.
pub async fn join(
    state: &AppState,
    user: Uuid,
    battle_id: i64,
) -> Result<JoinResponse, BattleError> {
    let stats = state.combat_stats(user).await?;
    let strike = state.settings.raid_strike;
    let mut conn = state.conn().await?;
    let (entry, cost) = conn
        .transaction::<_, BattleError, _>(async move |conn| {
            let battle = battles::lock(conn, battle_id)
                .await?
                .ok_or(BattleError::BattleNotFound)?;
            match BattleStatus::parse(&battle.status) {
                Some(BattleStatus::Completed) => return Err(BattleError::AlreadyCompleted),
                Some(BattleStatus::Abandoned) => return Err(BattleError::Abandoned),
                _ => {}
            }
            if let Some(p) = participants::find(conn, battle_id, user).await? {
                if !p.stamina_paid {
                    return Ok((Entry::Unpaid(p), battle.stamina_cost));
                }
                if !p.is_active {
                    participants::reactivate(conn, p.id).await?;
                }
                return Ok((Entry::Rejoined(p), battle.stamina_cost));
            }
            if stats.level < battle.required_level {
                return Err(BattleError::LevelTooLow {
                    required: battle.required_level,
                });
            }
            let counts = participants::active_counts(conn, &[battle_id]).await?;
            if counts.get(&battle_id).copied().unwrap_or(0) >= i64::from(battle.max_players) {
                return Err(BattleError::BattleFull);
            }
            let hp = stats.total.hp.max(1);
            let p = participants::insert(
                conn,
                &NewParticipant {
                    battle_id,
                    user_id: user,
                    username: stats.username.clone(),
                    level: stats.level,
                    battle_name: battle.name.clone(),
                    is_boss_raid: battle.is_boss_raid,
                    gallery_index: battle.gallery_index,
                    stamina_paid: battle.stamina_cost == 0,
                    hp_max: hp,
                    hp_current: hp,
                    defense: stats.total.defense,
                },
            )
            .await?;
            if battle.status == BattleStatus::Waiting.as_str() {
                let now = Utc::now();
                let first_strike = battle.is_boss_raid.then(|| after(now, strike));
                battles::start(conn, battle_id, now, first_strike).await?;
            }
            logs::insert(
                conn,
                &[NewLog {
                    battle_id,
                    user_id: Some(user),
                    username: Some(p.username.clone()),
                    log_type: "join".to_owned(),
                    message: format!("{} joined the battle", p.username),
                    ..NewLog::default()
                }],
            )
            .await?;
            Ok((Entry::New(p), battle.stamina_cost))
        })
        .await?;
    let (participant, rejoined) = match entry {
        Entry::Rejoined(p) => (p, true),
        Entry::New(p) | Entry::Unpaid(p) => (p, false),
    };
    // Not held across the inventory call (a request waiting on a peer must not hold a
    // connection others need).
    drop(conn);
    let mut stamina_remaining = None;
    if !participant.stamina_paid {
        match state
            .inventory
            .debit(
                join_key(participant.id),
                user,
                "battle_join",
                Currency::Stamina,
                cost,
            )
            .await
        {
            Ok(tx) => {
                participants::mark_paid(&mut *state.conn().await?, participant.id).await?;
                stamina_remaining = Some(tx.balances.stamina);
            }
            Err(e) if e.is_insufficient_funds() => {
                // Nothing was spent: the reserved slot is given back.
                participants::delete_unpaid(&mut *state.conn().await?, participant.id).await?;
                state.stats.forget(user);
                let have = state.combat_stats(user).await.map_or(0, |s| s.stamina);
                return Err(BattleError::StaminaToJoin {
                    need: cost,
                    have: i64::from(have),
                });
            }
            Err(e) => return Err(e),
        }
    }
    events::add_member(state, battle_id, user).await?;
    let status = battles::find(&mut *state.conn().await?, battle_id)
        .await?
        .map_or_else(|| "in_progress".to_owned(), |b| b.status);
    if !rejoined {
        // Its own transaction after the join's: the status it reports is read here, and a crash
        // between the two loses this announcement (the participant list still shows the join).
        let mut conn = state.conn().await?;
        events::enqueue_all(
            &mut conn,
            battle_id,
            &[Event::of(
                "player_joined_battle",
                &PlayerJoinedBattleEvent {
                    player_name: participant.username.clone(),
                    player_level: participant.level,
                    participant_id: participant.id,
                    battle_status: status,
                    user_id: user,
                },
            )],
        )
        .await?;
        drop(conn);
        events::published(state).await;
    }
    Ok(JoinResponse {
        success: true,
        message: if rejoined {
            "Rejoined battle successfully"
        } else {
            "Joined battle successfully"
        }
        .to_owned(),
        battle_id,
        participant_id: participant.id,
        stamina_remaining,
    })
}
