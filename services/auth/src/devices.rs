//! Devices that logged into an account: a random token in an HttpOnly cookie, stored as
//! SHA-256. Failed logins from elsewhere never lock a known device out (see `throttle`).

use actix_web::HttpRequest;
use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel_async::AsyncPgConnection;
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::db::models::NewKnownDevice;
use crate::db::queries;
use crate::error::AuthError;

/// The device cookie, sent only to `/api/auth/*`.
pub const DEVICE_COOKIE: &str = "auth_device";
const DEVICE_PREFIX: &str = "dv_";
const DEVICE_MAX_LEN: usize = 64;
/// A device stays known this long after its last login.
pub const DEVICE_TTL_DAYS: i64 = 365;

/// The hash of the request's device cookie, when it has a well-formed one.
pub fn cookie_hash(req: &HttpRequest) -> Option<[u8; 32]> {
    let cookie = req.cookie(DEVICE_COOKIE)?;
    let value = cookie.value();
    (value.len() <= DEVICE_MAX_LEN && value.starts_with(DEVICE_PREFIX))
        .then(|| Sha256::digest(value.as_bytes()).into())
}

/// Whether the device with this cookie hash logged into `user` before.
pub async fn is_known(
    conn: &mut AsyncPgConnection,
    hash: Option<&[u8; 32]>,
    user: Uuid,
) -> Result<bool, AuthError> {
    match hash {
        Some(hash) => Ok(queries::is_device_of(conn, hash, user).await?),
        None => Ok(false),
    }
}

/// After a successful login: remembers the device for `user` (the cookie it has, or a new one,
/// answered as the cookie to set).
pub async fn remember(
    conn: &mut AsyncPgConnection,
    existing: Option<&[u8; 32]>,
    user: Uuid,
    secure: bool,
) -> Result<Option<Cookie<'static>>, AuthError> {
    if let Some(hash) = existing {
        queries::upsert_device(
            conn,
            &NewKnownDevice {
                token_hash: hash,
                user_id: user,
            },
        )
        .await?;
        return Ok(None);
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!("{DEVICE_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    let hash: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    queries::upsert_device(
        conn,
        &NewKnownDevice {
            token_hash: &hash,
            user_id: user,
        },
    )
    .await?;
    Ok(Some(
        Cookie::build(DEVICE_COOKIE, token)
            .path("/api/auth")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .max_age(CookieDuration::days(DEVICE_TTL_DAYS))
            .finish(),
    ))
}
