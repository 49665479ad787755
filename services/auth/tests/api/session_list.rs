//! The caller's sessions: listed with device, address and times; ended one by one (only the
//! caller's own) or all at once, with their access tokens refused everywhere at once.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::{Auth, PASSWORD, spawn_auth, spawn_probe, whoami_status};
use crate::tokens::claims_of;

const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

async fn login_as(auth: &Auth, email: &str, user_agent: &str) -> Value {
    let res = auth
        .http
        .post(auth.url("/api/auth/login"))
        .header("user-agent", user_agent)
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn sessions(auth: &Auth, token: &str) -> Vec<Value> {
    let res = auth.get_with("/api/auth/sessions", token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    body["sessions"].as_array().unwrap().clone()
}

fn sid(body: &Value) -> String {
    claims_of(body["access_token"].as_str().unwrap())["sid"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn sessions_list_device_address_times_and_mark_the_current_one() {
    let auth = spawn_auth().await;
    auth.register("ada@example.com", "ada").await;
    let firefox = login_as(&auth, "ada@example.com", FIREFOX).await;
    let curl = login_as(&auth, "ada@example.com", "curl/8.5.0").await;
    let token = firefox["access_token"].as_str().unwrap();

    let list = sessions(&auth, token).await;
    assert_eq!(list.len(), 3, "registration, firefox and curl: {list:?}");
    let mine = list.iter().find(|s| s["id"] == sid(&firefox)).unwrap();
    assert_eq!(mine["current"], true);
    assert_eq!(mine["device"], "Firefox on Windows");
    assert_eq!(mine["user_agent"], FIREFOX);
    assert_eq!(mine["ip"], "127.0.0.1");
    assert!(mine["created_at"].is_string() && mine["last_used_at"].is_string());
    let other = list.iter().find(|s| s["id"] == sid(&curl)).unwrap();
    assert_eq!(other["current"], false);
    assert_eq!(other["device"], "curl");
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);

    // A refresh moves last_used_at and the list puts that session first.
    let before = other["last_used_at"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let res = auth.refresh(curl["refresh_token"].as_str().unwrap()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let list = sessions(&auth, token).await;
    assert_eq!(list[0]["id"], sid(&curl));
    assert!(list[0]["last_used_at"].as_str().unwrap() > before.as_str());

    let res = auth
        .http
        .get(auth.url("/api/auth/sessions"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_token").await;
}

#[tokio::test]
async fn ending_a_session_refuses_its_access_token_everywhere_at_once() {
    let auth = spawn_auth().await;
    let probe = spawn_probe(&auth).await;
    let reg = auth.register("bob@example.com", "bob").await;
    let phone = login_as(&auth, "bob@example.com", "GameApp/1.0 (Android)").await;
    let token = reg["access_token"].as_str().unwrap();
    let phone_token = phone["access_token"].as_str().unwrap();
    assert_eq!(
        whoami_status(&probe, phone_token).await.status(),
        StatusCode::OK
    );

    let res = auth
        .delete_with(&format!("/api/auth/sessions/{}", sid(&phone)), token)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let res = whoami_status(&probe, phone_token).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;
    let res = auth.refresh(phone["refresh_token"].as_str().unwrap()).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    let list = sessions(&auth, token).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], sid(&reg));
    // Ending it again, or a session that never existed: 404.
    for id in [sid(&phone), Uuid::now_v7().to_string()] {
        let res = auth
            .delete_with(&format!("/api/auth/sessions/{id}"), token)
            .await;
        assert_problem(res, StatusCode::NOT_FOUND, "session_not_found").await;
    }
    let res = auth
        .delete_with("/api/auth/sessions/not-a-uuid", token)
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn another_users_session_cannot_be_ended_or_seen() {
    let auth = spawn_auth().await;
    let probe = spawn_probe(&auth).await;
    let carol = auth.register("carol@example.com", "carol").await;
    let mallory = auth.register("mallory@example.com", "mallory").await;
    let mallory_token = mallory["access_token"].as_str().unwrap();

    let res = auth
        .delete_with(
            &format!("/api/auth/sessions/{}", sid(&carol)),
            mallory_token,
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "session_not_found").await;
    let carol_token = carol["access_token"].as_str().unwrap();
    assert_eq!(
        whoami_status(&probe, carol_token).await.status(),
        StatusCode::OK
    );
    let list = sessions(&auth, mallory_token).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], sid(&mallory));
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_session_of_the_caller_only() {
    let auth = spawn_auth().await;
    let probe = spawn_probe(&auth).await;
    let reg = auth.register("dan@example.com", "dan").await;
    let laptop = login_as(&auth, "dan@example.com", FIREFOX).await;
    let other_user = auth.register("eve@example.com", "eve").await;

    let res = auth
        .delete_with("/api/auth/sessions", reg["access_token"].as_str().unwrap())
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let cleared: Vec<&str> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cleared.iter().any(|c| c.starts_with("access_token=;")),
        "{cleared:?}"
    );

    for body in [&reg, &laptop] {
        let res = whoami_status(&probe, body["access_token"].as_str().unwrap()).await;
        assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;
        let res = auth.refresh(body["refresh_token"].as_str().unwrap()).await;
        assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_refresh_token").await;
    }
    let eve = other_user["access_token"].as_str().unwrap();
    assert_eq!(whoami_status(&probe, eve).await.status(), StatusCode::OK);
    // A fresh login works and is the only session left.
    let again = login_as(&auth, "dan@example.com", FIREFOX).await;
    let list = sessions(&auth, again["access_token"].as_str().unwrap()).await;
    assert_eq!(list.len(), 1);
}

#[tokio::test]
async fn an_ended_sessions_token_gets_401_even_with_a_malformed_body() {
    let auth = spawn_auth().await;
    let reg = auth.register("fay@example.com", "fay").await;
    let token = reg["access_token"].as_str().unwrap();
    let res = auth.delete_with("/api/auth/sessions", token).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for (method, path) in [
        (reqwest::Method::POST, "/api/auth/password"),
        (reqwest::Method::POST, "/api/auth/email"),
        (reqwest::Method::PATCH, "/api/auth/me"),
    ] {
        let res = auth
            .http
            .request(method, auth.url(path))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;
    }
    // A live session with the same body gets the body's error.
    let live = auth.login("fay@example.com", PASSWORD).await;
    let live: Value = live.json().await.unwrap();
    let res = auth
        .http
        .post(auth.url("/api/auth/password"))
        .bearer_auth(live["access_token"].as_str().unwrap())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "malformed_json").await;
}
