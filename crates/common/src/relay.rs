//! Publishing high-frequency client relays (`player_state`, `enemy_state`, `update_position`)
//! without a Redis round trip per message and without the replay stream.
//!
//! [`Events::publish`](crate::events::Events::publish) costs one Lua script per event (XADD,
//! EXPIRE, PUBLISH) and its caller waits for the answer. A relay is superseded 1/60 s later,
//! so it is never replayed: here a relay is queued to its thread's lane and the caller goes on.
//! The lane drains whatever queued while its previous write was in flight into one PUBLISH on
//! [`BATCH_TOPIC`]'s channel (one line per relay, see [`lines`]), so under load one round trip
//! and one Redis command carry many relays, and every gateway subscribed to the event pattern
//! still gets every relay. The latest state per player ([`Relay::remember`]) is kept in the
//! lane and written with the next batch at most every [`REMEMBER_EVERY`], so the final state
//! always lands and a 60 Hz sender costs a few writes a second.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use crate::redis::Redis;

/// The pseudo-topic whose channel carries relay batches (`~` cannot start a real topic).
pub const BATCH_TOPIC: &str = "~relay";
/// How often remembered states are written at most.
pub const REMEMBER_EVERY: Duration = Duration::from_millis(250);
/// Relays one thread may have queued before [`Relay::send`] refuses (Redis is not keeping up).
const LANE_CAPACITY: usize = 65_536;
/// Bytes of relays one PUBLISH carries at most.
const MAX_BATCH_BYTES: usize = 256 * 1024;

/// Why a relay was not queued.
#[derive(Debug, PartialEq, Eq)]
pub struct Full;

enum Item {
    /// A finished batch line.
    Line(String),
    /// Latest value of `field` in the hash `key` (full key).
    Remember {
        key: String,
        field: String,
        value: String,
    },
    /// Answered once everything queued before it has been published.
    Barrier(tokio::sync::oneshot::Sender<()>),
}

/// Queues relays for batched publishing; one lane (task and multiplexed connection) per
/// thread that uses it.
#[derive(Clone)]
pub struct Relay {
    redis: Redis,
    id: usize,
}

static RELAY_IDS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static LANES: RefCell<HashMap<usize, mpsc::Sender<Item>>> = RefCell::new(HashMap::new());
}

impl Relay {
    /// A relay publisher over `redis` (its key prefix names the batch channel).
    pub fn new(redis: Redis) -> Self {
        Relay {
            redis,
            id: RELAY_IDS.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Queues the relay `envelope` (see [`envelope`]) of `topic` sent by `sender`; returns at
    /// once. `Err` when this thread's lane is full.
    pub fn send(&self, topic: &str, sender: &str, envelope: &str) -> Result<(), Full> {
        let mut line = String::with_capacity(topic.len() + sender.len() + envelope.len() + 3);
        line.push_str(topic);
        line.push('\t');
        line.push_str(sender);
        line.push('\t');
        line.push_str(envelope);
        self.push(Item::Line(line))
    }

    /// Keeps `value` as the latest of `field` in the hash `key` (a key suffix under the
    /// prefix), written with a batch at most every [`REMEMBER_EVERY`].
    pub fn remember(&self, key: &str, field: &str, value: String) -> Result<(), Full> {
        self.push(Item::Remember {
            key: self.redis.keys().key(key),
            field: field.to_owned(),
            value,
        })
    }

    /// Resolves once every relay this thread queued so far has been published (or dropped):
    /// an event published after it cannot overtake them, so one sender's relays and stored
    /// events keep their order.
    pub async fn flushed(&self) {
        let lane = LANES.with(|lanes| lanes.borrow().get(&self.id).cloned());
        let Some(lane) = lane.filter(|tx| !tx.is_closed()) else {
            return;
        };
        let (done, wait) = tokio::sync::oneshot::channel();
        if lane.send(Item::Barrier(done)).await.is_ok() {
            let _ = wait.await;
        }
    }

    fn push(&self, item: Item) -> Result<(), Full> {
        let lane = LANES.with(|lanes| {
            let mut lanes = lanes.borrow_mut();
            match lanes.get(&self.id) {
                // Closed once the runtime that ran its task is gone (a stopped test server).
                Some(tx) if !tx.is_closed() => tx.clone(),
                _ => {
                    let (tx, rx) = mpsc::channel(LANE_CAPACITY);
                    tokio::spawn(run_lane(self.redis.clone(), rx));
                    lanes.insert(self.id, tx.clone());
                    tx
                }
            }
        });
        lane.try_send(item).map_err(|_| Full)
    }
}

/// A relay envelope (the shape of [`contracts::Envelope`]): `id` is `{ms}-0`, an instant
/// rather than a stream entry, since relays are never stored; `data_json` is a JSON object.
pub fn envelope(topic: &str, kind: &str, data_json: &str) -> String {
    let ms = chrono::Utc::now().timestamp_millis();
    let mut out = String::with_capacity(data_json.len() + topic.len() + kind.len() + 72);
    out.push_str("{\"id\":\"");
    out.push_str(&ms.to_string());
    out.push_str("-0\",\"topic\":");
    push_json_str(&mut out, topic);
    out.push_str(",\"type\":");
    push_json_str(&mut out, kind);
    out.push_str(",\"ts\":");
    out.push_str(&ms.to_string());
    out.push_str(",\"data\":");
    out.push_str(data_json);
    out.push('}');
    out
}

fn push_json_str(out: &mut String, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::Value::from(s).to_string());
    }
}

/// The relays of one batch payload: `(topic, sender, envelope)` per line. Envelopes are JSON
/// (no raw newline), topics and senders hold no tab.
pub fn lines(payload: &[u8]) -> impl Iterator<Item = (&str, &str, &[u8])> {
    payload.split(|b| *b == b'\n').filter_map(|line| {
        let mut parts = line.splitn(3, |b| *b == b'\t');
        let topic = std::str::from_utf8(parts.next()?).ok()?;
        let sender = std::str::from_utf8(parts.next()?).ok()?;
        Some((topic, sender, parts.next()?))
    })
}

/// Drains a thread's queue: whatever arrived while the last write was in flight goes out as
/// one PUBLISH (plus due remembered states) in one round trip.
async fn run_lane(redis: Redis, mut rx: mpsc::Receiver<Item>) {
    let channel = redis.keys().channel(BATCH_TOPIC);
    let mut pending: HashMap<(String, String), String> = HashMap::new();
    // A state after a quiet spell is written with the batch of its relay (leading edge), so a
    // newcomer who asks right after a move sees it; later ones at most every REMEMBER_EVERY.
    let mut last_write = Instant::now()
        .checked_sub(REMEMBER_EVERY)
        .unwrap_or_else(Instant::now);
    let mut batch = String::new();
    let mut barriers = Vec::new();
    loop {
        let first = if pending.is_empty() {
            rx.recv().await
        } else {
            // Remembered states still to write: wake up for them even if no relay comes.
            let due = tokio::time::Instant::from_std(last_write + REMEMBER_EVERY);
            tokio::select! {
                item = rx.recv() => item,
                () = tokio::time::sleep_until(due) => None,
            }
        };
        // Every sender is gone (its runtime stopped): nothing will come any more.
        if first.is_none() && rx.is_closed() {
            return;
        }
        let mut next = first;
        batch.clear();
        while let Some(item) = next {
            match item {
                Item::Line(line) => {
                    if !batch.is_empty() {
                        batch.push('\n');
                    }
                    batch.push_str(&line);
                }
                Item::Remember { key, field, value } => {
                    pending.insert((key, field), value);
                }
                Item::Barrier(done) => barriers.push(done),
            }
            if batch.len() >= MAX_BATCH_BYTES {
                break;
            }
            next = rx.try_recv().ok();
        }
        let states_due = !pending.is_empty() && last_write.elapsed() >= REMEMBER_EVERY;
        if batch.is_empty() && !states_due {
            release(&mut barriers);
            continue;
        }
        let mut pipe = redis::pipe();
        // States first: whoever sees a relay and then asks for the state gets at least it.
        if states_due {
            // One HSET per hash (a room's players together).
            let mut by_key: HashMap<String, Vec<(String, String)>> = HashMap::new();
            for ((key, field), value) in pending.drain() {
                by_key.entry(key).or_default().push((field, value));
            }
            for (key, fields) in by_key {
                pipe.cmd("HSET").arg(key).arg(fields).ignore();
            }
            last_write = Instant::now();
        }
        if !batch.is_empty() {
            pipe.cmd("PUBLISH")
                .arg(&channel)
                .arg(batch.as_str())
                .ignore();
        }
        let sent: anyhow::Result<()> = async {
            let mut conn = redis.shared().await?;
            pipe.query_async::<()>(&mut conn).await?;
            Ok(())
        }
        .await;
        if let Err(e) = sent {
            // Relays are superseded within a frame or two; dropping a batch is what a lost
            // UDP datagram would do in a game, and the sockets stay up.
            tracing::warn!(error = %format!("{e:#}"), "relay batch not published");
        }
        release(&mut barriers);
    }
}

/// Answers the barriers waiting on what has just been published.
fn release(barriers: &mut Vec<tokio::sync::oneshot::Sender<()>>) {
    for done in barriers.drain(..) {
        // The waiter may have gone (its connection closed).
        let _ = done.send(());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_lines_split_into_topic_sender_and_envelope() {
        let env = envelope("room:ABC", "player_state", r#"{"x":1,"s":"a\tb"}"#);
        let v: serde_json::Value = serde_json::from_str(&env).unwrap();
        assert_eq!(v["type"], "player_state");
        assert_eq!(v["data"]["s"], "a\tb");
        assert!(v["id"].as_str().unwrap().ends_with("-0"));
        let payload = format!("room:ABC\tu1\t{env}\nroom:DEF\tu2\t{{}}");
        let parsed: Vec<_> = lines(payload.as_bytes()).collect();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0], ("room:ABC", "u1", env.as_bytes()));
        assert_eq!(parsed[1], ("room:DEF", "u2", &b"{}"[..]));
    }

    #[test]
    fn odd_kinds_are_escaped() {
        let env = envelope("room:A", "a\"b", "{}");
        let v: serde_json::Value = serde_json::from_str(&env).unwrap();
        assert_eq!(v["type"], "a\"b");
    }
}
