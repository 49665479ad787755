//! Test support: a fresh PostgreSQL database per test cloned from a migrated template, a Redis
//! prefix per test, signing keys with a JWKS server, and `spawn_app` to start any service on
//! port 0. Everything is isolated per test, so tests run in parallel.

pub mod app;
pub mod conformance;
pub mod db;
pub mod faults;
pub mod keys;
pub mod redis;
pub mod schema;
pub mod ws;

pub use app::{TestApp, TestUser, spawn_app, spawn_app_with};
pub use db::TestDb;
pub use keys::{TestAuth, TestKey};
pub use redis::{RedisProcess, TestRedis};

/// The PostgreSQL server tests use (trust auth for `postgres`); `TEST_DATABASE_URL` overrides.
pub fn postgres_base_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// The Redis server tests use; `TEST_REDIS_URL` overrides.
pub fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".to_owned())
}

/// Runs `fut` to completion on a fresh runtime in a new thread: for cleanup from `Drop`, where
/// the test's own runtime may be shutting down.
pub(crate) fn block_on_thread<F>(fut: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    let joined = std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            rt.block_on(fut);
        }
    })
    .join();
    if joined.is_err() {
        eprintln!("testkit: cleanup thread panicked");
    }
}

/// Polls `check` until it yields a value, every 20 ms, for at most `within`; panics with the
/// wait's length otherwise. Tests wait for background work with this instead of sleeping.
pub async fn eventually<T, F, Fut>(within: std::time::Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        if tokio::time::Instant::now() >= deadline {
            panic!("the condition did not hold within {within:?}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
