//! Scores submitted with a deployment key: attributed to the player name sent within the key's
//! namespace, marked `api_key`, kept off accounts' boards unless a read asks for them.

use common::auth::ServiceTokens;
use common::auth::key_identity::{KEY_IDENTITY_HEADER, KeyNamespace};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::conformance::assert_problem;

use crate::helpers::{Lb, spawn_lb};

fn assertion(lb: &Lb, key: &str) -> String {
    let secret = &lb.app.context.settings.internal_token_secret;
    ServiceTokens::new("gateway", secret)
        .assert_key_identity(&KeyNamespace::derive(secret, key))
        .unwrap()
}

async fn key_post(lb: &Lb, key: &str, body: &Value) -> Response {
    lb.app
        .client
        .post(lb.app.url("/api/scores"))
        .header(KEY_IDENTITY_HEADER, assertion(lb, key))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn key_get(lb: &Lb, key: &str, path: &str) -> Response {
    lb.app
        .client
        .get(lb.app.url(path))
        .header(KEY_IDENTITY_HEADER, assertion(lb, key))
        .send()
        .await
        .unwrap()
}

fn body(name: &str, mode: &str, score: i64) -> Value {
    json!({ "player_name": name, "score": score, "coins": 3, "enemies_defeated": 2,
            "distance": 100, "level": 1, "game_mode": mode })
}

#[tokio::test]
async fn key_scores_are_marked_and_ranked_within_their_namespace_only() {
    let lb = spawn_lb().await;
    let res = key_post(&lb, "key-a", &body("Ann", "endless", 500)).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );
    let stored: Value = key_post(&lb, "key-a", &body("Bo", "endless", 300))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["source"], "api_key");
    assert_eq!(stored["player_name"], "Bo");
    assert_eq!(stored["rank"], 2);
    assert_eq!(stored["ranks"]["daily"], 2);
    key_post(&lb, "key-b", &body("Other", "endless", 900)).await;
    let player = lb.player("acct").await;
    lb.submit(&player, "endless", 700).await;

    // A key caller's default board is its own namespace's.
    let board: Value = key_get(
        &lb,
        "key-a",
        "/api/scores/leaderboard?limit=100&game_mode=endless",
    )
    .await
    .json()
    .await
    .unwrap();
    let names: Vec<_> = board
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["player_name"].clone())
        .collect();
    assert_eq!(names, [json!("Ann"), json!("Bo")]);
    assert_eq!(board[0]["rank"], 1);
    assert_eq!(board[0]["source"], "api_key");
    let rank: Value = key_get(
        &lb,
        "key-a",
        "/api/scores/rank/400?score=400&game_mode=endless",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(rank["rank"], 2);

    // `all` merges the account's scores with the namespace's; `account` leaves keys out.
    let all: Value = key_get(
        &lb,
        "key-a",
        "/api/scores/leaderboard?game_mode=endless&source=all",
    )
    .await
    .json()
    .await
    .unwrap();
    let names: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["player_name"].clone(),
                e["rank"].clone(),
                e["source"].clone(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            (json!("acct"), json!(1), json!("account")),
            (json!("Ann"), json!(2), json!("api_key")),
            (json!("Bo"), json!(3), json!("api_key")),
        ]
    );
    let rank: Value = key_get(
        &lb,
        "key-a",
        "/api/scores/rank/400?game_mode=endless&source=all",
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(rank["rank"], 3);

    // Everyone else reads accounts' boards by default, and every key's on request.
    let public = lb
        .get_json("/api/scores/leaderboard?game_mode=endless")
        .await;
    assert_eq!(public.as_array().unwrap().len(), 1);
    assert_eq!(public[0]["source"], "account");
    let keyed = lb
        .get_json("/api/scores/leaderboard?game_mode=endless&source=api_key")
        .await;
    assert_eq!(keyed.as_array().unwrap().len(), 3);
    assert_eq!(keyed[0]["player_name"], "Other");
}

#[tokio::test]
async fn a_players_best_is_looked_up_in_the_namespace_and_404s_elsewhere() {
    let lb = spawn_lb().await;
    key_post(&lb, "key-a", &body("Ann", "levels", 50)).await;
    key_post(&lb, "key-a", &body("Ann", "levels", 80)).await;
    let best: Value = key_get(&lb, "key-a", "/api/scores/player/Ann")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(best["score"], 80);
    assert_eq!(best["rank"], Value::Null);
    assert_eq!(best["source"], "api_key");
    let res = key_get(&lb, "key-b", "/api/scores/player/Ann").await;
    assert_problem(res, StatusCode::NOT_FOUND, "player_not_found").await;
    let res = lb.get("/api/scores/player/Ann").await;
    assert_problem(res, StatusCode::NOT_FOUND, "player_not_found").await;
    // On a `best` board a player name appears once.
    let board: Value = key_get(&lb, "key-a", "/api/scores/leaderboard?game_mode=levels")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(board.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn key_submissions_need_a_player_name_and_valid_fields_and_a_real_assertion() {
    let lb = spawn_lb().await;
    let mut nameless = body("x", "endless", 1);
    nameless.as_object_mut().unwrap().remove("player_name");
    let res = key_post(&lb, "key-a", &nameless).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = key_post(&lb, "key-a", &body("x", "nope", 1)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = lb
        .app
        .client
        .post(lb.app.url("/api/scores"))
        .header(KEY_IDENTITY_HEADER, "forged")
        .json(&body("x", "endless", 1))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_key_identity").await;
}
