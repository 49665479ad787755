//! Idempotency keys of account score submissions (`score_keys`): which score a key stored.

use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::models::InsertedScore;
use super::schema::score_keys;

/// The score `user` stored under `key`, with the player's best on its board before it (scores
/// of lower id), as the first submission answered.
pub async fn find(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    key: &str,
) -> QueryResult<Option<InsertedScore>> {
    diesel::sql_query(
        "SELECT s.*, (SELECT max(p.score) FROM scores p \
           WHERE p.user_id = s.user_id AND p.game_mode = s.game_mode AND p.id < s.id) \
           AS previous_best \
         FROM score_keys k JOIN scores s ON s.id = k.score_id \
         WHERE k.user_id = $1 AND k.idempotency_key = $2",
    )
    .bind::<SqlUuid, _>(user)
    .bind::<Text, _>(key)
    .get_result(conn)
    .await
    .optional()
}

/// Records that `key` stored `score_id`; false when the key is taken already (a concurrent
/// submission with the same key committed first: the caller rolls back and replays it).
pub async fn claim(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    key: &str,
    score_id: i64,
) -> QueryResult<bool> {
    diesel::insert_into(score_keys::table)
        .values((
            score_keys::user_id.eq(user),
            score_keys::idempotency_key.eq(key),
            score_keys::score_id.eq(score_id),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|n| n == 1)
}
