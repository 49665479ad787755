//! Sessions and their refresh tokens.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::{NewRefreshToken, NewSession, RefreshTokenRow, Session};
use crate::db::schema::{refresh_tokens, sessions};

/// Starts a session.
pub async fn insert_session(
    conn: &mut AsyncPgConnection,
    session: &NewSession<'_>,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)
        .await
        .map(drop)
}

/// The session `id`.
pub async fn find_session(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Session>> {
    sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)
        .await
        .optional()
}

/// Marks a session revoked (keeping the first reason); true when it was active.
pub async fn revoke_session(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    reason: &str,
) -> QueryResult<bool> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(Utc::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)
    .await
    .map(|n| n > 0)
}

/// Records a refresh of session `id`.
pub async fn touch_session(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<()> {
    diesel::update(sessions::table.find(id))
        .set(sessions::last_used_at.eq(Utc::now()))
        .execute(conn)
        .await
        .map(drop)
}

/// The sessions of `user` that still work: not revoked, with an unused refresh token that has
/// not expired. Most recently used first.
pub async fn active_sessions(
    conn: &mut AsyncPgConnection,
    user: Uuid,
) -> QueryResult<Vec<Session>> {
    let live_token = refresh_tokens::table
        .filter(refresh_tokens::session_id.eq(sessions::id))
        .filter(refresh_tokens::used_at.is_null())
        .filter(refresh_tokens::expires_at.gt(Utc::now()));
    sessions::table
        .filter(sessions::user_id.eq(user))
        .filter(sessions::revoked_at.is_null())
        .filter(diesel::dsl::exists(live_token))
        .order((sessions::last_used_at.desc(), sessions::id.desc()))
        .limit(200)
        .select(Session::as_select())
        .load(conn)
        .await
}

/// Revokes every active session of `user` except `keep`; returns the ids revoked.
pub async fn revoke_user_sessions(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    keep: Option<Uuid>,
    reason: &str,
) -> QueryResult<Vec<Uuid>> {
    let keep = keep.unwrap_or(Uuid::nil());
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::id.ne(keep)),
    )
    .set((
        sessions::revoked_at.eq(Utc::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .returning(sessions::id)
    .get_results(conn)
    .await
}

/// Stores a refresh token's hash.
pub async fn insert_refresh_token(
    conn: &mut AsyncPgConnection,
    token: &NewRefreshToken<'_>,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values(token)
        .execute(conn)
        .await
        .map(drop)
}

/// The refresh token with this hash, locked (`FOR UPDATE`) so concurrent refreshes with the
/// same token run one after the other.
pub async fn lock_refresh_token(
    conn: &mut AsyncPgConnection,
    hash: &[u8],
) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .find(hash)
        .select(RefreshTokenRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The refresh token with this hash.
pub async fn find_refresh_token(
    conn: &mut AsyncPgConnection,
    hash: &[u8],
) -> QueryResult<Option<RefreshTokenRow>> {
    refresh_tokens::table
        .find(hash)
        .select(RefreshTokenRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Marks a refresh token exchanged.
pub async fn mark_refresh_token_used(conn: &mut AsyncPgConnection, hash: &[u8]) -> QueryResult<()> {
    diesel::update(refresh_tokens::table.find(hash))
        .set(refresh_tokens::used_at.eq(Utc::now()))
        .execute(conn)
        .await
        .map(drop)
}
