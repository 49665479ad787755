//! `POST /internal/generate/questions`: the model's questions within the deadline, the offline
//! generator otherwise, and the voting game getting its questions from the real ai service.

use std::time::{Duration, Instant};

use common::ServiceName;
use common::auth::ServiceTokens;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Stack, assert_problem, settings, spawn_with, with_models};

async fn ask(app: &Stack, body: Value, deadline_ms: Option<u64>) -> reqwest::Response {
    let tokens = ServiceTokens::new("room", &app.ai.context.settings.internal_token_secret);
    let mut req = app
        .http
        .post(app.ai.url("/internal/generate/questions"))
        .bearer_auth(tokens.sign().unwrap())
        .json(&body);
    if let Some(ms) = deadline_ms {
        req = req.header("x-deadline-ms", ms.to_string());
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn the_offline_model_answers_distinct_themed_questions() {
    let app = spawn_with(settings(), false).await;
    let res = ask(&app, json!({"count": 12, "theme": "food"}), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let qs = body["questions"].as_array().unwrap();
    assert_eq!(qs.len(), 12);
    let distinct: std::collections::HashSet<_> = qs.iter().collect();
    assert_eq!(distinct.len(), 12);
    assert_eq!(body["source"], "model");
    // Two games do not get the same list.
    let other: Value = ask(&app, json!({"count": 12, "theme": "food"}), None)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(other["questions"], body["questions"]);
}

#[tokio::test]
async fn bad_requests_and_callers_without_a_service_token_are_refused() {
    let app = spawn_with(settings(), false).await;
    for (body, field) in [
        (json!({"count": 0}), "count"),
        (json!({"count": 51}), "count"),
        (json!({"count": 3, "theme": ""}), "theme"),
    ] {
        let problem = assert_problem(
            ask(&app, body, None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], field);
    }
    let res = app
        .http
        .post(app.ai.url("/internal/generate/questions"))
        .json(&json!({"count": 3}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_slow_model_is_replaced_by_the_offline_generator_within_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"choices": [{"message": {"content": "1. Too slow?"}}]}))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let models = format!(
        r#"[{{"id":"llm","job_types":["question_set"],"provider":"openai","base_url":"{}/v1","model":"m"}}]"#,
        server.uri()
    );
    let app = spawn_with(with_models(&models), false).await;
    let began = Instant::now();
    let res = ask(&app, json!({"count": 5}), Some(300)).await;
    let took = began.elapsed();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(took < Duration::from_millis(1000), "took {took:?}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["source"], "fallback");
    assert_eq!(body["questions"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn a_fast_model_supplies_the_questions() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"choices": [{"message": {"content": "1. Which owl is the wisest?\n2. What do clouds eat?"}}]}),
        ))
        .mount(&server)
        .await;
    let models = format!(
        r#"[{{"id":"llm","job_types":["question_set"],"provider":"openai","base_url":"{}/v1","model":"m"}}]"#,
        server.uri()
    );
    let app = spawn_with(with_models(&models), false).await;
    let body: Value = ask(&app, json!({"count": 2}), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["source"], "model");
    assert_eq!(
        body["questions"],
        json!(["Which owl is the wisest?", "What do clouds eat?"])
    );
}

#[tokio::test]
async fn the_voting_game_gets_its_questions_from_the_real_ai_service() {
    let ai = spawn_with(settings(), false).await;
    let ai_url = url::Url::parse(&ai.ai.address).unwrap();
    let secret = ai.ai.context.settings.internal_token_secret.clone();
    let room_settings = room::RoomSettings {
        fetch_usernames: false,
        ..room::RoomSettings::default()
    };
    let room = testkit::spawn_app_with(room::service(Some(room_settings)), move |s| {
        s.peers[ServiceName::Ai.index()] = ai_url;
        s.internal_token_secret = secret;
    })
    .await;
    let http = reqwest::Client::new();
    let (host, guest) = (Uuid::new_v4(), Uuid::new_v4());
    let created: Value = http
        .post(room.url("/api/rooms"))
        .bearer_auth(room.auth.token_for(host))
        .json(&json!({"kind": "voting", "total_rounds": 3, "player_name": "Host"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = created["code"].as_str().unwrap().to_owned();
    let joined = http
        .post(room.url("/api/rooms/join"))
        .bearer_auth(room.auth.token_for(guest))
        .json(&json!({"code": code, "player_name": "Guest"}))
        .send()
        .await
        .unwrap();
    assert_eq!(joined.status(), StatusCode::OK);
    let started = http
        .post(room.url(&format!("/api/game/{code}/start")))
        .bearer_auth(room.auth.token_for(host))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), StatusCode::OK);
    let started: Value = started.json().await.unwrap();
    let question = started["question"].as_str().unwrap();
    assert!(
        !room::domain::question_bank::QUESTIONS.contains(&question),
        "the question came from room's own bank: {question}"
    );
}
