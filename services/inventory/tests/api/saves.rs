//! JumpJumpJump saves: owned by the caller, keyed by caller and player name.

use reqwest::StatusCode;
use serde_json::json;
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::spawn;

#[tokio::test]
async fn a_save_is_stored_loaded_overwritten_and_deleted_by_its_owner_only() {
    let inv = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let save = json!({ "player_name": "Hero", "level": 3, "score": 1200, "lives": 2,
                       "health": 80, "coins": 45, "weapon": "laser" });
    let res = inv.post_ok("/api/save_game", alice, Some(&save)).await;
    assert_eq!(res["message"], "Game saved successfully");
    let loaded = inv.get_json("/api/load_game/Hero", alice).await;
    for field in [
        "player_name",
        "level",
        "score",
        "lives",
        "health",
        "coins",
        "weapon",
    ] {
        assert_eq!(loaded[field], save[field], "{field}");
    }
    assert!(loaded["timestamp"].is_string());

    let res = inv.get("/api/load_game/Hero", bob).await;
    assert_problem(res, StatusCode::NOT_FOUND, "save_not_found").await;
    let res = inv.delete("/api/save_game/Hero", bob).await;
    assert_problem(res, StatusCode::NOT_FOUND, "save_not_found").await;

    let mut newer = save.clone();
    newer["score"] = json!(5000);
    inv.post_ok("/api/save_game", alice, Some(&newer)).await;
    assert_eq!(
        inv.get_json("/api/load_game/Hero", alice).await["score"],
        5000
    );

    let res = inv.delete("/api/save_game/Hero", alice).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["message"],
        "Save game deleted successfully"
    );
    let res = inv.get("/api/load_game/Hero", alice).await;
    assert_problem(res, StatusCode::NOT_FOUND, "save_not_found").await;
}

#[tokio::test]
async fn malformed_saves_are_refused() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let base = json!({ "player_name": "Hero", "level": 3, "score": 1200, "lives": 2,
                       "health": 80, "coins": 45, "weapon": "laser" });
    for (field, value) in [
        ("player_name", json!("")),
        ("level", json!(-1)),
        ("score", json!(-5)),
        ("lives", json!(100_000)),
        ("weapon", json!("")),
    ] {
        let mut body = base.clone();
        body[field] = value;
        let res = inv.post("/api/save_game", user, Some(&body)).await;
        assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let mut body = base.clone();
    body["level"] = json!(1.5);
    let res = inv.post("/api/save_game", user, Some(&body)).await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
}
