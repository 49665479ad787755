//! The asset service's internal API (`POST /internal/assets`): other services (ai's generated
//! images, battle's boss gallery) store bytes and get their URLs back.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Where the asset service stores bytes for other services.
pub const STORE_PATH: &str = "/internal/assets";
/// Where another service finds what it stored under a key (`?key=`).
pub const BY_KEY_PATH: &str = "/internal/assets/by-key";

/// `POST /internal/assets` query; the body is the bytes, with their `Content-Type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, IntoParams)]
pub struct StoreAssetQuery {
    /// The player the asset belongs to (who may delete it).
    pub owner_id: Uuid,
    /// Kind of asset, e.g. `image`.
    pub asset_type: String,
    /// Category, e.g. `generated` or `bosses`; default `general`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// File name in the CDN URL; default `asset.<ext>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
    /// Public (stable CDN URL, the default) or private (signed URLs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_public: Option<bool>,
    /// The caller's own name for this asset (1-200 visible ASCII characters), unique per
    /// calling service: storing again under a key that names a live asset answers with that
    /// asset and stores nothing, so a retried store never makes a second asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// `GET /internal/assets/by-key` query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, IntoParams)]
pub struct AssetKeyQuery {
    /// The key the calling service stored the asset under.
    pub key: String,
}

/// What was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoredAsset {
    /// The new asset.
    pub asset_id: Uuid,
    /// Always 1.
    pub version: i32,
    /// The download URL (signed and expiring for private assets).
    pub url: String,
    /// The stable CDN URL (public assets), else the same as `url`.
    pub cdn_url: String,
    /// The sniffed content type.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}
