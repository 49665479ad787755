//! Reading and listing: visibility of public and private assets, filters and pages.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;

use crate::helpers::{path_of, png, spawn_assets};

#[tokio::test]
async fn a_private_asset_is_readable_only_by_its_owner_through_a_signed_url() {
    let a = spawn_assets(&[]).await;
    let (alice, bob) = (a.player(), a.player());
    let asset = a
        .publish(&alice, json!({"is_public": false}), png(800))
        .await;
    let id = asset["asset_id"].as_str().unwrap();
    assert_eq!(asset["is_public"], false);
    let url = asset["url"].as_str().unwrap();
    assert!(url.contains("sig=") && url.contains("expires="), "{url}");
    assert!(asset["url_expires_at"].is_string());

    assert_problem(
        a.get_as(Some(&bob.token), &format!("/api/assets/{id}"))
            .await,
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
    assert_problem(
        a.get_as(None, &format!("/api/assets/{id}")).await,
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
    assert_problem(
        a.get_as(Some(&bob.token), &format!("/api/assets/{id}/versions"))
            .await,
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
    let admin = a.admin();
    assert_eq!(
        a.get_as(Some(&admin.token), &format!("/api/assets/{id}"))
            .await
            .status(),
        StatusCode::OK
    );

    // The signed URL works for whoever holds it; the bare CDN path and a tampered one do not.
    let res = a.get_as(None, &path_of(url)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("private, max-age=")
    );
    let bare = path_of(url).split('?').next().unwrap().to_owned();
    assert_problem(
        a.get_as(None, &bare).await,
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
    let tampered = path_of(url).replace("expires=", "expires=1");
    assert_problem(
        a.get_as(None, &tampered).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;

    // Listed for its owner only.
    let mine: Value = a
        .get_as(Some(&alice.token), "/api/assets")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 1);
    let theirs: Value = a
        .get_as(Some(&bob.token), "/api/assets")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["total"], 0);
}

#[tokio::test]
async fn lists_filter_by_type_and_category_and_page_by_cursor_and_offset() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    let mut ids = Vec::new();
    for (i, category) in ["characters", "characters", "weapons", "characters"]
        .iter()
        .enumerate()
    {
        let asset = a
            .publish(&alice, json!({"category": category}), png(100 + i))
            .await;
        ids.push(asset["asset_id"].as_str().unwrap().to_owned());
    }
    // Declared but never completed: not listed.
    a.upload(
        &alice,
        &json!({"asset_type": "image", "category": "characters"}),
    )
    .await;

    let all: Value = a
        .get_as(None, "/api/assets?asset_type=image")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 4);
    let listed: Vec<&str> = all["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["asset_id"].as_str().unwrap())
        .collect();
    let newest_first: Vec<&str> = ids.iter().rev().map(String::as_str).collect();
    assert_eq!(listed, newest_first);
    assert_eq!(all["next_cursor"], Value::Null);

    let chars: Value = a
        .get_as(
            None,
            "/api/assets?asset_type=image&category=characters&limit=2",
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(chars["total"], 3);
    let page1: Vec<&str> = chars["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["asset_id"].as_str().unwrap())
        .collect();
    assert_eq!(page1, [ids[3].as_str(), ids[1].as_str()]);
    let cursor = chars["next_cursor"].as_str().unwrap();
    let next: Value = a
        .get_as(
            None,
            &format!("/api/assets?category=characters&limit=2&cursor={cursor}"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(next["assets"][0]["asset_id"], ids[0]);
    assert_eq!(next["assets"].as_array().unwrap().len(), 1);
    let offset: Value = a
        .get_as(None, "/api/assets?category=characters&offset=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(offset["assets"][0]["asset_id"], ids[0]);
    let none: Value = a
        .get_as(None, "/api/assets?asset_type=audio")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            none["total"].as_i64(),
            none["assets"].as_array().unwrap().len()
        ),
        (Some(0), 0)
    );

    for bad in [
        "limit=0",
        "limit=1001",
        "offset=-1",
        "cursor=nope",
        "owner=me",
        "limit=abc",
    ] {
        assert_problem(
            a.get_as(None, &format!("/api/assets?{bad}")).await,
            StatusCode::BAD_REQUEST,
            "invalid_query",
        )
        .await;
    }
    let mine: Value = a
        .get_as(Some(&alice.token), "/api/assets?owner=me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 4);
    let by_id: Value = a
        .get_as(None, &format!("/api/assets?owner={}", alice.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_id["total"], 4);
}

#[tokio::test]
async fn unknown_and_malformed_ids_answer_problems() {
    let a = spawn_assets(&[]).await;
    let id = uuid::Uuid::new_v4();
    assert_problem(
        a.get_as(None, &format!("/api/assets/{id}")).await,
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
    assert_problem(
        a.get_as(None, "/api/assets/not-a-uuid").await,
        StatusCode::BAD_REQUEST,
        "invalid_path_parameter",
    )
    .await;
    let alice = a.player();
    assert_problem(
        a.post_as(
            &alice.token,
            &format!("/api/assets/{id}/versions/1/complete"),
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
    assert_problem(
        a.delete_as(&alice.token, &format!("/api/assets/{id}"))
            .await,
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
}
