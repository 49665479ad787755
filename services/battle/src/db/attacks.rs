//! Attack intents: written before the stamina debit, deleted with the hit they paid for.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::models::{AttackIntent, NewAttackIntent};
use super::schema::battle_attacks as ba;

/// Records intents, skipping any whose id is recorded already (a keyed attack still open);
/// returns the ids recorded.
pub async fn insert_new(
    conn: &mut AsyncPgConnection,
    rows: &[NewAttackIntent],
) -> QueryResult<Vec<Uuid>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    diesel::insert_into(ba::table)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(ba::id)
        .get_results(conn)
        .await
}

/// Those of `ids` still `reserved` (so their hit may be applied), locked.
pub async fn lock_reserved(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> QueryResult<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    ba::table
        .filter(ba::id.eq_any(ids))
        .filter(ba::state.eq("reserved"))
        .select(ba::id)
        .for_update()
        .load(conn)
        .await
}

/// Forgets intents (their hit was applied, or nothing was spent, or the refund is done).
pub async fn delete(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> QueryResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    diesel::delete(ba::table.filter(ba::id.eq_any(ids)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Marks intents whose hit will never be applied: their stamina goes back. Returns how many
/// still existed (an applied hit's intent is gone).
pub async fn mark_refunding(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(ba::table.filter(ba::id.eq_any(ids)))
        .set(ba::state.eq("refunding"))
        .execute(conn)
        .await
}

/// Forgets an intent whose stamina was never taken, unless it is being refunded already.
pub async fn forget_reserved(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<()> {
    diesel::delete(ba::table.find(id).filter(ba::state.eq("reserved")))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Takes up to `limit` intents recorded before `before` (their request is over, one way or
/// another) and marks them `refunding`, so a late request can no longer apply their hit.
/// Rows another replica is taking are skipped.
pub async fn take_stale(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<AttackIntent>> {
    diesel::sql_query(
        "UPDATE battle_attacks SET state = 'refunding' WHERE id IN (\
           SELECT id FROM battle_attacks WHERE created_at < $1 \
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED) \
         RETURNING *",
    )
    .bind::<Timestamptz, _>(before)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// Forgets intents settled without their hit (refunded, or never paid), and marks their
/// idempotency keys `not_applied` in the same transaction.
pub async fn delete_unapplied(conn: &mut AsyncPgConnection, ids: &[Uuid]) -> QueryResult<()> {
    use diesel_async::AsyncConnection;
    if ids.is_empty() {
        return Ok(());
    }
    conn.transaction::<_, diesel::result::Error, _>(async move |conn| {
        super::attack_keys::settle_not_applied(conn, ids).await?;
        delete(conn, ids).await
    })
    .await
}
