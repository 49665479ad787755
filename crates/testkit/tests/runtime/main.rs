//! Integration tests of `common` against the real PostgreSQL and Redis, through `testkit`.

mod auth;
mod db;
mod events;
mod http_client;
mod server;
mod support;
