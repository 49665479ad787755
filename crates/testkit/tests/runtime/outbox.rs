//! The transactional outbox: what a transaction enqueues is published once it commits (and
//! only then), exactly once per row however the relay is interrupted, and in order per topic
//! with several relays draining one database.

use std::time::Duration;

use common::db::{DbPool, build_pool, quick_settings};
use common::events::{Events, StoredEvent};
use common::outbox::{self, MIGRATION_SQL, Outbox};
use common::redis::Redis;
use common::settings::{RedisSettings, Settings};
use common::worker::Workers;
use contracts::{Envelope, ServiceName, Topic};
use diesel_async::AsyncConnection;
use testkit::faults::{FaultyLink, LinkMode};
use testkit::{TestDb, TestRedis};

use crate::support::MIGRATIONS;

struct Fixture {
    _db: TestDb,
    redis: TestRedis,
    pool: DbPool,
    settings: RedisSettings,
}

impl Fixture {
    async fn new() -> Self {
        let db = TestDb::new("runtime", Some(MIGRATIONS)).await;
        db.exec(MIGRATION_SQL).await;
        let redis = TestRedis::new();
        let mut settings = Settings::load(ServiceName::Room, &std::collections::BTreeMap::new())
            .unwrap()
            .redis;
        settings.url = redis.url().to_owned().into();
        settings.prefix = redis.prefix().to_owned();
        settings.timeout = Duration::from_millis(300);
        let pool = build_pool(&quick_settings(db.url(), 4), "outbox-test").unwrap();
        Fixture {
            _db: db,
            redis,
            pool,
            settings,
        }
    }

    fn events_via(&self, url: &str) -> Events {
        let mut settings = self.settings.clone();
        settings.url = url.to_owned().into();
        Events::new(Redis::new(&settings).unwrap(), &settings)
    }

    fn events(&self) -> Events {
        self.events_via(self.redis.url())
    }

    fn relay(&self, events: Events) -> Outbox {
        let pool = build_pool(&quick_settings(self._db.url(), 2), "outbox-relay").unwrap();
        Outbox::new(pool, events, "room")
    }

    /// Commits `n` events of type `tick` numbered from `first` on `topic` in one transaction.
    async fn commit(&self, topic: &Topic, first: u32, n: u32) {
        let mut conn = self.pool.get().await.unwrap();
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            for i in first..first + n {
                outbox::enqueue(conn, topic, "tick", &i).await?;
            }
            Ok(())
        })
        .await
        .unwrap();
    }

    /// The topic's stream, read directly (not through any link under test).
    async fn stream(&self, topic: &Topic) -> Vec<Envelope> {
        let events = self.events();
        events
            .replay(topic, "0", 500)
            .await
            .unwrap()
            .iter()
            .map(|json| serde_json::from_str(json).unwrap())
            .collect()
    }

    async fn wait_for(&self, topic: &Topic, n: usize) -> Vec<Envelope> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            let got = self.stream(topic).await;
            if got.len() >= n || tokio::time::Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn outbox_len(&self) -> i64 {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = self.pool.get().await.unwrap();
        outbox::event_outbox::table
            .count()
            .get_result(&mut conn)
            .await
            .unwrap()
    }
}

fn numbers(stream: &[Envelope]) -> Vec<u64> {
    stream.iter().map(|e| e.data.as_u64().unwrap()).collect()
}

#[tokio::test]
async fn only_committed_events_are_published() {
    let f = Fixture::new().await;
    let topic = Topic::room("ABC123").unwrap();
    let mut conn = f.pool.get().await.unwrap();
    let rolled_back = conn
        .transaction::<(), diesel::result::Error, _>(async |conn| {
            outbox::enqueue(conn, &topic, "tick", &0).await?;
            Err(diesel::result::Error::RollbackTransaction)
        })
        .await;
    assert!(rolled_back.is_err());
    f.commit(&topic, 1, 1).await;

    let relay = f.relay(f.events());
    assert_eq!(relay.drain().await.unwrap(), 1);

    let stream = f.stream(&topic).await;
    assert_eq!(numbers(&stream), [1]);
    assert_eq!(stream[0].kind, "tick");
    assert_eq!(stream[0].topic, "room:ABC123");
    assert!(stream[0].ts > 0);
    assert_eq!(f.outbox_len().await, 0);
}

#[tokio::test]
async fn events_committed_while_no_relay_runs_are_published_once_it_starts() {
    let f = Fixture::new().await;
    let topic = Topic::room("ABC123").unwrap();
    // The process that committed these died before publishing anything.
    f.commit(&topic, 0, 3).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(f.stream(&topic).await.is_empty());

    let workers = Workers::new();
    f.relay(f.events()).start(&workers);
    let stream = f.wait_for(&topic, 3).await;
    assert_eq!(numbers(&stream), [0, 1, 2]);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(f.stream(&topic).await.len(), 3, "published again");
    assert_eq!(f.outbox_len().await, 0);
    workers.shutdown(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn a_row_published_again_keeps_its_first_id_and_is_not_appended_twice() {
    let f = Fixture::new().await;
    let events = f.events();
    let topic = Topic::room("ABC123").unwrap();
    let body = Events::envelope_body(topic.as_str(), "tick", &7).unwrap();
    let stored = [StoredEvent {
        dedupe: "room:41",
        topic: topic.as_str(),
        body: &body,
    }];
    let first = events
        .publish_stored(&stored, Duration::from_secs(60))
        .await
        .unwrap();
    let again = events
        .publish_stored(&stored, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(first, again);
    let stream = f.stream(&topic).await;
    assert_eq!(stream.len(), 1);
    assert_eq!(stream[0].id, first[0]);

    // A relay that published a batch and died before deleting it: the next pass republishes
    // the same rows, which must not reach the stream a second time.
    f.commit(&topic, 0, 2).await;
    let rows = {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = f.pool.get().await.unwrap();
        outbox::event_outbox::table
            .select((outbox::event_outbox::id, outbox::event_outbox::body))
            .order(outbox::event_outbox::id.asc())
            .load::<(i64, String)>(&mut conn)
            .await
            .unwrap()
    };
    // The relay's key: service, the database's oid, the row id.
    #[derive(diesel::QueryableByName)]
    struct Oid {
        #[diesel(sql_type = diesel::sql_types::Oid)]
        oid: u32,
    }
    let Oid { oid } = {
        use diesel_async::RunQueryDsl;
        let mut conn = f.pool.get().await.unwrap();
        diesel::sql_query("SELECT oid FROM pg_database WHERE datname = current_database()")
            .get_result::<Oid>(&mut conn)
            .await
            .unwrap()
    };
    let keys: Vec<String> = rows
        .iter()
        .map(|(id, _)| format!("room:{oid}:{id}"))
        .collect();
    let crashed: Vec<StoredEvent<'_>> = rows
        .iter()
        .zip(&keys)
        .map(|((_, body), key)| StoredEvent {
            dedupe: key,
            topic: topic.as_str(),
            body,
        })
        .collect();
    let crashed_ids = events
        .publish_stored(&crashed, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(f.relay(f.events()).drain().await.unwrap(), 2);
    let stream = f.stream(&topic).await;
    assert_eq!(numbers(&stream), [7, 0, 1]);
    assert_eq!(
        stream[1..].iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        crashed_ids
    );
}

#[tokio::test]
async fn a_flush_returns_once_what_was_committed_before_it_is_published() {
    let f = Fixture::new().await;
    let topic = Topic::room("ABC123").unwrap();
    let idle = f.relay(f.events());
    f.commit(&topic, 0, 1).await;
    // Not running: the flush gives up in time and the event waits.
    assert!(!idle.flush(Duration::from_millis(100)).await);
    assert!(f.stream(&topic).await.is_empty());

    let workers = Workers::new();
    let relay = f.relay(f.events());
    relay.start(&workers);
    for i in 1..20 {
        f.commit(&topic, i, 1).await;
        assert!(relay.flush(Duration::from_secs(5)).await);
        // No waiting: the flush already saw it published.
        assert_eq!(f.stream(&topic).await.len(), i as usize + 1);
    }
    workers.shutdown(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn flush_ids_gives_the_stream_ids_the_rows_were_published_with() {
    let f = Fixture::new().await;
    let topic = Topic::room("ABC123").unwrap();
    let mut conn = f.pool.get().await.unwrap();
    let rows = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            let first = outbox::enqueue_id(conn, &topic, "tick", &0).await?;
            let more = outbox::enqueue_all(
                conn,
                &[
                    outbox::NewEvent::new(&topic, "tick", &1)?,
                    outbox::NewEvent::new(&topic, "tick", &2)?,
                ],
            )
            .await?;
            Ok([vec![first], more].concat())
        })
        .await
        .unwrap();
    drop(conn);
    assert_eq!(rows.len(), 3);
    // Not running: nothing published in time, no ids.
    let idle = f.relay(f.events());
    assert_eq!(
        idle.flush_ids(&rows, Duration::from_millis(100)).await,
        [None, None, None]
    );

    let workers = Workers::new();
    let relay = f.relay(f.events());
    relay.start(&workers);
    let ids = relay.flush_ids(&rows, Duration::from_secs(5)).await;
    let stream = f.stream(&topic).await;
    assert_eq!(numbers(&stream), [0, 1, 2]);
    let published: Vec<Option<String>> = stream.into_iter().map(|e| Some(e.id)).collect();
    assert_eq!(ids, published);
    workers.shutdown(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn two_relays_racing_publish_each_event_once_and_in_order_per_topic() {
    let f = Fixture::new().await;
    let topics = [
        Topic::room("AAAAAA").unwrap(),
        Topic::room("BBBBBB").unwrap(),
    ];
    let workers = Workers::new();
    let relays = [f.relay(f.events()), f.relay(f.events())];
    for relay in &relays {
        relay.start(&workers);
    }
    // One writer per topic, committing one or two events at a time and waking either relay.
    let writers = topics.iter().enumerate().map(|(w, topic)| {
        let f = &f;
        let relays = &relays;
        async move {
            let mut next = 0;
            for round in 0..40u32 {
                let n = 1 + round % 2;
                f.commit(topic, next, n).await;
                next += n;
                relays[(round as usize + w) % 2].wake();
            }
            next
        }
    });
    let written = futures_util::future::join_all(writers).await;
    for (topic, n) in topics.iter().zip(written) {
        let stream = f.wait_for(topic, n as usize).await;
        let expected: Vec<u64> = (0..u64::from(n)).collect();
        assert_eq!(numbers(&stream), expected, "{topic:?}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    for topic in &topics {
        assert_eq!(f.stream(topic).await.len(), 60, "published again");
    }
    assert_eq!(f.outbox_len().await, 0);
    workers.shutdown(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn events_made_while_redis_is_unreachable_arrive_once_after_it_is_back() {
    let f = Fixture::new().await;
    let upstream: url::Url = f.redis.url().parse().unwrap();
    let addr = tokio::net::lookup_host((
        upstream.host_str().unwrap(),
        upstream.port().unwrap_or(6379),
    ))
    .await
    .unwrap()
    .next()
    .unwrap();
    let link = FaultyLink::start(addr).await;
    let workers = Workers::new();
    let relay = f.relay(f.events_via(&format!("redis://{}/", link.addr())));
    relay.start(&workers);
    let topic = Topic::room("ABC123").unwrap();

    // Redis unreachable: the changes commit all the same and their events wait.
    link.set(LinkMode::Refuse);
    f.commit(&topic, 0, 1).await;
    relay.wake();
    f.commit(&topic, 1, 1).await;
    relay.wake();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(f.stream(&topic).await.is_empty());
    assert_eq!(f.outbox_len().await, 2);

    link.set(LinkMode::Up);
    let after = f.wait_for(&topic, 2).await;
    assert_eq!(numbers(&after), [0, 1]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        f.stream(&topic).await.len(),
        2,
        "an event was published twice"
    );
    assert_eq!(f.outbox_len().await, 0);
    workers.shutdown(Duration::from_secs(5)).await;
}

/// Outbox ids restart in a recreated database, but Redis (and its dedupe keys) lives on: a
/// second database's row 1 must not be taken for the first's and dropped (the browser tests
/// lost every room event after the stack's databases were reset).
#[tokio::test]
async fn a_recreated_database_reusing_outbox_ids_still_publishes_its_events() {
    let first = Fixture::new().await;
    let second = Fixture::new().await;
    let topic = Topic::room("OUTBX2").unwrap();
    first.commit(&topic, 1, 2).await;
    assert_eq!(first.relay(first.events()).drain().await.unwrap(), 2);
    assert_eq!(numbers(&first.wait_for(&topic, 2).await), vec![1, 2]);

    // The same Redis namespace, another database whose rows are numbered from 1 again.
    let pool = build_pool(&quick_settings(second._db.url(), 2), "outbox-relay-2").unwrap();
    let again = Outbox::new(pool, first.events(), "room");
    let mut conn = second.pool.get().await.unwrap();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        outbox::enqueue(conn, &topic, "tick", &3u32).await?;
        outbox::enqueue(conn, &topic, "tick", &4u32).await
    })
    .await
    .unwrap();
    assert_eq!(again.drain().await.unwrap(), 2);
    assert_eq!(numbers(&first.wait_for(&topic, 4).await), vec![1, 2, 3, 4]);
}
