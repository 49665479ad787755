//! What `/cdn/{asset}/{version}/{filename}` serves (local backend).

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::db::models::state;
use crate::db::queries;
use crate::domain::thumbnail::thumbnail_name;
use crate::error::AssetError;
use crate::state::AppState;

/// A file ready to be served.
#[derive(Debug, Clone)]
pub struct CdnFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its verified content type.
    pub content_type: String,
    /// Its strong `ETag`: the version's SHA-256 (its thumbnail's: `thumb-<sha256>`).
    pub sha256: String,
    /// Public versions are cacheable by anyone for a year; private ones only by the client,
    /// until their URL expires (seconds left).
    pub private_for: Option<i64>,
}

/// The signed query of a private download URL.
#[derive(Debug, Clone)]
pub struct DownloadSignature {
    /// Unix seconds.
    pub expires: i64,
    /// Hex HMAC.
    pub sig: String,
}

/// The file of a complete version of a live asset, if `filename` is its name and the caller may
/// read it: anyone for public assets, a valid signature for private ones. Everything else is
/// 404, so the existence of a private asset does not leak.
pub async fn resolve(
    state: &AppState,
    asset_id: Uuid,
    version: i32,
    filename: &str,
    signature: Option<DownloadSignature>,
    now: DateTime<Utc>,
) -> Result<CdnFile, AssetError> {
    let local = state.storage.as_local().ok_or(AssetError::NotFound)?;
    let mut conn = state.conn().await?;
    let asset = queries::find_asset(&mut conn, asset_id)
        .await?
        .filter(|a| a.deleted_at.is_none())
        .ok_or(AssetError::NotFound)?;
    let v = queries::find_version(&mut conn, asset_id, version)
        .await?
        .filter(|v| v.state == state::COMPLETE)
        .ok_or(AssetError::NotFound)?;
    // The version itself, or its thumbnail (whose name can never equal a version's own).
    let (key, content_type, etag) = if v.filename == filename {
        (
            v.storage_key,
            v.content_type.unwrap_or_default(),
            v.sha256.unwrap_or_default(),
        )
    } else {
        match v.thumbnail_key {
            Some(key) if filename == thumbnail_name(&v.filename) => (
                key,
                "image/png".to_owned(),
                format!("thumb-{}", v.sha256.unwrap_or_default()),
            ),
            _ => return Err(AssetError::NotFound),
        }
    };
    drop(conn);
    let private_for = if asset.is_public {
        None
    } else {
        let signature = signature.ok_or(AssetError::NotFound)?;
        state
            .signer
            .verify_download(asset_id, version, signature.expires, &signature.sig, now)?;
        Some((signature.expires - now.timestamp()).max(0))
    };
    Ok(CdnFile {
        path: local.path_of(&key),
        content_type,
        sha256: etag,
        private_for,
    })
}
