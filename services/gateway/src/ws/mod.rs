//! The WebSocket hub: native protocol at `/ws` and the seeds' dialects, over one transport
//! ([`socket`]) taken over at the handshake ([`upgrade`]), fed by one Redis pattern subscription.

pub mod access;
pub mod dialects;
pub mod hub;
pub mod protocol;
pub mod session;
pub mod socket;
pub mod upgrade;
