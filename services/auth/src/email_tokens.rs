//! Tokens sent by mail (email verification, password reset): random, stored as SHA-256, bound
//! to one account, one purpose and one address, expiring, and used at most once.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use diesel_async::AsyncPgConnection;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::db::models::{EmailTokenRow, NewEmailToken};
use crate::db::queries;
use crate::error::AuthError;

/// Every mailed token starts with this, so it is recognisable in a leak scan.
const PREFIX: &str = "et_";
/// Longest string worth hashing as a mailed token.
const MAX_LEN: usize = 128;

/// What a token is for; a token of one purpose never works for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Proves an email address.
    VerifyEmail,
    /// Sets a new password without the old one.
    ResetPassword,
}

impl Purpose {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
        }
    }
}

fn hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Issues a token for `user` and `email`; a newer token of the same purpose replaces the
/// unused older ones. Returns the token, which only the mail will carry.
pub async fn issue(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    purpose: Purpose,
    email: &str,
    ttl: Duration,
) -> Result<String, AuthError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let ttl = chrono::TimeDelta::from_std(ttl).map_err(AuthError::internal)?;
    queries::retire_email_tokens(conn, user, purpose.as_str()).await?;
    queries::insert_email_token(
        conn,
        &NewEmailToken {
            token_hash: &hash(&token),
            user_id: user,
            purpose: purpose.as_str(),
            email,
            expires_at: Utc::now() + ttl,
        },
    )
    .await?;
    Ok(token)
}

/// Uses `token` for `purpose` inside the caller's transaction: 400 `invalid_token` when it is
/// unknown, of another purpose, used or expired; else marks it used and returns it.
pub async fn consume(
    conn: &mut AsyncPgConnection,
    token: &str,
    purpose: Purpose,
) -> Result<EmailTokenRow, AuthError> {
    if token.len() > MAX_LEN || !token.starts_with(PREFIX) {
        return Err(AuthError::InvalidEmailToken);
    }
    let hash = hash(token);
    let row = queries::lock_email_token(conn, &hash, purpose.as_str())
        .await?
        .ok_or(AuthError::InvalidEmailToken)?;
    if row.used_at.is_some() || row.expires_at <= Utc::now() {
        return Err(AuthError::InvalidEmailToken);
    }
    queries::mark_email_token_used(conn, &hash).await?;
    Ok(row)
}
