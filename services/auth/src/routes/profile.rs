//! The caller's profile and public profiles.

use actix_web::{HttpResponse, get, patch, web};
use chrono::Utc;
use common::Problem;
use common::error::ProblemBody;
use contracts::auth::PublicUser;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{LenientJson, UserResponse, body_or_problem, field};
use crate::db::models::ProfileChange;
use crate::db::queries;
use crate::domain::{AvatarUrl, Username};
use crate::error::AuthError;
use crate::state::{AppState, Caller};

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
    body: LenientJson<UpdateMeRequest>,
) -> Result<HttpResponse, Problem> {
    let UpdateMeRequest {
        username,
        avatar_url,
    } = match body_or_problem(body) {
        Ok(body) => body,
        Err(res) => return Ok(*res),
    };
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
    Ok(HttpResponse::Ok().json(UserResponse::from(&user)))
}

/// A user's public profile.
#[utoipa::path(get, path = "/api/users/{id}", tag = "auth", params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, body = PublicUser),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_path_parameter`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`user_not_found`"),
    ))]
#[get("/api/users/{id}")]
#[tracing::instrument(name = "get_user", skip_all)]
pub async fn get_user(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<web::Json<PublicUser>, Problem> {
    let mut conn = state.conn().await?;
    let user = queries::find_user(&mut conn, id.into_inner())
        .await
        .map_err(AuthError::from)?
        .ok_or(AuthError::UserNotFound)?;
    Ok(web::Json(PublicUser {
        id: user.id,
        username: user.username,
        avatar_url: user.avatar_url,
        role: user.role,
        is_guest: user.is_guest,
        created_at: Some(user.created_at),
    }))
}
