//! Rows of the auth database and what is inserted or changed.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{
    email_tokens, known_devices, oauth_identities, refresh_tokens, sessions, signing_keys, users,
};

/// An account.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users, check_for_backend(diesel::pg::Pg))]
pub struct User {
    /// Its id (the `sub` claim).
    pub id: Uuid,
    /// Normalised email; `None` for guests and OAuth accounts without a verified one.
    pub email: Option<String>,
    /// Display name, unique in any letter case.
    pub username: String,
    /// argon2id PHC string; `None` when the account has no password.
    pub password_hash: Option<String>,
    /// Picture URL.
    pub avatar_url: Option<String>,
    /// `player`, `guest` or `admin`.
    pub role: String,
    /// A device-style account that may be upgraded.
    pub is_guest: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When the owner proved the email address; `None` until then.
    pub email_verified_at: Option<DateTime<Utc>>,
    /// Registered by the cafe seed's client without a password (development only).
    pub passwordless: bool,
}

/// A new account.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    /// Its id.
    pub id: Uuid,
    /// Normalised email.
    pub email: Option<&'a str>,
    /// Username.
    pub username: &'a str,
    /// argon2id PHC string.
    pub password_hash: Option<&'a str>,
    /// Picture URL.
    pub avatar_url: Option<&'a str>,
    /// Role.
    pub role: &'a str,
    /// Guest account.
    pub is_guest: bool,
    /// Set when the address is already proven (an OAuth provider vouched for it).
    pub email_verified_at: Option<DateTime<Utc>>,
}

/// A profile change (`PATCH /api/auth/me`); `None` leaves a column alone.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = users)]
pub struct ProfileChange<'a> {
    /// New username.
    pub username: Option<&'a str>,
    /// New picture URL (`Some(None)` clears it).
    pub avatar_url: Option<Option<&'a str>>,
    /// Always set.
    pub updated_at: DateTime<Utc>,
}

/// A guest account becoming a full one.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = users)]
pub struct GuestUpgrade<'a> {
    /// The email it registers.
    pub email: Option<&'a str>,
    /// A new username, if one was chosen.
    pub username: Option<&'a str>,
    /// The password hash.
    pub password_hash: Option<&'a str>,
    /// `player`.
    pub role: &'a str,
    /// `false`.
    pub is_guest: bool,
    /// Always set.
    pub updated_at: DateTime<Utc>,
}

/// A login session: the `sid` of its access tokens and the family of its refresh tokens.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = sessions, check_for_backend(diesel::pg::Pg))]
pub struct Session {
    /// The session id.
    pub id: Uuid,
    /// Its user.
    pub user_id: Uuid,
    /// When it started.
    pub created_at: DateTime<Utc>,
    /// When it was revoked (logout, reuse detected, guest upgraded).
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why.
    pub revoked_reason: Option<String>,
    /// The `User-Agent` of the login, truncated.
    pub user_agent: Option<String>,
    /// The client address of the login.
    pub ip: Option<String>,
    /// The last login or refresh.
    pub last_used_at: DateTime<Utc>,
}

/// A new session.
#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    /// The session id.
    pub id: Uuid,
    /// Its user.
    pub user_id: Uuid,
    /// The `User-Agent` of the login.
    pub user_agent: Option<&'a str>,
    /// The client address.
    pub ip: Option<&'a str>,
}

/// A refresh token, known only by its SHA-256.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens, check_for_backend(diesel::pg::Pg))]
pub struct RefreshTokenRow {
    /// SHA-256 of the token.
    pub token_hash: Vec<u8>,
    /// Its session.
    pub session_id: Uuid,
    /// Issue time.
    pub created_at: DateTime<Utc>,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
    /// Set when it was exchanged; presenting it again revokes the session.
    pub used_at: Option<DateTime<Utc>>,
}

/// A new refresh token.
#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    /// SHA-256 of the token.
    pub token_hash: &'a [u8],
    /// Its session.
    pub session_id: Uuid,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
}

/// A token mailed to a user (email verification or password reset), known by its SHA-256.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_tokens, check_for_backend(diesel::pg::Pg))]
pub struct EmailTokenRow {
    /// SHA-256 of the token.
    pub token_hash: Vec<u8>,
    /// Its user.
    pub user_id: Uuid,
    /// `verify_email` or `reset_password`.
    pub purpose: String,
    /// The address it was sent to.
    pub email: String,
    /// Issue time.
    pub created_at: DateTime<Utc>,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
    /// Set when it was used; it never works again.
    pub used_at: Option<DateTime<Utc>>,
}

/// A new mailed token.
#[derive(Debug, Insertable)]
#[diesel(table_name = email_tokens)]
pub struct NewEmailToken<'a> {
    /// SHA-256 of the token.
    pub token_hash: &'a [u8],
    /// Its user.
    pub user_id: Uuid,
    /// `verify_email` or `reset_password`.
    pub purpose: &'a str,
    /// The address it is sent to.
    pub email: &'a str,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
}

/// A browser that logged into an account, known by the SHA-256 of its cookie.
#[derive(Debug, Insertable)]
#[diesel(table_name = known_devices)]
pub struct NewKnownDevice<'a> {
    /// SHA-256 of the device cookie.
    pub token_hash: &'a [u8],
    /// The account it logged into.
    pub user_id: Uuid,
}

/// An account's identity at an OAuth provider.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = oauth_identities, check_for_backend(diesel::pg::Pg))]
pub struct OAuthIdentity {
    /// Provider name.
    pub provider: String,
    /// The provider's subject id.
    pub subject: String,
    /// The linked account.
    pub user_id: Uuid,
    /// The email the provider reported (verified or not), for support.
    pub email: Option<String>,
    /// Link time.
    pub created_at: DateTime<Utc>,
}

/// A stored signing key.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = signing_keys, check_for_backend(diesel::pg::Pg))]
pub struct SigningKeyRow {
    /// Key id.
    pub kid: String,
    /// Raw Ed25519 public key (32 bytes).
    pub public_key: Vec<u8>,
    /// Encrypted PKCS#8 private key.
    pub private_key_ciphertext: Vec<u8>,
    /// AEAD nonce.
    pub nonce: Vec<u8>,
    /// Creation time; the newest active key signs.
    pub created_at: DateTime<Utc>,
    /// When a newer key replaced it.
    pub superseded_at: Option<DateTime<Utc>>,
}

/// A new signing key.
#[derive(Debug, Insertable)]
#[diesel(table_name = signing_keys)]
pub struct NewSigningKey {
    /// Key id.
    pub kid: String,
    /// Raw public key.
    pub public_key: Vec<u8>,
    /// Encrypted private key.
    pub private_key_ciphertext: Vec<u8>,
    /// AEAD nonce.
    pub nonce: Vec<u8>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}
