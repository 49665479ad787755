//! The shared bootstrap: common endpoints, problem+json for every error, request ids,
//! readiness following Redis and PostgreSQL.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::{assert_common_endpoints, assert_problem};
use testkit::{RedisProcess, spawn_app, spawn_app_with};

use crate::support::service;

#[tokio::test]
async fn a_service_serves_health_readiness_docs_and_metrics() {
    let app = spawn_app(service()).await;
    assert_common_endpoints(&app, "leaderboard").await;
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();
    assert!(
        spec["paths"]["/widgets"]["post"].is_object(),
        "service routes are documented"
    );
    assert!(spec["components"]["schemas"]["ProblemBody"].is_object());
}

#[tokio::test]
async fn metrics_count_routes_but_not_swagger_ui() {
    let app = spawn_app(service()).await;
    for path in ["/docs", "/docs/", "/docs/swagger-ui.css", "/openapi.json"] {
        app.get(path).await;
    }
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("endpoint=\"/openapi.json\""), "{metrics}");
    assert!(!metrics.contains("endpoint=\"/docs"), "{metrics}");
}

#[tokio::test]
async fn malformed_json_answers_400_problem() {
    let app = spawn_app(service()).await;
    let res = app
        .client
        .post(app.url("/widgets"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "malformed_json").await;
}

#[tokio::test]
async fn json_of_the_wrong_shape_answers_422_problem() {
    let app = spawn_app(service()).await;
    let res = app
        .client
        .post(app.url("/widgets"))
        .json(&json!({ "name": "a", "quantity": -1 }))
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    assert!(
        body["detail"].as_str().unwrap().contains("quantity")
            || body["detail"].as_str().unwrap().contains("-1")
    );
}

#[tokio::test]
async fn wrong_content_type_answers_415_problem() {
    let app = spawn_app(service()).await;
    let res = app
        .client
        .post(app.url("/widgets"))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_problem(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn oversized_body_answers_413_problem() {
    let app = spawn_app_with(service(), |s| s.http.max_body_bytes = 64).await;
    let res = app
        .client
        .post(app.url("/widgets"))
        .json(&json!({ "name": "x".repeat(200), "quantity": 1 }))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn bad_path_and_query_parameters_answer_400_problem() {
    let app = spawn_app(service()).await;
    assert_problem(
        app.get("/widgets/abc").await,
        StatusCode::BAD_REQUEST,
        "invalid_path_parameter",
    )
    .await;
    assert_problem(
        app.get("/page?limit=lots").await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    assert_problem(
        app.get("/page").await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    assert_eq!(app.get("/page?limit=5").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn request_ids_are_kept_when_sane_and_replaced_when_not() {
    let app = spawn_app(service()).await;
    let res = app
        .client
        .get(app.url("/nope"))
        .header("x-request-id", "trace-abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-abc-123");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["request_id"], "trace-abc-123");

    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "bad id\twith tab")
        .send()
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id, "bad id\twith tab");
    assert!(uuid::Uuid::parse_str(&id).is_ok());
}

async fn wait_for_status(
    app: &testkit::TestApp,
    want: StatusCode,
    within: Duration,
) -> reqwest::Response {
    let deadline = Instant::now() + within;
    loop {
        let res = app.get("/readyz").await;
        if res.status() == want || Instant::now() > deadline {
            return res;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn readiness_follows_redis_down_and_back_without_a_restart() {
    let mut redis = RedisProcess::start().await;
    let url = redis.url();
    let app = spawn_app_with(service(), |s| {
        s.redis.url = url.clone().into();
        s.redis.timeout = Duration::from_millis(500);
    })
    .await;
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);

    redis.stop();
    let res = wait_for_status(
        &app,
        StatusCode::SERVICE_UNAVAILABLE,
        Duration::from_secs(5),
    )
    .await;
    let body = assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "not_ready").await;
    assert!(body["detail"].as_str().unwrap().contains("redis"), "{body}");

    redis.restart().await;
    let res = wait_for_status(&app, StatusCode::OK, Duration::from_secs(5)).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "ready again within a few seconds"
    );
}

#[tokio::test]
async fn readiness_is_503_quickly_when_postgres_is_unreachable() {
    let app = spawn_app_with(service(), |s| {
        let db = s.database.as_mut().unwrap();
        // A port nothing listens on.
        db.url = "postgres://postgres@127.0.0.1:1/nowhere".to_owned().into();
        db.acquire_timeout = Duration::from_millis(500);
    })
    .await;
    let started = Instant::now();
    let body = assert_problem(
        app.get("/readyz").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "not_ready",
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("database"),
        "{body}"
    );
    assert!(started.elapsed() < Duration::from_secs(3), "no hang");
    assert_eq!(
        app.get("/healthz").await.status(),
        StatusCode::OK,
        "liveness is independent"
    );
}
