//! Transient relays (issue 26): `player_state`, `enemy_state` and `update_position` are
//! published in batches without the replay stream; other relayable types keep being stored
//! and replayed; the latest remembered state always lands.

use std::time::Duration;

use common::relay::{REMEMBER_EVERY, Relay};
use contracts::Topic;
use serde_json::json;
use uuid::Uuid;

use crate::ws::{connect, gateway, make_member, next_op, send};

#[tokio::test]
async fn transient_relays_are_delivered_live_but_never_replayed() {
    let gw = gateway().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let topic = Topic::parse("room:TRANS1").unwrap();
    make_member(&gw, topic.as_str(), alice, &["player_state", "emote"]).await;
    make_member(&gw, topic.as_str(), bob, &[]).await;
    let mut a = connect(&gw, alice).await;
    let mut b = connect(&gw, bob).await;
    for socket in [&mut a, &mut b] {
        send(
            socket,
            json!({ "op": "subscribe", "topic": topic.as_str() }),
        )
        .await;
        next_op(socket, "subscribed").await;
    }
    let mark = gw
        .context
        .events
        .publish(&topic, "marker", &json!({}))
        .await
        .unwrap();
    assert_eq!(next_op(&mut b, "event").await["type"], "marker");

    // Several states in a row: each is delivered, in order, without waiting for the last.
    for x in 0..20 {
        send(&mut a, json!({ "op": "send", "topic": topic.as_str(), "type": "player_state", "data": { "x": x } })).await;
    }
    send(
        &mut a,
        json!({ "op": "send", "topic": topic.as_str(), "type": "emote", "data": { "e": "wave" } }),
    )
    .await;
    for x in 0..20 {
        let state = next_op(&mut b, "event").await;
        assert_eq!(
            (state["type"].as_str(), state["data"]["x"].as_i64()),
            (Some("player_state"), Some(x))
        );
        assert_eq!(state["data"]["sender_id"], alice.to_string());
        assert!(
            state["id"].as_str().is_some_and(|id| id.ends_with("-0")),
            "{state}"
        );
    }
    assert_eq!(next_op(&mut b, "event").await["type"], "emote");

    // A late subscriber replaying from the marker gets the stored relay only.
    let mut late = connect(&gw, bob).await;
    send(
        &mut late,
        json!({ "op": "subscribe", "topic": topic.as_str(), "since": mark }),
    )
    .await;
    assert_eq!(next_op(&mut late, "subscribed").await["replayed"], 1);
    let replayed = next_op(&mut late, "event").await;
    assert_eq!(
        (replayed["type"].as_str(), replayed["data"]["e"].as_str()),
        (Some("emote"), Some("wave"))
    );
}

async fn hget(conn: &mut redis::aio::MultiplexedConnection, key: &str) -> Option<String> {
    redis::cmd("HGET")
        .arg(key)
        .arg("p1")
        .query_async(conn)
        .await
        .unwrap()
}

/// Waits until the field holds `want`.
async fn lands(conn: &mut redis::aio::MultiplexedConnection, key: &str, want: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while hget(conn, key).await.as_deref() != Some(want) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{want} never landed"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn the_latest_remembered_state_is_written_even_when_it_ends_a_burst() {
    let gw = gateway().await;
    let relay = Relay::new(gw.context.redis.clone());
    let suffix = "topic:states:room:LATEST";
    let key = gw.context.redis.keys().key(suffix);
    let mut conn = gw.redis.conn().await;
    relay.remember(suffix, "p1", "0".to_owned()).unwrap();
    lands(&mut conn, &key, "0").await;
    // A burst is coalesced (at most one write per REMEMBER_EVERY), and its last value lands.
    for i in 1..=50 {
        relay.remember(suffix, "p1", i.to_string()).unwrap();
        tokio::time::sleep(REMEMBER_EVERY / 25).await;
    }
    lands(&mut conn, &key, "50").await;
}
