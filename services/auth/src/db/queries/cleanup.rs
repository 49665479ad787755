//! What the cleanup job deletes.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::schema::{email_tokens, known_devices, refresh_tokens, sessions};

/// Deletes refresh tokens that expired before `now`.
pub async fn delete_expired_refresh_tokens(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(now)))
        .execute(conn)
        .await
}

/// Deletes sessions revoked before `before`, and sessions created before it that have no
/// refresh token left (every one expired and was deleted).
pub async fn delete_dead_sessions(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
) -> QueryResult<usize> {
    let any_token = refresh_tokens::table.filter(refresh_tokens::session_id.eq(sessions::id));
    diesel::delete(
        sessions::table.filter(
            sessions::revoked_at.lt(before).or(sessions::created_at
                .lt(before)
                .and(diesel::dsl::not(diesel::dsl::exists(any_token)))),
        ),
    )
    .execute(conn)
    .await
}

/// Deletes mailed tokens that expired before `now` (used ones included).
pub async fn delete_expired_email_tokens(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(email_tokens::table.filter(email_tokens::expires_at.lt(now)))
        .execute(conn)
        .await
}

/// Forgets devices that have not logged in since `before`.
pub async fn delete_stale_devices(
    conn: &mut AsyncPgConnection,
    before: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::delete(known_devices::table.filter(known_devices::last_used_at.lt(before)))
        .execute(conn)
        .await
}
