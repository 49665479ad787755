//! The cafe's rule-bearing handlers: joining and leaving (with the inventory and room state
//! the seed sent), positions within the room's bounds, and WebRTC signalling.

use contracts::room::positions_key;
use contracts::{ServiceName, Topic};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{Cafe, error, frame, int};
use crate::ws::dialects::link::{Dialect, End, Link, RelayError};

impl Cafe {
    pub(super) fn topic(&self) -> Option<Topic> {
        self.room.as_deref().and_then(|c| Topic::room(c).ok())
    }

    pub(super) async fn act(
        &mut self,
        link: &mut Link,
        kind: &str,
        mut data: Map<String, Value>,
        failure: &str,
    ) -> Result<Option<Value>, End> {
        let Some(room) = self.room.clone() else {
            link.send(error(failure, "join a room first")).await?;
            return Ok(None);
        };
        data.insert("room_id".to_owned(), Value::String(room));
        match link.action(kind, Value::Object(data)).await {
            Ok(reply) => Ok(Some(reply)),
            Err(refusal) => {
                link.send(error(failure, &refusal.detail)).await?;
                Ok(None)
            }
        }
    }

    /// Sends `inventory {items}`: the caller's furniture as inventory's `/api/v1/inventory/`
    /// lists it (the one place that shape is made).
    pub(super) async fn inventory(&self, link: &mut Link) -> Result<(), End> {
        let base = link.state.ctx.settings.peer(ServiceName::Inventory).clone();
        let items = match base.join("api/v1/inventory/") {
            Ok(url) => {
                let res = link
                    .state
                    .client()
                    .get(url)
                    .bearer_auth(&link.token)
                    .timeout(link.state.settings.timeout)
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().is_success() => r.json::<Value>().await.ok(),
                    _ => None,
                }
            }
            Err(_) => None,
        };
        let Some(items) = items.filter(Value::is_array) else {
            return link
                .send(error(
                    "Failed to load inventory",
                    "the inventory service could not be reached",
                ))
                .await;
        };
        link.send(frame("inventory", json!({ "items": items })))
            .await
    }

    /// Sends `room_state` of the room the client names (its integer id or code, resolved by
    /// room), else of the joined room; room answers only to a member.
    pub(super) async fn room_state(
        &mut self,
        link: &mut Link,
        data: Option<&Value>,
    ) -> Result<(), End> {
        const FAILURE: &str = "Failed to get room state";
        let named = data
            .and_then(|d| d.get("room_id"))
            .filter(|v| v.is_string() || v.is_number())
            .cloned();
        let Some(room) = named.or_else(|| self.room.clone().map(Value::String)) else {
            return link.send(error(FAILURE, "join a room first")).await;
        };
        match link
            .action("get_room_state", json!({ "room_id": room }))
            .await
        {
            Ok(reply) => {
                link.send(frame("room_state", reply["room_state"].clone()))
                    .await
            }
            Err(refusal) => link.send(error(FAILURE, &refusal.detail)).await,
        }
    }

    pub(super) async fn join(&mut self, link: &mut Link, data: &Value) -> Result<(), End> {
        // The cafe's integer id or a code: room resolves either.
        let Some(room) = data
            .get("room_id")
            .filter(|v| v.is_string() || v.is_number())
            .cloned()
        else {
            return link
                .send(error("Failed to join room", "room_id is required"))
                .await;
        };
        let args = json!({ "room_id": room, "kind": "space", "x": int(data, "x").unwrap_or(0), "y": int(data, "y").unwrap_or(0) });
        let reply = match link.action("join_room", args).await {
            Ok(reply) => reply,
            Err(refusal) => {
                return link
                    .send(error("Failed to join room", &refusal.detail))
                    .await;
            }
        };
        let code = reply["room_id"].as_str().unwrap_or_default().to_owned();
        let Ok(topic) = Topic::room(&code) else {
            return link
                .send(error("Failed to join room", "unknown room"))
                .await;
        };
        // One room at a time, as the seed.
        if self.room.as_deref().is_some_and(|r| r != code) {
            self.leave(link).await?;
        }
        self.username = reply["player_name"].as_str().unwrap_or_default().to_owned();
        self.room = Some(code);
        self.bounds = crate::ws::dialects::bounds::load(&link.state.ctx.redis, &topic)
            .await
            .ok()
            .flatten();
        let replayed = match link.subscribe(&topic, reply["event_id"].as_str()).await {
            Ok(events) => events,
            Err(_) => {
                return link
                    .send(error("Failed to join room", "could not follow the room"))
                    .await;
            }
        };
        self.inventory(link).await?;
        self.room_state(link, None).await?;
        for event in replayed {
            if let Some(frame) = self.on_event(link, &event) {
                link.send(frame).await?;
            }
        }
        Ok(())
    }

    pub(super) async fn leave(&mut self, link: &mut Link) -> Result<(), End> {
        if let Some(room) = self.room.take() {
            link.unsubscribe(&format!("room:{room}"));
            let _ = link.action("leave_room", json!({ "room_id": room })).await;
        }
        self.bounds = None;
        Ok(())
    }

    pub(super) async fn update_position(
        &mut self,
        link: &mut Link,
        data: &Value,
    ) -> Result<(), End> {
        let (Some(topic), Some(x), Some(y)) = (self.topic(), int(data, "x"), int(data, "y")) else {
            return link
                .send(error(
                    "Invalid message format",
                    "update_position needs x and y integers in a joined room",
                ))
                .await;
        };
        let inside = self
            .bounds
            .is_some_and(|(x0, y0, x1, y1)| (x0..=x1).contains(&x) && (y0..=y1).contains(&y));
        if !inside {
            return link
                .send(error(
                    "Position out of bounds",
                    "x and y must lie within the room",
                ))
                .await;
        }
        let payload = json!({ "user_id": link.user, "username": self.username, "avatar_url": null, "x": x, "y": y });
        match link
            .relay(
                &topic,
                "update_position",
                payload.as_object().cloned().unwrap_or_default(),
            )
            .await
        {
            Ok(()) => {
                // Remembered for `room_state` (the latest position, written with the relay
                // batches); the relay already went out.
                link.remember(
                    &topic,
                    &positions_key(&topic),
                    &link.user.to_string(),
                    format!("{x},{y}"),
                );
                Ok(())
            }
            Err(RelayError::Forbidden) => {
                link.send(error("Not in this room", "join the room first"))
                    .await
            }
            Err(RelayError::Unavailable) => {
                link.send(error("Temporarily unavailable", "retry")).await
            }
        }
    }

    pub(super) async fn rtc(
        &mut self,
        link: &mut Link,
        event: &str,
        data: &Value,
    ) -> Result<(), End> {
        let Some(topic) = self.topic() else {
            return link
                .send(error("Not in this room", "join the room first"))
                .await;
        };
        let result = match event {
            "rtc_join" => {
                let payload =
                    json!({ "user_id": link.user, "username": self.username, "avatar_url": null });
                link.announce(
                    &topic,
                    "rtc_join",
                    payload.as_object().cloned().unwrap_or_default(),
                )
                .await
            }
            "rtc_leave" => {
                link.announce(
                    &topic,
                    "rtc_leave",
                    json!({ "user_id": link.user })
                        .as_object()
                        .cloned()
                        .unwrap_or_default(),
                )
                .await
            }
            _ => {
                let Some(to) = data
                    .get("to_user_id")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<Uuid>().ok())
                else {
                    return link
                        .send(error(
                            "Invalid message format",
                            "to_user_id must be a user id",
                        ))
                        .await;
                };
                let field = if event == "rtc_ice_candidate" {
                    "candidate"
                } else {
                    "sdp"
                };
                let payload = json!({ "from_user_id": link.user, field: data.get(field).cloned().unwrap_or(Value::Null), "room_id": self.room });
                link.direct(
                    &topic,
                    to,
                    event,
                    payload.as_object().cloned().unwrap_or_default(),
                )
                .await
            }
        };
        match result {
            Ok(()) => Ok(()),
            Err(RelayError::Forbidden) => {
                link.send(error("Not in this room", "both users must be in the room"))
                    .await
            }
            Err(RelayError::Unavailable) => {
                link.send(error("Temporarily unavailable", "retry")).await
            }
        }
    }
}
