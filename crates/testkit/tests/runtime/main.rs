//! Integration tests of `common` against the real PostgreSQL and Redis, through `testkit`.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod db;
mod events;
mod http_client;
mod outbox;
mod server;
mod support;
