//! Token endpoints: refresh (rotation), logout, and access-token verification.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use common::Problem;
use common::auth::TokenError;
use common::error::ProblemBody;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{AuthResponse, refresh_token_of, removal_cookies, token_response};
use crate::db::queries;
use crate::error::AuthError;
use crate::sessions::{self, Refreshed};
use crate::state::AppState;

/// Longest string accepted as an access token to verify.
const TOKEN_MAX_LEN: usize = 4096;

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
/// cookie) when the access token has expired. Answers `{message}` (the web-game seed's).
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", request_body(content = Option<RefreshRequest>, description = "Optional: the refresh token, when no valid access token is sent"),
    responses(
        (status = 200, body = LogoutResponse, description = "Logged out; cookies cleared"),
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
        .map_err(AuthError::redis)?;
    let mut res = HttpResponse::Ok();
    for cookie in removal_cookies(state.settings.cookie_secure) {
        res.cookie(cookie);
    }
    // A body, not 204: the web-game seed's client parses every answer as JSON.
    Ok(res.json(LogoutResponse {
        message: "Successfully logged out",
    }))
}

/// `POST /api/auth/logout` answer (the web-game seed's).
#[derive(Debug, Serialize, ToSchema)]
pub struct LogoutResponse {
    /// `Successfully logged out`.
    pub message: &'static str,
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
