//! Guest accounts (device-style login) and their upgrade to email and password.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use common::Problem;
use common::error::ProblemBody;
use diesel_async::AsyncConnection;
use rand::RngCore;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{AuthResponse, LenientJson, body_or_problem, field, token_response};
use crate::db::models::{GuestUpgrade, NewUser};
use crate::db::queries;
use crate::domain::{Email, Password, Role, Username};
use crate::error::AuthError;
use crate::mail::MailJob;
use crate::sessions::{self, ClientInfo};
use crate::state::{AppState, Caller};

/// Creates a guest account (no email, no password) and logs it in; it can be upgraded later.
#[utoipa::path(post, path = "/api/auth/guest", tag = "auth",
    responses((status = 201, body = AuthResponse, description = "A guest account (`role: guest`) and its tokens")))]
#[post("/api/auth/guest")]
#[tracing::instrument(name = "create_guest", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn create_guest(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    let mut suffix = [0u8; 6];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let hex: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    let username = format!("guest_{hex}");
    let ttl = state.settings.refresh_token_ttl;
    let client = ClientInfo::of(&req, state.settings.trust_forwarded_for);
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
                    email_verified_at: None,
                },
            )
            .await?;
            let grant = sessions::start(conn, user.id, ttl, &client).await?;
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
/// ended and a new one starts (its tokens carry `role: player`); a link to verify the email is
/// mailed to it.
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
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    body: LenientJson<UpgradeGuestRequest>,
) -> Result<HttpResponse, Problem> {
    let UpgradeGuestRequest {
        email,
        username,
        password,
    } = match body_or_problem(body) {
        Ok(body) => body,
        Err(res) => return Ok(*res),
    };
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
    let client = ClientInfo::of(&req, state.settings.trust_forwarded_for);
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
            let grant = sessions::start(conn, user.id, ttl, &client).await?;
            Ok((user, grant))
        })
        .await?;
    if let Err(e) = state.revocations.revoke(old_session).await {
        // Harmless: the old session's refresh tokens are already refused, and its access
        // tokens (role guest) expire within 15 minutes.
        tracing::warn!(error = %format!("{e:#}"), "recording the guest session's revocation failed");
    }
    tracing::info!("guest account upgraded");
    state.mail.enqueue(MailJob::VerifyEmail {
        user_id: user.id,
        email: email.as_str().to_owned(),
    });
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
