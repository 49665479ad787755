//! HTTP endpoints of the auth service, the DTOs they share, and the token cookies.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use common::error::FieldError;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::db::models::User;
use crate::error::AuthError;
use crate::keys::ACCESS_TOKEN_TTL_SECS;
use crate::sessions::Grant;
use crate::state::AppState;

pub mod cafe;
pub mod email;
pub mod guests;
pub mod jwks;
pub mod login;
pub mod oauth;
pub mod password;
pub mod profile;
pub mod sessions;
pub mod tokens;

/// The access-token cookie (read by every service's `AuthUser`).
pub const ACCESS_COOKIE: &str = "access_token";
/// The refresh-token cookie, sent only to `/api/auth/*`.
pub const REFRESH_COOKIE: &str = "refresh_token";
const ACCESS_COOKIE_PATH: &str = "/";
const REFRESH_COOKIE_PATH: &str = "/api/auth";

/// Registers every auth endpoint with its state.
pub fn configure(cfg: &mut ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .service(login::register)
        .service(login::login)
        .service(tokens::refresh)
        .service(tokens::logout)
        .service(tokens::verify)
        .service(sessions::list_sessions)
        .service(sessions::delete_session)
        .service(sessions::delete_all_sessions)
        .service(profile::get_me)
        .service(profile::update_me)
        .service(profile::get_user)
        .service(email::verify_email)
        .service(email::resend_verification)
        .service(email::change_email)
        .service(password::change_password)
        .service(password::forgot_password)
        .service(password::reset_password)
        .service(guests::create_guest)
        .service(guests::upgrade_guest)
        .service(oauth::list_providers)
        .service(oauth::start_oauth_login)
        .service(oauth::oauth_callback)
        .service(cafe::cafe_register)
        .service(cafe::cafe_token)
        .service(jwks::get_jwks);
}

/// An account as its owner sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    /// User id (the `sub` claim).
    pub id: Uuid,
    /// Normalised email; `null` for guests and OAuth accounts without a verified email.
    pub email: Option<String>,
    /// Whether the owner proved the email (a mailed link, or an OAuth provider vouching).
    pub email_verified: bool,
    /// Display name.
    pub username: String,
    /// Picture URL.
    pub avatar_url: Option<String>,
    /// `player`, `guest` or `admin`.
    pub role: String,
    /// Whether this is a guest account that can be upgraded.
    pub is_guest: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

impl From<&User> for UserResponse {
    fn from(user: &User) -> Self {
        UserResponse {
            id: user.id,
            email: user.email.clone(),
            email_verified: user.email.is_some() && user.email_verified_at.is_some(),
            username: user.username.clone(),
            avatar_url: user.avatar_url.clone(),
            role: user.role.clone(),
            is_guest: user.is_guest,
            created_at: user.created_at,
        }
    }
}

/// A login's answer: the account and a token pair (also set as cookies).
#[derive(Debug, Serialize, ToSchema)]
pub struct AuthResponse {
    /// The account.
    pub user: UserResponse,
    /// EdDSA JWT, valid 15 minutes.
    pub access_token: String,
    /// Opaque; exchange it at `/api/auth/refresh` (once).
    pub refresh_token: String,
    /// Always `bearer`.
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Human-readable outcome (the seeds' clients show it).
    pub message: &'static str,
    /// What the OAuth provider said about the user (OAuth callback only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_info: Option<Value>,
}

/// Signs an access token for `user` in `grant`'s session and answers with both tokens, in the
/// body and as cookies.
pub(crate) async fn token_response(
    state: &AppState,
    status: StatusCode,
    user: &User,
    grant: Grant,
    message: &'static str,
    user_info: Option<Value>,
) -> Result<HttpResponse, AuthError> {
    let claims = state.keys.claims(user.id, grant.session_id, &user.role);
    let access_token = state
        .keys
        .sign(&claims)
        .await
        .map_err(AuthError::internal)?;
    let secure = state.settings.cookie_secure;
    let refresh_max_age = i64::try_from(state.settings.refresh_token_ttl.as_secs()).unwrap_or(0);
    Ok(HttpResponse::build(status)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .cookie(token_cookie(
            ACCESS_COOKIE,
            access_token.clone(),
            ACCESS_COOKIE_PATH,
            ACCESS_TOKEN_TTL_SECS,
            secure,
        ))
        .cookie(token_cookie(
            REFRESH_COOKIE,
            grant.refresh_token.clone(),
            REFRESH_COOKIE_PATH,
            refresh_max_age,
            secure,
        ))
        .json(AuthResponse {
            user: user.into(),
            access_token,
            refresh_token: grant.refresh_token,
            token_type: "bearer",
            expires_in: ACCESS_TOKEN_TTL_SECS,
            message,
            user_info,
        }))
}

fn token_cookie(
    name: &'static str,
    value: String,
    path: &'static str,
    max_age_secs: i64,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path(path)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(max_age_secs))
        .finish()
}

/// Cookies that delete both token cookies.
pub(crate) fn removal_cookies(secure: bool) -> [Cookie<'static>; 2] {
    [
        (ACCESS_COOKIE, ACCESS_COOKIE_PATH),
        (REFRESH_COOKIE, REFRESH_COOKIE_PATH),
    ]
    .map(|(name, path)| {
        let mut cookie = token_cookie(name, String::new(), path, 0, secure);
        cookie.make_removal();
        cookie
    })
}

/// The refresh token of a request: the JSON body's, else the cookie's.
pub(crate) fn refresh_token_of(req: &HttpRequest, from_body: Option<String>) -> Option<String> {
    from_body.filter(|t| !t.is_empty()).or_else(|| {
        req.cookie(REFRESH_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|t| !t.is_empty())
    })
}

/// A JSON body taken without failing the extraction, so a [`crate::state::Caller`] beside it is
/// judged first: actix extracts a handler's arguments together, and a malformed body would
/// otherwise answer 400 before a revoked token got its 401.
pub(crate) type LenientJson<T> = Result<web::Json<T>, actix_web::Error>;

/// The body, or the problem+json answer for a malformed one (boxed: a response is large).
pub(crate) fn body_or_problem<T>(body: LenientJson<T>) -> Result<T, Box<HttpResponse>> {
    body.map(web::Json::into_inner)
        .map_err(|e| Box::new(e.error_response()))
}

/// Collects the outcome of parsing one field.
pub(crate) fn field<T>(
    errors: &mut Vec<FieldError>,
    name: &str,
    parsed: Result<T, &'static str>,
) -> Option<T> {
    match parsed {
        Ok(value) => Some(value),
        Err(message) => {
            errors.push(FieldError {
                field: name.to_owned(),
                message: message.to_owned(),
            });
            None
        }
    }
}
