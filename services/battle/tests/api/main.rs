//! battle service: the common endpoints, then battles, loot, raids, the pool, resilience and
//! the gallery, against real PostgreSQL, Redis and a real inventory.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod battles;
mod concurrency;
mod gallery;
mod helpers;
mod idempotency;
mod pool;
mod raids;
mod resilience;
mod ws;

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(battle::service(Some(helpers::settings()))).await;
    testkit::conformance::assert_common_endpoints(&app, "battle").await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_battle")).await;
}

#[tokio::test]
async fn authentication_completes_before_the_body_is_read() {
    let app = testkit::spawn_app(battle::service(Some(helpers::settings()))).await;
    testkit::conformance::assert_authentication_before_body(&app, "/api/battles/1/attack").await;
}

#[tokio::test]
async fn the_schema_matches_the_migrations_and_down_reverts_up() {
    let app = testkit::spawn_app(battle::service(Some(helpers::settings()))).await;
    let url = app.db.as_ref().unwrap().url().to_owned();
    testkit::schema::assert_schema_matches(&url, include_str!("../../src/db/schema.rs")).await;
    testkit::schema::assert_down_reverts_up(&url, || battle::MIGRATIONS).await;
}
