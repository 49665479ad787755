//! Room operations shared by the REST routes and the WebSocket actions: each checks the
//! rules, owns its transaction, keeps Redis in step and publishes on `room:{code}`.

pub mod base;
pub mod chat;
pub mod coop;
pub mod game;
pub mod lifecycle;
pub mod placement;
pub mod presence;
pub mod rooms;
pub mod space;
pub mod sweeper;
pub mod views;
