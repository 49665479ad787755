//! Refresh-token rotation and reuse detection, logout (seen by other services at once), and
//! the token cookies.

use reqwest::StatusCode;
use reqwest::header::SET_COOKIE;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;

use crate::helpers::{PASSWORD, spawn_auth, spawn_auth_with, spawn_probe, whoami_status};

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn cookie<'a>(cookies: &'a [String], name: &str) -> &'a str {
    cookies
        .iter()
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {cookies:?}"))
}

#[tokio::test]
async fn refresh_rotates_the_pair_and_reusing_an_old_token_revokes_the_session() {
    let auth = spawn_auth().await;
    let reg = auth.register("ann@example.com", "ann").await;
    let first = reg["refresh_token"].as_str().unwrap();

    let res = auth.refresh(first).await;
    assert_eq!(res.status(), StatusCode::OK);
    let second: Value = res.json().await.unwrap();
    let second_refresh = second["refresh_token"].as_str().unwrap();
    let second_access = second["access_token"].as_str().unwrap();
    assert_ne!(second_refresh, first);
    assert_eq!(second["user"]["id"], reg["user"]["id"]);
    let sid = |t: &str| crate::tokens::claims_of(t)["sid"].clone();
    assert_eq!(
        sid(second_access),
        sid(reg["access_token"].as_str().unwrap()),
        "same session"
    );
    assert_eq!(
        auth.get_with("/api/auth/me", second_access).await.status(),
        StatusCode::OK
    );

    // The first token again: someone replayed it, so the whole family dies.
    let res = auth.refresh(first).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "refresh_token_reused").await;
    let res = auth.refresh(second_refresh).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    let res = auth.get_with("/api/auth/me", second_access).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;

    // Other sessions of the account are untouched.
    assert_eq!(
        auth.login("ann@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn concurrent_refreshes_with_one_token_let_only_one_win() {
    let auth = spawn_auth().await;
    let reg = auth.register("bea@example.com", "bea").await;
    let token = reg["refresh_token"].as_str().unwrap();
    let (a, b) = tokio::join!(auth.refresh(token), auth.refresh(token));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNAUTHORIZED]);
    let loser = if a.status() == StatusCode::OK { b } else { a };
    assert_problem(loser, StatusCode::UNAUTHORIZED, "refresh_token_reused").await;
}

#[tokio::test]
async fn refresh_without_a_valid_token_returns_401() {
    let auth = spawn_auth().await;
    let res = auth
        .http
        .post(auth.url("/api/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    for garbage in ["rt_unknown", "not-a-refresh-token", &"rt_x".repeat(100)] {
        let res = auth.refresh(garbage).await;
        assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    }
}

#[tokio::test]
async fn an_expired_refresh_token_is_refused() {
    let auth = spawn_auth().await;
    let reg = auth.register("cid@example.com", "cid").await;
    let mut conn = auth.db().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("UPDATE refresh_tokens SET expires_at = now() - interval '1 second'"),
        &mut conn,
    )
    .await
    .unwrap();
    let res = auth.refresh(reg["refresh_token"].as_str().unwrap()).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
}

#[tokio::test]
async fn token_cookies_are_httponly_samesite_lax_and_secure_by_default() {
    let auth = spawn_auth().await;
    let res = auth
        .post(
            "/api/auth/register",
            &json!({ "email": "dot@example.com", "username": "dot", "password": PASSWORD }),
        )
        .await;
    let cookies = set_cookies(&res);
    let access = cookie(&cookies, "access_token");
    let refresh = cookie(&cookies, "refresh_token");
    for c in [access, refresh] {
        assert!(c.contains("HttpOnly"), "{c}");
        assert!(c.contains("SameSite=Lax"), "{c}");
        assert!(c.contains("Secure"), "{c}");
    }
    assert!(
        access.contains("Path=/;") || access.ends_with("Path=/"),
        "{access}"
    );
    assert!(access.contains("Max-Age=900"), "{access}");
    assert!(refresh.contains("Path=/api/auth"), "{refresh}");
    let body: Value = res.json().await.unwrap();
    assert!(access.starts_with(&format!(
        "access_token={};",
        body["access_token"].as_str().unwrap()
    )));
}

#[tokio::test]
async fn a_browser_can_refresh_and_log_out_with_cookies_alone() {
    let auth = spawn_auth_with(&[("AUTH_COOKIE_SECURE", "false")], |_| {}).await;
    // `app.client` keeps cookies like a browser.
    let browser = &auth.app.client;
    let res = browser
        .post(auth.url("/api/auth/register"))
        .json(&json!({ "email": "eve@example.com", "username": "eve", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(!cookie(&set_cookies(&res), "access_token").contains("Secure"));
    assert_eq!(res.status(), StatusCode::CREATED);

    let me = browser.get(auth.url("/api/auth/me")).send().await.unwrap();
    assert_eq!(
        me.status(),
        StatusCode::OK,
        "the access cookie authenticates"
    );
    let res = browser
        .post(auth.url("/api/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the refresh cookie alone refreshes"
    );

    let res = browser
        .post(auth.url("/api/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cleared = set_cookies(&res);
    for name in ["access_token", "refresh_token"] {
        let c = cookie(&cleared, name);
        assert!(
            c.starts_with(&format!("{name}=;")) && c.contains("Max-Age=0"),
            "{c}"
        );
    }
    let me = browser.get(auth.url("/api/auth/me")).send().await.unwrap();
    assert_problem(me, StatusCode::UNAUTHORIZED, "missing_token").await;
}

#[tokio::test]
async fn logout_is_seen_at_once_by_another_services_extractor() {
    let auth = spawn_auth().await;
    let probe = spawn_probe(&auth).await;
    let reg = auth.register("fox@example.com", "fox").await;
    let token = reg["access_token"].as_str().unwrap();
    let other = auth.login("fox@example.com", PASSWORD).await;
    let other: Value = other.json().await.unwrap();
    assert_eq!(whoami_status(&probe, token).await.status(), StatusCode::OK);

    let res = auth.post_with("/api/auth/logout", token, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["message"], "Successfully logged out",
        "a JSON body: the web-game seed's client parses every answer"
    );

    let res = whoami_status(&probe, token).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;
    let res = auth.refresh(reg["refresh_token"].as_str().unwrap()).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    // Only that session ended.
    let other_token = other["access_token"].as_str().unwrap();
    assert_eq!(
        whoami_status(&probe, other_token).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn logout_with_only_the_refresh_token_ends_the_session() {
    let auth = spawn_auth().await;
    let reg = auth.register("gil@example.com", "gil").await;
    let refresh = reg["refresh_token"].as_str().unwrap();
    let res = auth
        .post("/api/auth/logout", &json!({ "refresh_token": refresh }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = auth
        .get_with("/api/auth/me", reg["access_token"].as_str().unwrap())
        .await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;
}

#[tokio::test]
async fn logout_without_a_valid_token_returns_401() {
    let auth = spawn_auth().await;
    let res = auth
        .http
        .post(auth.url("/api/auth/logout"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_token").await;
    let res = auth.post_with("/api/auth/logout", "garbage", None).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let res = auth
        .post(
            "/api/auth/logout",
            &json!({ "refresh_token": "rt_unknown" }),
        )
        .await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
}
