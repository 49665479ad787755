//! The hand-kept `schema.rs` matches the migrated database, each `down.sql` reverts its
//! `up.sql`, and the OpenAPI spec lists every endpoint.

use serde_json::Value;

use crate::helpers::spawn_auth;

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let auth = spawn_auth().await;
    testkit::schema::assert_schema_matches(
        auth.app.db.as_ref().unwrap().url(),
        include_str!("../../src/db/schema.rs"),
    )
    .await;
}

#[tokio::test]
async fn down_migrations_revert_their_up_migrations() {
    let auth = spawn_auth().await;
    testkit::schema::assert_down_reverts_up(auth.app.db.as_ref().unwrap().url(), || {
        auth::MIGRATIONS
    })
    .await;
}

#[tokio::test]
async fn the_openapi_spec_documents_every_auth_endpoint() {
    let auth = spawn_auth().await;
    let spec: Value = auth.app.get("/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/auth/register", "post"),
        ("/api/auth/login", "post"),
        ("/api/auth/login", "get"),
        ("/api/auth/refresh", "post"),
        ("/api/auth/logout", "post"),
        ("/api/auth/me", "get"),
        ("/api/auth/me", "patch"),
        ("/api/users/{id}", "get"),
        ("/api/auth/verify", "post"),
        ("/api/auth/guest", "post"),
        ("/api/auth/guest/upgrade", "post"),
        ("/api/auth/providers", "get"),
        ("/api/auth/callback", "get"),
        ("/api/auth/sessions", "get"),
        ("/api/auth/sessions", "delete"),
        ("/api/auth/sessions/{id}", "delete"),
        ("/api/auth/password", "post"),
        ("/api/auth/password/forgot", "post"),
        ("/api/auth/password/reset", "post"),
        ("/api/auth/verify-email", "post"),
        ("/api/auth/verify-email/resend", "post"),
        ("/api/auth/email", "post"),
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/token", "post"),
        ("/.well-known/jwks.json", "get"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    assert!(spec["components"]["schemas"]["AuthResponse"].is_object());
}
