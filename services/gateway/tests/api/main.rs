//! gateway service: the common endpoints every service serves.

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = testkit::spawn_app(gateway::service()).await;
    testkit::conformance::assert_common_endpoints(&app, "gateway").await;
}
