//! Gateway: routing, request ids, failures of upstreams, rate limits, CORS, limits, docs portal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod http;
mod play;
mod relay;
mod seedkey;
mod seedpaths;
mod socketio;
mod transport;
mod ws;
