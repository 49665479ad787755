//! Joining, attacking, completing, claiming; refusals with the seed's messages; who sees what.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Stack, assert_problem, spawn};

fn enemy_ids(info: &Value) -> Vec<i64> {
    info["enemies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_player_joins_defeats_every_enemy_and_claims_once() {
    let app = spawn().await;
    let id = app.standard_battle().await;
    app.set_enemies(id, 5, 1).await;
    let player = app.user();

    let joined = app.join(&player, id).await;
    assert_eq!(joined["message"], "Joined battle successfully");
    let rejoined = app.join(&player, id).await;
    assert_eq!(rejoined["message"], "Rejoined battle successfully");
    assert_eq!(rejoined["participant_id"], joined["participant_id"]);

    let info = app.info(&player, id).await;
    assert_eq!(info["status"], "in_progress");
    assert_eq!(info["participants"][0]["player_id"], json!(player.id));
    let enemies = enemy_ids(&info);
    assert_eq!(enemies.len(), 3);
    for (i, enemy) in enemies.iter().enumerate() {
        let hit = Stack::json(
            app.attack(&player, id, *enemy, "normal").await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(hit["enemy_hp_remaining"], 0);
        assert_eq!(hit["enemy_defeated"], true);
        assert_eq!(hit["stamina_cost"], 10);
        assert_eq!(hit["stamina_remaining"], 100 - 10 * (i as i64 + 1));
        assert_eq!(hit["battle_completed"], i == 2);
    }
    assert_problem(
        app.attack(&player, id, enemies[0], "normal").await,
        StatusCode::CONFLICT,
        "battle_not_in_progress",
    )
    .await;

    let before = app.wallet(&player).await;
    let loot = Stack::json(
        app.post(
            &player,
            &format!("/api/battles/{id}/claim-loot"),
            &json!({}),
        )
        .await,
        StatusCode::OK,
    )
    .await;
    // Easy wave 1: 100 gold and 50 XP, x1.2 for more than half the damage.
    assert_eq!(
        (loot["gold"].as_i64(), loot["xp"].as_i64()),
        (Some(120), Some(60))
    );
    assert_eq!(loot["contribution_percent"], 100.0);
    assert_eq!(loot["level_up_info"]["xp_gained"], 60);
    let after = app.wallet(&player).await;
    assert_eq!(
        after["gold"].as_i64().unwrap() - before["gold"].as_i64().unwrap(),
        120
    );

    let again = app
        .post(
            &player,
            &format!("/api/battles/{id}/claim-loot"),
            &json!({}),
        )
        .await;
    let body = assert_problem(again, StatusCode::CONFLICT, "loot_already_claimed").await;
    assert_eq!(body["detail"], "Already claimed loot");
    assert_eq!(app.wallet(&player).await["gold"], after["gold"]);

    let kinds: Vec<String> = app.events(id).await.into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "enemy_defeated").count(), 3);
    assert_eq!(kinds.iter().filter(|k| *k == "battle_completed").count(), 1);
    assert!(kinds.contains(&"player_joined_battle".to_owned()));
    assert!(kinds.contains(&"loot_claimed".to_owned()));

    let logs = Stack::json(
        app.get(&player, &format!("/api/battles/{id}/logs?limit=2&offset=1"))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(logs["count"], 2);
    assert_eq!(logs["logs"][0]["type"], "attack");
}

#[tokio::test]
async fn not_enough_stamina_is_refused_and_spends_nothing() {
    let app = spawn().await;
    let id = app.standard_battle().await;
    app.set_enemies(id, 100_000, 1).await;
    let player = app.user();
    app.join(&player, id).await;
    let enemy = enemy_ids(&app.info(&player, id).await)[0];
    for _ in 0..2 {
        Stack::json(
            app.attack(&player, id, enemy, "ultimate").await,
            StatusCode::OK,
        )
        .await;
    }
    let hp_before = app.info(&player, id).await["enemies"][0]["hp_current"].clone();
    let res = app.attack(&player, id, enemy, "ultimate").await;
    let body = assert_problem(res, StatusCode::CONFLICT, "insufficient_stamina").await;
    assert_eq!(body["detail"], "Not enough stamina! Need 50, have 0");
    assert_eq!(app.wallet(&player).await["stamina"], 0);
    let info = app.info(&player, id).await;
    assert_eq!(info["enemies"][0]["hp_current"], hp_before);
    assert_eq!(info["participants"][0]["attacks_count"], 2);
}

#[tokio::test]
async fn the_level_requirement_and_capacity_are_enforced_with_the_seed_messages() {
    let app = spawn().await;
    let high = app
        .battle_from(json!({ "name": "high", "difficulty": "easy", "required_level": 5 }))
        .await;
    let player = app.user();
    let res = app
        .post(&player, &format!("/api/battles/join/{high}"), &json!({}))
        .await;
    let body = assert_problem(res, StatusCode::FORBIDDEN, "level_too_low").await;
    assert_eq!(body["detail"], "Requires level 5");

    let solo = app
        .battle_from(json!({ "name": "solo", "difficulty": "easy", "max_players": 1 }))
        .await;
    app.join(&player, solo).await;
    let other = app.user();
    let res = app
        .post(&other, &format!("/api/battles/join/{solo}"), &json!({}))
        .await;
    let body = assert_problem(res, StatusCode::CONFLICT, "battle_full").await;
    assert_eq!(body["detail"], "Battle is full");
}

#[tokio::test]
async fn outsiders_are_refused_and_history_is_private() {
    let app = spawn().await;
    let id = app.standard_battle().await;
    let (a, b) = (app.user(), app.user());
    app.join(&a, id).await;
    let enemy = enemy_ids(&app.info(&a, id).await)[0];

    assert_problem(
        app.attack(&b, id, enemy, "normal").await,
        StatusCode::FORBIDDEN,
        "not_in_battle",
    )
    .await;
    assert_problem(
        app.post(&b, &format!("/api/battles/{id}/claim-loot"), &json!({}))
            .await,
        StatusCode::CONFLICT,
        "battle_not_completed",
    )
    .await;

    let mine = Stack::json(app.get(&a, "/api/battles/history/me").await, StatusCode::OK).await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["battle_id"], id);
    assert_eq!(mine[0]["player_id"], json!(a.id));
    let theirs = Stack::json(app.get(&b, "/api/battles/history/me").await, StatusCode::OK).await;
    assert!(theirs.as_array().unwrap().is_empty());

    let player = app.user();
    assert_problem(
        app.get(&player, "/api/battles/admin/templates").await,
        StatusCode::FORBIDDEN,
        "admin_required",
    )
    .await;
    let anonymous = app.battle.get("/api/battles/available").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_ids_and_bodies_get_problems() {
    let app = spawn().await;
    let id = app.standard_battle().await;
    let player = app.user();
    app.join(&player, id).await;
    let enemy = enemy_ids(&app.info(&player, id).await)[0];

    let res = app.get(&player, "/api/battles/abc").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );
    assert_problem(
        app.get(&player, "/api/battles/999999").await,
        StatusCode::NOT_FOUND,
        "battle_not_found",
    )
    .await;
    assert_problem(
        app.post(&player, "/api/battles/join/999999", &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "battle_not_found",
    )
    .await;
    for body in [
        json!({ "enemy_id": "x" }),
        json!({ "enemy_id": -1 }),
        json!({}),
        json!({ "enemy_id": enemy, "attack_type": "mega" }),
    ] {
        let res = app
            .post(&player, &format!("/api/battles/{id}/attack"), &body)
            .await;
        assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let res = app
        .post(
            &player,
            &format!("/api/battles/{id}/attack"),
            &json!({ "enemy_id": 999_999 }),
        )
        .await;
    let body = assert_problem(res, StatusCode::BAD_REQUEST, "enemy_not_found").await;
    assert_eq!(body["detail"], "Enemy not found");
    let res = app
        .battle
        .client
        .post(app.battle.url(&format!("/api/battles/{id}/attack")))
        .bearer_auth(&player.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_problem(
        app.get(&player, &format!("/api/battles/{id}/logs?limit=501"))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    let admin = app.admin();
    let res = app
        .post(
            &admin,
            "/api/battles/admin/templates",
            &json!({ "name": "", "difficulty": "nightmare" }),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn a_forged_damage_in_an_action_is_ignored() {
    let app = spawn().await;
    let id = app.standard_battle().await;
    app.set_enemies(id, 100_000, 1).await;
    let player = app.user();
    app.join(&player, id).await;
    let enemy = enemy_ids(&app.info(&player, id).await)[0];
    let res = app
        .action(&player, "attack", json!({ "battle_id": id, "enemy_id": enemy, "damage": 99_999, "attack_type": "normal" }))
        .await;
    let body = Stack::json(res, StatusCode::OK).await;
    // Base attack 10 against defense 0: 9..=11, 22 on a crit.
    let dmg = body["damage"].as_i64().unwrap();
    assert!((9..=22).contains(&dmg), "{body}");
    assert_eq!(body["enemy_hp_remaining"], 100_000 - dmg);
    let res = app
        .action(&player, "dance", json!({ "battle_id": id }))
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "unknown_action").await;
}
