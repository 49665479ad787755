//! battle service: the common endpoints every service serves, and its `migrate` command.

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(battle::service(None)).await;
    testkit::conformance::assert_common_endpoints(&app, "battle").await;
}

#[tokio::test]
async fn migrate_creates_the_database_when_missing() {
    testkit::conformance::assert_migrate_creates_database(env!("CARGO_BIN_EXE_battle")).await;
}
