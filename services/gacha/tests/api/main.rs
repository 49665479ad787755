//! gacha service: the common endpoints, migrations, and every gacha endpoint against real
//! PostgreSQL and Redis with a real inventory behind it.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod banners;
mod helpers;
mod pulls;
mod resilience;
mod schema;

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(gacha::service(None)).await;
    testkit::conformance::assert_common_endpoints(&app, "gacha").await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_gacha")).await;
}

#[tokio::test]
async fn a_revoked_token_is_refused_before_the_body_is_read() {
    let app = testkit::spawn_app(gacha::service(Some(helpers::settings()))).await;
    testkit::conformance::assert_authentication_before_body(&app, "/api/gacha/pull").await;
}
