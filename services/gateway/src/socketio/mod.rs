//! Socket.IO at `/socket.io/` for the voting seed's client (socket.io-client 4.x): Engine.IO
//! v4 ([`engine`]) over WebSocket ([`upgrade`]) or long-polling ([`polling`]) with the upgrade
//! to WebSocket, Socket.IO v5 ([`packet`]) on the main namespace only, and the seed's emits and
//! events ([`voting`]) over the same hub and room actions as `/ws` ([`session`]).
//!
//! Written from the protocol specifications: socketioxide, the maintained Rust server, is a
//! tower/hyper service with its own WebSocket, rooms and adapter, none of which fits a gateway
//! that takes WebSocket handshakes over before actix routing and fans events out from one
//! Redis subscription.

pub mod engine;
pub mod packet;
pub mod polling;
pub mod session;
pub mod upgrade;
pub mod voting;

pub use polling::Sessions;

use actix_web::web;

/// The polling routes (`GET`/`POST /socket.io/`); upgrades never reach them.
pub fn resource() -> actix_web::Resource {
    web::resource(["/socket.io/", "/socket.io"])
        .route(web::get().to(polling::get))
        .route(web::post().to(polling::post))
}
