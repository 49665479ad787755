//! The cafe seed's `/api/v1/auth`: username accounts and the OAuth2 password form login. The
//! seed's accounts had no password; here that is a development-only mode (production refuses
//! it), and an account registered with a password is checked like any login.

use actix_web::{HttpRequest, HttpResponse, post, web};
use common::Problem;
use common::error::ProblemBody;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AuthResponse, UserResponse, field};
use crate::db::models::NewUser;
use crate::db::queries;
use crate::devices;
use crate::domain::{AvatarUrl, Password, Role, Username};
use crate::error::AuthError;
use crate::sessions::ClientInfo;
use crate::state::AppState;

/// `POST /api/v1/auth/register`
#[derive(Debug, Deserialize, ToSchema)]
pub struct CafeRegisterRequest {
    /// 3 to 20 characters of `[A-Za-z0-9_]`, unique in any letter case.
    pub username: String,
    /// Picture URL (http or https); `null` or empty for none.
    pub avatar_url: Option<String>,
    /// 8 to 128 characters. Without one the account is password-less, which only development
    /// allows (`AUTH_CAFE_PASSWORDLESS`).
    pub password: Option<String>,
}

/// Registers a username account as the cafe seed did (no token in the answer: the client
/// logs in next at `/api/v1/auth/token`).
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "cafe", request_body = CafeRegisterRequest,
    responses(
        (status = 200, body = UserResponse, description = "The account (`id, username, avatar_url, created_at` and more)"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`passwordless_disabled`: no password, and the mode is off (production)"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`username_taken`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[post("/api/v1/auth/register")]
#[tracing::instrument(name = "cafe_register", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn cafe_register(
    state: web::Data<AppState>,
    body: web::Json<CafeRegisterRequest>,
) -> Result<HttpResponse, Problem> {
    let CafeRegisterRequest {
        username,
        avatar_url,
        password,
    } = body.into_inner();
    let mut errors = Vec::new();
    let username = field(&mut errors, "username", Username::parse(&username));
    let avatar = match avatar_url.filter(|a| !a.trim().is_empty()) {
        Some(url) => field(&mut errors, "avatar_url", AvatarUrl::parse(&url)).map(Some),
        None => Some(None),
    };
    let password = match password {
        Some(p) => field(&mut errors, "password", Password::parse(p)).map(Some),
        None => Some(None),
    };
    let (Some(username), Some(avatar), Some(password)) = (username, avatar, password) else {
        return Err(AuthError::Validation(errors).into());
    };
    let hash = match &password {
        Some(p) => Some(state.passwords.hash(p).await?),
        None if state.passwordless => None,
        None => return Err(AuthError::PasswordlessDisabled.into()),
    };
    let new = NewUser {
        id: Uuid::now_v7(),
        email: None,
        username: username.as_str(),
        password_hash: hash.as_deref(),
        avatar_url: avatar.as_ref().map(AvatarUrl::as_str),
        role: Role::Player.as_str(),
        is_guest: false,
        email_verified_at: None,
    };
    let mut conn = state.conn().await?;
    let user = match hash {
        Some(_) => queries::insert_user(&mut conn, &new).await,
        None => queries::insert_passwordless_user(&mut conn, &new).await,
    }
    .map_err(AuthError::from)?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    tracing::info!(passwordless = user.passwordless, "cafe account registered");
    Ok(HttpResponse::Ok().json(UserResponse::from(&user)))
}

/// `POST /api/v1/auth/token` (form-encoded, as OAuth2's password grant).
#[derive(Debug, Deserialize, ToSchema)]
pub struct CafeTokenForm {
    /// The account's username (any letter case).
    pub username: String,
    /// Its password; anything for a password-less account in development.
    #[serde(default)]
    pub password: String,
}

/// Logs in with a username: the password is checked when the account has one; a password-less
/// account gets its token only where that mode is on. Unknown usernames, wrong passwords and
/// refused password-less accounts answer alike, throttled as `/api/auth/login`.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "cafe",
    request_body(content = CafeTokenForm, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, body = AuthResponse, description = "`access_token`, `token_type: bearer` and the rest of a login"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_credentials`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
        (status = 429, body = ProblemBody, content_type = "application/problem+json", description = "`too_many_attempts`"),
    ))]
#[post("/api/v1/auth/token")]
#[tracing::instrument(name = "cafe_token", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn cafe_token(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CafeTokenForm>,
) -> Result<HttpResponse, Problem> {
    let CafeTokenForm { username, password } = form.into_inner();
    let mut errors = Vec::new();
    let username = field(&mut errors, "username", Username::parse(&username));
    if password.chars().count() > Password::MAX_LEN {
        errors.push(common::error::FieldError {
            field: "password".to_owned(),
            message: "must be at most 128 characters".to_owned(),
        });
    }
    let Some(username) = username.filter(|_| errors.is_empty()) else {
        return Err(AuthError::Validation(errors).into());
    };
    let client = ClientInfo::of(&req, state.settings.trust_forwarded_for);
    let account = format!("username:{}", username.as_str().to_ascii_lowercase());
    let attempt = state
        .throttle
        .attempt_for(&account, &client.ip, None)
        .await?;
    let user = {
        let mut conn = state.conn().await?;
        queries::find_user_by_username(&mut conn, username.as_str())
            .await
            .map_err(AuthError::from)?
    };
    let hash = user.as_ref().and_then(|u| u.password_hash.as_deref());
    // Always one argon2 verification, so every refusal takes as long as a wrong password.
    let checked = state.passwords.verify(&password, hash).await?;
    let valid = match &user {
        Some(u) if u.password_hash.is_some() => checked,
        Some(u) => u.passwordless && state.passwordless,
        None => false,
    };
    let Some(user) = user.filter(|_| valid) else {
        tracing::info!("cafe login refused");
        return Err(AuthError::InvalidCredentials.into());
    };
    state.throttle.succeeded(attempt).await?;
    super::login::sign_in(&state, &user, &client, devices::cookie_hash(&req)).await
}
