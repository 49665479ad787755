//! Where the bytes live, behind one abstraction with two backends chosen by configuration:
//! the local filesystem (uploads through this service, downloads at `/cdn/...`) and any
//! S3-compatible store (presigned URLs straight to the store).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use uuid::Uuid;

use crate::domain::{Checked, UploadError, Verifier};

pub mod local;
pub mod s3;

pub use local::LocalStore;
pub use s3::S3Store;

/// Where and how a client sends an upload's bytes.
#[derive(Debug, Clone)]
pub struct UploadTarget {
    /// The signed URL.
    pub url: String,
    /// Headers the client must send with it (they are part of what is signed).
    pub headers: BTreeMap<String, String>,
}

/// What an upload URL is bound to.
#[derive(Debug, Clone)]
pub struct PendingUpload<'a> {
    /// The asset.
    pub asset_id: Uuid,
    /// The version.
    pub version: i32,
    /// The storage key the bytes land at.
    pub key: &'a str,
    /// Content type or `type/*`.
    pub content_type: &'a str,
    /// Exact size, if declared.
    pub size: Option<i64>,
    /// SHA-256 (hex), if declared.
    pub sha256: Option<&'a str>,
    /// When the URL stops working.
    pub expires_at: DateTime<Utc>,
}

/// What a download URL points at.
#[derive(Debug, Clone)]
pub struct Servable<'a> {
    /// The asset.
    pub asset_id: Uuid,
    /// The version.
    pub version: i32,
    /// Its file name.
    pub filename: &'a str,
    /// Its storage key.
    pub key: &'a str,
    /// Its verified content type.
    pub content_type: &'a str,
}

/// The storage backend.
pub trait Storage: Send + Sync {
    /// Short name for logs and health (`local`, `s3`).
    fn kind(&self) -> &'static str;

    /// The key a pending version's bytes are uploaded to.
    fn pending_key(&self, asset_id: Uuid, version: i32) -> String;

    /// The signed URL and headers a client uploads a pending version with.
    fn upload_target(&self, upload: &PendingUpload<'_>) -> anyhow::Result<UploadTarget>;

    /// Reads the object at `key` through `verifier` (stopping at its limit). `None` when no
    /// object is there; the inner error when the bytes are not what the upload was bound to.
    fn inspect<'a>(
        &'a self,
        key: &'a str,
        verifier: Verifier,
    ) -> BoxFuture<'a, anyhow::Result<Option<Result<Checked, UploadError>>>>;

    /// The content-addressed key of the bytes whose SHA-256 is `sha256`: every version with
    /// those bytes, of any asset, shares that one object.
    fn object_key(&self, sha256: &str) -> String {
        format!("blobs/{sha256}")
    }

    /// Moves verified bytes from their pending key to their content-addressed key (dropping
    /// them when an object with that content is already there) and returns that key. Callers
    /// hold [`crate::db::queries::lock_object`] on the key until the version that uses it is
    /// recorded, so a purge never deletes the object in between.
    fn finalize<'a>(
        &'a self,
        pending_key: &'a str,
        sha256: &'a str,
    ) -> BoxFuture<'a, anyhow::Result<String>>;

    /// Stores bytes that are already verified (internal uploads by other services) at their
    /// content-addressed key, unless they are there already, and returns that key. Same lock
    /// as [`Storage::finalize`].
    fn put<'a>(
        &'a self,
        checked: &'a Checked,
        bytes: actix_web::web::Bytes,
    ) -> BoxFuture<'a, anyhow::Result<String>>;

    /// The stable public URL of a version, if this backend has one.
    fn public_url(&self, item: &Servable<'_>) -> anyhow::Result<Option<String>>;

    /// A signed URL that serves a version until `expires_at`.
    fn signed_url(&self, item: &Servable<'_>, expires_at: DateTime<Utc>) -> anyhow::Result<String>;

    /// The bytes at `key`, if there and at most `limit` long (thumbnails read their source).
    fn read<'a>(
        &'a self,
        key: &'a str,
        limit: u64,
    ) -> BoxFuture<'a, anyhow::Result<Option<actix_web::web::Bytes>>>;

    /// Stores a version's PNG thumbnail and returns its key.
    fn put_thumbnail<'a>(
        &'a self,
        asset_id: Uuid,
        version: i32,
        png: Vec<u8>,
    ) -> BoxFuture<'a, anyhow::Result<String>>;

    /// Removes the objects at `keys` (missing ones are fine).
    fn delete<'a>(&'a self, keys: Vec<String>) -> BoxFuture<'a, anyhow::Result<()>>;

    /// The local store, when the bytes are on this service's disk (it then receives uploads and
    /// serves `/cdn`).
    fn as_local(&self) -> Option<&LocalStore> {
        None
    }
}
