//! The pool, database creation, per-test databases and migrations under the advisory lock.

use common::db::{build_pool, ensure_database, ping, quick_settings, run_migrations};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text};
use diesel_async::RunQueryDsl;
use testkit::TestDb;

use crate::support::MIGRATIONS;

#[derive(QueryableByName)]
struct Setting {
    #[diesel(sql_type = Text)]
    value: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[tokio::test]
async fn pooled_connections_carry_statement_timeout_and_application_name() {
    let db = TestDb::new("runtime-db", Some(MIGRATIONS)).await;
    let mut settings = quick_settings(db.url(), 2);
    settings.statement_timeout = std::time::Duration::from_millis(1234);
    let pool = build_pool(&settings, "widgets-svc").unwrap();
    ping(&pool).await.unwrap();
    let mut conn = pool.get().await.unwrap();
    let timeout: Setting =
        diesel::sql_query("SELECT current_setting('statement_timeout') AS value")
            .get_result(&mut conn)
            .await
            .unwrap();
    assert_eq!(timeout.value, "1234ms");
    let name: Setting = diesel::sql_query("SELECT current_setting('application_name') AS value")
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(name.value, "widgets-svc");
    let err = diesel::sql_query("SELECT pg_sleep(3)")
        .execute(&mut conn)
        .await;
    assert!(err.is_err(), "statement_timeout cancels slow statements");
}

#[tokio::test]
async fn each_test_database_is_migrated_and_isolated() {
    let a = TestDb::new("runtime-db", Some(MIGRATIONS)).await;
    let b = TestDb::new("runtime-db", Some(MIGRATIONS)).await;
    assert_ne!(a.name(), b.name());
    let mut conn = a.conn().await;
    diesel::sql_query("INSERT INTO widgets (name, quantity) VALUES ('w', 1)")
        .execute(&mut conn)
        .await
        .unwrap();
    let mut conn_b = b.conn().await;
    let count: Count = diesel::sql_query("SELECT count(*) AS n FROM widgets")
        .get_result(&mut conn_b)
        .await
        .unwrap();
    assert_eq!(count.n, 0);
    // The CHECK constraint from the migration is really there.
    let negative = diesel::sql_query("INSERT INTO widgets (name, quantity) VALUES ('x', -1)")
        .execute(&mut conn)
        .await;
    assert!(negative.is_err());
}

#[tokio::test]
async fn a_dropped_test_database_is_gone() {
    let db = TestDb::new("runtime-db", Some(MIGRATIONS)).await;
    let probe = TestDb::unborn();
    let name = db.name().to_owned();
    assert!(db.exists().await);
    drop(db);
    let mut conn = diesel_async::AsyncPgConnection::establish(&testkit::postgres_base_url())
        .await
        .unwrap();
    let count: Count =
        diesel::sql_query("SELECT count(*) AS n FROM pg_database WHERE datname = $1")
            .bind::<Text, _>(&name)
            .get_result(&mut conn)
            .await
            .unwrap();
    assert_eq!(count.n, 0);
    drop(probe);
}

use diesel_async::AsyncConnection;

#[tokio::test]
async fn concurrent_migrators_apply_each_migration_once() {
    let db = TestDb::unborn();
    ensure_database(db.url()).await.unwrap();
    ensure_database(db.url()).await.unwrap(); // idempotent
    let runs = (0..4).map(|_| {
        let url = db.url().to_owned();
        tokio::spawn(async move { run_migrations(&url, "runtime-db", MIGRATIONS).await })
    });
    let mut applied = 0;
    for run in runs {
        applied += run.await.unwrap().unwrap().len();
    }
    assert_eq!(applied, 1, "exactly one replica applied the one migration");
    let mut conn = db.conn().await;
    let count: Count = diesel::sql_query("SELECT count(*) AS n FROM __diesel_schema_migrations")
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(count.n, 1);
}

#[derive(QueryableByName)]
struct Pid {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pid: i32,
}

/// A restart or failover kills the server side of pooled connections: the next query on one
/// must read as the database being down (503 `database_unavailable`), not as our bug (500).
#[tokio::test]
async fn a_query_on_a_connection_the_server_killed_is_database_unavailable() {
    let db = TestDb::new("runtime-db", Some(MIGRATIONS)).await;
    let pool = build_pool(&quick_settings(db.url(), 2), "killed-conn").unwrap();
    let mut victim = pool.get().await.unwrap();
    let Pid { pid } = diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result(&mut victim)
        .await
        .unwrap();
    let mut killer = db.conn().await;
    diesel::sql_query(format!("SELECT pg_terminate_backend({pid})"))
        .execute(&mut killer)
        .await
        .unwrap();
    let err = diesel::sql_query("SELECT 1")
        .execute(&mut victim)
        .await
        .expect_err("the connection was terminated");
    let infra = common::error::Infra::from(err);
    assert!(infra.is_database_down(), "{infra:?}");
    let problem = common::error::Problem::from(infra);
    assert_eq!(problem.status().as_u16(), 503);
    assert_eq!(problem.code(), "database_unavailable");
}
