//! The cafe seed's `/api/v1/rooms/` and its integer room ids: an alias of the code that every
//! action path resolves, never a way around privacy or room kinds.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{Stack, assert_problem, spawn};

async fn create_cafe_room(app: &Stack, user: Uuid, body: Value) -> Value {
    let res = app.post("/api/v1/rooms/", user, &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn list(app: &Stack, user: Uuid, query: &str) -> Vec<Value> {
    let res = app.get(&format!("/api/v1/rooms/{query}"), user).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Vec<Value>>().await.unwrap()
}

#[tokio::test]
async fn cafe_rooms_are_created_and_listed_with_integer_ids_that_alias_their_codes() {
    let app = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let first = create_cafe_room(
        &app,
        alice,
        json!({ "name": "Morning", "is_private": false }),
    )
    .await;
    let second =
        create_cafe_room(&app, bob, json!({ "name": "Evening", "is_private": false })).await;
    let (id1, id2) = (
        first["id"].as_i64().unwrap(),
        second["id"].as_i64().unwrap(),
    );
    assert!(id1 > 0 && id2 > id1, "{id1} {id2}");
    assert_eq!(first["name"], "Morning");
    assert_eq!(first["owner_id"], alice.to_string());
    assert_eq!(first["player_count"], 1);

    // The code behind the integer is an ordinary space room of our own API.
    let code = first["code"].as_str().unwrap();
    let ours: Value = app
        .get(&format!("/api/rooms/{code}"), bob)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ours["kind"], "space");
    let by_id: Value = app
        .get(&format!("/api/v1/rooms/{id1}"), bob)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_id["code"], code);

    let listed = list(&app, bob, "?skip=0&limit=100&public_only=true").await;
    let ids: Vec<i64> = listed.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![id1, id2], "oldest first, as the seed");
    assert_eq!(listed[1]["name"], "Evening");
    assert_eq!(list(&app, bob, "?skip=1&limit=1").await[0]["id"], id2);

    // Other kinds never show up in the cafe's list.
    app.create(alice, json!({ "kind": "voting" })).await;
    assert_eq!(list(&app, bob, "").await.len(), 2);
}

#[tokio::test]
async fn a_private_cafe_room_is_listed_only_for_its_owner() {
    let app = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let hidden = create_cafe_room(
        &app,
        alice,
        json!({ "name": "Hideout", "is_private": true }),
    )
    .await;
    let id = hidden["id"].as_i64().unwrap();
    assert!(list(&app, alice, "?public_only=true").await.is_empty());
    assert_eq!(list(&app, alice, "?public_only=false").await[0]["id"], id);
    assert!(list(&app, bob, "?public_only=false").await.is_empty());
    let res = app.get(&format!("/api/v1/rooms/{id}"), bob).await;
    assert_problem(res, StatusCode::NOT_FOUND, "room_not_found").await;
    // Integer ids are sequential, so a private room's id opens nothing for strangers.
    let res = app
        .action(bob, "join_room", json!({ "room_id": id, "kind": "space" }))
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "room_not_found").await;
    let joined = app
        .act(alice, "get_room_state", json!({ "room_id": id }))
        .await;
    assert_eq!(joined["room_state"]["room_id"], hidden["code"]);
}

#[tokio::test]
async fn actions_resolve_an_integer_room_id_to_its_room() {
    let app = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let room = create_cafe_room(&app, alice, json!({ "name": "Cafe" })).await;
    let (id, code) = (room["id"].as_i64().unwrap(), room["code"].as_str().unwrap());

    let joined = app
        .act(
            bob,
            "join_room",
            json!({ "room_id": id, "kind": "space", "x": 3, "y": 4 }),
        )
        .await;
    assert_eq!(joined["room_id"], code);
    let state = app
        .act(bob, "get_room_state", json!({ "room_id": id }))
        .await;
    let users = state["room_state"]["users"].as_array().unwrap();
    assert_eq!(users.len(), 2);
    assert!(
        users
            .iter()
            .any(|u| u["user_id"] == bob.to_string() && u["x"] == 3)
    );
    // A string of digits that is no join code names the room by its integer too.
    let by_text = app
        .act(
            alice,
            "get_room_state",
            json!({ "room_id": id.to_string() }),
        )
        .await;
    assert_eq!(by_text["room_state"]["room_id"], code);
}

#[tokio::test]
async fn an_unknown_or_malformed_integer_id_is_refused_without_touching_any_room() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    create_cafe_room(&app, user, json!({ "name": "Only" })).await;
    let res = app
        .action(
            user,
            "join_room",
            json!({ "room_id": 987_654_321, "kind": "space" }),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "room_not_found").await;
    let res = app
        .action(user, "get_room_state", json!({ "room_id": -1 }))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .action(
            user,
            "join_room",
            json!({ "room_id": 1.5, "kind": "space" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_problem(
        app.get("/api/v1/rooms/987654321", user).await,
        StatusCode::NOT_FOUND,
        "room_not_found",
    )
    .await;
    assert_problem(
        app.get("/api/v1/rooms/abc", user).await,
        StatusCode::NOT_FOUND,
        "room_not_found",
    )
    .await;
}

#[tokio::test]
async fn the_cafe_path_cannot_join_another_kind_of_room_by_its_integer_id() {
    let app = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let cafe = create_cafe_room(&app, alice, json!({ "name": "Cafe" })).await;
    // Rooms of every kind share one sequence: the next one is a co-op room.
    let coop = app.create(alice, json!({ "kind": "coop" })).await;
    let coop_id = cafe["id"].as_i64().unwrap() + 1;
    let res = app
        .action(
            bob,
            "join_room",
            json!({ "room_id": coop_id, "kind": "space" }),
        )
        .await;
    assert_eq!(res.status().as_u16() / 100, 4, "{}", coop["code"]);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "wrong_room_kind", "{body}");
}

#[tokio::test]
async fn cafe_room_requests_are_validated() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    for query in ["?limit=0", "?limit=101", "?skip=-1"] {
        let res = app.get(&format!("/api/v1/rooms/{query}"), user).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{query}");
    }
    let res = app
        .post("/api/v1/rooms/", user, &json!({ "name": "" }))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post("/api/v1/rooms/", user, &json!({ "is_private": false }))
        .await;
    assert!(res.status().is_client_error());
    let anonymous = app.room.get("/api/v1/rooms/").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
