//! Redis: a pool for commands, the key prefix every key and channel goes through, and a
//! dedicated subscriber connection that reconnects and resubscribes by itself.

use std::sync::Arc;

use anyhow::Context;
use deadpool_redis::{Manager, Pool, Runtime};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::io::tcp::TcpSettings;
use redis::{AsyncConnectionConfig, ConnectionInfo, IntoConnectionInfo};
use secrecy::ExposeSecret;
use tokio::sync::mpsc;

use crate::settings::RedisSettings;

pub use redis::{PushInfo, PushKind};

/// The namespace of every key and channel of one deployment (or one test).
#[derive(Debug, Clone)]
pub struct Keys {
    prefix: Arc<str>,
}

impl Keys {
    /// Keys under `prefix` (e.g. `gp:`).
    pub fn new(prefix: &str) -> Self {
        Keys {
            prefix: Arc::from(prefix),
        }
    }

    /// The prefix itself.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A data key: `{prefix}{name}`.
    pub fn key(&self, name: &str) -> String {
        let mut key = String::with_capacity(self.prefix.len() + name.len());
        key.push_str(&self.prefix);
        key.push_str(name);
        key
    }

    /// The pub/sub channel of an event topic: `{prefix}ev:{topic}`.
    pub fn channel(&self, topic: &str) -> String {
        self.key(&format!("ev:{topic}"))
    }

    /// The pattern matching every topic's channel, for the gateway's single subscription.
    pub fn channel_pattern(&self) -> String {
        self.key("ev:*")
    }

    /// Recovers the topic from a channel name, if it is one of ours.
    pub fn topic_of_channel<'a>(&self, channel: &'a str) -> Option<&'a str> {
        channel.strip_prefix(&*self.prefix)?.strip_prefix("ev:")
    }

    /// The capped replay stream of an event topic: `{prefix}evs:{topic}`.
    pub fn stream(&self, topic: &str) -> String {
        self.key(&format!("evs:{topic}"))
    }
}

/// How to reach Redis at `url`, with `TCP_NODELAY` (the client's default leaves Nagle on).
///
/// A multiplexed connection writes a command while earlier ones are unanswered; with Nagle on,
/// the kernel holds that small write until the earlier reply's ACK comes back, so a quick
/// `EXISTS` queued behind a running script waited a whole extra round trip (measured in
/// docs/BENCHMARKS.md, leaderboard session 8).
pub fn connection_info(url: &str) -> anyhow::Result<ConnectionInfo> {
    let info = url.into_connection_info().context("invalid REDIS_URL")?;
    Ok(info.set_tcp_settings(TcpSettings::default().set_nodelay(true)))
}

/// The command pool, a shared multiplexed connection, and the key namespace.
#[derive(Clone)]
pub struct Redis {
    pool: Pool,
    shared: Arc<SharedConnection>,
    keys: Keys,
}

impl Redis {
    /// Builds the pool; connections are made lazily, so this succeeds while Redis is down.
    pub fn new(settings: &RedisSettings) -> anyhow::Result<Self> {
        // Built from a manager rather than `Config::from_url`, whose connections keep the
        // client's default 500 ms response timeout instead of `REDIS_TIMEOUT_MS`.
        let connection = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(settings.timeout))
            .set_response_timeout(Some(settings.timeout));
        let manager =
            Manager::new_with_config(connection_info(settings.url.expose_secret())?, connection)
                .context("invalid REDIS_URL")?;
        let pool = Pool::builder(manager)
            .max_size(settings.pool_size)
            .wait_timeout(Some(settings.timeout))
            .create_timeout(Some(settings.timeout))
            .recycle_timeout(Some(settings.timeout))
            .runtime(Runtime::Tokio1)
            .build()
            .context("building the Redis pool")?;
        Ok(Redis {
            pool,
            shared: Arc::new(SharedConnection::new(
                settings.url.expose_secret().to_owned(),
                settings.timeout,
            )),
            keys: Keys::new(&settings.prefix),
        })
    }

    /// The key namespace.
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// A pooled connection.
    pub async fn conn(&self) -> anyhow::Result<deadpool_redis::Connection> {
        self.pool.get().await.context("no Redis connection")
    }

    /// The multiplexed connection the requests of this thread share: unlike a pooled checkout
    /// it costs no recycle round trip and pipelines concurrent commands, so it suits short
    /// per-request commands (not blocking ones, not MULTI/WATCH, not pub/sub).
    pub async fn shared(&self) -> anyhow::Result<ConnectionManager> {
        self.shared.get().await
    }

    /// Checks that Redis answers `PING` (the `/readyz` probe).
    pub async fn ping(&self) -> anyhow::Result<()> {
        let mut conn = self.conn().await?;
        let _: String = redis::cmd("PING")
            .query_async(&mut conn)
            .await
            .context("Redis did not answer PING")?;
        Ok(())
    }
}

/// Lazily made, self-reconnecting multiplexed connections, one per thread that uses them.
///
/// A multiplexed connection is driven by a task on the runtime that made it; used from another
/// thread, every command pays two cross-thread wake-ups (to the driver and back), which cost
/// about as much as the command itself. So each thread (each actix worker has its own
/// runtime) gets its own connection, made at first use, so a service starts while Redis is down.
struct SharedConnection {
    id: usize,
    url: String,
    timeout: std::time::Duration,
}

/// A thread's connection, and a sender whose receiver lives in a task of the runtime that
/// drives the connection: once that runtime is gone (a stopped test server), the sender
/// reports closed and the connection is made again.
struct LocalConnection {
    conn: ConnectionManager,
    runtime_alive: tokio::sync::oneshot::Sender<()>,
}

/// Distinguishes the [`SharedConnection`]s of one process (several apps in one test binary).
static SHARED_IDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

thread_local! {
    static LOCAL_CONNECTIONS: std::cell::RefCell<std::collections::HashMap<usize, LocalConnection>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

impl SharedConnection {
    fn new(url: String, timeout: std::time::Duration) -> Self {
        SharedConnection {
            id: SHARED_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            url,
            timeout,
        }
    }

    fn local(&self) -> Option<ConnectionManager> {
        LOCAL_CONNECTIONS.with(|conns| {
            let mut conns = conns.borrow_mut();
            match conns.get(&self.id) {
                Some(local) if !local.runtime_alive.is_closed() => Some(local.conn.clone()),
                Some(_) => {
                    conns.remove(&self.id);
                    None
                }
                None => None,
            }
        })
    }

    async fn get(&self) -> anyhow::Result<ConnectionManager> {
        if let Some(conn) = self.local() {
            return Ok(conn);
        }
        let client =
            redis::Client::open(connection_info(&self.url)?).context("invalid REDIS_URL")?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout))
            .set_number_of_retries(1)
            .set_max_delay(std::time::Duration::from_millis(500));
        let conn = client
            .get_connection_manager_with_config(config)
            .await
            .context("connecting to Redis")?;
        let (runtime_alive, gone) = tokio::sync::oneshot::channel::<()>();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                // Resolves only when the sender is dropped; dropped with the runtime otherwise.
                let _ = gone.await;
            });
        }
        // Two tasks of one thread may both have connected; the first one kept wins.
        LOCAL_CONNECTIONS.with(|conns| {
            let mut conns = conns.borrow_mut();
            match conns.get(&self.id) {
                Some(kept) if !kept.runtime_alive.is_closed() => Ok(kept.conn.clone()),
                _ => {
                    conns.insert(
                        self.id,
                        LocalConnection {
                            conn: conn.clone(),
                            runtime_alive,
                        },
                    );
                    Ok(conn)
                }
            }
        })
    }
}

/// `url` asking for RESP3, which push messages (pub/sub on a multiplexed connection) need.
fn resp3_url(url: &str) -> String {
    if url.contains("protocol=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&protocol=resp3")
    } else {
        format!("{url}?protocol=resp3")
    }
}

/// The longest pause (before jitter) between a [`Subscriber`]'s reconnection attempts.
const RESUBSCRIBE_MAX_DELAY: std::time::Duration = std::time::Duration::from_millis(400);

/// A dedicated pub/sub connection (a pooled one cannot subscribe).
///
/// It reconnects after Redis restarts and resubscribes to its patterns by itself; every message
/// arrives on the receiver, and a [`PushKind::Disconnection`] marks each lost connection so the
/// caller can replay what it missed from the topic streams.
pub struct Subscriber {
    conn: ConnectionManager,
}

impl Subscriber {
    /// Connects; the receiver yields every push message.
    pub async fn connect(
        settings: &RedisSettings,
    ) -> anyhow::Result<(Self, mpsc::UnboundedReceiver<PushInfo>)> {
        let (tx, rx) = mpsc::unbounded_channel();
        let client =
            redis::Client::open(connection_info(&resp3_url(settings.url.expose_secret()))?)
                .context("invalid REDIS_URL")?;
        let config = ConnectionManagerConfig::new()
            .set_push_sender(tx)
            .set_automatic_resubscription()
            .set_connection_timeout(Some(settings.timeout))
            .set_number_of_retries(usize::MAX)
            // The gateway must deliver again within 2 s of Redis coming back (issue 23). The
            // client adds a jitter of up to the delay itself, so a 2 s cap waited up to 4 s
            // between attempts (3.2 s measured after a 4 s outage); at 400 ms a retry comes
            // every 0.4-0.8 s, a negligible load on a Redis that is down.
            .set_max_delay(RESUBSCRIBE_MAX_DELAY);
        let conn = client
            .get_connection_manager_with_config(config)
            .await
            .context("connecting the Redis subscriber")?;
        Ok((Subscriber { conn }, rx))
    }

    /// Subscribes to a channel pattern (kept across reconnects).
    pub async fn psubscribe(&mut self, pattern: &str) -> anyhow::Result<()> {
        self.conn
            .psubscribe(pattern)
            .await
            .context("PSUBSCRIBE failed")
    }

    /// Subscribes to one channel (kept across reconnects).
    pub async fn subscribe(&mut self, channel: &str) -> anyhow::Result<()> {
        self.conn
            .subscribe(channel)
            .await
            .context("SUBSCRIBE failed")
    }

    /// The Redis client id of the current connection (lets tests cut it).
    pub async fn client_id(&mut self) -> anyhow::Result<i64> {
        redis::cmd("CLIENT")
            .arg("ID")
            .query_async(&mut self.conn)
            .await
            .context("CLIENT ID failed")
    }
}

/// The channel and payload of a `message`/`pmessage` push, if it is one.
pub fn message_of(push: &PushInfo) -> Option<(&str, &[u8])> {
    let (channel, payload) = match push.kind {
        // pmessage: [pattern, channel, payload]
        PushKind::PMessage => (push.data.get(1)?, push.data.get(2)?),
        // message: [channel, payload]
        PushKind::Message => (push.data.first()?, push.data.get(1)?),
        _ => return None,
    };
    let channel = match channel {
        redis::Value::BulkString(b) => std::str::from_utf8(b).ok()?,
        redis::Value::SimpleString(s) => s.as_str(),
        _ => return None,
    };
    match payload {
        redis::Value::BulkString(b) => Some((channel, b.as_slice())),
        redis::Value::SimpleString(s) => Some((channel, s.as_bytes())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_goes_through_the_prefix() {
        let keys = Keys::new("t1:");
        assert_eq!(keys.key("a"), "t1:a");
        assert_eq!(keys.channel("room:X"), "t1:ev:room:X");
        assert_eq!(keys.stream("room:X"), "t1:evs:room:X");
        assert_eq!(keys.channel_pattern(), "t1:ev:*");
        assert_eq!(keys.topic_of_channel("t1:ev:room:X"), Some("room:X"));
        assert_eq!(keys.topic_of_channel("t2:ev:room:X"), None);
    }

    #[test]
    fn resp3_is_requested_once() {
        assert_eq!(resp3_url("redis://h:1"), "redis://h:1?protocol=resp3");
        assert_eq!(
            resp3_url("redis://h:1/0?a=b"),
            "redis://h:1/0?a=b&protocol=resp3"
        );
        assert_eq!(
            resp3_url("redis://h?protocol=resp3"),
            "redis://h?protocol=resp3"
        );
    }

    #[test]
    fn connections_turn_nagle_off_and_keep_the_url() {
        let info = connection_info("redis://:pw@h:7/3?protocol=resp3").unwrap();
        assert!(info.tcp_settings().nodelay());
        assert_eq!(info.addr().to_string(), "h:7");
        assert_eq!(info.redis_settings().db(), 3);
        assert_eq!(info.redis_settings().password(), Some("pw"));
        assert!(connection_info("not a url").is_err());
    }
}
