//! The seed's Socket.IO events as native WebSocket actions (`service: "room"`), answering
//! with the seed's ack fields (`success` plus ids). Room codes come as `room_code` (the
//! seed's name) or `room_id`/`code` (the other dialects').

use contracts::room::actions::RoomAction;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::game::machine;
use crate::app::lifecycle::{self, Departure};
use crate::app::rooms::{self, Entry};
use crate::db::queries;
use crate::domain::{RoomCode, RoomKind};
use crate::error::RoomError;
use crate::state::AppState;

/// The room a voting action names (`room_code`, `room_id` or `code`).
pub fn code_of(data: &Value) -> Option<RoomCode> {
    ["room_code", "room_id", "code"]
        .iter()
        .find_map(|k| data.get(*k).and_then(Value::as_str))
        .and_then(RoomCode::parse)
}

fn required_code(data: &Value) -> Result<RoomCode, RoomError> {
    code_of(data).ok_or_else(|| RoomError::RoomNotFound)
}

fn uuid_field(data: &Value, field: &str) -> Result<Uuid, RoomError> {
    data.get(field)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| RoomError::field(field, "must be a UUID"))
}

fn optional_uuid(data: &Value, field: &str) -> Result<Option<Uuid>, RoomError> {
    match data.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => uuid_field(data, field).map(Some),
    }
}

fn ack(body: impl serde::Serialize) -> Result<Value, RoomError> {
    let mut value = serde_json::to_value(body).map_err(RoomError::internal)?;
    if let Value::Object(map) = &mut value {
        map.insert("success".to_owned(), Value::Bool(true));
        map.entry("self").or_insert_with(|| json!([]));
    }
    Ok(value)
}

/// Whether the room `code` names is a voting room (false when there is none).
pub async fn is_voting_room(state: &AppState, code: &RoomCode) -> Result<bool, RoomError> {
    let mut conn = state.conn().await?;
    Ok(queries::find_room(&mut conn, code.as_str())
        .await?
        .is_some_and(|r| r.kind == RoomKind::Voting.as_str()))
}

/// The voting game's own actions (see [`RoomAction::is_voting`]).
pub async fn run(
    state: &AppState,
    user: Uuid,
    action: RoomAction,
    data: &Value,
) -> Result<Value, RoomError> {
    match action {
        RoomAction::SubmitAnswer => submit_answer(state, user, data).await,
        RoomAction::SubmitVote => submit_vote(state, user, data).await,
        RoomAction::StartVoting => {
            let code = required_code(data)?;
            let round = optional_uuid(data, "round_id")?;
            let r = machine::open_voting(state, user, &code, round).await?;
            ack(json!({ "round_id": r.round.round_id, "answers": r.answers }))
        }
        RoomAction::EndRound => {
            let code = required_code(data)?;
            let round = optional_uuid(data, "round_id")?;
            ack(machine::end_round(state, user, &code, round).await?)
        }
        RoomAction::NextRound => {
            let r = machine::next_round(state, user, &required_code(data)?).await?;
            ack(json!({ "round_id": r.round.round_id, "round": r.round }))
        }
        RoomAction::GetGameState => {
            ack(machine::game_state(state, user, &required_code(data)?).await?)
        }
        _ => Err(RoomError::UnknownAction),
    }
}

/// `start_game` in a voting room.
pub async fn start(state: &AppState, user: Uuid, code: &RoomCode) -> Result<Value, RoomError> {
    let r = machine::start(state, user, code).await?;
    ack(json!({ "round_id": r.round.round_id, "round": r.round }))
}

/// The seed's `join_room` (it names the room `room_code`), answered with the seed's ack.
pub async fn join(state: &AppState, user: Uuid, code: &RoomCode) -> Result<Value, RoomError> {
    let joined = rooms::join(state, user, code, Entry::default()).await?;
    ack(json!({ "room": joined.view.response(), "room_code": code.as_str() }))
}

/// The seed's `leave_room`, answered with the seed's ack.
pub async fn leave(state: &AppState, user: Uuid, code: &RoomCode) -> Result<Value, RoomError> {
    lifecycle::leave(state, user, code, Departure::Leave).await?;
    ack(json!({ "room_code": code.as_str() }))
}

async fn submit_answer(state: &AppState, user: Uuid, data: &Value) -> Result<Value, RoomError> {
    let round = uuid_field(data, "round_id")?;
    let content = data
        .get("answer")
        .or_else(|| data.get("content"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let answer = machine::submit_answer(state, user, round, content).await?;
    ack(json!({ "answer_id": answer.id, "answer": answer }))
}

async fn submit_vote(state: &AppState, user: Uuid, data: &Value) -> Result<Value, RoomError> {
    let round = uuid_field(data, "round_id")?;
    let answer = uuid_field(data, "answer_id")?;
    let vote = machine::vote(state, user, round, answer).await?;
    ack(vote)
}

/// The windows a native `create_room` asks for (`answer_seconds`, `vote_seconds`), checked
/// before the room exists.
pub fn requested_timing(state: &AppState, data: &Value) -> Result<machine::Timing, RoomError> {
    let seconds = |field: &str| match data.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| RoomError::field(field, "must be an integer")),
    };
    machine::Timing::requested(state, seconds("answer_seconds")?, seconds("vote_seconds")?)
}

/// Stores a new voting room's windows (other kinds have none).
pub async fn configure_created(
    state: &AppState,
    view: &crate::app::views::RoomView,
    timing: machine::Timing,
) -> Result<(), RoomError> {
    if view.kind() != RoomKind::Voting {
        return Ok(());
    }
    machine::configure(state, view.room.id, timing).await
}
