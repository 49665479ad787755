//! What the asset endpoints answer: the seed's fields first, then ours.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::{Asset, AssetVersion, state};
use crate::storage::{Servable, Storage};

/// One asset as `GET /api/assets/{id}` and the list answer it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssetResponse {
    /// The asset id.
    pub asset_id: Uuid,
    /// Its kind (`image`, `audio`...).
    pub asset_type: String,
    /// Where the current version is downloaded: the CDN URL for public assets, a signed,
    /// expiring URL for private ones; `null` before a first version completes.
    pub url: Option<String>,
    /// The stable CDN URL of the current version (public assets); for private ones the same
    /// signed URL as `url`.
    pub cdn_url: Option<String>,
    /// A PNG thumbnail (at most 256 px) of a PNG or JPEG current version, public or signed like
    /// `url`; `null` for other types or when the image could not be decoded within the limits.
    pub thumbnail_url: Option<String>,
    /// The version served, once one completed.
    pub current_version: Option<i32>,
    /// Its category.
    pub category: String,
    /// Who uploaded it.
    pub owner_id: Uuid,
    /// Whether it has a stable public URL.
    pub is_public: bool,
    /// The current version's file name.
    pub filename: Option<String>,
    /// The current version's sniffed content type.
    pub content_type: Option<String>,
    /// The current version's size in bytes.
    pub size: Option<i64>,
    /// The current version's SHA-256 (hex); its CDN `ETag`.
    pub sha256: Option<String>,
    /// When `url` stops working (private assets only).
    pub url_expires_at: Option<DateTime<Utc>>,
    /// When the asset was created.
    pub created_at: DateTime<Utc>,
    /// When a version last became current.
    pub updated_at: DateTime<Utc>,
}

/// One version as `GET /api/assets/{id}/versions` answers it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionResponse {
    /// 1, 2, ...
    pub version: i32,
    /// `pending`, `complete` or `deleted`.
    pub state: String,
    /// Whether this is the served version.
    pub is_current: bool,
    /// Its file name.
    pub filename: String,
    /// Verified size in bytes (complete versions), else the declared size.
    pub size: Option<i64>,
    /// Sniffed content type (complete versions), else the declared type or pattern.
    pub content_type: String,
    /// Verified SHA-256 (complete versions), else the declared one.
    pub sha256: Option<String>,
    /// Download URL of a complete version.
    pub url: Option<String>,
    /// When it was declared.
    pub created_at: DateTime<Utc>,
    /// When it completed.
    pub completed_at: Option<DateTime<Utc>>,
}

/// `GET /api/assets/{id}/versions`.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionsResponse {
    /// The asset.
    pub asset_id: Uuid,
    /// Its versions, oldest first.
    pub versions: Vec<VersionResponse>,
    /// The served version.
    pub current_version: Option<i32>,
}

/// `POST /api/assets/upload`: where to PUT the bytes.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadResponse {
    /// The asset (new, or the one a version was added to).
    pub asset_id: Uuid,
    /// The pending version.
    pub version: i32,
    /// The signed URL to PUT the bytes to.
    pub upload_url: String,
    /// Always `PUT`.
    pub method: String,
    /// Headers to send with the PUT (they are bound by the signature).
    pub headers: BTreeMap<String, String>,
    /// When `upload_url` stops working.
    pub expires_at: DateTime<Utc>,
    /// Where to confirm the upload once the PUT succeeded.
    pub complete_url: String,
    /// The largest body the URL accepts.
    pub max_size: u64,
}

/// `DELETE /api/assets/{id}`: the seed's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeleteResponse {
    /// The asset.
    pub asset_id: Uuid,
    /// Always true.
    pub deleted: bool,
    /// `Asset marked for deletion`.
    pub message: String,
    /// When its bytes will be purged.
    pub purge_after: DateTime<Utc>,
}

/// `GET /api/assets`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListResponse {
    /// The page, newest first.
    pub assets: Vec<AssetResponse>,
    /// How many assets match the filters in all.
    pub total: i64,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<Uuid>,
}

/// Download URLs of a complete version: (url, cdn_url, url_expires_at).
pub fn urls(
    storage: &dyn Storage,
    asset: &Asset,
    version: &AssetVersion,
    ttl: std::time::Duration,
    now: DateTime<Utc>,
) -> anyhow::Result<(String, String, Option<DateTime<Utc>>)> {
    let item = Servable {
        asset_id: asset.id,
        version: version.version,
        filename: &version.filename,
        key: &version.storage_key,
        content_type: version
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream"),
    };
    if asset.is_public
        && let Some(url) = storage.public_url(&item)?
    {
        return Ok((url.clone(), url, None));
    }
    let expires = now + Duration::from_std(ttl)?;
    let url = storage.signed_url(&item, expires)?;
    Ok((url.clone(), url, Some(expires)))
}

/// The thumbnail URL of a complete version that has one: public like the version, or signed.
pub fn thumbnail_url(
    storage: &dyn Storage,
    asset: &Asset,
    version: &AssetVersion,
    ttl: std::time::Duration,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let Some(key) = version.thumbnail_key.as_deref() else {
        return Ok(None);
    };
    let name = crate::domain::thumbnail::thumbnail_name(&version.filename);
    let item = Servable {
        asset_id: asset.id,
        version: version.version,
        filename: &name,
        key,
        content_type: "image/png",
    };
    if asset.is_public
        && let Some(url) = storage.public_url(&item)?
    {
        return Ok(Some(url));
    }
    Ok(Some(
        storage.signed_url(&item, now + Duration::from_std(ttl)?)?,
    ))
}

impl AssetResponse {
    /// The answer for an asset and its current version.
    pub fn build(
        storage: &dyn Storage,
        asset: Asset,
        current: Option<AssetVersion>,
        ttl: std::time::Duration,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Self> {
        let current = current.filter(|v| v.state == state::COMPLETE);
        let urls = current
            .as_ref()
            .map(|v| urls(storage, &asset, v, ttl, now))
            .transpose()?;
        let thumbnail_url = current
            .as_ref()
            .map(|v| thumbnail_url(storage, &asset, v, ttl, now))
            .transpose()?
            .flatten();
        let (url, cdn_url, url_expires_at) = match urls {
            Some((u, c, e)) => (Some(u), Some(c), e),
            None => (None, None, None),
        };
        Ok(AssetResponse {
            asset_id: asset.id,
            asset_type: asset.asset_type,
            url,
            cdn_url,
            thumbnail_url,
            current_version: asset.current_version,
            category: asset.category,
            owner_id: asset.owner_id,
            is_public: asset.is_public,
            filename: current.as_ref().map(|v| v.filename.clone()),
            content_type: current.as_ref().and_then(|v| v.content_type.clone()),
            size: current.as_ref().and_then(|v| v.size),
            sha256: current.as_ref().and_then(|v| v.sha256.clone()),
            url_expires_at,
            created_at: asset.created_at,
            updated_at: asset.updated_at,
        })
    }
}

impl VersionResponse {
    /// The answer for one version of `asset`.
    pub fn build(
        storage: &dyn Storage,
        asset: &Asset,
        v: AssetVersion,
        ttl: std::time::Duration,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Self> {
        let complete = v.state == state::COMPLETE;
        let url = if complete {
            Some(urls(storage, asset, &v, ttl, now)?.0)
        } else {
            None
        };
        Ok(VersionResponse {
            version: v.version,
            is_current: complete && asset.current_version == Some(v.version),
            state: v.state,
            filename: v.filename,
            size: v.size.or(v.declared_size),
            content_type: v.content_type.unwrap_or(v.declared_content_type),
            sha256: v.sha256.or(v.declared_sha256),
            url,
            created_at: v.created_at,
            completed_at: v.completed_at,
        })
    }
}
