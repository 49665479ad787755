//! inventory service: the common endpoints, migrations, and every inventory endpoint against
//! real PostgreSQL and Redis.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cafe;
mod economy;
mod gacha_items;
mod helpers;
mod items;
mod pets;
mod player;
mod resilience;
mod saves;
mod schema;
mod shop;

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(inventory::service(None)).await;
    testkit::conformance::assert_common_endpoints(&app, "inventory").await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_inventory")).await;
}

#[tokio::test]
async fn a_logged_out_token_with_a_malformed_body_gets_401() {
    let app = testkit::spawn_app(inventory::service(None)).await;
    testkit::conformance::assert_authentication_before_body(&app, "/api/shop/purchase").await;
}
