//! Typed calls to other services: inventory (furniture in and out). Usernames come from
//! common's `InternalClient::username`.

pub mod inventory;
