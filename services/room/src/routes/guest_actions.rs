//! `POST /internal/guest-actions`: the actions of a guest, a token-less JumpJumpJump
//! connection the gateway gave a random id for that connection. Guests play co-op rooms only:
//! they create co-op rooms, join co-op rooms, and play in them; anything else (voting, the
//! cafe's space, any other kind of room) is refused with 403 `guest_not_allowed`. A guest that
//! reconnects comes back with a new id and takes its seat back with the seat's reconnect token.

use actix_web::{post, web};
use common::Problem;
use common::auth::InternalCaller;
use common::error::ProblemBody;
use contracts::events::ActionRequest;
use contracts::room::actions::RoomAction;
use serde_json::Value;
use uuid::Uuid;

use super::actions::dispatch;
use crate::app::coop;
use crate::domain::{RoomCode, RoomKind};
use crate::error::RoomError;
use crate::routes::code;
use crate::state::AppState;

/// Only the gateway speaks for guests.
const GUEST_ASSERTING_SERVICE: &str = "gateway";

/// Runs one action for the acting guest (`x-user-id`, a per-connection id).
#[utoipa::path(post, path = "/internal/guest-actions", tag = "internal", request_body = ActionRequest,
    responses((status = 200, description = "the reply's data; a reconnect's names the seat's `player_id` the connection now plays as"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`guest_not_allowed`")))]
#[post("/internal/guest-actions")]
#[tracing::instrument(name = "room_guest_action", skip_all, fields(action = %body.kind))]
pub async fn run_guest_action(
    state: web::Data<AppState>,
    caller: InternalCaller,
    body: web::Json<ActionRequest>,
) -> Result<web::Json<Value>, Problem> {
    if caller.service != GUEST_ASSERTING_SERVICE {
        return Err(RoomError::GuestNotAllowed.into());
    }
    let guest = caller.player()?;
    let ActionRequest { kind, data } = body.into_inner();
    Ok(web::Json(
        dispatch_guest(&state, guest, &kind, &data).await?,
    ))
}

fn room_of(data: &Value) -> Result<RoomCode, RoomError> {
    code(
        data.get("room_id")
            .and_then(Value::as_str)
            .unwrap_or_default(),
    )
}

/// 403 unless the room named by `data` is a co-op room.
async fn require_coop(state: &AppState, room: &RoomCode) -> Result<(), RoomError> {
    let mut conn = state.conn().await?;
    let view = crate::app::base::load(&mut conn, room).await?;
    if view.room.kind != RoomKind::Coop.as_str() {
        return Err(RoomError::GuestNotAllowed);
    }
    Ok(())
}

async fn dispatch_guest(
    state: &AppState,
    guest: Uuid,
    kind: &str,
    data: &Value,
) -> Result<Value, RoomError> {
    let Some(action) = RoomAction::parse(kind) else {
        return Err(RoomError::UnknownAction);
    };
    if data.get("room_code").is_some() {
        // The voting seed's join/leave/start shape.
        return Err(RoomError::GuestNotAllowed);
    }
    match action {
        RoomAction::CreateRoom => {
            if data
                .get("kind")
                .is_some_and(|k| k.as_str() != Some(RoomKind::Coop.as_str()))
            {
                return Err(RoomError::GuestNotAllowed);
            }
        }
        RoomAction::JoinRoom | RoomAction::StartGame => {
            require_coop(state, &room_of(data)?).await?;
        }
        RoomAction::Reconnect => return reconnect(state, data).await,
        RoomAction::LeaveRoom
        | RoomAction::Disconnect
        | RoomAction::PlayerReady
        | RoomAction::Chat
        | RoomAction::CollectItem
        | RoomAction::EnemySpawn
        | RoomAction::EnemyKilled
        | RoomAction::CoinSpawn
        | RoomAction::PowerupSpawn
        | RoomAction::SyncEntities
        | RoomAction::GameAction
        | RoomAction::TimeSync => {}
        _ => return Err(RoomError::GuestNotAllowed),
    }
    // Past the checks a guest acts as any member: membership is checked by each action, and
    // a guest can only have become a member of a co-op room.
    let mut data = data.clone();
    if let Some(obj) = data.as_object_mut()
        && action == RoomAction::CreateRoom
    {
        obj.insert("kind".to_owned(), Value::from(RoomKind::Coop.as_str()));
        obj.remove("is_private");
    }
    dispatch(state, guest, kind, &data).await
}

/// A guest's reconnect: its connection id is new, so the seat is named by the `player_id` it
/// had and proven by that seat's reconnect token (checked in constant time, within the
/// window, by the room's own reconnect).
async fn reconnect(state: &AppState, data: &Value) -> Result<Value, RoomError> {
    let seat: Uuid = data
        .get("player_id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or(RoomError::ReconnectFailed)?;
    let room = room_of(data).map_err(|_| RoomError::ReconnectFailed)?;
    require_coop(state, &room)
        .await
        .map_err(|_| RoomError::ReconnectFailed)?;
    let token = data
        .get("token")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut reply = coop::reconnect(state, seat, &room, token).await?;
    if let Some(obj) = reply.as_object_mut() {
        obj.insert("player_id".to_owned(), Value::from(seat.to_string()));
    }
    Ok(reply)
}
