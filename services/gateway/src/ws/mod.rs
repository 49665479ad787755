//! The WebSocket hub: native protocol at `/ws`, fed by one Redis pattern subscription.

pub mod access;
pub mod dialects;
pub mod hub;
pub mod protocol;
pub mod session;
