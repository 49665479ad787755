//! The OpenAI-compatible provider against wiremock servers speaking its protocol: success,
//! 429 then success, 500, a timeout, malformed JSON, images, and URLs that are never fetched.

use std::time::Duration;

use base64::Engine;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Stack, spawn_with, with_models};

fn chat(content: &str) -> Value {
    json!({
        "id": "chatcmpl-1", "object": "chat.completion", "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]
    })
}

/// One openai model `m1` serving `job_type` at `server`.
async fn stack(server: &MockServer, job_type: &str, extra: &str) -> Stack {
    let models = format!(
        r#"[{{"id":"m1","job_types":["{job_type}"],"provider":"openai","base_url":"{}/v1","model":"test-model","api_key_env":"K"{extra}}}]"#,
        server.uri()
    );
    spawn_with(with_models(&models), false).await
}

async fn run(app: &Stack, body: Value, status: &str) -> Value {
    let user = Uuid::new_v4();
    let job = app.create(user, body).await;
    app.wait_for(user, job["job_id"].as_str().unwrap(), status)
        .await
}

#[tokio::test]
async fn a_chat_completion_becomes_the_jobs_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/chat/completions"))
        .and(header("authorization", "Bearer sk-test"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(chat("  Mira was born\u{7} under a red moon.\n ")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let app = stack(&server, "character_bio", "").await;
    let done = run(
        &app,
        json!({"job_type": "character_bio", "parameters": {"name": "Mira"}}),
        "completed",
    )
    .await;
    assert_eq!(done["result"]["text"], "Mira was born under a red moon.");
    assert_eq!(done["result"]["model_version"], "test-model");
    assert_eq!(done["attempts"], 1);
    let sent = &server.received_requests().await.unwrap()[0];
    let body: Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(body["model"], "test-model");
    assert!(
        body["messages"][1]["content"]
            .as_str()
            .unwrap()
            .contains("Mira")
    );
}

#[tokio::test]
async fn questions_are_parsed_from_a_numbered_list_and_topped_up() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(chat("1. What do owls dream of?\n2) \"Who ate the moon?\"")),
        )
        .mount(&server)
        .await;
    let app = stack(&server, "question_set", "").await;
    let done = run(
        &app,
        json!({"job_type": "question_set", "parameters": {"count": 4}}),
        "completed",
    )
    .await;
    let qs: Vec<&str> = done["result"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap())
        .collect();
    assert_eq!(qs.len(), 4);
    assert_eq!(&qs[..2], ["What do owls dream of?", "Who ate the moon?"]);
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(chat("A fine sword.")))
        .mount(&server)
        .await;
    let app = stack(&server, "item_description", r#","fallback":false"#).await;
    let done = run(
        &app,
        json!({"job_type": "item_description", "parameters": {"item_name": "Edge"}}),
        "completed",
    )
    .await;
    assert_eq!(done["attempts"], 2);
    assert_eq!(done["result"]["text"], "A fine sword.");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn a_500_is_retried_and_the_next_attempt_completes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(chat("Second time lucky.")))
        .mount(&server)
        .await;
    let app = stack(&server, "character_bio", r#","fallback":false"#).await;
    let done = run(
        &app,
        json!({"job_type": "character_bio", "parameters": {"name": "Oda"}}),
        "completed",
    )
    .await;
    assert_eq!(done["attempts"], 2);
    assert_eq!(done["result"]["text"], "Second time lucky.");
}

#[tokio::test]
async fn a_provider_that_times_out_falls_back_to_the_offline_generator_on_the_last_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(chat("too late"))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let app = stack(&server, "character_bio", r#","timeout_ms":200"#).await;
    let started = std::time::Instant::now();
    let done = run(
        &app,
        json!({"job_type": "character_bio", "parameters": {"name": "Oda"}}),
        "completed",
    )
    .await;
    assert_eq!(done["attempts"], 3);
    assert_eq!(done["result"]["fallback"], true);
    assert_eq!(done["result"]["model_version"], "offline-1");
    assert!(done["result"]["text"].as_str().unwrap().contains("Oda"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn malformed_json_fails_the_job_when_fallback_is_off() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"choices\": [oops"))
        .mount(&server)
        .await;
    let app = stack(&server, "character_bio", r#","fallback":false"#).await;
    let failed = run(
        &app,
        json!({"job_type": "character_bio", "parameters": {"name": "Oda"}}),
        "failed",
    )
    .await;
    assert!(
        failed["error"].as_str().unwrap().contains("malformed"),
        "{failed}"
    );
    assert_eq!(failed["attempts"], 3);

    // Valid JSON of the wrong shape is malformed too; a 400 is not retried at all.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"error": {"message": "bad"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let app = stack(&server, "character_bio", r#","fallback":false"#).await;
    let failed = run(
        &app,
        json!({"job_type": "character_bio", "parameters": {"name": "Oda"}}),
        "failed",
    )
    .await;
    assert_eq!(failed["attempts"], 1);
    assert!(
        failed["error"].as_str().unwrap().contains("refused"),
        "{failed}"
    );
}

#[tokio::test]
async fn an_image_answer_is_stored_and_a_url_answer_is_never_fetched() {
    let png =
        ai::domain::offline::portrait(&mut ai::domain::offline::Rng::new(4), "x", 64).unwrap();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/images/generations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "created": 1, "data": [{"b64_json": base64::engine::general_purpose::STANDARD.encode(&png)}]
        })))
        .mount(&server)
        .await;
    let app = stack(&server, "character_art", "").await;
    let done = run(
        &app,
        json!({"job_type": "character_art", "parameters": {"prompt": "a knight", "size": 64}}),
        "completed",
    )
    .await;
    let cdn = reqwest::Url::parse(done["result"]["image_url"].as_str().unwrap()).unwrap();
    let res = app
        .http
        .get(format!("{}{}", app.asset.address, cdn.path()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), png.as_slice());
    assert!(done["result"].get("fallback").is_none());

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/images/generations"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "created": 1, "data": [{"url": format!("{}/internal-only/secret.png", server.uri())}]
        })))
        .mount(&server)
        .await;
    let app = stack(&server, "character_art", r#","fallback":false"#).await;
    let failed = run(
        &app,
        json!({"job_type": "character_art", "parameters": {"prompt": "a knight"}}),
        "failed",
    )
    .await;
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("URLs are not fetched"),
        "{failed}"
    );
    let requests = server.received_requests().await.unwrap();
    assert!(
        requests
            .iter()
            .all(|r| r.url.path() == "/v1/images/generations")
    );
}
