//! Rooms over REST: codes, lists, joins, capacity, host handover, removal of empty rooms,
//! chat, and the Redis member sets the gateway authorises with.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{assert_problem, spawn};

const ALPHABET: &str = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

#[tokio::test]
async fn rooms_are_created_listed_joined_read_and_left() {
    let app = spawn().await;
    let (host, guest) = (Uuid::new_v4(), Uuid::new_v4());
    let room = app
        .create(host, json!({ "kind": "voting", "max_players": 4, "total_rounds": 3, "player_name": "Hosty" }))
        .await;
    let code = room["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    assert!(code.chars().all(|c| ALPHABET.contains(c)), "{code}");
    assert_eq!(room["host_id"], host.to_string());
    assert_eq!(room["status"], "waiting");
    assert_eq!(room["participant_count"], 1);
    assert!(room["reconnect_token"].is_string());

    let open: Value = app
        .get("/api/rooms?kind=voting", guest)
        .await
        .json()
        .await
        .unwrap();
    assert!(open.as_array().unwrap().iter().any(|r| r["code"] == code));
    let coop: Value = app
        .get("/api/rooms?kind=coop", guest)
        .await
        .json()
        .await
        .unwrap();
    assert!(!coop.as_array().unwrap().iter().any(|r| r["code"] == code));

    let joined = app.join(guest, &code.to_lowercase()).await;
    assert_eq!(joined["participant_count"], 2);
    assert_eq!(joined["participants"][1]["id"], guest.to_string());
    assert_eq!(joined["players"][1]["player_number"], 2);
    // Joining again changes nothing.
    assert_eq!(app.join(guest, &code).await["participant_count"], 2);

    let got: Value = app
        .get(&format!("/api/rooms/{code}"), guest)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["participants"][0]["username"], "Hosty");
    let all: Value = app.get("/api/rooms/all", guest).await.json().await.unwrap();
    assert!(all.as_array().unwrap().iter().any(|r| r["code"] == code));

    let res = app.delete(&format!("/api/rooms/{code}/leave"), guest).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.unwrap()["message"],
        "Left room successfully"
    );
    assert_eq!(app.members_in_redis(&code).await, vec![host.to_string()]);
}

#[tokio::test]
async fn a_full_room_unknown_codes_and_bad_input_get_problems() {
    let app = spawn().await;
    let host = Uuid::new_v4();
    let room = app.create(host, json!({ "kind": "coop" })).await;
    let code = room["code"].as_str().unwrap();
    assert_eq!(room["max_players"], 2);
    app.join(Uuid::new_v4(), code).await;
    let res = app
        .post("/api/rooms/join", Uuid::new_v4(), &json!({ "code": code }))
        .await;
    assert_problem(res, StatusCode::CONFLICT, "room_full").await;
    let res = app
        .post("/api/rooms/join", host, &json!({ "code": "ZZZZZZ" }))
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "room_not_found").await;
    let res = app
        .post("/api/rooms/join", host, &json!({ "code": "IO01" }))
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "room_not_found").await;
    let res = app
        .post("/api/rooms", host, &json!({ "max_players": 0 }))
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    for body in [
        json!({ "kind": "voting", "max_players": 21 }),
        json!({ "kind": "voting", "max_players": 1 }),
        json!({ "total_rounds": 11 }),
        json!({ "name": "" }),
        json!({ "kind": "space", "x": -1, "y": 0 }),
    ] {
        let res = app.post("/api/rooms", host, &body).await;
        assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let res = app
        .post("/api/rooms", host, &json!({ "kind": "arena" }))
        .await;
    assert!(res.status().is_client_error());
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );
    let res = app.get("/api/rooms?limit=1000", host).await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = app
        .http
        .post(app.room.url("/api/rooms"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .delete(&format!("/api/rooms/{code}/leave"), Uuid::new_v4())
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "not_a_member").await;
}

#[tokio::test]
async fn the_host_role_passes_on_and_an_empty_room_is_removed_after_the_grace_period() {
    let app = spawn().await;
    let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let room = app.create(a, json!({ "kind": "voting" })).await;
    let code = room["code"].as_str().unwrap().to_owned();
    app.join(b, &code).await;
    app.join(c, &code).await;
    app.delete(&format!("/api/rooms/{code}/leave"), a).await;
    let got: Value = app
        .get(&format!("/api/rooms/{code}"), b)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["host_id"], b.to_string());
    app.delete(&format!("/api/rooms/{code}/leave"), b).await;
    let got: Value = app
        .get(&format!("/api/rooms/{code}"), c)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["host_id"], c.to_string());
    app.delete(&format!("/api/rooms/{code}/leave"), c).await;
    // Empty: still there during the grace period, gone after it (swept by the replica).
    assert_eq!(
        app.get(&format!("/api/rooms/{code}"), c).await.status(),
        StatusCode::OK
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        if app.get(&format!("/api/rooms/{code}"), c).await.status() == StatusCode::NOT_FOUND {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "room never removed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(app.members_in_redis(&code).await.is_empty());
}

#[tokio::test]
async fn chat_is_stored_paginated_bounded_and_for_members_only() {
    let app = spawn().await;
    let (host, outsider) = (Uuid::new_v4(), Uuid::new_v4());
    let room = app.create(host, json!({ "kind": "space" })).await;
    let code = room["code"].as_str().unwrap();
    for i in 0..5 {
        let res = app
            .post(
                &format!("/api/rooms/{code}/chat"),
                host,
                &json!({ "message": format!("hello {i}") }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let page: Value = app
        .get(&format!("/api/rooms/{code}/chat?limit=3"), host)
        .await
        .json()
        .await
        .unwrap();
    let texts: Vec<&str> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["hello 4", "hello 3", "hello 2"]);
    let before = page["next_before"].as_i64().unwrap();
    let page: Value = app
        .get(
            &format!("/api/rooms/{code}/chat?limit=3&before={before}"),
            host,
        )
        .await
        .json()
        .await
        .unwrap();
    let texts: Vec<&str> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["message"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["hello 1", "hello 0"]);
    assert!(page["next_before"].is_null());

    let res = app
        .post(
            &format!("/api/rooms/{code}/chat"),
            host,
            &json!({ "message": "x".repeat(501) }),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = app
        .post(
            &format!("/api/rooms/{code}/chat"),
            host,
            &json!({ "message": "   " }),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = app
        .post(
            &format!("/api/rooms/{code}/chat"),
            outsider,
            &json!({ "message": "hi" }),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "not_a_member").await;
    let res = app.get(&format!("/api/rooms/{code}/chat"), outsider).await;
    assert_problem(res, StatusCode::FORBIDDEN, "not_a_member").await;
}

#[tokio::test]
async fn member_sets_follow_the_database_and_are_rebuilt_when_redis_loses_them() {
    let app = spawn().await;
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let room = app.create(a, json!({ "kind": "coop" })).await;
    let code = room["code"].as_str().unwrap().to_owned();
    app.join(b, &code).await;
    let mut expected = vec![a.to_string(), b.to_string()];
    expected.sort();
    assert_eq!(app.members_in_redis(&code).await, expected);

    let mut conn = app.room.redis.conn().await;
    let keys = app.room.redis.keys().await;
    let _: () = redis::cmd("DEL")
        .arg(keys)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(app.members_in_redis(&code).await.is_empty());
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while app.members_in_redis(&code).await != expected {
        assert!(
            std::time::Instant::now() < deadline,
            "member set never rebuilt"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_player_is_in_one_space_at_a_time_but_may_also_play_elsewhere() {
    let app = spawn().await;
    let (host, player) = (Uuid::new_v4(), Uuid::new_v4());
    let first = app.create(host, json!({ "kind": "space" })).await;
    let second = app.create(host, json!({ "kind": "space" })).await;
    let voting = app.create(host, json!({ "kind": "voting" })).await;
    let (a, b, v) = (
        first["code"].as_str().unwrap(),
        second["code"].as_str().unwrap(),
        voting["code"].as_str().unwrap(),
    );
    app.join(player, v).await;
    app.join(player, a).await;
    app.join(player, b).await;
    let room_a: Value = app
        .get(&format!("/api/rooms/{a}"), host)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(room_a["participant_count"], 1, "left the first space");
    let room_v: Value = app
        .get(&format!("/api/rooms/{v}"), host)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(room_v["participant_count"], 2, "still in the voting room");
    assert!(!app.members_in_redis(a).await.contains(&player.to_string()));
}
