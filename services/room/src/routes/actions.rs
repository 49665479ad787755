//! `POST /internal/actions`: WebSocket actions the gateway forwards for a player (native
//! `action` frames and the seed dialects). Each names its room with `room_id` (the code);
//! the reply's `self` lists messages meant only for the acting player.

use actix_web::{post, web};
use common::Problem;
use common::auth::InternalCaller;
use common::error::ProblemBody;
use contracts::events::ActionRequest;
use contracts::room::actions::RoomAction;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::chat;
use crate::app::game::actions as voting;
use crate::app::lifecycle::{self, Departure};
use crate::app::rooms::{self, Entry, Joined, NewRoomSpec};
use crate::app::{coop, space};
use crate::domain::space::ToolAction;
use crate::domain::{DisplayName, RoomCode, RoomKind};
use crate::error::RoomError;
use crate::routes::code;
use crate::state::AppState;

/// Runs one action for the acting player (`x-user-id`).
#[utoipa::path(post, path = "/internal/actions", tag = "internal", request_body = ActionRequest,
    responses((status = 200, description = "the reply's data"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/internal/actions")]
#[tracing::instrument(name = "room_action", skip_all, fields(action = %body.kind))]
pub async fn run_action(
    state: web::Data<AppState>,
    caller: InternalCaller,
    body: web::Json<ActionRequest>,
) -> Result<web::Json<Value>, Problem> {
    let user = caller.player()?;
    let ActionRequest { kind, mut data } = body.into_inner();
    resolve_alias(&state, user, &mut data).await?;
    Ok(web::Json(dispatch(&state, user, &kind, &data).await?))
}

/// Replaces a `room_id` given as the cafe's integer alias with the room's code, so every
/// action (whichever dialect sent it) sees a code.
async fn resolve_alias(state: &AppState, user: Uuid, data: &mut Value) -> Result<(), RoomError> {
    let Some(raw) = data.get_mut("room_id") else {
        return Ok(());
    };
    if let Some(alias) = crate::app::base::alias_in(raw)? {
        *raw = Value::String(
            crate::app::base::code_of_alias(state, user, alias)
                .await?
                .as_str()
                .to_owned(),
        );
    }
    Ok(())
}

fn room_code(data: &Value) -> Result<RoomCode, RoomError> {
    let raw = data
        .get("room_id")
        .or_else(|| data.get("code"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    code(raw)
}

fn optional_code(data: &Value) -> Option<RoomCode> {
    data.get("room_id")
        .and_then(Value::as_str)
        .and_then(RoomCode::parse)
}

fn int(data: &Value, field: &str) -> Result<Option<i64>, RoomError> {
    match data.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .or_else(|| {
                v.as_f64()
                    .filter(|f| f.is_finite() && f.fract() == 0.0)
                    .map(|f| f as i64)
            })
            .map(Some)
            .ok_or_else(|| RoomError::field(field, "must be an integer")),
    }
}

fn uuid(data: &Value, field: &str) -> Result<Uuid, RoomError> {
    data.get(field)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| RoomError::field(field, "must be a UUID"))
}

fn entry(state: &AppState, data: &Value) -> Result<Entry, RoomError> {
    let name = match data.get("player_name").or_else(|| data.get("username")) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(
            DisplayName::parse(s)
                .ok_or_else(|| RoomError::field("player_name", "must be 1..=30 characters"))?,
        ),
        Some(_) => return Err(RoomError::field("player_name", "must be a string")),
    };
    let position = match (int(data, "x")?, int(data, "y")?) {
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

fn joined_reply(joined: Joined) -> Value {
    let mut room = joined.view.response();
    room.reconnect_token = Some(joined.member.reconnect_token.clone());
    json!({
        "self": [],
        "room_id": joined.view.room.code,
        "player_id": joined.member.user_id,
        "player_name": joined.member.display_name,
        "player_number": joined.member.player_number,
        "room_info": joined.view.info(),
        "room": room,
        "reconnect_token": joined.member.reconnect_token,
        "newly_joined": joined.newly,
        "event_id": joined.event_id,
    })
}

async fn dispatch(
    state: &AppState,
    user: Uuid,
    kind: &str,
    data: &Value,
) -> Result<Value, RoomError> {
    let action = RoomAction::parse(kind);
    if let Some(action) = action.filter(|a| a.is_voting()) {
        return voting::run(state, user, action, data).await;
    }
    if !data.is_object() && !data.is_null() {
        return Err(RoomError::field("data", "must be an object"));
    }
    let Some(action) = action else {
        return Err(RoomError::UnknownAction);
    };
    // The voting seed's join and leave name the room `room_code` and answer with its ack;
    // without a valid one the room's own join and leave answer (the other dialects).
    let seed_code = data.get("room_code").and_then(|_| voting::code_of(data));
    match action {
        RoomAction::CreateRoom => {
            let room_kind = match data.get("kind").and_then(Value::as_str) {
                Some(k) => k
                    .parse()
                    .map_err(|()| RoomError::field("kind", "must be voting, space or coop"))?,
                None => RoomKind::Coop,
            };
            let name = data
                .get("room_name")
                .or_else(|| data.get("name"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let max_players = int(data, "max_players")?.map(|n| i32::try_from(n).unwrap_or(0));
            let spec = NewRoomSpec {
                kind: room_kind,
                name,
                max_players,
                total_rounds: int(data, "total_rounds")?.map(|n| i32::try_from(n).unwrap_or(0)),
                is_private: data
                    .get("is_private")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            };
            let timing = crate::app::game::actions::requested_timing(state, data)?;
            let joined = rooms::create(state, user, spec, entry(state, data)?).await?;
            crate::app::game::actions::configure_created(state, &joined.view, timing).await?;
            Ok(joined_reply(joined))
        }
        RoomAction::JoinRoom => {
            if let Some(code) = &seed_code {
                return voting::join(state, user, code).await;
            }
            let code = room_code(data)?;
            // A seed dialect joins only its own kind of room (`kind` given), so a JumpJumpJump
            // client cannot wander into a voting room through `/ws/room`.
            if let Some(kind) = data.get("kind").and_then(Value::as_str) {
                let mut conn = state.conn().await?;
                if crate::app::base::load(&mut conn, &code).await?.room.kind != kind {
                    return Err(RoomError::WrongKind);
                }
            }
            Ok(joined_reply(
                rooms::join(state, user, &code, entry(state, data)?).await?,
            ))
        }
        RoomAction::LeaveRoom => {
            if let Some(code) = &seed_code {
                return voting::leave(state, user, code).await;
            }
            lifecycle::leave(state, user, &room_code(data)?, Departure::Leave).await?;
            Ok(json!({ "self": [{ "type": "room_left" }] }))
        }
        RoomAction::Disconnect => {
            let kept =
                lifecycle::leave(state, user, &room_code(data)?, Departure::Disconnect).await?;
            Ok(json!({ "self": [], "kept": kept.is_some() }))
        }
        RoomAction::Reconnect => {
            let token = data
                .get("token")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let code = room_code(data).map_err(|_| RoomError::ReconnectFailed)?;
            let claimed = data.get("player_id").and_then(Value::as_str);
            if claimed.is_some_and(|p| p != user.to_string()) {
                return Err(RoomError::ReconnectFailed);
            }
            coop::reconnect(state, user, &code, token).await
        }
        RoomAction::PlayerReady => {
            let ready = data.get("is_ready").and_then(Value::as_bool);
            lifecycle::set_ready(state, user, &room_code(data)?, ready).await?;
            Ok(coop::private(Vec::new()))
        }
        RoomAction::StartGame => match voting::code_of(data) {
            // One lookup decides whose game it is.
            Some(code) if voting::is_voting_room(state, &code).await? => {
                voting::start(state, user, &code).await
            }
            _ => coop::start_game(state, user, &room_code(data)?).await,
        },
        RoomAction::Chat => {
            let message = data
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let line = chat::chat(state, user, &room_code(data)?, message).await?;
            Ok(json!({ "self": [], "message": chat::chat_json(&line) }))
        }
        RoomAction::CollectItem => coop::collect_item(state, user, &room_code(data)?, data).await,
        RoomAction::EnemySpawn => coop::enemy_spawn(state, user, &room_code(data)?, data).await,
        RoomAction::EnemyKilled => coop::enemy_killed(state, user, &room_code(data)?, data).await,
        RoomAction::CoinSpawn => coop::coin_spawn(state, user, &room_code(data)?, data).await,
        RoomAction::PowerupSpawn => coop::powerup_spawn(state, user, &room_code(data)?, data).await,
        RoomAction::SyncEntities => coop::sync_entities(state, user, &room_code(data)?, data).await,
        RoomAction::GameAction => coop::game_action(state, user, &room_code(data)?, data).await,
        RoomAction::TimeSync => {
            coop::time_sync(state, user, optional_code(data).as_ref(), data).await
        }
        RoomAction::GetRoomState => Ok(
            json!({ "self": [], "room_state": space::room_state(state, user, &room_code(data)?).await? }),
        ),
        RoomAction::PlaceObject => {
            let key = match data.get("idempotency_key").and_then(Value::as_str) {
                Some(k) => k.to_owned(),
                None => Uuid::new_v4().to_string(),
            };
            let rotation = data.get("rotation").and_then(Value::as_f64).unwrap_or(0.0);
            let x = int(data, "x")?.ok_or_else(|| RoomError::field("x", "is required"))?;
            let y = int(data, "y")?.ok_or_else(|| RoomError::field("y", "is required"))?;
            let (object, _) = crate::app::placement::place_object(
                state,
                user,
                &room_code(data)?,
                uuid(data, "inventory_item_id")?,
                x,
                y,
                rotation,
                &key,
            )
            .await?;
            Ok(json!({ "self": [], "status": "ok", "object_id": object.id, "object": object }))
        }
        RoomAction::MoveObject => {
            let rotation = data.get("rotation").and_then(Value::as_f64);
            let object = space::move_object(
                state,
                user,
                &room_code(data)?,
                uuid(data, "object_id")?,
                int(data, "x")?,
                int(data, "y")?,
                rotation,
            )
            .await?;
            Ok(json!({ "self": [], "object": object }))
        }
        RoomAction::PickupObject => {
            space::pickup_object(state, user, &room_code(data)?, uuid(data, "object_id")?).await
        }
        RoomAction::UseTool => {
            let action = match data.get("action").and_then(Value::as_str) {
                Some("destroy") => ToolAction::Destroy,
                Some("move") => ToolAction::Move,
                _ => return Err(RoomError::field("action", "must be destroy or move")),
            };
            let to = match (int(data, "x")?, int(data, "y")?) {
                (Some(x), Some(y)) => Some((x, y)),
                _ => None,
            };
            let log = space::use_tool(
                state,
                user,
                &room_code(data)?,
                uuid(data, "target_object_id")?,
                action,
                to,
            )
            .await?;
            Ok(json!({ "self": [], "tool_log": log }))
        }
        RoomAction::SubmitAnswer
        | RoomAction::SubmitVote
        | RoomAction::StartVoting
        | RoomAction::EndRound
        | RoomAction::NextRound
        | RoomAction::GetGameState => voting::run(state, user, action, data).await,
    }
}
