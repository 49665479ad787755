//! The JumpJumpJump boss gallery.

use reqwest::StatusCode;

use crate::helpers::{Stack, assert_problem, spawn};

#[tokio::test]
async fn the_gallery_lists_22_bosses_without_a_token_and_redirects_images() {
    let app = spawn().await;
    let res = app.battle.get("/api/bosses").await;
    let bosses = Stack::json(res, StatusCode::OK).await;
    let bosses = bosses.as_array().unwrap();
    assert_eq!(bosses.len(), 22);
    assert_eq!(bosses[3]["boss_index"], 3);
    assert_eq!(bosses[3]["image_url"], "/api/bosses/images/03");
    assert!(
        bosses
            .iter()
            .all(|b| b["defeated"] == false && b["boss_name"].is_string())
    );

    let res = app.battle.get("/api/bosses/images/3").await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/boss_03.png")
    );
    let res = app.battle.get("/api/bosses/images/22").await;
    let body = assert_problem(res, StatusCode::NOT_FOUND, "boss_not_found").await;
    assert_eq!(body["detail"], "Boss image 22 not found");
}

#[tokio::test]
async fn a_boss_is_marked_defeated_for_those_who_won_its_raid() {
    let app = spawn().await;
    let id = app.raid().await; // gallery boss 3
    app.set_enemies(id, 1, 0).await;
    let (winner, other) = (app.user(), app.user());
    app.join(&winner, id).await;
    let boss = app.info(&winner, id).await["enemies"][0]["id"]
        .as_i64()
        .unwrap();
    Stack::json(
        app.attack(&winner, id, boss, "normal").await,
        StatusCode::OK,
    )
    .await;

    let mine = Stack::json(app.get(&winner, "/api/bosses").await, StatusCode::OK).await;
    assert_eq!(mine[3]["defeated"], true);
    assert_eq!(mine[2]["defeated"], false);
    let theirs = Stack::json(app.get(&other, "/api/bosses").await, StatusCode::OK).await;
    assert_eq!(theirs[3]["defeated"], false);
}
