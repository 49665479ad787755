//! Typed clients for the platform's own services, over [`crate::http::InternalClient`]: the
//! paths and wire types live here once, so every caller speaks the same contract.

pub mod asset;
pub mod inventory;

pub use asset::AssetClient;
pub use inventory::InventoryClient;
