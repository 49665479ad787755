//! JumpJumpJump saves made with a deployment key: the gateway's assertion of the key's
//! namespace is the caller; namespaces and accounts never see each other's saves.

use common::auth::ServiceTokens;
use common::auth::key_identity::{KEY_IDENTITY_HEADER, KeyNamespace};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::{Inv, spawn};

/// A request as the gateway forwards one accepted with `key`.
async fn as_key(
    inv: &Inv,
    signer: &'static str,
    key: &str,
    method: Method,
    path: &str,
    body: Option<&Value>,
) -> Response {
    let secret = &inv.app.context.settings.internal_token_secret;
    let assertion = ServiceTokens::new(signer, secret)
        .assert_key_identity(&KeyNamespace::derive(secret, key))
        .unwrap();
    let mut req = inv
        .http
        .request(method, inv.url(path))
        .header(KEY_IDENTITY_HEADER, assertion);
    if let Some(body) = body {
        req = req.json(body);
    }
    req.send().await.unwrap()
}

fn save(score: i64) -> Value {
    json!({ "player_name": "Hero", "level": 3, "score": score, "lives": 2,
            "health": 80, "coins": 45, "weapon": "laser" })
}

#[tokio::test]
async fn key_saves_live_in_the_keys_namespace_apart_from_accounts_and_other_keys() {
    let inv = spawn().await;
    let res = as_key(
        &inv,
        "gateway",
        "key-a",
        Method::POST,
        "/api/save_game",
        Some(&save(100)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.unwrap()["message"],
        "Game saved successfully"
    );

    let loaded: Value = as_key(
        &inv,
        "gateway",
        "key-a",
        Method::GET,
        "/api/load_game/Hero",
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(loaded["score"], 100);
    assert_eq!(loaded["weapon"], "laser");

    // Another key, and an account, with the same player name see nothing of it.
    let other = as_key(
        &inv,
        "gateway",
        "key-b",
        Method::GET,
        "/api/load_game/Hero",
        None,
    )
    .await;
    assert_eq!(other.status(), StatusCode::OK);
    assert_eq!(other.json::<Value>().await.unwrap(), Value::Null);
    let alice = Uuid::new_v4();
    assert_problem(
        inv.get("/api/load_game/Hero", alice).await,
        StatusCode::NOT_FOUND,
        "save_not_found",
    )
    .await;

    // An account's save of the same name is untouched by the key's overwrite and delete.
    inv.post_ok("/api/save_game", alice, Some(&save(999))).await;
    as_key(
        &inv,
        "gateway",
        "key-a",
        Method::POST,
        "/api/save_game",
        Some(&save(200)),
    )
    .await;
    let res = as_key(
        &inv,
        "gateway",
        "key-a",
        Method::DELETE,
        "/api/save_game/Hero",
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        inv.get_json("/api/load_game/Hero", alice).await["score"],
        999
    );
    let gone = as_key(
        &inv,
        "gateway",
        "key-a",
        Method::GET,
        "/api/load_game/Hero",
        None,
    )
    .await;
    assert_eq!(gone.json::<Value>().await.unwrap(), Value::Null);
}

#[tokio::test]
async fn deleting_a_missing_key_save_is_not_an_error_as_in_the_seed() {
    let inv = spawn().await;
    let res = as_key(
        &inv,
        "gateway",
        "key-a",
        Method::DELETE,
        "/api/save_game/Nobody",
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.json::<Value>().await.unwrap()["message"],
        "Save game deleted successfully"
    );
}

#[tokio::test]
async fn assertions_not_signed_by_the_gateway_or_malformed_are_refused() {
    let inv = spawn().await;
    let forged = as_key(
        &inv,
        "gacha",
        "key-a",
        Method::GET,
        "/api/load_game/Hero",
        None,
    )
    .await;
    assert_problem(forged, StatusCode::UNAUTHORIZED, "invalid_key_identity").await;
    let res = inv
        .http
        .get(inv.url("/api/load_game/Hero"))
        .header(KEY_IDENTITY_HEADER, "k0123456789abcdef0123456789abcdef")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_key_identity").await;
    // A key save is still validated like an account's.
    let mut bad = save(1);
    bad["lives"] = json!(-1);
    let res = as_key(
        &inv,
        "gateway",
        "key-a",
        Method::POST,
        "/api/save_game",
        Some(&bad),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
