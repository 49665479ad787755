//! Schema drift checks every service runs: its hand-kept `schema.rs` matches the migrated
//! database, and its `down.sql` files really revert their `up.sql`.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness};

/// One column: (table, column, PostgreSQL type, nullable).
pub type ColumnDef = (String, String, String, bool);

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
}

/// The PostgreSQL type name `information_schema` reports for a diesel SQL type.
fn pg_type(diesel_type: &str) -> &'static str {
    match diesel_type {
        "Uuid" => "uuid",
        "Text" | "Varchar" => "text",
        "Bool" => "boolean",
        "Bytea" => "bytea",
        "Int2" => "smallint",
        "Int4" => "integer",
        "Int8" => "bigint",
        "Float4" => "real",
        "Float8" => "double precision",
        "Jsonb" => "jsonb",
        "Date" => "date",
        "Timestamptz" => "timestamp with time zone",
        "Timestamp" => "timestamp without time zone",
        other => panic!("schema.rs type {other} is not mapped in testkit::schema"),
    }
}

/// Columns as a `schema.rs` source declares them, sorted.
pub fn declared_columns(schema_rs: &str) -> Vec<ColumnDef> {
    let mut table: Option<String> = None;
    let mut columns = Vec::new();
    for line in schema_rs.lines().map(str::trim) {
        if let Some((name, _)) = line.split_once(" (")
            && line.ends_with('{')
        {
            table = Some(name.to_owned());
            continue;
        }
        if line == "}" {
            table = None;
        }
        let (Some(table), Some((column, ty))) = (&table, line.split_once(" -> ")) else {
            continue;
        };
        let ty = ty.trim_end_matches(',');
        let (nullable, ty) = match ty.strip_prefix("Nullable<") {
            Some(inner) => (true, inner.trim_end_matches('>')),
            None => (false, ty),
        };
        columns.push((
            table.clone(),
            column.to_owned(),
            pg_type(ty).to_owned(),
            nullable,
        ));
    }
    columns.sort();
    columns
}

/// Columns of the database's public tables (diesel's own table aside), sorted.
pub async fn database_columns(conn: &mut AsyncPgConnection) -> Vec<ColumnDef> {
    let rows: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .load(conn)
    .await
    .unwrap_or_else(|e| panic!("reading information_schema: {e}"));
    let mut columns: Vec<_> = rows
        .into_iter()
        .map(|c| {
            (
                c.table_name,
                c.column_name,
                c.data_type,
                c.is_nullable == "YES",
            )
        })
        .collect();
    columns.sort();
    columns
}

async fn connect(db_url: &str) -> AsyncPgConnection {
    AsyncPgConnection::establish(db_url)
        .await
        .unwrap_or_else(|e| panic!("connecting to {db_url}: {e}"))
}

/// Panics unless the migrated database at `db_url` has exactly the columns `schema_rs` declares.
pub async fn assert_schema_matches(db_url: &str, schema_rs: &str) {
    let mut conn = connect(db_url).await;
    assert_eq!(
        database_columns(&mut conn).await,
        declared_columns(schema_rs),
        "schema.rs and the migrated database differ"
    );
}

/// Reverts every migration (from `migrations`, e.g. `|| svc::MIGRATIONS`) of the database at `db_url` (no table may be left), then applies
/// them again (the same columns must come back).
pub async fn assert_down_reverts_up(db_url: &str, migrations: fn() -> EmbeddedMigrations) {
    let mut conn = connect(db_url).await;
    let before = database_columns(&mut conn).await;
    run_blocking(db_url, move |conn| {
        conn.revert_all_migrations(migrations())
            .map(|_| ())
            .unwrap_or_else(|e| panic!("reverting the migrations: {e}"));
    })
    .await;
    assert!(
        database_columns(&mut conn).await.is_empty(),
        "tables left after reverting every migration"
    );
    run_blocking(db_url, move |conn| {
        conn.run_pending_migrations(migrations())
            .map(|_| ())
            .unwrap_or_else(|e| panic!("re-applying the migrations: {e}"));
    })
    .await;
    assert_eq!(
        database_columns(&mut conn).await,
        before,
        "re-applied migrations differ from the first run"
    );
}

/// Runs a migration harness on its own thread (diesel's harness is synchronous).
async fn run_blocking(
    db_url: &str,
    f: impl FnOnce(&mut AsyncConnectionWrapper<AsyncPgConnection>) + Send + 'static,
) {
    let url = db_url.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn =
            <AsyncConnectionWrapper<AsyncPgConnection> as diesel::Connection>::establish(&url)
                .unwrap_or_else(|e| panic!("connecting to {url}: {e}"));
        f(&mut conn);
    })
    .await
    .unwrap_or_else(|e| panic!("migration thread failed: {e}"));
}
