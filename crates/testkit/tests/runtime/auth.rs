//! Access tokens through the `AuthUser` extractor: valid ones pass; forged, expired, misdirected
//! and revoked ones are refused; keys rotate; service tokens guard internal routes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::auth::{AccessClaims, Revocations, ServiceTokens};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::Value;
use testkit::conformance::assert_problem;
use testkit::{TestApp, TestKey, spawn_app};
use uuid::Uuid;

use crate::support::service;

async fn whoami(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(app.url("/whoami"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn assert_refused(app: &TestApp, token: &str) {
    assert_problem(
        whoami(app, token).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn a_valid_token_is_accepted_from_header_cookie_or_query() {
    let app = spawn_app(service()).await;
    let user = Uuid::new_v4();
    let token = app.auth.token_for(user);

    let res = whoami(&app, &token).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["id"], user.to_string());
    assert_eq!(body["role"], "player");

    let res = app
        .client
        .get(app.url("/whoami"))
        .header("cookie", format!("access_token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    let res = app.get(&format!("/whoami?token={token}")).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn no_token_answers_401_problem_with_www_authenticate() {
    let app = spawn_app(service()).await;
    let res = app.get("/whoami").await;
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_token").await;
}

#[tokio::test]
async fn forged_expired_and_misdirected_tokens_are_refused() {
    let app = spawn_app(service()).await;
    let user = Uuid::new_v4();
    let claims = app.auth.claims_for(user);

    // alg none
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    assert_refused(&app, &format!("{header}.{payload}.")).await;

    // HS256 signed with the public key (key confusion)
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some("whatever".into());
    let confused = jsonwebtoken::encode(
        &hs,
        &claims,
        &EncodingKey::from_secret(&app.auth.current_public_key()),
    )
    .unwrap();
    assert_refused(&app, &confused).await;

    // expired
    let mut expired = claims.clone();
    expired.iat -= 3600;
    expired.exp = chrono::Utc::now().timestamp() - 3600;
    assert_refused(&app, &app.auth.sign(&expired)).await;

    // wrong audience / issuer
    let mut aud = claims.clone();
    aud.aud = "someone-else".into();
    assert_refused(&app, &app.auth.sign(&aud)).await;
    let mut iss = claims.clone();
    iss.iss = "evil-issuer".into();
    assert_refused(&app, &app.auth.sign(&iss)).await;

    // signed by a key the JWKS does not publish (unknown kid)
    assert_refused(&app, &TestKey::generate().sign(&claims)).await;

    // tampered payload: valid signature of other claims
    let good = app.auth.sign(&claims);
    let mut parts: Vec<&str> = good.split('.').collect();
    let mut tampered_claims = claims.clone();
    tampered_claims.role = "admin".into();
    let tampered_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&tampered_claims).unwrap());
    parts[1] = &tampered_payload;
    assert_refused(&app, &parts.join(".")).await;

    // an opaque string (what a refresh token looks like)
    assert_refused(&app, "rt_0123456789abcdef0123456789abcdef").await;

    // the untouched token still works
    assert_eq!(whoami(&app, &good).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_session_is_refused_at_once() {
    let app = spawn_app(service()).await;
    let claims: AccessClaims = app.auth.claims_for(Uuid::new_v4());
    let token = app.auth.sign(&claims);
    assert_eq!(whoami(&app, &token).await.status(), StatusCode::OK);

    Revocations::new(app.context.redis.clone())
        .revoke(claims.sid)
        .await
        .unwrap();
    assert_problem(
        whoami(&app, &token).await,
        StatusCode::UNAUTHORIZED,
        "session_revoked",
    )
    .await;
}

#[tokio::test]
async fn rotated_keys_are_fetched_on_unknown_kid_and_old_tokens_stay_valid() {
    let app = spawn_app(service()).await;
    let user = Uuid::new_v4();
    let old = app.auth.token_for(user);
    assert_eq!(whoami(&app, &old).await.status(), StatusCode::OK);
    let fetches = app.auth.jwks_fetches().await;

    app.auth.rotate().await;
    // Let the verifier's refresh guard (5 s) pass so the unknown kid triggers a refetch.
    tokio::time::sleep(std::time::Duration::from_millis(5200)).await;
    let new = app.auth.token_for(user);
    assert_eq!(whoami(&app, &new).await.status(), StatusCode::OK);
    assert_eq!(whoami(&app, &old).await.status(), StatusCode::OK);
    assert!(
        app.auth.jwks_fetches().await >= 1,
        "refetched after rotation (was {fetches})"
    );
}

#[tokio::test]
async fn admin_routes_need_the_admin_role() {
    let app = spawn_app(service()).await;
    let user = Uuid::new_v4();
    let res = app
        .client
        .get(app.url("/admin-only"))
        .bearer_auth(app.auth.token_for(user))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::FORBIDDEN, "admin_required").await;
    let res = app
        .client
        .get(app.url("/admin-only"))
        .bearer_auth(app.auth.token_with_role(user, "admin"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn internal_routes_need_a_service_token_not_a_user_token() {
    let app = spawn_app(service()).await;
    let res = app.get("/internal/echo").await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_service_token").await;

    let user_token = app.auth.token_for(Uuid::new_v4());
    let res = app
        .client
        .get(app.url("/internal/echo"))
        .bearer_auth(&user_token)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_service_token").await;

    let foreign = ServiceTokens::new("gacha", &SecretString::from("x".repeat(48)));
    let res = app
        .client
        .get(app.url("/internal/echo"))
        .bearer_auth(foreign.sign().unwrap())
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_service_token").await;

    let res = app
        .client
        .get(app.url("/internal/echo"))
        .bearer_auth(app.context.service_tokens.sign().unwrap())
        .header("x-user-id", "not-a-uuid")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_acting_user").await;
}
