//! The signing keys behind the JWKS.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::models::{NewSigningKey, SigningKeyRow};
use crate::db::schema::signing_keys;

/// Advisory lock id serialising signing-key creation and rotation across replicas.
const SIGNING_KEYS_LOCK: i64 = 0x6175_7468_6b65_7973; // "authkeys"

/// Serialises key creation and rotation until the transaction ends.
pub async fn lock_signing_keys(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
        .bind::<BigInt, _>(SIGNING_KEYS_LOCK)
        .execute(conn)
        .await
        .map(drop)
}

/// How many keys are not superseded.
pub async fn active_key_count(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
    signing_keys::table
        .filter(signing_keys::superseded_at.is_null())
        .count()
        .get_result(conn)
        .await
}

/// Stores a new key.
pub async fn insert_signing_key(
    conn: &mut AsyncPgConnection,
    key: &NewSigningKey,
) -> QueryResult<()> {
    diesel::insert_into(signing_keys::table)
        .values(key)
        .execute(conn)
        .await
        .map(drop)
}

/// Marks every active key superseded at `at`.
pub async fn supersede_signing_keys(
    conn: &mut AsyncPgConnection,
    at: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(signing_keys::table.filter(signing_keys::superseded_at.is_null()))
        .set(signing_keys::superseded_at.eq(at))
        .execute(conn)
        .await
}

/// Deletes keys superseded before `before`.
pub async fn prune_signing_keys(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(signing_keys::table.filter(signing_keys::superseded_at.lt(before)))
        .execute(conn)
        .await
}

/// Keys active or superseded after `cutoff`, newest first.
pub async fn published_keys(
    conn: &mut AsyncPgConnection,
    cutoff: DateTime<Utc>,
) -> QueryResult<Vec<SigningKeyRow>> {
    signing_keys::table
        .filter(
            signing_keys::superseded_at
                .is_null()
                .or(signing_keys::superseded_at.gt(cutoff)),
        )
        .order((signing_keys::created_at.desc(), signing_keys::kid.desc()))
        .select(SigningKeyRow::as_select())
        .load(conn)
        .await
}
