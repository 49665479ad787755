//! Two replicas of the room service on one database and Redis: joins racing for the last
//! slot, claims racing for one coin, and both sweepers removing one empty room exactly once.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{replica, settings, spawn};

#[tokio::test]
async fn two_replicas_never_overfill_a_room_double_a_claim_or_remove_a_room_twice() {
    let app = spawn().await;
    let second = replica(&app.room, settings()).await;
    let host = Uuid::new_v4();
    let room = app
        .create(host, json!({ "kind": "voting", "max_players": 3 }))
        .await;
    let code = room["code"].as_str().unwrap().to_owned();

    // Six players race for two free slots across both replicas.
    let joins = (0..6).map(|i| {
        let base = if i % 2 == 0 {
            app.room.address.clone()
        } else {
            second.address.clone()
        };
        let (http, token, code) = (app.http.clone(), app.token(Uuid::new_v4()), code.clone());
        async move {
            http.post(format!("{base}/api/rooms/join"))
                .bearer_auth(token)
                .json(&json!({ "code": code }))
                .send()
                .await
                .unwrap()
                .status()
        }
    });
    let statuses = futures_util::future::join_all(joins).await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count(),
        4
    );
    let got: Value = app
        .get(&format!("/api/rooms/{code}"), host)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["participant_count"], 3);
    assert_eq!(app.members_in_redis(&code).await.len(), 3);

    // Everyone leaves; both replicas sweep; the room is removed once.
    let topic = contracts::Topic::room(&code).unwrap();
    for p in got["participants"].as_array().unwrap() {
        let user: Uuid = p["id"].as_str().unwrap().parse().unwrap();
        app.delete(&format!("/api/rooms/{code}/leave"), user).await;
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while app.get(&format!("/api/rooms/{code}"), host).await.status() != StatusCode::NOT_FOUND {
        assert!(std::time::Instant::now() < deadline, "room never removed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let events = app
        .room
        .context
        .events
        .replay(&topic, "0", 500)
        .await
        .unwrap();
    let closed = events
        .iter()
        .filter(|e| e.contains("\"type\":\"room_closed\""))
        .count();
    assert_eq!(closed, 1, "removed exactly once");
    let left = events
        .iter()
        .filter(|e| e.contains("\"type\":\"player_left\""))
        .count();
    assert_eq!(left, 3);
}

#[tokio::test]
async fn two_gateways_over_two_replicas_lose_and_double_nothing() {
    use crate::helpers::gateway;
    use crate::ws::{connect, expect, next, send};

    let app = spawn().await;
    let second = replica(&app.room, settings()).await;
    let gw1 = gateway(&app.room, None).await;
    let gw2 = gateway(&second, None).await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let mut a = connect(&gw1, "/ws/room/new", &app.token(alice)).await;
    send(&mut a, json!({ "type": "create_room" })).await;
    expect(&mut a, "type", "player_joined").await;
    let code = expect(&mut a, "type", "room_created").await["room_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut b = connect(&gw2, &format!("/ws/room/{code}"), &app.token(bob)).await;
    send(&mut b, json!({ "type": "join_room" })).await;
    expect(&mut b, "type", "player_joined").await;
    expect(&mut b, "type", "room_joined").await;
    expect(&mut a, "type", "player_joined").await;

    // Host spawns coins; both race for every one of them while relaying state and chatting.
    const COINS: usize = 10;
    const STATES: usize = 40;
    for i in 0..COINS {
        send(
            &mut a,
            json!({ "type": "coin_spawn", "coin": { "coin_id": format!("c{i}") } }),
        )
        .await;
    }
    for i in 0..STATES {
        send(
            &mut a,
            json!({ "type": "player_state", "state": { "n": i } }),
        )
        .await;
        send(
            &mut b,
            json!({ "type": "player_state", "state": { "n": i } }),
        )
        .await;
        if i < COINS {
            for s in [&mut a, &mut b] {
                send(s, json!({ "type": "collect_item", "item_type": "coin", "item_id": format!("c{i}") })).await;
            }
        }
        if i % 10 == 0 {
            send(
                &mut a,
                json!({ "type": "chat", "message": format!("a{i}") }),
            )
            .await;
            send(
                &mut b,
                json!({ "type": "chat", "message": format!("b{i}") }),
            )
            .await;
        }
    }
    send(&mut a, json!({ "type": "chat", "message": "a-done" })).await;
    send(&mut b, json!({ "type": "chat", "message": "b-done" })).await;

    for (socket, peer) in [(&mut a, bob), (&mut b, alice)] {
        let (mut states, mut collected, mut chats, mut done) =
            (Vec::new(), Vec::new(), Vec::new(), 0);
        while done < 2 {
            let frame = next(socket).await;
            match frame["type"].as_str().unwrap() {
                "player_state_update" => {
                    assert_eq!(frame["player_id"], peer.to_string(), "own state echoed");
                    states.push(frame["state"]["n"].as_i64().unwrap());
                }
                "item_collected" => collected.push(frame["item_id"].as_str().unwrap().to_owned()),
                "chat" => {
                    let m = frame["message"].as_str().unwrap().to_owned();
                    done += usize::from(m.ends_with("-done"));
                    chats.push(m);
                }
                _ => {}
            }
        }
        // Ordered per sender, each exactly once.
        assert_eq!(states, (0..STATES as i64).collect::<Vec<_>>());
        collected.sort();
        let mut expected: Vec<String> = (0..COINS).map(|i| format!("c{i}")).collect();
        expected.sort();
        assert_eq!(collected, expected, "every coin collected exactly once");
        assert_eq!(chats.len(), 2 * (STATES / 10) + 2);
    }
    let history: Value = app
        .get(&format!("/api/rooms/{code}/chat?limit=100"), alice)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        history["messages"].as_array().unwrap().len(),
        2 * (STATES / 10) + 2
    );
}
