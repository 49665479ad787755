//! Registration and email/password login.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use common::Problem;
use common::error::ProblemBody;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AuthResponse, field, token_response};
use crate::db::models::{NewUser, User};
use crate::db::queries;
use crate::devices;
use crate::domain::{Email, Password, Role, Username};
use crate::error::AuthError;
use crate::mail::MailJob;
use crate::sessions::{self, ClientInfo};
use crate::state::AppState;

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

/// Creates an account and logs it in. A link to verify the email is mailed to it
/// (`email_verified` stays false until it is opened).
#[utoipa::path(post, path = "/api/auth/register", tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 201, body = AuthResponse, description = "Created; tokens also set as cookies"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`email_taken` or `username_taken`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[post("/api/auth/register")]
#[tracing::instrument(name = "register", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn register(
    req: HttpRequest,
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
    let client = ClientInfo::of(&req, state.settings.trust_forwarded_for);
    let device = devices::cookie_hash(&req);
    let secure = state.settings.cookie_secure;
    let mut conn = state.conn().await?;
    let (user, grant, device_cookie) = conn
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
                    email_verified_at: None,
                },
            )
            .await?;
            let grant = sessions::start(conn, user.id, ttl, &client).await?;
            let cookie = devices::remember(conn, device.as_ref(), user.id, secure).await?;
            Ok((user, grant, cookie))
        })
        .await?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    tracing::info!("account registered");
    state.mail.enqueue(MailJob::VerifyEmail {
        user_id: user.id,
        email: email.as_str().to_owned(),
    });
    let mut res = token_response(
        &state,
        StatusCode::CREATED,
        &user,
        grant,
        "Registration successful",
        None,
    )
    .await?;
    if let Some(cookie) = device_cookie {
        res.add_cookie(&cookie).map_err(AuthError::internal)?;
    }
    Ok(res)
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
/// about the same time. Failures are throttled per (account, address), per address and per
/// account, and a browser that logged into the account before (its `auth_device` cookie) is
/// only limited by its own failures, so attackers cannot lock the owner out.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = AuthResponse, description = "Logged in; tokens (and the device cookie) set as cookies"),
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
    let client = ClientInfo::of(&req, state.settings.trust_forwarded_for);
    let device = devices::cookie_hash(&req);
    let (user, known) = {
        let mut conn = state.conn().await?;
        let user = queries::find_user_by_email(&mut conn, email.as_str())
            .await
            .map_err(AuthError::from)?;
        // The nil id for an unknown account: the same query runs either way.
        let owner = user.as_ref().map_or(Uuid::nil(), |u| u.id);
        let known = devices::is_known(&mut conn, device.as_ref(), owner).await?;
        (user, known)
    };
    let known_device = device.filter(|_| known);
    let attempt = state
        .throttle
        .attempt(&email, &client.ip, known_device.as_ref().map(|h| &h[..]))
        .await?;
    let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    let valid = state.passwords.verify(&password, hash).await?;
    let Some(user) = user.filter(|_| valid) else {
        tracing::info!("login refused");
        return Err(AuthError::InvalidCredentials.into());
    };
    state.throttle.succeeded(attempt).await?;
    rehash_if_outdated(&state, &user, &password).await;
    sign_in(&state, &user, &client, device).await
}

/// Signs in a user whose credentials were just checked: a new session and its token pair, and
/// the device cookie that later lets the owner past the per-account throttle.
pub(super) async fn sign_in(
    state: &AppState,
    user: &User,
    client: &ClientInfo,
    device: Option<[u8; 32]>,
) -> Result<HttpResponse, Problem> {
    let ttl = state.settings.refresh_token_ttl;
    let secure = state.settings.cookie_secure;
    let mut conn = state.conn().await?;
    let (grant, device_cookie) = conn
        .transaction::<_, AuthError, _>(async |conn| {
            let grant = sessions::start(conn, user.id, ttl, client).await?;
            let cookie = devices::remember(conn, device.as_ref(), user.id, secure).await?;
            Ok((grant, cookie))
        })
        .await?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    let mut res =
        token_response(state, StatusCode::OK, user, grant, "Login successful", None).await?;
    if let Some(cookie) = device_cookie {
        res.add_cookie(&cookie).map_err(AuthError::internal)?;
    }
    Ok(res)
}

/// Replaces a hash made with other argon2 parameters than the configured ones, now that the
/// password is at hand. A failure only means it is tried again at the next login.
async fn rehash_if_outdated(state: &AppState, user: &User, password: &str) {
    let Some(old) = user.password_hash.as_deref() else {
        return;
    };
    if !state.passwords.needs_rehash(old) {
        return;
    }
    let result = async {
        let new = state.passwords.hash_str(password).await?;
        let mut conn = state.conn().await?;
        Ok::<_, AuthError>(queries::rehash_password(&mut conn, user.id, old, &new).await?)
    }
    .await;
    match result {
        Ok(true) => tracing::info!("password rehashed with the current argon2 parameters"),
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, "rehashing a password failed"),
    }
}
