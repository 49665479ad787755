//! The S3 backend: any S3-compatible store (AWS, MinIO, moto...). Clients upload and download
//! with presigned SigV4 URLs straight to the store (signed by `rusty-s3`); this service only
//! reads an object back once, to verify it on completion, and deletes purged ones.

use std::collections::BTreeMap;
use std::time::Duration;

use actix_web::web::Bytes;
use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use futures_util::{FutureExt, StreamExt};
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};
use secrecy::ExposeSecret;
use uuid::Uuid;

use super::{PendingUpload, Servable, Storage, UploadTarget};
use crate::domain::{Checked, UploadError, Verifier};
use crate::settings::S3Settings;

/// How long the service's own presigned requests (verify, store, delete) are valid.
const OWN_REQUEST_TTL: Duration = Duration::from_secs(60);

/// SigV4 presigned URLs live at most seven days.
const MAX_PRESIGN: Duration = Duration::from_secs(7 * 86_400);

/// One bucket of an S3-compatible store.
pub struct S3Store {
    bucket: Bucket,
    credentials: Credentials,
    http: reqwest::Client,
    public_base: Option<String>,
}

impl S3Store {
    /// A store for the configured bucket; nothing is contacted yet.
    pub fn new(settings: &S3Settings) -> anyhow::Result<Self> {
        let style = if settings.path_style {
            UrlStyle::Path
        } else {
            UrlStyle::VirtualHost
        };
        let bucket = Bucket::new(
            settings.endpoint.clone(),
            style,
            settings.bucket.clone(),
            settings.region.clone(),
        )
        .context("ASSET_S3_ENDPOINT / ASSET_S3_BUCKET")?;
        Ok(S3Store {
            bucket,
            credentials: Credentials::new(
                settings.access_key_id.clone(),
                settings.secret_access_key.expose_secret().to_owned(),
            ),
            http: common::http::build_reqwest(Duration::from_secs(30))?,
            public_base: settings
                .public_url
                .as_ref()
                .map(|u| u.as_str().trim_end_matches('/').to_owned()),
        })
    }

    /// Creates the bucket when it does not exist yet (a fresh MinIO or moto).
    pub async fn ensure_bucket(&self) -> anyhow::Result<()> {
        let head = self
            .bucket
            .head_bucket(Some(&self.credentials))
            .sign(OWN_REQUEST_TTL);
        let res = self
            .http
            .head(head)
            .send()
            .await
            .context("reaching the S3 endpoint")?;
        if res.status().is_success() {
            return Ok(());
        }
        let create = self
            .bucket
            .create_bucket(&self.credentials)
            .sign(OWN_REQUEST_TTL);
        let res = self
            .http
            .put(create)
            // An empty body goes out without a length, which some stores refuse (411).
            .header(reqwest::header::CONTENT_LENGTH, "0")
            .send()
            .await
            .context("creating the S3 bucket")?;
        // 409: created meanwhile by another replica.
        if !res.status().is_success() && res.status() != reqwest::StatusCode::CONFLICT {
            bail!("creating the S3 bucket answered {}", res.status());
        }
        Ok(())
    }

    async fn inspect_object(
        &self,
        key: &str,
        mut verifier: Verifier,
    ) -> anyhow::Result<Option<Result<Checked, UploadError>>> {
        let url = self
            .bucket
            .get_object(Some(&self.credentials), key)
            .sign(OWN_REQUEST_TTL);
        let res = self
            .http
            .get(url)
            .send()
            .await
            .context("reading an upload from S3")?;
        if res.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !res.status().is_success() {
            bail!("reading an upload from S3 answered {}", res.status());
        }
        let mut body = res.bytes_stream();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.context("reading an upload from S3")?;
            // Stops reading (and drops the connection) at the first byte over the limit.
            if let Err(e) = verifier.feed(&chunk) {
                return Ok(Some(Err(e)));
            }
        }
        Ok(Some(verifier.finish()))
    }

    async fn put_object(&self, key: &str, content_type: &str, bytes: Bytes) -> anyhow::Result<()> {
        let mut action = self.bucket.put_object(Some(&self.credentials), key);
        action
            .headers_mut()
            .insert("content-type", content_type.to_owned());
        let url = action.sign(OWN_REQUEST_TTL);
        let res = self
            .http
            .put(url)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(bytes)
            .send()
            .await
            .context("storing bytes in S3")?;
        if !res.status().is_success() {
            bail!("storing bytes in S3 answered {}", res.status());
        }
        Ok(())
    }

    /// Whether an object is stored at `key`.
    async fn exists(&self, key: &str) -> anyhow::Result<bool> {
        let url = self
            .bucket
            .head_object(Some(&self.credentials), key)
            .sign(OWN_REQUEST_TTL);
        let res = self
            .http
            .head(url)
            .send()
            .await
            .context("looking up an object in S3")?;
        if res.status().is_server_error() {
            bail!("looking up {key} in S3 answered {}", res.status());
        }
        Ok(res.status().is_success())
    }

    /// CopyObject: a PUT naming its source in a signed `x-amz-copy-source` header.
    async fn copy_object(&self, from: &str, to: &str) -> anyhow::Result<()> {
        let source = format!("/{}/{from}", self.bucket.name());
        let mut action = self.bucket.put_object(Some(&self.credentials), to);
        action
            .headers_mut()
            .insert("x-amz-copy-source", source.clone());
        let url = action.sign(OWN_REQUEST_TTL);
        let res = self
            .http
            .put(url)
            .header("x-amz-copy-source", source)
            .header(reqwest::header::CONTENT_LENGTH, "0")
            .send()
            .await
            .context("copying an object in S3")?;
        let status = res.status();
        // CopyObject can fail after its 200 is sent: the error is then in the body.
        let body = res.text().await.context("copying an object in S3")?;
        if !status.is_success() || body.contains("<Error>") {
            bail!("copying {from} to {to} in S3 answered {status}");
        }
        Ok(())
    }

    async fn delete_objects(&self, keys: Vec<String>) -> anyhow::Result<()> {
        for key in keys {
            let url = self
                .bucket
                .delete_object(Some(&self.credentials), &key)
                .sign(OWN_REQUEST_TTL);
            let res = self
                .http
                .delete(url)
                .header(reqwest::header::CONTENT_LENGTH, "0")
                .send()
                .await
                .context("deleting from S3")?;
            if !res.status().is_success() && res.status() != reqwest::StatusCode::NOT_FOUND {
                bail!("deleting {key} from S3 answered {}", res.status());
            }
        }
        Ok(())
    }
}

/// Time left until `at`, within what SigV4 allows.
fn ttl_until(at: DateTime<Utc>) -> Duration {
    (at - Utc::now())
        .to_std()
        .unwrap_or(Duration::from_secs(1))
        .clamp(Duration::from_secs(1), MAX_PRESIGN)
}

impl Storage for S3Store {
    fn kind(&self) -> &'static str {
        "s3"
    }

    fn pending_key(&self, asset_id: Uuid, version: i32) -> String {
        format!("assets/{asset_id}/{version}")
    }

    fn upload_target(&self, upload: &PendingUpload<'_>) -> anyhow::Result<UploadTarget> {
        let mut action = self.bucket.put_object(Some(&self.credentials), upload.key);
        let mut headers = BTreeMap::new();
        // Signed headers: the store refuses a PUT whose type or length differs. A `type/*`
        // declaration cannot be signed; the magic decides the type on completion.
        let exact_type = !upload.content_type.ends_with("/*");
        if exact_type {
            action
                .headers_mut()
                .insert("content-type", upload.content_type.to_owned());
        }
        if let Some(size) = upload.size {
            action
                .headers_mut()
                .insert("content-length", size.to_string());
        }
        headers.insert("Content-Type".to_owned(), upload.content_type.to_owned());
        let url = action.sign(ttl_until(upload.expires_at));
        Ok(UploadTarget {
            url: url.to_string(),
            headers,
        })
    }

    fn inspect<'a>(
        &'a self,
        key: &'a str,
        verifier: Verifier,
    ) -> BoxFuture<'a, anyhow::Result<Option<Result<Checked, UploadError>>>> {
        self.inspect_object(key, verifier).boxed()
    }

    fn finalize<'a>(
        &'a self,
        pending_key: &'a str,
        sha256: &'a str,
    ) -> BoxFuture<'a, anyhow::Result<String>> {
        async move {
            let key = self.object_key(sha256);
            if !self.exists(&key).await? {
                // Copied inside the store: the bytes do not travel through this service.
                self.copy_object(pending_key, &key).await?;
            }
            self.delete_objects(vec![pending_key.to_owned()]).await?;
            Ok(key)
        }
        .boxed()
    }

    fn put<'a>(
        &'a self,
        checked: &'a Checked,
        bytes: Bytes,
    ) -> BoxFuture<'a, anyhow::Result<String>> {
        async move {
            let key = self.object_key(&checked.sha256);
            if !self.exists(&key).await? {
                self.put_object(&key, &checked.content_type, bytes).await?;
            }
            Ok(key)
        }
        .boxed()
    }

    fn public_url(&self, item: &Servable<'_>) -> anyhow::Result<Option<String>> {
        Ok(self
            .public_base
            .as_ref()
            .map(|base| format!("{base}/{}", item.key)))
    }

    fn signed_url(&self, item: &Servable<'_>, expires_at: DateTime<Utc>) -> anyhow::Result<String> {
        let mut action = self.bucket.get_object(Some(&self.credentials), item.key);
        // The store answers with the verified type and a download name, whatever it recorded.
        action
            .query_mut()
            .insert("response-content-type", item.content_type.to_owned());
        action.query_mut().insert(
            "response-content-disposition",
            format!("inline; filename=\"{}\"", item.filename),
        );
        Ok(action.sign(ttl_until(expires_at)).to_string())
    }

    fn read<'a>(
        &'a self,
        key: &'a str,
        limit: u64,
    ) -> BoxFuture<'a, anyhow::Result<Option<Bytes>>> {
        async move {
            let url = self
                .bucket
                .get_object(Some(&self.credentials), key)
                .sign(OWN_REQUEST_TTL);
            let res = self.http.get(url).send().await.context("reading from S3")?;
            if res.status() == reqwest::StatusCode::NOT_FOUND {
                return Ok(None);
            }
            if !res.status().is_success() {
                bail!("reading from S3 answered {}", res.status());
            }
            let mut out = Vec::new();
            let mut body = res.bytes_stream();
            while let Some(chunk) = body.next().await {
                out.extend_from_slice(&chunk.context("reading from S3")?);
                if out.len() as u64 > limit {
                    bail!("{key} is over {limit} bytes");
                }
            }
            Ok(Some(Bytes::from(out)))
        }
        .boxed()
    }

    fn put_thumbnail<'a>(
        &'a self,
        asset_id: Uuid,
        version: i32,
        png: Vec<u8>,
    ) -> BoxFuture<'a, anyhow::Result<String>> {
        async move {
            let key = format!("assets/{asset_id}/{version}-thumb.png");
            self.put_object(&key, "image/png", Bytes::from(png)).await?;
            Ok(key)
        }
        .boxed()
    }

    fn delete<'a>(&'a self, keys: Vec<String>) -> BoxFuture<'a, anyhow::Result<()>> {
        self.delete_objects(keys).boxed()
    }
}
