//! Typed calls to other services: auth (usernames) and inventory (furniture in and out).

pub mod auth;
pub mod inventory;
