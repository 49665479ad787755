//! The local filesystem backend: uploads are PUT to this service, which checks them as they
//! arrive; finished versions are files named by their SHA-256 and served at `/cdn/...`.
//!
//! Layout under the root: `tmp/` (uploads in flight), `pending/<asset>/<version>` (received,
//! not yet completed), `blobs/<sha256>` (complete, shared by every version with those bytes),
//! `objects/<asset>/` (thumbnails; complete versions of older releases). Keys are made only
//! from UUIDs, version numbers and hex digests, never from anything a client sends.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::PathBuf;

use actix_web::web::Bytes;
use anyhow::Context;
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use futures_util::{FutureExt, Stream, StreamExt};
use uuid::Uuid;

use super::{PendingUpload, Servable, Storage, UploadTarget};
use crate::domain::signing::UploadBinding;
use crate::domain::{Checked, UploadError, UrlSigner, Verifier};

/// Bytes buffered before each write to disk.
const WRITE_CHUNK: usize = 256 * 1024;

/// Why a streamed upload was not stored.
#[derive(Debug, thiserror::Error)]
pub enum ReceiveError {
    /// The bytes are not what the upload was bound to.
    #[error(transparent)]
    Rejected(#[from] UploadError),
    /// The client's stream broke off.
    #[error("the upload stream broke off: {0}")]
    Stream(String),
    /// The disk failed.
    #[error(transparent)]
    Io(#[from] anyhow::Error),
}

/// Files under one root directory.
pub struct LocalStore {
    root: PathBuf,
    public_url: String,
    signer: UrlSigner,
}

impl LocalStore {
    /// A store under `root` (created if missing) whose URLs start with `public_url`.
    pub fn new(root: PathBuf, public_url: &url::Url, signer: UrlSigner) -> anyhow::Result<Self> {
        for dir in ["tmp", "pending", "objects", "blobs"] {
            std::fs::create_dir_all(root.join(dir))
                .with_context(|| format!("creating {}", root.join(dir).display()))?;
        }
        Ok(LocalStore {
            root,
            public_url: public_url.as_str().trim_end_matches('/').to_owned(),
            signer,
        })
    }

    /// The file behind a storage key (keys are ours, see the module doc).
    pub fn path_of(&self, key: &str) -> PathBuf {
        self.root.join(key)
    }

    /// Streams an upload into a temporary file through `verifier` and moves it to `key` once
    /// every check passed. Nothing is kept when a check fails or the stream breaks off.
    pub async fn receive<S, E>(
        &self,
        key: &str,
        mut body: S,
        mut verifier: Verifier,
    ) -> Result<Checked, ReceiveError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let tmp = self.root.join("tmp").join(Uuid::new_v4().to_string());
        let mut file = Some(
            blocking({
                let tmp = tmp.clone();
                move || {
                    std::fs::File::create(&tmp)
                        .with_context(|| format!("creating {}", tmp.display()))
                }
            })
            .await?,
        );
        let outcome = async {
            let mut buf = Vec::with_capacity(WRITE_CHUNK);
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| ReceiveError::Stream(e.to_string()))?;
                verifier.feed(&chunk)?;
                buf.extend_from_slice(&chunk);
                if buf.len() >= WRITE_CHUNK {
                    file = Some(write_all(file.take(), std::mem::take(&mut buf)).await?);
                }
            }
            let checked = verifier.finish()?;
            let f = write_all(file.take(), buf).await?;
            let dest = self.path_of(key);
            let from = tmp.clone();
            blocking(move || {
                f.sync_data().context("syncing an upload")?;
                if let Some(parent) = dest.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::rename(&from, &dest).context("moving an upload into place")
            })
            .await?;
            Ok::<_, ReceiveError>(checked)
        }
        .await;
        if outcome.is_err() {
            drop(file);
            let _ = blocking(move || Ok(std::fs::remove_file(&tmp)?)).await;
        }
        outcome
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }
}

/// The `/cdn` path of a version.
pub fn cdn_path(asset_id: Uuid, version: i32, filename: &str) -> String {
    format!("/cdn/{asset_id}/{version}/{filename}")
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .context("a blocking file task panicked")?
}

async fn write_all(file: Option<std::fs::File>, buf: Vec<u8>) -> anyhow::Result<std::fs::File> {
    let mut file = file.context("the upload file is gone")?;
    blocking(move || {
        file.write_all(&buf).context("writing an upload")?;
        Ok(file)
    })
    .await
}

impl Storage for LocalStore {
    fn kind(&self) -> &'static str {
        "local"
    }

    fn pending_key(&self, asset_id: Uuid, version: i32) -> String {
        format!("pending/{asset_id}/{version}")
    }

    fn upload_target(&self, upload: &PendingUpload<'_>) -> anyhow::Result<UploadTarget> {
        let expires = upload.expires_at.timestamp();
        let sig = self.signer.sign_upload(&UploadBinding {
            asset_id: upload.asset_id,
            version: upload.version,
            size: upload.size,
            content_type: upload.content_type,
            sha256: upload.sha256,
            expires,
        });
        let url = self.url(&format!(
            "/api/assets/{}/versions/{}/content?expires={expires}&sig={sig}",
            upload.asset_id, upload.version
        ));
        let mut headers = BTreeMap::new();
        headers.insert("Content-Type".to_owned(), upload.content_type.to_owned());
        Ok(UploadTarget { url, headers })
    }

    fn inspect<'a>(
        &'a self,
        key: &'a str,
        mut verifier: Verifier,
    ) -> BoxFuture<'a, anyhow::Result<Option<Result<Checked, UploadError>>>> {
        let path = self.path_of(key);
        blocking(move || {
            let mut file = match std::fs::File::open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e).context("opening an upload"),
            };
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = file.read(&mut buf).context("reading an upload")?;
                if n == 0 {
                    return Ok(Some(verifier.finish()));
                }
                if let Err(e) = verifier.feed(&buf[..n]) {
                    return Ok(Some(Err(e)));
                }
            }
        })
        .boxed()
    }

    fn finalize<'a>(
        &'a self,
        pending_key: &'a str,
        sha256: &'a str,
    ) -> BoxFuture<'a, anyhow::Result<String>> {
        let key = self.object_key(sha256);
        let from = self.path_of(pending_key);
        let to = self.path_of(&key);
        blocking(move || {
            if to.exists() {
                // The same bytes are stored already: this copy is not needed.
                match std::fs::remove_file(&from) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(e).context("dropping a duplicate upload");
                    }
                    _ => {}
                }
            } else {
                std::fs::rename(&from, &to).context("moving a verified upload")?;
            }
            if let Some(dir) = from.parent() {
                let _ = std::fs::remove_dir(dir);
            }
            Ok(key)
        })
        .boxed()
    }

    fn put<'a>(
        &'a self,
        checked: &'a Checked,
        bytes: Bytes,
    ) -> BoxFuture<'a, anyhow::Result<String>> {
        let key = self.object_key(&checked.sha256);
        let to = self.path_of(&key);
        let tmp = self.root.join("tmp").join(Uuid::new_v4().to_string());
        blocking(move || {
            if to.exists() {
                return Ok(key);
            }
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_data()?;
            std::fs::rename(&tmp, &to).context("storing bytes")?;
            Ok(key)
        })
        .boxed()
    }

    fn public_url(&self, item: &Servable<'_>) -> anyhow::Result<Option<String>> {
        Ok(Some(self.url(&cdn_path(
            item.asset_id,
            item.version,
            item.filename,
        ))))
    }

    fn signed_url(&self, item: &Servable<'_>, expires_at: DateTime<Utc>) -> anyhow::Result<String> {
        let expires = expires_at.timestamp();
        let sig = self
            .signer
            .sign_download(item.asset_id, item.version, expires);
        Ok(self.url(&format!(
            "{}?expires={expires}&sig={sig}",
            cdn_path(item.asset_id, item.version, item.filename)
        )))
    }

    fn delete<'a>(&'a self, keys: Vec<String>) -> BoxFuture<'a, anyhow::Result<()>> {
        let paths: Vec<PathBuf> = keys.iter().map(|k| self.path_of(k)).collect();
        let blobs = self.root.join("blobs");
        blocking(move || {
            for path in &paths {
                match std::fs::remove_file(path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(e).with_context(|| format!("removing {}", path.display()));
                    }
                    _ => {}
                }
                // Drops a per-asset directory once its last file is gone (never `blobs/`).
                if let Some(dir) = path.parent()
                    && dir != blobs
                {
                    let _ = std::fs::remove_dir(dir);
                }
            }
            Ok(())
        })
        .boxed()
    }

    fn read<'a>(
        &'a self,
        key: &'a str,
        limit: u64,
    ) -> BoxFuture<'a, anyhow::Result<Option<Bytes>>> {
        let path = self.path_of(key);
        blocking(move || {
            let len = match std::fs::metadata(&path) {
                Ok(m) => m.len(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e).context("reading a stored file"),
            };
            if len > limit {
                anyhow::bail!("{} is {len} bytes, over {limit}", path.display());
            }
            Ok(Some(Bytes::from(
                std::fs::read(&path).context("reading a stored file")?,
            )))
        })
        .boxed()
    }

    fn put_thumbnail<'a>(
        &'a self,
        asset_id: Uuid,
        version: i32,
        png: Vec<u8>,
    ) -> BoxFuture<'a, anyhow::Result<String>> {
        let key = format!("objects/{asset_id}/thumb-{version}.png");
        let to = self.path_of(&key);
        let tmp = self.root.join("tmp").join(Uuid::new_v4().to_string());
        blocking(move || {
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&tmp, &png)?;
            std::fs::rename(&tmp, &to).context("storing a thumbnail")?;
            Ok(key)
        })
        .boxed()
    }

    fn as_local(&self) -> Option<&LocalStore> {
        Some(self)
    }
}
