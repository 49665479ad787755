//! A cafe session through the gateway's `/api/v1/ws` dialect with a real inventory: joining
//! at a position, relayed positions within bounds, placing, moving and destroying objects
//! with inventory counts checked afterwards, chat, and WebRTC signalling to one user only.

use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

use crate::helpers::{gateway, settings, spawn_with};
use crate::ws::{connect, expect, send, silent, until};

#[tokio::test]
async fn a_cafe_session_places_moves_and_destroys_furniture_and_inventory_adds_up() {
    let app = spawn_with(settings(), true).await;
    let gw = gateway(&app.room, app.inventory.as_ref()).await;
    let (owner, guest, outsider) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let chairs = app.grant_furniture(owner, "furniture_chair", 3).await;
    let room = app
        .create(
            owner,
            json!({ "kind": "space", "name": "Cafe", "player_name": "Owner" }),
        )
        .await;
    let code = room["code"].as_str().unwrap().to_owned();
    let (o_id, g_id) = (owner.to_string(), guest.to_string());

    let mut o = connect(&gw, "/api/v1/ws", &app.token(owner)).await;
    send(
        &mut o,
        json!({ "event": "join_room", "data": { "room_id": code, "x": 10, "y": 20 } }),
    )
    .await;
    let inv = expect(&mut o, "event", "inventory").await;
    assert_eq!(inv["data"]["items"][0]["type"], "chair");
    assert_eq!(inv["data"]["items"][0]["quantity"], 3);
    assert!(inv["timestamp"].is_string());
    let state = expect(&mut o, "event", "room_state").await;
    assert_eq!(state["data"]["users"][0]["user_id"], o_id);

    let mut g = connect(&gw, "/api/v1/ws", &app.token(guest)).await;
    send(
        &mut g,
        json!({ "event": "join_room", "data": { "room_id": code, "x": 5, "y": 6 } }),
    )
    .await;
    expect(&mut g, "event", "inventory").await;
    let state = expect(&mut g, "event", "room_state").await;
    assert_eq!(state["data"]["users"].as_array().unwrap().len(), 2);
    let joined = expect(&mut o, "event", "user_joined").await;
    assert_eq!(
        (
            joined["data"]["user_id"].as_str(),
            joined["data"]["x"].as_i64()
        ),
        (Some(g_id.as_str()), Some(5))
    );

    // Positions: relayed to the others, remembered for room_state, refused out of bounds.
    send(
        &mut o,
        json!({ "event": "update_position", "data": { "room_id": code, "x": 30, "y": 40 } }),
    )
    .await;
    let moved = expect(&mut g, "event", "position_updated").await;
    assert_eq!(
        (
            moved["data"]["user_id"].as_str(),
            moved["data"]["y"].as_i64()
        ),
        (Some(o_id.as_str()), Some(40))
    );
    send(
        &mut o,
        json!({ "event": "update_position", "data": { "room_id": code, "x": 99_999, "y": 0 } }),
    )
    .await;
    assert_eq!(
        expect(&mut o, "event", "error").await["data"]["error"],
        "Position out of bounds"
    );
    send(
        &mut g,
        json!({ "event": "get_room_state", "data": { "room_id": code } }),
    )
    .await;
    let state = expect(&mut g, "event", "room_state").await;
    let me = state["data"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["user_id"] == o_id)
        .unwrap()
        .clone();
    assert_eq!((me["x"].as_i64(), me["y"].as_i64()), (Some(30), Some(40)));

    // Place two chairs: everyone sees object_placed.
    let mut ids = Vec::new();
    for x in [100, 150] {
        send(&mut o, json!({ "event": "place_object", "data": { "inventory_item_id": chairs, "room_id": code, "x": x, "y": 100, "rotation": 90.0 } })).await;
        let placed = expect(&mut o, "event", "object_placed").await;
        assert_eq!(
            (
                placed["data"]["type"].as_str(),
                placed["data"]["owner_user_id"].as_str()
            ),
            (Some("chair"), Some(o_id.as_str()))
        );
        assert_eq!(
            expect(&mut g, "event", "object_placed").await["data"]["id"],
            placed["data"]["id"]
        );
        ids.push(placed["data"]["id"].as_str().unwrap().to_owned());
    }

    // The guest may not destroy the owner's chair.
    send(&mut g, json!({ "event": "use_tool", "data": { "room_id": code, "target_object_id": ids[0], "action": "destroy" } })).await;
    let refused = expect(&mut g, "event", "error").await;
    assert_eq!(refused["data"]["error"], "Failed to use tool");
    // The owner moves one with the tool, rotates it, and destroys the other.
    send(&mut o, json!({ "event": "use_tool", "data": { "room_id": code, "target_object_id": ids[0], "action": "move", "x": 200, "y": 210 } })).await;
    for s in [&mut o, &mut g] {
        assert_eq!(
            expect(s, "event", "tool_used").await["data"]["action"],
            "move"
        );
        let m = expect(s, "event", "object_moved").await;
        assert_eq!(
            (m["data"]["x"].as_i64(), m["data"]["y"].as_i64()),
            (Some(200), Some(210))
        );
    }
    send(&mut o, json!({ "event": "move_object", "data": { "room_id": code, "object_id": ids[0], "rotation": 45.0 } })).await;
    assert_eq!(
        until(&mut g, "event", "object_moved").await["data"]["rotation"],
        45.0
    );
    send(&mut o, json!({ "event": "use_tool", "data": { "room_id": code, "target_object_id": ids[1], "action": "destroy" } })).await;
    for s in [&mut o, &mut g] {
        assert_eq!(
            until(s, "event", "tool_used").await["data"]["action"],
            "destroy"
        );
        assert_eq!(
            expect(s, "event", "object_removed").await["data"]["id"],
            ids[1]
        );
    }

    // Chat reaches everyone, the sender too.
    send(
        &mut g,
        json!({ "event": "send_message", "data": { "room_id": code, "message": "nice chair" } }),
    )
    .await;
    for s in [&mut o, &mut g] {
        let m = until(s, "event", "message_received").await;
        assert_eq!(
            (m["data"]["user_id"].as_str(), m["data"]["message"].as_str()),
            (Some(g_id.as_str()), Some("nice chair"))
        );
    }

    // WebRTC: the offer reaches the named member only; a non-member cannot be targeted.
    let mut x = connect(&gw, "/api/v1/ws", &app.token(outsider)).await;
    send(&mut g, json!({ "event": "rtc_offer", "data": { "room_id": code, "to_user_id": o_id, "sdp": "v=0" } })).await;
    let offer = until(&mut o, "event", "rtc_offer").await;
    assert_eq!(
        (
            offer["data"]["from_user_id"].as_str(),
            offer["data"]["sdp"].as_str()
        ),
        (Some(g_id.as_str()), Some("v=0"))
    );
    send(&mut g, json!({ "event": "rtc_offer", "data": { "room_id": code, "to_user_id": outsider.to_string(), "sdp": "v=0" } })).await;
    assert_eq!(
        until(&mut g, "event", "error").await["data"]["error"],
        "Not in this room"
    );
    assert!(silent(&mut x, Duration::from_millis(300)).await.is_none());
    send(&mut x, json!({ "event": "dance", "data": {} })).await;
    assert_eq!(
        expect(&mut x, "event", "error").await["data"]["error"],
        "Unknown event type"
    );

    // Inventory: 3 granted, 2 placed (1 destroyed, 1 in the room), so 1 left; picking the
    // remaining chair up gives it back.
    assert_eq!(app.quantity(owner, "furniture_chair").await, 1);
    let objects: Value = app
        .get(&format!("/api/rooms/{code}/objects"), guest)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(objects.as_array().unwrap().len(), 1);
    assert_eq!(
        (objects[0]["x"].as_i64(), objects[0]["rotation"].as_f64()),
        (Some(200), Some(45.0))
    );
    send(
        &mut o,
        json!({ "event": "pickup_object", "data": { "room_id": code, "object_id": ids[0] } }),
    )
    .await;
    assert_eq!(
        until(&mut g, "event", "object_removed").await["data"]["reason"],
        "picked_up"
    );
    assert_eq!(app.quantity(owner, "furniture_chair").await, 2);

    // Leaving tells the others.
    send(
        &mut g,
        json!({ "event": "leave_room", "data": { "room_id": code } }),
    )
    .await;
    assert_eq!(
        until(&mut o, "event", "user_left").await["data"]["user_id"],
        g_id
    );
}

#[tokio::test]
async fn a_bad_token_is_closed_with_4001() {
    let app = spawn_with(settings(), false).await;
    let gw = gateway(&app.room, None).await;
    let mut s = connect(&gw, "/api/v1/ws", "forged").await;
    loop {
        match tokio::time::timeout(Duration::from_secs(5), s.next())
            .await
            .unwrap()
        {
            Some(Ok(Message::Close(Some(frame)))) => {
                assert_eq!(u16::from(frame.code), 4001);
                assert_eq!(frame.reason.as_str(), "Invalid token");
                break;
            }
            Some(Ok(_)) => {}
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn native_position_relays_are_held_to_the_space_bounds() {
    let app = spawn_with(settings(), false).await;
    let gw = gateway(&app.room, None).await;
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let room = app.create(a, json!({ "kind": "space" })).await;
    let code = room["code"].as_str().unwrap().to_owned();
    app.join(b, &code).await;
    let topic = format!("room:{code}");
    let mut sa = connect(&gw, "/ws", &app.token(a)).await;
    let mut sb = connect(&gw, "/ws", &app.token(b)).await;
    for s in [&mut sa, &mut sb] {
        expect(s, "op", "welcome").await;
        send(s, json!({ "op": "subscribe", "topic": topic })).await;
        expect(s, "op", "subscribed").await;
    }
    let out = json!({ "op": "send", "topic": topic, "type": "update_position", "data": { "x": 5000, "y": 1 } });
    send(&mut sa, out).await;
    assert_eq!(
        expect(&mut sa, "op", "error").await["code"],
        "out_of_bounds"
    );
    let ok = json!({ "op": "send", "topic": topic, "type": "update_position", "data": { "x": 50, "y": 1 } });
    send(&mut sa, ok).await;
    let event = until(&mut sb, "op", "event").await;
    assert_eq!(
        (event["type"].as_str(), event["data"]["x"].as_i64()),
        (Some("update_position"), Some(50))
    );
}

#[tokio::test]
async fn the_cafe_socket_joins_and_reads_state_by_the_integer_id_and_names_object_owners() {
    let app = spawn_with(settings(), true).await;
    let gw = gateway(&app.room, app.inventory.as_ref()).await;
    let (owner, guest) = (Uuid::new_v4(), Uuid::new_v4());
    let chair = app.grant_furniture(owner, "furniture_chair", 1).await;
    let res = app
        .post(
            "/api/v1/rooms/",
            owner,
            &json!({ "name": "Corner", "is_private": false }),
        )
        .await;
    let room: Value = res.json().await.unwrap();
    let id = room["id"].as_i64().unwrap();

    let mut o = connect(&gw, "/api/v1/ws", &app.token(owner)).await;
    send(
        &mut o,
        json!({ "event": "join_room", "data": { "room_id": id, "x": 1, "y": 2 } }),
    )
    .await;
    expect(&mut o, "event", "inventory").await;
    expect(&mut o, "event", "room_state").await;
    send(&mut o, json!({ "event": "place_object", "data": { "inventory_item_id": chair, "room_id": id, "x": 7, "y": 8, "rotation": 0 } })).await;
    let placed = expect(&mut o, "event", "object_placed").await;
    assert_eq!(placed["data"]["owner_username"], "Player");

    let mut g = connect(&gw, "/api/v1/ws", &app.token(guest)).await;
    send(
        &mut g,
        json!({ "event": "join_room", "data": { "room_id": 987_654, "x": 0, "y": 0 } }),
    )
    .await;
    let refused = expect(&mut g, "event", "error").await;
    assert_eq!(refused["data"]["error"], "Failed to join room");
    send(
        &mut g,
        json!({ "event": "join_room", "data": { "room_id": id, "x": 3, "y": 4 } }),
    )
    .await;
    expect(&mut g, "event", "inventory").await;
    expect(&mut g, "event", "room_state").await;
    send(
        &mut g,
        json!({ "event": "get_room_state", "data": { "room_id": id } }),
    )
    .await;
    let state = expect(&mut g, "event", "room_state").await;
    assert_eq!(state["data"]["users"].as_array().unwrap().len(), 2);
    let object = &state["data"]["objects"][0];
    assert_eq!(
        (
            object["type"].as_str(),
            object["x"].as_i64(),
            object["owner_username"].as_str()
        ),
        (Some("chair"), Some(7), Some("Player"))
    );
    assert_eq!(app.quantity(owner, "furniture_chair").await, 0);
}
