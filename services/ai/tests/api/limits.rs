//! Per-user limits: jobs in flight and jobs per 24 hours, 429 with `Retry-After`, and no
//! more accepted than the limit when requests race.

use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{assert_problem, settings, spawn_with};

#[tokio::test]
async fn in_flight_and_daily_limits_answer_429_with_retry_after() {
    let mut s = settings();
    s.workers = 0;
    s.max_in_flight = 2;
    s.max_per_day = 3;
    let app = spawn_with(s, false).await;
    let user = Uuid::new_v4();
    let body = json!({"job_type": "question_set"});
    let first = app.create(user, body.clone()).await;
    let second = app.create(user, body.clone()).await;
    let res = app.post("/api/ai/jobs", user, &body).await;
    assert!(res.headers().contains_key("retry-after"));
    assert_problem(
        res,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_jobs_in_flight",
    )
    .await;
    // Another user is not affected.
    app.create(Uuid::new_v4(), body.clone()).await;

    let second_id = second["job_id"].as_str().unwrap();
    let cancelled = app
        .delete(
            &format!("/api/ai/jobs/{}", first["job_id"].as_str().unwrap()),
            user,
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    app.create(user, body.clone()).await;
    // Two in flight again, and three created today: the daily limit answers once a slot frees.
    app.delete(&format!("/api/ai/jobs/{second_id}"), user).await;
    let res = app.post("/api/ai/jobs", user, &body).await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 86_000 && retry <= 86_400, "{retry}");
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "daily_job_limit").await;
}

#[tokio::test]
async fn the_daily_limit_counts_every_job_created_in_24_hours() {
    let mut s = settings();
    s.max_per_day = 2;
    let app = spawn_with(s, false).await;
    let user = Uuid::new_v4();
    for _ in 0..2 {
        let job = app.create(user, json!({"job_type": "question_set"})).await;
        app.wait_for(user, job["job_id"].as_str().unwrap(), "completed")
            .await;
    }
    let res = app
        .post("/api/ai/jobs", user, &json!({"job_type": "question_set"}))
        .await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 86_000 && retry <= 86_400, "{retry}");
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "daily_job_limit").await;
}

#[tokio::test]
async fn concurrent_creations_never_exceed_the_in_flight_limit() {
    let mut s = settings();
    s.workers = 0;
    s.max_in_flight = 3;
    let app = spawn_with(s, false).await;
    let user = Uuid::new_v4();
    let body = json!({"job_type": "question_set"});
    let answers =
        futures_util::future::join_all((0..12).map(|_| app.post("/api/ai/jobs", user, &body)))
            .await;
    let accepted = answers
        .iter()
        .filter(|r| r.status() == StatusCode::ACCEPTED)
        .count();
    let limited = answers
        .iter()
        .filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((accepted, limited), (3, 9));
}
