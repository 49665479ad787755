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
