//! What the asset service publishes.

use serde::Serialize;
use uuid::Uuid;

/// On `user:{owner}` when a version of the owner's asset completes and becomes current.
pub const ASSET_READY: &str = "asset_ready";

/// The `asset_ready` payload.
#[derive(Debug, Clone, Serialize)]
pub struct AssetReady {
    /// The asset.
    pub asset_id: Uuid,
    /// The version that completed.
    pub version: i32,
}
