//! Attacks with an `Idempotency-Key`: a retry of an applied attack answers as the first try
//! did and costs nothing; a retry of an open one waits; a retry of one that was refunded is
//! refused; the key cannot be moved to another attack; racing retries hit once.

use std::time::Duration;

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::TestUser;
use testkit::faults::LinkMode;

use crate::helpers::{Stack, assert_problem, spawn, spawn_settling};

async fn keyed(
    app: &Stack,
    user: &TestUser,
    battle: i64,
    enemy: i64,
    kind: &str,
    key: &str,
) -> Response {
    app.battle
        .client
        .post(app.battle.url(&format!("/api/battles/{battle}/attack")))
        .bearer_auth(&user.token)
        .header("Idempotency-Key", key)
        .json(&json!({ "enemy_id": enemy, "attack_type": kind }))
        .send()
        .await
        .unwrap()
}

async fn stamina(app: &Stack, user: &TestUser) -> i64 {
    app.wallet(user).await["stamina"].as_i64().unwrap()
}

async fn attacks_count(app: &Stack, user: &TestUser, battle: i64) -> i64 {
    app.info(user, battle).await["participants"][0]["attacks_count"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn a_retried_attack_answers_as_the_first_and_costs_nothing() {
    let app = spawn().await;
    let (player, id, enemy) = app.arena().await;
    let before = stamina(&app, &player).await;

    let first = Stack::json(
        keyed(&app, &player, id, enemy, "normal", "swing-1").await,
        StatusCode::OK,
    )
    .await;
    let retry = Stack::json(
        keyed(&app, &player, id, enemy, "normal", "swing-1").await,
        StatusCode::OK,
    )
    .await;

    assert_eq!(retry, first);
    assert_eq!(stamina(&app, &player).await, before - 10);
    assert_eq!(attacks_count(&app, &player, id).await, 1);
    // The same key for another attack is refused; a new key attacks again.
    let moved = keyed(&app, &player, id, enemy, "power", "swing-1").await;
    assert_problem(
        moved,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    let bad = keyed(&app, &player, id, enemy, "normal", "two words").await;
    assert_problem(bad, StatusCode::BAD_REQUEST, "invalid_idempotency_key").await;
    Stack::json(
        keyed(&app, &player, id, enemy, "normal", "swing-2").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(attacks_count(&app, &player, id).await, 2);
    assert_eq!(stamina(&app, &player).await, before - 20);
}

#[tokio::test]
async fn racing_retries_of_one_key_hit_once() {
    let app = spawn().await;
    let (player, id, enemy) = app.arena().await;
    let before = stamina(&app, &player).await;

    let answers = futures_util::future::join_all(
        (0..6).map(|_| keyed(&app, &player, id, enemy, "normal", "burst")),
    )
    .await;
    let mut hits: Vec<Value> = Vec::new();
    for res in answers {
        match res.status() {
            StatusCode::OK => hits.push(res.json().await.unwrap()),
            StatusCode::CONFLICT => {
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["code"], "attack_in_progress", "{body}");
            }
            other => panic!("unexpected {other}: {}", res.text().await.unwrap()),
        }
    }
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| *h == hits[0]), "{hits:?}");
    assert_eq!(attacks_count(&app, &player, id).await, 1);
    assert_eq!(stamina(&app, &player).await, before - 10);
    // Once settled, every retry answers the one hit.
    let again = Stack::json(
        keyed(&app, &player, id, enemy, "normal", "burst").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(again, hits[0]);
}

#[tokio::test]
async fn a_retry_after_a_lost_answer_waits_then_learns_the_attack_was_refunded() {
    let app = spawn_settling().await;
    // Cache the combat stats, so the lost call is the debit.
    let (player, id, enemy) = app.warm_arena().await;
    let before = stamina(&app, &player).await;

    app.forwarder.set(LinkMode::LoseAnswers);
    let lost = keyed(&app, &player, id, enemy, "normal", "lost-1").await;
    assert!(lost.status().is_server_error(), "{}", lost.status());
    app.forwarder.set(LinkMode::Up);

    // The intent is open until the reconciler settles it: the retry must not attack again.
    let open = keyed(&app, &player, id, enemy, "normal", "lost-1").await;
    let body = assert_problem(open, StatusCode::CONFLICT, "attack_in_progress").await;
    assert!(body.get("detail").is_some());
    let settled = testkit::eventually(Duration::from_secs(10), || async {
        let res = keyed(&app, &player, id, enemy, "normal", "lost-1").await;
        (res.status() != StatusCode::CONFLICT
            || res.json::<Value>().await.unwrap()["code"] != "attack_in_progress")
            .then_some(())
    });
    settled.await;
    let spent = keyed(&app, &player, id, enemy, "normal", "lost-1").await;
    assert_problem(spent, StatusCode::CONFLICT, "idempotency_key_spent").await;
    assert_eq!(stamina(&app, &player).await, before);
    assert_eq!(attacks_count(&app, &player, id).await, 1);
}

#[tokio::test]
async fn staggered_retries_never_hit_twice_whatever_they_read() {
    let app = spawn().await;
    let (player, id, enemy) = app.arena().await;
    // Quick attacks (5 stamina) on a full bar of 100: every round can pay once, never twice.
    let rounds: i64 = 20;
    app.give(&player, "stamina", 100).await;
    let before = stamina(&app, &player).await;
    assert_eq!(before, 100);
    for round in 0..rounds {
        let key = format!("stagger-{round}");
        // Retries sent 0-35 ms apart: some read the key open while the first try's hit
        // commits, and must not record the same intent again once it is gone.
        let tries = (0..8u64).map(|i| {
            let (app, player, key) = (&app, &player, key.clone());
            async move {
                tokio::time::sleep(Duration::from_millis(i * 5)).await;
                let res = keyed(app, player, id, enemy, "quick", &key).await;
                let status = res.status();
                let body: Value = res.json().await.unwrap();
                assert!(
                    status == StatusCode::OK
                        || (status == StatusCode::CONFLICT && body["code"] == "attack_in_progress"),
                    "{status} {body}"
                );
            }
        });
        futures_util::future::join_all(tries).await;
    }
    assert_eq!(attacks_count(&app, &player, id).await, rounds);
    assert_eq!(stamina(&app, &player).await, before - 5 * rounds);
}
