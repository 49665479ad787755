//! Idempotency keys of attacks (`battle_attack_keys`): the intent a key made and its outcome.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{Array, Jsonb, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::schema::battle_attack_keys as k;
use super::schema::battle_attacks as ba;

/// A key's row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = k)]
pub struct AttackKey {
    /// The intent the key made (the stamina debit's key derives from it).
    pub attack_id: Uuid,
    /// The battle attacked.
    pub battle_id: i64,
    /// The enemy attacked.
    pub enemy_id: i64,
    /// The attack type.
    pub attack_type: String,
    /// `applied`, `not_applied`, or none while open.
    pub outcome: Option<String>,
    /// An applied attack's answer.
    pub answer: Option<serde_json::Value>,
}

/// What an attack under a key is.
pub struct KeyedAttack<'a> {
    /// Attacker.
    pub user: Uuid,
    /// The client's key.
    pub key: &'a str,
    /// The battle.
    pub battle_id: i64,
    /// The enemy.
    pub enemy_id: i64,
    /// The attack type.
    pub attack_type: &'a str,
}

/// Records `attack` under its key with `attack_id`, unless the key is recorded already; answers
/// with the key's row either way (a concurrent first use is waited for by the insert).
pub async fn claim(
    conn: &mut AsyncPgConnection,
    attack: &KeyedAttack<'_>,
    attack_id: Uuid,
) -> QueryResult<AttackKey> {
    diesel::insert_into(k::table)
        .values((
            k::user_id.eq(attack.user),
            k::idempotency_key.eq(attack.key),
            k::attack_id.eq(attack_id),
            k::battle_id.eq(attack.battle_id),
            k::enemy_id.eq(attack.enemy_id),
            k::attack_type.eq(attack.attack_type),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    // A statement of its own: it sees a row another request committed while the insert waited.
    k::table
        .find((attack.user, attack.key))
        .select(AttackKey::as_select())
        .first(conn)
        .await
}

/// Those of `ids` whose key is still open (no outcome), locked until the transaction ends: an
/// intent may be recorded again under a key only while it is open, and the transactions that
/// settle a key (applying the hit, or refunding) write its outcome under the same lock, so a
/// retry that read the key open just before it was settled cannot hit or pay a second time.
pub async fn lock_open(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> QueryResult<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    k::table
        .filter(k::attack_id.eq_any(ids))
        .filter(k::outcome.is_null())
        .select(k::attack_id)
        .for_update()
        .load(conn)
        .await
}

/// Stores the answer of each applied keyed attack (in the transaction applying the hits, which
/// holds the enemy's lock: one statement for the whole batch).
pub async fn settle_applied(
    conn: &mut AsyncPgConnection,
    answers: Vec<(Uuid, serde_json::Value)>,
) -> QueryResult<()> {
    if answers.is_empty() {
        return Ok(());
    }
    let (ids, bodies): (Vec<Uuid>, Vec<serde_json::Value>) = answers.into_iter().unzip();
    diesel::sql_query(
        "UPDATE battle_attack_keys k SET outcome = 'applied', answer = v.answer \
         FROM unnest($1::uuid[], $2::jsonb[]) AS v(id, answer) WHERE k.attack_id = v.id",
    )
    .bind::<Array<SqlUuid>, _>(ids)
    .bind::<Array<Jsonb>, _>(bodies)
    .execute(conn)
    .await
    .map(|_| ())
}

/// Marks the keys of intents that were settled without their hit (refunded, or never paid)
/// as `not_applied`: a retry must not make the same intent again and replay its debit.
pub async fn settle_not_applied(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(
        k::table
            .filter(k::attack_id.eq_any(ids))
            .filter(k::outcome.is_null()),
    )
    .set(k::outcome.eq("not_applied"))
    .execute(conn)
    .await
    .map(|_| ())
}

/// Deletes keys recorded before `before` whose intent is gone: a retry that late makes a new
/// attack. Returns how many.
pub async fn prune(conn: &mut AsyncPgConnection, before: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(
        k::table
            .filter(k::created_at.lt(before))
            .filter(diesel::dsl::not(diesel::dsl::exists(
                ba::table.filter(ba::id.eq(k::attack_id)),
            ))),
    )
    .execute(conn)
    .await
}
