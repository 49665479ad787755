//! The hand-kept `schema.rs` matches the migrated database, each `down.sql` reverts its
//! `up.sql`, and the OpenAPI spec lists every endpoint.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use diesel_migrations::MigrationHarness;
use serde_json::Value;

use crate::helpers::spawn;

#[derive(QueryableByName, Debug, PartialEq)]
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

/// Columns as `schema.rs` declares them: (table, column, PostgreSQL type, nullable).
fn declared_columns() -> Vec<(String, String, String, bool)> {
    let source = include_str!("../../src/db/schema.rs");
    let mut table: Option<String> = None;
    let mut columns = Vec::new();
    for line in source.lines().map(str::trim) {
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
        let pg = match ty {
            "Uuid" => "uuid",
            "Text" => "text",
            "Bool" => "boolean",
            "Int4" => "integer",
            "Int8" => "bigint",
            "Float8" => "double precision",
            "Jsonb" => "jsonb",
            "Timestamptz" => "timestamp with time zone",
            other => panic!("schema.rs type {other} not mapped in this test"),
        };
        columns.push((table.clone(), column.to_owned(), pg.to_owned(), nullable));
    }
    columns.sort();
    columns
}

async fn database_columns(conn: &mut AsyncPgConnection) -> Vec<(String, String, String, bool)> {
    let rows: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .load(conn)
    .await
    .unwrap();
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

async fn db(app: &crate::helpers::Stack) -> AsyncPgConnection {
    app.room.db.as_ref().unwrap().conn().await
}

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let app = spawn().await;
    let mut conn = db(&app).await;
    assert_eq!(database_columns(&mut conn).await, declared_columns());
}

#[tokio::test]
async fn down_migrations_revert_their_up_migrations() {
    let app = spawn().await;
    let url = app.room.db.as_ref().unwrap().url().to_owned();
    let mut conn = db(&app).await;
    let before = database_columns(&mut conn).await;
    let url_for_task = url.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn =
            <AsyncConnectionWrapper<AsyncPgConnection> as diesel::Connection>::establish(
                &url_for_task,
            )
            .unwrap();
        conn.revert_all_migrations(room::MIGRATIONS).unwrap();
    })
    .await
    .unwrap();
    assert!(
        database_columns(&mut conn).await.is_empty(),
        "tables left after reverting"
    );
    tokio::task::spawn_blocking(move || {
        let mut conn =
            <AsyncConnectionWrapper<AsyncPgConnection> as diesel::Connection>::establish(&url)
                .unwrap();
        conn.run_pending_migrations(room::MIGRATIONS).unwrap();
    })
    .await
    .unwrap();
    assert_eq!(database_columns(&mut conn).await, before);
}

#[tokio::test]
async fn the_openapi_spec_documents_every_room_endpoint() {
    let app = spawn().await;
    let spec: Value = app.room.get("/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/rooms", "get"),
        ("/api/rooms", "post"),
        ("/api/rooms/all", "get"),
        ("/api/rooms/join", "post"),
        ("/api/rooms/{code}", "get"),
        ("/api/rooms/{code}/leave", "delete"),
        ("/api/rooms/{code}/chat", "get"),
        ("/api/rooms/{code}/chat", "post"),
        ("/api/rooms/{code}/objects", "get"),
        ("/api/rooms/{code}/objects", "post"),
        ("/api/rooms/{code}/objects/{id}", "patch"),
        ("/api/rooms/{code}/objects/{id}", "delete"),
        ("/api/rooms/{code}/tools/use", "post"),
        ("/api/rooms/{code}/tool-logs", "get"),
        ("/internal/actions", "post"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    assert!(spec["components"]["schemas"]["RoomResponse"].is_object());
}
