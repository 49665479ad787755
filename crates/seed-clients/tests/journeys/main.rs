//! The seeds' real clients replayed call by call through the gateway against the whole
//! stack (CLIENTS.md), one module per seed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cafe;
mod stack;
