//! Wire types that cross a service boundary: service names, event envelopes and topics.
//!
//! Caller and callee both depend on this crate so their JSON cannot drift apart.

pub mod ai;
pub mod auth;
pub mod events;
pub mod inventory;
pub mod room;
pub mod services;

pub use events::{Envelope, Topic, TopicError};
pub use services::ServiceName;
