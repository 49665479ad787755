//! Socket.IO at `/socket.io/` spoken byte by byte (the official client's journeys are in
//! `crates/seed-clients`): handshakes, CONNECT auth, emits as room actions, room events as
//! EVENTs, the polling-to-WebSocket upgrade, heartbeats and every refusal.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use common::auth::InternalCaller;
use common::{ServiceDef, ServiceName};
use contracts::Topic;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app, spawn_app_with};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use uuid::Uuid;

use crate::helpers::{Socket, gateway_settings, next_close};

const ROOM: &str = "ABC234";

/// Echoes an action back (or refuses `submit_vote` as the room would).
async fn actions(
    caller: InternalCaller,
    body: web::Json<contracts::events::ActionRequest>,
) -> HttpResponse {
    if body.kind == "submit_vote" {
        return HttpResponse::Conflict()
            .content_type("application/problem+json")
            .json(json!({ "type": "x", "title": "Conflict", "status": 409, "code": "already_voted", "detail": "Already voted in this round" }));
    }
    HttpResponse::Ok().json(json!({ "success": true, "self": [], "kind": body.kind, "data": body.data, "user": caller.acting_user }))
}

/// A gateway in front of a room service that echoes actions; `pairs` are gateway settings.
async fn gateway(pairs: &[(&str, &str)]) -> (TestApp, TestApp) {
    let room = spawn_app(
        ServiceDef::new(ServiceName::Room, "room test").routes(|cfg, _| {
            cfg.route("/internal/actions", web::post().to(actions));
        }),
    )
    .await;
    let secret = room.context.settings.internal_token_secret.clone();
    let url = url::Url::parse(&room.address).unwrap();
    let gw = spawn_app_with(gateway::service(Some(gateway_settings(pairs))), |s| {
        s.internal_token_secret = secret;
        s.peers[ServiceName::Room.index()] = url;
    })
    .await;
    (gw, room)
}

async fn make_member(gw: &TestApp, user: Uuid) {
    let topic = Topic::room(ROOM).unwrap();
    let mut conn = gw.redis.conn().await;
    let _: () = redis::cmd("SADD")
        .arg(
            gw.context
                .redis
                .keys()
                .key(&contracts::events::members_key(&topic)),
        )
        .arg(user.to_string())
        .query_async(&mut conn)
        .await
        .unwrap();
}

fn ws_url(gw: &TestApp, query: &str) -> String {
    format!("ws://127.0.0.1:{}/socket.io/?EIO=4&{query}", gw.port)
}

fn url(gw: &TestApp, query: &str) -> String {
    format!("http://127.0.0.1:{}/socket.io/?EIO=4&{query}", gw.port)
}

/// The next text frame.
async fn next_text(socket: &mut Socket) -> String {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a frame within 10 s")
            .expect("socket open")
            .unwrap();
        if let Message::Text(text) = msg {
            return text.to_string();
        }
    }
}

/// Text frames until one starting with `prefix` (pings answered).
async fn until(socket: &mut Socket, prefix: &str) -> String {
    loop {
        let text = next_text(socket).await;
        if text == "2" {
            socket.send(Message::text("3")).await.unwrap();
        }
        if text.starts_with(prefix) {
            return text;
        }
    }
}

async fn send(socket: &mut Socket, text: &str) {
    socket.send(Message::text(text.to_owned())).await.unwrap();
}

/// A WebSocket session, connected to the main namespace as `user`.
async fn connected(gw: &TestApp, user: Uuid) -> Socket {
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(gw, "transport=websocket"))
        .await
        .unwrap();
    let open = next_text(&mut socket).await;
    let handshake: Value = serde_json::from_str(&open[1..]).unwrap();
    assert!(open.starts_with('0'), "{open}");
    assert_eq!(handshake["upgrades"], json!([]));
    let token = gw.auth.token_for(user);
    send(&mut socket, &format!("40{}", json!({ "token": token }))).await;
    let ok = until(&mut socket, "40").await;
    assert!(
        serde_json::from_str::<Value>(&ok[2..]).unwrap()["sid"].is_string(),
        "{ok}"
    );
    socket
}

fn event_of(packet: &str) -> (String, Value) {
    let args: Value = serde_json::from_str(&packet[2..]).unwrap();
    (args[0].as_str().unwrap().to_owned(), args[1].clone())
}

#[tokio::test]
async fn connect_without_or_with_a_bad_token_is_refused_with_connect_error() {
    let (gw, _room) = gateway(&[]).await;
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(&gw, "transport=websocket"))
        .await
        .unwrap();
    next_text(&mut socket).await;
    send(&mut socket, "40").await;
    let refused = until(&mut socket, "44").await;
    assert!(
        serde_json::from_str::<Value>(&refused[2..]).unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("authentication required")
    );
    send(&mut socket, r#"40{"token":"forged"}"#).await;
    let refused = until(&mut socket, "44").await;
    assert!(refused.contains("invalid or expired token"), "{refused}");
    // Emits before a connection are ignored; another namespace is refused.
    send(&mut socket, r#"42["start_game",{"room_code":"ABC234"}]"#).await;
    send(&mut socket, r#"40/admin,{"token":"x"}"#).await;
    assert_eq!(
        until(&mut socket, "44").await,
        r#"44/admin,{"message":"Invalid namespace"}"#
    );
}

#[tokio::test]
async fn the_access_token_cookie_of_the_handshake_authenticates_a_connect_without_auth() {
    let (gw, _room) = gateway(&[]).await;
    let user = Uuid::new_v4();
    let mut request =
        tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(ws_url(
            &gw,
            "transport=websocket",
        ))
        .unwrap();
    request.headers_mut().insert(
        "cookie",
        format!("access_token={}", gw.auth.token_for(user))
            .parse()
            .unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    next_text(&mut socket).await;
    send(&mut socket, "40").await;
    until(&mut socket, "40{").await;
}

#[tokio::test]
async fn emits_become_room_actions_and_room_events_become_emits() {
    let (gw, _room) = gateway(&[]).await;
    let user = Uuid::new_v4();
    make_member(&gw, user).await;
    let mut socket = connected(&gw, user).await;
    // With an ack id the room's answer comes back; join_room follows the room's events.
    send(&mut socket, r#"421["join_room",{"room_code":"ABC234"}]"#).await;
    let ack = until(&mut socket, "431[").await;
    let answer: Value = serde_json::from_str(&ack[3..]).unwrap();
    assert_eq!(answer[0]["kind"], "join_room");
    assert_eq!(answer[0]["data"]["room_code"], ROOM);
    assert_eq!(answer[0]["user"], user.to_string());
    assert!(answer[0].get("self").is_none());

    gw.context
        .events
        .publish(
            &Topic::room(ROOM).unwrap(),
            "vote_update",
            &json!({ "answer_id": "a1", "vote_count": 2 }),
        )
        .await
        .unwrap();
    let (name, data) = event_of(&until(&mut socket, "42[").await);
    assert_eq!(name, "vote_update");
    assert_eq!(data, json!({ "answer_id": "a1", "vote_count": 2 }));

    // A refusal is the seed's `error {message}`.
    send(
        &mut socket,
        r#"42["submit_vote",{"room_code":"ABC234","round_id":"r","answer_id":"a"}]"#,
    )
    .await;
    let (name, data) = event_of(&until(&mut socket, "42[").await);
    assert_eq!(name, "error");
    assert_eq!(data["message"], "Already voted in this round");
    // Types the room does not list as relayable are refused, not published.
    send(&mut socket, r#"42["player_state",{"x":1}]"#).await;
    let (name, data) = event_of(&until(&mut socket, "42[").await);
    assert_eq!(
        (name.as_str(), data["code"].as_str()),
        ("error", Some("unknown_event"))
    );

    // leave_room stops the room's events.
    send(&mut socket, r#"42["leave_room",{"room_code":"ABC234"}]"#).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    gw.context
        .events
        .publish(&Topic::room(ROOM).unwrap(), "vote_update", &json!({}))
        .await
        .unwrap();
    send(&mut socket, "2").await;
    assert_eq!(until(&mut socket, "3").await, "3");
    let quiet = tokio::time::timeout(Duration::from_millis(500), socket.next()).await;
    assert!(quiet.is_err(), "{quiet:?}");
}

#[tokio::test]
async fn malformed_binary_and_oversized_packets_close_the_websocket() {
    let (gw, _room) = gateway(&[("WS_MAX_FRAME_BYTES", "1024")]).await;
    for (packet, code) in [
        ("9nope".to_owned(), CloseCode::Protocol),
        ("42[\"x\"".to_owned(), CloseCode::Protocol),
        (
            "451-[\"up\",{\"_placeholder\":true,\"num\":0}]".to_owned(),
            CloseCode::Unsupported,
        ),
        (
            format!("42[\"x\",\"{}\"]", "y".repeat(4096)),
            CloseCode::Size,
        ),
    ] {
        let mut socket = connected(&gw, Uuid::new_v4()).await;
        send(&mut socket, &packet).await;
        let close = next_close(&mut socket).await;
        assert_eq!(close.map(|c| c.code), Some(code), "{packet:.40}");
    }
    let mut socket = connected(&gw, Uuid::new_v4()).await;
    socket.send(Message::binary(vec![4u8, 1, 2])).await.unwrap();
    assert_eq!(
        next_close(&mut socket).await.map(|c| c.code),
        Some(CloseCode::Unsupported)
    );
}

#[tokio::test]
async fn polling_refuses_unknown_sessions_bad_queries_and_bad_payloads() {
    let (gw, _room) = gateway(&[("WS_MAX_FRAME_BYTES", "1024")]).await;
    let http = reqwest::Client::new();
    let unknown = http
        .get(url(&gw, "transport=polling&sid=nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    assert_eq!(
        unknown.json::<Value>().await.unwrap(),
        json!({ "code": 1, "message": "Session ID unknown" })
    );
    let res = http
        .post(url(&gw, "transport=polling&sid=nope"))
        .body("3")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = http
        .get(format!(
            "http://127.0.0.1:{}/socket.io/?EIO=3&transport=polling",
            gw.port
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["code"], 5);
    let res = http
        .get(url(&gw, "transport=carrier-pigeon"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["code"], 0);

    for (body, status) in [
        ("4x".repeat(600), 413),
        ("9\u{1e}3".to_owned(), 400),
        ("bAQID".to_owned(), 400),
        ("3\u{1e}".to_owned(), 400),
    ] {
        let sid = polling_handshake(&http, &gw).await;
        let res = http
            .post(url(&gw, &format!("transport=polling&sid={sid}")))
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{body:.20}");
        // The session is closed: the next poll gets `1` (close), then the sid is unknown.
        let poll = http
            .get(url(&gw, &format!("transport=polling&sid={sid}")))
            .send()
            .await
            .unwrap();
        let text = poll.text().await.unwrap();
        assert!(text == "1" || text.contains("Session ID unknown"), "{text}");
    }
}

async fn polling_handshake(http: &reqwest::Client, gw: &TestApp) -> String {
    let res = http.get(url(gw, "transport=polling")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let open = res.text().await.unwrap();
    assert!(open.starts_with('0'), "{open}");
    let handshake: Value = serde_json::from_str(&open[1..]).unwrap();
    assert_eq!(handshake["upgrades"], json!(["websocket"]));
    assert!(handshake["maxPayload"].as_u64().unwrap() >= 1024);
    assert!(handshake["pingInterval"].as_u64().unwrap() > 0);
    handshake["sid"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn polling_sessions_connect_emit_and_upgrade_to_websocket() {
    let (gw, _room) = gateway(&[]).await;
    let http = reqwest::Client::new();
    let user = Uuid::new_v4();
    make_member(&gw, user).await;
    let sid = polling_handshake(&http, &gw).await;
    let session = url(&gw, &format!("transport=polling&sid={sid}"));
    let token = gw.auth.token_for(user);
    let post = |body: String| http.post(session.clone()).body(body).send();
    assert_eq!(
        post(format!("40{}", json!({ "token": token })))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    let poll = http
        .get(&session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(poll.starts_with("40{\"sid\""), "{poll}");
    // Two packets in one POST, separated by \x1e.
    post(
        r#"42["join_room",{"room_code":"ABC234"}]"#.to_owned()
            + "\u{1e}42[\"start_game\",{\"room_code\":\"ABC234\"}]",
    )
    .await
    .unwrap();
    // Let both actions finish before the event goes out.
    tokio::time::sleep(Duration::from_millis(300)).await;
    gw.context
        .events
        .publish(
            &Topic::room(ROOM).unwrap(),
            "round_started",
            &json!({ "round_number": 2 }),
        )
        .await
        .unwrap();
    let poll = http
        .get(&session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        poll.contains(r#"42["round_started",{"round_number":2}]"#),
        "{poll}"
    );

    // The upgrade: probe, the pending poll released with a noop, then `5`.
    let pending = tokio::spawn(http.get(&session).send());
    let (mut socket, _) =
        tokio_tungstenite::connect_async(ws_url(&gw, &format!("transport=websocket&sid={sid}")))
            .await
            .unwrap();
    send(&mut socket, "2probe").await;
    assert_eq!(next_text(&mut socket).await, "3probe");
    let released = pending.await.unwrap().unwrap().text().await.unwrap();
    assert_eq!(released, "6");
    send(&mut socket, "5").await;
    gw.context
        .events
        .publish(
            &Topic::room(ROOM).unwrap(),
            "vote_update",
            &json!({ "vote_count": 1 }),
        )
        .await
        .unwrap();
    let (name, _) = event_of(&until(&mut socket, "42[").await);
    assert_eq!(name, "vote_update");
    // Polling is over for this sid.
    let res = http.get(&session).send().await.unwrap();
    assert_eq!(res.status(), 400);
}

#[tokio::test]
async fn sessions_without_pongs_or_connects_expire() {
    let (gw, _room) = gateway(&[
        ("SOCKETIO_PING_INTERVAL_MS", "200"),
        ("SOCKETIO_PING_TIMEOUT_MS", "200"),
        ("SOCKETIO_CONNECT_TIMEOUT_MS", "60000"),
    ])
    .await;
    // A WebSocket client that never answers pings is closed.
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(&gw, "transport=websocket"))
        .await
        .unwrap();
    assert!(next_text(&mut socket).await.starts_with('0'));
    assert_eq!(next_text(&mut socket).await, "2");
    assert!(next_close(&mut socket).await.is_some());

    // An abandoned polling session is forgotten.
    let http = reqwest::Client::new();
    let sid = polling_handshake(&http, &gw).await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let res = http
        .get(url(&gw, &format!("transport=polling&sid={sid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);

    // Without a Socket.IO connection a session ends after the connect timeout.
    let (gw, _room) = gateway(&[("SOCKETIO_CONNECT_TIMEOUT_MS", "300")]).await;
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url(&gw, "transport=websocket"))
        .await
        .unwrap();
    assert_eq!(
        next_close(&mut socket).await.map(|c| c.code),
        Some(CloseCode::Policy)
    );
}
