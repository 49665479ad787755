//! Publishing: one round trip writes the stream and the channel; replay; the subscriber
//! reconnecting by itself.

use std::time::Duration;

use common::events::Events;
use common::redis::{Redis, Subscriber, message_of};
use common::settings::{RedisSettings, Settings};
use contracts::{Envelope, ServiceName, Topic};
use testkit::TestRedis;
use tokio::sync::mpsc::UnboundedReceiver;

fn settings_for(redis: &TestRedis) -> RedisSettings {
    let mut settings = Settings::load(ServiceName::Room, &std::collections::BTreeMap::new())
        .unwrap()
        .redis;
    settings.url = redis.url().to_owned().into();
    settings.prefix = redis.prefix().to_owned();
    settings.stream_maxlen = 50;
    settings
}

async fn next_message(rx: &mut UnboundedReceiver<common::redis::PushInfo>) -> (String, Envelope) {
    loop {
        let push = tokio::time::timeout(Duration::from_secs(10), rx.recv())
            .await
            .expect("a message within 10 s")
            .expect("subscriber alive");
        if let Some((channel, payload)) = message_of(&push) {
            return (channel.to_owned(), serde_json::from_slice(payload).unwrap());
        }
    }
}

#[tokio::test]
async fn published_events_reach_pattern_subscribers_with_the_stream_id() {
    let test_redis = TestRedis::new();
    let settings = settings_for(&test_redis);
    let redis = Redis::new(&settings).unwrap();
    let events = Events::new(redis.clone(), &settings);
    let (mut sub, mut rx) = Subscriber::connect(&settings).await.unwrap();
    sub.psubscribe(&redis.keys().channel_pattern())
        .await
        .unwrap();

    let topic = Topic::room("ABC123").unwrap();
    let id = events
        .publish(
            &topic,
            "player_joined",
            &serde_json::json!({ "user": "u1" }),
        )
        .await
        .unwrap();
    let (channel, envelope) = next_message(&mut rx).await;
    assert_eq!(redis.keys().topic_of_channel(&channel), Some("room:ABC123"));
    assert_eq!(envelope.id, id);
    assert_eq!(envelope.topic, "room:ABC123");
    assert_eq!(envelope.kind, "player_joined");
    assert_eq!(envelope.data["user"], "u1");
    assert!(envelope.ts > 0);
    // Nothing escapes the test's prefix.
    assert!(
        test_redis
            .keys()
            .await
            .iter()
            .all(|k| k.starts_with(test_redis.prefix()))
    );
}

#[tokio::test]
async fn replay_returns_what_came_after_an_id_and_the_stream_is_capped() {
    let test_redis = TestRedis::new();
    let settings = settings_for(&test_redis);
    let events = Events::new(Redis::new(&settings).unwrap(), &settings);
    let topic = Topic::battle("42").unwrap();
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(events.publish(&topic, "tick", &i).await.unwrap());
    }
    let missed = events.replay(&topic, &ids[1], 100).await.unwrap();
    let missed: Vec<Envelope> = missed
        .iter()
        .map(|j| serde_json::from_str(j).unwrap())
        .collect();
    assert_eq!(
        missed.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        ids[2..].to_vec()
    );
    assert_eq!(missed[0].data, 2);
    assert!(events.replay(&topic, "not-an-id", 10).await.is_err());

    for i in 0..500 {
        events.publish(&topic, "tick", &i).await.unwrap();
    }
    let mut conn = test_redis.conn().await;
    let len: usize = redis::cmd("XLEN")
        .arg(format!("{}evs:battle:42", test_redis.prefix()))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(
        len < 200,
        "stream is trimmed to about EVENT_STREAM_MAXLEN, was {len}"
    );
    let ttl: i64 = redis::cmd("TTL")
        .arg(format!("{}evs:battle:42", test_redis.prefix()))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(ttl > 0, "streams expire when a topic goes quiet");
}

#[tokio::test]
async fn the_subscriber_resubscribes_after_its_connection_is_killed() {
    let test_redis = TestRedis::new();
    let settings = settings_for(&test_redis);
    let redis = Redis::new(&settings).unwrap();
    let events = Events::new(redis.clone(), &settings);
    let (mut sub, mut rx) = Subscriber::connect(&settings).await.unwrap();
    sub.psubscribe(&redis.keys().channel_pattern())
        .await
        .unwrap();
    let client_id = sub.client_id().await.unwrap();

    let mut conn = test_redis.conn().await;
    let killed: i64 = redis::cmd("CLIENT")
        .arg("KILL")
        .arg("ID")
        .arg(client_id)
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(killed, 1);

    // Publish until the resubscribed connection hears one (reconnect takes a moment).
    let topic = Topic::global();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        events.publish(&topic, "after_restart", &1).await.unwrap();
        match tokio::time::timeout(Duration::from_millis(300), rx.recv()).await {
            Ok(Some(push)) if message_of(&push).is_some() => break,
            _ => assert!(std::time::Instant::now() < deadline, "never resubscribed"),
        }
    }
}

#[tokio::test]
async fn pooled_connections_wait_for_answers_as_long_as_redis_timeout_ms_says() {
    let test_redis = TestRedis::new();
    let mut settings = settings_for(&test_redis);
    settings.timeout = Duration::from_millis(2000);
    let redis = Redis::new(&settings).unwrap();
    let mut conn = redis.conn().await.unwrap();
    // BLPOP blocks only this client; the client library's own default would give up at 500 ms.
    let popped: Option<(String, String)> = redis::cmd("BLPOP")
        .arg(redis.keys().key("never-filled"))
        .arg(0.8)
        .query_async(&mut conn)
        .await
        .expect("an answer after 800 ms is within REDIS_TIMEOUT_MS");
    assert_eq!(popped, None);

    settings.timeout = Duration::from_millis(200);
    let impatient = Redis::new(&settings).unwrap();
    let mut conn = impatient.conn().await.unwrap();
    let late: redis::RedisResult<Option<(String, String)>> = redis::cmd("BLPOP")
        .arg(impatient.keys().key("never-filled"))
        .arg(0.8)
        .query_async(&mut conn)
        .await;
    assert!(late.is_err(), "a 200 ms timeout must not wait 800 ms");
}
