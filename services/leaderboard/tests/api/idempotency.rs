//! `POST /api/scores` with an `Idempotency-Key`: a retry stores nothing and answers with the
//! first score; the same key for another score is refused; racing retries store one score.

use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;

use crate::helpers::{Lb, Player, score_body, spawn_lb};

async fn keyed(lb: &Lb, player: &Player, key: &str, body: &Value) -> reqwest::Response {
    lb.app
        .client
        .post(lb.app.url("/api/scores"))
        .bearer_auth(&player.token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

async fn stored(lb: &Lb, player: &Player) -> i64 {
    let mut conn = lb.db().await;
    diesel::sql_query(format!(
        "SELECT count(*) AS n FROM scores WHERE user_id = '{}'",
        player.id
    ))
    .get_result::<Count>(&mut conn)
    .await
    .unwrap()
    .n
}

#[tokio::test]
async fn a_retried_submission_answers_with_the_first_score_and_stores_nothing() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let first = keyed(&lb, &ann, "run-1", &score_body("endless", 700)).await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    // A later, better score of another run in between: the retry still answers as the first did.
    lb.submit(&ann, "endless", 900).await;

    let retry = keyed(&lb, &ann, "run-1", &score_body("endless", 700)).await;
    assert_eq!(retry.status(), StatusCode::OK);
    let retry: Value = retry.json().await.unwrap();

    assert_eq!(retry["id"], first["id"]);
    assert_eq!(retry["created_at"], first["created_at"]);
    assert_eq!(retry["personal_best"], true);
    assert_eq!(retry["rank"], 2, "ranked where it stands now: {retry}");
    assert_eq!(stored(&lb, &ann).await, 2);
    // No second personal_best event for the replay.
    let events = lb.wait_events(&format!("user:{}", ann.id), 3).await;
    assert_eq!(events.len(), 2, "{events:?}");
    // Another player may use the same key: keys are per player.
    let bob = lb.player("bob").await;
    let theirs = keyed(&lb, &bob, "run-1", &score_body("endless", 10)).await;
    assert_eq!(theirs.status(), StatusCode::OK);
    assert_ne!(theirs.json::<Value>().await.unwrap()["id"], first["id"]);
}

#[tokio::test]
async fn a_key_used_for_another_score_is_refused() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let first = keyed(&lb, &ann, "run-2", &score_body("endless", 300)).await;
    assert_eq!(first.status(), StatusCode::OK);

    let other = keyed(&lb, &ann, "run-2", &score_body("endless", 301)).await;
    assert_problem(
        other,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    let mut named = score_body("endless", 300);
    named["player_name"] = json!("someone else");
    let other = keyed(&lb, &ann, "run-2", &named).await;
    assert_problem(
        other,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    let bad = keyed(&lb, &ann, "has space", &score_body("endless", 1)).await;
    assert_problem(bad, StatusCode::BAD_REQUEST, "invalid_idempotency_key").await;
    assert_eq!(stored(&lb, &ann).await, 1);
}

#[tokio::test]
async fn racing_retries_with_one_key_store_one_score() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let body = score_body("levels", 4242);
    let answers =
        futures_util::future::join_all((0..8).map(|_| keyed(&lb, &ann, "run-3", &body))).await;
    let mut ids = Vec::new();
    for res in answers {
        assert_eq!(res.status(), StatusCode::OK);
        ids.push(res.json::<Value>().await.unwrap()["id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(stored(&lb, &ann).await, 1);
    assert_eq!(lb.board("game_mode=levels").await.len(), 1);
}
