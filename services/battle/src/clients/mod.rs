//! Calls to other services beyond the shared ones.

pub mod inventory;
