//! Deleting: the seed's answer, immediate disappearance, and the purge after the grace period.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;

use crate::helpers::{path_of, png, spawn_assets};

#[tokio::test]
async fn a_deleted_asset_disappears_at_once_and_its_bytes_are_purged_after_the_grace_period() {
    let a = spawn_assets(&[
        ("ASSET_PURGE_GRACE_SECS", "1"),
        ("ASSET_PURGE_INTERVAL_SECS", "1"),
    ])
    .await;
    let alice = a.player();
    let asset = a.publish(&alice, json!({}), png(700)).await;
    let id = asset["asset_id"].as_str().unwrap();
    let cdn = path_of(asset["cdn_url"].as_str().unwrap());
    assert_eq!(a.stored_objects().len(), 1);

    let res = a
        .delete_as(&alice.token, &format!("/api/assets/{id}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["asset_id"], id);
    assert_eq!(body["deleted"], true);
    assert_eq!(body["message"], "Asset marked for deletion");

    assert_problem(
        a.get_as(None, &format!("/api/assets/{id}")).await,
        StatusCode::NOT_FOUND,
        "asset_not_found",
    )
    .await;
    assert_problem(
        a.get_as(None, &cdn).await,
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
    let listed: Value = a.get_as(None, "/api/assets").await.json().await.unwrap();
    assert_eq!(listed["total"], 0);

    testkit::eventually(std::time::Duration::from_secs(10), || async {
        a.stored_objects().is_empty().then_some(())
    })
    .await;
}

#[tokio::test]
async fn within_the_grace_period_the_bytes_are_kept() {
    let a = spawn_assets(&[("ASSET_PURGE_INTERVAL_SECS", "1")]).await;
    let alice = a.player();
    let asset = a.publish(&alice, json!({}), png(700)).await;
    let id = asset["asset_id"].as_str().unwrap();
    assert_eq!(
        a.delete_as(&alice.token, &format!("/api/assets/{id}"))
            .await
            .status(),
        StatusCode::OK
    );
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(a.stored_objects().len(), 1);
}
