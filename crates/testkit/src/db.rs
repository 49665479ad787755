//! A fresh database per test, cloned from a template migrated once per test process.
//!
//! Names carry the creating process id (`t_<pid>_<rand>`, `tpl_<svc>_<pid>_<rand>`), so each
//! process can drop what dead processes left behind (a test run killed half-way).

use std::collections::HashMap;
use std::sync::OnceLock;

use common::db::{create_database, run_migrations};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use diesel_migrations::EmbeddedMigrations;
use tokio::sync::Mutex;
use url::Url;

use crate::{block_on_thread, postgres_base_url};

/// A database that exists for one test and is dropped (`WITH (FORCE)`) when this is dropped.
pub struct TestDb {
    name: String,
    url: String,
}

/// Templates made by this process: service name -> template database name.
fn templates() -> &'static Mutex<HashMap<String, String>> {
    static TEMPLATES: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    TEMPLATES.get_or_init(|| Mutex::new(HashMap::new()))
}

fn url_for(name: &str) -> String {
    let mut url =
        Url::parse(&postgres_base_url()).unwrap_or_else(|e| panic!("bad TEST_DATABASE_URL: {e}"));
    url.set_path(&format!("/{name}"));
    url.to_string()
}

async fn admin_conn() -> AsyncPgConnection {
    AsyncPgConnection::establish(&postgres_base_url())
        .await
        .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {}: {e}", postgres_base_url()))
}

fn short_random() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

impl TestDb {
    /// A fresh database with `migrations` applied (through the per-process template).
    pub async fn new(scope: &str, migrations: Option<EmbeddedMigrations>) -> Self {
        let template = Self::template(scope, migrations).await;
        let name = format!("t_{}_{}", std::process::id(), short_random());
        let mut conn = admin_conn().await;
        // Another test may be cloning the same template this instant; PostgreSQL refuses a
        // template that has a connection, so retry briefly.
        let mut last_err = None;
        for _ in 0..50 {
            match create_database(&mut conn, &name, Some(&template)).await {
                Ok(()) => {
                    last_err = None;
                    break;
                }
                Err(e) => {
                    last_err = Some(e);
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
            }
        }
        if let Some(e) = last_err {
            panic!("creating test database {name}: {e:#}");
        }
        TestDb {
            url: url_for(&name),
            name,
        }
    }

    /// An empty database named for this test, not created yet (for create-if-missing tests).
    pub fn unborn() -> Self {
        let name = format!("t_{}_{}", std::process::id(), short_random());
        TestDb {
            url: url_for(&name),
            name,
        }
    }

    async fn template(scope: &str, migrations: Option<EmbeddedMigrations>) -> String {
        let mut templates = templates().lock().await;
        if let Some(name) = templates.get(scope) {
            return name.clone();
        }
        if templates.is_empty() {
            drop_leftovers().await;
        }
        let name = format!("tpl_{scope}_{}_{}", std::process::id(), short_random());
        let mut conn = admin_conn().await;
        create_database(&mut conn, &name, None)
            .await
            .unwrap_or_else(|e| panic!("creating template {name}: {e:#}"));
        if let Some(migrations) = migrations {
            run_migrations(&url_for(&name), scope, migrations)
                .await
                .unwrap_or_else(|e| panic!("migrating template {name}: {e:#}"));
        }
        templates.insert(scope.to_owned(), name.clone());
        name
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its connection URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A direct connection, for arranging and asserting.
    pub async fn conn(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.url)
            .await
            .unwrap_or_else(|e| panic!("connecting to {}: {e}", self.name))
    }

    /// Runs `sql` (one or more statements) on a direct connection, for arranging a test from
    /// outside the service's crate.
    pub async fn exec(&self, sql: &str) {
        self.conn()
            .await
            .batch_execute(sql)
            .await
            .unwrap_or_else(|e| panic!("on {}: {sql}: {e}", self.name));
    }

    /// Whether the database exists on the server.
    pub async fn exists(&self) -> bool {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        use diesel_async::RunQueryDsl;
        let mut conn = admin_conn().await;
        let count: Count =
            diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
                .bind::<diesel::sql_types::Text, _>(&self.name)
                .get_result(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("querying pg_database: {e}"));
        count.n == 1
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        block_on_thread(async move {
            if let Ok(mut conn) = AsyncPgConnection::establish(&postgres_base_url()).await {
                let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                if let Err(e) = conn.batch_execute(&sql).await {
                    eprintln!("testkit: dropping {name}: {e}");
                }
            }
        });
    }
}

/// Drops test and template databases whose creating process is gone.
async fn drop_leftovers() {
    #[derive(diesel::QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    use diesel_async::RunQueryDsl;
    let mut conn = admin_conn().await;
    let names: Vec<Name> = diesel::sql_query(
        "SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' OR datname LIKE 'tpl\\_%'",
    )
    .load(&mut conn)
    .await
    .unwrap_or_default();
    for Name { datname } in names {
        let Some(pid) = owner_pid(&datname) else {
            continue;
        };
        if std::path::Path::new(&format!("/proc/{pid}")).exists() {
            continue;
        }
        let _ = conn
            .batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{datname}\" WITH (FORCE)"
            ))
            .await;
    }
}

/// The pid in `t_<pid>_<rand>` or `tpl_<scope>_<pid>_<rand>`.
fn owner_pid(name: &str) -> Option<u32> {
    let mut parts = name.rsplit('_');
    parts.next()?;
    parts.next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_pid_reads_both_name_shapes() {
        assert_eq!(owner_pid("t_123_abc"), Some(123));
        assert_eq!(owner_pid("tpl_auth_456_abc"), Some(456));
        assert_eq!(owner_pid("tpl_my_svc_789_abc"), Some(789));
        assert_eq!(owner_pid("test"), None);
    }
}
