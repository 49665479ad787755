//! A dependency going away gives 503 problem+json, not a hang; the service recovers with it.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use testkit::RedisProcess;
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::{no_usernames, spawn_with};

#[tokio::test]
async fn the_wallet_answers_503_while_redis_is_down_and_recovers_after() {
    let mut redis = RedisProcess::start().await;
    let url = redis.url();
    let inv = spawn_with(no_usernames(), |s| {
        s.redis.url = url.clone().into();
        s.redis.timeout = Duration::from_millis(500);
    })
    .await;
    let user = Uuid::new_v4();
    assert_eq!(inv.get("/api/wallet", user).await.status(), StatusCode::OK);

    redis.stop();
    let started = Instant::now();
    let res = inv.get("/api/wallet", user).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered promptly"
    );
    // Sessions cannot be checked for revocation: refuse rather than guess.
    assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "auth_unavailable").await;

    redis.restart().await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let res = inv.get("/api/wallet", user).await;
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

#[tokio::test]
async fn a_database_that_cannot_be_reached_gives_503_problems() {
    // A pool pointed at a closed port: every request that needs the database fails fast.
    let inv = spawn_with(no_usernames(), |s| {
        if let Some(db) = s.database.as_mut() {
            db.url = "postgres://postgres@127.0.0.1:1/inventory"
                .to_owned()
                .into();
            db.acquire_timeout = Duration::from_millis(500);
        }
    })
    .await;
    let user = Uuid::new_v4();
    let started = Instant::now();
    let res = inv.get("/api/player/me", user).await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered promptly"
    );
    assert_problem(res, StatusCode::SERVICE_UNAVAILABLE, "database_unavailable").await;
    let res = inv.get("/readyz", user).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}
