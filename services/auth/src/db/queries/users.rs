//! Accounts and their OAuth identities.

use chrono::Utc;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::{GuestUpgrade, NewUser, OAuthIdentity, ProfileChange, User};
use crate::db::schema::{oauth_identities, users};

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

/// Replaces the password hash (the caller has checked the current password or a reset token).
pub async fn set_password_hash(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    hash: &str,
) -> QueryResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::updated_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Replaces `old` with `new` only if the stored hash is still `old`, so a rehash at login never
/// overwrites a password changed meanwhile; true when it was replaced.
pub async fn rehash_password(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    old: &str,
    new: &str,
) -> QueryResult<bool> {
    diesel::update(users::table.find(id).filter(users::password_hash.eq(old)))
        .set(users::password_hash.eq(new))
        .execute(conn)
        .await
        .map(|n| n > 0)
}

/// Marks `email` proven for account `id`, if it is still the account's address.
pub async fn mark_email_verified(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    email: &str,
) -> QueryResult<Option<User>> {
    diesel::update(users::table.find(id).filter(users::email.eq(email)))
        .set((
            users::email_verified_at.eq(Utc::now()),
            users::updated_at.eq(Utc::now()),
        ))
        .returning(User::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// Gives account `id` the (already proven) address `email`.
pub async fn change_email(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    email: &str,
) -> QueryResult<User> {
    let now = Utc::now();
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(email),
            users::email_verified_at.eq(now),
            users::updated_at.eq(now),
        ))
        .returning(User::as_returning())
        .get_result(conn)
        .await
}

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

/// Links a provider identity to an account unless it is linked already (by a concurrent
/// first login that committed first); true when this call linked it.
pub async fn insert_identity(
    conn: &mut AsyncPgConnection,
    identity: &OAuthIdentity,
) -> QueryResult<bool> {
    diesel::insert_into(oauth_identities::table)
        .values(identity)
        .on_conflict((oauth_identities::provider, oauth_identities::subject))
        .do_nothing()
        .execute(conn)
        .await
        .map(|n| n > 0)
}

/// The account with this username, in any letter case (the unique index is on `lower`).
pub async fn find_user_by_username(
    conn: &mut AsyncPgConnection,
    username: &str,
) -> QueryResult<Option<User>> {
    users::table
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("lower(username) = lower(")
                .bind::<diesel::sql_types::Text, _>(username)
                .sql(")"),
        )
        .select(User::as_select())
        .first(conn)
        .await
        .optional()
}

/// Inserts an account created without a password by the cafe seed's client.
pub async fn insert_passwordless_user(
    conn: &mut AsyncPgConnection,
    user: &NewUser<'_>,
) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values((user, users::passwordless.eq(true)))
        .returning(User::as_returning())
        .get_result(conn)
        .await
}
