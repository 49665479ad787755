//! Inventory unreachable or losing its answers mid-pull, and gacha restarted with a pending
//! pull: the reconciler finishes (or cancels) with nothing doubled or lost.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{Mode, assert_problem, eventually, settings, spawn, spawn_gacha};

#[tokio::test]
async fn inventory_down_mid_pull_leaves_it_pending_and_the_reconciler_completes_it_once() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 2000).await;
    app.proxy.set(Mode::Refuse);
    let res = app.pull(user, "?count=10", None, None).await;
    let body = assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "pull_pending").await;
    assert!(body["detail"].as_str().unwrap().contains("Idempotency-Key"));
    assert!(app.history(user).await.is_empty());
    app.proxy.set(Mode::Up);
    let history = eventually(Duration::from_secs(15), || async {
        let h = app.history(user).await;
        (!h.is_empty()).then_some(h)
    })
    .await;
    assert_eq!(history.len(), 1);
    assert_eq!(app.gems(user).await, 400);
    assert_eq!(app.gacha_items(user).await.len(), 10);
    // Nothing more happens on later passes.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(app.gems(user).await, 400);
    assert_eq!(app.gacha_items(user).await.len(), 10);
}

#[tokio::test]
async fn a_lost_answer_is_not_paid_twice_and_the_items_are_not_lost() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 1600).await;
    // Inventory applies the transaction; gacha never hears back.
    app.proxy.set(Mode::LoseAnswers);
    let res = app.pull(user, "?count=10", Some("lost-1"), None).await;
    assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "pull_pending").await;
    assert_eq!(app.gems(user).await, 0);
    app.proxy.set(Mode::Up);
    // The client's retry with the same key finishes the pull from inventory's stored answer.
    let res = app.pull(user, "?count=10", Some("lost-1"), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["gems_remaining"], 0);
    assert_eq!(app.gems(user).await, 0);
    assert_eq!(app.gacha_items(user).await.len(), 10);
    assert_eq!(app.history(user).await.len(), 1);
}

#[tokio::test]
async fn a_pending_pull_the_player_cannot_pay_any_more_is_cancelled_with_the_pity_restored() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 160).await;
    app.proxy.set(Mode::Refuse);
    let res = app.pull(user, "?count=1", None, None).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    // Meanwhile the gems go elsewhere: a direct inventory spend through the same economy.
    let admin_debit = serde_json::json!({
        "idempotency_key": "spend-elsewhere",
        "user_id": user,
        "reason": "test_spend",
        "debits": [{ "currency": "gems", "amount": 160 }],
    });
    let token = common::auth::ServiceTokens::new(
        "gacha",
        &app.inventory.context.settings.internal_token_secret,
    )
    .sign()
    .unwrap();
    let res = app
        .http
        .post(app.inventory.url("/internal/transactions"))
        .bearer_auth(token)
        .json(&admin_debit)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    app.proxy.set(Mode::Up);
    eventually(Duration::from_secs(15), || async {
        let pity = app.pity(user).await;
        (pity["pulls_since_five_star"] == 0 && pity["pulls_since_four_star"] == 0).then_some(())
    })
    .await;
    assert_eq!(app.gems(user).await, 0);
    assert!(app.gacha_items(user).await.is_empty());
    assert!(app.history(user).await.is_empty());
    // And the player can pull again once they have gems.
    app.grant_gems(user, 160).await;
    app.pull_ok(user, "?count=1").await;
}

#[tokio::test]
async fn gacha_restarted_with_a_pending_pull_finishes_it_at_start() {
    let mut first_settings = settings();
    first_settings.reconcile_interval = Duration::from_secs(3600);
    first_settings.reconcile_after = Duration::from_secs(3600);
    let app = crate::helpers::spawn_with(first_settings).await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 1600).await;
    app.proxy.set(Mode::Refuse);
    let res = app.pull(user, "?count=10", None, None).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    app.gacha.stop().await;
    app.proxy.set(Mode::Up);
    let mut restart = settings();
    restart.reconcile_interval = Duration::from_secs(3600);
    restart.reconcile_after = Duration::ZERO;
    let db_url = app.gacha.db.as_ref().unwrap().url().to_owned();
    let second = spawn_gacha(&app.inventory, &app.proxy, restart, Some(db_url)).await;
    let token = app.token(user);
    let history = eventually(Duration::from_secs(15), || async {
        let page: Value = app
            .http
            .get(second.url("/api/gacha/history"))
            .bearer_auth(&token)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let pulls = page["pulls"].as_array()?.clone();
        (!pulls.is_empty()).then_some(pulls)
    })
    .await;
    assert_eq!(history.len(), 1);
    assert_eq!(app.gems(user).await, 0);
    assert_eq!(app.gacha_items(user).await.len(), 10);
}
