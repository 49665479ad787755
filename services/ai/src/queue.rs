//! The job queue on a Redis stream with one consumer group: every replica's workers read new
//! entries with `XREADGROUP`, acknowledge them once the job's state is saved, and take over
//! entries a dead worker left pending longer than the visibility timeout with `XAUTOCLAIM`.
//! Jobs that ran out of attempts are copied to a dead-letter stream. Delivery is at least
//! once; the database's conditional updates make running a job twice harmless.

use std::time::Duration;

use anyhow::Context;
use common::redis::Redis;
use redis::Value;
use uuid::Uuid;

/// The consumer group every worker joins.
pub const GROUP: &str = "ai-workers";
/// Stream entries kept (approximately); acknowledged entries are only history.
const MAXLEN: usize = 100_000;
/// Dead-letter entries kept.
const DEAD_MAXLEN: usize = 10_000;

/// One entry handed to a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The stream entry id (to acknowledge).
    pub id: String,
    /// The job it names (`None` for an entry that names none: acknowledged and skipped).
    pub job: Option<Uuid>,
}

/// The job stream, its group and its dead-letter stream.
#[derive(Clone)]
pub struct Queue {
    redis: Redis,
    stream: String,
    dead: String,
}

impl Queue {
    /// The queue under the service's Redis prefix.
    pub fn new(redis: Redis) -> Self {
        let stream = redis.keys().key("ai:jobs");
        let dead = redis.keys().key("ai:jobs:dead");
        Queue {
            redis,
            stream,
            dead,
        }
    }

    /// The dead-letter stream's key.
    pub fn dead_letter_key(&self) -> &str {
        &self.dead
    }

    /// The job stream's key.
    pub fn stream_key(&self) -> &str {
        &self.stream
    }

    /// Creates the stream and the group if they do not exist yet.
    pub async fn ensure_group(&self) -> anyhow::Result<()> {
        let mut conn = self.redis.conn().await?;
        let created: redis::RedisResult<String> = redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(&self.stream)
            .arg(GROUP)
            .arg("0")
            .arg("MKSTREAM")
            .query_async(&mut conn)
            .await;
        match created {
            Ok(_) => Ok(()),
            Err(e) if e.code() == Some("BUSYGROUP") => Ok(()),
            Err(e) => Err(e).context("creating the ai consumer group"),
        }
    }

    /// Appends `job` to the stream.
    pub async fn push(&self, job: Uuid) -> anyhow::Result<()> {
        let mut conn = self.redis.shared().await?;
        let _: String = redis::cmd("XADD")
            .arg(&self.stream)
            .arg("MAXLEN")
            .arg("~")
            .arg(MAXLEN)
            .arg("*")
            .arg("job")
            .arg(job.to_string())
            .query_async(&mut conn)
            .await
            .context("adding a job to the stream")?;
        Ok(())
    }

    /// New entries for `consumer`, waiting up to `block` for one.
    pub async fn read(
        &self,
        consumer: &str,
        count: usize,
        block: Duration,
    ) -> anyhow::Result<Vec<Delivery>> {
        let mut conn = self.redis.conn().await?;
        let reply: redis::RedisResult<Value> = redis::cmd("XREADGROUP")
            .arg("GROUP")
            .arg(GROUP)
            .arg(consumer)
            .arg("COUNT")
            .arg(count)
            .arg("BLOCK")
            .arg(block.as_millis() as u64)
            .arg("STREAMS")
            .arg(&self.stream)
            .arg(">")
            .query_async(&mut conn)
            .await;
        let reply = match reply {
            Ok(v) => v,
            // The group vanished (Redis restarted empty, or FLUSHed): make it again.
            Err(e) if e.code() == Some("NOGROUP") => {
                drop(conn);
                self.ensure_group().await?;
                return Ok(Vec::new());
            }
            Err(e) => return Err(e).context("reading the job stream"),
        };
        // RESP2: [[stream, entries]]; RESP3: {stream: entries}.
        let entries = match reply {
            Value::Nil => return Ok(Vec::new()),
            Value::Array(streams) => streams
                .into_iter()
                .filter_map(|s| match s {
                    Value::Array(mut pair) if pair.len() == 2 => pair.pop(),
                    _ => None,
                })
                .collect::<Vec<_>>(),
            Value::Map(streams) => streams.into_iter().map(|(_, v)| v).collect(),
            other => anyhow::bail!("unexpected XREADGROUP reply {other:?}"),
        };
        Ok(entries.into_iter().flat_map(parse_entries).collect())
    }

    /// Entries pending longer than `min_idle` (their worker died or hung), now owned by
    /// `consumer`.
    pub async fn reclaim(
        &self,
        consumer: &str,
        min_idle: Duration,
        count: usize,
    ) -> anyhow::Result<Vec<Delivery>> {
        let mut conn = self.redis.conn().await?;
        let reply: Value = redis::cmd("XAUTOCLAIM")
            .arg(&self.stream)
            .arg(GROUP)
            .arg(consumer)
            .arg(min_idle.as_millis() as u64)
            .arg("0-0")
            .arg("COUNT")
            .arg(count)
            .query_async(&mut conn)
            .await
            .context("reclaiming idle jobs")?;
        match reply {
            Value::Array(mut parts) if parts.len() >= 2 => Ok(parse_entries(parts.swap_remove(1))),
            other => anyhow::bail!("unexpected XAUTOCLAIM reply {other:?}"),
        }
    }

    /// Acknowledges (and drops) an entry.
    pub async fn ack(&self, id: &str) -> anyhow::Result<()> {
        let mut conn = self.redis.shared().await?;
        let _: (i64, i64) = redis::pipe()
            .cmd("XACK")
            .arg(&self.stream)
            .arg(GROUP)
            .arg(id)
            .cmd("XDEL")
            .arg(&self.stream)
            .arg(id)
            .query_async(&mut conn)
            .await
            .context("acknowledging a job")?;
        Ok(())
    }

    /// Records a job that ran out of attempts on the dead-letter stream.
    pub async fn dead_letter(&self, job: Uuid, attempts: i32, error: &str) -> anyhow::Result<()> {
        let mut conn = self.redis.shared().await?;
        let _: String = redis::cmd("XADD")
            .arg(&self.dead)
            .arg("MAXLEN")
            .arg("~")
            .arg(DEAD_MAXLEN)
            .arg("*")
            .arg("job")
            .arg(job.to_string())
            .arg("attempts")
            .arg(attempts)
            .arg("error")
            .arg(error)
            .query_async(&mut conn)
            .await
            .context("dead-lettering a job")?;
        Ok(())
    }
}

/// `[[id, [field, value, ...]], ...]`; entries deleted meanwhile come back as `[id, nil]`.
fn parse_entries(entries: Value) -> Vec<Delivery> {
    let Value::Array(entries) = entries else {
        return Vec::new();
    };
    entries
        .into_iter()
        .filter_map(|entry| {
            let Value::Array(mut parts) = entry else {
                return None;
            };
            if parts.is_empty() {
                return None;
            }
            let fields = if parts.len() > 1 { parts.pop() } else { None };
            let id = text(parts.swap_remove(0))?;
            let job = fields.and_then(job_field);
            Some(Delivery { id, job })
        })
        .collect()
}

fn job_field(fields: Value) -> Option<Uuid> {
    let pairs: Vec<(Value, Value)> = match fields {
        Value::Array(flat) => {
            let mut it = flat.into_iter();
            let mut out = Vec::new();
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                out.push((k, v));
            }
            out
        }
        Value::Map(pairs) => pairs,
        _ => return None,
    };
    pairs
        .into_iter()
        .find_map(|(k, v)| (text(k)? == "job").then(|| text(v)).flatten())
        .and_then(|s| Uuid::parse_str(&s).ok())
}

fn text(v: Value) -> Option<String> {
    match v {
        Value::BulkString(bytes) => String::from_utf8(bytes).ok(),
        Value::SimpleString(s) => Some(s),
        _ => None,
    }
}
