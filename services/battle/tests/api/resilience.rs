//! Inventory unreachable in the middle of a claim: 503, then the retry pays exactly once.

use reqwest::StatusCode;
use serde_json::json;

use testkit::faults::LinkMode;

use crate::helpers::{Stack, settings, spawn_custom};

#[tokio::test]
async fn a_claim_retried_after_inventory_was_down_pays_exactly_once() {
    let app = spawn_custom(settings(), |s| s.http.internal_retries = 0).await;
    let id = app.standard_battle().await;
    app.set_enemies(id, 1, 0).await;
    let player = app.user();
    app.join(&player, id).await;
    let info = app.info(&player, id).await;
    for enemy in info["enemies"].as_array().unwrap() {
        let enemy = enemy["id"].as_i64().unwrap();
        Stack::json(
            app.attack(&player, id, enemy, "quick").await,
            StatusCode::OK,
        )
        .await;
    }
    let gold_before = app.wallet(&player).await["gold"].as_i64().unwrap();

    app.forwarder.set(LinkMode::Refuse);
    let path = format!("/api/battles/{id}/claim-loot");
    let res = app.post(&player, &path, &json!({})).await;
    crate::helpers::assert_problem(
        res,
        StatusCode::SERVICE_UNAVAILABLE,
        "dependency_unavailable",
    )
    .await;
    app.forwarder.set(LinkMode::Up);

    let loot = Stack::json(app.post(&player, &path, &json!({})).await, StatusCode::OK).await;
    assert_eq!(loot["gold"], 120);
    let gold_after = app.wallet(&player).await["gold"].as_i64().unwrap();
    assert_eq!(gold_after - gold_before, 120);
    let again = app.post(&player, &path, &json!({})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.wallet(&player).await["gold"].as_i64().unwrap(),
        gold_after
    );
}
