//! Publishing realtime events and replaying what a client missed.
//!
//! One `publish` is one Redis round trip: a Lua script appends the event to the topic's capped
//! stream (whose entry id becomes the event id), refreshes the stream's expiry and PUBLISHes the
//! finished envelope. The envelope is serialised once, here; the gateway relays those bytes as
//! they are.

use std::sync::Arc;

use anyhow::Context;
use contracts::Topic;
use serde::Serialize;

use crate::redis::Redis;
use crate::settings::RedisSettings;

/// KEYS[1] stream, KEYS[2] channel; ARGV[1] maxlen, ARGV[2] ttl seconds, ARGV[3] the envelope
/// without its opening `{` and id. Returns the new event id.
const PUBLISH_SCRIPT: &str = r#"
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'b', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', KEYS[2], '{"id":"' .. id .. '",' .. ARGV[3])
return id
"#;

/// The outbox relay's batch: for event i, KEYS[3i-2] stream, KEYS[3i-1] channel, KEYS[3i] its
/// dedupe key; ARGV[1] maxlen, ARGV[2] stream ttl, ARGV[3] dedupe ttl, ARGV[3+i] its envelope
/// without the opening `{` and id. An event whose dedupe key exists was published by an earlier
/// try that was never acknowledged: its first id comes back and nothing is appended again.
const OUTBOX_SCRIPT: &str = r#"
local ids = {}
for i = 1, #KEYS / 3 do
  local id = redis.call('GET', KEYS[3 * i])
  if not id then
    local rest = ARGV[3 + i]
    id = redis.call('XADD', KEYS[3 * i - 2], 'MAXLEN', '~', ARGV[1], '*', 'b', rest)
    redis.call('EXPIRE', KEYS[3 * i - 2], ARGV[2])
    redis.call('PUBLISH', KEYS[3 * i - 1], '{"id":"' .. id .. '",' .. rest)
    redis.call('SET', KEYS[3 * i], id, 'EX', ARGV[3])
  end
  ids[i] = id
end
return ids
"#;

/// One stored event the outbox relay hands over: its dedupe key (unique per service and outbox
/// row), topic, and the envelope JSON without its id, as [`Events::envelope_body`] made it.
pub struct StoredEvent<'a> {
    /// `<service>:<outbox id>`: the same row always gets the same stream id.
    pub dedupe: &'a str,
    /// The topic name (`room:ABC123`).
    pub topic: &'a str,
    /// `{"topic":...,"type":...,"ts":...,"data":...}`.
    pub body: &'a str,
}

/// Most entries one replay returns.
pub const MAX_REPLAY: usize = 500;

/// Publishes events and reads topic streams.
#[derive(Clone)]
pub struct Events {
    redis: Redis,
    script: Arc<redis::Script>,
    outbox_script: Arc<redis::Script>,
    maxlen: usize,
    ttl_secs: u64,
}

#[derive(Serialize)]
struct Body<'a, T: Serialize> {
    topic: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    ts: i64,
    data: &'a T,
}

/// Builds the full envelope from a stream entry id and the stored body.
fn envelope_json(id: &str, body_without_brace: &str) -> String {
    let mut out = String::with_capacity(body_without_brace.len() + id.len() + 9);
    out.push_str("{\"id\":\"");
    out.push_str(id);
    out.push_str("\",");
    out.push_str(body_without_brace);
    out
}

impl Events {
    /// Publisher over `redis`, with the stream limits from settings.
    pub fn new(redis: Redis, settings: &RedisSettings) -> Self {
        Events {
            redis,
            script: Arc::new(redis::Script::new(PUBLISH_SCRIPT)),
            outbox_script: Arc::new(redis::Script::new(OUTBOX_SCRIPT)),
            maxlen: settings.stream_maxlen.max(1),
            ttl_secs: settings.stream_ttl.as_secs().max(1),
        }
    }

    /// Publishes `data` as an event of type `kind` on `topic`; returns the event id.
    pub async fn publish<T: Serialize>(
        &self,
        topic: &Topic,
        kind: &str,
        data: &T,
    ) -> anyhow::Result<String> {
        let body = serde_json::to_string(&Body {
            topic: topic.as_str(),
            kind,
            ts: chrono::Utc::now().timestamp_millis(),
            data,
        })
        .context("serialising an event")?;
        // `body` starts with `{`; the script puts the id in front of the rest.
        let rest = body.get(1..).unwrap_or_default();
        let keys = self.redis.keys();
        // The hot path of every relay: the shared multiplexed connection costs one round trip
        // (a pool checkout adds a recycle PING) and pipelines concurrent publishers.
        let mut conn = self.redis.shared().await?;
        let id: String = self
            .script
            .key(keys.stream(topic.as_str()))
            .key(keys.channel(topic.as_str()))
            .arg(self.maxlen)
            .arg(self.ttl_secs)
            .arg(rest)
            .invoke_async(&mut conn)
            .await
            .context("publishing an event")?;
        Ok(id)
    }

    /// The envelope of an event of type `kind` on `topic` without its id (that comes from the
    /// stream when it is published), stamped now: what the outbox stores.
    pub fn envelope_body<T: Serialize>(
        topic: &str,
        kind: &str,
        data: &T,
    ) -> anyhow::Result<String> {
        serde_json::to_string(&Body {
            topic,
            kind,
            ts: chrono::Utc::now().timestamp_millis(),
            data,
        })
        .context("serialising an event")
    }

    /// Publishes stored events in order in one round trip, each at most once per `dedupe_ttl`
    /// (see [`StoredEvent::dedupe`]); returns their event ids.
    pub async fn publish_stored(
        &self,
        events: &[StoredEvent<'_>],
        dedupe_ttl: std::time::Duration,
    ) -> anyhow::Result<Vec<String>> {
        if events.is_empty() {
            return Ok(Vec::new());
        }
        let keys = self.redis.keys();
        let mut invocation = self.outbox_script.prepare_invoke();
        invocation
            .arg(self.maxlen)
            .arg(self.ttl_secs)
            .arg(dedupe_ttl.as_secs().max(1));
        for event in events {
            invocation
                .key(keys.stream(event.topic))
                .key(keys.channel(event.topic))
                .key(keys.key(&format!("outbox:{}", event.dedupe)))
                .arg(event.body.get(1..).unwrap_or_default());
        }
        let mut conn = self.redis.conn().await?;
        let ids: Vec<String> = invocation
            .invoke_async(&mut conn)
            .await
            .context("publishing stored events")?;
        if ids.len() != events.len() {
            anyhow::bail!("published {} of {} stored events", ids.len(), events.len());
        }
        Ok(ids)
    }

    /// The event ids earlier [`Events::publish_stored`] calls gave the rows with these dedupe
    /// keys (`None` for one not published, or published longer ago than its dedupe window).
    pub async fn stored_ids(&self, dedupe: &[String]) -> anyhow::Result<Vec<Option<String>>> {
        if dedupe.is_empty() {
            return Ok(Vec::new());
        }
        let keys = self.redis.keys();
        let names: Vec<String> = dedupe
            .iter()
            .map(|d| keys.key(&format!("outbox:{d}")))
            .collect();
        let mut conn = self.redis.conn().await?;
        let ids: Vec<Option<String>> = redis::cmd("MGET")
            .arg(names)
            .query_async(&mut conn)
            .await
            .context("reading stored event ids")?;
        Ok(ids)
    }

    /// The events of `topic` after `since` (exclusive), oldest first, at most `limit`
    /// (capped at [`MAX_REPLAY`]), as finished envelope JSON.
    pub async fn replay(
        &self,
        topic: &Topic,
        since: &str,
        limit: usize,
    ) -> anyhow::Result<Vec<String>> {
        if !is_stream_id(since) {
            anyhow::bail!("`since` must be an event id such as 1700000000000-0");
        }
        let mut conn = self.redis.conn().await?;
        let entries: Vec<(String, Vec<(String, String)>)> = redis::cmd("XRANGE")
            .arg(self.redis.keys().stream(topic.as_str()))
            .arg(format!("({since}"))
            .arg("+")
            .arg("COUNT")
            .arg(limit.clamp(1, MAX_REPLAY))
            .query_async(&mut conn)
            .await
            .context("reading a topic stream")?;
        Ok(entries
            .into_iter()
            .filter_map(|(id, fields)| {
                let (_, body) = fields.into_iter().find(|(name, _)| name == "b")?;
                Some(envelope_json(&id, &body))
            })
            .collect())
    }
}

/// Whether `id` looks like a Redis stream id (`ms-seq` or `ms`).
pub fn is_stream_id(id: &str) -> bool {
    let mut parts = id.splitn(2, '-');
    let digits = |s: &str| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit());
    parts.next().is_some_and(digits) && parts.next().is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_ids_are_checked() {
        assert!(is_stream_id("1700000000000-0"));
        assert!(is_stream_id("0"));
        assert!(!is_stream_id("1-"));
        assert!(!is_stream_id("abc"));
        assert!(!is_stream_id("1-2-3"));
    }

    #[test]
    fn envelope_json_is_valid_json() {
        let json = envelope_json("5-0", r#""topic":"global","type":"t","ts":1,"data":{}}"#);
        let v: contracts::Envelope = serde_json::from_str(&json).unwrap();
        assert_eq!(v.id, "5-0");
    }
}
