//! How a room and its players look on the wire: a superset of the seeds' `room_info`,
//! `RoomResponse` and participants.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::{Member, Room};
use crate::domain::RoomKind;

/// A player as rooms list them (JumpJumpJump `players[]` plus the voting seed's participant).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlayerView {
    /// The player's user id (JumpJumpJump's `player_id`).
    pub player_id: Uuid,
    /// Same as `player_id` (voting seed's participant `id`).
    pub id: Uuid,
    /// Display name.
    pub player_name: String,
    /// Same as `player_name`.
    pub username: String,
    /// 1-based slot by join order.
    pub player_number: i32,
    /// Ready for the start.
    pub is_ready: bool,
    /// JumpJumpJump skin by slot.
    pub skin: &'static str,
    /// Whether the player's connection is up (false during a co-op reconnect window).
    pub connected: bool,
    /// Space position.
    pub x: i32,
    /// Space position.
    pub y: i32,
}

impl From<&Member> for PlayerView {
    fn from(m: &Member) -> Self {
        PlayerView {
            player_id: m.user_id,
            id: m.user_id,
            player_name: m.display_name.clone(),
            username: m.display_name.clone(),
            player_number: m.player_number,
            is_ready: m.is_ready,
            skin: if m.player_number == 1 {
                "alienGreen"
            } else {
                "alienPink"
            },
            connected: m.disconnected_at.is_none(),
            x: m.x,
            y: m.y,
        }
    }
}

/// A room with its players (voting seed's `RoomResponse` and JumpJumpJump's `room_info`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoomResponse {
    /// Room id.
    pub id: Uuid,
    /// The 6-character join code.
    pub code: String,
    /// Same as `code` (JumpJumpJump).
    pub room_id: String,
    /// `voting`, `space` or `coop`.
    pub kind: RoomKind,
    /// Display name.
    pub name: String,
    /// Same as `name` (JumpJumpJump).
    pub room_name: String,
    /// The host.
    pub host_id: Uuid,
    /// `waiting`, `active` or `finished`.
    pub status: String,
    /// Whether the game started (JumpJumpJump).
    pub game_started: bool,
    /// Capacity.
    pub max_players: i32,
    /// Voting rounds.
    pub total_rounds: i32,
    /// Current voting round.
    pub current_round: i32,
    /// Hidden from the open list.
    pub is_private: bool,
    /// Members.
    pub player_count: usize,
    /// Same as `player_count` (voting seed).
    pub participant_count: usize,
    /// Members by slot.
    pub players: Vec<PlayerView>,
    /// Same list (voting seed's `participants`).
    pub participants: Vec<PlayerView>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// The caller's secret for reconnecting after a dropped connection (only in the answer
    /// to the caller's own create or join).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconnect_token: Option<String>,
}

/// A room and its members, loaded together.
#[derive(Debug, Clone)]
pub struct RoomView {
    /// The room.
    pub room: Room,
    /// Its members by slot.
    pub members: Vec<Member>,
}

impl RoomView {
    /// The room's kind (rows only hold valid kinds, by a CHECK).
    pub fn kind(&self) -> RoomKind {
        self.room.kind.parse().unwrap_or(RoomKind::Voting)
    }

    /// The member row of `user`.
    pub fn member(&self, user: Uuid) -> Option<&Member> {
        self.members.iter().find(|m| m.user_id == user)
    }

    /// The wire shape.
    pub fn response(&self) -> RoomResponse {
        let players: Vec<PlayerView> = self.members.iter().map(PlayerView::from).collect();
        RoomResponse {
            id: self.room.id,
            code: self.room.code.clone(),
            room_id: self.room.code.clone(),
            kind: self.kind(),
            name: self.room.name.clone(),
            room_name: self.room.name.clone(),
            host_id: self.room.host_id,
            game_started: self.room.status != "waiting",
            status: self.room.status.clone(),
            max_players: self.room.max_players,
            total_rounds: self.room.total_rounds,
            current_round: self.room.current_round,
            is_private: self.room.is_private,
            player_count: players.len(),
            participant_count: players.len(),
            participants: players.clone(),
            players,
            created_at: self.room.created_at,
            reconnect_token: None,
        }
    }

    /// The wire shape in event payloads (`room_info`).
    pub fn info(&self) -> RoomResponse {
        self.response()
    }
}
