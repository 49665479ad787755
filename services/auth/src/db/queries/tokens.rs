//! Mailed tokens (email verification, password reset) and known devices.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::{EmailTokenRow, NewEmailToken, NewKnownDevice};
use crate::db::schema::{email_tokens, known_devices};

/// Stores a mailed token's hash.
pub async fn insert_email_token(
    conn: &mut AsyncPgConnection,
    token: &NewEmailToken<'_>,
) -> QueryResult<()> {
    diesel::insert_into(email_tokens::table)
        .values(token)
        .execute(conn)
        .await
        .map(drop)
}

/// The mailed token with this hash and purpose, locked until the transaction ends so it is
/// used at most once.
pub async fn lock_email_token(
    conn: &mut AsyncPgConnection,
    hash: &[u8],
    purpose: &str,
) -> QueryResult<Option<EmailTokenRow>> {
    email_tokens::table
        .find(hash)
        .filter(email_tokens::purpose.eq(purpose))
        .select(EmailTokenRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Marks a mailed token used.
pub async fn mark_email_token_used(conn: &mut AsyncPgConnection, hash: &[u8]) -> QueryResult<()> {
    diesel::update(email_tokens::table.find(hash))
        .set(email_tokens::used_at.eq(Utc::now()))
        .execute(conn)
        .await
        .map(drop)
}

/// Retires (marks used) the unused tokens of `user` for `purpose`: a newer one replaces them,
/// or the password they would reset has changed. They stay counted in the mail budget.
pub async fn retire_email_tokens(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    purpose: &str,
) -> QueryResult<usize> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(user))
            .filter(email_tokens::purpose.eq(purpose))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Utc::now()))
    .execute(conn)
    .await
}

/// Tokens of `purpose` issued to `user` since `since` (a per-account mail budget).
pub async fn count_recent_email_tokens(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    purpose: &str,
    since: DateTime<Utc>,
) -> QueryResult<i64> {
    email_tokens::table
        .filter(email_tokens::user_id.eq(user))
        .filter(email_tokens::purpose.eq(purpose))
        .filter(email_tokens::created_at.gt(since))
        .count()
        .get_result(conn)
        .await
}

/// Whether the device with this cookie hash logged into `user` before.
pub async fn is_device_of(
    conn: &mut AsyncPgConnection,
    hash: &[u8],
    user: Uuid,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(known_devices::table.find((hash, user))))
        .get_result(conn)
        .await
}

/// Remembers (or refreshes) a device that logged into an account.
pub async fn upsert_device(
    conn: &mut AsyncPgConnection,
    device: &NewKnownDevice<'_>,
) -> QueryResult<()> {
    diesel::insert_into(known_devices::table)
        .values(device)
        .on_conflict((known_devices::token_hash, known_devices::user_id))
        .do_update()
        .set(known_devices::last_used_at.eq(Utc::now()))
        .execute(conn)
        .await
        .map(drop)
}
