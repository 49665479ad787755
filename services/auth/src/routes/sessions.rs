//! The caller's sessions: list them, end one, end them all (logout everywhere).

use actix_web::{HttpResponse, delete, get, web};
use chrono::{DateTime, Utc};
use common::Problem;
use common::error::ProblemBody;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::removal_cookies;
use crate::db::queries;
use crate::domain::device;
use crate::error::AuthError;
use crate::state::{AppState, Caller};

/// One active session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    /// Session id (the `sid` claim of its access tokens).
    pub id: Uuid,
    /// A label for the device, from its `User-Agent` ("Firefox on Windows").
    pub device: String,
    /// The `User-Agent` of the login.
    pub user_agent: Option<String>,
    /// The client address of the login.
    pub ip: Option<String>,
    /// Login time.
    pub created_at: DateTime<Utc>,
    /// Last login or token refresh.
    pub last_used_at: DateTime<Utc>,
    /// The session of the token that asked.
    pub current: bool,
}

/// The caller's active sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionsResponse {
    /// Most recently used first (at most 200).
    pub sessions: Vec<SessionResponse>,
}

/// Lists the caller's active sessions (not revoked, with a refresh token still valid), with
/// device, address, login time and last use; `current` marks the one asking.
#[utoipa::path(get, path = "/api/auth/sessions", tag = "sessions",
    responses(
        (status = 200, body = SessionsResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/api/auth/sessions")]
#[tracing::instrument(name = "list_sessions", skip_all, fields(user.id = %caller.id))]
pub async fn list_sessions(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<SessionsResponse>, Problem> {
    let mut conn = state.conn().await?;
    let sessions = queries::active_sessions(&mut conn, caller.id)
        .await
        .map_err(AuthError::from)?;
    Ok(web::Json(SessionsResponse {
        sessions: sessions
            .into_iter()
            .map(|s| SessionResponse {
                device: device::label(s.user_agent.as_deref()),
                current: s.id == caller.session_id,
                id: s.id,
                user_agent: s.user_agent,
                ip: s.ip,
                created_at: s.created_at,
                last_used_at: s.last_used_at,
            })
            .collect(),
    }))
}

/// Ends one of the caller's sessions: its access tokens are refused everywhere at once and its
/// refresh token stops working. Another user's session answers 404, like an unknown one.
#[utoipa::path(delete, path = "/api/auth/sessions/{id}", tag = "sessions",
    params(("id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Ended (cookies cleared when it was the current one)"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`session_not_found`"),
    ))]
#[delete("/api/auth/sessions/{id}")]
#[tracing::instrument(name = "delete_session", skip_all, fields(user.id = %caller.id, session.id = %id))]
pub async fn delete_session(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, Problem> {
    let id = id.into_inner();
    let mut conn = state.conn().await?;
    let session = queries::find_session(&mut conn, id)
        .await
        .map_err(AuthError::from)?
        .filter(|s| s.user_id == caller.id && s.revoked_at.is_none())
        .ok_or(AuthError::SessionNotFound)?;
    // The database first: if Redis then fails, a retry still finds the session to revoke.
    queries::revoke_session(&mut conn, session.id, "ended_by_user")
        .await
        .map_err(AuthError::from)?;
    state
        .revocations
        .revoke(session.id)
        .await
        .map_err(AuthError::redis)?;
    tracing::info!("session ended by its user");
    Ok(ended(&state, session.id == caller.session_id))
}

/// Logs out everywhere: ends every session of the caller, the current one included.
#[utoipa::path(delete, path = "/api/auth/sessions", tag = "sessions",
    responses(
        (status = 204, description = "Every session ended; cookies cleared"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[delete("/api/auth/sessions")]
#[tracing::instrument(name = "delete_all_sessions", skip_all, fields(user.id = %caller.id))]
pub async fn delete_all_sessions(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<HttpResponse, Problem> {
    let mut conn = state.conn().await?;
    let revoked = queries::revoke_user_sessions(&mut conn, caller.id, None, "logout_everywhere")
        .await
        .map_err(AuthError::from)?;
    state
        .revoke_in_redis(&revoked)
        .await
        .map_err(AuthError::redis)?;
    tracing::info!(count = revoked.len(), "logged out everywhere");
    Ok(ended(&state, true))
}

fn ended(state: &AppState, current: bool) -> HttpResponse {
    let mut res = HttpResponse::NoContent();
    if current {
        for cookie in removal_cookies(state.settings.cookie_secure) {
            res.cookie(cookie);
        }
    }
    res.finish()
}
