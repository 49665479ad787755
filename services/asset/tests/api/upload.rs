//! Declaring uploads, sending bytes to the signed URL, completing; who may complete; new
//! versions. Refusals of bytes and URLs are in `limits.rs`.

use reqwest::StatusCode;
use serde_json::{Value, json};
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
