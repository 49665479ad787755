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

/// The packet a hub event frame becomes for the user whose own relays carry `own_sender`
/// (`"sender_id":"<user id>"`), `None` when that user must not get it (its own relay, or an
/// event that excludes it).
///
/// The hot path of every relay: the frame is `{"op":"event",...,"type":"<kind>","ts":<n>,
/// "data":{...}}` with `data` last (as `common::events` writes envelopes), so the kind and the
/// payload are sliced out and copied, not parsed; payloads keep their `sender_id` (a superset,
/// as on `/ws`). Frames that do not have that shape, kinds with escapes and events carrying
/// `exclude_user` take the parsing path, which drops the routing fields.
pub fn packet_for(frame: &[u8], own_sender: &str, user: uuid::Uuid) -> Option<String> {
    if let Some((kind, data)) = raw_parts(frame)
        && !data.contains("\"exclude_user\"")
    {
        if data.contains(own_sender) {
            return None;
        }
        return Some(format!("4{}", super::packet::event(kind, data)));
    }
    let event: Event = serde_json::from_slice(frame).ok()?;
    (!event.excludes(user)).then(|| event_packet(&event))
}

/// The kind and the raw `data` of an event frame, when it has the shape `common::events`
/// writes and the kind needs no unescaping.
fn raw_parts(frame: &[u8]) -> Option<(&str, &str)> {
    let text = std::str::from_utf8(frame).ok()?;
    let kind_start = text.find(",\"type\":\"")? + 9;
    let kind_len = text[kind_start..].find('"')?;
    let kind = &text[kind_start..kind_start + kind_len];
    if kind.contains('\\') {
        return None;
    }
    let rest = &text[kind_start + kind_len..];
    let data_start = rest.find(",\"data\":")? + 8;
    let data = rest.get(data_start..)?.strip_suffix('}')?;
    data.starts_with('{').then_some((kind, data))
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
    fn relayed_frames_are_sliced_and_the_senders_own_are_dropped() {
        let me = uuid::Uuid::new_v4();
        let own = format!("\"sender_id\":\"{me}\"");
        let envelope = |data: Value| {
            let env = json!({ "id": "5-1", "topic": "room:ABC234", "type": "player_state", "ts": 1, "data": data });
            crate::ws::protocol::event_frame(env.to_string().as_bytes()).unwrap()
        };
        let other = envelope(json!({ "t": 1.5, "sender_id": uuid::Uuid::new_v4() }));
        let packet = packet_for(other.as_bytes(), &own, me).unwrap();
        let args: Value = serde_json::from_str(&packet[2..]).unwrap();
        assert_eq!(args[0], "player_state");
        assert_eq!(args[1]["t"], 1.5);
        let mine = envelope(json!({ "t": 1, "sender_id": me }));
        assert_eq!(packet_for(mine.as_bytes(), &own, me), None);
        // `exclude_user` is read, and stripped, by the parsing path.
        let excluded = envelope(json!({ "exclude_user": me }));
        assert_eq!(packet_for(excluded.as_bytes(), &own, me), None);
        let others = envelope(json!({ "exclude_user": uuid::Uuid::new_v4(), "n": 1 }));
        let packet = packet_for(others.as_bytes(), &own, me).unwrap();
        assert_eq!(packet, r#"42["player_state",{"n":1}]"#);
        // Not an event frame: nothing, and no panic.
        for junk in [
            &b""[..],
            b"{",
            b"{\"type\":\"x",
            b"\xff\xfe",
            b"{\"op\":\"event\",\"type\":\"a\",\"data\":1}",
        ] {
            assert_eq!(packet_for(junk, &own, me), None);
        }
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
