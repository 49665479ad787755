//! The local backend's upload URL: checking its signature, then streaming the body to disk
//! through the verifier.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::db::models::state;
use crate::db::queries;
use crate::domain::signing::UploadBinding;
use crate::domain::{Checked, Verifier};
use crate::error::AssetError;
use crate::state::AppState;

/// A PUT to a local upload URL, as it arrived.
#[derive(Debug, Clone)]
pub struct IncomingUpload {
    /// The asset in the path.
    pub asset_id: Uuid,
    /// The version in the path.
    pub version: i32,
    /// `expires` from the query.
    pub expires: i64,
    /// `sig` from the query.
    pub sig: String,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The `Content-Length` header, when the body is not chunked.
    pub content_length: Option<u64>,
}

/// Checks a local upload URL and streams its body to disk, checking it as it arrives.
#[tracing::instrument(skip_all, fields(asset.id = %put.asset_id, version = put.version))]
pub async fn receive_local<S, E>(
    state: &AppState,
    put: IncomingUpload,
    body: S,
    now: DateTime<Utc>,
) -> Result<Checked, AssetError>
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let IncomingUpload {
        asset_id,
        version,
        expires,
        sig,
        content_type,
        content_length,
    } = put;
    let local = state.storage.as_local().ok_or(AssetError::NotFound)?;
    let mut conn = state.conn().await?;
    let v = queries::find_version(&mut conn, asset_id, version).await?;
    drop(conn);
    // An unknown version gets the same answer as a forged signature.
    let v = v.ok_or(AssetError::InvalidSignature)?;
    state.signer.verify_upload(
        &UploadBinding {
            asset_id,
            version,
            size: v.declared_size,
            content_type: &v.declared_content_type,
            sha256: v.declared_sha256.as_deref(),
            expires,
        },
        &sig,
        now,
    )?;
    if v.state != state::PENDING {
        return Err(AssetError::NotPending);
    }
    let sent = content_type.unwrap_or_default().trim().to_ascii_lowercase();
    let sent_type = sent.split(';').next().unwrap_or_default().trim();
    if sent_type != v.declared_content_type
        && !crate::domain::content::matches_pattern(&v.declared_content_type, sent_type)
    {
        return Err(AssetError::ContentTypeHeader {
            bound: v.declared_content_type.clone(),
            sent: sent_type.to_owned(),
        });
    }
    let verifier = Verifier::new(
        &state.settings.rules,
        &v.declared_content_type,
        v.declared_size,
        v.declared_sha256.as_deref(),
    );
    // A declared length over the limit is refused before a byte is read.
    if let Some(len) = content_length
        && len > verifier.limit()
    {
        return Err(AssetError::Upload(match v.declared_size {
            Some(declared)
                if len != declared as u64 && (declared as u64) < state.settings.rules.max_size =>
            {
                crate::domain::UploadError::SizeMismatch {
                    declared,
                    actual: len,
                }
            }
            _ => crate::domain::ContentError::TooLarge {
                limit: verifier.limit(),
            }
            .into(),
        }));
    }
    local
        .receive(&v.storage_key, body, verifier)
        .await
        .map_err(|e| match e {
            crate::storage::local::ReceiveError::Rejected(e) => AssetError::Upload(e),
            crate::storage::local::ReceiveError::Stream(e) => AssetError::UploadInterrupted(e),
            crate::storage::local::ReceiveError::Io(e) => AssetError::Storage(e),
        })
}
