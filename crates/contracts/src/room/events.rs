//! What the room service publishes on `room:{code}`: one struct per event type, so a payload
//! can never go out as `null` after a failed conversion and readers (the gateway's dialects)
//! see one definition. Fields are declared in name order, the order the former `json!`
//! payloads had on the wire. Nested views the room owns (its `room_info`, players, objects,
//! answers and scores) are type parameters: the event fixes its own fields, the room its views.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

pub use super::game_events::*;

/// `player_joined`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlayerJoined<Info, Player> {
    /// Always `null` (the seeds' field).
    pub avatar_url: Option<String>,
    /// Members after the join.
    pub participant_count: usize,
    /// Members by slot.
    pub participants: Vec<Player>,
    /// The joiner.
    pub player_id: Uuid,
    /// The joiner's name.
    pub player_name: String,
    /// 1-based slot.
    pub player_number: i32,
    /// The room after the join.
    pub room_info: Info,
    /// Same as `player_id`.
    pub user_id: Uuid,
    /// Same as `player_name`.
    pub username: String,
    /// Space position.
    pub x: i32,
    /// Space position.
    pub y: i32,
}

/// `player_left` and `player_disconnected`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlayerLeft<Info, Player> {
    /// Always `null`.
    pub avatar_url: Option<String>,
    /// Whether the slot is kept for a reconnect.
    pub can_reconnect: bool,
    /// Members after the departure.
    pub participant_count: usize,
    /// Members by slot.
    pub participants: Vec<Player>,
    /// Who left.
    pub player_id: Uuid,
    /// Their name.
    pub player_name: String,
    /// The room after the departure.
    pub room_info: Info,
    /// Same as `player_id`.
    pub user_id: Uuid,
    /// Same as `player_name`.
    pub username: String,
    /// Always 0 (the cafe seed's field).
    pub x: i32,
    /// Always 0.
    pub y: i32,
}

/// `host_changed`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HostChanged<Info> {
    /// The new host.
    pub host_id: Uuid,
    /// The host who left.
    pub previous_host_id: Uuid,
    /// The room now.
    pub room_info: Info,
}

/// `player_reconnected`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlayerReconnected<Info> {
    /// Who came back.
    pub player_id: Uuid,
    /// Their name.
    pub player_name: String,
    /// The room now.
    pub room_info: Info,
}

/// `player_ready_changed`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlayerReadyChanged<Info> {
    /// The flag now.
    pub is_ready: bool,
    /// Whose flag.
    pub player_id: Uuid,
    /// The room now.
    pub room_info: Info,
}

/// `chat`: a chat line (JumpJumpJump `chat` and cafe `message_received` fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChatLine {
    /// Always `null`.
    pub avatar_url: Option<String>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// Increasing id.
    pub id: i64,
    /// The text.
    pub message: String,
    /// The author.
    pub player_id: Uuid,
    /// The author's name then.
    pub player_name: String,
    /// Same as `created_at`.
    pub timestamp: DateTime<Utc>,
    /// Same as `player_id`.
    pub user_id: Uuid,
    /// Same as `player_name`.
    pub username: String,
}

/// `room_closed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomClosed {
    /// The room's code.
    pub room_id: String,
}

/// `object_placed`: the object, and its owner's name when a player placed it just now.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ObjectPlaced<Object> {
    /// The object as `GET .../objects` shows it.
    #[serde(flatten)]
    pub object: Object,
    /// The owner's display name (absent when a sweep finished a placement a crash left).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_username: Option<String>,
}

/// `object_moved`: the object where it is now, and who moved it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ObjectMoved<Object> {
    /// The object as `GET .../objects` shows it.
    #[serde(flatten)]
    pub object: Object,
    /// The player who moved it.
    pub moved_by: Uuid,
}

/// `object_removed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectRemoved {
    /// Who removed it.
    pub by: Uuid,
    /// The object.
    pub id: Uuid,
    /// `picked_up` or `destroyed`.
    pub reason: String,
}

/// `tool_used`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolUsed {
    /// `destroy` or `move`.
    pub action: String,
    /// The tool log entry.
    pub id: i64,
    /// The object it was used on.
    pub target_object_id: Uuid,
    /// When.
    pub timestamp: DateTime<Utc>,
    /// Who.
    pub user_id: Uuid,
    /// Their name.
    pub username: String,
}

/// `game_starting` (co-op): the full game state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GameStarting {
    /// The JumpJumpJump `game_state` object.
    pub game_state: Value,
    /// The room's sequence id.
    pub sequence_id: i64,
}

/// `item_collected` (co-op): the first claim of a coin or power-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemCollected {
    /// The item.
    pub item_id: String,
    /// `coin` or `powerup`.
    pub item_type: String,
    /// The claimer's coins now.
    pub player_coins: i64,
    /// The claimer.
    pub player_id: Uuid,
    /// The claimer's score now.
    pub player_score: i64,
}

/// `enemy_spawned`, `coin_spawned` and `powerup_spawned` (co-op): the entity under its kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EntitySpawned {
    /// `{"enemy": {...}}`
    Enemy {
        /// The normalised enemy.
        enemy: Value,
    },
    /// `{"coin": {...}}`
    Coin {
        /// The normalised coin.
        coin: Value,
    },
    /// `{"powerup": {...}}`
    Powerup {
        /// The normalised power-up.
        powerup: Value,
    },
}

/// `enemy_killed` (co-op).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnemyKilled {
    /// The enemy.
    pub enemy_id: String,
    /// The first killer.
    pub killed_by: Uuid,
}

/// `entities_sync` (co-op): the host's entities for everyone else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitiesSync {
    /// Uncollected coins.
    pub coins: Vec<Value>,
    /// Live enemies and those killed moments ago.
    pub enemies: Vec<Value>,
    /// The host, who does not get it.
    pub exclude_user: Uuid,
    /// The room's sequence id.
    pub sequence_id: i64,
}

/// `player_state_update` (co-op): the host's `assist` moved a player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlayerStateUpdate {
    /// The moved player.
    pub player_id: Uuid,
    /// The new `x` and `y` (either may be absent).
    pub state: Map<String, Value>,
}

/// `game_action` (co-op): a player's action relayed to the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GameAction {
    /// Its name.
    pub action: String,
    /// Its arguments (floats rounded).
    pub data: Value,
    /// The actor, who does not get it.
    pub exclude_user: Uuid,
    /// The actor.
    pub player_id: Uuid,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn flat_events_keep_the_bytes_of_their_former_json_payloads() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let at = DateTime::<Utc>::from_timestamp_millis(1_700_000_000_000).unwrap_or_default();
        let typed = serde_json::to_string(&ToolUsed {
            action: "destroy".into(),
            id: 7,
            target_object_id: b,
            timestamp: at,
            user_id: b,
            username: "ann".into(),
        })
        .unwrap();
        let loose = json!({ "id": 7, "user_id": b, "username": "ann", "target_object_id": b,
            "action": "destroy", "timestamp": at });
        assert_eq!(typed, loose.to_string());
        let typed = serde_json::to_string(&RoundOpened {
            ends_at: None,
            question: "q".into(),
            room_code: "ABC123".into(),
            round_id: a,
            round_number: 1,
            status: "answering".into(),
            time_limit: 60,
            total_rounds: 3,
        })
        .unwrap();
        let loose = json!({ "round_number": 1, "question": "q", "round_id": a, "time_limit": 60,
            "status": "answering", "ends_at": null, "total_rounds": 3, "room_code": "ABC123" });
        assert_eq!(typed, loose.to_string());
    }

    #[test]
    fn spawned_entities_go_out_under_their_kind() {
        let coin = EntitySpawned::Coin {
            coin: json!({ "coin_id": "c1" }),
        };
        assert_eq!(
            serde_json::to_value(&coin).unwrap(),
            json!({ "coin": { "coin_id": "c1" } })
        );
    }
}
