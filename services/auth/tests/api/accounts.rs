//! Register, login, me, public profiles, verify, guests and the promote command.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::{PASSWORD, spawn_auth, spawn_auth_with};

#[tokio::test]
async fn register_returns_201_with_the_user_and_a_token_pair() {
    let auth = spawn_auth().await;
    let res = auth
        .post(
            "/api/auth/register",
            &json!({ "email": "  Alice@Example.COM ", "username": "alice_1", "password": PASSWORD }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let body: Value = res.json().await.unwrap();
    let user = &body["user"];
    assert_eq!(user["email"], "alice@example.com", "email is normalised");
    assert_eq!(user["username"], "alice_1");
    assert_eq!(user["role"], "player");
    assert_eq!(user["is_guest"], false);
    assert!(user["avatar_url"].is_null());
    assert!(Uuid::parse_str(user["id"].as_str().unwrap()).is_ok());
    assert!(user["created_at"].is_string());
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 900);
    assert!(body["access_token"].as_str().unwrap().split('.').count() == 3);
    assert!(body["refresh_token"].as_str().unwrap().starts_with("rt_"));
    assert!(
        body.get("password").is_none() && !body.to_string().contains("argon2"),
        "{body}"
    );
}

#[tokio::test]
async fn register_with_a_taken_email_returns_409_email_taken() {
    let auth = spawn_auth().await;
    auth.register("bob@example.com", "bob").await;
    let res = auth
        .post(
            "/api/auth/register",
            &json!({ "email": "BOB@example.com", "username": "bobby", "password": PASSWORD }),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "email_taken").await;
}

#[tokio::test]
async fn register_with_a_taken_username_in_any_case_returns_409_username_taken() {
    let auth = spawn_auth().await;
    auth.register("carol@example.com", "Carol").await;
    let res = auth
        .post(
            "/api/auth/register",
            &json!({ "email": "other@example.com", "username": "cAROL", "password": PASSWORD }),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "username_taken").await;
}

#[tokio::test]
async fn register_with_invalid_fields_returns_422_naming_each_field() {
    let auth = spawn_auth().await;
    let res = auth
        .post(
            "/api/auth/register",
            &json!({ "email": "not-an-email", "username": "a b", "password": "short" }),
        )
        .await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "username", "password"]);

    let too_long = "x".repeat(129);
    let res = auth
        .post(
            "/api/auth/register",
            &json!({ "email": "d@example.com", "username": "a".repeat(21), "password": too_long }),
        )
        .await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2, "{body}");

    let res = auth
        .http
        .post(auth.url("/api/auth/register"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "malformed_json").await;
    let res = auth
        .post("/api/auth/register", &json!({ "email": "x@y.io" }))
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
}

#[tokio::test]
async fn login_with_the_right_password_returns_200_and_a_new_session() {
    let auth = spawn_auth().await;
    let registered = auth.register("dave@example.com", "dave").await;
    let res = auth.login(" DAVE@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["id"], registered["user"]["id"]);
    assert_eq!(body["token_type"], "bearer");
    assert_ne!(body["refresh_token"], registered["refresh_token"]);
}

#[tokio::test]
async fn unknown_email_and_wrong_password_give_the_same_401_in_about_the_same_time() {
    // Costlier hashing than the other tests, so the password check dominates the timing.
    let auth = spawn_auth_with(
        &[
            ("AUTH_ARGON2_MEMORY_KIB", "4096"),
            ("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_IP", "100"),
            ("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", "100"),
            ("AUTH_LOGIN_MAX_FAILURES_PER_IP", "100"),
        ],
        |_| {},
    )
    .await;
    auth.register("erin@example.com", "erin").await;

    let wrong = auth.login("erin@example.com", "wrong password").await;
    let wrong = assert_problem(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    let unknown = auth.login("nobody@example.com", "wrong password").await;
    let unknown = assert_problem(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    assert_eq!(wrong["detail"], unknown["detail"]);

    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (mut wrong_times, mut unknown_times) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let started = Instant::now();
        auth.login("erin@example.com", "wrong password").await;
        wrong_times.push(started.elapsed());
        let started = Instant::now();
        auth.login("nobody@example.com", "wrong password").await;
        unknown_times.push(started.elapsed());
    }
    let (wrong, unknown) = (median(wrong_times), median(unknown_times));
    assert!(
        unknown * 2 >= wrong && wrong * 2 >= unknown,
        "unknown email took {unknown:?}, wrong password {wrong:?}"
    );
}

#[tokio::test]
async fn login_with_invalid_fields_returns_422() {
    let auth = spawn_auth().await;
    let res = auth.login("not an email", "").await;
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);
    let res = auth.login("a@example.com", &"x".repeat(129)).await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn get_me_returns_the_callers_account_and_401_without_a_valid_token() {
    let auth = spawn_auth().await;
    let reg = auth.register("fay@example.com", "fay").await;
    let token = reg["access_token"].as_str().unwrap();
    let res = auth.get_with("/api/auth/me", token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me, reg["user"]);

    let res = auth
        .http
        .get(auth.url("/api/auth/me"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_token").await;
    let res = auth.get_with("/api/auth/me", "not.a.token").await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_token").await;
}

#[tokio::test]
async fn patch_me_changes_username_and_avatar_and_validates_them() {
    let auth = spawn_auth().await;
    auth.register("gus@example.com", "gus").await;
    let reg = auth.register("hal@example.com", "hal").await;
    let token = reg["access_token"].as_str().unwrap();
    let patch = |body: Value| {
        auth.http
            .patch(auth.url("/api/auth/me"))
            .bearer_auth(token)
            .json(&body)
            .send()
    };

    let res =
        patch(json!({ "username": "hal_9000", "avatar_url": "https://cdn.example.com/h.png" }))
            .await
            .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["username"], "hal_9000");
    assert_eq!(me["avatar_url"], "https://cdn.example.com/h.png");

    // Absent fields stay; null clears the avatar.
    let me: Value = patch(json!({})).await.unwrap().json().await.unwrap();
    assert_eq!(me["avatar_url"], "https://cdn.example.com/h.png");
    let me: Value = patch(json!({ "avatar_url": null }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me["avatar_url"].is_null());
    assert_eq!(me["username"], "hal_9000");

    let res = patch(json!({ "username": "GUS" })).await.unwrap();
    assert_problem(res, StatusCode::CONFLICT, "username_taken").await;
    let res = patch(json!({ "username": "x", "avatar_url": "javascript:alert(1)" }))
        .await
        .unwrap();
    let body = assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);

    let res = auth
        .http
        .patch(auth.url("/api/auth/me"))
        .json(&json!({ "username": "nobody" }))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_token").await;
}

#[tokio::test]
async fn public_profiles_show_no_email_and_unknown_ids_are_404() {
    let auth = spawn_auth().await;
    let reg = auth.register("ivy@example.com", "ivy").await;
    let id = reg["user"]["id"].as_str().unwrap();
    let res = auth
        .http
        .get(auth.url(&format!("/api/users/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let profile: Value = res.json().await.unwrap();
    assert_eq!(profile["username"], "ivy");
    assert_eq!(profile["id"], id);
    assert!(profile.get("email").is_none(), "{profile}");
    assert!(!profile.to_string().contains("ivy@example.com"));

    let res = auth
        .http
        .get(auth.url(&format!("/api/users/{}", Uuid::new_v4())))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "user_not_found").await;
    let res = auth
        .http
        .get(auth.url("/api/users/not-a-uuid"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_path_parameter").await;
}

#[tokio::test]
async fn verify_accepts_a_valid_token_in_the_body_or_query_and_refuses_others() {
    let auth = spawn_auth().await;
    let reg = auth.register("jay@example.com", "jay").await;
    let token = reg["access_token"].as_str().unwrap();

    let res = auth
        .post("/api/auth/verify", &json!({ "token": token }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["valid"], true);
    assert_eq!(body["user_id"], reg["user"]["id"]);
    assert_eq!(body["email"], "jay@example.com");
    assert!(body["exp"].as_i64().unwrap() > chrono::Utc::now().timestamp());

    let res = auth
        .http
        .post(auth.url(&format!("/api/auth/verify?token={token}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let res = auth
        .post("/api/auth/verify", &json!({ "token": "garbage" }))
        .await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let res = auth.post("/api/auth/verify", &json!({})).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_token").await;

    let res = auth.post_with("/api/auth/logout", token, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = auth
        .post("/api/auth/verify", &json!({ "token": token }))
        .await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;
}

#[tokio::test]
async fn guests_get_guest_tokens_and_can_upgrade_with_email_and_password() {
    let auth = spawn_auth().await;
    auth.register("taken@example.com", "taken").await;
    let res = auth
        .http
        .post(auth.url("/api/auth/guest"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let guest: Value = res.json().await.unwrap();
    assert_eq!(guest["user"]["role"], "guest");
    assert_eq!(guest["user"]["is_guest"], true);
    assert!(guest["user"]["email"].is_null());
    assert!(
        guest["user"]["username"]
            .as_str()
            .unwrap()
            .starts_with("guest_")
    );
    let guest_token = guest["access_token"].as_str().unwrap();
    let claims = crate::tokens::claims_of(guest_token);
    assert_eq!(claims["role"], "guest");

    let upgrade = async |body: Value| {
        auth.post_with("/api/auth/guest/upgrade", guest_token, Some(&body))
            .await
    };
    let res = upgrade(json!({ "email": "TAKEN@example.com", "password": PASSWORD })).await;
    assert_problem(res, StatusCode::CONFLICT, "email_taken").await;
    let res = upgrade(json!({ "email": "kim@example.com", "password": "short" })).await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;

    let res =
        upgrade(json!({ "email": "Kim@example.com", "username": "kim", "password": PASSWORD }))
            .await;
    assert_eq!(res.status(), StatusCode::OK);
    let upgraded: Value = res.json().await.unwrap();
    assert_eq!(upgraded["user"]["id"], guest["user"]["id"], "same account");
    assert_eq!(upgraded["user"]["role"], "player");
    assert_eq!(upgraded["user"]["is_guest"], false);
    assert_eq!(upgraded["user"]["email"], "kim@example.com");
    assert_eq!(upgraded["user"]["username"], "kim");
    assert_eq!(
        crate::tokens::claims_of(upgraded["access_token"].as_str().unwrap())["role"],
        "player"
    );

    // The guest session is over; the account now logs in with its password.
    let res = auth.get_with("/api/auth/me", guest_token).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;
    let res = auth.refresh(guest["refresh_token"].as_str().unwrap()).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    let res = auth.login("kim@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::OK);

    // A full account has nothing to upgrade.
    let res = auth
        .post_with(
            "/api/auth/guest/upgrade",
            upgraded["access_token"].as_str().unwrap(),
            Some(&json!({ "email": "kim2@example.com", "password": PASSWORD })),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "not_a_guest").await;
}

#[tokio::test]
async fn the_promote_command_grants_the_admin_role_from_the_next_login() {
    let auth = spawn_auth().await;
    auth.register("lee@example.com", "lee").await;
    let out = auth.cli(&["users", "promote", "LEE@example.com"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("admin"));

    let res = auth.login("lee@example.com", PASSWORD).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["role"], "admin");
    assert_eq!(
        crate::tokens::claims_of(body["access_token"].as_str().unwrap())["role"],
        "admin"
    );

    let failed = std::process::Command::new(env!("CARGO_BIN_EXE_auth"))
        .args(["users", "promote", "nobody@example.com"])
        .env("DATABASE_URL", auth.app.db.as_ref().unwrap().url())
        .output()
        .unwrap();
    assert!(!failed.status.success(), "promoting an unknown email fails");
}
