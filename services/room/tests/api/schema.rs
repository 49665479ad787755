//! The hand-kept `schema.rs` matches the migrated database, each `down.sql` reverts its
//! `up.sql`, and the OpenAPI spec lists every endpoint.

use serde_json::Value;

use crate::helpers::spawn;

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let app = spawn().await;
    testkit::schema::assert_schema_matches(
        app.room.db.as_ref().unwrap().url(),
        include_str!("../../src/db/schema.rs"),
    )
    .await;
}

#[tokio::test]
async fn down_migrations_revert_their_up_migrations() {
    let app = spawn().await;
    testkit::schema::assert_down_reverts_up(app.room.db.as_ref().unwrap().url(), || {
        room::MIGRATIONS
    })
    .await;
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
        ("/api/v1/rooms/", "get"),
        ("/api/v1/rooms/", "post"),
        ("/api/v1/rooms/{room_id}", "get"),
        ("/internal/actions", "post"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    assert!(spec["components"]["schemas"]["RoomResponse"].is_object());
}
