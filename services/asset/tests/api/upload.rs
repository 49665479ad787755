//! Declaring uploads, sending bytes to the signed URL, completing: limits, hashes, magic,
//! signatures and who may complete.

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use testkit::conformance::assert_problem;

use crate::helpers::{path_of, png, sha256_hex, spawn_assets};

#[tokio::test]
async fn a_declared_png_goes_through_upload_put_complete_and_download() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    let bytes = png(5000);
    let upload = a
        .upload(
            &alice,
            &json!({"filename": "hero.png", "content_type": "image/png", "size": 5000,
                    "sha256": sha256_hex(&bytes), "asset_type": "image", "category": "characters"}),
        )
        .await;
    assert_eq!(upload["method"], "PUT");
    assert_eq!(upload["version"], 1);
    assert_eq!(upload["headers"]["Content-Type"], "image/png");
    assert!(upload["expires_at"].is_string());
    let url = upload["upload_url"].as_str().unwrap();
    assert!(
        url.starts_with("http://cdn.test.invalid/api/assets/") && url.contains("sig="),
        "{url}"
    );

    let put = a.put(&upload, bytes.clone()).await;
    assert_eq!(put.status(), StatusCode::OK);
    let put: Value = put.json().await.unwrap();
    assert_eq!(put["sha256"], sha256_hex(&bytes));

    // Not current before completion.
    let id = upload["asset_id"].as_str().unwrap();
    let before: Value = a
        .get_as(Some(&alice.token), &format!("/api/assets/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["current_version"], Value::Null);
    assert_eq!(before["url"], Value::Null);
    // Others do not see an asset with nothing published.
    assert_eq!(
        a.get_as(None, &format!("/api/assets/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );

    let done = a.complete(&alice, &upload).await;
    assert_eq!(done.status(), StatusCode::OK);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["current_version"], 1);
    assert_eq!(done["content_type"], "image/png");
    assert_eq!(done["size"], 5000);
    let cdn = done["cdn_url"].as_str().unwrap();
    assert_eq!(cdn, format!("http://cdn.test.invalid/cdn/{id}/1/hero.png"));
    assert_eq!(done["url"], done["cdn_url"]);
    assert_eq!(done["thumbnail_url"], Value::Null);

    // Completing again answers the same.
    let again = a.complete(&alice, &upload).await;
    assert_eq!(again.status(), StatusCode::OK);

    // Anyone reads a public asset, and downloads it from the CDN path.
    let seen: Value = a
        .get_as(None, &format!("/api/assets/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["asset_id"], id);
    assert_eq!(seen["asset_type"], "image");
    let res = a.get_as(None, &path_of(cdn)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(
        res.headers()["etag"],
        format!("\"{}\"", sha256_hex(&bytes)).as_str()
    );
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), bytes.as_slice());
}

#[tokio::test]
async fn the_seed_query_parameters_alone_declare_an_upload_checked_by_magic() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    // The seed's client: query parameters, no body.
    let res = a
        .post_as(
            &alice.token,
            "/api/assets/upload?asset_type=image&category=characters",
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let upload: Value = res.json().await.unwrap();
    assert_eq!(upload["headers"]["Content-Type"], "image/*");
    assert!(
        upload["asset_id"]
            .as_str()
            .unwrap()
            .parse::<uuid::Uuid>()
            .is_ok()
    );
    assert_eq!(a.put(&upload, png(300)).await.status(), StatusCode::OK);
    let done: Value = a.complete(&alice, &upload).await.json().await.unwrap();
    assert_eq!(done["content_type"], "image/png");
    assert_eq!(done["filename"], "asset.png");

    // Text is not an image, whatever the header says.
    let upload: Value = a
        .post_as(
            &alice.token,
            "/api/assets/upload?asset_type=image&category=x",
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let res = a
        .put(&upload, b"just some text, not an image".to_vec())
        .await;
    assert_problem(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "content_type_mismatch",
    )
    .await;
}

#[tokio::test]
async fn bad_declarations_are_refused_with_problem_details() {
    let a = spawn_assets(&[("ASSET_MAX_SIZE_BYTES", "1000")]).await;
    let alice = a.player();
    let res = a
        .app
        .client
        .post(a.app.url("/api/assets/upload?asset_type=image"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_token").await;

    let res = a
        .post_as(
            &alice.token,
            "/api/assets/upload",
            Some(&json!({
            "filename": "../../etc/passwd", "content_type": "video/mp4", "size": 1001,
            "sha256": "nothex", "asset_type": "image"})),
        )
        .await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["content_type", "size", "sha256", "filename"]);

    let res = a
        .post_as(
            &alice.token,
            "/api/assets/upload",
            Some(&json!({"content_type": "image/png"})),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    let res = a
        .app
        .client
        .post(a.app.url("/api/assets/upload"))
        .bearer_auth(&alice.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "malformed_json").await;

    let res = a
        .post_as(
            &alice.token,
            "/api/assets/upload",
            Some(&json!({"asset_type": "image", "size": "big"})),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
}

#[tokio::test]
async fn tampered_forged_and_expired_signatures_are_refused() {
    let a = spawn_assets(&[("ASSET_UPLOAD_URL_TTL_SECS", "1")]).await;
    let alice = a.player();
    let bytes = png(100);
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "size": 100, "asset_type": "image"}),
        )
        .await;
    let url = upload["upload_url"].as_str().unwrap();
    let put_to = |url: String| {
        let a = &a;
        let bytes = bytes.clone();
        async move {
            a.app
                .client
                .put(a.app.url(&path_of(&url)))
                .header("content-type", "image/png")
                .body(bytes)
                .send()
                .await
                .unwrap()
        }
    };
    // A later expiry, another version, a flipped signature digit, no signature.
    let later = url.replace("expires=", "expires=9");
    assert_problem(
        put_to(later).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    let other_version = url.replace("/versions/1/", "/versions/2/");
    assert_problem(
        put_to(other_version).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    let sig_at = url.find("sig=").unwrap() + 4;
    let mut forged = url.to_owned();
    let flipped = if &url[sig_at..sig_at + 1] == "0" {
        "1"
    } else {
        "0"
    };
    forged.replace_range(sig_at..sig_at + 1, flipped);
    assert_problem(
        put_to(forged).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    let unsigned = url.split('?').next().unwrap().to_owned();
    assert_problem(
        put_to(unsigned).await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    // A different Content-Type than the URL was issued for.
    let res = a
        .app
        .client
        .put(a.app.url(&path_of(url)))
        .header("content-type", "image/gif")
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_problem(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "content_type_mismatch",
    )
    .await;

    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_problem(
        put_to(url.to_owned()).await,
        StatusCode::FORBIDDEN,
        "url_expired",
    )
    .await;
    assert!(a.stored_objects().is_empty());
}

#[tokio::test]
async fn a_hash_or_size_mismatch_is_refused_and_nothing_becomes_current() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    let bytes = png(2000);
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "size": 2000,
            "sha256": sha256_hex(&png(1999)), "asset_type": "image"}),
        )
        .await;
    assert_problem(
        a.put(&upload, bytes.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "hash_mismatch",
    )
    .await;
    assert_problem(
        a.complete(&alice, &upload).await,
        StatusCode::CONFLICT,
        "upload_missing",
    )
    .await;

    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "size": 2001, "asset_type": "image"}),
        )
        .await;
    assert_problem(
        a.put(&upload, bytes.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "size_mismatch",
    )
    .await;
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "size": 1000, "asset_type": "image"}),
        )
        .await;
    assert_problem(
        a.put(&upload, bytes).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "size_mismatch",
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
    assert!(a.stored_objects().is_empty());
    assert!(
        std::fs::read_dir(a.dir.join("tmp"))
            .unwrap()
            .next()
            .is_none(),
        "temporary files are removed"
    );
}

#[tokio::test]
async fn an_oversized_stream_is_cut_off_at_the_limit_without_being_buffered() {
    let a = spawn_assets(&[("ASSET_MAX_SIZE_BYTES", "65536")]).await;
    let alice = a.player();
    let upload = a
        .upload(
            &alice,
            &json!({"asset_type": "image", "content_type": "image/png"}),
        )
        .await;
    assert_eq!(upload["max_size"], 65536);

    // A declared length over the limit is refused before the body is read.
    assert_problem(
        a.put(&upload, png(70_000)).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
    )
    .await;

    // A chunked body of 64 MiB with no declared length: cut off once it crosses 64 KiB.
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let first = png(16 * 1024);
    let chunks = futures_util::stream::iter(0..4096).map(move |i| {
        let chunk = if i == 0 {
            first.clone()
        } else {
            vec![7u8; 16 * 1024]
        };
        counter.fetch_add(chunk.len(), Ordering::SeqCst);
        Ok::<_, std::io::Error>(chunk)
    });
    let res = a
        .app
        .client
        .put(a.app.url(&path_of(upload["upload_url"].as_str().unwrap())))
        .header("content-type", "image/png")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await;
    match res {
        Ok(res) => {
            assert_problem(res, StatusCode::PAYLOAD_TOO_LARGE, "too_large").await;
        }
        // The server may close the connection before the client reads its answer.
        Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
    };
    let sent = sent.load(Ordering::SeqCst);
    assert!(
        sent < 16 * 1024 * 1024,
        "the client sent {sent} bytes before being cut off"
    );
    assert!(a.stored_objects().is_empty());
    assert_problem(
        a.complete(&alice, &upload).await,
        StatusCode::CONFLICT,
        "upload_missing",
    )
    .await;
}

#[tokio::test]
async fn another_player_cannot_complete_delete_or_add_versions_to_your_asset() {
    let a = spawn_assets(&[]).await;
    let (alice, mallory) = (a.player(), a.player());
    let upload = a
        .upload(
            &alice,
            &json!({"asset_type": "image", "content_type": "image/png"}),
        )
        .await;
    assert_eq!(a.put(&upload, png(500)).await.status(), StatusCode::OK);
    assert_problem(
        a.complete(&mallory, &upload).await,
        StatusCode::FORBIDDEN,
        "not_your_asset",
    )
    .await;
    assert_eq!(a.complete(&alice, &upload).await.status(), StatusCode::OK);
    let id = upload["asset_id"].as_str().unwrap();
    assert_problem(
        a.delete_as(&mallory.token, &format!("/api/assets/{id}"))
            .await,
        StatusCode::FORBIDDEN,
        "not_your_asset",
    )
    .await;
    let res = a
        .post_as(
            &mallory.token,
            "/api/assets/upload",
            Some(&json!({"asset_type": "image", "asset_id": id})),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "not_your_asset").await;
    // Still there for everyone.
    assert_eq!(
        a.get_as(None, &format!("/api/assets/{id}")).await.status(),
        StatusCode::OK
    );
    // An admin may delete it.
    let admin = a.admin();
    assert_eq!(
        a.delete_as(&admin.token, &format!("/api/assets/{id}"))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_new_upload_adds_an_immutable_version_and_becomes_current() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    let (v1, v2) = (png(1000), png(1200));
    let first = a.publish(&alice, json!({}), v1.clone()).await;
    let id = first["asset_id"].as_str().unwrap();
    let second = a
        .publish(
            &alice,
            json!({"asset_id": id, "size": 1200, "sha256": sha256_hex(&v2)}),
            v2.clone(),
        )
        .await;
    assert_eq!(second["asset_id"], id);
    assert_eq!(second["current_version"], 2);

    let versions: Value = a
        .get_as(None, &format!("/api/assets/{id}/versions"))
        .await
        .json()
        .await
        .unwrap();
    let list = versions["versions"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        (
            list[0]["version"].as_i64(),
            list[0]["size"].as_i64(),
            list[0]["is_current"].as_bool()
        ),
        (Some(1), Some(1000), Some(false))
    );
    assert_eq!(
        (
            list[1]["version"].as_i64(),
            list[1]["size"].as_i64(),
            list[1]["is_current"].as_bool()
        ),
        (Some(2), Some(1200), Some(true))
    );
    // The first version still serves its own bytes.
    let old = a
        .get_as(None, &path_of(list[0]["url"].as_str().unwrap()))
        .await;
    assert_eq!(old.bytes().await.unwrap().as_ref(), v1.as_slice());
    let new = a
        .get_as(None, &path_of(second["cdn_url"].as_str().unwrap()))
        .await;
    assert_eq!(new.bytes().await.unwrap().as_ref(), v2.as_slice());
}
