//! A Redis key prefix per test (its keys are deleted afterwards), and a private `redis-server`
//! process for tests that stop and restart Redis.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{block_on_thread, redis_url};

/// A prefix no other test uses; every key under it is removed on drop.
pub struct TestRedis {
    prefix: String,
    url: String,
}

impl TestRedis {
    /// A fresh prefix on the shared test Redis.
    pub fn new() -> Self {
        Self::on(redis_url())
    }

    /// A fresh prefix on the Redis at `url`.
    pub fn on(url: String) -> Self {
        TestRedis {
            prefix: format!("t:{}:", uuid::Uuid::new_v4().simple()),
            url,
        }
    }

    /// The prefix, e.g. `t:0f3a...:`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The server URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A direct connection, for arranging and asserting.
    pub async fn conn(&self) -> redis::aio::MultiplexedConnection {
        redis::Client::open(self.url.as_str())
            .unwrap_or_else(|e| panic!("bad redis url: {e}"))
            .get_multiplexed_async_connection()
            .await
            .unwrap_or_else(|e| panic!("cannot reach Redis at {}: {e}", self.url))
    }

    /// Every key under this prefix.
    pub async fn keys(&self) -> Vec<String> {
        let mut conn = self.conn().await;
        scan_prefix(&mut conn, &self.prefix)
            .await
            .unwrap_or_default()
    }
}

impl Default for TestRedis {
    fn default() -> Self {
        Self::new()
    }
}

async fn scan_prefix(
    conn: &mut redis::aio::MultiplexedConnection,
    prefix: &str,
) -> redis::RedisResult<Vec<String>> {
    let mut cursor: u64 = 0;
    let mut keys = Vec::new();
    loop {
        let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(format!("{prefix}*"))
            .arg("COUNT")
            .arg(1000)
            .query_async(conn)
            .await?;
        keys.extend(batch);
        if next == 0 {
            return Ok(keys);
        }
        cursor = next;
    }
}

impl Drop for TestRedis {
    fn drop(&mut self) {
        let prefix = self.prefix.clone();
        let url = self.url.clone();
        block_on_thread(async move {
            let Ok(client) = redis::Client::open(url.as_str()) else {
                return;
            };
            let Ok(mut conn) = client.get_multiplexed_async_connection().await else {
                return;
            };
            if let Ok(keys) = scan_prefix(&mut conn, &prefix).await
                && !keys.is_empty()
            {
                let _: redis::RedisResult<()> =
                    redis::cmd("UNLINK").arg(keys).query_async(&mut conn).await;
            }
        });
    }
}

/// A `redis-server` of the test's own on a free port, which the test may stop and restart.
pub struct RedisProcess {
    port: u16,
    child: Option<Child>,
}

impl RedisProcess {
    /// Starts `redis-server` (from `PATH`) on a free port and waits until it answers.
    pub async fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("no free port: {e}"));
        let mut process = RedisProcess { port, child: None };
        process.restart().await;
        process
    }

    /// `redis://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills the server (as a crash would) and waits for it to exit.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port.
    pub async fn restart(&mut self) {
        self.stop();
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting redis-server (is it installed?): {e}"));
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(client) = redis::Client::open(self.url().as_str())
                && let Ok(mut conn) = client.get_multiplexed_async_connection().await
                && redis::cmd("PING")
                    .query_async::<String>(&mut conn)
                    .await
                    .is_ok()
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "redis-server did not start on {}",
                self.port
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for RedisProcess {
    fn drop(&mut self) {
        self.stop();
    }
}
