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

/// Most entries one replay returns.
pub const MAX_REPLAY: usize = 500;

/// Publishes events and reads topic streams.
#[derive(Clone)]
pub struct Events {
    redis: Redis,
    script: Arc<redis::Script>,
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
