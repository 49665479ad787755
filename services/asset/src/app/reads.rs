//! Reading assets and their versions, and deleting them.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::{Caller, owned};
use crate::db::models::Asset;
use crate::db::queries::{self, ListFilter, Viewer};
use crate::error::AssetError;
use crate::state::AppState;
use crate::views::{
    AssetResponse, DeleteResponse, ListResponse, VersionResponse, VersionsResponse,
};

/// Whether `viewer` may see `asset`: public ones everyone, private ones their owner and admins.
fn visible(asset: Option<Asset>, viewer: Viewer) -> Result<Asset, AssetError> {
    asset
        .filter(|a| a.deleted_at.is_none())
        .filter(|a| a.is_public || viewer.admin || viewer.user_id == Some(a.owner_id))
        .ok_or(AssetError::NotFound)
}

/// One asset with its current version's URLs.
pub async fn get_asset(
    state: &AppState,
    viewer: Viewer,
    asset_id: Uuid,
    now: DateTime<Utc>,
) -> Result<AssetResponse, AssetError> {
    let mut conn = state.conn().await?;
    let asset = visible(queries::find_asset(&mut conn, asset_id).await?, viewer)?;
    // A public asset with nothing uploaded yet is only its owner's business.
    if asset.current_version.is_none() && !viewer.admin && viewer.user_id != Some(asset.owner_id) {
        return Err(AssetError::NotFound);
    }
    let current = match asset.current_version {
        Some(v) => queries::find_version(&mut conn, asset_id, v).await?,
        None => None,
    };
    AssetResponse::build(
        state.storage.as_ref(),
        asset,
        current,
        state.settings.download_ttl,
        now,
    )
    .map_err(AssetError::Storage)
}

/// A page of visible assets.
pub async fn list_assets(
    state: &AppState,
    viewer: Viewer,
    filter: ListFilter,
    now: DateTime<Utc>,
) -> Result<ListResponse, AssetError> {
    let mut conn = state.conn().await?;
    let limit = filter.limit;
    let (rows, total) = queries::list_assets(&mut conn, viewer, &filter).await?;
    drop(conn);
    let next_cursor = if rows.len() as i64 == limit {
        rows.last().map(|(a, _)| a.id)
    } else {
        None
    };
    let assets = rows
        .into_iter()
        .map(|(asset, current)| {
            AssetResponse::build(
                state.storage.as_ref(),
                asset,
                current,
                state.settings.download_ttl,
                now,
            )
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(AssetError::Storage)?;
    Ok(ListResponse {
        assets,
        total,
        next_cursor,
    })
}

/// Every version of a visible asset; pending ones only for its owner and admins.
pub async fn list_versions(
    state: &AppState,
    viewer: Viewer,
    asset_id: Uuid,
    now: DateTime<Utc>,
) -> Result<VersionsResponse, AssetError> {
    let mut conn = state.conn().await?;
    let asset = visible(queries::find_asset(&mut conn, asset_id).await?, viewer)?;
    let privileged = viewer.admin || viewer.user_id == Some(asset.owner_id);
    let versions = queries::list_versions(&mut conn, asset_id).await?;
    drop(conn);
    if !privileged && asset.current_version.is_none() {
        return Err(AssetError::NotFound);
    }
    let versions = versions
        .into_iter()
        .filter(|v| privileged || v.state == crate::db::models::state::COMPLETE)
        .map(|v| {
            VersionResponse::build(
                state.storage.as_ref(),
                &asset,
                v,
                state.settings.download_ttl,
                now,
            )
        })
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(AssetError::Storage)?;
    Ok(VersionsResponse {
        asset_id,
        current_version: asset.current_version,
        versions,
    })
}

/// Soft-deletes an asset (owner or admin): hidden at once, bytes purged after the grace period.
#[tracing::instrument(skip_all, fields(user.id = %caller.id, asset.id = %asset_id))]
pub async fn delete_asset(
    state: &AppState,
    caller: Caller,
    asset_id: Uuid,
    now: DateTime<Utc>,
) -> Result<DeleteResponse, AssetError> {
    let mut conn = state.conn().await?;
    owned(queries::find_asset(&mut conn, asset_id).await?, caller)?;
    if queries::soft_delete(&mut conn, asset_id, now).await? == 0 {
        // Deleted concurrently by another request.
        return Err(AssetError::NotFound);
    }
    let grace = Duration::from_std(state.settings.purge_grace).unwrap_or(Duration::MAX);
    Ok(DeleteResponse {
        asset_id,
        deleted: true,
        message: "Asset marked for deletion".to_owned(),
        purge_after: now
            .checked_add_signed(grace)
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
    })
}
