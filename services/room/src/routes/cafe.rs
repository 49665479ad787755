//! `/api/v1/rooms/`: the cafe seed's room list and creation, with the integer `id` its client
//! names rooms by (an alias of the room's code; our own `/api/rooms` keeps codes). Cafe rooms
//! are `space` rooms.

use actix_web::{get, post, web};
use chrono::{DateTime, Utc};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::rooms::{self, Entry, NewRoomSpec};
use crate::app::views::RoomView;
use crate::db::queries;
use crate::domain::RoomKind;
use crate::error::RoomError;
use crate::routes::MAX_LIMIT;
use crate::state::AppState;

/// A cafe room as the seed's client reads it (`id`, `name`), plus its code and occupancy.
#[derive(Debug, Serialize, ToSchema)]
pub struct CafeRoomResponse {
    /// The integer the cafe client names the room by (`join_room {room_id}`).
    pub id: i64,
    /// The join code our own API and the other dialects use.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Hidden from other players' lists.
    pub is_private: bool,
    /// The host.
    pub owner_id: Uuid,
    /// Members now.
    pub player_count: usize,
    /// Capacity.
    pub max_players: i32,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<&RoomView> for CafeRoomResponse {
    fn from(v: &RoomView) -> Self {
        CafeRoomResponse {
            id: v.room.alias_id,
            code: v.room.code.clone(),
            name: v.room.name.clone(),
            is_private: v.room.is_private,
            owner_id: v.room.host_id,
            player_count: v.members.len(),
            max_players: v.room.max_players,
            created_at: v.room.created_at,
        }
    }
}

/// `?skip=&limit=&public_only=` (the seed's paging).
#[derive(Debug, Deserialize, IntoParams)]
pub struct CafeListQuery {
    /// Rooms to skip (default 0).
    pub skip: Option<i64>,
    /// 1..=100 (default 100, as the seed).
    pub limit: Option<i64>,
    /// Only public rooms (default true); `false` adds the caller's own private rooms.
    pub public_only: Option<bool>,
}

/// Cafe (space) rooms, oldest first: public ones, and with `public_only=false` the caller's own
/// private ones too (another player's private room is never listed).
#[utoipa::path(get, path = "/api/v1/rooms/", tag = "cafe", params(CafeListQuery),
    responses((status = 200, body = Vec<CafeRoomResponse>),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/v1/rooms/")]
#[tracing::instrument(name = "list_cafe_rooms", skip_all, fields(user.id = %user.id))]
pub async fn list_cafe_rooms(
    state: web::Data<AppState>,
    user: AuthUser,
    q: web::Query<CafeListQuery>,
) -> Result<web::Json<Vec<CafeRoomResponse>>, Problem> {
    let limit = q.limit.unwrap_or(MAX_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(RoomError::field("limit", "must be 1..=100").into());
    }
    let skip = q.skip.unwrap_or(0);
    if skip < 0 {
        return Err(RoomError::field("skip", "must not be negative").into());
    }
    let mut conn = state.conn().await?;
    let rooms = queries::list_space_rooms(
        &mut conn,
        user.id,
        q.public_only.unwrap_or(true),
        limit,
        skip,
    )
    .await
    .map_err(RoomError::from)?;
    let ids: Vec<_> = rooms.iter().map(|r| r.id).collect();
    let members = queries::members_of_rooms(&mut conn, &ids)
        .await
        .map_err(RoomError::from)?;
    Ok(web::Json(
        rooms
            .into_iter()
            .map(|room| {
                let members = members
                    .iter()
                    .filter(|m| m.room_id == room.id)
                    .cloned()
                    .collect();
                CafeRoomResponse::from(&RoomView { room, members })
            })
            .collect(),
    ))
}

/// `POST /api/v1/rooms/` body (the seed's `RoomCreate`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateCafeRoomRequest {
    /// Display name, 1..=30 characters.
    pub name: String,
    /// Hidden from other players' lists.
    #[serde(default)]
    pub is_private: bool,
}

/// Creates a cafe (space) room with the caller as host and first member; the answer's `id` is
/// the integer to join it by.
#[utoipa::path(post, path = "/api/v1/rooms/", tag = "cafe", request_body = CreateCafeRoomRequest,
    responses((status = 200, body = CafeRoomResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/v1/rooms/")]
#[tracing::instrument(name = "create_cafe_room", skip_all, fields(user.id = %user.id))]
pub async fn create_cafe_room(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<CreateCafeRoomRequest>,
) -> Result<web::Json<CafeRoomResponse>, Problem> {
    let body = body.into_inner();
    let spec = NewRoomSpec {
        kind: RoomKind::Space,
        name: Some(body.name),
        max_players: None,
        total_rounds: None,
        is_private: body.is_private,
    };
    let joined = rooms::create(&state, user.id, spec, Entry::default()).await?;
    Ok(web::Json(CafeRoomResponse::from(&joined.view)))
}

/// One cafe room by its integer id; 404 `room_not_found` for an unknown id or another
/// player's private room.
#[utoipa::path(get, path = "/api/v1/rooms/{room_id}", tag = "cafe",
    params(("room_id" = i64, Path, description = "the room's integer id")),
    responses((status = 200, body = CafeRoomResponse),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/v1/rooms/{room_id}")]
pub async fn get_cafe_room(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<CafeRoomResponse>, Problem> {
    let alias: i64 = path.parse().map_err(|_| RoomError::RoomNotFound)?;
    let mut conn = state.conn().await?;
    let room = queries::find_room_by_alias(&mut conn, alias)
        .await
        .map_err(RoomError::from)?
        .filter(|r| r.kind == RoomKind::Space.as_str())
        .filter(|r| !r.is_private || r.host_id == user.id)
        .ok_or(RoomError::RoomNotFound)?;
    let members = queries::members(&mut conn, room.id)
        .await
        .map_err(RoomError::from)?;
    Ok(web::Json(CafeRoomResponse::from(&RoomView {
        room,
        members,
    })))
}
