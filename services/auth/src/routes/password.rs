//! Passwords: change (with the current one), forgotten (a mailed link), reset (with its token).

use actix_web::{HttpResponse, post, web};
use common::Problem;
use common::error::ProblemBody;
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{LenientJson, body_or_problem, field};
use crate::db::queries;
use crate::domain::{Email, Password};
use crate::email_tokens::{self, Purpose};
use crate::error::AuthError;
use crate::mail::MailJob;
use crate::state::{AppState, Caller};

/// `POST /api/auth/password`
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    /// The password the account has now.
    pub current_password: String,
    /// 8 to 128 characters.
    pub new_password: String,
}

/// Changes the caller's password. Every other session of the account ends at once (its access
/// tokens are refused everywhere); the caller's session stays.
#[utoipa::path(post, path = "/api/auth/password", tag = "password", request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed; the other sessions are ended"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`wrong_password`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`no_password` (guest or OAuth-only account)"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
        (status = 429, body = ProblemBody, content_type = "application/problem+json", description = "`too_many_attempts`"),
    ))]
#[post("/api/auth/password")]
#[tracing::instrument(name = "change_password", skip_all, fields(user.id = %caller.id))]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: LenientJson<ChangePasswordRequest>,
) -> Result<HttpResponse, Problem> {
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = match body_or_problem(body) {
        Ok(body) => body,
        Err(res) => return Ok(*res),
    };
    let mut errors = Vec::new();
    let new_password = field(&mut errors, "new_password", Password::parse(new_password));
    if current_password.is_empty() || current_password.chars().count() > Password::MAX_LEN {
        errors.push(common::error::FieldError {
            field: "current_password".to_owned(),
            message: "is required (at most 128 characters)".to_owned(),
        });
    }
    let (Some(new_password), true) = (new_password, errors.is_empty()) else {
        return Err(AuthError::Validation(errors).into());
    };
    let user = {
        let mut conn = state.conn().await?;
        queries::find_user(&mut conn, caller.id)
            .await
            .map_err(AuthError::from)?
            .ok_or(AuthError::UserNotFound)?
    };
    let Some(old_hash) = user.password_hash.clone() else {
        return Err(AuthError::NoPassword.into());
    };
    let attempt = state.throttle.password_check(user.id).await?;
    if !state
        .passwords
        .verify(&current_password, Some(&old_hash))
        .await?
    {
        return Err(AuthError::WrongPassword.into());
    }
    state.throttle.succeeded(attempt).await?;
    let hash = state.passwords.hash(&new_password).await?;
    let mut conn = state.conn().await?;
    let revoked = conn
        .transaction::<_, AuthError, _>(async |conn| {
            queries::set_password_hash(conn, user.id, &hash).await?;
            queries::retire_email_tokens(conn, user.id, Purpose::ResetPassword.as_str()).await?;
            Ok(queries::revoke_user_sessions(
                conn,
                user.id,
                Some(caller.session_id),
                "password_changed",
            )
            .await?)
        })
        .await?;
    state
        .revoke_in_redis(&revoked)
        .await
        .map_err(AuthError::redis)?;
    tracing::info!(ended = revoked.len(), "password changed");
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/auth/password/forgot`
#[derive(Debug, Deserialize, ToSchema)]
pub struct ForgotPasswordRequest {
    /// The account's email.
    pub email: String,
}

/// What forgot-password answers, whether or not the email has an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedResponse {
    /// What happens next.
    pub message: &'static str,
}

/// Mails a password-reset link to the account with this email, if there is one. The answer
/// and its timing are the same either way (the lookup and the mail happen after it).
#[utoipa::path(post, path = "/api/auth/password/forgot", tag = "password", request_body = ForgotPasswordRequest,
    responses(
        (status = 202, body = AcceptedResponse, description = "Accepted, whether or not an account has this email"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed` (not an email address)"),
    ))]
#[post("/api/auth/password/forgot")]
#[tracing::instrument(name = "forgot_password", skip_all)]
pub async fn forgot_password(
    state: web::Data<AppState>,
    body: web::Json<ForgotPasswordRequest>,
) -> Result<HttpResponse, Problem> {
    let email = Email::parse(&body.email).map_err(|e| AuthError::field("email", e))?;
    state.mail.enqueue(MailJob::ResetPassword { email });
    Ok(HttpResponse::Accepted().json(AcceptedResponse {
        message: "If an account has this email, a link to reset its password is on its way",
    }))
}

/// `POST /api/auth/password/reset`
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    /// The token from the mailed link.
    pub token: String,
    /// 8 to 128 characters.
    pub new_password: String,
}

/// Sets a new password with a mailed reset token (single use, expiring). Every session of the
/// account ends; the email counts as verified, since the link reached it; the account's
/// login-failure ceiling is cleared, so the owner can log in from a new device at once.
#[utoipa::path(post, path = "/api/auth/password/reset", tag = "password", request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password set; every session ended"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_token` (unknown, used or expired)"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[post("/api/auth/password/reset")]
#[tracing::instrument(name = "reset_password", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn reset_password(
    state: web::Data<AppState>,
    body: web::Json<ResetPasswordRequest>,
) -> Result<HttpResponse, Problem> {
    let ResetPasswordRequest {
        token,
        new_password,
    } = body.into_inner();
    let new_password =
        Password::parse(new_password).map_err(|e| AuthError::field("new_password", e))?;
    // Hashed before the token is taken, so a slow hash never holds the token's row lock.
    let hash = state.passwords.hash(&new_password).await?;
    let mut conn = state.conn().await?;
    let (user_id, email, revoked) = conn
        .transaction::<_, AuthError, _>(async |conn| {
            let row = email_tokens::consume(conn, &token, Purpose::ResetPassword).await?;
            queries::set_password_hash(conn, row.user_id, &hash).await?;
            queries::retire_email_tokens(conn, row.user_id, Purpose::ResetPassword.as_str())
                .await?;
            queries::mark_email_verified(conn, row.user_id, &row.email).await?;
            let revoked =
                queries::revoke_user_sessions(conn, row.user_id, None, "password_reset").await?;
            Ok((row.user_id, row.email, revoked))
        })
        .await?;
    tracing::Span::current().record("user.id", tracing::field::display(user_id));
    state
        .revoke_in_redis(&revoked)
        .await
        .map_err(AuthError::redis)?;
    if let Err(e) = state.throttle.forget_account(&email).await {
        // Only the owner's new devices wait for the window to end.
        tracing::warn!(error = %e, "clearing the account's login failures after a reset failed");
    }
    tracing::info!(ended = revoked.len(), "password reset");
    Ok(HttpResponse::NoContent().finish())
}
