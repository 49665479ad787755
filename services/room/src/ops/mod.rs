//! Room operations shared by the REST routes and the WebSocket actions: each checks the
//! rules, owns its transaction, keeps Redis in step and publishes on `room:{code}`.

pub mod coop;
pub mod presence;
pub mod rooms;
pub mod space;
pub mod sweeper;
pub mod views;
