//! leaderboard service: the common endpoints, migrations, and every leaderboard endpoint
//! against real PostgreSQL and Redis, with auth's profile endpoint served by wiremock.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod idempotency;
mod key_scores;
mod periods;
mod reads;
mod resilience;
mod schema;
mod submit;

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(leaderboard::service(
        None,
        std::sync::Arc::new(leaderboard::SystemClock),
    ))
    .await;
    testkit::conformance::assert_common_endpoints(&app, "leaderboard").await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_leaderboard")).await;
}

#[tokio::test]
async fn a_logged_out_token_with_a_malformed_body_gets_401() {
    let app = testkit::spawn_app(leaderboard::service(
        None,
        std::sync::Arc::new(leaderboard::SystemClock),
    ))
    .await;
    testkit::conformance::assert_authentication_before_body(&app, "/api/scores").await;
}
