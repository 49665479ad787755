//! Participants: joins, damage, raid HP, claims and history.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use super::models::{NewParticipant, Participant};
use super::schema::{battle_participants as bp, battles};

/// Inserts a participant.
pub async fn insert(conn: &mut AsyncPgConnection, p: &NewParticipant) -> QueryResult<Participant> {
    diesel::insert_into(bp::table)
        .values(p)
        .returning(Participant::as_returning())
        .get_result(conn)
        .await
}

/// A player's participation in a battle.
pub async fn find(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
    user: Uuid,
) -> QueryResult<Option<Participant>> {
    bp::table
        .filter(bp::battle_id.eq(battle_id))
        .filter(bp::user_id.eq(user))
        .select(Participant::as_select())
        .first(conn)
        .await
        .optional()
}

/// A player's participation, locked until the transaction ends.
pub async fn lock(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
    user: Uuid,
) -> QueryResult<Option<Participant>> {
    bp::table
        .filter(bp::battle_id.eq(battle_id))
        .filter(bp::user_id.eq(user))
        .select(Participant::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Everyone in a battle, in join order.
pub async fn list(conn: &mut AsyncPgConnection, battle_id: i64) -> QueryResult<Vec<Participant>> {
    bp::table
        .filter(bp::battle_id.eq(battle_id))
        .select(Participant::as_select())
        .order(bp::id)
        .load(conn)
        .await
}

/// Active participants per battle.
pub async fn active_counts(
    conn: &mut AsyncPgConnection,
    battle_ids: &[i64],
) -> QueryResult<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = bp::table
        .filter(bp::battle_id.eq_any(battle_ids))
        .filter(bp::is_active.eq(true))
        .group_by(bp::battle_id)
        .select((bp::battle_id, count_star()))
        .load(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Marks the join's stamina as paid.
pub async fn mark_paid(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<()> {
    diesel::update(bp::table.find(id))
        .set(bp::stamina_paid.eq(true))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Removes a participation whose stamina inventory refused (nothing was spent).
pub async fn delete_unpaid(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<()> {
    diesel::delete(bp::table.find(id).filter(bp::stamina_paid.eq(false)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Marks a participant active again (rejoin).
pub async fn reactivate(conn: &mut AsyncPgConnection, id: i64) -> QueryResult<()> {
    diesel::update(bp::table.find(id))
        .set((
            bp::is_active.eq(true),
            bp::left_at.eq(None::<DateTime<Utc>>),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Adds `count` attacks' damage.
pub async fn add_damage(
    conn: &mut AsyncPgConnection,
    id: i64,
    taken: i64,
    count: i32,
) -> QueryResult<()> {
    diesel::update(bp::table.find(id))
        .set((
            bp::total_damage_dealt.eq(bp::total_damage_dealt + taken),
            bp::attacks_count.eq(bp::attacks_count + count),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Participations of `users` in a battle, locked in id order (the raid's sweeper's order).
pub async fn lock_many(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
    users: &[Uuid],
) -> QueryResult<Vec<Participant>> {
    bp::table
        .filter(bp::battle_id.eq(battle_id))
        .filter(bp::user_id.eq_any(users))
        .select(Participant::as_select())
        .order(bp::id)
        .for_update()
        .load(conn)
        .await
}

/// Living, paid, active participants of a raid (the boss's targets), locked.
pub async fn lock_targets(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
) -> QueryResult<Vec<Participant>> {
    bp::table
        .filter(bp::battle_id.eq(battle_id))
        .filter(bp::is_active.eq(true))
        .filter(bp::stamina_paid.eq(true))
        .filter(bp::is_dead.eq(false))
        .select(Participant::as_select())
        .order(bp::id)
        .for_update()
        .load(conn)
        .await
}

/// Writes a participant's HP after a blow (death at 0).
pub async fn set_hp(
    conn: &mut AsyncPgConnection,
    id: i64,
    hp: i64,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(bp::table.find(id))
        .set((
            bp::hp_current.eq(hp),
            bp::is_dead.eq(hp == 0),
            bp::death_timestamp.eq((hp == 0).then_some(now)),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Brings a dead participant back at full HP.
pub async fn resurrect(conn: &mut AsyncPgConnection, p: &Participant) -> QueryResult<()> {
    diesel::update(bp::table.find(p.id).filter(bp::is_dead.eq(true)))
        .set((
            bp::is_dead.eq(false),
            bp::hp_current.eq(p.hp_max),
            bp::death_timestamp.eq(None::<DateTime<Utc>>),
            bp::resurrection_count.eq(bp::resurrection_count + 1),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Total damage dealt and participants of a battle.
pub async fn damage_totals(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
) -> QueryResult<(i64, i64)> {
    let rows: Vec<i64> = bp::table
        .filter(bp::battle_id.eq(battle_id))
        .filter(bp::stamina_paid.eq(true))
        .select(bp::total_damage_dealt)
        .load(conn)
        .await?;
    Ok((rows.iter().sum(), rows.len() as i64))
}

/// Stores the decided rewards before inventory is asked to pay them.
pub async fn set_claim_pending(
    conn: &mut AsyncPgConnection,
    id: i64,
    rewards: &Value,
) -> QueryResult<()> {
    diesel::update(bp::table.find(id).filter(bp::claim_state.is_null()))
        .set((bp::claim_state.eq("pending"), bp::rewards.eq(rewards)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records a finished claim (with what inventory answered).
pub async fn set_claim_done(
    conn: &mut AsyncPgConnection,
    id: i64,
    rewards: &Value,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(bp::table.find(id))
        .set((
            bp::claim_state.eq("done"),
            bp::has_claimed_loot.eq(true),
            bp::claimed_at.eq(now),
            bp::rewards.eq(rewards),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A player's participations (paid joins only), newest first.
pub async fn history(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Participant>> {
    bp::table
        .filter(bp::user_id.eq(user))
        .filter(bp::stamina_paid.eq(true))
        .select(Participant::as_select())
        .order((bp::joined_at.desc(), bp::id.desc()))
        .limit(limit)
        .offset(offset)
        .load(conn)
        .await
}

/// Gallery bosses a player helped defeat (completed raids they paid into).
pub async fn defeated_gallery(conn: &mut AsyncPgConnection, user: Uuid) -> QueryResult<Vec<i32>> {
    let from_history: Vec<Option<i32>> = bp::table
        .inner_join(battles::table.on(battles::id.eq(bp::battle_id)))
        .filter(bp::user_id.eq(user))
        .filter(bp::stamina_paid.eq(true))
        .filter(battles::status.eq("completed"))
        .select(bp::gallery_index)
        .distinct()
        .load(conn)
        .await?;
    // A trimmed raid was completed (only completed battles are trimmed).
    let trimmed: Vec<Option<i32>> = bp::table
        .filter(bp::user_id.eq(user))
        .filter(bp::stamina_paid.eq(true))
        .filter(bp::gallery_index.is_not_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(
            battles::table.filter(battles::id.eq(bp::battle_id)),
        )))
        .select(bp::gallery_index)
        .distinct()
        .load(conn)
        .await?;
    Ok(from_history.into_iter().chain(trimmed).flatten().collect())
}
