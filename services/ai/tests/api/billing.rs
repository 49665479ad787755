//! Paid models against a real inventory: debited on acceptance, refunded once on failure or
//! cancellation, nothing spent when the debit is refused.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{assert_problem, eventually, settings, spawn_with, with_models};

#[tokio::test]
async fn a_paid_job_is_debited_once_and_completes() {
    let app = spawn_with(settings(), true).await;
    let user = Uuid::new_v4();
    app.fund(user, 25).await;
    let before = app.gems(user).await;
    let job = app
        .create(user, json!({"job_type": "character_art", "model": "character_art_v1", "parameters": {"prompt": "a hero"}}))
        .await;
    assert_eq!(job["cost"], 10);
    assert_eq!(app.gems(user).await, before - 10);
    let done = app
        .wait_for(user, job["job_id"].as_str().unwrap(), "completed")
        .await;
    assert_eq!(done["refunded"], false);
    assert_eq!(app.gems(user).await, before - 10);
}

#[tokio::test]
async fn too_few_gems_is_409_and_leaves_no_job_and_no_charge() {
    let app = spawn_with(
        with_models(r#"[{"id":"pricey","job_types":["character_bio"],"cost":1000000000}]"#),
        true,
    )
    .await;
    let user = Uuid::new_v4();
    app.fund(user, 5).await;
    let before = app.gems(user).await;
    let res = app
        .post(
            "/api/ai/jobs",
            user,
            &json!({"job_type": "character_bio", "model": "pricey", "parameters": {"name": "A"}}),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "insufficient_funds").await;
    let list: serde_json::Value = app.get("/api/ai/jobs", user).await.json().await.unwrap();
    assert_eq!(list["total"], 0);
    assert_eq!(app.gems(user).await, before);
}

#[tokio::test]
async fn cancelling_a_queued_paid_job_refunds_it_once() {
    let mut s = settings();
    s.workers = 0;
    let app = spawn_with(s, true).await;
    let user = Uuid::new_v4();
    app.fund(user, 10).await;
    let before = app.gems(user).await;
    let job = app
        .create(user, json!({"job_type": "item_description", "model": "description_v1", "parameters": {"item_name": "Cup"}}))
        .await;
    let id = job["job_id"].as_str().unwrap();
    assert_eq!(app.gems(user).await, before - 5);
    let res = app.delete(&format!("/api/ai/jobs/{id}"), user).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cancelled: serde_json::Value = res.json().await.unwrap();
    assert_eq!(cancelled["refunded"], true);
    assert_eq!(app.gems(user).await, before);
    let again = app.delete(&format!("/api/ai/jobs/{id}"), user).await;
    assert_problem(again, StatusCode::CONFLICT, "job_not_cancellable").await;
    // A refund sent again (a sweeper, a retry) is answered from inventory's ledger.
    let state = app.state();
    ai::app::billing::refund(&state, id.parse().unwrap())
        .await
        .unwrap();
    ai::app::workers::sweep_once(&state).await.unwrap();
    assert_eq!(app.gems(user).await, before);
}

#[tokio::test]
async fn cancelling_a_paid_job_while_it_runs_refunds_once_and_drops_its_result() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"choices": [{"message": {"content": "Late words."}}]}))
                .set_delay(Duration::from_millis(1500)),
        )
        .mount(&server)
        .await;
    let s = with_models(&format!(
        r#"[{{"id":"slow","job_types":["character_bio"],"cost":3,"provider":"openai","base_url":"{}/v1","model":"m","timeout_ms":5000}}]"#,
        server.uri()
    ));
    let app = spawn_with(s, true).await;
    let user = Uuid::new_v4();
    app.fund(user, 3).await;
    let before = app.gems(user).await;
    let job = app
        .create(
            user,
            json!({"job_type": "character_bio", "model": "slow", "parameters": {"name": "Z"}}),
        )
        .await;
    let id = job["job_id"].as_str().unwrap().to_owned();
    app.wait_for(user, &id, "processing").await;
    assert_eq!(app.gems(user).await, before - 3);
    let res = app.delete(&format!("/api/ai/jobs/{id}"), user).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.gems(user).await, before);
    // The provider answers after the cancel; the job stays cancelled.
    eventually(Duration::from_secs(5), || async {
        (!server.received_requests().await.unwrap().is_empty()).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let after = app.job(user, &id).await;
    assert_eq!(after["status"], "cancelled");
    assert_eq!(after["result"], serde_json::Value::Null);
    assert!(
        !app.events(user, &id)
            .await
            .contains(&"job_completed".to_owned())
    );
    assert_eq!(app.gems(user).await, before);
}

#[tokio::test]
async fn a_failed_paid_job_is_refunded_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let mut s = with_models(&format!(
        r#"[{{"id":"broken","job_types":["character_bio"],"cost":4,"provider":"openai","base_url":"{}/v1","model":"m","fallback":false}}]"#,
        server.uri()
    ));
    s.max_attempts = 2;
    let app = spawn_with(s, true).await;
    let user = Uuid::new_v4();
    app.fund(user, 4).await;
    let before = app.gems(user).await;
    let job = app
        .create(
            user,
            json!({"job_type": "character_bio", "model": "broken", "parameters": {"name": "Z"}}),
        )
        .await;
    let id = job["job_id"].as_str().unwrap().to_owned();
    let failed = app.wait_for(user, &id, "failed").await;
    let failed = if failed["refunded"] == true {
        failed
    } else {
        app.wait_for_refund(user, &id).await
    };
    assert_eq!(failed["refunded"], true);
    assert_eq!(app.gems(user).await, before);
    let state = app.state();
    ai::app::billing::refund(&state, id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(app.gems(user).await, before);
}

#[tokio::test]
async fn a_paid_job_the_offline_generator_answered_is_completed_and_refunded_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let mut s = with_models(&format!(
        r#"[{{"id":"flaky","job_types":["character_bio"],"cost":4,"provider":"openai","base_url":"{}/v1","model":"m","fallback":true}}]"#,
        server.uri()
    ));
    s.max_attempts = 2;
    let app = spawn_with(s, true).await;
    let user = Uuid::new_v4();
    app.fund(user, 4).await;
    let before = app.gems(user).await;
    let job = app
        .create(
            user,
            json!({"job_type": "character_bio", "model": "flaky", "parameters": {"name": "Z"}}),
        )
        .await;
    let id = job["job_id"].as_str().unwrap().to_owned();
    let done = app.wait_for(user, &id, "completed").await;
    assert_eq!(done["result"]["fallback"], true, "{done}");
    assert!(
        done["result"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    let done = if done["refunded"] == true {
        done
    } else {
        app.wait_for_refund(user, &id).await
    };
    assert_eq!(done["refunded"], true);
    assert_eq!(app.gems(user).await, before);
    // A second refund (the sweeper's, or a retry) gives nothing more.
    ai::app::billing::refund(&app.state(), id.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(app.gems(user).await, before);
}

#[tokio::test]
async fn a_debit_whose_answer_was_lost_is_finished_by_the_sweeper_with_the_same_key() {
    // Inventory as a wiremock: unavailable for the first call (and its retries), then fine.
    let inventory = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(3)
        .mount(&inventory)
        .await;
    let user = Uuid::new_v4();
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "transaction_id": Uuid::new_v4(), "user_id": user, "reason": "ai_job_charge",
            "replayed": false, "granted": [], "consumed": [],
            "balances": {"gold": 0, "gems": 95, "stamina": 10, "stamina_max": 10}
        })))
        .mount(&inventory)
        .await;
    let url = url::Url::parse(&inventory.uri()).unwrap();
    let ai = testkit::spawn_app_with(ai::service(Some(settings())), move |s| {
        s.peers[common::ServiceName::Inventory.index()] = url;
    })
    .await;
    let http = reqwest::Client::new();
    let res = http
        .post(ai.url("/api/ai/jobs"))
        .bearer_auth(ai.auth.token_for(user))
        .json(&json!({"job_type": "character_bio", "model": "description_v1", "parameters": {"name": "Q"}}))
        .send()
        .await
        .unwrap();
    assert!(res.headers().contains_key("retry-after"));
    assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "payment_pending").await;

    let job = eventually(Duration::from_secs(15), || async {
        let list: serde_json::Value = http
            .get(ai.url("/api/ai/jobs"))
            .bearer_auth(ai.auth.token_for(user))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let job = list["jobs"][0].clone();
        (job["status"] == "completed").then_some(job)
    })
    .await;
    let key = format!("ai:charge:{}", job["job_id"].as_str().unwrap());
    let requests = inventory.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    for r in &requests {
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["idempotency_key"], key.as_str());
        assert_eq!(body["debits"][0], json!({"currency": "gems", "amount": 5}));
    }
}
