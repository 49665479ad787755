//! The voting seed's Socket.IO vocabulary: its emits become the room service's actions
//! (README "room": "The seed's Socket.IO events are native actions"), and the events of the
//! room topics a socket follows go out as EVENTs under their own names, which the room
//! service already publishes with the seed's names and fields (`player_joined`,
//! `game_started`, `round_started`, `answer_submitted`, `voting_started`, `vote_update`,
//! `round_ended`, `game_ended`, ...).
//!
//! `leave_room` only stops following the room, as the seed's socket handler only left its
//! Socket.IO room: membership is changed by the REST `DELETE /api/rooms/{code}/leave` the seed's
//! client sends with it (leaving on the emit too made that DELETE answer 403 `not_a_member`).

use contracts::Topic;
use contracts::room::actions::RoomAction;
use serde_json::{Map, Value};

use crate::ws::dialects::types::Event;

/// What an emit asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emit {
    /// A room action, and what to do with the room's topic after it.
    Action(RoomAction, Follow),
    /// Stop receiving the room's events (`leave_room`).
    Unfollow,
    /// Anything else: relayed on the socket's room when the room marks the type relayable.
    Relay,
}

/// What a successful action does to the socket's subscriptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// Start receiving the room's events.
    Subscribe,
    /// Nothing.
    Keep,
}

/// The seed's emit `name`.
pub fn emit_of(name: &str) -> Emit {
    let action = |a| Emit::Action(a, Follow::Keep);
    match name {
        "join_room" => Emit::Action(RoomAction::JoinRoom, Follow::Subscribe),
        "leave_room" => Emit::Unfollow,
        "start_game" => action(RoomAction::StartGame),
        "start_voting" => action(RoomAction::StartVoting),
        "end_round" => action(RoomAction::EndRound),
        "next_round" => action(RoomAction::NextRound),
        "submit_answer" => action(RoomAction::SubmitAnswer),
        "submit_vote" => action(RoomAction::SubmitVote),
        "get_game_state" => action(RoomAction::GetGameState),
        _ => Emit::Relay,
    }
}

/// The room an emit's payload names (`room_code`, as the seed sends it).
pub fn room_of(data: &Value) -> Option<Topic> {
    data.get("room_code")
        .and_then(Value::as_str)
        .and_then(|code| Topic::room(&code.to_ascii_uppercase()).ok())
}

/// The action's payload: the emit's object as it is (the room service reads the seed's field
/// names); anything but an object is refused before it leaves the gateway.
pub fn action_data(data: Value) -> Option<Value> {
    match data {
        Value::Object(_) => Some(data),
        Value::Null => Some(Value::Object(Map::new())),
        _ => None,
    }
}

/// A room's answer as the seed's ack (`{success: true, ...}`), without the room's
/// actor-only messages.
pub fn ack_of(mut reply: Value) -> Value {
    if let Value::Object(map) = &mut reply {
        map.remove("self");
        map.entry("success").or_insert(Value::Bool(true));
    }
    reply
}

/// The seed's failed ack.
pub fn refused_ack(message: &str) -> Value {
    serde_json::json!({ "success": false, "error": message })
}

/// The seed's `error {message}` event, as an Engine.IO message packet.
pub fn error_packet(message: &str, code: &str) -> String {
    let data = serde_json::json!({ "message": message, "code": code }).to_string();
    format!("4{}", super::packet::event("error", &data))
}

/// An event of a followed topic as an Engine.IO message packet (`42["type",{...}]`), without
/// the gateway's routing fields.
pub fn event_packet(event: &Event) -> String {
    let data = Value::Object(event.fields()).to_string();
    format!("4{}", super::packet::event(&event.kind, &data))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_seeds_emits_are_room_actions() {
        assert_eq!(
            emit_of("join_room"),
            Emit::Action(RoomAction::JoinRoom, Follow::Subscribe)
        );
        assert_eq!(emit_of("leave_room"), Emit::Unfollow);
        for (name, action) in [
            ("start_game", RoomAction::StartGame),
            ("start_voting", RoomAction::StartVoting),
            ("end_round", RoomAction::EndRound),
            ("next_round", RoomAction::NextRound),
            ("submit_answer", RoomAction::SubmitAnswer),
            ("submit_vote", RoomAction::SubmitVote),
        ] {
            assert_eq!(emit_of(name), Emit::Action(action, Follow::Keep), "{name}");
        }
        assert_eq!(emit_of("player_state"), Emit::Relay);
    }

    #[test]
    fn payloads_name_their_room_and_must_be_objects() {
        assert_eq!(
            room_of(&json!({ "room_code": "abc234" })).map(|t| t.as_str().to_owned()),
            Some("room:ABC234".to_owned())
        );
        assert_eq!(room_of(&json!({ "room_code": "../x" })), None);
        assert_eq!(action_data(Value::Null), Some(json!({})));
        assert_eq!(action_data(json!([1])), None);
    }

    #[test]
    fn events_go_out_under_their_own_name_without_routing_fields() {
        let event: Event = serde_json::from_value(json!({
            "topic": "room:ABC234", "type": "vote_update",
            "data": { "answer_id": "a", "vote_count": 2, "exclude_user": "u" }
        }))
        .unwrap();
        let packet = event_packet(&event);
        let args: Value = serde_json::from_str(&packet[2..]).unwrap();
        assert!(packet.starts_with("42["));
        assert_eq!(
            args,
            json!(["vote_update", { "answer_id": "a", "vote_count": 2 }])
        );
        assert_eq!(
            ack_of(json!({ "success": true, "self": [], "round_id": "r" })),
            json!({ "success": true, "round_id": "r" })
        );
        assert!(error_packet("Room is full", "room_full").starts_with("42[\"error\","));
    }
}
