//! A dependency going away gives 503 problem+json, not a hang; the service recovers with it.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use testkit::RedisProcess;
use testkit::conformance::assert_problem;

use crate::helpers::{PASSWORD, spawn_auth_with};

#[tokio::test]
async fn login_answers_503_while_redis_is_down_and_recovers_after() {
    let mut redis = RedisProcess::start().await;
    let url = redis.url();
    let auth = spawn_auth_with(&[], |s| {
        s.redis.url = url.clone().into();
        s.redis.timeout = Duration::from_millis(500);
    })
    .await;
    auth.register("quinn@example.com", "quinn").await;
    assert_eq!(
        auth.login("quinn@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );

    redis.stop();
    let started = Instant::now();
    let res = auth.login("quinn@example.com", PASSWORD).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered promptly"
    );
    assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "redis_unavailable").await;

    redis.restart().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let res = auth.login("quinn@example.com", PASSWORD).await;
        if res.status() == StatusCode::OK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "still {} after Redis came back",
            res.status()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
