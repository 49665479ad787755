//! ai service integration tests: real PostgreSQL and Redis, a real inventory and room where a
//! test crosses into them, and wiremock servers speaking the OpenAI protocol as providers.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod billing;
mod helpers;
mod jobs;
mod limits;
mod providers;
mod questions;
mod queue;
mod resilience;
mod schema;

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(ai::service(Some(helpers::settings()))).await;
    testkit::conformance::assert_common_endpoints(&app, "ai").await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_ai")).await;
}

#[tokio::test]
async fn authentication_completes_before_the_body_is_read() {
    let app = testkit::spawn_app(ai::service(Some(helpers::settings()))).await;
    testkit::conformance::assert_authentication_before_body(&app, "/api/ai/jobs").await;
}
