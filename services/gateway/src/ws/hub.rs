//! Fan-out: one pattern subscription per gateway instance; each event is turned into its frame
//! once and the same bytes are queued to every local subscriber of its topic. A subscriber
//! whose bounded queue is full is told to close instead of being buffered without bound.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Duration;

use actix_web::web::Bytes;
use common::events::{Events, MAX_REPLAY};
use common::redis::{PushKind, Subscriber, message_of};
use common::settings::RedisSettings;
use contracts::Topic;
use tokio::sync::{Notify, mpsc};

use super::protocol::{StreamId, envelope_id, event_frame};

/// One event ready to write: shared by every subscriber.
pub struct Delivery {
    /// The topic it belongs to.
    pub topic: Arc<str>,
    /// Its stream id, for skipping what a replay already sent; `None` for a relay, which is
    /// never stored nor replayed.
    pub id: Option<StreamId>,
    /// The relaying user, for a relay (dialects skip a sender's own relays by it).
    pub sender: Option<uuid::Uuid>,
    /// The `event` frame (UTF-8 JSON).
    pub frame: Bytes,
    /// A dialect's translation of the frame, made once for every subscriber (only the
    /// JumpJumpJump dialect translates, its state relays).
    pub translated: OnceLock<Option<Bytes>>,
}

/// A connection as the hub sees it.
pub struct ConnHandle {
    /// Its outbound queue.
    pub tx: mpsc::Sender<Arc<Delivery>>,
    /// Notified when the queue overflowed: the connection must close.
    pub overflowed: Notify,
}

/// A connection's side of the hub: its queue and overflow signal, made at its first
/// subscription (most idle connections never need them: about 900 bytes saved each).
#[derive(Default)]
pub struct Inbox {
    parts: Option<(Arc<ConnHandle>, mpsc::Receiver<Arc<Delivery>>)>,
}

/// What arrived in an [`Inbox`].
pub enum Inbound {
    /// An event to write.
    Delivery(Arc<Delivery>),
    /// The queue overflowed: the connection must close.
    Overflowed,
}

impl Inbox {
    /// The handle to register with the hub, made with room for `capacity` events the first
    /// time.
    pub fn handle(&mut self, capacity: usize) -> Arc<ConnHandle> {
        let (handle, _) = self.parts.get_or_insert_with(|| {
            let (tx, rx) = mpsc::channel(capacity);
            let handle = Arc::new(ConnHandle {
                tx,
                overflowed: Notify::new(),
            });
            (handle, rx)
        });
        handle.clone()
    }

    /// The next event, overflow first; never resolves before the first subscription.
    /// Cancel-safe.
    pub async fn next(&mut self) -> Inbound {
        let Some((handle, rx)) = &mut self.parts else {
            return std::future::pending().await;
        };
        tokio::select! {
            biased;
            () = handle.overflowed.notified() => Inbound::Overflowed,
            // `None` cannot happen: the handle keeps a sender.
            Some(delivery) = rx.recv() => Inbound::Delivery(delivery),
        }
    }

    /// An event already queued, if any.
    pub fn try_next(&mut self) -> Option<Arc<Delivery>> {
        self.parts.as_mut()?.1.try_recv().ok()
    }
}

/// The local subscribers of one topic, by connection id, and the newest stored event this
/// instance fanned out on it: after a lost Redis connection the gap since it is replayed, and
/// a live copy of an event the gap replay already sent is skipped.
#[derive(Default)]
struct Subscribers {
    conns: HashMap<u64, Arc<ConnHandle>>,
    last: Mutex<Option<StreamId>>,
}

/// Topic -> local subscribers.
#[derive(Default)]
pub struct Hub {
    topics: RwLock<HashMap<Arc<str>, Subscribers>>,
    next_conn: AtomicU64,
    delivered: AtomicU64,
}

impl Hub {
    /// A fresh connection id.
    pub fn next_conn_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Frames queued to clients since start (for metrics and benchmarks).
    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Relaxed)
    }

    /// Adds `conn` to `topic`'s subscribers.
    pub fn subscribe(&self, topic: Arc<str>, conn: u64, handle: Arc<ConnHandle>) {
        let mut topics = self.topics.write().unwrap_or_else(|p| p.into_inner());
        topics.entry(topic).or_default().conns.insert(conn, handle);
    }

    /// Removes `conn` from `topic`.
    pub fn unsubscribe(&self, topic: &str, conn: u64) {
        let mut topics = self.topics.write().unwrap_or_else(|p| p.into_inner());
        if let Some(subs) = topics.get_mut(topic) {
            subs.conns.remove(&conn);
            if subs.conns.is_empty() {
                topics.remove(topic);
            }
        }
    }

    /// Queues a published envelope to every local subscriber of its topic.
    pub fn dispatch(&self, topic: &str, envelope: &[u8]) {
        let topics = self.topics.read().unwrap_or_else(|p| p.into_inner());
        self.dispatch_to(&topics, topic, envelope, None);
    }

    /// Queues every relay of a batch (`common::relay`) to the local subscribers of its topic.
    pub fn dispatch_batch(&self, payload: &[u8]) {
        let topics = self.topics.read().unwrap_or_else(|p| p.into_inner());
        for (topic, sender, envelope) in common::relay::lines(payload) {
            let sender = sender.parse().ok();
            self.dispatch_to(&topics, topic, envelope, Some(sender));
        }
    }

    /// `relay` is `Some(sender)` for a batched relay.
    fn dispatch_to(
        &self,
        topics: &HashMap<Arc<str>, Subscribers>,
        topic: &str,
        envelope: &[u8],
        relay: Option<Option<uuid::Uuid>>,
    ) {
        let Some((topic, subs)) = topics.get_key_value(topic) else {
            return;
        };
        let id = envelope_id(envelope);
        let (Some(frame), true) = (event_frame(envelope), id.is_some()) else {
            tracing::warn!(topic = %topic, "dropping a malformed envelope");
            return;
        };
        let id = if relay.is_some() { None } else { id };
        if let Some(id) = id {
            // Stream ids grow per topic, and one task dispatches: an id at or below the newest
            // one sent is a copy the gap replay already delivered.
            let mut last = subs.last.lock().unwrap_or_else(|p| p.into_inner());
            if last.is_some_and(|last| id <= last) {
                return;
            }
            *last = Some(id);
        }
        let delivery = Arc::new(Delivery {
            topic: topic.clone(),
            id,
            sender: relay.flatten(),
            frame: Bytes::from(frame),
            translated: OnceLock::new(),
        });
        let mut sent = 0;
        for handle in subs.conns.values() {
            match handle.tx.try_send(delivery.clone()) {
                Ok(()) => sent += 1,
                Err(mpsc::error::TrySendError::Full(_)) => handle.overflowed.notify_one(),
                Err(mpsc::error::TrySendError::Closed(_)) => {}
            }
        }
        self.delivered.fetch_add(sent, Ordering::Relaxed);
    }
}

impl Hub {
    /// The topics with local subscribers and the newest stored event sent on each.
    fn cursors(&self) -> Vec<(Arc<str>, StreamId)> {
        let topics = self.topics.read().unwrap_or_else(|p| p.into_inner());
        topics
            .iter()
            .filter_map(|(topic, subs)| {
                let last = *subs.last.lock().unwrap_or_else(|p| p.into_inner());
                Some((topic.clone(), last?))
            })
            .collect()
    }

    /// Sends every local subscriber what was published on its topics while this instance's
    /// subscription was down (read back from the topics' streams), so an open socket misses
    /// nothing across a Redis restart. Called before any live message of the new
    /// subscription is dispatched; live copies of what it sent are then skipped.
    pub async fn fill_gaps(&self, events: &Events) {
        let mut filled = 0usize;
        for (name, last) in self.cursors() {
            let Ok(topic) = Topic::parse(&name) else {
                continue;
            };
            let since = format!("{}-{}", last.0, last.1);
            match events.replay(&topic, &since, MAX_REPLAY).await {
                Ok(missed) => {
                    filled += missed.len();
                    for envelope in missed {
                        self.dispatch(&name, envelope.as_bytes());
                    }
                }
                Err(e) => {
                    tracing::warn!(topic = %name, error = %format!("{e:#}"), "gap after resubscribing not replayed");
                }
            }
        }
        if filled > 0 {
            tracing::info!(
                events = filled,
                "replayed events published while resubscribing"
            );
        }
    }
}

/// Keeps one pattern subscription for this instance and feeds the hub, reconnecting forever.
/// After a lost connection, the gap is replayed from the streams before live messages resume.
pub async fn run_fanout(
    hub: Arc<Hub>,
    events: Events,
    settings: RedisSettings,
    keys: common::redis::Keys,
) {
    let pattern = keys.channel_pattern();
    loop {
        let connected = async {
            let (mut sub, rx) = Subscriber::connect(&settings).await?;
            sub.psubscribe(&pattern).await?;
            anyhow::Ok((sub, rx))
        }
        .await;
        let (_sub, mut rx) = match connected {
            Ok(pair) => pair,
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "event subscriber not connected; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        tracing::info!("event fan-out subscribed");
        // `_sub` keeps the connection (and its automatic resubscription) alive.
        let mut gap = false;
        while let Some(push) = rx.recv().await {
            if push.kind == PushKind::Disconnection {
                tracing::warn!("event subscriber lost Redis; it resubscribes by itself");
                gap = true;
                continue;
            }
            if gap {
                // The first push after a reconnect (the resubscription's confirmation, or a
                // message) means Redis is back: what was published meanwhile is in the streams.
                gap = false;
                hub.fill_gaps(&events).await;
            }
            if let Some((channel, payload)) = message_of(&push)
                && let Some(topic) = keys.topic_of_channel(channel)
            {
                if topic == common::relay::BATCH_TOPIC {
                    hub.dispatch_batch(payload);
                } else {
                    hub.dispatch(topic, payload);
                }
            }
        }
    }
}
