//! JumpJumpJump (CLIENTS.md): the client's REST calls in journey order with only `X-API-Key`,
//! then its online lobby and two token-less `/ws/room` guests creating, joining, relaying,
//! reconnecting and leaving; then what a key must never reach.

use std::time::Duration;

use common::auth::ServiceTokens;
use common::auth::key_identity::{KEY_IDENTITY_HEADER, KeyNamespace};
use futures_util::{SinkExt, StreamExt};
use reqwest::{Method, StatusCode};
use seed_clients::Stack;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

/// The development key, on by default outside production.
const KEY: &str = "jumpjumpjump-dev-key";

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A call as the client makes it: `X-API-Key` and JSON, nothing else; the answer's status
/// and parsed body.
async fn call(
    stack: &Stack,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new()
        .request(method, stack.url(path))
        .header("X-API-Key", KEY)
        .header("Content-Type", "application/json");
    if let Some(body) = body {
        req = req.body(body.to_string());
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn connect(stack: &Stack, path: &str) -> Ws {
    let (ws, _) = tokio_tungstenite::connect_async(stack.ws_url(path))
        .await
        .unwrap_or_else(|e| panic!("connect {path}: {e}"));
    ws
}

async fn send(ws: &mut Ws, frame: Value) {
    ws.send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

/// The next frame of type `kind`, skipping others.
async fn next_of(ws: &mut Ws, kind: &str) -> Value {
    let wait = async {
        loop {
            match ws.next().await {
                Some(Ok(Message::Text(text))) => {
                    let frame: Value = serde_json::from_str(&text).unwrap();
                    if frame["type"] == kind {
                        return frame;
                    }
                }
                Some(Ok(_)) => {}
                other => panic!("socket ended waiting for {kind}: {other:?}"),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), wait)
        .await
        .unwrap_or_else(|_| panic!("no {kind} within 10 s"))
}

#[tokio::test]
async fn the_clients_rest_journey_works_with_only_its_api_key() {
    let stack = Stack::spawn().await;

    // 1. The menu's "server online" check.
    let res = reqwest::get(stack.url("/")).await.unwrap();
    assert!(res.status().is_success());
    let live: Value = res.json().await.unwrap();
    assert_eq!(live["status"], "ok");

    // 2. No save yet: JSON null.
    let (status, save) = call(&stack, Method::GET, "/api/load_game/Hero", None).await;
    assert_eq!((status, save), (StatusCode::OK, Value::Null));

    // 3. The boss gallery.
    let (status, bosses) = call(&stack, Method::GET, "/api/bosses", None).await;
    assert_eq!(status, StatusCode::OK);
    let first = &bosses.as_array().unwrap()[0];
    assert!(first["boss_index"].is_i64() && first["boss_name"].is_string());
    assert!(first["notorious_title"].is_string());
    // Its image link redirects to the PNG battle painted, served by the asset service's CDN.
    let browser = stack.browser();
    let link = first["image_url"].as_str().unwrap();
    let res = browser.get(stack.url(link)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND, "{link}");
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(&stack.url("/cdn/")), "{location}");
    let res = browser.get(&location).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{location}");
    assert_eq!(res.headers()["content-type"], "image/png");
    let png = res.bytes().await.unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");

    // 4. Save, and load it back.
    let body = json!({ "player_name": "Hero", "level": 2, "score": 1500, "lives": 3,
                       "health": 90, "coins": 12, "weapon": "raygun" });
    let (status, saved) = call(&stack, Method::POST, "/api/save_game", Some(body.clone())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(saved["message"].is_string());
    let (_, loaded) = call(&stack, Method::GET, "/api/load_game/Hero", None).await;
    for field in ["level", "score", "lives", "health", "coins", "weapon"] {
        assert_eq!(loaded[field], body[field], "{field}");
    }

    // 5. Scores in both modes.
    for (mode, score) in [("levels", 1500), ("endless", 800)] {
        let (status, stored) = call(
            &stack,
            Method::POST,
            "/api/scores",
            Some(json!({ "player_name": "Hero", "score": score, "coins": 12,
                         "enemies_defeated": 7, "distance": 420, "level": 2, "game_mode": mode })),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{stored}");
        assert_eq!(stored["source"], "api_key");
    }

    // 6. The rank of a score.
    let (status, rank) = call(
        &stack,
        Method::GET,
        "/api/scores/rank/1000?score=1000&game_mode=levels",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(rank["rank"], 2);

    // 7. The leaderboard, with and without a mode.
    for (path, len) in [
        ("/api/scores/leaderboard?limit=100&game_mode=levels", 1),
        ("/api/scores/leaderboard?limit=100", 2),
    ] {
        let (status, board) = call(&stack, Method::GET, path, None).await;
        assert_eq!(status, StatusCode::OK);
        let entries = board.as_array().unwrap();
        assert_eq!(entries.len(), len, "{path}: {board}");
        let top = &entries[0];
        assert_eq!(
            (top["rank"].clone(), top["player_name"].clone()),
            (json!(1), json!("Hero"))
        );
        for field in [
            "score",
            "level",
            "game_mode",
            "coins",
            "enemies_defeated",
            "distance",
        ] {
            assert!(!top[field].is_null(), "{field}");
        }
    }

    // 8. Delete (twice: a missing save is no error), then the player's best; 404 for nobody.
    for _ in 0..2 {
        let (status, _) = call(&stack, Method::DELETE, "/api/save_game/Hero", None).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, gone) = call(&stack, Method::GET, "/api/load_game/Hero", None).await;
    assert_eq!(gone, Value::Null);
    let (status, best) = call(&stack, Method::GET, "/api/scores/player/Hero", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(best["score"], 1500);
    let (status, _) = call(&stack, Method::GET, "/api/scores/player/Nobody", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The public boards (no key) keep accounts' scores only unless asked.
    let public: Value = reqwest::get(stack.url("/api/scores/leaderboard?game_mode=levels"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public, json!([]));
    let with_keys: Value =
        reqwest::get(stack.url("/api/scores/leaderboard?game_mode=levels&source=all"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(with_keys[0]["player_name"], "Hero");
}

#[tokio::test]
async fn two_token_less_guests_play_a_coop_room_and_the_lobby_lists_only_coop_rooms() {
    let stack = Stack::spawn().await;
    // A voting room exists too; the JumpJumpJump lobby must not show it.
    let browser = stack.browser();
    let host = stack.register(&browser).await;
    let voting: Value = browser
        .post(stack.url("/api/rooms"))
        .bearer_auth(&host.token)
        .json(&json!({ "max_players": 4, "total_rounds": 1 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let voting_code = voting["code"].as_str().unwrap().to_owned();

    let mut a = connect(&stack, "/ws/room/new").await;
    send(
        &mut a,
        json!({ "type": "create_room", "room_name": "Co-op", "player_name": "Ann" }),
    )
    .await;
    next_of(&mut a, "player_joined").await;
    let created = next_of(&mut a, "room_created").await;
    let code = created["room_id"].as_str().unwrap().to_owned();
    assert_eq!(created["player_number"], 1);
    assert_eq!(created["room_info"]["max_players"], 2);
    let ann = created["player_id"].as_str().unwrap().to_owned();

    // 9. The lobby, with no headers at all.
    let lobby: Value = reqwest::get(stack.url("/api/rooms"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let rooms = lobby.as_array().unwrap();
    assert!(
        rooms.iter().all(|r| r["room_id"] != voting_code.as_str()),
        "{lobby}"
    );
    let listed = rooms
        .iter()
        .find(|r| r["room_id"] == code.as_str())
        .unwrap();
    assert_eq!(listed["room_name"], "Co-op");
    assert_eq!(listed["player_count"], 1);
    assert_eq!(listed["game_started"], false);

    let mut b = connect(&stack, &format!("/ws/room/{code}")).await;
    send(
        &mut b,
        json!({ "type": "join_room", "room_id": code, "player_name": "Bo" }),
    )
    .await;
    let joined = next_of(&mut b, "room_joined").await;
    assert_eq!(joined["player_number"], 2);
    let bo = joined["player_id"].as_str().unwrap().to_owned();
    let token = joined["reconnect_token"].as_str().unwrap().to_owned();
    assert_ne!(bo, ann, "each guest connection is its own player");
    let seen = next_of(&mut a, "player_joined").await;
    assert_eq!(seen["player_id"], bo.as_str());

    // The 60 Hz relay reaches the partner, rounded, and not the sender.
    send(
        &mut b,
        json!({ "type": "player_state", "state": { "x": 10.456, "y": 550, "facing_right": true } }),
    )
    .await;
    let update = next_of(&mut a, "player_state_update").await;
    assert_eq!(update["player_id"], bo.as_str());
    assert_eq!(update["state"]["x"], 10.46);

    // Start the game, drop the second guest, and take its seat back with the token.
    send(&mut a, json!({ "type": "player_ready", "is_ready": true })).await;
    send(&mut b, json!({ "type": "player_ready", "is_ready": true })).await;
    next_of(&mut b, "player_ready_changed").await;
    next_of(&mut b, "player_ready_changed").await;
    send(&mut a, json!({ "type": "start_game" })).await;
    next_of(&mut b, "game_starting").await;
    drop(b);
    let left = next_of(&mut a, "player_disconnected").await;
    assert_eq!(left["player_id"], bo.as_str());
    let mut b = connect(&stack, &format!("/ws/room/{code}")).await;
    send(
        &mut b,
        json!({ "type": "reconnect", "room_id": code, "player_id": bo, "token": token }),
    )
    .await;
    let back = next_of(&mut b, "reconnected").await;
    assert_eq!(back["player_id"], bo.as_str());
    assert_eq!(back["player_number"], 2);
    next_of(&mut a, "player_reconnected").await;
    send(
        &mut b,
        json!({ "type": "player_state", "state": { "x": 20 } }),
    )
    .await;
    let update = next_of(&mut a, "player_state_update").await;
    assert_eq!(
        update["player_id"],
        bo.as_str(),
        "the reconnected guest relays as its seat"
    );

    send(&mut b, json!({ "type": "leave_room" })).await;
    next_of(&mut b, "room_left").await;
    let left = next_of(&mut a, "player_left").await;
    assert_eq!(left["player_id"], bo.as_str());

    // A guest cannot enter the voting room, nor take a seat with a wrong token.
    let mut c = connect(&stack, &format!("/ws/room/{voting_code}")).await;
    send(
        &mut c,
        json!({ "type": "join_room", "room_id": voting_code, "player_name": "Cy" }),
    )
    .await;
    assert!(next_of(&mut c, "error").await["message"].is_string());
    send(
        &mut c,
        json!({ "type": "reconnect", "room_id": code, "player_id": ann, "token": "wrong" }),
    )
    .await;
    assert_eq!(
        next_of(&mut c, "error").await["message"],
        "Reconnection failed. Token invalid or session expired."
    );
}

#[tokio::test]
async fn a_key_reaches_only_the_seed_routes_and_never_an_accounts_data() {
    let stack = Stack::spawn().await;
    let invalid = |body: &Value| body["detail"] == "Invalid or missing API key";

    // A wrong key, and no key at all, answer as the seed did: 403 with its detail.
    for key in [Some("wrong-key"), None] {
        let mut req = reqwest::Client::new()
            .post(stack.url("/api/save_game"))
            .json(
                &json!({ "player_name": "Hero", "level": 1, "score": 1, "lives": 1,
                     "health": 1, "coins": 1, "weapon": "raygun" }),
            );
        if let Some(key) = key {
            req = req.header("X-API-Key", key);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/problem+json"
        );
        assert!(invalid(&res.json().await.unwrap()));
    }
    let (status, body) = {
        let res = reqwest::Client::new()
            .get(stack.url("/api/load_game/Hero"))
            .header("X-API-Key", "wrong-key")
            .send()
            .await
            .unwrap();
        (res.status(), res.json::<Value>().await.unwrap())
    };
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(invalid(&body));

    // A valid key on any other route is refused before it gets anywhere.
    for path in [
        "/api/wallet",
        "/api/player/me",
        "/api/inventory/",
        "/api/auth/me",
    ] {
        let (status, body) = call(&stack, Method::GET, path, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(body["code"], "api_key_not_allowed", "{path}");
    }

    // An account's save of the same name is invisible to the key and survives its delete.
    let browser = stack.browser();
    let account = stack.register(&browser).await;
    let res = browser
        .post(stack.url("/api/save_game"))
        .bearer_auth(&account.token)
        .json(
            &json!({ "player_name": "Hero", "level": 9, "score": 9999, "lives": 3,
                       "health": 100, "coins": 99, "weapon": "laser" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let (_, seen) = call(&stack, Method::GET, "/api/load_game/Hero", None).await;
    assert_eq!(seen, Value::Null);
    call(&stack, Method::DELETE, "/api/save_game/Hero", None).await;
    let kept: Value = browser
        .get(stack.url("/api/load_game/Hero"))
        .bearer_auth(&account.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(kept["score"], 9999);

    // A client's own copy of the internal identity header is stripped: a perfectly signed
    // assertion (as only the gateway could mint) without the key is still no key...
    let secret = &stack.gateway.context.settings.internal_token_secret;
    let forged = ServiceTokens::new("gateway", secret)
        .assert_key_identity(&KeyNamespace::derive(secret, KEY))
        .unwrap();
    let res = reqwest::Client::new()
        .get(stack.url("/api/load_game/Hero"))
        .header(KEY_IDENTITY_HEADER, &forged)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(invalid(&res.json().await.unwrap()));
    // ...and beside an account's token it does not turn the account into a key namespace.
    let own: Value = browser
        .get(stack.url("/api/load_game/Hero"))
        .bearer_auth(&account.token)
        .header(KEY_IDENTITY_HEADER, &forged)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own["score"], 9999);

    // CORS lets a browser client send the key.
    let res = reqwest::Client::new()
        .request(Method::OPTIONS, stack.url("/api/scores"))
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-api-key,content-type")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let allowed = res.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-api-key"), "{allowed}");
}
