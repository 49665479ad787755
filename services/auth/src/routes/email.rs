//! Email addresses: verification with a mailed token, and changing the address (the new one
//! takes effect only once its own mailed link is opened).

use actix_web::{HttpResponse, post, web};
use common::Problem;
use common::error::{FieldError, ProblemBody};
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{LenientJson, UserResponse, body_or_problem, field};
use crate::db::queries;
use crate::domain::{Email, Password};
use crate::email_tokens::{self, Purpose};
use crate::error::AuthError;
use crate::mail::MailJob;
use crate::state::{AppState, Caller};

/// `POST /api/auth/verify-email`
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyEmailRequest {
    /// The token from the mailed link.
    pub token: String,
}

/// Proves an email address with the token mailed to it (single use, expiring). For a
/// registration the account's email becomes verified; for an email change the account's
/// email becomes the new, verified address.
#[utoipa::path(post, path = "/api/auth/verify-email", tag = "email", request_body = VerifyEmailRequest,
    responses(
        (status = 200, body = UserResponse, description = "The account, with `email_verified: true`"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_token` (unknown, used or expired)"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`email_taken`: another account took the new address meanwhile"),
    ))]
#[post("/api/auth/verify-email")]
#[tracing::instrument(name = "verify_email", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: web::Json<VerifyEmailRequest>,
) -> Result<web::Json<UserResponse>, Problem> {
    let token = body.into_inner().token;
    let mut conn = state.conn().await?;
    let user = conn
        .transaction::<_, AuthError, _>(async |conn| {
            let row = email_tokens::consume(conn, &token, Purpose::VerifyEmail).await?;
            let user = queries::lock_user(conn, row.user_id)
                .await?
                .ok_or(AuthError::InvalidEmailToken)?;
            if user.email.as_deref() == Some(row.email.as_str()) {
                Ok(queries::mark_email_verified(conn, user.id, &row.email)
                    .await?
                    .ok_or(AuthError::InvalidEmailToken)?)
            } else {
                Ok(queries::change_email(conn, user.id, &row.email).await?)
            }
        })
        .await?;
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    tracing::info!("email verified");
    Ok(web::Json((&user).into()))
}

/// `POST /api/auth/email`
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeEmailRequest {
    /// The new address.
    pub new_email: String,
    /// The account's current password.
    pub current_password: String,
}

/// A mail is on its way.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailPendingResponse {
    /// What happens next.
    pub message: &'static str,
    /// The address the link was sent to.
    pub pending_email: String,
}

/// Starts an email change: a verification link goes to the new address, and the account's
/// email changes when it is opened (`POST /api/auth/verify-email`). Needs the current password.
#[utoipa::path(post, path = "/api/auth/email", tag = "email", request_body = ChangeEmailRequest,
    responses(
        (status = 202, body = EmailPendingResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`wrong_password`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`email_taken` or `no_password`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
        (status = 429, body = ProblemBody, content_type = "application/problem+json", description = "`too_many_attempts`"),
    ))]
#[post("/api/auth/email")]
#[tracing::instrument(name = "change_email", skip_all, fields(user.id = %caller.id))]
pub async fn change_email(
    state: web::Data<AppState>,
    caller: Caller,
    body: LenientJson<ChangeEmailRequest>,
) -> Result<HttpResponse, Problem> {
    let ChangeEmailRequest {
        new_email,
        current_password,
    } = match body_or_problem(body) {
        Ok(body) => body,
        Err(res) => return Ok(*res),
    };
    let mut errors = Vec::new();
    let new_email = field(&mut errors, "new_email", Email::parse(&new_email));
    if current_password.is_empty() || current_password.chars().count() > Password::MAX_LEN {
        errors.push(FieldError {
            field: "current_password".to_owned(),
            message: "is required (at most 128 characters)".to_owned(),
        });
    }
    let (Some(new_email), true) = (new_email, errors.is_empty()) else {
        return Err(AuthError::Validation(errors).into());
    };
    let (user, holder) = {
        let mut conn = state.conn().await?;
        let user = queries::find_user(&mut conn, caller.id)
            .await
            .map_err(AuthError::from)?
            .ok_or(AuthError::UserNotFound)?;
        let holder = queries::find_user_by_email(&mut conn, new_email.as_str())
            .await
            .map_err(AuthError::from)?;
        (user, holder)
    };
    let Some(hash) = user.password_hash.as_deref() else {
        return Err(AuthError::NoPassword.into());
    };
    let attempt = state.throttle.password_check(user.id).await?;
    if !state
        .passwords
        .verify(&current_password, Some(hash))
        .await?
    {
        return Err(AuthError::WrongPassword.into());
    }
    state.throttle.succeeded(attempt).await?;
    match holder {
        Some(holder) if holder.id != user.id => return Err(AuthError::EmailTaken.into()),
        Some(_) if user.email_verified_at.is_some() => {
            return Err(AuthError::field("new_email", "is already your verified email").into());
        }
        _ => {}
    }
    state.mail.enqueue(MailJob::VerifyEmail {
        user_id: user.id,
        email: new_email.as_str().to_owned(),
    });
    tracing::info!("email change requested");
    Ok(HttpResponse::Accepted().json(EmailPendingResponse {
        message: "Open the link sent to the new address to finish the change",
        pending_email: new_email.as_str().to_owned(),
    }))
}

/// Sends the verification link for the caller's current, unverified email again.
#[utoipa::path(post, path = "/api/auth/verify-email/resend", tag = "email",
    responses(
        (status = 202, body = EmailPendingResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`email_already_verified` or `no_email`"),
    ))]
#[post("/api/auth/verify-email/resend")]
#[tracing::instrument(name = "resend_verification", skip_all, fields(user.id = %caller.id))]
pub async fn resend_verification(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, Problem> {
    let mut conn = state.conn().await?;
    let user = queries::find_user(&mut conn, caller.id)
        .await
        .map_err(AuthError::from)?
        .ok_or(AuthError::UserNotFound)?;
    let Some(email) = user.email else {
        return Err(AuthError::NoEmail.into());
    };
    if user.email_verified_at.is_some() {
        return Err(AuthError::EmailAlreadyVerified.into());
    }
    state.mail.enqueue(MailJob::VerifyEmail {
        user_id: user.id,
        email: email.clone(),
    });
    Ok(HttpResponse::Accepted().json(EmailPendingResponse {
        message: "Open the link sent to your address to verify it",
        pending_email: email,
    }))
}
