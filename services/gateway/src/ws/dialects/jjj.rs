//! `/ws/room/{room_id}`: the JumpJumpJump protocol (SEED_SPEC.md (a)) over the hub. Frames
//! are JSON objects with a `type`. Rules live in the room service (create/join/ready/start,
//! claims, kills, spawns, sync, chat, reconnect, as `/internal/actions`); `player_state` and
//! `enemy_state` are relayed through Redis like the native `send`. The host gets
//! `player_joined` before `room_created`, and a joiner `player_joined` before `room_joined`,
//! as the seed did; `player_state_update`, `enemy_state_update`, `game_action` and
//! `entities_sync` skip their sender.

use std::sync::Arc;

use contracts::Topic;
use contracts::room::{DISCONNECT_ACTION, states_key};
use serde_json::{Map, Value, json};

use super::link::{Dialect, End, Event, Link};
use crate::state::GatewayState;
use crate::ws::hub::Delivery;
use crate::ws::socket::{CloseCode, Socket};
use actix_web::web::Bytes;

const JOIN_FAILED: &str = "Failed to join room. Room may be full or game already started.";
const RECONNECT_FAILED: &str = "Reconnection failed. Token invalid or session expired.";

/// Speaks JumpJumpJump on an upgraded `/ws/room/{room_id}` connection of `user` until it
/// ends. `room_id` is only the default room of `join_room` (`new` to create). A `guest` (no
/// token; `user` is random for this connection) plays co-op rooms only, which the room service
/// enforces.
pub async fn run(
    state: Arc<GatewayState>,
    user: uuid::Uuid,
    token: String,
    room_id: String,
    socket: Socket,
    guest: bool,
) {
    let dialect = Jjj {
        default_room: room_id,
        room: None,
    };
    let mut link = Link::new(state, user, token, socket);
    link.guest = guest;
    link.run(dialect).await;
}

/// JumpJumpJump per-connection state.
pub struct Jjj {
    default_room: String,
    /// The room this connection is in (its code).
    room: Option<String>,
}

/// `{"type": kind, ...fields}`
pub fn frame(kind: &str, fields: Map<String, Value>) -> String {
    let mut out = Map::with_capacity(fields.len() + 1);
    out.insert("type".to_owned(), Value::String(kind.to_owned()));
    out.extend(fields);
    Value::Object(out).to_string()
}

fn error(message: &str) -> String {
    json!({ "type": "error", "message": message }).to_string()
}

fn object(v: &Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// Python's `round(v, 2)` on every float, as the seed applied before storing and relaying.
pub fn round_floats(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            let rounded = n
                .as_f64()
                .filter(|f| f.is_finite())
                .and_then(|f| format!("{f:.2}").parse::<f64>().ok())
                .and_then(serde_json::Number::from_f64);
            if let Some(r) = rounded {
                *n = r;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(round_floats),
        Value::Object(map) => map.values_mut().for_each(round_floats),
        _ => {}
    }
}

impl Jjj {
    fn topic(&self) -> Option<Topic> {
        self.room.as_deref().and_then(|code| Topic::room(code).ok())
    }

    /// Sends the reply's private messages (`self`) to the client.
    async fn send_private(link: &mut Link, reply: &Value) -> Result<(), End> {
        for msg in reply
            .get("self")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            link.send(msg.to_string()).await?;
        }
        Ok(())
    }

    /// A rule-bearing message: forwarded as a room action with the current room; private
    /// answers go to the client, a refusal becomes the seed's `error`.
    async fn act(&mut self, link: &mut Link, kind: &str, msg: &Value) -> Result<(), End> {
        let Some(room) = self.room.clone() else {
            if kind == "time_sync" {
                return self.act_with(link, kind, object(msg)).await;
            }
            return link.send(error("Not in a room")).await;
        };
        let mut data = object(msg);
        data.remove("type");
        data.insert("room_id".to_owned(), Value::String(room));
        self.act_with(link, kind, data).await
    }

    async fn act_with(
        &mut self,
        link: &mut Link,
        kind: &str,
        data: Map<String, Value>,
    ) -> Result<(), End> {
        match link.action(kind, Value::Object(data)).await {
            Ok(reply) => Self::send_private(link, &reply).await,
            Err(refusal) => link.send(error(&refusal.detail)).await,
        }
    }

    /// `create_room` and `join_room`: the seed's order, then the room's topic from just after
    /// the `player_joined` event the client was already sent.
    async fn enter(&mut self, link: &mut Link, create: bool, msg: &Value) -> Result<(), End> {
        if self.room.is_some() {
            self.leave(link, false).await?;
        }
        let mut data = Map::new();
        if let Some(name) = msg.get("player_name") {
            data.insert("player_name".to_owned(), name.clone());
        }
        let kind = if create {
            data.insert("kind".to_owned(), json!("coop"));
            // Not in the seed (always 2 players); lets larger co-op rooms exist.
            if let Some(max) = msg.get("max_players") {
                data.insert("max_players".to_owned(), max.clone());
            }
            data.insert(
                "room_name".to_owned(),
                msg.get("room_name").cloned().unwrap_or(json!("Game Room")),
            );
            "create_room"
        } else {
            let room = msg
                .get("room_id")
                .and_then(Value::as_str)
                .unwrap_or(&self.default_room);
            data.insert("room_id".to_owned(), json!(room));
            data.insert("kind".to_owned(), json!("coop"));
            "join_room"
        };
        let reply = match link.action(kind, Value::Object(data)).await {
            Ok(reply) => reply,
            Err(refusal) if create => return link.send(error(&refusal.detail)).await,
            Err(_) => return link.send(error(JOIN_FAILED)).await,
        };
        let code = reply["room_id"].as_str().unwrap_or_default().to_owned();
        let Ok(topic) = Topic::room(&code) else {
            return link.send(error(JOIN_FAILED)).await;
        };
        let joined = json!({
            "player_id": reply["player_id"],
            "player_name": reply["player_name"],
            "player_number": reply["player_number"],
            "room_info": reply["room_info"],
        });
        link.send(frame("player_joined", object(&joined))).await?;
        let mut answer = object(&json!({
            "room_id": code,
            "player_id": reply["player_id"],
            "player_number": reply["player_number"],
            "room_info": reply["room_info"],
            "reconnect_token": reply["reconnect_token"],
        }));
        if let Some(room) = reply.get("room") {
            answer.insert("room".to_owned(), room.clone());
        }
        link.send(frame(
            if create {
                "room_created"
            } else {
                "room_joined"
            },
            answer,
        ))
        .await?;
        self.room = Some(code);
        self.follow(link, &topic, reply["event_id"].as_str()).await
    }

    async fn follow(
        &mut self,
        link: &mut Link,
        topic: &Topic,
        since: Option<&str>,
    ) -> Result<(), End> {
        match link.subscribe(topic, since).await {
            Ok(replayed) => {
                for event in replayed {
                    if let Some(frame) = self.on_event(link, &event) {
                        link.send(frame).await?;
                    }
                }
                Ok(())
            }
            Err(_) => {
                link.send(error("could not follow the room; reconnect"))
                    .await
            }
        }
    }

    async fn leave(&mut self, link: &mut Link, tell: bool) -> Result<(), End> {
        let Some(room) = self.room.take() else {
            return if tell {
                link.send(frame("room_left", Map::new())).await
            } else {
                Ok(())
            };
        };
        link.unsubscribe(&format!("room:{room}"));
        // Refusals (already gone) change nothing for the client.
        let _ = link.action("leave_room", json!({ "room_id": room })).await;
        if tell {
            link.send(frame("room_left", Map::new())).await
        } else {
            Ok(())
        }
    }

    async fn relay(
        &mut self,
        link: &mut Link,
        kind: &str,
        data: Map<String, Value>,
    ) -> Result<(), End> {
        let Some(topic) = self.topic() else {
            return Ok(());
        };
        // A refused or failed relay is dropped, as the seed dropped what it could not send.
        let _ = link.relay(&topic, kind, data).await;
        Ok(())
    }

    async fn reconnect(&mut self, link: &mut Link, msg: &Value) -> Result<(), End> {
        let mut data = object(msg);
        data.remove("type");
        let reply = match link.action("reconnect", Value::Object(data)).await {
            Ok(reply) => reply,
            Err(_) => return link.send(error(RECONNECT_FAILED)).await,
        };
        let code = reply["room_id"].as_str().unwrap_or_default().to_owned();
        let Ok(topic) = Topic::room(&code) else {
            return link.send(error(RECONNECT_FAILED)).await;
        };
        // A guest's new connection takes back the seat its token proved.
        if link.guest
            && let Some(seat) = reply["player_id"].as_str().and_then(|s| s.parse().ok())
        {
            link.user = seat;
        }
        self.room = Some(code);
        Self::send_private(link, &reply).await?;
        self.follow(link, &topic, None).await
    }
}

/// The 60 Hz path: a relayed `player_state` / `enemy_state` event frame
/// (`{"op":"event","id":..,"topic":..,"type":"player_state","ts":N,"data":{..}}`, as the hub
/// splices it) becomes `{"type":"player_state_update",<data fields>}` by slicing bytes, without
/// parsing the state; the sender's own relays are skipped. `None` for any other frame.
pub fn relay_update(frame: &[u8], me: &str) -> Option<Option<String>> {
    let out = translate(frame)?;
    Some((!sent_by(frame, me)).then_some(out))
}

/// [`relay_update`]'s translation, the same for every subscriber (made once per delivery).
fn translate(frame: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(frame).ok()?;
    // The first `"type":"` is the envelope's: op, id and topic (validated) cannot hold one.
    let after_type = &text[text.find(r#""type":""#)? + 8..];
    let (kind, rest) = if let Some(rest) = after_type.strip_prefix(r#"player_state","ts":"#) {
        ("player_state_update", rest)
    } else if let Some(rest) = after_type.strip_prefix(r#"enemy_state","ts":"#) {
        ("enemy_state_update", rest)
    } else {
        return None;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let data = rest.get(digits..)?.strip_prefix(r#","data":{"#)?;
    // The frame ends with the data object's `}` and the envelope's `}`.
    let inner = data.strip_suffix("}}")?;
    let mut out = String::with_capacity(inner.len() + kind.len() + 12);
    out.push_str(r#"{"type":""#);
    out.push_str(kind);
    out.push('"');
    if !inner.is_empty() {
        out.push(',');
        out.push_str(inner);
    }
    out.push('}');
    Some(out)
}

/// Whether the frame's payload names `me` as its sender (for a relay from a gateway that did
/// not say who sent it).
fn sent_by(frame: &[u8], me: &str) -> bool {
    let sender = format!(r#""sender_id":"{me}""#);
    frame.windows(sender.len()).any(|w| w == sender.as_bytes())
}

impl Dialect for Jjj {
    async fn on_text(&mut self, link: &mut Link, text: &str) -> Result<(), End> {
        let Ok(msg) = serde_json::from_str::<Value>(text) else {
            // The seed dropped the player on malformed JSON.
            return Err(End::Close(CloseCode::Invalid, "malformed JSON"));
        };
        let kind = msg
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        match kind.as_str() {
            "create_room" => self.enter(link, true, &msg).await,
            "join_room" => self.enter(link, false, &msg).await,
            "leave_room" => self.leave(link, true).await,
            "reconnect" => self.reconnect(link, &msg).await,
            "ping" => link.send(frame("pong", Map::new())).await,
            "player_state" => {
                let mut state = msg.get("state").cloned().unwrap_or_else(|| json!({}));
                if !state.is_object() {
                    return Ok(());
                }
                round_floats(&mut state);
                let Some(topic) = self.topic() else {
                    return Ok(());
                };
                // Serialised once: the relay's payload and the state kept for `game_state`.
                let state = state.to_string();
                let user = link.user.to_string();
                let fields = format!(r#""player_id":"{user}","state":{state}"#);
                // A refused or failed relay is dropped, as the seed dropped what it could not
                // send; only a relayed state is kept.
                if link
                    .relay_fields(&topic, "player_state", &fields)
                    .await
                    .is_ok()
                {
                    link.remember(&topic, &states_key(&topic), &user, state);
                }
                Ok(())
            }
            "enemy_state" => {
                let Some(enemy_id) = msg
                    .get("enemy_id")
                    .filter(|v| v.is_string() || v.is_number())
                    .cloned()
                else {
                    return Ok(());
                };
                let mut state = msg.get("state").cloned().unwrap_or_else(|| json!({}));
                round_floats(&mut state);
                let data = object(&json!({ "enemy_id": enemy_id, "state": state }));
                self.relay(link, "enemy_state", data).await
            }
            "player_ready" | "start_game" | "chat" | "collect_item" | "enemy_spawn"
            | "enemy_killed" | "coin_spawn" | "powerup_spawn" | "sync_entities" | "game_action"
            | "time_sync" => self.act(link, &kind, &msg).await,
            // Unknown types are ignored, as by the seed.
            _ => Ok(()),
        }
    }

    fn on_raw(&mut self, link: &Link, delivery: &Delivery) -> Option<Option<Bytes>> {
        let out = delivery
            .translated
            .get_or_init(|| translate(&delivery.frame).map(Bytes::from))
            .as_ref()?;
        let own = match delivery.sender {
            Some(sender) => sender == link.user,
            None => sent_by(&delivery.frame, &link.user.to_string()),
        };
        Some((!own).then(|| out.clone()))
    }

    fn on_event(&mut self, link: &Link, event: &Event) -> Option<String> {
        let kind = match event.kind.as_str() {
            "player_state" => "player_state_update",
            "enemy_state" => "enemy_state_update",
            other => other,
        };
        if event.excludes(link.user) {
            return None;
        }
        Some(frame(kind, event.fields()))
    }

    async fn on_close(&mut self, link: &mut Link) {
        if let Some(room) = self.room.take() {
            let _ = link
                .action(DISCONNECT_ACTION, json!({ "room_id": room }))
                .await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_rounded_like_python_and_frames_carry_the_type_first() {
        let mut v = json!({ "x": 1.005, "y": 2, "z": [0.125, 5.55555] });
        round_floats(&mut v);
        assert_eq!(v, json!({ "x": 1.0, "y": 2, "z": [0.12, 5.56] }));
        let f: Value = serde_json::from_str(&frame("pong", Map::new())).unwrap();
        assert_eq!(f, json!({ "type": "pong" }));
    }

    #[test]
    fn relayed_state_frames_are_translated_by_slicing_and_skip_their_sender() {
        let me = "00000000-0000-0000-0000-000000000001";
        let other = r#"{"op":"event","id":"1-0","topic":"room:ABCDEF","type":"player_state","ts":17,"data":{"player_id":"p","sender_id":"x","state":{"x":1.5,"note":"}}"}}}"#;
        let out = relay_update(other.as_bytes(), me).unwrap().unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["type"], "player_state_update");
        assert_eq!(v["state"], json!({ "x": 1.5, "note": "}}" }));
        let mine = other.replace(r#""sender_id":"x""#, &format!(r#""sender_id":"{me}""#));
        assert_eq!(relay_update(mine.as_bytes(), me), Some(None));
        let enemy = other.replace("player_state", "enemy_state");
        assert!(
            relay_update(enemy.as_bytes(), me)
                .unwrap()
                .unwrap()
                .starts_with(r#"{"type":"enemy_state_update","#)
        );
        let chat = other.replace("player_state", "chat");
        assert_eq!(relay_update(chat.as_bytes(), me), None);
        let empty =
            r#"{"op":"event","id":"1-0","topic":"room:A","type":"enemy_state","ts":1,"data":{}}"#;
        assert_eq!(
            relay_update(empty.as_bytes(), me),
            Some(Some(r#"{"type":"enemy_state_update"}"#.to_owned()))
        );
    }
}
