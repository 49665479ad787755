//! asset service: the common endpoints, migrations, and every asset endpoint through the API
//! against real PostgreSQL and Redis, with the local backend on a private directory.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cdn;
mod dedup;
mod helpers;
mod internal;
mod lifecycle;
mod limits;
mod reads;
mod s3;
mod schema;
mod thumbnails;
mod upload;

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let assets = helpers::spawn_assets(&[]).await;
    testkit::conformance::assert_common_endpoints(&assets.app, "asset").await;
}

#[tokio::test]
async fn authentication_completes_before_the_upload_body_is_read() {
    let assets = helpers::spawn_assets(&[]).await;
    testkit::conformance::assert_authentication_before_body(&assets.app, "/api/assets/upload")
        .await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_asset")).await;
}
