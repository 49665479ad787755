//! A scripted two-player JumpJumpJump session through the gateway's `/ws/room/...` dialect,
//! in the seed's observed message order, and what a non-member cannot do.

use std::time::Duration;

use serde_json::json;
use uuid::Uuid;

use crate::helpers::{gateway, spawn};
use crate::ws::{connect, expect, send, silent, until};

#[tokio::test]
async fn two_players_play_a_coop_session_in_the_seeds_order() {
    let app = spawn().await;
    let gw = gateway(&app.room, None).await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let (a_id, b_id) = (alice.to_string(), bob.to_string());

    // Create: the host gets player_joined before room_created.
    let mut a = connect(&gw, "/ws/room/new", &app.token(alice)).await;
    send(
        &mut a,
        json!({ "type": "create_room", "room_name": "Duo", "player_name": "Alice" }),
    )
    .await;
    let joined = expect(&mut a, "type", "player_joined").await;
    assert_eq!(
        (
            joined["player_id"].as_str(),
            joined["player_number"].as_i64()
        ),
        (Some(a_id.as_str()), Some(1))
    );
    let created = expect(&mut a, "type", "room_created").await;
    let code = created["room_id"].as_str().unwrap().to_owned();
    assert_eq!(created["player_number"], 1);
    assert_eq!(created["room_info"]["room_name"], "Duo");
    assert!(created["reconnect_token"].is_string());

    // Join: the joiner gets player_joined about itself, then room_joined; the host player_joined.
    let mut b = connect(&gw, &format!("/ws/room/{code}"), &app.token(bob)).await;
    send(&mut b, json!({ "type": "join_room", "player_name": "Bob" })).await;
    let joined = expect(&mut b, "type", "player_joined").await;
    assert_eq!(
        (
            joined["player_id"].as_str(),
            joined["player_number"].as_i64()
        ),
        (Some(b_id.as_str()), Some(2))
    );
    let room_joined = expect(&mut b, "type", "room_joined").await;
    assert_eq!(room_joined["room_info"]["player_count"], 2);
    let token = room_joined["reconnect_token"].as_str().unwrap().to_owned();
    let seen = expect(&mut a, "type", "player_joined").await;
    assert_eq!(seen["player_name"], "Bob");

    // A third player: the room is full.
    let mut c = connect(&gw, &format!("/ws/room/{code}"), &app.token(Uuid::new_v4())).await;
    send(&mut c, json!({ "type": "join_room", "room_id": code })).await;
    let refused = expect(&mut c, "type", "error").await;
    assert_eq!(
        refused["message"],
        "Failed to join room. Room may be full or game already started."
    );

    // Starting too early fails for the host only.
    send(&mut a, json!({ "type": "start_game" })).await;
    assert!(
        expect(&mut a, "type", "error").await["message"]
            .as_str()
            .unwrap()
            .starts_with("Cannot start game")
    );

    // Ready (explicit, then a toggle) goes to everyone including the sender.
    send(&mut a, json!({ "type": "player_ready", "is_ready": true })).await;
    for s in [&mut a, &mut b] {
        let r = expect(s, "type", "player_ready_changed").await;
        assert_eq!(
            (r["player_id"].as_str(), r["is_ready"].as_bool()),
            (Some(a_id.as_str()), Some(true))
        );
    }
    send(&mut b, json!({ "type": "player_ready" })).await;
    for s in [&mut a, &mut b] {
        let r = expect(s, "type", "player_ready_changed").await;
        assert_eq!(
            (r["player_id"].as_str(), r["is_ready"].as_bool()),
            (Some(b_id.as_str()), Some(true))
        );
    }
    send(&mut a, json!({ "type": "start_game" })).await;
    for s in [&mut a, &mut b] {
        let g = expect(s, "type", "game_starting").await;
        assert_eq!(g["sequence_id"], 1);
        assert_eq!(g["game_state"]["game_mode"], "online_coop");
        assert_eq!(g["game_state"]["players"][&a_id]["skin"], "alienGreen");
    }

    // State relay: rounded, unknown keys kept, not echoed to the sender.
    send(
        &mut a,
        json!({ "type": "player_state", "state": { "x": 1.23456, "y": 2, "extra": "k" } }),
    )
    .await;
    let update = expect(&mut b, "type", "player_state_update").await;
    assert_eq!(update["player_id"], a_id);
    assert_eq!(update["state"], json!({ "x": 1.23, "y": 2, "extra": "k" }));
    assert_eq!(update["sender_id"], a_id);
    send(&mut a, json!({ "type": "ping" })).await;
    expect(&mut a, "type", "pong").await;

    // time_sync uses the room's sequence (2 after game_starting used 1).
    send(&mut a, json!({ "type": "time_sync", "client_time": 5 })).await;
    let sync = expect(&mut a, "type", "time_sync_response").await;
    assert_eq!(
        (sync["client_time"].as_i64(), sync["sequence_id"].as_i64()),
        (Some(5), Some(2))
    );

    // Host-only spawn; a guest's spawn is refused to the guest.
    send(
        &mut b,
        json!({ "type": "enemy_spawn", "enemy": { "enemy_id": "x" } }),
    )
    .await;
    expect(&mut b, "type", "error").await;
    send(&mut a, json!({ "type": "enemy_spawn", "enemy": { "enemy_id": "e1", "x": 123.9, "y": -45.5, "coin_reward": 2 } })).await;
    for s in [&mut a, &mut b] {
        assert_eq!(
            expect(s, "type", "enemy_spawned").await["enemy"]["enemy_id"],
            "e1"
        );
    }
    send(
        &mut b,
        json!({ "type": "enemy_state", "enemy_id": "e1", "state": { "x": 120.333 } }),
    )
    .await;
    let es = expect(&mut a, "type", "enemy_state_update").await;
    assert_eq!(es["state"]["x"], 120.33);

    // Kill: everyone gets enemy_killed then the seed's two coins; a second kill is refused.
    send(&mut b, json!({ "type": "enemy_killed", "enemy_id": "e1" })).await;
    for s in [&mut a, &mut b] {
        assert_eq!(expect(s, "type", "enemy_killed").await["killed_by"], b_id);
        let c0 = expect(s, "type", "coin_spawned").await;
        assert_eq!(c0["coin"]["coin_id"], "coin_drop_123_-45_0");
        assert_eq!(
            (c0["coin"]["x"].as_f64(), c0["coin"]["velocity_x"].as_i64()),
            (Some(100.9), Some(68))
        );
        assert_eq!(
            expect(s, "type", "coin_spawned").await["coin"]["coin_id"],
            "coin_drop_123_-45_1"
        );
    }
    send(&mut a, json!({ "type": "enemy_killed", "enemy_id": "e1" })).await;
    expect(&mut a, "type", "enemy_already_dead").await;
    assert_eq!(
        expect(&mut a, "type", "enemy_state_update").await["state"]["state"],
        "dead"
    );

    // The host's sync reaches the others only, never resurrecting the killed enemy.
    send(
        &mut a,
        json!({ "type": "sync_entities",
                "enemies": [{ "enemy_id": "e1", "is_alive": true }, { "enemy_id": "e9", "x": 1.005, "is_alive": true }],
                "coins": [{ "coin_id": "c9", "x": 3 }] }),
    )
    .await;
    let sync = expect(&mut b, "type", "entities_sync").await;
    assert_eq!(sync["sequence_id"], 3);
    let e1 = sync["enemies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["enemy_id"] == "e1")
        .unwrap()
        .clone();
    assert_eq!(e1["is_alive"], false);
    let e9 = sync["enemies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["enemy_id"] == "e9")
        .unwrap()
        .clone();
    assert_eq!(e9["x"], 1.0);
    let coins: Vec<&str> = sync["coins"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["coin_id"].as_str().unwrap())
        .collect();
    assert!(
        coins.contains(&"c9") && coins.contains(&"coin_drop_123_-45_1"),
        "{coins:?}"
    );
    send(&mut a, json!({ "type": "ping" })).await;
    expect(&mut a, "type", "pong").await;

    // First claim wins.
    send(
        &mut b,
        json!({ "type": "collect_item", "item_type": "coin", "item_id": "coin_drop_123_-45_0" }),
    )
    .await;
    for s in [&mut a, &mut b] {
        let got = expect(s, "type", "item_collected").await;
        assert_eq!(
            (got["player_coins"].as_i64(), got["player_score"].as_i64()),
            (Some(1), Some(10))
        );
    }
    send(
        &mut a,
        json!({ "type": "collect_item", "item_type": "coin", "item_id": "coin_drop_123_-45_0" }),
    )
    .await;
    expect(&mut a, "type", "item_already_collected").await;

    // Assist: both see the target moved, then only the target gets the game_action.
    send(&mut a, json!({ "type": "game_action", "action": "assist", "data": { "target_player_id": b_id, "x": 10, "y": 20 } })).await;
    for s in [&mut a, &mut b] {
        let moved = expect(s, "type", "player_state_update").await;
        assert_eq!(
            (moved["player_id"].as_str(), moved["state"]["x"].as_f64()),
            (Some(b_id.as_str()), Some(10.0))
        );
    }
    assert_eq!(
        expect(&mut b, "type", "game_action").await["action"],
        "assist"
    );

    // Chat reaches both.
    send(&mut b, json!({ "type": "chat", "message": "gg" })).await;
    for s in [&mut a, &mut b] {
        let chat = expect(s, "type", "chat").await;
        assert_eq!(
            (chat["player_name"].as_str(), chat["message"].as_str()),
            (Some("Bob"), Some("gg"))
        );
    }

    // Bob's connection drops mid-game: his slot is kept; he comes back with his token.
    drop(b);
    let gone = until(&mut a, "type", "player_disconnected").await;
    assert_eq!(
        (gone["player_id"].as_str(), gone["can_reconnect"].as_bool()),
        (Some(b_id.as_str()), Some(true))
    );
    let mut b = connect(&gw, "/ws/room/new", &app.token(bob)).await;
    send(
        &mut b,
        json!({ "type": "reconnect", "token": "bad", "room_id": code, "player_id": b_id }),
    )
    .await;
    assert_eq!(
        expect(&mut b, "type", "error").await["message"],
        "Reconnection failed. Token invalid or session expired."
    );
    send(
        &mut b,
        json!({ "type": "reconnect", "token": token, "room_id": code, "player_id": b_id }),
    )
    .await;
    let back = expect(&mut b, "type", "reconnected").await;
    assert_eq!(back["player_number"], 2);
    assert_eq!(back["game_state"]["players"][&b_id]["coins"], 1);
    // Alice's last relayed position, not the spawn point.
    assert_eq!(back["game_state"]["players"][&a_id]["x"], 1.23);
    assert_eq!(
        back["game_state"]["collected_coins"],
        json!(["coin_drop_123_-45_0"])
    );
    assert_eq!(back["game_state"]["chat_history"][0]["message"], "gg");
    assert_eq!(
        expect(&mut a, "type", "player_reconnected").await["player_id"],
        b_id
    );

    // Leaving: the leaver gets room_left, the host player_left.
    send(&mut b, json!({ "type": "leave_room" })).await;
    expect(&mut b, "type", "room_left").await;
    assert_eq!(
        until(&mut a, "type", "player_left").await["player_id"],
        b_id
    );
    assert!(silent(&mut b, Duration::from_millis(300)).await.is_none());
}

#[tokio::test]
async fn a_non_member_can_neither_follow_nor_act_in_a_room() {
    let app = spawn().await;
    let gw = gateway(&app.room, None).await;
    let (host, stranger) = (Uuid::new_v4(), Uuid::new_v4());
    let mut a = connect(&gw, "/ws/room/new", &app.token(host)).await;
    send(&mut a, json!({ "type": "create_room" })).await;
    let code = until(&mut a, "type", "room_created").await["room_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Native protocol: subscribe refused, send refused, actions refused by the room service.
    let mut s = connect(&gw, "/ws", &app.token(stranger)).await;
    expect(&mut s, "op", "welcome").await;
    send(
        &mut s,
        json!({ "op": "subscribe", "topic": format!("room:{code}") }),
    )
    .await;
    assert_eq!(
        expect(&mut s, "op", "error").await["code"],
        "forbidden_topic"
    );
    send(&mut s, json!({ "op": "send", "topic": format!("room:{code}"), "type": "player_state", "data": {} })).await;
    assert_eq!(
        expect(&mut s, "op", "error").await["code"],
        "not_subscribed"
    );
    send(&mut s, json!({ "op": "action", "service": "room", "type": "chat", "data": { "room_id": code, "message": "hi" }, "ref": "1" })).await;
    let reply = expect(&mut s, "op", "reply").await;
    assert_eq!(
        (reply["ok"].as_bool(), reply["error"]["code"].as_str()),
        (Some(false), Some("not_a_member"))
    );
    send(&mut s, json!({ "op": "action", "service": "room", "type": "collect_item", "data": { "room_id": code, "item_id": "c" }, "ref": "2" })).await;
    assert_eq!(
        expect(&mut s, "op", "reply").await["error"]["code"],
        "not_a_member"
    );

    // Dialect: without joining, state and chat go nowhere.
    let mut d = connect(&gw, &format!("/ws/room/{code}"), &app.token(stranger)).await;
    send(
        &mut d,
        json!({ "type": "player_state", "state": { "x": 1 } }),
    )
    .await;
    send(&mut d, json!({ "type": "chat", "message": "hi" })).await;
    assert_eq!(
        expect(&mut d, "type", "error").await["message"],
        "Not in a room"
    );
    assert!(
        silent(&mut a, Duration::from_millis(500)).await.is_none(),
        "the host saw a stranger's frames"
    );

    // The JumpJumpJump dialect joins co-op rooms only.
    let voting = app.create(host, json!({ "kind": "voting" })).await;
    let mut v = connect(
        &gw,
        &format!("/ws/room/{}", voting["code"].as_str().unwrap()),
        &app.token(stranger),
    )
    .await;
    send(&mut v, json!({ "type": "join_room" })).await;
    assert_eq!(
        expect(&mut v, "type", "error").await["message"],
        "Failed to join room. Room may be full or game already started."
    );

    // A connection without a token is a guest: it may not enter the voting room either.
    let url = format!(
        "ws://127.0.0.1:{}/ws/room/{}",
        gw.port,
        voting["code"].as_str().unwrap()
    );
    let (mut guest, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    send(&mut guest, json!({ "type": "join_room" })).await;
    assert_eq!(
        expect(&mut guest, "type", "error").await["message"],
        "Failed to join room. Room may be full or game already started."
    );
}
