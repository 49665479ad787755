//! Sessions and their refresh-token families: opaque tokens stored as SHA-256, rotated on every
//! use; presenting a rotated token again revokes the whole session.

use std::time::Duration;

use actix_web::HttpRequest;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::db::models::{NewRefreshToken, NewSession, User};
use crate::db::queries;
use crate::error::AuthError;

/// Every refresh token starts with this, so it is recognisable in a leak scan.
const REFRESH_PREFIX: &str = "rt_";
/// Longest string worth hashing as a refresh token.
const REFRESH_MAX_LEN: usize = 128;

/// A new refresh token and the hash stored for it.
fn new_refresh_token() -> (String, [u8; 32]) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!("{REFRESH_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash = hash_refresh_token(&token);
    (token, hash)
}

/// What is stored for a refresh token.
pub fn hash_refresh_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Longest `User-Agent` kept with a session.
const USER_AGENT_MAX_CHARS: usize = 512;

/// Where a login comes from, kept with its session.
#[derive(Debug, Clone)]
pub struct ClientInfo {
    /// The client address (see `throttle::client_ip`).
    pub ip: String,
    /// The `User-Agent`, truncated.
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// The address and `User-Agent` of `req`.
    pub fn of(req: &HttpRequest, trust_forwarded_for: bool) -> Self {
        let user_agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|ua| {
                ua.trim()
                    .chars()
                    .take(USER_AGENT_MAX_CHARS)
                    .collect::<String>()
            })
            .filter(|ua| !ua.is_empty());
        ClientInfo {
            ip: crate::throttle::client_ip(req, trust_forwarded_for),
            user_agent,
        }
    }
}

/// A session just started or continued: its id and the refresh token to hand out.
pub struct Grant {
    /// The session (the `sid` claim).
    pub session_id: Uuid,
    /// The new refresh token, shown to the client once.
    pub refresh_token: String,
}

/// Starts a session for `user` from `client` inside the caller's transaction.
pub async fn start(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    ttl: Duration,
    client: &ClientInfo,
) -> Result<Grant, AuthError> {
    let session_id = Uuid::now_v7();
    queries::insert_session(
        conn,
        &NewSession {
            id: session_id,
            user_id: user,
            user_agent: client.user_agent.as_deref(),
            ip: Some(client.ip.as_str()).filter(|ip| ip.len() <= 64),
        },
    )
    .await?;
    let refresh_token = issue_refresh_token(conn, session_id, ttl).await?;
    Ok(Grant {
        session_id,
        refresh_token,
    })
}

async fn issue_refresh_token(
    conn: &mut AsyncPgConnection,
    session_id: Uuid,
    ttl: Duration,
) -> Result<String, AuthError> {
    let (token, hash) = new_refresh_token();
    let ttl = chrono::TimeDelta::from_std(ttl).map_err(AuthError::internal)?;
    queries::insert_refresh_token(
        conn,
        &NewRefreshToken {
            token_hash: &hash,
            session_id,
            expires_at: Utc::now() + ttl,
        },
    )
    .await?;
    Ok(token)
}

/// What presenting a refresh token led to.
pub enum Refreshed {
    /// A new refresh token in the same session, for this (current) user.
    Rotated {
        /// The account, as it is now (its role may have changed).
        user: User,
        /// Session and new token.
        grant: Grant,
    },
    /// The token had been used before: the session is now revoked.
    Reused {
        /// The revoked session.
        session_id: Uuid,
    },
}

/// Exchanges a refresh token for a new one in one transaction. The token's row is locked, so
/// of two concurrent exchanges one rotates and the other sees a used token.
pub async fn refresh(
    conn: &mut AsyncPgConnection,
    token: &str,
    ttl: Duration,
) -> Result<Refreshed, AuthError> {
    if token.len() > REFRESH_MAX_LEN || !token.starts_with(REFRESH_PREFIX) {
        return Err(AuthError::InvalidRefreshToken);
    }
    let hash = hash_refresh_token(token);
    conn.transaction::<_, AuthError, _>(async |conn| {
        let row = queries::lock_refresh_token(conn, &hash)
            .await?
            .ok_or(AuthError::InvalidRefreshToken)?;
        let session = queries::find_session(conn, row.session_id)
            .await?
            .ok_or(AuthError::InvalidRefreshToken)?;
        if session.revoked_at.is_some() {
            return Err(AuthError::InvalidRefreshToken);
        }
        if row.used_at.is_some() {
            queries::revoke_session(conn, session.id, "refresh_token_reused").await?;
            return Ok(Refreshed::Reused {
                session_id: session.id,
            });
        }
        if row.expires_at <= Utc::now() {
            return Err(AuthError::InvalidRefreshToken);
        }
        let user = queries::find_user(conn, session.user_id)
            .await?
            .ok_or(AuthError::InvalidRefreshToken)?;
        queries::mark_refresh_token_used(conn, &hash).await?;
        queries::touch_session(conn, session.id).await?;
        let refresh_token = issue_refresh_token(conn, session.id, ttl).await?;
        Ok(Refreshed::Rotated {
            user,
            grant: Grant {
                session_id: session.id,
                refresh_token,
            },
        })
    })
    .await
}

/// The session a refresh token belongs to (used or not), for logging out without a valid
/// access token.
pub async fn session_of(
    conn: &mut AsyncPgConnection,
    token: &str,
) -> Result<Option<Uuid>, AuthError> {
    if token.len() > REFRESH_MAX_LEN || !token.starts_with(REFRESH_PREFIX) {
        return Ok(None);
    }
    let row = queries::find_refresh_token(conn, &hash_refresh_token(token)).await?;
    Ok(row.map(|r| r.session_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_tokens_are_random_prefixed_and_stored_hashed() {
        let (a, hash_a) = new_refresh_token();
        let (b, _) = new_refresh_token();
        assert_ne!(a, b);
        assert!(a.starts_with("rt_") && a.len() == 3 + 43, "{a}");
        assert_eq!(hash_refresh_token(&a), hash_a);
        assert!(!hash_a.iter().all(|&x| x == 0));
    }
}
