//! WebSocket helpers for the dialect tests: the shared test client.

pub use testkit::ws::{Socket, connect, expect, next, send, silent, until};
