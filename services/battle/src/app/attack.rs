//! An attack: checks, the stamina debit through inventory, the server's damage roll, and the
//! hit applied under the enemy's row lock, so HP never goes below zero and exactly one attack
//! defeats each enemy and completes each battle. Locks are taken in one order (enemy, battle,
//! participant) everywhere, so attacks and the raid's blows cannot deadlock.

use chrono::Utc;
use contracts::battle::{AttackEvent, BossPhaseChangeEvent, EnemyDefeatedEvent};
use contracts::inventory::{Currency, CurrencyAmount};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::db::models::{Battle, NewLog};
use crate::db::{battles, logs, participants};
use crate::domain::damage::{Hit, apply, roll_hit};
use crate::domain::generate::{boss_phase, phase_description};
use crate::domain::{AttackType, BattleStatus, RandDice};
use crate::error::BattleError;
use crate::events::{self, Event};
use crate::state::AppState;
use crate::views::AttackResponse;

/// What to attack and how.
#[derive(Debug, Clone, Copy)]
pub struct AttackInput {
    /// The enemy.
    pub enemy_id: i64,
    /// The attack type.
    pub kind: AttackType,
}

/// Attacks an enemy of `battle_id` as `user`.
pub async fn attack(
    state: &AppState,
    user: Uuid,
    battle_id: i64,
    input: AttackInput,
) -> Result<AttackResponse, BattleError> {
    // The checks' connection goes back to the pool before inventory is called: a request
    // waiting on a peer must not hold a connection others need.
    let (battle, enemy) = {
        let mut conn = state.conn().await?;
        let battle = battles::find(&mut conn, battle_id)
            .await?
            .ok_or(BattleError::BattleNotFound)?;
        let me = participants::find(&mut conn, battle_id, user)
            .await?
            .filter(|p| p.stamina_paid && p.is_active)
            .ok_or(BattleError::NotInBattle)?;
        if battle.status != BattleStatus::InProgress.as_str() {
            return Err(BattleError::NotInProgress);
        }
        if me.is_dead {
            return Err(BattleError::Dead);
        }
        let enemy = battles::find_enemy(&mut conn, battle_id, input.enemy_id)
            .await?
            .ok_or(BattleError::EnemyNotFound)?;
        if enemy.is_defeated {
            return Err(BattleError::EnemyDefeated);
        }
        (battle, enemy)
    };
    let stats = state.combat_stats(user).await?;

    let cost = input.kind.stamina();
    let key = format!("battle:attack:{battle_id}:{user}:{}", Uuid::now_v7());
    let paid = match state
        .inventory
        .debit(key.clone(), user, "battle_attack", Currency::Stamina, cost)
        .await
    {
        Ok(tx) => tx,
        Err(e) if e.is_insufficient_funds() => {
            state.stats.forget(user);
            let have = state.combat_stats(user).await.map_or(0, |s| s.stamina);
            return Err(BattleError::StaminaToAttack {
                need: cost,
                have: i64::from(have),
            });
        }
        Err(e) => return Err(e),
    };
    let hit = {
        let mut dice = RandDice(rand::thread_rng());
        roll_hit(stats.total.attack, enemy.defense, input.kind, &mut dice)
    };
    let turn = state.queues.turn(input.enemy_id).await;
    let applied = match state.conn().await {
        Ok(mut conn) => apply_hit(&mut conn, &battle, user, input, hit).await,
        Err(e) => Err(e),
    };
    drop(turn);
    let outcome = match applied {
        Ok(outcome) => outcome,
        Err(refusal) => {
            // The enemy fell or the attacker died between the checks and the lock, or the
            // database failed: the hit was not applied, so the stamina goes back.
            let refund = state
                .inventory
                .pay(
                    format!("{key}:refund"),
                    user,
                    "battle_attack_refund",
                    vec![CurrencyAmount {
                        currency: Currency::Stamina,
                        amount: cost,
                    }],
                    Vec::new(),
                )
                .await;
            if let Err(e) = refund {
                tracing::error!(battle.id = battle_id, user.id = %user, "stamina refund failed: {e}");
            }
            return Err(refusal);
        }
    };
    events::publish_all(state, battle_id, &outcome.events).await;
    Ok(AttackResponse {
        success: true,
        damage: hit.damage,
        is_critical: hit.is_critical,
        enemy_id: input.enemy_id,
        enemy_hp_remaining: outcome.hp_after,
        enemy_defeated: outcome.defeated,
        battle_completed: outcome.completed,
        attack_type: input.kind.as_str().to_owned(),
        stamina_cost: cost,
        stamina_remaining: paid.balances.stamina,
        boss_phase: outcome.phase,
    })
}

struct Outcome {
    hp_after: i64,
    defeated: bool,
    completed: bool,
    phase: i32,
    events: Vec<Event>,
}

async fn apply_hit(
    conn: &mut diesel_async::AsyncPgConnection,
    battle: &Battle,
    user: Uuid,
    input: AttackInput,
    hit: Hit,
) -> Result<Outcome, BattleError> {
    let battle = battle.clone();
    conn.transaction::<_, BattleError, _>(async move |conn| {
        let battle_id = battle.id;
        let enemy = battles::lock_enemy(conn, battle_id, input.enemy_id)
            .await?
            .ok_or(BattleError::EnemyNotFound)?;
        if enemy.is_defeated {
            return Err(BattleError::EnemyDefeated);
        }
        let now = Utc::now();
        let applied = apply(enemy.hp_current, hit.damage);
        battles::set_enemy_hp(conn, enemy.id, applied.hp_after, now).await?;

        let mut events = Vec::new();
        let mut tail = Vec::new();
        let mut completed = false;
        let old_phase = boss_phase(enemy.hp_current, enemy.hp_max);
        let mut phase = battle.boss_current_phase;
        let new_phase = boss_phase(applied.hp_after, enemy.hp_max);
        let phase_up = battle.is_boss_raid && new_phase > old_phase;
        if applied.defeated_now || phase_up {
            // Battle after enemy: the one lock order every writer follows.
            battles::lock(conn, battle_id).await?;
        }
        if phase_up && battles::raise_phase(conn, battle_id, new_phase).await? {
            phase = new_phase;
            let hp_percent =
                (applied.hp_after as f64 * 10_000.0 / enemy.hp_max as f64).round() / 100.0;
            tail.push(Event::of(
                "boss_phase_change",
                &BossPhaseChangeEvent {
                    previous_phase: old_phase,
                    new_phase,
                    hp_percent,
                    description: phase_description(new_phase).to_owned(),
                    enemy_id: enemy.id,
                },
            ));
        }
        let me = participants::lock(conn, battle_id, user)
            .await?
            .filter(|p| p.stamina_paid && p.is_active)
            .ok_or(BattleError::NotInBattle)?;
        if me.is_dead {
            return Err(BattleError::Dead);
        }
        if applied.defeated_now {
            tail.insert(
                0,
                Event::of(
                    "enemy_defeated",
                    &EnemyDefeatedEvent {
                        enemy_id: enemy.id,
                        enemy_name: enemy.name.clone(),
                        defeated_by: me.username.clone(),
                    },
                ),
            );
            if battles::count_standing(conn, battle_id).await? == 0
                && battles::complete(conn, battle_id, now).await?
            {
                completed = true;
                tail.push(events::battle_completed(battle_id));
            }
        }
        participants::add_damage(conn, me.id, applied.taken).await?;

        let mut lines = vec![NewLog {
            battle_id,
            user_id: Some(user),
            username: Some(me.username.clone()),
            log_type: "attack".to_owned(),
            message: format!(
                "{} hit {} for {}{}",
                me.username,
                enemy.name,
                hit.damage,
                if hit.is_critical { " (critical)" } else { "" }
            ),
            enemy_id: Some(enemy.id),
            enemy_name: Some(enemy.name.clone()),
            damage: Some(hit.damage),
            enemy_hp_remaining: Some(applied.hp_after),
        }];
        for event in &tail {
            lines.push(NewLog {
                battle_id,
                user_id: Some(user),
                username: Some(me.username.clone()),
                log_type: event.kind.to_owned(),
                message: match event.kind {
                    "enemy_defeated" => format!("{} defeated {}", me.username, enemy.name),
                    "boss_phase_change" => phase_description(new_phase).to_owned(),
                    _ => "All enemies defeated! Claim your loot!".to_owned(),
                },
                enemy_id: Some(enemy.id),
                enemy_name: Some(enemy.name.clone()),
                ..NewLog::default()
            });
        }
        logs::insert(conn, &lines).await?;

        events.push(Event::of(
            "attack",
            &AttackEvent {
                player_name: me.username.clone(),
                username: me.username.clone(),
                player_level: me.level,
                user_id: user,
                enemy_id: enemy.id,
                damage: hit.damage,
                is_critical: hit.is_critical,
                attack_type: input.kind.as_str().to_owned(),
                enemy_hp_remaining: applied.hp_after,
                enemy_defeated: applied.defeated_now,
                battle_completed: completed,
            },
        ));
        events.extend(tail);
        Ok(Outcome {
            hp_after: applied.hp_after,
            defeated: applied.defeated_now,
            completed,
            phase,
            events,
        })
    })
    .await
}
