//! room service: REST rooms, chat, space objects through a real inventory, co-op actions,
//! and the seed dialects through a real gateway.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod actions;
mod cafe;
mod cafe_alias;
mod game;
mod guests;
mod helpers;
mod jjj;
mod outbox;
mod replicas;
mod resilience;
mod rooms;
mod schema;
mod ws;

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(room::service(Some(helpers::settings()))).await;
    testkit::conformance::assert_common_endpoints(&app, "room").await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_room")).await;
}

#[tokio::test]
async fn a_logged_out_token_with_a_malformed_body_gets_401() {
    let app = testkit::spawn_app(room::service(Some(helpers::settings()))).await;
    testkit::conformance::assert_authentication_before_body(&app, "/api/rooms").await;
}
