//! Queries of the auth database. Each takes a connection, so the caller owns the transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::models::{
    GuestUpgrade, NewRefreshToken, NewSession, NewSigningKey, NewUser, OAuthIdentity,
    ProfileChange, RefreshTokenRow, Session, SigningKeyRow, User,
};
use super::schema::{oauth_identities, refresh_tokens, sessions, signing_keys, users};

/// Advisory lock id serialising signing-key creation and rotation across replicas.
const SIGNING_KEYS_LOCK: i64 = 0x6175_7468_6b65_7973; // "authkeys"

// ---- users -------------------------------------------------------------------------------

/// Inserts an account.
pub async fn insert_user(conn: &mut AsyncPgConnection, user: &NewUser<'_>) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values(user)
        .returning(User::as_returning())
        .get_result(conn)
        .await
}

/// The account `id`.
pub async fn find_user(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .await
        .optional()
}

/// The account `id`, locked until the transaction ends.
pub async fn lock_user(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The account with this (normalised) email.
pub async fn find_user_by_email(
    conn: &mut AsyncPgConnection,
    email: &str,
) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .await
        .optional()
}

/// Changes username and/or avatar.
pub async fn update_profile(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    change: &ProfileChange<'_>,
) -> QueryResult<User> {
    diesel::update(users::table.find(id))
        .set(change)
        .returning(User::as_returning())
        .get_result(conn)
        .await
}

/// Turns a guest into a full account.
pub async fn upgrade_guest(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    upgrade: &GuestUpgrade<'_>,
) -> QueryResult<User> {
    diesel::update(users::table.find(id))
        .set(upgrade)
        .returning(User::as_returning())
        .get_result(conn)
        .await
}

/// Grants `role` to the account with this email; `None` when there is none.
pub async fn set_role_by_email(
    conn: &mut AsyncPgConnection,
    email: &str,
    role: &str,
) -> QueryResult<Option<User>> {
    diesel::update(users::table.filter(users::email.eq(email)))
        .set((users::role.eq(role), users::updated_at.eq(Utc::now())))
        .returning(User::as_returning())
        .get_result(conn)
        .await
        .optional()
}

// ---- sessions and refresh tokens ----------------------------------------------------------

/// Starts a session.
pub async fn insert_session(conn: &mut AsyncPgConnection, session: &NewSession) -> QueryResult<()> {
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

// ---- OAuth identities ---------------------------------------------------------------------

/// The account linked to `subject` at `provider`.
pub async fn find_identity(
    conn: &mut AsyncPgConnection,
    provider: &str,
    subject: &str,
) -> QueryResult<Option<OAuthIdentity>> {
    oauth_identities::table
        .find((provider, subject))
        .select(OAuthIdentity::as_select())
        .first(conn)
        .await
        .optional()
}

/// Links a provider identity to an account.
pub async fn insert_identity(
    conn: &mut AsyncPgConnection,
    identity: &OAuthIdentity,
) -> QueryResult<()> {
    diesel::insert_into(oauth_identities::table)
        .values(identity)
        .execute(conn)
        .await
        .map(drop)
}

// ---- signing keys -------------------------------------------------------------------------

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
