//! Email/password accounts, guests, sessions (refresh, logout), the caller's profile, public
//! profiles and token verification.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use common::Problem;
use common::auth::TokenError;
use common::error::ProblemBody;
use diesel_async::AsyncConnection;
use rand::RngCore;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{AuthResponse, UserResponse, field, refresh_token_of, removal_cookies, token_response};
use crate::db::models::{GuestUpgrade, NewUser, ProfileChange};
use crate::db::queries;
use crate::domain::{AvatarUrl, Email, Password, Role, Username};
use crate::error::AuthError;
use crate::sessions::{self, Refreshed};
use crate::state::{AppState, Caller};
use crate::throttle::client_ip;

/// Longest string accepted as an access token to verify.
const TOKEN_MAX_LEN: usize = 4096;

/// `POST /api/auth/register`
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// Email; trimmed and lowercased.
    pub email: String,
    /// 3 to 20 characters of `[A-Za-z0-9_]`.
    pub username: String,
    /// 8 to 128 characters.
    pub password: String,
}

/// Creates an account and logs it in.
#[utoipa::path(post, path = "/api/auth/register", tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 201, body = AuthResponse, description = "Created; tokens also set as cookies"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`email_taken` or `username_taken`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[post("/api/auth/register")]
#[tracing::instrument(name = "register", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn register(
    state: web::Data<AppState>,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, Problem> {
    let RegisterRequest {
        email,
        username,
        password,
    } = body.into_inner();
    let mut errors = Vec::new();
    let email = field(&mut errors, "email", Email::parse(&email));
    let username = field(&mut errors, "username", Username::parse(&username));
    let password = field(&mut errors, "password", Password::parse(password));
    let (Some(email), Some(username), Some(password)) = (email, username, password) else {
        return Err(AuthError::Validation(errors).into());
    };
    let hash = state.passwords.hash(&password).await?;
    let ttl = state.settings.refresh_token_ttl;
    let mut conn = state.conn().await?;
    let (user, grant) = conn
        .transaction::<_, AuthError, _>(async |conn| {
            let user = queries::insert_user(
                conn,
                &NewUser {
                    id: Uuid::now_v7(),
                    email: Some(email.as_str()),
                    username: username.as_str(),
                    password_hash: Some(&hash),
                    avatar_url: None,
                    role: Role::Player.as_str(),
                    is_guest: false,
                },
            )
            .await?;
            let grant = sessions::start(conn, user.id, ttl).await?;
            Ok((user, grant))
        })
        .await?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    tracing::info!("account registered");
    Ok(token_response(
        &state,
        StatusCode::CREATED,
        &user,
        grant,
        "Registration successful",
        None,
    )
    .await?)
}

/// `POST /api/auth/login`
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// The account's email.
    pub email: String,
    /// Its password.
    pub password: String,
}

/// Logs in with email and password. Unknown email and wrong password give the same answer in
/// about the same time; repeated failures per account or address answer 429.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = AuthResponse, description = "Logged in; tokens also set as cookies"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_credentials`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
        (status = 429, body = ProblemBody, content_type = "application/problem+json", description = "`too_many_attempts`, with `Retry-After`"),
    ))]
#[post("/api/auth/login")]
#[tracing::instrument(name = "login", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, Problem> {
    let LoginRequest { email, password } = body.into_inner();
    let mut errors = Vec::new();
    let email = field(&mut errors, "email", Email::parse(&email));
    // Only the bounds are checked: the password policy is not revealed at login.
    let password = field(
        &mut errors,
        "password",
        match password.chars().count() {
            0 => Err("is required"),
            n if n > Password::MAX_LEN => Err("must be at most 128 characters"),
            _ => Ok(password),
        },
    );
    let (Some(email), Some(password)) = (email, password) else {
        return Err(AuthError::Validation(errors).into());
    };
    let ip = client_ip(&req, state.settings.trust_forwarded_for);
    let attempt = state.throttle.attempt(&email, &ip).await?;
    let user = {
        let mut conn = state.conn().await?;
        queries::find_user_by_email(&mut conn, email.as_str())
            .await
            .map_err(AuthError::from)?
    };
    let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    let valid = state.passwords.verify(&password, hash).await?;
    let Some(user) = user.filter(|_| valid) else {
        tracing::info!("login refused");
        return Err(AuthError::InvalidCredentials.into());
    };
    state.throttle.succeeded(attempt).await?;
    let ttl = state.settings.refresh_token_ttl;
    let mut conn = state.conn().await?;
    let grant = sessions::start(&mut conn, user.id, ttl).await?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    Ok(token_response(
        &state,
        StatusCode::OK,
        &user,
        grant,
        "Login successful",
        None,
    )
    .await?)
}

/// `POST /api/auth/refresh` (the body may be omitted when the cookie is sent).
#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    /// The refresh token; defaults to the `refresh_token` cookie.
    pub refresh_token: Option<String>,
}

/// Exchanges a refresh token for a new pair. Each refresh token works once: presenting one
/// again revokes its whole session.
#[utoipa::path(post, path = "/api/auth/refresh", tag = "auth", request_body(content = Option<RefreshRequest>, description = "Optional when the `refresh_token` cookie is sent"),
    responses(
        (status = 200, body = AuthResponse, description = "A new pair; cookies updated"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_refresh_token` or `refresh_token_reused` (the session is revoked)"),
    ))]
#[post("/api/auth/refresh")]
#[tracing::instrument(name = "refresh", skip_all, fields(session.id = tracing::field::Empty))]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Option<web::Json<RefreshRequest>>,
) -> Result<HttpResponse, Problem> {
    let token = refresh_token_of(&req, body.and_then(|b| b.into_inner().refresh_token))
        .ok_or(AuthError::InvalidRefreshToken)?;
    let mut conn = state.conn().await?;
    match sessions::refresh(&mut conn, &token, state.settings.refresh_token_ttl).await? {
        Refreshed::Rotated { user, grant } => {
            tracing::Span::current()
                .record("session.id", tracing::field::display(grant.session_id));
            Ok(token_response(
                &state,
                StatusCode::OK,
                &user,
                grant,
                "Token refreshed",
                None,
            )
            .await?)
        }
        Refreshed::Reused { session_id } => {
            tracing::Span::current().record("session.id", tracing::field::display(session_id));
            tracing::warn!("a rotated refresh token was presented again; session revoked");
            if let Err(e) = state.revocations.revoke(session_id).await {
                // The database already refuses the session's refresh tokens; its access tokens
                // stay valid until they expire.
                tracing::error!(error = %format!("{e:#}"), "recording the revocation in Redis failed");
            }
            Err(AuthError::RefreshTokenReused.into())
        }
    }
}

/// Ends the session: its access tokens are refused by every service at once and its refresh
/// tokens stop working. Identified by the access token, or by the refresh token (body or
/// cookie) when the access token has expired.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", request_body(content = Option<RefreshRequest>, description = "Optional: the refresh token, when no valid access token is sent"),
    responses(
        (status = 204, description = "Logged out; cookies cleared"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "No valid access or refresh token"),
    ))]
#[post("/api/auth/logout")]
#[tracing::instrument(name = "logout", skip_all, fields(session.id = tracing::field::Empty))]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Option<web::Json<RefreshRequest>>,
) -> Result<HttpResponse, Problem> {
    let by_access = match common::auth::token_from_request(&req) {
        Some(token) => state.authenticate(&token).await.map(|c| c.sid),
        None => Err(TokenError::Missing),
    };
    let session_id = match by_access {
        Ok(sid) => sid,
        Err(TokenError::Unavailable(e)) => return Err(TokenError::Unavailable(e).into()),
        Err(access_error) => {
            match refresh_token_of(&req, body.and_then(|b| b.into_inner().refresh_token)) {
                Some(token) => {
                    let mut conn = state.conn().await?;
                    sessions::session_of(&mut conn, &token)
                        .await?
                        .ok_or(AuthError::InvalidRefreshToken)?
                }
                None => return Err(access_error.into()),
            }
        }
    };
    tracing::Span::current().record("session.id", tracing::field::display(session_id));
    // The database first: if Redis then fails, a retry still finds the session to revoke.
    let mut conn = state.conn().await?;
    queries::revoke_session(&mut conn, session_id, "logout")
        .await
        .map_err(AuthError::from)?;
    state
        .revocations
        .revoke(session_id)
        .await
        .map_err(AuthError::Redis)?;
    let mut res = HttpResponse::NoContent();
    for cookie in removal_cookies(state.settings.cookie_secure) {
        res.cookie(cookie);
    }
    Ok(res.finish())
}

/// The caller's account.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth",
    responses(
        (status = 200, body = UserResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "`missing_token`, `invalid_token` or `session_revoked`"),
    ))]
#[get("/api/auth/me")]
#[tracing::instrument(name = "get_me", skip_all, fields(user.id = %caller.id))]
pub async fn get_me(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<UserResponse>, Problem> {
    let mut conn = state.conn().await?;
    let user = queries::find_user(&mut conn, caller.id)
        .await
        .map_err(AuthError::from)?
        .ok_or(AuthError::UserNotFound)?;
    Ok(web::Json((&user).into()))
}

/// `PATCH /api/auth/me`: only the fields present change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateMeRequest {
    /// A new username (3 to 20 of `[A-Za-z0-9_]`).
    pub username: Option<String>,
    /// A new picture URL (http or https); `null` removes it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, nullable)]
    pub avatar_url: Option<Option<String>>,
}

/// Tells an explicit `null` (`Some(None)`) from an absent field (`None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Changes the caller's username and/or avatar.
#[utoipa::path(patch, path = "/api/auth/me", tag = "auth", request_body = UpdateMeRequest,
    responses(
        (status = 200, body = UserResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`username_taken`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[patch("/api/auth/me")]
#[tracing::instrument(name = "update_me", skip_all, fields(user.id = %caller.id))]
pub async fn update_me(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<UpdateMeRequest>,
) -> Result<web::Json<UserResponse>, Problem> {
    let UpdateMeRequest {
        username,
        avatar_url,
    } = body.into_inner();
    let mut errors = Vec::new();
    let username = username.and_then(|u| field(&mut errors, "username", Username::parse(&u)));
    let avatar_url = match avatar_url {
        None => None,
        Some(None) => Some(None),
        Some(Some(url)) if url.trim().is_empty() => Some(None),
        Some(Some(url)) => field(&mut errors, "avatar_url", AvatarUrl::parse(&url)).map(Some),
    };
    if !errors.is_empty() {
        return Err(AuthError::Validation(errors).into());
    }
    let mut conn = state.conn().await?;
    let user = if username.is_none() && avatar_url.is_none() {
        queries::find_user(&mut conn, caller.id).await
    } else {
        queries::update_profile(
            &mut conn,
            caller.id,
            &ProfileChange {
                username: username.as_ref().map(Username::as_str),
                avatar_url: avatar_url
                    .as_ref()
                    .map(|a| a.as_ref().map(AvatarUrl::as_str)),
                updated_at: Utc::now(),
            },
        )
        .await
        .map(Some)
    }
    .map_err(|e| match e {
        diesel::result::Error::NotFound => AuthError::UserNotFound,
        e => AuthError::from(e),
    })?
    .ok_or(AuthError::UserNotFound)?;
    Ok(web::Json((&user).into()))
}

/// What anyone may see of an account (no email).
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicUserResponse {
    /// User id.
    pub id: Uuid,
    /// Display name.
    pub username: String,
    /// Picture URL.
    pub avatar_url: Option<String>,
    /// `player`, `guest` or `admin`.
    pub role: String,
    /// Guest account.
    pub is_guest: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A user's public profile.
#[utoipa::path(get, path = "/api/users/{id}", tag = "auth", params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, body = PublicUserResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_path_parameter`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`user_not_found`"),
    ))]
#[get("/api/users/{id}")]
#[tracing::instrument(name = "get_user", skip_all)]
pub async fn get_user(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<PublicUserResponse>, Problem> {
    let mut conn = state.conn().await?;
    let user = queries::find_user(&mut conn, id.into_inner())
        .await
        .map_err(AuthError::from)?
        .ok_or(AuthError::UserNotFound)?;
    Ok(web::Json(PublicUserResponse {
        id: user.id,
        username: user.username,
        avatar_url: user.avatar_url,
        role: user.role,
        is_guest: user.is_guest,
        created_at: user.created_at,
    }))
}

/// `POST /api/auth/verify` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyRequest {
    /// The access token to check.
    pub token: Option<String>,
}

/// `?token=` of `POST /api/auth/verify`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct VerifyQuery {
    /// The access token to check (instead of the body).
    pub token: Option<String>,
}

/// A valid token's facts.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyResponse {
    /// Always `true` (an invalid token answers 401).
    pub valid: bool,
    /// The token's user.
    pub user_id: Uuid,
    /// The user's email, if any.
    pub email: Option<String>,
    /// The role claim.
    pub role: String,
    /// Expiry (Unix seconds).
    pub exp: i64,
}

/// Checks an access token (signature, expiry, audience, revocation) and says whose it is.
#[utoipa::path(post, path = "/api/auth/verify", tag = "auth", params(VerifyQuery),
    request_body(content = Option<VerifyRequest>, description = "Or pass `?token=`"),
    responses(
        (status = 200, body = VerifyResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "`missing_token`, `invalid_token` or `session_revoked`"),
    ))]
#[post("/api/auth/verify")]
#[tracing::instrument(name = "verify", skip_all)]
pub async fn verify(
    state: web::Data<AppState>,
    query: web::Query<VerifyQuery>,
    body: Option<web::Json<VerifyRequest>>,
) -> Result<web::Json<VerifyResponse>, Problem> {
    let token = body
        .and_then(|b| b.into_inner().token)
        .or_else(|| query.into_inner().token)
        .filter(|t| !t.is_empty())
        .ok_or(TokenError::Missing)?;
    if token.len() > TOKEN_MAX_LEN {
        return Err(TokenError::Invalid("too long".into()).into());
    }
    let claims = state.authenticate(&token).await?;
    let mut conn = state.conn().await?;
    let user = queries::find_user(&mut conn, claims.sub)
        .await
        .map_err(AuthError::from)?
        .ok_or_else(|| TokenError::Invalid("user no longer exists".into()))?;
    Ok(web::Json(VerifyResponse {
        valid: true,
        user_id: user.id,
        email: user.email,
        role: claims.role,
        exp: claims.exp,
    }))
}

/// Creates a guest account (no email, no password) and logs it in; it can be upgraded later.
#[utoipa::path(post, path = "/api/auth/guest", tag = "auth",
    responses((status = 201, body = AuthResponse, description = "A guest account (`role: guest`) and its tokens")))]
#[post("/api/auth/guest")]
#[tracing::instrument(name = "create_guest", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn create_guest(state: web::Data<AppState>) -> Result<HttpResponse, Problem> {
    let mut suffix = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let hex: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    let username = format!("guest_{hex}");
    let ttl = state.settings.refresh_token_ttl;
    let mut conn = state.conn().await?;
    let (user, grant) = conn
        .transaction::<_, AuthError, _>(async |conn| {
            let user = queries::insert_user(
                conn,
                &NewUser {
                    id: Uuid::now_v7(),
                    email: None,
                    username: &username,
                    password_hash: None,
                    avatar_url: None,
                    role: Role::Guest.as_str(),
                    is_guest: true,
                },
            )
            .await?;
            let grant = sessions::start(conn, user.id, ttl).await?;
            Ok((user, grant))
        })
        .await?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    Ok(token_response(
        &state,
        StatusCode::CREATED,
        &user,
        grant,
        "Guest account created",
        None,
    )
    .await?)
}

/// `POST /api/auth/guest/upgrade`
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpgradeGuestRequest {
    /// The email to register.
    pub email: String,
    /// A new username; the guest one is kept when absent.
    pub username: Option<String>,
    /// 8 to 128 characters.
    pub password: String,
}

/// Turns the calling guest into a full account with email and password. The guest session is
/// ended and a new one starts (its tokens carry `role: player`).
#[utoipa::path(post, path = "/api/auth/guest/upgrade", tag = "auth", request_body = UpgradeGuestRequest,
    responses(
        (status = 200, body = AuthResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`not_a_guest`, `email_taken` or `username_taken`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[post("/api/auth/guest/upgrade")]
#[tracing::instrument(name = "upgrade_guest", skip_all, fields(user.id = %caller.id))]
pub async fn upgrade_guest(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<UpgradeGuestRequest>,
) -> Result<HttpResponse, Problem> {
    let UpgradeGuestRequest {
        email,
        username,
        password,
    } = body.into_inner();
    let mut errors = Vec::new();
    let email = field(&mut errors, "email", Email::parse(&email));
    let username = username.and_then(|u| field(&mut errors, "username", Username::parse(&u)));
    let password = field(&mut errors, "password", Password::parse(password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(AuthError::Validation(errors).into());
    };
    if !errors.is_empty() {
        return Err(AuthError::Validation(errors).into());
    }
    if caller.role != Role::Guest.as_str() {
        return Err(AuthError::NotAGuest.into());
    }
    let hash = state.passwords.hash(&password).await?;
    let ttl = state.settings.refresh_token_ttl;
    let old_session = caller.session_id;
    let mut conn = state.conn().await?;
    let (user, grant) = conn
        .transaction::<_, AuthError, _>(async |conn| {
            let user = queries::lock_user(conn, caller.id)
                .await?
                .ok_or(AuthError::UserNotFound)?;
            if !user.is_guest {
                return Err(AuthError::NotAGuest);
            }
            let user = queries::upgrade_guest(
                conn,
                user.id,
                &GuestUpgrade {
                    email: Some(email.as_str()),
                    username: username.as_ref().map(Username::as_str),
                    password_hash: Some(&hash),
                    role: Role::Player.as_str(),
                    is_guest: false,
                    updated_at: Utc::now(),
                },
            )
            .await?;
            queries::revoke_session(conn, old_session, "guest_upgraded").await?;
            let grant = sessions::start(conn, user.id, ttl).await?;
            Ok((user, grant))
        })
        .await?;
    if let Err(e) = state.revocations.revoke(old_session).await {
        // Harmless: the old session's refresh tokens are already refused, and its access
        // tokens (role guest) expire within 15 minutes.
        tracing::warn!(error = %format!("{e:#}"), "recording the guest session's revocation failed");
    }
    tracing::info!("guest account upgraded");
    Ok(token_response(
        &state,
        StatusCode::OK,
        &user,
        grant,
        "Account upgraded",
        None,
    )
    .await?)
}
