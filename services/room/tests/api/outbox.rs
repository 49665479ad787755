//! Room events go through the outbox: changes made while Redis is unreachable commit, and
//! their events are published once when Redis is back.

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::ServiceName;
use room::app::rooms::{self, Entry};
use room::app::{base, placement};
use room::domain::RoomCode;
use room::state::AppState;
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

/// The events of type `kind` on `room:{code}` (read past the link, from Redis itself).
async fn events_of(app: &Stack, code: &str, kind: &str) -> Vec<Value> {
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
        .filter(|e| e["type"] == kind)
        .collect()
}

/// Polls until `room:{code}` has an event of type `kind` (10 s at most).
async fn until_published(app: &Stack, code: &str, kind: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while events_of(app, code, kind).await.is_empty() {
        assert!(Instant::now() < deadline, "{kind} never published");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// Every request is authenticated through Redis (revocations), so with Redis cut the changes
// are made by calling the service's functions with a state built on the app's context: the
// same pool, relay and Redis link a request would use.
#[tokio::test]
async fn a_join_and_an_object_placed_while_redis_is_cut_commit_and_are_announced_once_after() {
    let upstream = url::Url::parse(&testkit::redis_url()).unwrap();
    let addr = upstream.socket_addrs(|| Some(6379)).unwrap()[0];
    let link = FaultyLink::start(addr).await;
    let app = room_behind(&link).await;
    let state = AppState::build(&app.room.context, Arc::new(settings())).unwrap();
    let (owner, guest) = (Uuid::new_v4(), Uuid::new_v4());
    let chair = app.grant_furniture(owner, "furniture_chair", 1).await;
    let room = app.create(owner, json!({ "kind": "space" })).await;
    let code = RoomCode::parse(room["code"].as_str().unwrap()).unwrap();
    let code_str = code.as_str();
    let joins_before = events_of(&app, code_str, "player_joined").await.len();

    link.set(LinkMode::Refuse);
    let (object, fresh) = placement::place_object(&state, owner, &code, chair, 5, 5, 0.0, "cut")
        .await
        .unwrap();
    assert!(fresh, "placed without Redis");
    // The join commits and is answered, although the Redis member set cannot be written.
    let joined = rooms::join(&state, guest, &code, Entry::default())
        .await
        .unwrap();
    assert!(joined.newly);
    assert_eq!(joined.event_id, None, "not published while Redis is cut");
    let mut conn = state.conn().await.unwrap();
    let view = base::load(&mut conn, &code).await.unwrap();
    drop(conn);
    assert!(view.member(guest).is_some(), "the join committed");
    // Past a few relay retries: nothing went out while Redis was unreachable.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(events_of(&app, code_str, "object_placed").await.is_empty());
    assert_eq!(
        events_of(&app, code_str, "player_joined").await.len(),
        joins_before
    );

    link.set(LinkMode::Up);
    until_published(&app, code_str, "object_placed").await;
    until_published(&app, code_str, "player_joined").await;
    // Several relay sweeps later (two relays run: the app's and this state's), still once each.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let placed = events_of(&app, code_str, "object_placed").await;
    assert_eq!(placed.len(), 1, "published once: {placed:?}");
    assert_eq!(placed[0]["data"]["id"], json!(object.id));
    let joins = events_of(&app, code_str, "player_joined").await;
    assert_eq!(joins.len(), joins_before + 1, "published once: {joins:?}");
    assert_eq!(joins[joins_before]["data"]["user_id"], json!(guest));
    // The member's next join writes the member set the first one could not.
    let again = rooms::join(&state, guest, &code, Entry::default())
        .await
        .unwrap();
    assert!(!again.newly);
    let members: Vec<String> = {
        let mut conn = app.room.redis.conn().await;
        redis::cmd("SMEMBERS")
            .arg(
                app.room
                    .context
                    .redis
                    .keys()
                    .key(&contracts::events::members_key(
                        &contracts::Topic::room(code_str).unwrap(),
                    )),
            )
            .query_async(&mut conn)
            .await
            .unwrap()
    };
    assert!(members.contains(&guest.to_string()), "{members:?}");
}

#[tokio::test]
async fn a_join_answers_with_the_event_id_its_player_joined_was_published_with() {
    let app = crate::helpers::spawn().await;
    let (host, guest) = (Uuid::new_v4(), Uuid::new_v4());
    let room = app.create(host, json!({ "kind": "coop" })).await;
    let code = room["code"].as_str().unwrap();
    let joined = app
        .act(guest, "join_room", json!({ "room_id": code }))
        .await;
    let topic = contracts::Topic::room(code).unwrap();
    let stream = app
        .room
        .context
        .events
        .replay(&topic, "0", 50)
        .await
        .unwrap();
    let ids: Vec<(String, String, Value)> = stream
        .iter()
        .map(|e| serde_json::from_str::<Value>(e).unwrap())
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_owned(),
                e["type"].as_str().unwrap().to_owned(),
                e["data"]["user_id"].clone(),
            )
        })
        .collect();
    let guest_joined = ids
        .iter()
        .find(|(_, kind, user)| kind == "player_joined" && *user == json!(guest))
        .unwrap_or_else(|| panic!("no player_joined for the guest: {ids:?}"));
    assert_eq!(joined["event_id"], json!(guest_joined.0));
}
