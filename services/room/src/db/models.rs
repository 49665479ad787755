//! Rows of the room database and their insertables.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use super::schema::{
    chat_messages, object_placements, room_members, room_objects, rooms, tool_logs,
};

/// A room of any kind.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = rooms)]
pub struct Room {
    /// Id.
    pub id: Uuid,
    /// The 6-character join code.
    pub code: String,
    /// `voting`, `space` or `coop`.
    pub kind: String,
    /// Display name.
    pub name: String,
    /// The host (first remaining member after a handover).
    pub host_id: Uuid,
    /// `waiting`, `active` or `finished`.
    pub status: String,
    /// Capacity.
    pub max_players: i32,
    /// Voting game rounds.
    pub total_rounds: i32,
    /// Voting game's current round.
    pub current_round: i32,
    /// Hidden from the open list.
    pub is_private: bool,
    /// The co-op level seed.
    pub seed: i32,
    /// When the co-op game starts, in Unix ms.
    pub game_start_ms: Option<i64>,
    /// When an empty room is removed.
    pub delete_after: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// The integer the cafe seed's client names the room by (an alias of `code`).
    pub alias_id: i64,
}

/// A new room.
#[derive(Debug, Insertable)]
#[diesel(table_name = rooms)]
pub struct NewRoom<'a> {
    /// Id.
    pub id: Uuid,
    /// Code.
    pub code: &'a str,
    /// Kind.
    pub kind: &'a str,
    /// Name.
    pub name: &'a str,
    /// Host.
    pub host_id: Uuid,
    /// Capacity.
    pub max_players: i32,
    /// Rounds.
    pub total_rounds: i32,
    /// Private.
    pub is_private: bool,
    /// Seed.
    pub seed: i32,
}

/// A member of a room.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = room_members)]
pub struct Member {
    /// Room.
    pub room_id: Uuid,
    /// User.
    pub user_id: Uuid,
    /// Name shown to others.
    pub display_name: String,
    /// 1-based join order slot.
    pub player_number: i32,
    /// Ready for the game.
    pub is_ready: bool,
    /// Space position.
    pub x: i32,
    /// Space position.
    pub y: i32,
    /// Secret that lets this player back in after a dropped connection.
    pub reconnect_token: String,
    /// When the connection dropped (co-op, game started).
    pub disconnected_at: Option<DateTime<Utc>>,
    /// Joined.
    pub joined_at: DateTime<Utc>,
}

/// A new member.
#[derive(Debug, Insertable)]
#[diesel(table_name = room_members)]
pub struct NewMember<'a> {
    /// Room.
    pub room_id: Uuid,
    /// User.
    pub user_id: Uuid,
    /// Name.
    pub display_name: &'a str,
    /// Slot.
    pub player_number: i32,
    /// Position.
    pub x: i32,
    /// Position.
    pub y: i32,
    /// Reconnect secret.
    pub reconnect_token: &'a str,
}

/// A chat line.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = chat_messages)]
pub struct ChatMessage {
    /// Increasing id (the pagination cursor).
    pub id: i64,
    /// Room.
    pub room_id: Uuid,
    /// Author.
    pub user_id: Uuid,
    /// Author's name then.
    pub display_name: String,
    /// Text.
    pub message: String,
    /// Sent.
    pub created_at: DateTime<Utc>,
}

/// A new chat line.
#[derive(Debug, Insertable)]
#[diesel(table_name = chat_messages)]
pub struct NewChatMessage<'a> {
    /// Room.
    pub room_id: Uuid,
    /// Author.
    pub user_id: Uuid,
    /// Author's name.
    pub display_name: &'a str,
    /// Text.
    pub message: &'a str,
}

/// A placement intent (recorded before inventory consumes the item).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = object_placements)]
pub struct Placement {
    /// Placing player.
    pub user_id: Uuid,
    /// The client's (or a generated) idempotency key.
    pub key: String,
    /// Room.
    pub room_id: Uuid,
    /// The owned item to consume.
    pub inventory_item_id: Uuid,
    /// Position.
    pub x: i32,
    /// Position.
    pub y: i32,
    /// Rotation in degrees.
    pub rotation: f64,
    /// The object once placed.
    pub object_id: Option<Uuid>,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// A placed object.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = room_objects)]
pub struct RoomObject {
    /// Id.
    pub id: Uuid,
    /// Room.
    pub room_id: Uuid,
    /// Who placed it (and gets it back when it is picked up).
    pub owner_id: Uuid,
    /// Cafe type (`chair`, `table`...).
    pub object_type: String,
    /// The inventory catalog entry it came from.
    pub catalog_id: String,
    /// Position.
    pub x: i32,
    /// Position.
    pub y: i32,
    /// Rotation in degrees.
    pub rotation: f64,
    /// The item's properties.
    pub metadata: Value,
    /// Pick-up in progress.
    pub picked_up_at: Option<DateTime<Utc>>,
    /// Placed.
    pub created_at: DateTime<Utc>,
    /// The owner's display name when placed (shown after the owner has left).
    pub owner_name: Option<String>,
}

/// A tool use.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tool_logs)]
pub struct ToolLog {
    /// Id.
    pub id: i64,
    /// Room.
    pub room_id: Uuid,
    /// Who used the tool.
    pub user_id: Uuid,
    /// The object.
    pub target_object_id: Uuid,
    /// `destroy` or `move`.
    pub action: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A new tool use.
#[derive(Debug, Insertable)]
#[diesel(table_name = tool_logs)]
pub struct NewToolLog<'a> {
    /// Room.
    pub room_id: Uuid,
    /// User.
    pub user_id: Uuid,
    /// Object.
    pub target_object_id: Uuid,
    /// Action.
    pub action: &'a str,
}
