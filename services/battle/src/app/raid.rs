//! Raid bosses strike back: each running raid has a stored deadline for its boss's next
//! blow; any replica's sweeper takes due raids with `FOR UPDATE SKIP LOCKED`, so every blow
//! lands once. Dead raiders revive after a wait, or at once for gems paid through inventory.

use chrono::Utc;
use contracts::battle::{PlayerDiedEvent, PlayerHitEvent};
use contracts::inventory::Currency;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

use crate::app::after;
use crate::db::models::NewLog;
use crate::db::{battles, logs, participants};
use crate::domain::damage::raid_blow;
use crate::domain::{Dice, RandDice};
use crate::error::BattleError;
use crate::events::{self, Event};
use crate::state::AppState;
use crate::views::ResurrectResponse;

/// Most raids one sweep handles.
const SWEEP_BATCH: i64 = 50;

/// Lands every due blow once; returns how many landed.
pub async fn strike_due(state: &AppState) -> Result<usize, BattleError> {
    let interval = state.settings.raid_strike;
    let mut conn = state.conn().await?;
    let published = conn
        .transaction::<_, BattleError, _>(async move |conn| {
            let now = Utc::now();
            let raids = battles::lock_due_raids(conn, now, SWEEP_BATCH).await?;
            let mut out = Vec::new();
            for raid in raids {
                let boss = battles::enemies(conn, raid.id)
                    .await?
                    .into_iter()
                    .find(|e| !e.is_defeated);
                let Some(boss) = boss else {
                    battles::set_next_strike(conn, raid.id, None).await?;
                    continue;
                };
                battles::set_next_strike(conn, raid.id, Some(after(now, interval))).await?;
                let targets = participants::lock_targets(conn, raid.id).await?;
                if targets.is_empty() {
                    continue;
                }
                let (target, blow) = {
                    let mut dice = RandDice(rand::thread_rng());
                    let target = &targets[dice.index(targets.len())];
                    (target, raid_blow(boss.attack, target.defense, &mut dice))
                };
                let hp = (target.hp_current - blow).max(0);
                participants::set_hp(conn, target.id, hp, now).await?;
                let mut lines = vec![NewLog {
                    battle_id: raid.id,
                    user_id: Some(target.user_id),
                    username: Some(target.username.clone()),
                    log_type: "player_hit".to_owned(),
                    message: format!("{} struck {} for {blow}", boss.name, target.username),
                    enemy_id: Some(boss.id),
                    enemy_name: Some(boss.name.clone()),
                    damage: Some(blow),
                    ..NewLog::default()
                }];
                let mut events = vec![Event::of(
                    "player_hit",
                    &PlayerHitEvent {
                        player_name: target.username.clone(),
                        user_id: target.user_id,
                        enemy_id: boss.id,
                        enemy_name: boss.name.clone(),
                        damage: blow,
                        hp_remaining: hp,
                        hp_max: target.hp_max,
                    },
                )];
                if hp == 0 {
                    lines.push(NewLog {
                        battle_id: raid.id,
                        user_id: Some(target.user_id),
                        username: Some(target.username.clone()),
                        log_type: "player_died".to_owned(),
                        message: format!("{} was slain by {}", target.username, boss.name),
                        enemy_id: Some(boss.id),
                        enemy_name: Some(boss.name.clone()),
                        ..NewLog::default()
                    });
                    events.push(Event::of(
                        "player_died",
                        &PlayerDiedEvent {
                            player_name: target.username.clone(),
                            user_id: target.user_id,
                            enemy_name: boss.name.clone(),
                        },
                    ));
                }
                logs::insert(conn, &lines).await?;
                events::enqueue_all(conn, raid.id, &events).await?;
                out.push((raid.id, events));
            }
            Ok(out)
        })
        .await?;
    if published.iter().any(|(_, events)| !events.is_empty()) {
        events::published(state).await;
    }
    Ok(published.len())
}

/// Brings `user` back to life in raid `battle_id`: with a potion (gems through inventory) or,
/// after the wait, for free.
pub async fn resurrect(
    state: &AppState,
    user: Uuid,
    battle_id: i64,
    use_potion: bool,
) -> Result<ResurrectResponse, BattleError> {
    let mut conn = state.conn().await?;
    let battle = battles::find(&mut conn, battle_id)
        .await?
        .ok_or(BattleError::BattleNotFound)?;
    if !battle.is_boss_raid {
        return Err(BattleError::NotARaid);
    }
    let me = participants::find(&mut conn, battle_id, user)
        .await?
        .filter(|p| p.stamina_paid)
        .ok_or(BattleError::NotInBattle)?;
    if !me.is_dead {
        return Err(BattleError::NotDead);
    }
    let mut gems_spent = 0;
    if use_potion {
        let price = state.settings.resurrect_gems;
        // One key per death: a retried request pays once.
        let key = format!("battle:resurrect:{}:{}", me.id, me.resurrection_count);
        match state
            .inventory
            .debit(key, user, "battle_resurrect", Currency::Gems, price)
            .await
        {
            Ok(_) => gems_spent = price,
            Err(e) if e.is_insufficient_funds() => {
                return Err(BattleError::NotEnoughGems { need: price });
            }
            Err(e) => return Err(e),
        }
    } else {
        let died = me.death_timestamp.unwrap_or_else(Utc::now);
        let ready = after(died, state.settings.revive_after);
        let now = Utc::now();
        if now < ready {
            return Err(BattleError::ReviveNotReady {
                seconds: (ready - now).num_seconds().max(1),
            });
        }
    }
    let revived = conn
        .transaction::<_, BattleError, _>(async move |conn| {
            let me = participants::lock(conn, battle_id, user)
                .await?
                .ok_or(BattleError::NotInBattle)?;
            if me.is_dead {
                participants::resurrect(conn, &me).await?;
                logs::insert(
                    conn,
                    &[NewLog {
                        battle_id,
                        user_id: Some(user),
                        username: Some(me.username.clone()),
                        log_type: "player_resurrected".to_owned(),
                        message: format!("{} returned to the fight", me.username),
                        ..NewLog::default()
                    }],
                )
                .await?;
            }
            let announced = Event::new(
                "player_resurrected",
                json!({ "player_name": me.username, "user_id": user, "used_potion": use_potion }),
            );
            events::enqueue_all(conn, battle_id, &[announced]).await?;
            Ok(me)
        })
        .await?;
    events::published(state).await;
    Ok(ResurrectResponse {
        success: true,
        message: if use_potion {
            "Resurrected with a potion".to_owned()
        } else {
            "You have revived".to_owned()
        },
        hp_current: revived.hp_max,
        hp_max: revived.hp_max,
        gems_spent,
        resurrection_count: revived.resurrection_count + i32::from(revived.is_dead),
    })
}
