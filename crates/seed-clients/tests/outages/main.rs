//! Dependency outages through the real code paths (issue 23): every service reaches PostgreSQL
//! and Redis through a link of its own ([`seed_clients::StackOptions::faulty_links`]); a test
//! cuts one link, calls a route of that service through the gateway that needs the dependency,
//! expects a prompt 503 problem+json with `Retry-After` (or the service's documented fallback),
//! and `/readyz` 503; then restores the link and expects the route and `/readyz` to come back
//! within seconds, with no restart. docs/reliability/outages.md has the findings.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;
mod postgres;
mod redis;
mod resubscribe;
mod silent;
mod workers;
