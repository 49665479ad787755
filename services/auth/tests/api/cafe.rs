//! The cafe seed's `/api/v1/auth`: username registration without a password (development
//! only) or with one, and the form-encoded token login.

use common::settings::AppEnv;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Auth, spawn_auth, spawn_auth_with};

async fn token(auth: &Auth, username: &str, password: &str) -> reqwest::Response {
    auth.http
        .post(auth.url("/api/v1/auth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "username={}&password={}&grant_type=password",
            username.replace(' ', "+"),
            password.replace(' ', "+")
        ))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_password_less_cafe_account_registers_and_gets_a_token_in_development() {
    let auth = spawn_auth().await;
    let res = auth
        .post(
            "/api/v1/auth/register",
            &json!({ "username": "barista", "avatar_url": null }),
        )
        .await;
    let status = res.status();
    let user: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["username"], "barista");
    assert!(user["id"].is_string() && user["created_at"].is_string());
    assert!(user["avatar_url"].is_null());

    let res = token(&auth, "Barista", "any").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "bearer");
    let me = auth
        .get_with("/api/auth/me", body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(me.status(), StatusCode::OK);

    let again = auth
        .post("/api/v1/auth/register", &json!({ "username": "BARISTA" }))
        .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(
        token(&auth, "nobody_here", "any").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_cafe_account_with_a_password_needs_that_password() {
    let auth = spawn_auth().await;
    let res = auth
        .post(
            "/api/v1/auth/register",
            &json!({ "username": "roaster", "password": "correct horse battery" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        token(&auth, "roaster", "wrong password!").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        token(&auth, "roaster", "correct horse battery")
            .await
            .status(),
        StatusCode::OK
    );
    // A guest (no password, not registered password-less) is never handed a token.
    let guest: Value = auth
        .post("/api/auth/guest", &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let name = guest["user"]["username"].as_str().unwrap();
    assert_eq!(
        token(&auth, name, "").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn production_refuses_password_less_cafe_accounts() {
    let auth = spawn_auth_with(
        &[
            (
                "AUTH_KEY_ENCRYPTION_SECRET",
                "0123456789abcdef0123456789abcdef-prod",
            ),
            ("AUTH_MAIL_TRANSPORT", "smtp"),
            ("AUTH_SMTP_URL", "smtp://127.0.0.1:2525"),
            ("AUTH_ARGON2_MEMORY_KIB", "19456"),
            ("AUTH_ARGON2_ITERATIONS", "2"),
        ],
        |s| s.env = AppEnv::Production,
    )
    .await;
    let res = auth
        .post("/api/v1/auth/register", &json!({ "username": "latte" }))
        .await;
    testkit::conformance::assert_problem(res, StatusCode::FORBIDDEN, "passwordless_disabled").await;
    // An account made password-less before the switch gets no token either.
    let mut conn = auth.db().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(
            "INSERT INTO users (id, username, role, is_guest, passwordless) \
             VALUES (gen_random_uuid(), 'mocha', 'player', false, true)",
        ),
        &mut conn,
    )
    .await
    .unwrap();
    let res = token(&auth, "mocha", "any").await;
    testkit::conformance::assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials")
        .await;
}
