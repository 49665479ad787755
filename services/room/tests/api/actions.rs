//! WebSocket actions as the gateway forwards them: co-op rules (first claim wins, kills and
//! coin drops, host-only spawns, ready/start, reconnect) and the cafe space through a real
//! inventory.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Stack, assert_problem, settings, spawn, spawn_with};

async fn coop_pair(app: &Stack) -> (Uuid, Uuid, String) {
    let (host, guest) = (Uuid::new_v4(), Uuid::new_v4());
    let created = app
        .act(
            host,
            "create_room",
            json!({ "room_name": "R", "player_name": "P1" }),
        )
        .await;
    let code = created["room_id"].as_str().unwrap().to_owned();
    app.act(
        guest,
        "join_room",
        json!({ "room_id": code, "player_name": "P2" }),
    )
    .await;
    (host, guest, code)
}

#[tokio::test]
async fn concurrent_claims_of_one_coin_have_exactly_one_winner() {
    let app = spawn().await;
    let (host, guest, code) = coop_pair(&app).await;
    app.act(
        host,
        "coin_spawn",
        json!({ "room_id": code, "coin": { "coin_id": "c1", "x": 1.234, "y": 2 } }),
    )
    .await;
    let claim = json!({ "room_id": code, "item_type": "coin", "item_id": "c1" });
    let (a, b) = tokio::join!(
        app.act(host, "collect_item", claim.clone()),
        app.act(guest, "collect_item", claim.clone())
    );
    let wins = [&a, &b].iter().filter(|r| r["collected"] == true).count();
    assert_eq!(wins, 1, "{a} {b}");
    let loser = if a["collected"] == true { &b } else { &a };
    assert_eq!(loser["self"][0]["type"], "item_already_collected");
    // A third try, and other item types, are refused too.
    let again = app.act(host, "collect_item", claim).await;
    assert_eq!(again["self"][0]["type"], "item_already_collected");
    let odd = app
        .act(
            host,
            "collect_item",
            json!({ "room_id": code, "item_type": "gem", "item_id": "g" }),
        )
        .await;
    assert_eq!(odd["self"][0]["item_id"], "g");
}

#[tokio::test]
async fn spawns_are_host_only_and_a_kill_drops_the_seeds_coins_once() {
    let app = spawn().await;
    let (host, guest, code) = coop_pair(&app).await;
    let res = app
        .action(
            guest,
            "enemy_spawn",
            json!({ "room_id": code, "enemy": { "x": 1 } }),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "not_host").await;
    app.act(host, "enemy_spawn", json!({ "room_id": code, "enemy": { "enemy_id": "e1", "x": 123.9, "y": -45.5, "coin_reward": 2 } })).await;
    let (a, b) = tokio::join!(
        app.act(
            guest,
            "enemy_killed",
            json!({ "room_id": code, "enemy_id": "e1" })
        ),
        app.act(
            host,
            "enemy_killed",
            json!({ "room_id": code, "enemy_id": "e1" })
        ),
    );
    let dead: Vec<&Value> = [&a, &b]
        .into_iter()
        .filter(|r| r["self"].as_array().is_some_and(|s| !s.is_empty()))
        .collect();
    assert_eq!(dead.len(), 1, "exactly one kill wins: {a} {b}");
    assert_eq!(dead[0]["self"][0]["type"], "enemy_already_dead");
    assert_eq!(dead[0]["self"][1]["state"]["state"], "dead");
    // The dropped coins are in the room and claimable.
    app.act(
        host,
        "player_ready",
        json!({ "room_id": code, "is_ready": true }),
    )
    .await;
    app.act(guest, "player_ready", json!({ "room_id": code }))
        .await;
    let start = app
        .act(host, "start_game", json!({ "room_id": code }))
        .await;
    assert!(start["self"].as_array().unwrap().is_empty());
    let token = app
        .act(guest, "join_room", json!({ "room_id": code }))
        .await["reconnect_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let back = app
        .act(
            guest,
            "reconnect",
            json!({ "room_id": code, "token": token, "player_id": guest.to_string() }),
        )
        .await;
    let state = &back["self"][0]["game_state"];
    let coins: Vec<&str> = state["coins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["coin_id"].as_str().unwrap())
        .collect();
    assert_eq!(coins, ["coin_drop_123_-45_0", "coin_drop_123_-45_1"]);
    assert_eq!(state["coins"][0]["x"], 100.9);
    assert_eq!(state["coins"][0]["velocity_y"], -122);
}

#[tokio::test]
async fn start_needs_the_host_two_ready_players_and_reconnect_needs_the_token_in_time() {
    let app = spawn().await;
    let (host, guest, code) = coop_pair(&app).await;
    let res = app
        .action(host, "start_game", json!({ "room_id": code }))
        .await;
    assert_problem(res, StatusCode::CONFLICT, "cannot_start").await;
    app.act(host, "player_ready", json!({ "room_id": code }))
        .await;
    app.act(guest, "player_ready", json!({ "room_id": code }))
        .await;
    let res = app
        .action(guest, "start_game", json!({ "room_id": code }))
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "not_host").await;
    app.act(host, "start_game", json!({ "room_id": code }))
        .await;
    // A third player cannot join a started game.
    let res = app
        .action(Uuid::new_v4(), "join_room", json!({ "room_id": code }))
        .await;
    assert_problem(res, StatusCode::CONFLICT, "room_closed").await;

    let kept = app
        .act(guest, "disconnect", json!({ "room_id": code }))
        .await;
    assert_eq!(kept["kept"], true);
    let res = app
        .action(
            guest,
            "reconnect",
            json!({ "room_id": code, "token": "wrong" }),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "reconnect_failed").await;
    let res = app
        .action(
            host,
            "reconnect",
            json!({ "room_id": code, "token": "x", "player_id": guest.to_string() }),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "reconnect_failed").await;
    let room: Value = app
        .get(&format!("/api/rooms/{code}"), host)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(room["players"][1]["connected"], false);
}

#[tokio::test]
async fn unknown_actions_and_missing_identity_are_refused() {
    let app = spawn().await;
    let res = app.action(Uuid::new_v4(), "teleport", json!({})).await;
    assert_problem(res, StatusCode::NOT_FOUND, "unknown_action").await;
    let res = app
        .http
        .post(app.room.url("/internal/actions"))
        .json(&json!({ "type": "chat" }))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_service_token").await;
    let (_, _, code) = coop_pair(&app).await;
    let res = app
        .action(
            Uuid::new_v4(),
            "chat",
            json!({ "room_id": code, "message": "hi" }),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "not_a_member").await;
}

#[tokio::test]
async fn furniture_is_placed_moved_destroyed_and_picked_up_with_inventory_kept_exact() {
    let app = spawn_with(settings(), true).await;
    let (owner, other) = (Uuid::new_v4(), Uuid::new_v4());
    let chairs = app.grant_furniture(owner, "furniture_chair", 3).await;
    let room = app
        .create(owner, json!({ "kind": "space", "x": 10, "y": 10 }))
        .await;
    let code = room["code"].as_str().unwrap().to_owned();
    app.join(other, &code).await;

    let place = |key: &'static str, x: i64| {
        let app = &app;
        let code = code.clone();
        async move {
            app.http
                .post(app.room.url(&format!("/api/rooms/{code}/objects")))
                .bearer_auth(app.token(owner))
                .header("Idempotency-Key", key)
                .json(&json!({ "inventory_item_id": chairs, "x": x, "y": 20, "rotation": -90.0 }))
                .send()
                .await
                .unwrap()
        }
    };
    let first = place("k1", 5).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["object"]["type"], "chair");
    assert_eq!(first["object"]["rotation"], 270.0);
    let replay = place("k1", 5).await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(
        replay.json::<Value>().await.unwrap()["object_id"],
        first["object_id"]
    );
    assert_eq!(
        app.quantity(owner, "furniture_chair").await,
        2,
        "the replay consumed nothing"
    );
    let second: Value = place("k2", 6).await.json().await.unwrap();
    assert_eq!(app.quantity(owner, "furniture_chair").await, 1);
    let res = place("k3", 99_999).await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(app.quantity(owner, "furniture_chair").await, 1);

    let (a, b) = (
        first["object_id"].as_str().unwrap(),
        second["object_id"].as_str().unwrap(),
    );
    // Another member may neither move nor destroy the owner's objects.
    let res = app
        .post(
            &format!("/api/rooms/{code}/tools/use"),
            other,
            &json!({ "target_object_id": a, "action": "destroy" }),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "not_your_object").await;
    let res = app
        .post(
            &format!("/api/rooms/{code}/tools/use"),
            owner,
            &json!({ "target_object_id": a, "action": "move", "x": 50, "y": 60 }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let res = app
        .post(
            &format!("/api/rooms/{code}/tools/use"),
            owner,
            &json!({ "target_object_id": b, "action": "destroy" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let objects: Value = app
        .get(&format!("/api/rooms/{code}/objects"), other)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(objects.as_array().unwrap().len(), 1);
    assert_eq!(
        (objects[0]["x"].as_i64(), objects[0]["y"].as_i64()),
        (Some(50), Some(60))
    );
    let logs: Value = app
        .get(&format!("/api/rooms/{code}/tool-logs"), owner)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = logs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["destroy", "move"]);

    let res = app
        .delete(&format!("/api/rooms/{code}/objects/{a}"), owner)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        app.quantity(owner, "furniture_chair").await,
        2,
        "picked up: back in the inventory; destroyed: gone"
    );
    let res = app
        .delete(&format!("/api/rooms/{code}/objects/{a}"), owner)
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "object_not_found").await;
    assert_eq!(app.quantity(owner, "furniture_chair").await, 2);
}

#[tokio::test]
async fn a_placement_left_half_done_is_finished_by_the_sweeper_exactly_once() {
    use diesel_async::SimpleAsyncConnection;

    let app = spawn_with(settings(), true).await;
    let owner = Uuid::new_v4();
    let tables = app.grant_furniture(owner, "furniture_table", 2).await;
    let room = app.create(owner, json!({ "kind": "space" })).await;
    let (code, room_id) = (
        room["code"].as_str().unwrap().to_owned(),
        room["id"].as_str().unwrap().to_owned(),
    );
    // The intent was recorded, then the replica died before calling inventory.
    let mut conn = app.room.db.as_ref().unwrap().conn().await;
    conn.batch_execute(&format!(
        "INSERT INTO object_placements (user_id, key, room_id, inventory_item_id, x, y, rotation, created_at) \
         VALUES ('{owner}', 'crash-1', '{room_id}', '{tables}', 7, 8, 0, now() - interval '1 minute')"
    ))
    .await
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let objects = loop {
        let objects: Value = app
            .get(&format!("/api/rooms/{code}/objects"), owner)
            .await
            .json()
            .await
            .unwrap();
        if !objects.as_array().unwrap().is_empty() {
            break objects;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "pending placement never finished"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(
        (objects[0]["type"].as_str(), objects[0]["x"].as_i64()),
        (Some("table"), Some(7))
    );
    // The client's retry with the same key gets the same object; one table was consumed.
    let res = app
        .http
        .post(app.room.url(&format!("/api/rooms/{code}/objects")))
        .bearer_auth(app.token(owner))
        .header("Idempotency-Key", "crash-1")
        .json(&json!({ "inventory_item_id": tables, "x": 7, "y": 8 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.unwrap()["object_id"],
        objects[0]["id"]
    );
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.quantity(owner, "furniture_table").await, 1);
    // After a pick-up, replaying the key does not bring the table back.
    let id = objects[0]["id"].as_str().unwrap();
    assert_eq!(
        app.delete(&format!("/api/rooms/{code}/objects/{id}"), owner)
            .await
            .status(),
        StatusCode::OK
    );
    let res = app
        .http
        .post(app.room.url(&format!("/api/rooms/{code}/objects")))
        .bearer_auth(app.token(owner))
        .header("Idempotency-Key", "crash-1")
        .json(&json!({ "inventory_item_id": tables, "x": 7, "y": 8 }))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(app.quantity(owner, "furniture_table").await, 2);
}

#[tokio::test]
async fn a_dropped_host_hands_over_and_an_expired_slot_is_freed() {
    let app = spawn_with(
        crate::helpers::with_reconnect_window(std::time::Duration::from_millis(500)),
        false,
    )
    .await;
    let (host, guest, code) = coop_pair(&app).await;
    app.act(host, "player_ready", json!({ "room_id": code }))
        .await;
    app.act(guest, "player_ready", json!({ "room_id": code }))
        .await;
    app.act(host, "start_game", json!({ "room_id": code }))
        .await;
    app.act(host, "disconnect", json!({ "room_id": code }))
        .await;
    let room: Value = app
        .get(&format!("/api/rooms/{code}"), guest)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(room["host_id"], guest.to_string());
    app.act(
        guest,
        "enemy_spawn",
        json!({ "room_id": code, "enemy": {} }),
    )
    .await;
    // The window closes: the sweeper lets the old host go for good.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let room: Value = app
            .get(&format!("/api/rooms/{code}"), guest)
            .await
            .json()
            .await
            .unwrap();
        if room["participant_count"] == 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "expired slot never freed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let res = app
        .action(
            host,
            "reconnect",
            json!({ "room_id": code, "token": "any" }),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "reconnect_failed").await;
    assert_eq!(app.members_in_redis(&code).await, vec![guest.to_string()]);
}
