//! The native WebSocket protocol through a real gateway, Redis and upstream service.

use std::time::Duration;

use actix_web::{HttpResponse, web};
use common::auth::InternalCaller;
use common::{ServiceDef, ServiceName};
use contracts::Topic;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use testkit::{RedisProcess, TestApp, spawn_app, spawn_app_with};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use uuid::Uuid;

use crate::helpers::{Socket, gateway_settings, gateway_to, next_close};

pub(crate) async fn connect(gw: &TestApp, user: Uuid) -> Socket {
    let token = gw.auth.token_for(user);
    let url = format!("ws://127.0.0.1:{}/ws?token={token}", gw.port);
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let welcome = next_json(&mut socket).await;
    assert_eq!(welcome["op"], "welcome");
    assert_eq!(welcome["user_id"], user.to_string());
    socket
}

pub(crate) async fn send(socket: &mut Socket, frame: Value) {
    socket.send(Message::text(frame.to_string())).await.unwrap();
}

/// The next JSON text frame (pings are answered by the library).
async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a frame within 10 s")
            .expect("socket open")
            .unwrap();
        if let Message::Text(text) = msg {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// Frames until one with `op`, which is returned.
pub(crate) async fn next_op(socket: &mut Socket, op: &str) -> Value {
    loop {
        let frame = next_json(socket).await;
        if frame["op"] == op {
            return frame;
        }
    }
}

pub(crate) async fn make_member(gw: &TestApp, topic: &str, user: Uuid, relayable: &[&str]) {
    let topic = Topic::parse(topic).unwrap();
    let keys = gw.context.redis.keys();
    let mut conn = gw.redis.conn().await;
    let _: () = redis::cmd("SADD")
        .arg(keys.key(&contracts::events::members_key(&topic)))
        .arg(user.to_string())
        .query_async(&mut conn)
        .await
        .unwrap();
    for kind in relayable {
        let _: () = redis::cmd("SADD")
            .arg(keys.key(&contracts::events::relayable_key(&topic)))
            .arg(*kind)
            .query_async(&mut conn)
            .await
            .unwrap();
    }
}

pub(crate) async fn gateway() -> TestApp {
    spawn_app(gateway::service(Some(gateway_settings(&[])))).await
}

#[tokio::test]
async fn connecting_without_a_valid_token_is_refused() {
    let gw = gateway().await;
    let url = format!("ws://127.0.0.1:{}/ws", gw.port);
    let err = tokio_tungstenite::connect_async(url).await.unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");
    let url = format!("ws://127.0.0.1:{}/ws?token=forged", gw.port);
    let err = tokio_tungstenite::connect_async(url).await.unwrap_err();
    assert!(err.to_string().contains("401"), "{err}");
}

#[tokio::test]
async fn users_subscribe_to_their_own_topic_only_and_receive_its_events() {
    let gw = gateway().await;
    let me = Uuid::new_v4();
    let mut socket = connect(&gw, me).await;
    send(
        &mut socket,
        json!({ "op": "subscribe", "topic": format!("user:{}", Uuid::new_v4()) }),
    )
    .await;
    let refused = next_op(&mut socket, "error").await;
    assert_eq!(refused["code"], "forbidden_topic");

    send(
        &mut socket,
        json!({ "op": "subscribe", "topic": format!("user:{me}") }),
    )
    .await;
    assert_eq!(
        next_op(&mut socket, "subscribed").await["topic"],
        format!("user:{me}")
    );
    let id = gw
        .context
        .events
        .publish(&Topic::user(me), "job_completed", &json!({ "job_id": 7 }))
        .await
        .unwrap();
    let event = next_op(&mut socket, "event").await;
    assert_eq!(event["id"], id);
    assert_eq!(event["type"], "job_completed");
    assert_eq!(event["data"]["job_id"], 7);

    send(&mut socket, json!({ "op": "ping" })).await;
    next_op(&mut socket, "pong").await;
}

#[tokio::test]
async fn room_topics_need_membership_and_relay_only_relayable_types() {
    let gw = gateway().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let mut a = connect(&gw, alice).await;
    let mut b = connect(&gw, bob).await;
    send(&mut a, json!({ "op": "subscribe", "topic": "room:ABC123" })).await;
    assert_eq!(next_op(&mut a, "error").await["code"], "forbidden_topic");

    make_member(&gw, "room:ABC123", alice, &["player_state"]).await;
    make_member(&gw, "room:ABC123", bob, &[]).await;
    send(&mut a, json!({ "op": "subscribe", "topic": "room:ABC123" })).await;
    next_op(&mut a, "subscribed").await;
    send(&mut b, json!({ "op": "subscribe", "topic": "room:ABC123" })).await;
    next_op(&mut b, "subscribed").await;

    send(&mut a, json!({ "op": "send", "topic": "room:ABC123", "type": "player_state", "data": { "x": 1, "sender_id": "spoofed" } })).await;
    let relayed = next_op(&mut b, "event").await;
    assert_eq!(relayed["type"], "player_state");
    assert_eq!(relayed["data"]["x"], 1);
    assert_eq!(
        relayed["data"]["sender_id"],
        alice.to_string(),
        "the gateway stamps the sender"
    );

    send(
        &mut a,
        json!({ "op": "send", "topic": "room:ABC123", "type": "grant_gold", "data": {} }),
    )
    .await;
    assert_eq!(next_op(&mut a, "error").await["code"], "not_relayable");
}

async fn actions(
    caller: InternalCaller,
    body: web::Json<contracts::events::ActionRequest>,
) -> HttpResponse {
    if body.kind == "fail" {
        return HttpResponse::Conflict()
            .content_type("application/problem+json")
            .json(json!({ "type": "x", "title": "Conflict", "status": 409, "code": "already_voted", "detail": "one vote per round" }));
    }
    HttpResponse::Ok().json(json!({ "kind": body.kind, "data": body.data, "user": caller.acting_user, "from": caller.service }))
}

#[tokio::test]
async fn actions_reach_the_owning_service_and_replies_carry_the_ref() {
    let room = spawn_app(
        ServiceDef::new(ServiceName::Room, "room test").routes(|cfg, _| {
            cfg.route("/internal/actions", web::post().to(actions));
        }),
    )
    .await;
    let secret = room.context.settings.internal_token_secret.clone();
    let url = url::Url::parse(&room.address).unwrap();
    let gw = spawn_app_with(gateway::service(Some(gateway_settings(&[]))), |s| {
        s.internal_token_secret = secret;
        s.peers[ServiceName::Room.index()] = url;
    })
    .await;
    let user = Uuid::new_v4();
    let mut socket = connect(&gw, user).await;
    send(&mut socket, json!({ "op": "action", "service": "room", "type": "submit_vote", "data": { "answer_id": 3 }, "ref": "7" })).await;
    let reply = next_op(&mut socket, "reply").await;
    assert_eq!(reply["ref"], "7");
    assert_eq!(reply["ok"], true);
    assert_eq!(reply["data"]["kind"], "submit_vote");
    assert_eq!(reply["data"]["data"]["answer_id"], 3);
    assert_eq!(reply["data"]["user"], user.to_string());
    assert_eq!(reply["data"]["from"], "gateway");

    send(
        &mut socket,
        json!({ "op": "action", "service": "room", "type": "fail", "ref": 8 }),
    )
    .await;
    let reply = next_op(&mut socket, "reply").await;
    assert_eq!(reply["ref"], 8);
    assert_eq!(reply["ok"], false);
    assert_eq!(reply["error"]["code"], "already_voted");

    send(
        &mut socket,
        json!({ "op": "action", "service": "nowhere", "type": "x", "ref": 9 }),
    )
    .await;
    assert_eq!(
        next_op(&mut socket, "reply").await["error"]["code"],
        "unknown_service"
    );
}

#[tokio::test]
async fn subscribing_with_since_replays_what_was_missed() {
    let gw = gateway().await;
    let user = Uuid::new_v4();
    let topic = Topic::user(user);
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            gw.context
                .events
                .publish(&topic, "tick", &json!({ "i": i }))
                .await
                .unwrap(),
        );
    }
    let mut socket = connect(&gw, user).await;
    send(
        &mut socket,
        json!({ "op": "subscribe", "topic": topic.as_str(), "since": ids[0] }),
    )
    .await;
    assert_eq!(next_op(&mut socket, "subscribed").await["replayed"], 2);
    assert_eq!(next_op(&mut socket, "event").await["data"]["i"], 1);
    assert_eq!(next_op(&mut socket, "event").await["data"]["i"], 2);
    gw.context
        .events
        .publish(&topic, "tick", &json!({ "i": 3 }))
        .await
        .unwrap();
    assert_eq!(
        next_op(&mut socket, "event").await["data"]["i"],
        3,
        "no duplicates, then live"
    );
}

#[tokio::test]
async fn oversized_frames_close_the_socket_with_1009() {
    let gw = spawn_app(gateway::service(Some(gateway_settings(&[(
        "WS_MAX_FRAME_BYTES",
        "1024",
    )]))))
    .await;
    let mut socket = connect(&gw, Uuid::new_v4()).await;
    socket.send(Message::text("x".repeat(4096))).await.unwrap();
    let close = next_close(&mut socket).await;
    assert_eq!(close.unwrap().code, CloseCode::Size);
}

#[tokio::test]
async fn a_client_that_cannot_keep_up_is_closed_with_1013() {
    let gw = spawn_app(gateway::service(Some(gateway_settings(&[(
        "WS_OUTBOUND_QUEUE",
        "4",
    )]))))
    .await;
    let user = Uuid::new_v4();
    let mut socket = connect(&gw, user).await;
    send(
        &mut socket,
        json!({ "op": "subscribe", "topic": format!("user:{user}") }),
    )
    .await;
    next_op(&mut socket, "subscribed").await;
    // Stop reading while a flood far larger than the socket buffers is published.
    let big = "y".repeat(16 * 1024);
    for _ in 0..1500 {
        gw.context
            .events
            .publish(&Topic::user(user), "flood", &json!({ "pad": big }))
            .await
            .unwrap();
    }
    let mut closed_with = None;
    while let Ok(Some(msg)) = tokio::time::timeout(Duration::from_secs(15), socket.next()).await {
        match msg {
            Ok(Message::Close(frame)) => {
                closed_with = frame.map(|f| f.code);
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert_eq!(closed_with, Some(CloseCode::Again));
}

#[tokio::test]
async fn sockets_survive_a_redis_restart_and_events_flow_again() {
    let mut redis_server = RedisProcess::start().await;
    let url = redis_server.url();
    let gw = spawn_app_with(gateway::service(Some(gateway_settings(&[]))), |s| {
        s.redis.url = url.clone().into();
        s.redis.timeout = Duration::from_millis(500);
    })
    .await;
    let user = Uuid::new_v4();
    let mut socket = connect(&gw, user).await;
    send(
        &mut socket,
        json!({ "op": "subscribe", "topic": format!("user:{user}") }),
    )
    .await;
    next_op(&mut socket, "subscribed").await;

    redis_server.stop();
    tokio::time::sleep(Duration::from_millis(500)).await;
    redis_server.restart().await;

    // Publish until the resubscribed fan-out delivers; the socket itself never closed.
    let topic = Topic::user(user);
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let _ = gw
            .context
            .events
            .publish(&topic, "after_restart", &json!({}))
            .await;
        match tokio::time::timeout(Duration::from_millis(500), socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) if text.contains("after_restart") => break,
            Ok(Some(Ok(Message::Close(_)))) | Ok(None) => panic!("socket closed"),
            _ => assert!(
                std::time::Instant::now() < deadline,
                "events never flowed again"
            ),
        }
    }
}

#[tokio::test]
async fn clients_on_two_gateways_receive_each_others_relays() {
    let first = gateway_to("http://127.0.0.1:1", &[]).await;
    let prefix = first.redis.prefix().to_owned();
    let jwks = first.auth.jwks_url();
    let second = spawn_app_with(gateway::service(Some(gateway_settings(&[]))), |s| {
        s.redis.prefix = prefix.clone();
        s.jwt.jwks_url = url::Url::parse(&jwks).unwrap();
    })
    .await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    make_member(&first, "room:TWOGW2", alice, &["player_state"]).await;
    make_member(&first, "room:TWOGW2", bob, &["player_state"]).await;
    let mut a = connect(&first, alice).await;
    // Tokens from the first gateway's keys are valid on the second (same JWKS).
    let token = first.auth.token_for(bob);
    let (mut b, _) = tokio_tungstenite::connect_async(format!(
        "ws://127.0.0.1:{}/ws?token={token}",
        second.port
    ))
    .await
    .unwrap();
    next_op(&mut b, "welcome").await;
    for socket in [&mut a, &mut b] {
        send(socket, json!({ "op": "subscribe", "topic": "room:TWOGW2" })).await;
        next_op(socket, "subscribed").await;
    }
    send(
        &mut a,
        json!({ "op": "send", "topic": "room:TWOGW2", "type": "player_state", "data": { "x": 5 } }),
    )
    .await;
    assert_eq!(
        next_op(&mut b, "event").await["data"]["sender_id"],
        alice.to_string()
    );
    send(
        &mut b,
        json!({ "op": "send", "topic": "room:TWOGW2", "type": "player_state", "data": { "x": 6 } }),
    )
    .await;
    let mut got = next_op(&mut a, "event").await;
    if got["data"]["x"] == 5 {
        got = next_op(&mut a, "event").await;
    }
    assert_eq!(got["data"]["sender_id"], bob.to_string());
}
