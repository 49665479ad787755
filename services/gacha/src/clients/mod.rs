//! Calls to other services.

pub mod inventory;
