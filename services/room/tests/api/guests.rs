//! Guests (token-less JumpJumpJump connections, `/internal/guest-actions`): co-op rooms only,
//! and their seat back by its reconnect token; and the anonymous lobby lists co-op rooms.

use common::auth::ServiceTokens;
use contracts::events::ActionRequest;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Stack, assert_problem, spawn};

async fn guest_action(
    stack: &Stack,
    signer: &'static str,
    guest: Uuid,
    kind: &str,
    data: Value,
) -> Response {
    let tokens = ServiceTokens::new(signer, &stack.room.context.settings.internal_token_secret);
    stack
        .http
        .post(stack.room.url("/internal/guest-actions"))
        .bearer_auth(tokens.sign().unwrap())
        .header("x-user-id", guest.to_string())
        .json(&ActionRequest {
            kind: kind.to_owned(),
            data,
        })
        .send()
        .await
        .unwrap()
}

async fn ok(res: Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn guests_create_and_join_coop_rooms_only() {
    let stack = spawn().await;
    let (g1, g2) = (Uuid::new_v4(), Uuid::new_v4());
    let created = ok(guest_action(
        &stack,
        "gateway",
        g1,
        "create_room",
        json!({ "room_name": "Co", "player_name": "Ann" }),
    )
    .await)
    .await;
    let code = created["room_id"].as_str().unwrap().to_owned();
    assert_eq!(created["room"]["kind"], "coop");
    ok(guest_action(
        &stack,
        "gateway",
        g2,
        "join_room",
        json!({ "room_id": code, "player_name": "Bo" }),
    )
    .await)
    .await;

    // Other kinds of rooms, and other kinds of actions, are refused.
    let res = guest_action(
        &stack,
        "gateway",
        g1,
        "create_room",
        json!({ "kind": "voting" }),
    )
    .await;
    assert_problem(res, StatusCode::FORBIDDEN, "guest_not_allowed").await;
    let account = Uuid::new_v4();
    for kind in ["voting", "space"] {
        let room = stack.create(account, json!({ "kind": kind })).await;
        let res = guest_action(
            &stack,
            "gateway",
            g2,
            "join_room",
            json!({ "room_id": room["code"] }),
        )
        .await;
        assert_problem(res, StatusCode::FORBIDDEN, "guest_not_allowed").await;
    }
    let res = guest_action(
        &stack,
        "gateway",
        g1,
        "place_object",
        json!({ "room_id": code }),
    )
    .await;
    assert_problem(res, StatusCode::FORBIDDEN, "guest_not_allowed").await;
    let res = guest_action(
        &stack,
        "gateway",
        g1,
        "join_room",
        json!({ "room_code": "ABCDEF" }),
    )
    .await;
    assert_problem(res, StatusCode::FORBIDDEN, "guest_not_allowed").await;

    // Only the gateway speaks for guests.
    let res = guest_action(&stack, "gacha", Uuid::new_v4(), "create_room", json!({})).await;
    assert_problem(res, StatusCode::FORBIDDEN, "guest_not_allowed").await;
}

#[tokio::test]
async fn a_guest_takes_its_seat_back_with_its_reconnect_token_only() {
    let stack = spawn().await;
    let (g1, g2) = (Uuid::new_v4(), Uuid::new_v4());
    let created = ok(guest_action(
        &stack,
        "gateway",
        g1,
        "create_room",
        json!({ "player_name": "Ann" }),
    )
    .await)
    .await;
    let code = created["room_id"].as_str().unwrap().to_owned();
    let joined = ok(guest_action(
        &stack,
        "gateway",
        g2,
        "join_room",
        json!({ "room_id": code }),
    )
    .await)
    .await;
    let token = joined["reconnect_token"].as_str().unwrap().to_owned();
    for g in [g1, g2] {
        ok(guest_action(
            &stack,
            "gateway",
            g,
            "player_ready",
            json!({ "room_id": code, "is_ready": true }),
        )
        .await)
        .await;
    }
    ok(guest_action(
        &stack,
        "gateway",
        g1,
        "start_game",
        json!({ "room_id": code }),
    )
    .await)
    .await;
    ok(guest_action(
        &stack,
        "gateway",
        g2,
        "disconnect",
        json!({ "room_id": code }),
    )
    .await)
    .await;

    let fresh = Uuid::new_v4();
    let res = guest_action(
        &stack,
        "gateway",
        fresh,
        "reconnect",
        json!({ "room_id": code, "player_id": g2, "token": "nope" }),
    )
    .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "reconnect_failed").await;
    let res = guest_action(
        &stack,
        "gateway",
        fresh,
        "reconnect",
        json!({ "room_id": code, "player_id": g1, "token": token }),
    )
    .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "reconnect_failed").await;
    let back = ok(guest_action(
        &stack,
        "gateway",
        fresh,
        "reconnect",
        json!({ "room_id": code, "player_id": g2, "token": token }),
    )
    .await)
    .await;
    assert_eq!(back["player_id"], g2.to_string());
    assert_eq!(back["self"][0]["type"], "reconnected");
}

#[tokio::test]
async fn the_anonymous_lobby_lists_coop_rooms_and_signed_in_callers_every_kind() {
    let stack = spawn().await;
    let host = Uuid::new_v4();
    let coop = stack.create(host, json!({ "kind": "coop" })).await;
    let voting = stack
        .create(Uuid::new_v4(), json!({ "kind": "voting" }))
        .await;
    let anonymous: Value = stack.room.get("/api/rooms").await.json().await.unwrap();
    let codes: Vec<_> = anonymous
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["room_id"].clone())
        .collect();
    assert_eq!(codes, [coop["code"].clone()]);
    let signed_in: Value = stack.get("/api/rooms", host).await.json().await.unwrap();
    assert_eq!(signed_in.as_array().unwrap().len(), 2);
    let asked: Value = stack
        .room
        .get("/api/rooms?kind=voting")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(asked[0]["room_id"], voting["code"]);
}
