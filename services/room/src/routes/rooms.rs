//! Rooms: list, create, join by code, get, leave.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use common::Problem;
use common::auth::{AuthUser, token_from_request};
use common::error::ProblemBody;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::app::lifecycle::{self, Departure};
use crate::app::rooms::{self, Entry, NewRoomSpec};
use crate::app::views::{RoomResponse, RoomView};
use crate::db::queries;
use crate::domain::{DisplayName, RoomKind};
use crate::error::RoomError;
use crate::routes::{code, limit};
use crate::state::AppState;

/// `?kind=&limit=&offset=`
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only rooms of this kind.
    pub kind: Option<RoomKind>,
    /// 1..=100, default 50.
    pub limit: Option<i64>,
    /// Rooms to skip.
    pub offset: Option<i64>,
}

async fn list(state: &AppState, open: bool, q: &ListQuery) -> Result<Vec<RoomResponse>, RoomError> {
    let limit = limit(q.limit)?;
    let offset = q.offset.unwrap_or(0);
    if offset < 0 {
        return Err(RoomError::field("offset", "must not be negative"));
    }
    let mut conn = state.conn().await?;
    let rooms =
        queries::list_rooms(&mut conn, open, q.kind.map(RoomKind::as_str), limit, offset).await?;
    let ids: Vec<_> = rooms.iter().map(|r| r.id).collect();
    let members = queries::members_of_rooms(&mut conn, &ids).await?;
    Ok(rooms
        .into_iter()
        .map(|room| {
            let members = members
                .iter()
                .filter(|m| m.room_id == room.id)
                .cloned()
                .collect();
            RoomView { room, members }
        })
        // The open list hides full rooms (JumpJumpJump `/api/rooms`).
        .filter(|v| !open || v.members.len() < usize::try_from(v.room.max_players).unwrap_or(0))
        .map(|v| v.response())
        .collect())
}

/// Open rooms: public, waiting and not full, newest first. Without `kind`, a caller without
/// an access token (the JumpJumpJump lobby, which sends no credentials, or only a deployment
/// key) sees co-op rooms only; a signed-in caller sees every kind. `kind` always wins.
#[utoipa::path(get, path = "/api/rooms", tag = "rooms", params(ListQuery),
    responses((status = 200, body = Vec<RoomResponse>),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/rooms")]
pub async fn list_open_rooms(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<web::Json<Vec<RoomResponse>>, Problem> {
    let mut q = q.into_inner();
    if q.kind.is_none() && token_from_request(&req).is_none() {
        q.kind = Some(RoomKind::Coop);
    }
    Ok(web::Json(list(&state, true, &q).await?))
}

/// Every room, newest first.
#[utoipa::path(get, path = "/api/rooms/all", tag = "rooms", params(ListQuery),
    responses((status = 200, body = Vec<RoomResponse>),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/rooms/all")]
pub async fn list_all_rooms(
    state: web::Data<AppState>,
    q: web::Query<ListQuery>,
) -> Result<web::Json<Vec<RoomResponse>>, Problem> {
    Ok(web::Json(list(&state, false, &q).await?))
}

/// `POST /api/rooms`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoomRequest {
    /// `voting` (default), `space` or `coop`.
    pub kind: Option<RoomKind>,
    /// Display name, 1..=30 characters (default `Game Room`).
    pub name: Option<String>,
    /// Capacity: voting 2..=20 (default 8), space 1..=100 (default 50), co-op 2..=50 (default 2).
    pub max_players: Option<i32>,
    /// Voting rounds 1..=10 (default 5).
    pub total_rounds: Option<i32>,
    /// Hidden from `GET /api/rooms`.
    #[serde(default)]
    pub is_private: bool,
    /// The name to show for the host (default: the auth username).
    pub player_name: Option<String>,
    /// Space: where the host appears.
    pub x: Option<i64>,
    /// Space: where the host appears.
    pub y: Option<i64>,
    /// Voting: answer window in seconds, 1..=600 (default `ROOM_GAME_ANSWER_SECS`, 60).
    #[serde(alias = "answer_time_limit")]
    pub answer_seconds: Option<i32>,
    /// Voting: vote window in seconds, 1..=600 (default `ROOM_GAME_VOTE_SECS`, 45).
    #[serde(alias = "vote_time_limit")]
    pub vote_seconds: Option<i32>,
}

fn entry(
    state: &AppState,
    player_name: Option<&str>,
    x: Option<i64>,
    y: Option<i64>,
) -> Result<Entry, RoomError> {
    let name = player_name
        .map(|n| {
            DisplayName::parse(n)
                .ok_or_else(|| RoomError::field("player_name", "must be 1..=30 characters"))
        })
        .transpose()?;
    let position = match (x, y) {
        (None, None) => None,
        (x, y) => {
            let (x, y) = (x.unwrap_or(0), y.unwrap_or(0));
            if !state.settings.bounds.contains(x, y) {
                return Err(RoomError::field("x", "position is outside the room"));
            }
            Some((i32::try_from(x).unwrap_or(0), i32::try_from(y).unwrap_or(0)))
        }
    };
    Ok(Entry { name, position })
}

/// Creates a room with the caller as host and first member; the answer carries the caller's
/// `reconnect_token`.
#[utoipa::path(post, path = "/api/rooms", tag = "rooms", request_body = CreateRoomRequest,
    responses((status = 201, body = RoomResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/rooms")]
#[tracing::instrument(name = "create_room", skip_all, fields(user.id = %user.id))]
pub async fn create_room(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<CreateRoomRequest>,
) -> Result<HttpResponse, Problem> {
    let body = body.into_inner();
    let entry = entry(&state, body.player_name.as_deref(), body.x, body.y)?;
    let spec = NewRoomSpec {
        kind: body.kind.unwrap_or(RoomKind::Voting),
        name: body.name,
        max_players: body.max_players,
        total_rounds: body.total_rounds,
        is_private: body.is_private,
    };
    let timing =
        crate::app::game::Timing::requested(&state, body.answer_seconds, body.vote_seconds)?;
    let joined = rooms::create(&state, user.id, spec, entry).await?;
    if joined.view.kind() == RoomKind::Voting {
        crate::app::game::machine::configure(&state, joined.view.room.id, timing).await?;
    }
    let mut response = joined.view.response();
    response.reconnect_token = Some(joined.member.reconnect_token);
    Ok(HttpResponse::Created().json(response))
}

/// `POST /api/rooms/join`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinRoomRequest {
    /// The join code (case-insensitive).
    pub code: String,
    /// The name to show (default: the auth username).
    pub player_name: Option<String>,
    /// Space: where the player appears.
    pub x: Option<i64>,
    /// Space: where the player appears.
    pub y: Option<i64>,
}

/// Joins a room by code (a member joining again gets the room unchanged).
#[utoipa::path(post, path = "/api/rooms/join", tag = "rooms", request_body = JoinRoomRequest,
    responses((status = 200, body = RoomResponse),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`room_full` or `room_closed`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/rooms/join")]
#[tracing::instrument(name = "join_room", skip_all, fields(user.id = %user.id))]
pub async fn join_room(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<JoinRoomRequest>,
) -> Result<web::Json<RoomResponse>, Problem> {
    let code = code(&body.code)?;
    let entry = entry(&state, body.player_name.as_deref(), body.x, body.y)?;
    let joined = rooms::join(&state, user.id, &code, entry).await?;
    let mut response = joined.view.response();
    response.reconnect_token = Some(joined.member.reconnect_token);
    Ok(web::Json(response))
}

/// A room with its players.
#[utoipa::path(get, path = "/api/rooms/{code}", tag = "rooms",
    params(("code" = String, Path, description = "join code")),
    responses((status = 200, body = RoomResponse),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/rooms/{code}")]
pub async fn get_room(
    state: web::Data<AppState>,
    _user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<RoomResponse>, Problem> {
    let code = code(&path)?;
    let mut conn = state.conn().await.map_err(Problem::from)?;
    Ok(web::Json(
        crate::app::base::load(&mut conn, &code).await?.response(),
    ))
}

/// Leaves a room; the host role passes to the next player, and an empty room is removed after
/// the grace period.
#[utoipa::path(delete, path = "/api/rooms/{code}/leave", tag = "rooms",
    params(("code" = String, Path, description = "join code")),
    responses((status = 200, description = "`{\"message\":\"Left room successfully\"}`"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[delete("/api/rooms/{code}/leave")]
#[tracing::instrument(name = "leave_room", skip_all, fields(user.id = %user.id))]
pub async fn leave_room(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    let code = code(&path)?;
    lifecycle::leave(&state, user.id, &code, Departure::Leave).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "message": "Left room successfully" })))
}
