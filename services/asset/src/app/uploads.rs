//! Declaring an upload, receiving its bytes (local backend), and completing it.

use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::{Caller, owned};
use crate::db::models::{Asset, AssetVersion, Verified, state};
use crate::db::queries;
use crate::domain::upload::served_filename;
use crate::domain::{UploadSpec, Verifier};
use crate::error::AssetError;
use crate::events::{ASSET_READY, AssetReady};
use crate::state::AppState;
use crate::storage::PendingUpload;
use crate::views::{AssetResponse, UploadResponse};

/// Records the asset (or a new version of an existing one) as pending and signs its upload URL.
#[tracing::instrument(skip_all, fields(user.id = %caller.id))]
pub async fn create_upload(
    state: &AppState,
    caller: Caller,
    spec: UploadSpec,
    now: DateTime<Utc>,
) -> Result<UploadResponse, AssetError> {
    let expires_at =
        now + Duration::from_std(state.settings.upload_ttl).map_err(AssetError::internal)?;
    let storage = state.storage.clone();
    let mut conn = state.conn().await?;
    let version = conn
        .transaction::<_, AssetError, _>(async move |conn| {
            let (asset_id, version) = match spec.asset_id {
                Some(id) => {
                    let asset = owned(queries::lock_asset(conn, id).await?, caller)?;
                    (asset.id, queries::next_version(conn, asset.id).await?)
                }
                None => {
                    let asset = Asset {
                        id: Uuid::now_v7(),
                        owner_id: caller.id,
                        asset_type: spec.asset_type.clone(),
                        category: spec.category.clone(),
                        is_public: spec.is_public,
                        current_version: None,
                        created_at: now,
                        updated_at: now,
                        deleted_at: None,
                        purged_at: None,
                        service_key: None,
                    };
                    queries::insert_asset(conn, &asset).await?;
                    (asset.id, 1)
                }
            };
            let version = AssetVersion {
                asset_id,
                version,
                state: state::PENDING.to_owned(),
                // Empty until completion names it after the sniffed type.
                filename: spec.filename.clone().unwrap_or_default(),
                declared_content_type: spec.content_type.clone(),
                declared_size: spec.size,
                declared_sha256: spec.sha256.clone(),
                storage_key: storage.pending_key(asset_id, version),
                content_type: None,
                size: None,
                sha256: None,
                upload_expires_at: expires_at,
                created_at: now,
                completed_at: None,
                thumbnail_key: None,
            };
            queries::insert_version(conn, &version).await?;
            Ok(version)
        })
        .await?;
    let target = state
        .storage
        .upload_target(&PendingUpload {
            asset_id: version.asset_id,
            version: version.version,
            key: &version.storage_key,
            content_type: &version.declared_content_type,
            size: version.declared_size,
            sha256: version.declared_sha256.as_deref(),
            expires_at,
        })
        .map_err(AssetError::Storage)?;
    let max_size = version
        .declared_size
        .map_or(state.settings.rules.max_size, |s| s as u64);
    Ok(UploadResponse {
        asset_id: version.asset_id,
        version: version.version,
        upload_url: target.url,
        method: "PUT".to_owned(),
        headers: target.headers,
        expires_at,
        complete_url: format!(
            "/api/assets/{}/versions/{}/complete",
            version.asset_id, version.version
        ),
        max_size,
    })
}

/// Verifies a pending version's bytes in storage and makes it the asset's current version.
/// Completing a complete version again answers as the first time did.
#[tracing::instrument(skip_all, fields(user.id = %caller.id, asset.id = %asset_id, version))]
pub async fn complete(
    state: &AppState,
    caller: Caller,
    asset_id: Uuid,
    version: i32,
    now: DateTime<Utc>,
) -> Result<AssetResponse, AssetError> {
    let mut conn = state.conn().await?;
    let asset = owned(queries::find_asset(&mut conn, asset_id).await?, caller)?;
    let v = queries::find_version(&mut conn, asset_id, version)
        .await?
        .ok_or(AssetError::NotFound)?;
    drop(conn);
    if v.state == state::COMPLETE {
        return answer(state, asset_id, now).await;
    }
    if v.state != state::PENDING {
        return Err(AssetError::NotPending);
    }
    let verifier = Verifier::new(
        &state.settings.rules,
        &v.declared_content_type,
        v.declared_size,
        v.declared_sha256.as_deref(),
    );
    let checked = match state
        .storage
        .inspect(&v.storage_key, verifier)
        .await
        .map_err(AssetError::Storage)?
    {
        None => return Err(AssetError::UploadMissing),
        Some(Err(rejected)) => {
            // Bad bytes are dropped so a retry with the same URL starts clean; the version
            // stays pending and nothing becomes current.
            let _ = state.storage.delete(vec![v.storage_key.clone()]).await;
            return Err(AssetError::Upload(rejected));
        }
        Some(Ok(checked)) => checked,
    };
    let object_key = state.storage.object_key(&checked.sha256);
    let mut conn = state.conn().await?;
    conn.transaction::<_, AssetError, _>(async |conn| {
        // Held until the version is recorded: a purge cannot drop the object in between.
        queries::lock_object(conn, &object_key).await?;
        let storage_key = state
            .storage
            .finalize(&v.storage_key, &checked.sha256)
            .await
            .map_err(AssetError::Storage)?;
        let verified = Verified {
            filename: served_filename(&v.filename, &checked.content_type),
            content_type: checked.content_type.clone(),
            size: checked.size as i64,
            sha256: checked.sha256.clone(),
            storage_key,
        };
        if queries::complete_version(conn, asset_id, version, &verified, now).await? == 1 {
            queries::set_current(conn, asset_id, version, now).await?;
            let ready = AssetReady { asset_id, version };
            let topic = contracts::Topic::user(asset.owner_id);
            common::outbox::enqueue(conn, &topic, ASSET_READY, &ready).await?;
        }
        Ok(())
    })
    .await?;
    let done = queries::find_version(&mut conn, asset_id, version).await?;
    drop(conn);
    if let Some(done) = done {
        super::thumbnails::make(state, &done).await;
    }
    // Woken after the thumbnail, so `asset_ready` normally finds it made (a sweep may be first).
    state.outbox.wake();
    answer(state, asset_id, now).await
}

/// The asset as it now is, for its owner.
async fn answer(
    state: &AppState,
    asset_id: Uuid,
    now: DateTime<Utc>,
) -> Result<AssetResponse, AssetError> {
    let mut conn = state.conn().await?;
    let asset = queries::find_asset(&mut conn, asset_id)
        .await?
        .ok_or(AssetError::NotFound)?;
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
