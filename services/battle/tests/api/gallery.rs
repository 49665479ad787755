//! The JumpJumpJump boss gallery.

use std::time::Duration;

use reqwest::StatusCode;
use testkit::eventually;
use testkit::faults::LinkMode;

use crate::helpers::{
    CDN_ORIGIN, Stack, assert_problem, settings, spawn, spawn_battle, spawn_with_asset_down,
};

/// The eight bytes every PNG starts with.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

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

    // The listing's link is the redirect, which leads to a PNG the asset service serves.
    let location = app.image_location("/api/bosses/images/03").await;
    assert!(
        location.starts_with(&format!("{CDN_ORIGIN}/cdn/")) && location.ends_with("/boss_03.png"),
        "a CDN URL of the asset service: {location}"
    );
    let png = app.fetch_cdn(&location).await;
    assert!(png.starts_with(PNG_SIGNATURE), "a PNG");
    assert_eq!(&png[16..24], &[0, 0, 1, 0, 0, 0, 1, 0], "256 x 256");
    assert_ne!(
        png,
        app.fetch_cdn(&app.image_location("/api/bosses/images/4").await)
            .await
    );

    let res = app.battle.get("/api/bosses/images/22").await;
    let body = assert_problem(res, StatusCode::NOT_FOUND, "boss_not_found").await;
    assert_eq!(body["detail"], "Boss image 22 not found");
    let res = app.battle.get("/api/bosses/images/-1").await;
    assert_problem(res, StatusCode::NOT_FOUND, "boss_not_found").await;
}

#[tokio::test]
async fn the_22_images_are_stored_once_and_a_second_instance_reuses_them() {
    let app = spawn().await;
    // The keeper stores all 22 at start, without any request asking.
    let first = eventually(Duration::from_secs(30), || async {
        let ids = app.boss_assets().await;
        (ids.len() == 22).then_some(ids)
    })
    .await;
    let mut locations = Vec::new();
    for i in 0..22 {
        locations.push(app.image_location(&format!("/api/bosses/images/{i}")).await);
    }

    let again = spawn_battle(
        settings(),
        &app.inventory,
        &app.forwarder,
        &app.asset_link,
        |_| {},
    )
    .await;
    for (i, location) in locations.iter().enumerate() {
        let res = again.get(&format!("/api/bosses/images/{i}")).await;
        assert_eq!(res.status(), StatusCode::FOUND);
        assert_eq!(res.headers()["location"].to_str().unwrap(), location);
    }
    // Give the second keeper time for a few turns: still the same 22 assets.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.boss_assets().await, first);
}

#[tokio::test]
async fn with_the_asset_service_down_images_answer_503_until_it_returns() {
    let app = spawn_with_asset_down().await;
    let res = app.battle.get("/api/bosses/images/5").await;
    let body = assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "images_unavailable").await;
    assert!(body["detail"].as_str().unwrap().contains("unavailable"));
    // The listing does not need the asset service.
    Stack::json(app.battle.get("/api/bosses").await, StatusCode::OK).await;
    assert!(app.boss_assets().await.is_empty());

    // Back up: the keeper stores all 22 by itself, then the redirect works.
    app.asset_link.set(LinkMode::Up);
    eventually(Duration::from_secs(30), || async {
        (app.boss_assets().await.len() == 22).then_some(())
    })
    .await;
    let location = app.image_location("/api/bosses/images/5").await;
    assert!(app.fetch_cdn(&location).await.starts_with(PNG_SIGNATURE));
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
