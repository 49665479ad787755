//! auth service: the common endpoints, migrations, and every auth endpoint against real
//! PostgreSQL, Redis and SMTP (aiosmtpd), and a wiremock OAuth provider.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod cafe;
mod cleanup;
mod email;
mod helpers;
mod oauth;
mod oauth_security;
mod password;
mod resilience;
mod schema;
mod session_list;
mod sessions;
mod smtp;
mod throttling;
mod tokens;

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(auth::service(None)).await;
    testkit::conformance::assert_common_endpoints(&app, "auth").await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_auth")).await;
}
