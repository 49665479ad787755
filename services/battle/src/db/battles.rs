//! Battles and their enemies.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::models::{Battle, Enemy, NewBattle, NewEnemy};
use super::schema::{battle_enemies, battles};
use crate::domain::generate::BattleSpec;

/// Inserts a battle made from `spec` with its enemies.
pub async fn insert_spec(
    conn: &mut AsyncPgConnection,
    spec: &BattleSpec,
    gallery_index: Option<i32>,
    template_id: Option<i64>,
    from_pool: bool,
) -> QueryResult<Battle> {
    let battle: Battle = diesel::insert_into(battles::table)
        .values(NewBattle {
            name: spec.name.clone(),
            difficulty: spec.difficulty.as_str().to_owned(),
            wave_number: spec.wave,
            is_boss_raid: spec.is_boss_raid,
            max_players: spec.max_players,
            min_players: spec.min_players,
            required_level: spec.required_level,
            stamina_cost: spec.stamina_cost,
            boss_phase_count: spec.boss_phase_count,
            gold_reward: spec.gold_reward,
            exp_reward: spec.exp_reward,
            gallery_index,
            template_id,
            from_pool,
        })
        .returning(Battle::as_returning())
        .get_result(conn)
        .await?;
    let enemies: Vec<NewEnemy> = spec
        .enemies
        .iter()
        .enumerate()
        .map(|(i, e)| NewEnemy {
            battle_id: battle.id,
            position: i32::try_from(i).unwrap_or(i32::MAX),
            enemy_type: e.enemy_type.as_str().to_owned(),
            name: e.name.clone(),
            level: e.level,
            icon: e.icon.clone(),
            hp_max: e.hp,
            hp_current: e.hp,
            attack: e.attack,
            defense: e.defense,
        })
        .collect();
    diesel::insert_into(battle_enemies::table)
        .values(&enemies)
        .execute(conn)
        .await?;
    Ok(battle)
}

/// The battle `id`.
pub async fn find(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Battle>> {
    battles::table
        .find(id)
        .select(Battle::as_select())
        .first(conn)
        .await
        .optional()
}

/// The battle `id`, locked until the transaction ends.
pub async fn lock(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<Option<Battle>> {
    battles::table
        .find(id)
        .select(Battle::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Waiting or running battles of one kind, newest first, optionally up to a level.
pub async fn list_open(
    conn: &mut AsyncPgConnection,
    raids: bool,
    max_required_level: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<Battle>> {
    let mut query = battles::table
        .filter(battles::status.eq_any(["waiting", "in_progress"]))
        .filter(battles::is_boss_raid.eq(raids))
        .select(Battle::as_select())
        .order((battles::created_at.desc(), battles::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(level) = max_required_level {
        query = query.filter(battles::required_level.le(level));
    }
    query.load(conn).await
}

/// The enemies of a battle, in order.
pub async fn enemies(conn: &mut AsyncPgConnection, battle_id: i64) -> QueryResult<Vec<Enemy>> {
    battle_enemies::table
        .filter(battle_enemies::battle_id.eq(battle_id))
        .select(Enemy::as_select())
        .order((battle_enemies::position, battle_enemies::id))
        .load(conn)
        .await
}

/// One enemy of a battle.
pub async fn find_enemy(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
    enemy_id: i64,
) -> QueryResult<Option<Enemy>> {
    battle_enemies::table
        .filter(battle_enemies::battle_id.eq(battle_id))
        .filter(battle_enemies::id.eq(enemy_id))
        .select(Enemy::as_select())
        .first(conn)
        .await
        .optional()
}

/// One enemy, locked: attacks on it are applied one after another.
pub async fn lock_enemy(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
    enemy_id: i64,
) -> QueryResult<Option<Enemy>> {
    battle_enemies::table
        .filter(battle_enemies::battle_id.eq(battle_id))
        .filter(battle_enemies::id.eq(enemy_id))
        .select(Enemy::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Writes an enemy's new HP (and its defeat).
pub async fn set_enemy_hp(
    conn: &mut AsyncPgConnection,
    enemy_id: i64,
    hp: i64,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(battle_enemies::table.find(enemy_id))
        .set((
            battle_enemies::hp_current.eq(hp),
            battle_enemies::is_defeated.eq(hp == 0),
            battle_enemies::defeated_at.eq((hp == 0).then_some(now)),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Enemies of a battle still standing.
pub async fn count_standing(conn: &mut AsyncPgConnection, battle_id: i64) -> QueryResult<i64> {
    battle_enemies::table
        .filter(battle_enemies::battle_id.eq(battle_id))
        .filter(battle_enemies::is_defeated.eq(false))
        .count()
        .get_result(conn)
        .await
}

/// The first join starts a battle (and a raid's blows, `first_strike` from now).
pub async fn start(
    conn: &mut AsyncPgConnection,
    id: i64,
    now: DateTime<Utc>,
    first_strike: Option<DateTime<Utc>>,
) -> QueryResult<()> {
    diesel::update(
        battles::table
            .find(id)
            .filter(battles::status.eq("waiting")),
    )
    .set((
        battles::status.eq("in_progress"),
        battles::started_at.eq(now),
        battles::next_strike_at.eq(first_strike),
    ))
    .execute(conn)
    .await
    .map(|_| ())
}

/// Completes a running battle; true only for the call that completed it.
pub async fn complete(
    conn: &mut AsyncPgConnection,
    id: i64,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let n = diesel::update(
        battles::table
            .find(id)
            .filter(battles::status.eq("in_progress")),
    )
    .set((
        battles::status.eq("completed"),
        battles::completed_at.eq(now),
        battles::next_strike_at.eq(None::<DateTime<Utc>>),
    ))
    .execute(conn)
    .await?;
    Ok(n == 1)
}

/// Raises a boss's phase; true only for the call that raised it.
pub async fn raise_phase(conn: &mut AsyncPgConnection, id: i64, phase: i32) -> QueryResult<bool> {
    let n = diesel::update(
        battles::table
            .find(id)
            .filter(battles::boss_current_phase.lt(phase)),
    )
    .set(battles::boss_current_phase.eq(phase))
    .execute(conn)
    .await?;
    Ok(n == 1)
}

/// Running raids whose blow is due, locked; rows another replica holds are skipped.
pub async fn lock_due_raids(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Battle>> {
    battles::table
        .filter(battles::status.eq("in_progress"))
        .filter(battles::next_strike_at.le(now))
        .select(Battle::as_select())
        .order(battles::next_strike_at)
        .limit(limit)
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

/// Sets a raid's next blow.
pub async fn set_next_strike(
    conn: &mut AsyncPgConnection,
    id: i64,
    at: Option<DateTime<Utc>>,
) -> QueryResult<()> {
    diesel::update(battles::table.find(id))
        .set(battles::next_strike_at.eq(at))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Waiting battles the pool made, of one kind, oldest first.
pub async fn pool_waiting(conn: &mut AsyncPgConnection, raids: bool) -> QueryResult<Vec<Battle>> {
    battles::table
        .filter(battles::status.eq("waiting"))
        .filter(battles::from_pool.eq(true))
        .filter(battles::is_boss_raid.eq(raids))
        .select(Battle::as_select())
        .order((battles::created_at, battles::id))
        .load(conn)
        .await
}

/// Deletes battles by id.
pub async fn delete(conn: &mut AsyncPgConnection, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(battles::table.filter(battles::id.eq_any(ids)))
        .execute(conn)
        .await
}

/// Completed battles beyond the newest `keep` that completed before `before`.
pub async fn trimmable(
    conn: &mut AsyncPgConnection,
    keep: i64,
    before: DateTime<Utc>,
) -> QueryResult<Vec<i64>> {
    let newest: Vec<i64> = battles::table
        .filter(battles::status.eq("completed"))
        .order((battles::completed_at.desc(), battles::id.desc()))
        .limit(keep)
        .select(battles::id)
        .load(conn)
        .await?;
    battles::table
        .filter(battles::status.eq("completed"))
        .filter(battles::completed_at.lt(before))
        .filter(battles::id.ne_all(newest))
        .select(battles::id)
        .load(conn)
        .await
}
