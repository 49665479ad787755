//! Failed logins are throttled per account and per client address.

use reqwest::StatusCode;
use testkit::conformance::assert_problem;

use crate::helpers::{PASSWORD, spawn_auth_with};

#[tokio::test]
async fn repeated_failures_for_an_account_answer_429_with_retry_after() {
    let auth = spawn_auth_with(&[("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", "3")], |_| {}).await;
    auth.register("hugo@example.com", "hugo").await;
    for _ in 0..3 {
        let res = auth.login("hugo@example.com", "wrong password").await;
        assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let res = auth.login("HUGO@example.com", "wrong password").await;
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
    // Locked for the window, even with the right password.
    let res = auth.login("hugo@example.com", PASSWORD).await;
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
    // Other accounts are not affected.
    auth.register("iris@example.com", "iris").await;
    assert_eq!(
        auth.login("iris@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_successful_login_clears_the_accounts_failures() {
    let auth = spawn_auth_with(&[("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", "3")], |_| {}).await;
    auth.register("jon@example.com", "jon").await;
    for _ in 0..2 {
        auth.login("jon@example.com", "wrong password").await;
    }
    assert_eq!(
        auth.login("jon@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
    for _ in 0..3 {
        let res = auth.login("jon@example.com", "wrong password").await;
        assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
}

#[tokio::test]
async fn failures_from_one_address_are_throttled_across_accounts() {
    let auth = spawn_auth_with(
        &[
            ("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", "100"),
            ("AUTH_LOGIN_MAX_FAILURES_PER_IP", "4"),
        ],
        |_| {},
    )
    .await;
    for i in 0..4 {
        let res = auth
            .login(&format!("guess{i}@example.com"), "password1")
            .await;
        assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let res = auth.login("guess9@example.com", "password1").await;
    assert!(res.headers().contains_key("retry-after"));
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
}

#[tokio::test]
async fn behind_the_gateway_the_forwarded_address_is_throttled() {
    let auth = spawn_auth_with(
        &[
            ("AUTH_LOGIN_MAX_FAILURES_PER_IP", "2"),
            ("AUTH_TRUST_X_FORWARDED_FOR", "true"),
        ],
        |_| {},
    )
    .await;
    let login_from = |ip: &'static str| {
        auth.http
            .post(auth.url("/api/auth/login"))
            .header("x-forwarded-for", ip)
            .json(&serde_json::json!({ "email": "x@example.com", "password": "password1" }))
            .send()
    };
    for _ in 0..2 {
        assert_eq!(
            login_from("203.0.113.1").await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = login_from("203.0.113.1").await.unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same gateway is not affected.
    let res = login_from("203.0.113.2").await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
