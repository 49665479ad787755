//! The internal client: service token, request id and acting user on every call; bounded
//! retries only where repeating is safe; peers' problem bodies surfaced.

use common::ServiceName;
use common::http::{CallError, Retry};
use common::telemetry::{RequestId, with_request_id};
use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::{spawn_app, spawn_app_with};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::service;

#[tokio::test]
async fn calls_carry_service_token_request_id_and_acting_user() {
    // Two instances of the test service: one calls the other's internal route.
    let callee = spawn_app(service()).await;
    let callee_url = url::Url::parse(&callee.address).unwrap();
    let secret = callee.context.settings.internal_token_secret.clone();
    let caller = spawn_app_with(service(), |s| {
        s.peers[ServiceName::Asset.index()] = callee_url;
        s.internal_token_secret = secret;
    })
    .await;
    let user = Uuid::new_v4();
    let id = RequestId::from_header(&"req-77".parse().unwrap()).unwrap();
    let body: Value = with_request_id(
        id,
        caller
            .context
            .internal
            .get(ServiceName::Asset, "/internal/echo", Some(user)),
    )
    .await
    .unwrap();
    assert_eq!(body["service"], "leaderboard");
    assert_eq!(body["acting_user"], user.to_string());
    assert_eq!(body["request_id"], "req-77");
}

async fn caller_of(mock: &MockServer) -> testkit::TestApp {
    let url = url::Url::parse(&mock.uri()).unwrap();
    spawn_app_with(service(), |s| s.peers[ServiceName::Asset.index()] = url).await
}

#[tokio::test]
async fn idempotent_calls_are_retried_on_503_and_others_are_not() {
    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3) // 1 + INTERNAL_HTTP_RETRIES (2)
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path("/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&mock)
        .await;
    let app = caller_of(&mock).await;
    let internal = &app.context.internal;

    let err = internal
        .get::<Value>(ServiceName::Asset, "/flaky", None)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        CallError::Status {
            status: StatusCode::SERVICE_UNAVAILABLE,
            ..
        }
    ));
    let err = internal
        .post::<_, Value>(ServiceName::Asset, "/flaky", &json!({}), None, Retry::Never)
        .await
        .unwrap_err();
    assert!(matches!(err, CallError::Status { .. }));
    mock.verify().await;
}

#[tokio::test]
async fn a_peers_problem_code_reaches_the_caller() {
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/internal/transactions"))
        .respond_with(
            ResponseTemplate::new(409)
                .insert_header("content-type", "application/problem+json")
                .set_body_json(json!({
                    "type": "urn:gameplatform:problem:insufficient_funds",
                    "title": "Conflict", "status": 409, "code": "insufficient_funds",
                    "detail": "needs 160 gems"
                })),
        )
        .mount(&mock)
        .await;
    let app = caller_of(&mock).await;
    let err = app
        .context
        .internal
        .post::<_, Value>(
            ServiceName::Asset,
            "/internal/transactions",
            &json!({"k": 1}),
            None,
            Retry::Idempotent,
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("insufficient_funds"));
}

#[tokio::test]
async fn an_unreachable_peer_is_reported_as_such() {
    let app = spawn_app_with(service(), |s| {
        s.peers[ServiceName::Asset.index()] = url::Url::parse("http://127.0.0.1:1").unwrap();
    })
    .await;
    let err = app
        .context
        .internal
        .get::<Value>(ServiceName::Asset, "/x", None)
        .await
        .unwrap_err();
    assert!(matches!(err, CallError::Unreachable { .. }), "{err}");
}
