//! `/api/v1/ws?token=`: the cafe protocol (SEED_SPEC.md (e)) over the hub. Frames are
//! `{"event", "data"}`; server frames add `timestamp`. Joining, chat, tools and objects are
//! room actions; `update_position` is relayed within the room's bounds (and remembered for
//! `room_state`); WebRTC offers, answers and ICE candidates go to the named user only, and
//! only when both are in the room.

use std::sync::Arc;

use common::auth::AccessClaims;
use contracts::Topic;
use contracts::room::DISCONNECT_ACTION;
use serde_json::{Map, Value, json};
use uuid::Uuid;

mod handlers;

use super::link::{Dialect, End, Event, Link};
use crate::state::GatewayState;
use crate::ws::socket::Socket;

/// Speaks the cafe protocol on an upgraded `/api/v1/ws` connection until it ends; without
/// valid `claims` the socket is accepted and closed with 4001, as the seed did.
pub async fn run(
    state: Arc<GatewayState>,
    claims: Option<AccessClaims>,
    token: String,
    socket: Socket,
) {
    let Some(claims) = claims else {
        Link::new(state, Uuid::nil(), String::new(), socket)
            .close_with(4001, "Invalid token")
            .await;
        return;
    };
    let mut link = Link::new(state, claims.sub, token, socket);
    let me = Topic::user(claims.sub);
    // Private messages (WebRTC signalling) arrive on the user's own topic.
    if link.subscribe(&me, None).await.is_err() {
        link.close_with(1011, "could not subscribe").await;
        return;
    }
    link.run(Cafe::default()).await;
}

/// Cafe per-connection state.
#[derive(Default)]
pub struct Cafe {
    /// The room this socket is in (its code).
    room: Option<String>,
    /// Its floor bounds.
    bounds: Option<(i64, i64, i64, i64)>,
    /// The name others see.
    username: String,
}

/// `{"event", "data", "timestamp"}` with a naive UTC ISO timestamp, as the seed sent.
pub fn frame(event: &str, data: Value) -> String {
    let ts = chrono_like_now();
    json!({ "event": event, "data": data, "timestamp": ts }).to_string()
}

fn chrono_like_now() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = i64::try_from(now.as_secs()).unwrap_or_default();
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:06}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        now.subsec_micros()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

pub(super) fn error(message: &str, details: &str) -> String {
    frame("error", json!({ "error": message, "details": details }))
}

pub(super) fn pick(data: &Value, keys: &[&str]) -> Value {
    let fields: Map<String, Value> = keys
        .iter()
        .filter_map(|k| data.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect();
    Value::Object(fields)
}

pub(super) fn int(data: &Value, key: &str) -> Option<i64> {
    data.get(key).and_then(|v| {
        v.as_i64()
            .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
    })
}

impl Dialect for Cafe {
    async fn on_text(&mut self, link: &mut Link, text: &str) -> Result<(), End> {
        let Ok(msg) = serde_json::from_str::<Value>(text) else {
            return link
                .send(error(
                    "Invalid message format",
                    "frames are JSON {event, data}",
                ))
                .await;
        };
        let Some(event) = msg.get("event").and_then(Value::as_str).map(str::to_owned) else {
            return link
                .send(error("Invalid message format", "`event` is required"))
                .await;
        };
        let data = msg.get("data").cloned().unwrap_or_else(|| json!({}));
        let fields = |keys: &[&str]| pick(&data, keys).as_object().cloned().unwrap_or_default();
        match event.as_str() {
            "join_room" => self.join(link, &data).await,
            "leave_room" => self.leave(link).await,
            "update_position" => self.update_position(link, &data).await,
            "send_message" => self
                .act(link, "chat", fields(&["message"]), "Failed to send message")
                .await
                .map(|_| ()),
            "use_tool" => self
                .act(
                    link,
                    "use_tool",
                    fields(&["target_object_id", "action", "x", "y"]),
                    "Failed to use tool",
                )
                .await
                .map(|_| ()),
            "place_object" => self
                .act(
                    link,
                    "place_object",
                    fields(&["inventory_item_id", "x", "y", "rotation", "idempotency_key"]),
                    "Failed to place object",
                )
                .await
                .map(|_| ()),
            "move_object" => self
                .act(
                    link,
                    "move_object",
                    fields(&["object_id", "x", "y", "rotation"]),
                    "Failed to move object",
                )
                .await
                .map(|_| ()),
            "pickup_object" => self
                .act(
                    link,
                    "pickup_object",
                    fields(&["object_id"]),
                    "Failed to pick up object",
                )
                .await
                .map(|_| ()),
            "get_inventory" => self.inventory(link).await,
            "get_room_state" => self.room_state(link, Some(&data)).await,
            "rtc_join" | "rtc_leave" | "rtc_offer" | "rtc_answer" | "rtc_ice_candidate" => {
                self.rtc(link, &event, &data).await
            }
            _ => link.send(error("Unknown event type", &event)).await,
        }
    }

    fn on_event(&mut self, link: &Link, event: &Event) -> Option<String> {
        let data = &event.data;
        let about_me =
            data.get("user_id").and_then(Value::as_str) == Some(link.user.to_string().as_str());
        let (name, body) = match event.kind.as_str() {
            "player_joined" if !about_me => (
                "user_joined",
                pick(data, &["user_id", "username", "avatar_url", "x", "y"]),
            ),
            "player_left" | "player_disconnected" if !about_me => {
                let mut body = pick(data, &["user_id", "username", "avatar_url"]);
                if let Some(o) = body.as_object_mut() {
                    o.insert("x".to_owned(), json!(0));
                    o.insert("y".to_owned(), json!(0));
                }
                ("user_left", body)
            }
            "update_position" if !event.excludes(link.user) => {
                ("position_updated", Value::Object(event.fields()))
            }
            "chat" => (
                "message_received",
                pick(
                    data,
                    &[
                        "user_id",
                        "username",
                        "avatar_url",
                        "message",
                        "timestamp",
                        "id",
                    ],
                ),
            ),
            "tool_used" | "object_placed" | "object_moved" | "object_removed" | "host_changed"
            | "room_closed" => (event.kind.as_str(), Value::Object(event.fields())),
            "rtc_join" | "rtc_leave" if !event.excludes(link.user) => {
                (event.kind.as_str(), Value::Object(event.fields()))
            }
            "rtc_offer" | "rtc_answer" | "rtc_ice_candidate"
                if event.topic.starts_with("user:") =>
            {
                let mut body = event.fields();
                body.remove("room_id");
                (event.kind.as_str(), Value::Object(body))
            }
            _ => return None,
        };
        Some(frame(name, body))
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
    fn dates_are_gregorian_and_frames_have_the_seed_shape() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        let f: Value = serde_json::from_str(&frame("pong", json!({}))).unwrap();
        assert_eq!(f["event"], "pong");
        assert!(f["timestamp"].as_str().unwrap().contains('T'));
    }
}
