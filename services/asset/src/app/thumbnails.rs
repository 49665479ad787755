//! Thumbnails made after a PNG or JPEG version completes. A source that cannot be decoded
//! within the limits simply gets none: the version itself is complete either way.

use actix_web::web::Bytes;

use crate::db::models::AssetVersion;
use crate::db::queries;
use crate::domain::thumbnail;
use crate::state::AppState;

/// Makes, stores and records the thumbnail of a complete version, if its type has one. Errors
/// are logged, never returned: a missing thumbnail is not a failed upload.
pub async fn make(state: &AppState, version: &AssetVersion) {
    let supported = version
        .content_type
        .as_deref()
        .is_some_and(thumbnail::supports);
    if !supported || version.thumbnail_key.is_some() {
        return;
    }
    if let Err(e) = try_make(state, version).await {
        tracing::info!(asset.id = %version.asset_id, version = version.version, error = %format!("{e:#}"), "no thumbnail");
    }
}

async fn try_make(state: &AppState, version: &AssetVersion) -> anyhow::Result<()> {
    let source: Bytes = state
        .storage
        .read(&version.storage_key, state.settings.rules.max_size)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the version's bytes are gone"))?;
    // Decoding is CPU work: off the async workers.
    let png = tokio::task::spawn_blocking(move || thumbnail::thumbnail(&source)).await??;
    let key = state
        .storage
        .put_thumbnail(version.asset_id, version.version, png)
        .await?;
    let mut conn = state.db.get().await?;
    queries::set_thumbnail(&mut conn, version.asset_id, version.version, &key).await?;
    Ok(())
}
