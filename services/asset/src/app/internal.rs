//! Storing bytes on behalf of another service: verified like an upload, stored, and complete
//! at once.

use actix_web::web::{Bytes, BytesMut};
use chrono::{DateTime, Utc};
use contracts::asset::{StoreAssetQuery, StoredAsset};
use diesel_async::AsyncConnection;
use futures_util::{Stream, StreamExt};
use uuid::Uuid;

use crate::db::models::{Asset, AssetVersion, state};
use crate::db::queries;
use crate::domain::upload::served_filename;
use crate::domain::{UploadSpec, UploadSpecInput, Verifier};
use crate::error::AssetError;
use crate::state::AppState;
use crate::views::urls;

/// Reads `body` (cut off at the size limit), checks it against the allowed types by magic,
/// stores it and records a complete asset owned by `query.owner_id`.
#[tracing::instrument(skip_all, fields(caller = %service, owner.id = %query.owner_id))]
pub async fn store<S, E>(
    state: &AppState,
    service: &str,
    query: StoreAssetQuery,
    declared_type: Option<String>,
    mut body: S,
    now: DateTime<Utc>,
) -> Result<StoredAsset, AssetError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let owner_id = query.owner_id;
    let spec = UploadSpec::parse(
        UploadSpecInput {
            filename: query.filename,
            content_type: declared_type.map(|t| t.split(';').next().unwrap_or_default().to_owned()),
            asset_type: Some(query.asset_type),
            category: query.category,
            is_public: query.is_public,
            ..Default::default()
        },
        &state.settings.rules,
    )
    .map_err(AssetError::validation)?;
    let mut verifier = Verifier::new(&state.settings.rules, &spec.content_type, None, None);
    let mut bytes = BytesMut::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| AssetError::UploadInterrupted(e.to_string()))?;
        verifier.feed(&chunk)?;
        bytes.extend_from_slice(&chunk);
    }
    let checked = verifier.finish()?;
    let asset = Asset {
        id: Uuid::now_v7(),
        owner_id,
        asset_type: spec.asset_type,
        category: spec.category,
        is_public: spec.is_public,
        current_version: Some(1),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        purged_at: None,
    };
    let storage_key = state
        .storage
        .put(asset.id, 1, &checked, bytes.freeze())
        .await
        .map_err(AssetError::Storage)?;
    let version = AssetVersion {
        asset_id: asset.id,
        version: 1,
        state: state::COMPLETE.to_owned(),
        filename: served_filename(
            spec.filename.as_deref().unwrap_or_default(),
            &checked.content_type,
        ),
        declared_content_type: spec.content_type,
        declared_size: None,
        declared_sha256: None,
        storage_key,
        content_type: Some(checked.content_type.clone()),
        size: Some(checked.size as i64),
        sha256: Some(checked.sha256.clone()),
        upload_expires_at: now,
        created_at: now,
        completed_at: Some(now),
        thumbnail_key: None,
    };
    let mut conn = state.conn().await?;
    let (a, v) = (asset.clone(), version.clone());
    conn.transaction::<_, AssetError, _>(async move |conn| {
        queries::insert_asset(conn, &a).await?;
        queries::insert_version(conn, &v).await?;
        Ok(())
    })
    .await?;
    tracing::info!(asset.id = %asset.id, size = checked.size, "stored bytes for a service");
    super::thumbnails::make(state, &version).await;
    let (url, cdn_url, _) = urls(
        state.storage.as_ref(),
        &asset,
        &version,
        state.settings.download_ttl,
        now,
    )
    .map_err(AssetError::Storage)?;
    Ok(StoredAsset {
        asset_id: asset.id,
        version: 1,
        url,
        cdn_url,
        content_type: checked.content_type,
        size: checked.size as i64,
        sha256: checked.sha256,
    })
}
