//! PostgreSQL access: a hardened diesel-async pool, database creation and migrations that
//! several replicas can run at once.

use std::time::Duration;

use anyhow::{Context, bail};
use diesel::ConnectionError;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
use futures_util::FutureExt;
use secrecy::ExposeSecret;
use url::Url;

use crate::settings::DatabaseSettings;

/// The pool every service with a database holds.
pub type DbPool = Pool<AsyncPgConnection>;
/// One pooled connection.
pub type DbConn = Object<AsyncPgConnection>;
/// Why no pooled connection could be had (database down, pool exhausted).
pub type PoolError = diesel_async::pooled_connection::deadpool::PoolError;

/// Builds the pool. Connections are made lazily, so this succeeds while PostgreSQL is down;
/// each new connection gets `statement_timeout` and `application_name`.
pub fn build_pool(settings: &DatabaseSettings, application_name: &str) -> anyhow::Result<DbPool> {
    let statement_timeout_ms = settings.statement_timeout.as_millis();
    let connect_timeout = settings.acquire_timeout;
    let app_name = application_name.replace('\'', "");
    let mut config = ManagerConfig::<AsyncPgConnection>::default();
    config.custom_setup = Box::new(move |url| {
        let setup = format!(
            "SET statement_timeout = {statement_timeout_ms}; SET application_name = '{app_name}'"
        );
        let url = url.to_owned();
        async move {
            let mut conn =
                tokio::time::timeout(connect_timeout, AsyncPgConnection::establish(&url))
                    .await
                    .map_err(|_| ConnectionError::BadConnection("connect timed out".into()))??;
            conn.batch_execute(&setup)
                .await
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(conn)
        }
        .boxed()
    });
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(
        settings.url.expose_secret(),
        config,
    );
    Pool::builder(manager)
        .max_size(settings.pool_size)
        .wait_timeout(Some(settings.acquire_timeout))
        .create_timeout(Some(settings.acquire_timeout))
        .recycle_timeout(Some(settings.acquire_timeout))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .context("building the database pool")
}

/// A connection set up like the pool's (timeouts, application name) but owned by the caller.
/// Its I/O is driven by the runtime of the task that made it: a long-lived per-thread task
/// (a batch writer) keeps its queries on its own thread this way, where a pooled connection
/// opened by another worker thread would wake that thread for every query.
pub async fn dedicated_connection(pool: &DbPool) -> anyhow::Result<AsyncPgConnection> {
    use deadpool::managed::Manager;
    pool.manager()
        .create()
        .await
        .context("connecting to PostgreSQL")
}

/// Checks that a pooled connection answers `SELECT 1` (the `/readyz` probe).
pub async fn ping(pool: &DbPool) -> anyhow::Result<()> {
    let mut conn = pool.get().await.context("no database connection")?;
    conn.batch_execute("SELECT 1")
        .await
        .context("database did not answer")
}

/// The database named in `url`'s path.
fn database_name(url: &Url) -> anyhow::Result<String> {
    let name = url.path().trim_start_matches('/');
    let valid = !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        bail!("database name {name:?} must be 1-63 characters of [A-Za-z0-9_-]");
    }
    Ok(name.to_owned())
}

/// `url` pointing at the server's `postgres` maintenance database instead.
pub fn maintenance_url(url: &str) -> anyhow::Result<(Url, String)> {
    let mut parsed = Url::parse(url).context("DATABASE_URL is not a valid URL")?;
    let name = database_name(&parsed)?;
    parsed.set_path("/postgres");
    Ok((parsed, name))
}

/// Creates the database named in `url` when it does not exist yet (development mode).
pub async fn ensure_database(url: &str) -> anyhow::Result<()> {
    let (admin_url, name) = maintenance_url(url)?;
    let mut conn = AsyncPgConnection::establish(admin_url.as_str())
        .await
        .context("connecting to the postgres maintenance database")?;
    create_database(&mut conn, &name, None).await
}

/// `CREATE DATABASE name [TEMPLATE template]`, succeeding when a concurrent caller won the race.
pub async fn create_database(
    conn: &mut AsyncPgConnection,
    name: &str,
    template: Option<&str>,
) -> anyhow::Result<()> {
    #[derive(diesel::QueryableByName)]
    struct Exists {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        exists: bool,
    }
    let found: Exists =
        diesel::sql_query("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists")
            .bind::<diesel::sql_types::Text, _>(name)
            .get_result(conn)
            .await?;
    if found.exists {
        return Ok(());
    }
    let mut sql = format!("CREATE DATABASE \"{}\"", name.replace('"', ""));
    if let Some(template) = template {
        sql.push_str(&format!(" TEMPLATE \"{}\"", template.replace('"', "")));
    }
    match conn.batch_execute(&sql).await {
        Ok(()) => {
            tracing::info!(database = name, "created database");
            Ok(())
        }
        // 42P04 duplicate_database: another replica created it between our check and now.
        Err(diesel::result::Error::DatabaseError(_, info))
            if info.message().contains("already exists") =>
        {
            Ok(())
        }
        Err(e) => Err(e).with_context(|| format!("creating database {name}")),
    }
}

/// A stable lock id per migration set, so services sharing one server do not block each other.
pub(crate) fn advisory_lock_key(scope: &str) -> i64 {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in scope.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    i64::from_ne_bytes(hash.to_ne_bytes())
}

/// Runs pending migrations under a PostgreSQL advisory lock, so replicas starting together
/// apply each migration exactly once. Returns the versions applied.
pub async fn run_migrations(
    url: &str,
    scope: &str,
    migrations: EmbeddedMigrations,
) -> anyhow::Result<Vec<String>> {
    let url = url.to_owned();
    let key = advisory_lock_key(scope);
    // The harness is synchronous; it runs through the async connection on a blocking thread.
    tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<String>> {
        type Wrapper = AsyncConnectionWrapper<AsyncPgConnection>;
        let mut conn = <Wrapper as diesel::Connection>::establish(&url)
            .context("connecting to run migrations")?;
        let lock = diesel::sql_query("SELECT pg_advisory_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(key);
        diesel::RunQueryDsl::execute(lock, &mut conn).context("taking the migration lock")?;
        let applied = conn
            .run_pending_migrations(migrations)
            .map(|versions| versions.iter().map(ToString::to_string).collect())
            .map_err(|e| anyhow::anyhow!("running migrations: {e}"));
        // Unlock even after a failure; closing the connection would release it too.
        let unlock = diesel::sql_query("SELECT pg_advisory_unlock($1)")
            .bind::<diesel::sql_types::BigInt, _>(key);
        let _ = diesel::RunQueryDsl::execute(unlock, &mut conn);
        applied
    })
    .await
    .context("migration task panicked")?
}

/// Pool settings for short-lived admin work (tests, tools).
pub fn quick_settings(url: &str, pool_size: usize) -> DatabaseSettings {
    DatabaseSettings {
        url: url.to_owned().into(),
        create_if_missing: false,
        pool_size,
        acquire_timeout: Duration::from_secs(5),
        statement_timeout: Duration::from_secs(30),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maintenance_url_keeps_credentials_and_checks_the_name() {
        let (url, name) = maintenance_url("postgres://u:p@db:5432/gacha?x=1").unwrap();
        assert_eq!(name, "gacha");
        assert_eq!(url.as_str(), "postgres://u:p@db:5432/postgres?x=1");
        assert!(maintenance_url("postgres://db/bad;name").is_err());
        assert!(maintenance_url("postgres://db/").is_err());
    }

    #[test]
    fn lock_keys_differ_per_scope() {
        assert_ne!(advisory_lock_key("auth"), advisory_lock_key("gacha"));
        assert_eq!(advisory_lock_key("auth"), advisory_lock_key("auth"));
    }
}
