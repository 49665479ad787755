//! `POST /api/scores`: the seed's response, the default player name, validation, events.

use reqwest::StatusCode;
use serde_json::json;
use testkit::conformance::assert_problem;

use crate::helpers::{score_body, spawn_lb};

#[tokio::test]
async fn a_submitted_score_answers_with_the_seed_fields_and_its_ranks() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;

    let body = lb.submit(&ann, "endless", 1500).await;

    for field in [
        "id",
        "player_name",
        "score",
        "coins",
        "enemies_defeated",
        "distance",
        "level",
        "game_mode",
        "created_at",
        "rank",
    ] {
        assert!(body.get(field).is_some(), "{field} missing from {body}");
    }
    assert_eq!(body["player_name"], "ann");
    assert_eq!(body["score"], 1500);
    assert_eq!(body["coins"], 3);
    assert_eq!(body["enemies_defeated"], 2);
    assert_eq!(body["distance"], 120);
    assert_eq!(body["level"], 1);
    assert_eq!(body["game_mode"], "endless");
    assert_eq!(body["rank"], 1);
    assert_eq!(body["user_id"], ann.id.to_string());
    assert_eq!(
        body["ranks"],
        json!({"all": 1, "daily": 1, "weekly": 1, "monthly": 1})
    );
    assert_eq!(body["personal_best"], true);
}

#[tokio::test]
async fn an_explicit_player_name_is_kept_and_auth_is_not_asked() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let mut body = score_body("levels", 10);
    body["player_name"] = json!("  Ann the Great ");

    let res = lb.post(&ann.token, &body).await;

    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["player_name"], "Ann the Great");
    assert!(lb.auth.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_username_is_fetched_from_auth_once_and_then_cached() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;

    lb.submit(&ann, "endless", 1).await;
    lb.submit(&ann, "endless", 2).await;

    assert_eq!(lb.auth.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn without_a_name_an_unknown_user_gets_403_and_unreachable_auth_503() {
    let lb = spawn_lb().await;
    let stranger = lb.app.auth.token_for(uuid::Uuid::new_v4());
    assert_problem(
        lb.post(&stranger, &score_body("endless", 1)).await,
        StatusCode::FORBIDDEN,
        "unknown_user",
    )
    .await;

    // Auth failing (here a 500) is not the player's fault: 503, retry or name yourself.
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(500))
        .mount(&lb.auth)
        .await;
    let ghost = lb.app.auth.token_for(uuid::Uuid::new_v4());
    let res = lb.post(&ghost, &score_body("endless", 1)).await;
    let problem =
        assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "username_unavailable").await;
    assert!(problem["detail"].as_str().unwrap().contains("player_name"));
}

#[tokio::test]
async fn bad_submissions_answer_problem_json_and_store_nothing() {
    let lb = spawn_lb_with_small_max().await;
    let ann = lb.player("ann").await;
    let with = |field: &str, value: serde_json::Value| {
        let mut body = score_body("levels", 10);
        body[field] = value;
        body
    };
    for (body, field) in [
        (with("score", json!(-1)), "score"),
        (with("coins", json!(-5)), "coins"),
        (with("distance", json!(-5)), "distance"),
        (with("score", json!(1001)), "score"),
        (with("game_mode", json!("arcade")), "game_mode"),
        (with("player_name", json!("")), "player_name"),
        (with("player_name", json!("x".repeat(51))), "player_name"),
    ] {
        let problem = assert_problem(
            lb.post(&ann.token, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    // Wrong shapes: a float where the seed wanted an int, a missing field, a string.
    for body in [
        with("score", json!(1.5)),
        with("level", json!("one")),
        json!({"score": 1, "game_mode": "levels"}),
    ] {
        assert_problem(
            lb.post(&ann.token, &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        )
        .await;
    }
    let malformed = lb
        .app
        .client
        .post(lb.app.url("/api/scores"))
        .bearer_auth(&ann.token)
        .header("content-type", "application/json")
        .body("{\"score\": ")
        .send()
        .await
        .unwrap();
    assert_problem(malformed, StatusCode::BAD_REQUEST, "malformed_json").await;
    let anonymous = lb
        .app
        .client
        .post(lb.app.url("/api/scores"))
        .json(&score_body("levels", 1))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    assert!(lb.board("game_mode=levels").await.is_empty());
}

async fn spawn_lb_with_small_max() -> crate::helpers::Lb {
    crate::helpers::spawn_lb_with(&[("LEADERBOARD_BOARDS", "levels:best:1000,endless:all:1000")])
        .await
}

#[tokio::test]
async fn the_largest_exact_score_is_accepted_and_ranked_exactly() {
    let max = 1i64 << 53;
    let lb =
        crate::helpers::spawn_lb_with(&[("LEADERBOARD_BOARDS", &format!("big:all:{max}"))]).await;
    let ann = lb.player("ann").await;
    let bob = lb.player("bob").await;

    lb.submit(&ann, "big", max - 1).await;
    let top = lb.submit(&bob, "big", max).await;

    assert_eq!(top["rank"], 1);
    assert_eq!(
        lb.board("game_mode=big").await,
        [("bob".into(), max), ("ann".into(), max - 1)]
    );
}

#[tokio::test]
async fn personal_bests_and_top_ten_changes_are_published() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let user_topic = format!("user:{}", ann.id);

    let first = lb.submit(&ann, "levels", 100).await;
    let lower = lb.submit(&ann, "levels", 50).await;
    let higher = lb.submit(&ann, "levels", 200).await;

    assert_eq!(first["personal_best"], true);
    assert_eq!(lower["personal_best"], false);
    assert_eq!(lower["rank"], 2, "the rank a non-best score would take");
    assert_eq!(higher["personal_best"], true);
    let bests = lb.wait_events(&user_topic, 2).await;
    let scores: Vec<_> = bests
        .iter()
        .map(|(kind, d)| (kind.as_str(), d["score"].as_i64().unwrap()))
        .collect();
    assert_eq!(scores, [("personal_best", 100), ("personal_best", 200)]);
    assert_eq!(bests[1].1["previous_best"], 100);

    // Each entry into the top 10 of each period is announced; the lower score entered nowhere.
    let top = lb.wait_events("leaderboard:levels", 8).await;
    assert_eq!(top.len(), 8, "{top:?}");
    assert!(
        top.iter()
            .all(|(kind, d)| kind == "top_changed" && d["rank"] == 1)
    );
    let periods: Vec<_> = top[..4]
        .iter()
        .map(|(_, d)| d["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["all", "daily", "weekly", "monthly"]);
}

#[tokio::test]
async fn without_synchronous_commit_scores_are_stored_and_ranked_the_same() {
    let lb = crate::helpers::spawn_lb_with(&[("LEADERBOARD_SYNCHRONOUS_COMMIT", "false")]).await;
    let ann = lb.player("ann").await;
    let bob = lb.player("bob").await;

    lb.submit(&ann, "endless", 5).await;
    let top = lb.submit(&bob, "endless", 9).await;

    assert_eq!(top["rank"], 1);
    assert_eq!(
        lb.board("game_mode=endless").await,
        [("bob".into(), 9), ("ann".into(), 5)]
    );
}
