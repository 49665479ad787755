//! Room events go through the outbox: a change made while Redis is unreachable commits, and its
//! event is published once when Redis is back.

use std::time::{Duration, Instant};

use common::ServiceName;
use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::faults::{FaultyLink, LinkMode};
use testkit::spawn_app_with;
use uuid::Uuid;

use crate::helpers::{Stack, settings};

/// A room service whose Redis connections go through `link`, with a real inventory.
async fn room_behind(link: &FaultyLink) -> Stack {
    let inv_settings = inventory::InventorySettings {
        fetch_usernames: false,
        ..inventory::InventorySettings::default()
    };
    let inv = spawn_app_with(inventory::service(Some(inv_settings)), |_| {}).await;
    let prefix = inv.context.settings.redis.prefix.clone();
    let jwks = inv.context.settings.jwt.jwks_url.clone();
    let inv_url = url::Url::parse(&inv.address).unwrap();
    let redis_url = format!("redis://{}/", link.addr());
    let room = spawn_app_with(room::service(Some(settings())), move |s| {
        s.redis.url = redis_url.into();
        s.redis.timeout = Duration::from_millis(300);
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers[ServiceName::Inventory.index()] = inv_url;
    })
    .await;
    Stack {
        room,
        inventory: Some(inv),
        http: reqwest::Client::new(),
    }
}

/// The `object_placed` events on `room:{code}` (read past the link, from Redis itself).
async fn placed_events(app: &Stack, code: &str) -> Vec<Value> {
    let topic = contracts::Topic::room(code).unwrap();
    let stream = app.room.context.redis.keys().stream(topic.as_str());
    let mut conn = app.room.redis.conn().await;
    let entries: Vec<(String, Vec<(String, String)>)> = redis::cmd("XRANGE")
        .arg(stream)
        .arg("-")
        .arg("+")
        .query_async(&mut conn)
        .await
        .unwrap();
    entries
        .into_iter()
        .flat_map(|(_, fields)| fields.into_iter().map(|(_, body)| body))
        // Stored without the envelope's opening brace and id (`events.rs`).
        .map(|body| serde_json::from_str::<Value>(&format!("{{{body}")).unwrap())
        .filter(|e| e["type"] == "object_placed")
        .collect()
}

#[tokio::test]
async fn an_object_placed_while_redis_is_cut_is_announced_once_when_it_is_back() {
    let upstream = url::Url::parse(&testkit::redis_url()).unwrap();
    let addr = upstream.socket_addrs(|| Some(6379)).unwrap()[0];
    let link = FaultyLink::start(addr).await;
    let app = room_behind(&link).await;
    let owner = Uuid::new_v4();
    let chair = app.grant_furniture(owner, "furniture_chair", 1).await;
    let room = app.create(owner, json!({ "kind": "space" })).await;
    let code = room["code"].as_str().unwrap().to_owned();

    link.set(LinkMode::Refuse);
    let res = app
        .http
        .post(app.room.url(&format!("/api/rooms/{code}/objects")))
        .bearer_auth(app.token(owner))
        .header("Idempotency-Key", "cut")
        .json(&json!({ "inventory_item_id": chair, "x": 5, "y": 5 }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "committed without Redis");
    let placed: Value = res.json().await.unwrap();
    let object_id = placed["object_id"].clone();
    let objects: Value = app
        .get(&format!("/api/rooms/{code}/objects"), owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(objects[0]["id"], object_id, "the object is in the room");
    // Past a few relay retries: nothing went out while Redis was unreachable.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(placed_events(&app, &code).await.is_empty());

    link.set(LinkMode::Up);
    let deadline = Instant::now() + Duration::from_secs(10);
    while placed_events(&app, &code).await.is_empty() {
        assert!(Instant::now() < deadline, "object_placed never published");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Several relay sweeps later, still one.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let events = placed_events(&app, &code).await;
    assert_eq!(events.len(), 1, "published once: {events:?}");
    assert_eq!(events[0]["data"]["object"]["id"], object_id);
}
