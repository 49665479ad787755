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

/// A login from client address `ip` (through a trusted gateway), with the browser's device
/// cookie when it has one.
async fn login_from(
    auth: &crate::helpers::Auth,
    ip: &str,
    device: Option<&str>,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let req = auth
        .http
        .post(auth.url("/api/auth/login"))
        .header("x-forwarded-for", ip)
        .json(&serde_json::json!({ "email": email, "password": password }));
    let req = match device {
        Some(d) => req.header("cookie", format!("auth_device={d}")),
        None => req,
    };
    req.send().await.unwrap()
}

/// The device cookie a successful login sets.
fn device_cookie(res: &reqwest::Response) -> String {
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("auth_device="))
        .expect("a device cookie")
        .to_owned();
    for attribute in ["HttpOnly", "Path=/api/auth", "Secure"] {
        assert!(cookie.contains(attribute), "{attribute}: {cookie}");
    }
    cookie["auth_device=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn spawn_behind_gateway() -> crate::helpers::Auth {
    spawn_auth_with(
        &[
            ("AUTH_TRUST_X_FORWARDED_FOR", "true"),
            ("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_IP", "3"),
            ("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", "6"),
            ("AUTH_LOGIN_MAX_FAILURES_PER_IP", "50"),
        ],
        |_| {},
    )
    .await
}

#[tokio::test]
async fn a_lock_out_attempt_from_many_addresses_does_not_lock_out_the_owners_device() {
    let auth = spawn_behind_gateway().await;
    auth.register("vera@example.com", "vera").await;
    let res = login_from(&auth, "198.51.100.7", None, "vera@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let device = device_cookie(&res);

    // An attacker fails on purpose from five addresses: each is stopped by its own
    // (account, address) window, and together they reach the account's ceiling.
    for i in 1..=5 {
        let ip = format!("203.0.113.{i}");
        for _ in 0..4 {
            login_from(&auth, &ip, None, "vera@example.com", "wrong password").await;
        }
        let res = login_from(&auth, &ip, None, "vera@example.com", "wrong password").await;
        assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
    }
    // A device the account never saw is held back by the ceiling, even with the password...
    let res = login_from(&auth, "192.0.2.50", None, "vera@example.com", PASSWORD).await;
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
    // ...but the owner's browser logs in, from home or from anywhere else.
    for ip in ["198.51.100.7", "192.0.2.99"] {
        let res = login_from(&auth, ip, Some(&device), "vera@example.com", PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "from {ip}");
    }
}

#[tokio::test]
async fn failures_from_the_owners_own_address_do_not_block_the_owners_device() {
    let auth = spawn_behind_gateway().await;
    auth.register("walt@example.com", "walt").await;
    let res = login_from(&auth, "198.51.100.8", None, "walt@example.com", PASSWORD).await;
    let device = device_cookie(&res);
    // Someone behind the same NAT fails until that address is stopped for this account.
    for _ in 0..3 {
        let res = login_from(&auth, "198.51.100.8", None, "walt@example.com", "wrong one").await;
        assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let res = login_from(&auth, "198.51.100.8", None, "walt@example.com", PASSWORD).await;
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
    let res = login_from(
        &auth,
        "198.51.100.8",
        Some(&device),
        "walt@example.com",
        PASSWORD,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_known_device_is_limited_by_its_own_failures_and_only_for_its_account() {
    let auth = spawn_behind_gateway().await;
    auth.register("xena@example.com", "xena").await;
    auth.register("yuri@example.com", "yuri").await;
    let res = login_from(&auth, "198.51.100.9", None, "xena@example.com", PASSWORD).await;
    let device = device_cookie(&res);
    for _ in 0..3 {
        let res = login_from(
            &auth,
            "198.51.100.9",
            Some(&device),
            "xena@example.com",
            "nope nope",
        )
        .await;
        assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let res = login_from(
        &auth,
        "198.51.100.9",
        Some(&device),
        "xena@example.com",
        PASSWORD,
    )
    .await;
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
    // The cookie is known to xena's account only: for yuri it is an unknown device.
    for _ in 0..6 {
        login_from(
            &auth,
            &format!("203.0.113.{}", rand_octet()),
            None,
            "yuri@example.com",
            "bad guess",
        )
        .await;
    }
    let res = login_from(
        &auth,
        "198.51.100.9",
        Some(&device),
        "yuri@example.com",
        PASSWORD,
    )
    .await;
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;
}

/// A different address for each call (1..=250), so no (account, address) window fills first.
fn rand_octet() -> u8 {
    use std::sync::atomic::{AtomicU8, Ordering};
    static NEXT: AtomicU8 = AtomicU8::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[tokio::test]
async fn after_a_password_reset_the_owner_logs_in_from_a_new_device_despite_the_attack() {
    let (auth, smtp) = crate::helpers::spawn_auth_with_mail(&[
        ("AUTH_TRUST_X_FORWARDED_FOR", "true"),
        ("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_IP", "3"),
        ("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", "6"),
    ])
    .await;
    auth.register("zara@example.com", "zara").await;
    for i in 1..=3 {
        for _ in 0..3 {
            login_from(
                &auth,
                &format!("203.0.113.{i}"),
                None,
                "zara@example.com",
                "guess",
            )
            .await;
        }
    }
    let res = login_from(&auth, "192.0.2.7", None, "zara@example.com", PASSWORD).await;
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "too_many_attempts").await;

    auth.post(
        "/api/auth/password/forgot",
        &serde_json::json!({ "email": "zara@example.com" }),
    )
    .await;
    let token = smtp.nth_message_to("zara@example.com", 2).await.token();
    let res = auth
        .post(
            "/api/auth/password/reset",
            &serde_json::json!({ "token": token, "new_password": "a fresh passphrase" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = login_from(
        &auth,
        "192.0.2.7",
        None,
        "zara@example.com",
        "a fresh passphrase",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}
