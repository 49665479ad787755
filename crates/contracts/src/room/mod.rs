//! Redis keys the room service keeps for the gateway's seed dialects, beside the member and
//! relayable sets of `events`.

use crate::Topic;

pub mod actions;
pub mod events;
mod game_events;

/// Redis key suffix of a space room's floor bounds: a hash `min_x`, `min_y`, `max_x`, `max_y`.
/// The gateway refuses relayed positions outside it.
pub fn bounds_key(topic: &Topic) -> String {
    format!("topic:bounds:{topic}")
}

/// Redis key suffix of a space room's last relayed positions: a hash user id -> `x,y`, written
/// by the gateway when it relays `update_position` (the latest one, at most every 250 ms), read by the room service for `room_state`.
pub fn positions_key(topic: &Topic) -> String {
    format!("topic:positions:{topic}")
}

/// Redis key suffix of a co-op room's last relayed player states: a hash user id -> the
/// rounded `state` JSON, written by the gateway (the latest one, at most every 250 ms), read
/// by the room service for the `game_state` of a start or a reconnect.
pub fn states_key(topic: &Topic) -> String {
    format!("topic:states:{topic}")
}

/// The room service's name for a dropped WebSocket connection, sent by the gateway's dialects
/// as an action so the room can keep a co-op slot for a reconnect or let the player go.
pub const DISCONNECT_ACTION: &str = "disconnect";

/// Where the gateway sends a guest's room actions (a token-less JumpJumpJump connection):
/// the room service allows guests co-op play only.
pub const GUEST_ACTIONS_PATH: &str = "/internal/guest-actions";
