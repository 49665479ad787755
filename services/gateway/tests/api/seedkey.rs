//! `X-API-Key` (`JJJ_API_KEYS`): what the gateway forwards for a key, what it strips, and
//! where it refuses one.

use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, web};
use common::auth::ServiceTokens;
use common::auth::key_identity::{KEY_IDENTITY_HEADER, KeyNamespace};
use common::{ServiceDef, ServiceName};
use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::spawn_app;
use uuid::Uuid;

use crate::helpers::gateway_to;

async fn headers(req: HttpRequest) -> HttpResponse {
    let headers: BTreeMap<String, String> = req
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    HttpResponse::Ok().json(json!({ "path": req.path(), "headers": headers }))
}

/// An upstream answering every seed route (and the wallet) with the headers it received.
fn upstream() -> ServiceDef {
    ServiceDef::new(ServiceName::Inventory, "headers").routes(|cfg, _| {
        cfg.route("/api/{tail:.*}", web::route().to(headers));
    })
}

#[tokio::test]
async fn a_valid_key_is_forwarded_as_the_gateways_assertion_and_never_itself() {
    let up = spawn_app(upstream()).await;
    let gw = gateway_to(&up.address, &[("JJJ_API_KEYS", "key-one,key-two")]).await;
    let secret = &gw.context.settings.internal_token_secret;
    let verifier = ServiceTokens::new("inventory", secret);
    for (method, path) in [
        (reqwest::Method::GET, "/api/load_game/Hero"),
        (reqwest::Method::POST, "/api/save_game"),
        (reqwest::Method::DELETE, "/api/save_game/Hero"),
        (reqwest::Method::POST, "/api/scores"),
        (reqwest::Method::GET, "/api/scores/leaderboard"),
        (reqwest::Method::GET, "/api/scores/rank/10"),
        (reqwest::Method::GET, "/api/scores/player/Hero"),
        (reqwest::Method::GET, "/api/bosses"),
        (reqwest::Method::GET, "/api/rooms"),
    ] {
        let res = gw
            .client
            .request(method.clone(), gw.url(path))
            .header("X-API-Key", "key-two")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{method} {path}");
        let echo: Value = res.json().await.unwrap();
        let headers = &echo["headers"];
        assert!(
            headers.get("x-api-key").is_none(),
            "the key went upstream: {path}"
        );
        let assertion = headers[KEY_IDENTITY_HEADER].as_str().unwrap();
        assert_eq!(
            verifier.verify_key_identity(assertion).unwrap(),
            KeyNamespace::derive(secret, "key-two"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn wrong_missing_and_misplaced_keys_are_refused_and_forged_assertions_stripped() {
    let up = spawn_app(upstream()).await;
    let gw = gateway_to(&up.address, &[("JJJ_API_KEYS", "key-one")]).await;
    let problem = |res: reqwest::Response| async move {
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert_eq!(content_type, "application/problem+json");
        res.json::<Value>().await.unwrap()
    };
    let bad = gw
        .client
        .get(gw.url("/api/load_game/Hero"))
        .header("X-API-Key", "key-on")
        .send()
        .await
        .unwrap();
    let body = problem(bad).await;
    assert_eq!(body["detail"], "Invalid or missing API key");
    assert_eq!(body["code"], "invalid_api_key");
    let missing = gw
        .client
        .post(gw.url("/api/save_game"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(missing).await["code"], "invalid_api_key");
    for path in ["/api/wallet", "/api/player/me", "/api/scores/me"] {
        let res = gw
            .client
            .get(gw.url(path))
            .header("X-API-Key", "key-one")
            .send()
            .await
            .unwrap();
        assert_eq!(problem(res).await["code"], "api_key_not_allowed", "{path}");
    }

    // Public reads without a key stay open, and a client's own assertion never goes upstream,
    // with or without an account's token (which the key never overrides).
    let token = gw.auth.token_for(Uuid::new_v4());
    let forged = "forged.assertion.value";
    for (with_token, with_key) in [(false, false), (true, false), (true, true)] {
        let mut req = gw
            .client
            .get(gw.url("/api/scores/leaderboard"))
            .header(KEY_IDENTITY_HEADER, forged);
        if with_token {
            req = req.bearer_auth(&token);
        }
        if with_key {
            req = req.header("X-API-Key", "key-one");
        }
        let echo: Value = req.send().await.unwrap().json().await.unwrap();
        assert!(
            echo["headers"].get(KEY_IDENTITY_HEADER).is_none(),
            "token {with_token}, key {with_key}: {echo}"
        );
        assert!(echo["headers"].get("x-api-key").is_none());
    }
}

#[tokio::test]
async fn with_no_keys_configured_the_header_means_nothing_and_root_answers_liveness() {
    let up = spawn_app(upstream()).await;
    let gw = gateway_to(&up.address, &[("JJJ_API_KEYS", "")]).await;
    let echo: Value = gw
        .client
        .get(gw.url("/api/load_game/Hero"))
        .header("X-API-Key", "jumpjumpjump-dev-key")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(echo["headers"].get(KEY_IDENTITY_HEADER).is_none());
    assert!(echo["headers"].get("x-api-key").is_none());
    let live: Value = gw
        .client
        .get(gw.url("/"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(live, json!({ "status": "ok", "service": "gateway" }));
}
