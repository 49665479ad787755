//! Spawning the asset service on a private directory, and typed requests.

use std::path::PathBuf;

use asset::AssetSettings;
use common::settings::env_map;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use testkit::TestApp;
use uuid::Uuid;

/// A running asset service and the directory its local backend writes to.
pub struct Assets {
    pub app: TestApp,
    pub dir: PathBuf,
}

impl Drop for Assets {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A player: id and access token.
pub struct Player {
    pub id: Uuid,
    pub token: String,
}

/// A 1x1 PNG's header followed by `len - header` filler bytes: sniffs as `image/png`.
pub fn png(len: usize) -> Vec<u8> {
    let mut bytes =
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89".to_vec();
    bytes.extend((0..len.saturating_sub(bytes.len())).map(|i| (i % 251) as u8));
    bytes.truncate(len);
    bytes
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The service with the local backend and extra `ASSET_*` settings.
pub async fn spawn_assets(extra: &[(&str, &str)]) -> Assets {
    let dir = std::env::temp_dir().join(format!("asset-test-{}", Uuid::new_v4()));
    let dir_str = dir.to_string_lossy().into_owned();
    let mut pairs = vec![
        ("ASSET_LOCAL_DIR", dir_str.as_str()),
        ("ASSET_PUBLIC_URL", "http://cdn.test.invalid"),
    ];
    pairs.extend_from_slice(extra);
    let settings = AssetSettings::load(&env_map(&pairs)).unwrap();
    let app = testkit::spawn_app(asset::service(Some(settings))).await;
    Assets { app, dir }
}

/// Path and query of an absolute URL the service handed out (its public origin is fake).
pub fn path_of(url: &str) -> String {
    let url = reqwest::Url::parse(url).unwrap();
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}

impl Assets {
    pub fn player(&self) -> Player {
        let id = Uuid::new_v4();
        Player {
            id,
            token: self.app.auth.token_for(id),
        }
    }

    pub fn admin(&self) -> Player {
        let id = Uuid::new_v4();
        Player {
            id,
            token: self.app.auth.token_with_role(id, "admin"),
        }
    }

    pub async fn get_as(&self, token: Option<&str>, path: &str) -> Response {
        let mut req = self.app.client.get(self.app.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Option<&Value>) -> Response {
        let mut req = self.app.client.post(self.app.url(path)).bearer_auth(token);
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.unwrap()
    }

    pub async fn delete_as(&self, token: &str, path: &str) -> Response {
        self.app
            .client
            .delete(self.app.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/assets/upload`; asserts 200.
    pub async fn upload(&self, player: &Player, body: &Value) -> Value {
        let res = self
            .post_as(&player.token, "/api/assets/upload", Some(body))
            .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
        res.json().await.unwrap()
    }

    /// PUTs `bytes` to an upload answer's URL with its headers.
    pub async fn put(&self, upload: &Value, bytes: Vec<u8>) -> Response {
        let mut req = self.app.client.put(
            self.app
                .url(&path_of(upload["upload_url"].as_str().unwrap())),
        );
        for (k, v) in upload["headers"].as_object().unwrap() {
            req = req.header(k, v.as_str().unwrap());
        }
        req.body(bytes).send().await.unwrap()
    }

    pub async fn complete(&self, player: &Player, upload: &Value) -> Response {
        let path = format!(
            "/api/assets/{}/versions/{}/complete",
            upload["asset_id"].as_str().unwrap(),
            upload["version"]
        );
        self.post_as(&player.token, &path, None).await
    }

    /// Upload, PUT and complete `bytes` as a PNG named `name`; returns the asset answer.
    pub async fn publish(&self, player: &Player, extra: Value, bytes: Vec<u8>) -> Value {
        let mut body = json!({
            "filename": "hero.png", "content_type": "image/png", "size": bytes.len(),
            "sha256": sha256_hex(&bytes), "asset_type": "image", "category": "characters",
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let upload = self.upload(player, &body).await;
        let res = self.put(&upload, bytes).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
        let res = self.complete(player, &upload).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
        res.json().await.unwrap()
    }

    /// Files of complete versions and thumbnails on the local backend: `blobs/` (content
    /// addressed) and `objects/<asset>/`.
    pub fn stored_objects(&self) -> Vec<PathBuf> {
        let mut out = self.blobs();
        if let Ok(assets) = std::fs::read_dir(self.dir.join("objects")) {
            for a in assets.flatten() {
                if let Ok(files) = std::fs::read_dir(a.path()) {
                    out.extend(files.flatten().map(|f| f.path()));
                }
            }
        }
        out
    }

    /// Files under the local backend's `blobs/`.
    pub fn blobs(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir.join("blobs"))
            .map(|d| d.flatten().map(|f| f.path()).collect())
            .unwrap_or_default()
    }

    /// Whether the purge job has removed asset `id`'s bytes.
    pub async fn purged(&self, id: &str) -> bool {
        let mut conn = self.app.db.as_ref().unwrap().conn().await;
        let asset = asset::db::queries::find_asset(&mut conn, id.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        asset.purged_at.is_some()
    }
}
