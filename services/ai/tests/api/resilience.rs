//! Dependencies failing: the database unreachable gives 503 problems, and a job's owner still
//! gets a clear answer.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{assert_problem, settings};

#[tokio::test]
async fn a_database_that_cannot_be_reached_gives_503_problems_promptly() {
    let ai = testkit::spawn_app_with(ai::service(Some(settings())), |s| {
        if let Some(db) = s.database.as_mut() {
            db.url = "postgres://postgres@127.0.0.1:1/ai".to_owned().into();
            db.acquire_timeout = Duration::from_millis(500);
        }
    })
    .await;
    let user = Uuid::new_v4();
    let http = reqwest::Client::new();
    let started = Instant::now();
    let res = http
        .post(ai.url("/api/ai/jobs"))
        .bearer_auth(ai.auth.token_for(user))
        .json(&json!({"job_type": "question_set"}))
        .send()
        .await
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered promptly"
    );
    assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "database_unavailable").await;
    let res = http
        .get(ai.url("/api/ai/jobs"))
        .bearer_auth(ai.auth.token_for(user))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "database_unavailable").await;
    // The catalogue needs no database.
    assert_eq!(ai.get("/api/ai/models").await.status(), StatusCode::OK);
    assert_eq!(
        ai.get("/readyz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE
    );
}
