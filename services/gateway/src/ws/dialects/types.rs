//! What a dialect is made of: the [`Dialect`] trait it implements, the events it translates,
//! and the answers of the [`super::link::Link`] it runs on.

use std::future::Future;

use serde::Deserialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::link::Link;
use crate::ws::hub::Delivery;
use actix_web::web::Bytes;

pub use crate::ws::socket::End;

/// An event as a dialect sees it (live or replayed).
#[derive(Debug, Deserialize)]
pub struct Event {
    /// Its topic.
    pub topic: String,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its payload.
    #[serde(default)]
    pub data: Value,
}

impl Event {
    /// Whether the event is one this user caused and must not get back: a relay it sent
    /// (`sender_id`) or a room broadcast that excludes it (`exclude_user`).
    pub fn excludes(&self, user: Uuid) -> bool {
        let me = user.to_string();
        ["sender_id", "exclude_user"]
            .iter()
            .any(|k| self.data.get(*k).and_then(Value::as_str) == Some(me.as_str()))
    }

    /// The payload's fields without the gateway's and room's routing fields.
    pub fn fields(&self) -> Map<String, Value> {
        let mut fields = self.data.as_object().cloned().unwrap_or_default();
        fields.remove("sender_id");
        fields.remove("exclude_user");
        fields
    }
}

/// A room action the service refused (its problem code and detail).
#[derive(Debug)]
pub struct Refusal {
    /// Problem code, e.g. `room_full`.
    pub code: String,
    /// Problem detail.
    pub detail: String,
}

/// Why a relay was not sent.
#[derive(Debug, PartialEq, Eq)]
pub enum RelayError {
    /// Not subscribed to, or not a member of, the topic, or the type is not relayable there.
    Forbidden,
    /// Redis failed.
    Unavailable,
}

/// What a dialect implements: translating client frames and hub events.
pub trait Dialect {
    /// A text frame from the client.
    fn on_text(&mut self, link: &mut Link, text: &str) -> impl Future<Output = Result<(), End>>;
    /// An event of a subscribed topic: the frame to send, if any.
    fn on_event(&mut self, link: &Link, event: &Event) -> Option<String>;
    /// A fast path over the delivery's frame bytes, for high-rate relays: `Some(frame to
    /// send, if any)` when handled, `None` to have the event parsed for [`Dialect::on_event`].
    fn on_raw(&mut self, _link: &Link, _delivery: &Delivery) -> Option<Option<Bytes>> {
        None
    }
    /// The connection ended (tell the room service).
    fn on_close(&mut self, link: &mut Link) -> impl Future<Output = ()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_exclude_their_sender_and_drop_routing_fields() {
        let me = Uuid::new_v4();
        let event: Event = serde_json::from_value(serde_json::json!({
            "topic": "room:ABCDEF", "type": "player_state",
            "data": { "sender_id": me.to_string(), "state": {} }
        }))
        .unwrap();
        assert!(event.excludes(me));
        assert!(!event.excludes(Uuid::new_v4()));
        assert!(!event.fields().contains_key("sender_id"));
    }
}
