//! Rows of the asset database and what is inserted.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{asset_versions, assets};

/// One asset.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assets, check_for_backend(diesel::pg::Pg))]
// NULL rather than DEFAULT for a None (no nullable column has a default): the INSERT keeps one
// SQL text, so it is prepared once per connection instead of at every upload.
#[diesel(treat_none_as_default_value = false)]
pub struct Asset {
    /// Its id (UUIDv7: id order is creation order).
    pub id: Uuid,
    /// Who uploaded it.
    pub owner_id: Uuid,
    /// Free-form kind (`image`, `audio`, ...), used for listing.
    pub asset_type: String,
    /// Free-form category, used for listing.
    pub category: String,
    /// Public assets get a stable CDN URL; private ones only signed, expiring URLs.
    pub is_public: bool,
    /// The version served, once one completed.
    pub current_version: Option<i32>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When a version last became current.
    pub updated_at: DateTime<Utc>,
    /// When it was deleted (hidden from then on).
    pub deleted_at: Option<DateTime<Utc>>,
    /// When its bytes were purged.
    pub purged_at: Option<DateTime<Utc>>,
    /// `<service>:<key>` for an asset another service stored under its own key.
    pub service_key: Option<String>,
}

/// One version of an asset.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = asset_versions, check_for_backend(diesel::pg::Pg))]
#[diesel(treat_none_as_default_value = false)]
pub struct AssetVersion {
    /// The asset.
    pub asset_id: Uuid,
    /// 1, 2, ...
    pub version: i32,
    /// `pending`, `complete` or `deleted`.
    pub state: String,
    /// The file name in its CDN URL.
    pub filename: String,
    /// The content type (or `type/*` pattern) the upload is bound to.
    pub declared_content_type: String,
    /// The exact size the upload is bound to, if declared.
    pub declared_size: Option<i64>,
    /// The SHA-256 (hex) the upload is bound to, if declared.
    pub declared_sha256: Option<String>,
    /// Where the bytes are in the storage backend.
    pub storage_key: String,
    /// The sniffed content type, once complete.
    pub content_type: Option<String>,
    /// The verified size, once complete.
    pub size: Option<i64>,
    /// The verified SHA-256 (hex), once complete.
    pub sha256: Option<String>,
    /// When the upload URL stops working.
    pub upload_expires_at: DateTime<Utc>,
    /// When it was declared.
    pub created_at: DateTime<Utc>,
    /// When it completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// Where its thumbnail is, once one was made (PNG and JPEG images).
    pub thumbnail_key: Option<String>,
}

/// What a completed version is: the facts verified from its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The sniffed content type.
    pub content_type: String,
    /// Its size in bytes.
    pub size: i64,
    /// Its SHA-256 (hex).
    pub sha256: String,
    /// The file name in its CDN URL.
    pub filename: String,
    /// Where the bytes are now.
    pub storage_key: String,
}

/// Version states as stored.
pub mod state {
    /// Declared; bytes may or may not have arrived.
    pub const PENDING: &str = "pending";
    /// Verified and servable.
    pub const COMPLETE: &str = "complete";
    /// Its asset was purged.
    pub const DELETED: &str = "deleted";
}
