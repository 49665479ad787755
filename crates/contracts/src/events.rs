//! The realtime event envelope and the topics events are published on.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One event as every subscriber sees it (ARCHITECTURE.md "Events and realtime").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Envelope {
    /// Per-topic increasing id (the id of the entry in the topic's replay stream).
    pub id: String,
    /// The topic, e.g. `room:ABC123`.
    pub topic: String,
    /// The event type, e.g. `player_joined`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When it was published, in Unix milliseconds.
    pub ts: i64,
    /// The event's payload.
    pub data: serde_json::Value,
}

/// The families of topics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TopicKind {
    /// `room:{code}`
    Room,
    /// `battle:{id}`
    Battle,
    /// `user:{id}`: private notifications.
    User,
    /// `leaderboard:{board}`
    Leaderboard,
    /// `global`
    Global,
}

impl TopicKind {
    fn prefix(self) -> &'static str {
        match self {
            TopicKind::Room => "room",
            TopicKind::Battle => "battle",
            TopicKind::User => "user",
            TopicKind::Leaderboard => "leaderboard",
            TopicKind::Global => "global",
        }
    }
}

/// Why a topic name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicError {
    /// The part before `:` is not a known topic family.
    UnknownKind,
    /// The id after `:` is empty, too long or has characters outside `[A-Za-z0-9_-]`.
    InvalidId,
}

impl fmt::Display for TopicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopicError::UnknownKind => {
                f.write_str("unknown topic kind (room, battle, user, leaderboard, global)")
            }
            TopicError::InvalidId => {
                f.write_str("topic id must be 1-64 characters of [A-Za-z0-9_-]")
            }
        }
    }
}

impl std::error::Error for TopicError {}

/// A validated topic name; only these ever reach Redis keys and channels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Topic {
    kind: TopicKind,
    name: String,
}

/// Longest id accepted after the `kind:` prefix.
const MAX_TOPIC_ID: usize = 64;

impl Topic {
    /// Parses `kind:id` (or `global`).
    pub fn parse(raw: &str) -> Result<Self, TopicError> {
        if raw == "global" {
            return Ok(Topic::global());
        }
        let (prefix, id) = raw.split_once(':').ok_or(TopicError::UnknownKind)?;
        let kind = match prefix {
            "room" => TopicKind::Room,
            "battle" => TopicKind::Battle,
            "user" => TopicKind::User,
            "leaderboard" => TopicKind::Leaderboard,
            _ => return Err(TopicError::UnknownKind),
        };
        Self::build(kind, id)
    }

    fn build(kind: TopicKind, id: &str) -> Result<Self, TopicError> {
        let valid = !id.is_empty()
            && id.len() <= MAX_TOPIC_ID
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(TopicError::InvalidId);
        }
        Ok(Topic {
            kind,
            name: format!("{}:{id}", kind.prefix()),
        })
    }

    /// `room:{code}`
    pub fn room(code: &str) -> Result<Self, TopicError> {
        Self::build(TopicKind::Room, code)
    }

    /// `battle:{id}`
    pub fn battle(id: impl fmt::Display) -> Result<Self, TopicError> {
        Self::build(TopicKind::Battle, &id.to_string())
    }

    /// `user:{id}`
    pub fn user(id: uuid::Uuid) -> Self {
        Topic {
            kind: TopicKind::User,
            name: format!("user:{id}"),
        }
    }

    /// `leaderboard:{board}`
    pub fn leaderboard(board: &str) -> Result<Self, TopicError> {
        Self::build(TopicKind::Leaderboard, board)
    }

    /// `global`
    pub fn global() -> Self {
        Topic {
            kind: TopicKind::Global,
            name: "global".to_owned(),
        }
    }

    /// The topic's family.
    pub fn kind(&self) -> TopicKind {
        self.kind
    }

    /// The id after `kind:` (empty for `global`).
    pub fn id(&self) -> &str {
        self.name.split_once(':').map_or("", |(_, id)| id)
    }

    /// The full name, e.g. `room:ABC123`.
    pub fn as_str(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_topics_and_refuses_others() {
        assert_eq!(Topic::parse("room:ABC123").unwrap().id(), "ABC123");
        assert_eq!(Topic::parse("global").unwrap().kind(), TopicKind::Global);
        assert_eq!(Topic::parse("admin:x"), Err(TopicError::UnknownKind));
        assert_eq!(Topic::parse("room"), Err(TopicError::UnknownKind));
        assert_eq!(Topic::parse("room:"), Err(TopicError::InvalidId));
        assert_eq!(Topic::parse("room:a*b"), Err(TopicError::InvalidId));
        assert_eq!(
            Topic::parse(&format!("room:{}", "a".repeat(65))),
            Err(TopicError::InvalidId)
        );
    }

    #[test]
    fn envelope_uses_type_on_the_wire() {
        let env = Envelope {
            id: "1-0".into(),
            topic: "global".into(),
            kind: "hello".into(),
            ts: 5,
            data: serde_json::json!({}),
        };
        let json = serde_json::to_value(&env).unwrap();
        assert_eq!(json["type"], "hello");
    }
}

/// Redis key suffix of a topic's member set (user ids), kept by the topic's owning service and
/// read by the gateway to authorise `subscribe` and `send`. Prefix it with the deployment's
/// key prefix (common's `Keys::key`).
pub fn members_key(topic: &Topic) -> String {
    format!("topic:members:{topic}")
}

/// Redis key suffix of the set of event types clients may relay on a topic without a server
/// rule (e.g. `player_state`), kept by the owning service.
pub fn relayable_key(topic: &Topic) -> String {
    format!("topic:relayable:{topic}")
}

/// Relay types superseded by the next one within a frame or two (positions and states sent
/// at up to 60 Hz): the gateway publishes them without appending them to the topic's replay
/// stream, so they are delivered live and never replayed. Their owner keeps the latest state
/// per player where a newcomer needs it (`room::states_key`, `room::positions_key`).
pub const TRANSIENT_RELAYS: &[&str] = &["player_state", "enemy_state", "update_position"];

/// Body of `POST /internal/actions` on a service: a WebSocket `action` forwarded by the gateway
/// (the acting user travels in `x-user-id`). The service answers with the reply's `data`, or a
/// problem whose `code` and `detail` reach the client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ActionRequest {
    /// The action, e.g. `submit_vote`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its arguments.
    #[serde(default)]
    pub data: serde_json::Value,
}

/// The path services serve WebSocket actions on.
pub const ACTIONS_PATH: &str = "/internal/actions";
