//! Raid bosses strike back on a server-side timer: a player is killed, refused, and comes
//! back with a potion (gems through inventory).

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{Stack, assert_problem, settings, spawn_with};

#[tokio::test]
async fn a_raid_kills_a_player_who_is_refused_then_resurrects_with_a_potion() {
    let app = spawn_with(battle::BattleSettings {
        raid_strike: Duration::from_millis(100),
        ..settings()
    })
    .await;
    let id = app.raid().await;
    app.set_enemies(id, 1_000_000, 1_000_000).await;
    let player = app.user();
    app.join(&player, id).await;
    let boss = app.info(&player, id).await["enemies"][0]["id"]
        .as_i64()
        .unwrap();

    let dead = testkit::eventually(Duration::from_secs(10), || async {
        let info = app.info(&player, id).await;
        (info["participants"][0]["is_dead"] == true).then_some(info)
    })
    .await;
    assert_eq!(dead["participants"][0]["hp_current"], 0);
    // Published from the outbox just after the commit that made the death visible.
    testkit::eventually(Duration::from_secs(5), || async {
        let kinds: Vec<String> = app.events(id).await.into_iter().map(|(k, _)| k).collect();
        (kinds.contains(&"player_hit".to_owned()) && kinds.contains(&"player_died".to_owned()))
            .then_some(())
    })
    .await;

    let res = app.attack(&player, id, boss, "normal").await;
    assert_problem(res, StatusCode::CONFLICT, "player_dead").await;
    let stamina = app.wallet(&player).await["stamina"].clone();
    assert_eq!(stamina, 80, "a refused attack spends nothing");

    let path = format!("/api/battles/{id}/resurrect?use_potion=false");
    assert_problem(
        app.post(&player, &path, &json!({})).await,
        StatusCode::CONFLICT,
        "revive_not_ready",
    )
    .await;
    let potion = format!("/api/battles/{id}/resurrect?use_potion=true");
    assert_problem(
        app.post(&player, &potion, &json!({})).await,
        StatusCode::CONFLICT,
        "insufficient_funds",
    )
    .await;

    app.give_gems(&player, 50).await;
    // Stop the boss first, so the revived player is not killed again before we look.
    app.sql(&format!(
        "UPDATE battle_enemies SET attack = 0 WHERE battle_id = {id}"
    ))
    .await;
    let back = Stack::json(app.post(&player, &potion, &json!({})).await, StatusCode::OK).await;
    assert_eq!(back["gems_spent"], 50);
    assert_eq!(app.wallet(&player).await["gems"], 0);
    let info = app.info(&player, id).await;
    assert_eq!(info["participants"][0]["is_dead"], false);
    Stack::json(
        app.attack(&player, id, boss, "normal").await,
        StatusCode::OK,
    )
    .await;
    assert_problem(
        app.post(&player, &potion, &json!({})).await,
        StatusCode::CONFLICT,
        "not_dead",
    )
    .await;
}

#[tokio::test]
async fn a_dead_raider_revives_for_free_after_the_wait() {
    let app = spawn_with(battle::BattleSettings {
        raid_strike: Duration::from_millis(100),
        revive_after: Duration::ZERO,
        ..settings()
    })
    .await;
    let id = app.raid().await;
    app.set_enemies(id, 1_000_000, 1_000_000).await;
    let player = app.user();
    app.join(&player, id).await;
    testkit::eventually(Duration::from_secs(10), || async {
        (app.info(&player, id).await["participants"][0]["is_dead"] == true).then_some(())
    })
    .await;
    app.sql(&format!(
        "UPDATE battle_enemies SET attack = 0 WHERE battle_id = {id}"
    ))
    .await;
    let path = format!("/api/battles/{id}/resurrect");
    let back = Stack::json(app.post(&player, &path, &json!({})).await, StatusCode::OK).await;
    assert_eq!(back["gems_spent"], 0);
    assert_eq!(back["resurrection_count"], 1);
}
