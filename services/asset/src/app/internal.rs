//! Storing bytes on behalf of another service: verified like an upload, stored, and complete
//! at once; idempotent under the caller's own key.

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
/// stores it and records a complete asset owned by `query.owner_id`. Under a `key` that names
/// a live asset of the calling service, answers with that asset without reading the body.
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
    let service_key = query
        .key
        .as_deref()
        .map(|key| service_key(service, key))
        .transpose()?;
    if let Some(key) = &service_key
        && let Some(found) = find(state, key, now).await?
    {
        return Ok(found);
    }
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
        service_key: service_key.clone(),
    };
    let object_key = state.storage.object_key(&checked.sha256);
    let mut version = AssetVersion {
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
        storage_key: object_key.clone(),
        content_type: Some(checked.content_type.clone()),
        size: Some(checked.size as i64),
        sha256: Some(checked.sha256.clone()),
        upload_expires_at: now,
        created_at: now,
        completed_at: Some(now),
        thumbnail_key: None,
    };
    let mut conn = state.conn().await?;
    let bytes = bytes.freeze();
    let raced = conn
        .transaction::<_, AssetError, _>(async |conn| {
            if let Some(key) = &service_key {
                // Two stores under one key: the second waits, then finds the first's asset.
                queries::lock_service_key(conn, key).await?;
                if let Some(existing) = queries::find_by_service_key(conn, key).await? {
                    return Ok(Some(existing));
                }
            }
            queries::lock_object(conn, &object_key).await?;
            version.storage_key = state
                .storage
                .put(&checked, bytes.clone())
                .await
                .map_err(AssetError::Storage)?;
            queries::insert_asset(conn, &asset).await?;
            queries::insert_version(conn, &version).await?;
            Ok(None)
        })
        .await?;
    drop(conn);
    if let Some(existing) = raced {
        return view(state, &existing, now).await;
    }
    tracing::info!(asset.id = %asset.id, size = checked.size, "stored bytes for a service");
    super::thumbnails::make(state, &version).await;
    stored(state, &asset, &version, now)
}

/// The live asset the calling `service` stored under `key`.
pub async fn find_by_key(
    state: &AppState,
    service: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<StoredAsset, AssetError> {
    let key = service_key(service, key)?;
    find(state, &key, now).await?.ok_or(AssetError::NotFound)
}

async fn find(
    state: &AppState,
    service_key: &str,
    now: DateTime<Utc>,
) -> Result<Option<StoredAsset>, AssetError> {
    let mut conn = state.conn().await?;
    let found = queries::find_by_service_key(&mut conn, service_key).await?;
    drop(conn);
    match found {
        Some(asset) => view(state, &asset, now).await.map(Some),
        None => Ok(None),
    }
}

async fn view(
    state: &AppState,
    asset: &Asset,
    now: DateTime<Utc>,
) -> Result<StoredAsset, AssetError> {
    let mut conn = state.conn().await?;
    let version = match asset.current_version {
        Some(v) => queries::find_version(&mut conn, asset.id, v).await?,
        None => None,
    }
    .ok_or(AssetError::NotFound)?;
    stored(state, asset, &version, now)
}

fn stored(
    state: &AppState,
    asset: &Asset,
    version: &AssetVersion,
    now: DateTime<Utc>,
) -> Result<StoredAsset, AssetError> {
    let (url, cdn_url, _) = urls(
        state.storage.as_ref(),
        asset,
        version,
        state.settings.download_ttl,
        now,
    )
    .map_err(AssetError::Storage)?;
    Ok(StoredAsset {
        asset_id: asset.id,
        version: version.version,
        url,
        cdn_url,
        content_type: version.content_type.clone().unwrap_or_default(),
        size: version.size.unwrap_or_default(),
        sha256: version.sha256.clone().unwrap_or_default(),
    })
}

/// `<service>:<key>`, after checking the key is 1-200 visible ASCII characters.
fn service_key(service: &str, key: &str) -> Result<String, AssetError> {
    if key.is_empty() || key.len() > 200 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AssetError::query("key", "1-200 visible ASCII characters"));
    }
    Ok(format!("{service}:{key}"))
}
