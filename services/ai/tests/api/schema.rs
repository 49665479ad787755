//! The hand-kept `schema.rs` matches the migrated database, each `down.sql` reverts its
//! `up.sql`, and the OpenAPI spec lists every endpoint.

use serde_json::Value;

use crate::helpers::spawn;

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let app = spawn().await;
    testkit::schema::assert_schema_matches(
        app.ai.db.as_ref().unwrap().url(),
        include_str!("../../src/db/schema.rs"),
    )
    .await;
}

#[tokio::test]
async fn down_migrations_revert_their_up_migrations() {
    let app = spawn().await;
    testkit::schema::assert_down_reverts_up(app.ai.db.as_ref().unwrap().url(), || ai::MIGRATIONS)
        .await;
}

#[tokio::test]
async fn the_openapi_spec_documents_every_ai_endpoint() {
    let app = spawn().await;
    let spec: Value = app.ai.get("/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/ai/jobs", "post"),
        ("/api/ai/jobs", "get"),
        ("/api/ai/jobs/{id}", "get"),
        ("/api/ai/jobs/{id}", "delete"),
        ("/api/ai/models", "get"),
        ("/api/ai/images/{file}", "get"),
        ("/internal/generate/questions", "post"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} missing from the spec"
        );
    }
}
