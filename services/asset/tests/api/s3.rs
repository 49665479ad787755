//! The S3 backend against a real S3-compatible server: moto in server mode (PyPI `moto[server]`,
//! installed by `scripts/ensure-deps.sh`), one per test on a free port.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use asset::AssetSettings;
use common::settings::env_map;
use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;

use crate::helpers::{Assets, png, sha256_hex};

/// `MOTO_SERVER`, else `moto_server` on PATH, else the virtualenv `scripts/ensure-deps.sh`
/// makes under `.run/moto`.
fn moto_binary() -> std::path::PathBuf {
    if let Some(path) = std::env::var_os("MOTO_SERVER") {
        return path.into();
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join("moto_server"))
        .find(|p| p.is_file());
    on_path.unwrap_or_else(|| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.run/moto/bin/moto_server")
    })
}

/// A moto S3 server, stopped when dropped.
pub struct Moto {
    child: Child,
    pub url: String,
}

impl Moto {
    async fn start() -> Moto {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(moto_binary())
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server is not installed: run scripts/ensure-deps.sh (or make test)");
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        common::http::init_crypto();
        let client = reqwest::Client::new();
        testkit::eventually(Duration::from_secs(30), || {
            let client = client.clone();
            let url = moto.url.clone();
            async move {
                client
                    .get(format!("{url}/moto-api/"))
                    .send()
                    .await
                    .ok()
                    .map(drop)
            }
        })
        .await;
        moto
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn spawn_s3(extra: &[(&str, &str)]) -> (Assets, Moto) {
    let moto = Moto::start().await;
    let mut pairs = vec![
        ("ASSET_STORAGE", "s3"),
        ("ASSET_S3_ENDPOINT", moto.url.as_str()),
        ("ASSET_S3_BUCKET", "game-assets"),
        ("ASSET_S3_ACCESS_KEY_ID", "testing"),
        ("ASSET_S3_SECRET_ACCESS_KEY", "testing-secret"),
    ];
    pairs.extend_from_slice(extra);
    let settings = AssetSettings::load(&env_map(&pairs)).unwrap();
    let app = testkit::spawn_app(asset::service(Some(settings))).await;
    let dir = std::env::temp_dir().join("asset-test-s3-unused");
    (Assets { app, dir }, moto)
}

/// PUTs `bytes` straight to the presigned URL of an upload answer.
pub async fn put_to_store(a: &Assets, upload: &Value, bytes: Vec<u8>) -> reqwest::Response {
    let mut req = a.app.client.put(upload["upload_url"].as_str().unwrap());
    for (k, v) in upload["headers"].as_object().unwrap() {
        req = req.header(k, v.as_str().unwrap());
    }
    req.body(bytes).send().await.unwrap()
}

#[tokio::test]
async fn the_full_cycle_runs_through_presigned_urls_straight_to_the_store() {
    let (a, moto) = spawn_s3(&[]).await;
    let alice = a.player();
    let bytes = png(4096);
    let upload = a
        .upload(
            &alice,
            &json!({"filename": "boss.png", "content_type": "image/png", "size": 4096,
            "sha256": sha256_hex(&bytes), "asset_type": "image", "category": "bosses"}),
        )
        .await;
    let url = upload["upload_url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/game-assets/assets/", moto.url)),
        "{url}"
    );
    assert!(url.contains("X-Amz-Signature="), "{url}");

    let res = put_to_store(&a, &upload, bytes.clone()).await;
    assert!(res.status().is_success(), "{}", res.status());
    let done = a.complete(&alice, &upload).await;
    assert_eq!(done.status(), StatusCode::OK);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["current_version"], 1);
    assert_eq!(done["content_type"], "image/png");
    assert_eq!(done["sha256"], sha256_hex(&bytes));

    // Downloads go straight to the store too, presigned and expiring.
    let download = done["url"].as_str().unwrap();
    assert!(
        download.starts_with(&moto.url) && download.contains("X-Amz-Expires="),
        "{download}"
    );
    assert!(done["url_expires_at"].is_string());
    let res = a.app.client.get(download).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // The seed's query-only upload: the magic decides the type.
    let res = a
        .post_as(
            &alice.token,
            "/api/assets/upload?asset_type=image&category=x",
            None,
        )
        .await;
    let upload: Value = res.json().await.unwrap();
    assert!(
        put_to_store(&a, &upload, png(300))
            .await
            .status()
            .is_success()
    );
    let done: Value = a.complete(&alice, &upload).await.json().await.unwrap();
    assert_eq!(done["content_type"], "image/png");
}

#[tokio::test]
async fn bytes_that_differ_from_the_declaration_never_become_current_and_are_dropped() {
    let (a, _moto) = spawn_s3(&[]).await;
    let alice = a.player();
    let declared = png(2048);
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "asset_type": "image",
            "sha256": sha256_hex(&declared)}),
        )
        .await;
    // Other bytes (the store cannot know the declared hash) are refused on completion.
    assert!(
        put_to_store(&a, &upload, png(2047))
            .await
            .status()
            .is_success()
    );
    assert_problem(
        a.complete(&alice, &upload).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "hash_mismatch",
    )
    .await;
    let id = upload["asset_id"].as_str().unwrap();
    let seen: Value = a
        .get_as(Some(&alice.token), &format!("/api/assets/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["current_version"], Value::Null);
    // The bad object was deleted, so completing again finds nothing.
    assert_problem(
        a.complete(&alice, &upload).await,
        StatusCode::CONFLICT,
        "upload_missing",
    )
    .await;

    // Text uploaded where an image was declared.
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "asset_type": "image"}),
        )
        .await;
    assert!(
        put_to_store(&a, &upload, b"plain text".to_vec())
            .await
            .status()
            .is_success()
    );
    assert_problem(
        a.complete(&alice, &upload).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "content_type_mismatch",
    )
    .await;
}

#[tokio::test]
async fn a_deleted_asset_is_purged_from_the_store() {
    let (a, _moto) = spawn_s3(&[
        ("ASSET_PURGE_GRACE_SECS", "1"),
        ("ASSET_PURGE_INTERVAL_SECS", "1"),
    ])
    .await;
    let alice = a.player();
    let bytes = png(1000);
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "asset_type": "image", "is_public": false}),
        )
        .await;
    assert!(put_to_store(&a, &upload, bytes).await.status().is_success());
    let done: Value = a.complete(&alice, &upload).await.json().await.unwrap();
    let download = done["url"].as_str().unwrap().to_owned();
    assert_eq!(
        a.app.client.get(&download).send().await.unwrap().status(),
        StatusCode::OK
    );

    let id = upload["asset_id"].as_str().unwrap();
    assert_eq!(
        a.delete_as(&alice.token, &format!("/api/assets/{id}"))
            .await
            .status(),
        StatusCode::OK
    );
    let client = a.app.client.clone();
    testkit::eventually(Duration::from_secs(15), || {
        let client = client.clone();
        let download = download.clone();
        async move {
            let status = client.get(&download).send().await.ok()?.status();
            // A missing object: 404, or 403 where the signer may not list the bucket (S3,
            // and moto for a presigned GET with response overrides).
            matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN).then_some(())
        }
    })
    .await;
}
