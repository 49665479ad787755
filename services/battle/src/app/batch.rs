//! One writer transaction for one enemy: paid hits applied in queue order, then new attacks
//! checked and their intents recorded. Locks are taken in the order every writer follows
//! (enemy, battle, participants by id), HP is worked out in memory from the locked row and
//! written once, so HP never goes below zero and exactly one hit defeats the enemy and
//! completes the battle, in this process or any other. Events are written to the outbox in the
//! batch's transaction (one insert) and published, in order, before anyone is answered, so an
//! attack's event is out when its answer is (unless Redis is down: then the answer goes first).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use contracts::battle::{AttackEvent, BossPhaseChangeEvent, EnemyDefeatedEvent};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use crate::app::attack::attack_answer;
use crate::app::writer::{Applied, Apply, Job, Reserve, Reserved};
use crate::db::models::{Battle, Enemy, NewAttackIntent, NewLog, Participant};
use crate::db::{attack_keys, attacks, battles, logs, participants};
use crate::domain::damage::{Hit, apply};
use crate::domain::generate::{boss_phase, phase_description};
use crate::domain::{AttackType, BattleStatus};
use crate::error::BattleError;
use crate::events::{self, Event};
use crate::state::AppState;

/// Runs one batch and answers every step in it.
pub async fn run(state: &AppState, battle_id: i64, enemy_id: i64, jobs: Vec<Job>) {
    let mut reserves = Vec::new();
    let mut applies = Vec::new();
    for job in jobs {
        match job {
            Job::Reserve(r) => reserves.push(r),
            Job::Apply(a) => applies.push(a),
        }
    }
    let result = match state.conn().await {
        Ok(mut conn) => write(&mut conn, battle_id, enemy_id, &reserves, &applies).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(done) => {
            if !done.events.is_empty() {
                events::published(state).await;
            }
            for (step, answer) in applies.into_iter().zip(done.applied) {
                let _ = step.reply.send(answer);
            }
            for (step, answer) in reserves.into_iter().zip(done.reserved) {
                let _ = step.reply.send(answer);
            }
        }
        Err(e) => {
            // Nothing of the batch was written: intents of paid hits stay `reserved`, and the
            // requests give their stamina back (or the reconciler does).
            tracing::error!(
                battle.id = battle_id,
                enemy.id = enemy_id,
                "attack batch failed: {e}"
            );
            for step in applies {
                let _ = step.reply.send(Err(BattleError::NotApplied));
            }
            for step in reserves {
                let _ = step.reply.send(Err(BattleError::NotApplied));
            }
        }
    }
}

/// What a committed batch answers.
struct Done {
    applied: Vec<Result<Applied, BattleError>>,
    reserved: Vec<Result<Reserved, BattleError>>,
    events: Vec<Event>,
}

/// The enemy, the battle and the attackers as the batch changes them.
struct Scene {
    battle: Option<Battle>,
    enemy: Option<Enemy>,
    people: HashMap<Uuid, Participant>,
    in_progress: bool,
}

impl Scene {
    /// The seed's checks, in its order.
    fn admit(&self, user: Uuid) -> Result<(&Battle, &Participant, &Enemy), BattleError> {
        let battle = self.battle.as_ref().ok_or(BattleError::BattleNotFound)?;
        let me = self
            .people
            .get(&user)
            .filter(|p| p.stamina_paid && p.is_active)
            .ok_or(BattleError::NotInBattle)?;
        if !self.in_progress {
            return Err(BattleError::NotInProgress);
        }
        if me.is_dead {
            return Err(BattleError::Dead);
        }
        let enemy = self.enemy.as_ref().ok_or(BattleError::EnemyNotFound)?;
        if enemy.is_defeated || enemy.hp_current == 0 {
            return Err(BattleError::EnemyDefeated);
        }
        Ok((battle, me, enemy))
    }
}

async fn write(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
    enemy_id: i64,
    reserves: &[Reserve],
    applies: &[Apply],
) -> Result<Done, BattleError> {
    let steps: Vec<Step> = applies
        .iter()
        .map(|a| (a.attack_id, a.user, a.kind, a.hit, a.keyed_stamina))
        .collect();
    let asks: Vec<(Uuid, AttackType, Option<Uuid>)> = reserves
        .iter()
        .map(|r| (r.user, r.kind, r.attack_id))
        .collect();
    conn.transaction::<_, BattleError, _>(async move |conn| {
        // Enemy before battle before participants: the one lock order of every writer.
        let enemy = battles::lock_enemy(conn, battle_id, enemy_id).await?;
        let battle = battles::lock(conn, battle_id).await?;
        let mut users: Vec<Uuid> = steps
            .iter()
            .map(|s| s.1)
            .chain(asks.iter().map(|a| a.0))
            .collect();
        users.sort_unstable();
        users.dedup();
        let people = participants::lock_many(conn, battle_id, &users)
            .await?
            .into_iter()
            .map(|p| (p.user_id, p))
            .collect();
        let in_progress = battle
            .as_ref()
            .is_some_and(|b| b.status == BattleStatus::InProgress.as_str());
        let mut scene = Scene {
            battle,
            enemy,
            people,
            in_progress,
        };
        let now = Utc::now();
        let mut done = Done {
            applied: Vec::with_capacity(steps.len()),
            reserved: Vec::with_capacity(asks.len()),
            events: Vec::new(),
        };
        apply_hits(conn, &mut scene, &steps, &mut done, now).await?;

        let mut intents = Vec::new();
        let mut ids = HashSet::new();
        // A keyed attack settled since its request read the key (its hit applied, or its
        // stamina refunded) must not be recorded again: its debit would be replayed for free.
        let keyed: Vec<Uuid> = asks.iter().filter_map(|a| a.2).collect();
        let open: HashSet<Uuid> = attack_keys::lock_open(conn, &keyed)
            .await?
            .into_iter()
            .collect();
        for (user, kind, keyed) in asks {
            let attack_id = keyed.unwrap_or_else(Uuid::now_v7);
            // Two retries of one keyed attack in one batch: one intent.
            if !ids.insert(attack_id) || keyed.is_some_and(|id| !open.contains(&id)) {
                done.reserved.push(Err(BattleError::AttackInProgress));
                continue;
            }
            done.reserved.push(match scene.admit(user) {
                Ok((_, _, enemy)) => {
                    intents.push(NewAttackIntent {
                        id: attack_id,
                        battle_id,
                        enemy_id,
                        user_id: user,
                        attack_type: kind.as_str().to_owned(),
                        stamina_cost: kind.stamina(),
                    });
                    Ok(Reserved {
                        attack_id,
                        enemy_defense: enemy.defense,
                    })
                }
                Err(e) => Err(e),
            });
        }
        // A keyed attack whose intent is still open (an earlier try in flight, or waiting for
        // the reconciler) is not recorded twice.
        let recorded: HashSet<Uuid> = attacks::insert_new(conn, &intents)
            .await?
            .into_iter()
            .collect();
        for answer in &mut done.reserved {
            if let Ok(r) = answer
                && !recorded.contains(&r.attack_id)
            {
                *answer = Err(BattleError::AttackInProgress);
            }
        }
        events::enqueue_all(conn, battle_id, &done.events).await?;
        Ok(done)
    })
    .await
}

/// A paid hit: intent, attacker, attack type, the roll, and for a keyed attack the stamina
/// left after its debit.
type Step = (Uuid, Uuid, AttackType, Hit, Option<i32>);

async fn apply_hits(
    conn: &mut AsyncPgConnection,
    scene: &mut Scene,
    steps: &[Step],
    done: &mut Done,
    now: DateTime<Utc>,
) -> Result<(), BattleError> {
    if steps.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = steps.iter().map(|s| s.0).collect();
    // An intent the reconciler took (its request ran out of time) is refunded, not applied.
    let live: HashSet<Uuid> = attacks::lock_reserved(conn, &ids)
        .await?
        .into_iter()
        .collect();
    let mut applied_ids = Vec::new();
    let mut refused_ids = Vec::new();
    let mut dealt: HashMap<i64, (i64, i32)> = HashMap::new();
    let mut lines = Vec::new();
    // The defeating hit: its answer, its attack event, who struck it.
    let mut defeat: Option<(usize, usize, Uuid, String)> = None;
    let start_phase = scene.battle.as_ref().map_or(1, |b| b.boss_current_phase);
    let mut phase = start_phase;
    let mut seen = HashSet::new();
    for &(attack_id, user, kind, hit, _) in steps {
        if !live.contains(&attack_id) || !seen.insert(attack_id) {
            done.applied.push(Err(BattleError::NotApplied));
            continue;
        }
        let (battle, me, enemy) = match scene.admit(user) {
            Ok(found) => found,
            Err(e) => {
                refused_ids.push(attack_id);
                done.applied.push(Err(e));
                continue;
            }
        };
        let step = apply(enemy.hp_current, hit.damage);
        let entry = dealt.entry(me.id).or_default();
        entry.0 += step.taken;
        entry.1 += 1;
        let log = |log_type: &str, message: String| NewLog {
            battle_id: battle.id,
            user_id: Some(user),
            username: Some(me.username.clone()),
            log_type: log_type.to_owned(),
            message,
            enemy_id: Some(enemy.id),
            enemy_name: Some(enemy.name.clone()),
            ..NewLog::default()
        };
        lines.push(NewLog {
            damage: Some(hit.damage),
            enemy_hp_remaining: Some(step.hp_after),
            ..log(
                "attack",
                format!(
                    "{} hit {} for {}{}",
                    me.username,
                    enemy.name,
                    hit.damage,
                    if hit.is_critical { " (critical)" } else { "" }
                ),
            )
        });
        let attack_event = done.events.len();
        done.events.push(Event::of(
            "attack",
            &AttackEvent {
                player_name: me.username.clone(),
                username: me.username.clone(),
                player_level: me.level,
                user_id: user,
                enemy_id: enemy.id,
                damage: hit.damage,
                is_critical: hit.is_critical,
                attack_type: kind.as_str().to_owned(),
                enemy_hp_remaining: step.hp_after,
                enemy_defeated: step.defeated_now,
                battle_completed: false,
            },
        ));
        if step.defeated_now {
            done.events.push(Event::of(
                "enemy_defeated",
                &EnemyDefeatedEvent {
                    enemy_id: enemy.id,
                    enemy_name: enemy.name.clone(),
                    defeated_by: me.username.clone(),
                },
            ));
            lines.push(log(
                "enemy_defeated",
                format!("{} defeated {}", me.username, enemy.name),
            ));
        }
        let new_phase = boss_phase(step.hp_after, enemy.hp_max);
        if battle.is_boss_raid && new_phase > phase {
            let hp_percent =
                (step.hp_after as f64 * 10_000.0 / enemy.hp_max as f64).round() / 100.0;
            done.events.push(Event::of(
                "boss_phase_change",
                &BossPhaseChangeEvent {
                    previous_phase: phase,
                    new_phase,
                    hp_percent,
                    description: phase_description(new_phase).to_owned(),
                    enemy_id: enemy.id,
                },
            ));
            lines.push(log(
                "boss_phase_change",
                phase_description(new_phase).to_owned(),
            ));
            phase = new_phase;
        }
        if step.defeated_now {
            defeat = Some((done.applied.len(), attack_event, user, me.username.clone()));
        }
        done.applied.push(Ok(Applied {
            hp_after: step.hp_after,
            defeated: step.defeated_now,
            completed: false,
            phase,
        }));
        applied_ids.push(attack_id);
        if let Some(enemy) = scene.enemy.as_mut() {
            enemy.hp_current = step.hp_after;
            enemy.is_defeated = step.hp_after == 0;
        }
    }

    if let (Some(enemy), false) = (scene.enemy.as_ref(), applied_ids.is_empty()) {
        battles::set_enemy_hp(conn, enemy.id, enemy.hp_current, now).await?;
        if phase > start_phase {
            battles::raise_phase(conn, enemy.battle_id, phase).await?;
        }
        if let Some((answer, attack_event, user, username)) = defeat
            && battles::count_standing(conn, enemy.battle_id).await? == 0
            && battles::complete(conn, enemy.battle_id, now).await?
        {
            scene.in_progress = false;
            if let Some(Ok(applied)) = done.applied.get_mut(answer) {
                applied.completed = true;
            }
            if let Some(fields) = done
                .events
                .get_mut(attack_event)
                .and_then(|e| e.data.as_object_mut())
            {
                fields.insert("battle_completed".to_owned(), true.into());
            }
            done.events.push(events::battle_completed(enemy.battle_id));
            lines.push(NewLog {
                battle_id: enemy.battle_id,
                user_id: Some(user),
                username: Some(username),
                log_type: "battle_completed".to_owned(),
                message: "All enemies defeated! Claim your loot!".to_owned(),
                enemy_id: Some(enemy.id),
                enemy_name: Some(enemy.name.clone()),
                ..NewLog::default()
            });
        }
    }
    let mut dealt: Vec<(i64, (i64, i32))> = dealt.into_iter().collect();
    dealt.sort_unstable_by_key(|(id, _)| *id);
    for (participant, (taken, count)) in dealt {
        participants::add_damage(conn, participant, taken, count).await?;
    }
    logs::insert(conn, &lines).await?;
    // Keyed attacks keep their answer with the hit, for retries.
    let enemy_id = scene.enemy.as_ref().map_or(0, |e| e.id);
    let answers: Vec<(Uuid, serde_json::Value)> = steps
        .iter()
        .zip(&done.applied)
        .filter_map(|(&(attack_id, _, kind, hit, stamina), result)| {
            let applied = result.as_ref().ok()?;
            let answer = attack_answer(enemy_id, kind, hit, applied, stamina?);
            Some((attack_id, serde_json::to_value(answer).ok()?))
        })
        .collect();
    attack_keys::settle_applied(conn, answers).await?;
    attacks::delete(conn, &applied_ids).await?;
    attacks::mark_refunding(conn, &refused_ids).await?;
    Ok(())
}
