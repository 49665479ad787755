//! The hand-kept `schema.rs` matches the migrated database, `down.sql` reverts `up.sql`, and
//! the OpenAPI spec lists every endpoint.

use serde_json::Value;

use crate::helpers::spawn_assets;

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let a = spawn_assets(&[]).await;
    testkit::schema::assert_schema_matches(
        a.app.db.as_ref().unwrap().url(),
        include_str!("../../src/db/schema.rs"),
    )
    .await;
}

#[tokio::test]
async fn down_migrations_revert_their_up_migrations() {
    let a = spawn_assets(&[]).await;
    testkit::schema::assert_down_reverts_up(a.app.db.as_ref().unwrap().url(), || asset::MIGRATIONS)
        .await;
}

#[tokio::test]
async fn the_openapi_spec_documents_every_asset_endpoint() {
    let a = spawn_assets(&[]).await;
    let spec: Value = a.app.get("/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/assets", "get"),
        ("/api/assets/upload", "post"),
        ("/api/assets/{asset_id}", "get"),
        ("/api/assets/{asset_id}", "delete"),
        ("/api/assets/{asset_id}/versions", "get"),
        ("/api/assets/{asset_id}/versions/{version}/content", "put"),
        ("/api/assets/{asset_id}/versions/{version}/complete", "post"),
        ("/cdn/{asset_id}/{version}/{filename}", "get"),
        ("/internal/assets", "post"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
}
