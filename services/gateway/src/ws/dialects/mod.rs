//! The seeds' WebSocket dialects: thin translators over the same hub, membership checks,
//! relay and room actions as the native protocol. `/ws/room/{id}` speaks JumpJumpJump
//! ([`jjj`]), `/api/v1/ws` the cafe's `{event, data}` frames ([`cafe`]), `/ws/battle/{id}` the
//! web game's battle socket ([`battle`]). Each runs on a
//! [`link::Link`], which owns the connection's hub registration, topics, limits and heartbeat.

pub mod battle;
pub mod bounds;
pub mod cafe;
pub mod jjj;
pub mod link;
pub mod types;
