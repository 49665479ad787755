//! `/internal/assets`: other services store bytes with a service token and get URLs back.

use reqwest::StatusCode;
use serde_json::Value;
use testkit::conformance::assert_problem;

use crate::helpers::{path_of, png, sha256_hex, spawn_assets};

#[tokio::test]
async fn a_service_stores_bytes_for_a_player_and_gets_a_cdn_url() {
    let a = spawn_assets(&[("ASSET_MAX_SIZE_BYTES", "20000")]).await;
    let player = a.player();
    let token = a.app.context.service_tokens.sign().unwrap();
    let bytes = png(3000);
    let path = format!(
        "/internal/assets?owner_id={}&asset_type=image&category=generated&filename=art.png",
        player.id
    );
    let res = a
        .app
        .client
        .post(a.app.url(&path))
        .bearer_auth(&token)
        .header("content-type", "image/png")
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let stored: Value = res.json().await.unwrap();
    assert_eq!(stored["sha256"], sha256_hex(&bytes));
    assert_eq!(stored["content_type"], "image/png");
    let cdn = stored["cdn_url"].as_str().unwrap();
    assert!(cdn.ends_with("/1/art.png"), "{cdn}");
    let served = a.get_as(None, &path_of(cdn)).await;
    assert_eq!(served.bytes().await.unwrap().as_ref(), bytes.as_slice());
    // The player owns it: listed as theirs, and they may delete it.
    let id = stored["asset_id"].as_str().unwrap();
    let mine: Value = a
        .get_as(Some(&player.token), "/api/assets?owner=me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["assets"][0]["asset_id"], id);
    assert_eq!(
        a.delete_as(&player.token, &format!("/api/assets/{id}"))
            .await
            .status(),
        StatusCode::OK
    );

    // Checked like any upload: by magic and size; and only with a service token.
    let send = |body: Vec<u8>, token: Option<String>| {
        let mut req = a
            .app
            .client
            .post(a.app.url(&path))
            .header("content-type", "image/png")
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    assert_problem(
        send(b"not an image".to_vec(), Some(token.clone()))
            .await
            .unwrap(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "content_type_mismatch",
    )
    .await;
    assert_problem(
        send(png(20001), Some(token.clone())).await.unwrap(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
    )
    .await;
    assert_problem(
        send(png(100), None).await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "missing_service_token",
    )
    .await;
    assert_problem(
        send(png(100), Some(player.token.clone())).await.unwrap(),
        StatusCode::UNAUTHORIZED,
        "invalid_service_token",
    )
    .await;
}

#[tokio::test]
async fn a_store_under_a_key_is_idempotent_and_found_by_that_key() {
    let a = spawn_assets(&[]).await;
    let owner = a.player();
    let token = a.app.context.service_tokens.sign().unwrap();
    let store = |bytes: Vec<u8>, key: &str| {
        let path = format!(
            "/internal/assets?owner_id={}&asset_type=image&category=bosses&key={key}",
            owner.id
        );
        a.app
            .client
            .post(a.app.url(&path))
            .bearer_auth(&token)
            .header("content-type", "image/png")
            .body(bytes)
            .send()
    };
    let by_key = |key: &str| {
        a.app
            .client
            .get(a.app.url(&format!("/internal/assets/by-key?key={key}")))
            .bearer_auth(&token)
            .send()
    };
    assert_problem(
        by_key("boss-01").await.unwrap(),
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
    let first: Value = store(png(900), "boss-01")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let again: Value = store(png(901), "boss-01")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["asset_id"], first["asset_id"], "one asset per key");
    assert_eq!(again["sha256"], first["sha256"], "the first bytes stay");
    let found: Value = by_key("boss-01").await.unwrap().json().await.unwrap();
    assert_eq!(found, first);
    let other: Value = store(png(900), "boss-02")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(other["asset_id"], first["asset_id"]);
    assert_eq!(a.blobs().len(), 1, "same bytes, one stored object");

    // Ten concurrent stores under a new key make one asset.
    let stores = (0..10).map(|_| store(png(950), "boss-03"));
    let mut answers = Vec::new();
    for res in futures_util::future::join_all(stores).await {
        let res = res.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        answers.push(res.json::<Value>().await.unwrap());
    }
    assert!(
        answers
            .iter()
            .all(|v| v["asset_id"] == answers[0]["asset_id"])
    );

    // Deleted: the key is free again.
    let id = first["asset_id"].as_str().unwrap();
    let admin = a.admin();
    assert_eq!(
        a.delete_as(&admin.token, &format!("/api/assets/{id}"))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        by_key("boss-01").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let fresh: Value = store(png(900), "boss-01")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(fresh["asset_id"], first["asset_id"]);
    assert_problem(
        by_key("has%20space").await.unwrap(),
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
}
