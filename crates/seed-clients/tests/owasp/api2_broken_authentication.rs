//! API2:2023 Broken Authentication, through the gateway: every documented operation needs a
//! token unless declared anonymous here; forged, tampered, foreign-key and expired tokens are
//! refused by every service; logout ends a token everywhere; the cookie and refresh paths
//! (cookie attributes, rotation, reuse revoking the session) work through the gateway; and
//! password guessing is throttled. The token attacks' internals are auth's and common's own
//! tests; here they are tried once per service as a client would.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use reqwest::{Method, StatusCode};
use seed_clients::{PASSWORD, Stack, StackOptions};
use serde_json::{Value, json};

use crate::support::{Api, empty_body, lean, placeholder, public_operations};

/// Operations anyone may call without a token.
const ANONYMOUS: &[&str] = &[
    "POST /api/auth/register",
    "POST /api/auth/login",
    "GET /api/auth/login",
    "GET /api/auth/callback",
    "GET /api/auth/providers",
    "POST /api/auth/guest",
    "POST /api/auth/refresh",
    "POST /api/auth/logout",
    "POST /api/auth/verify",
    "POST /api/auth/password/forgot",
    "POST /api/auth/password/reset",
    "POST /api/auth/verify-email",
    "POST /api/v1/auth/register",
    "POST /api/v1/auth/token",
    "GET /.well-known/jwks.json",
    "GET /api/users/{id}",
    "GET /cdn/{asset_id}/{version}/{filename}",
    "GET /api/ai/images/{file}",
    "GET /api/bosses/images/{index}",
    "GET /api/scores/leaderboard",
    "GET /api/scores/player/{player_name}",
    "GET /api/scores/rank/{score}",
    "GET /api/leaderboards",
    "GET /api/gacha/banners",
    "GET /api/gacha/banner",
    "GET /api/gacha/rates",
    "GET /api/ai/models",
    "GET /api/shop/items",
    "GET /api/player/progression/table",
    "GET /api/rooms",
    "GET /api/rooms/all",
    "GET /api/bosses",
    "GET /api/assets",
    "GET /api/assets/{asset_id}",
    "GET /api/assets/{asset_id}/versions",
    // The signed upload URL is the credential (API1 tries a forged signature).
    "PUT /api/assets/{asset_id}/versions/{version}/content",
];

async fn every_route_needs_a_token_unless_it_is_declared_anonymous(stack: &Stack) {
    let api = Api::new(stack);
    let mut checked = 0;
    for op in public_operations(stack).await {
        let key = op.key();
        if ANONYMOUS.contains(&key.as_str()) {
            continue;
        }
        let path = op.concrete(placeholder);
        let (status, body) = api
            .call(op.method.clone(), &path, None, empty_body(&op))
            .await;
        // The JumpJumpJump routes' deployment-key gate answers first: 403 `invalid_api_key`.
        let key_gate = status == StatusCode::FORBIDDEN && body["code"] == "invalid_api_key";
        assert!(
            status == StatusCode::UNAUTHORIZED || key_gate,
            "{key} without a token: {status} {body}"
        );
        assert_eq!(
            body["status"],
            status.as_u16(),
            "{key}: not a problem body: {body}"
        );
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} operations checked");
}

/// One authenticated call per service (the nil asset does not exist: the answer is about the
/// token). `/api/rooms/all` and `/api/assets` take an optional token, and a bad one reads as
/// anonymous there, so they are not used.
const READS: &[(Method, &str)] = &[
    (Method::GET, "/api/auth/me"),
    (Method::GET, "/api/player/me"),
    (Method::GET, "/api/gacha/history"),
    (Method::GET, "/api/battles/history/me"),
    (Method::GET, "/api/rooms/ZZZZZZ"),
    (Method::GET, "/api/scores/me?game_mode=endless"),
    (Method::GET, "/api/ai/jobs"),
    (
        Method::DELETE,
        "/api/assets/00000000-0000-0000-0000-000000000000",
    ),
];

fn part(token: &str, i: usize) -> Value {
    let raw = token.split('.').nth(i).unwrap();
    serde_json::from_slice(&B64.decode(raw).unwrap()).unwrap()
}

fn encode(header: &Value, claims: &Value, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        B64.encode(header.to_string()),
        B64.encode(claims.to_string())
    )
}

async fn forged_tampered_and_revoked_tokens_are_refused_by_every_service(stack: &Stack) {
    let api = Api::new(stack);
    let me = stack.register(&api.http).await;
    for (method, path) in READS {
        let (status, body) = api.call(method.clone(), path, Some(&me.token), None).await;
        assert_ne!(
            status,
            StatusCode::UNAUTHORIZED,
            "{path} with a good token: {body}"
        );
    }

    let (header, claims) = (part(&me.token, 0), part(&me.token, 1));
    let signature = me.token.rsplit('.').next().unwrap();
    let mut admin = claims.clone();
    admin["role"] = json!("admin");
    let mut expired = claims.clone();
    expired["exp"] = json!(1_000_000_000);
    let mut other_audience = claims.clone();
    other_audience["aud"] = json!("internal");
    let mut none = header.clone();
    none["alg"] = json!("none");
    let mut hs = header.clone();
    hs["alg"] = json!("HS256");
    let foreign = testkit::keys::TestKey::generate();
    let mut foreign_claims = claims.clone();
    foreign_claims["jti"] = json!(uuid::Uuid::new_v4());
    let forged = [
        ("alg none", encode(&none, &claims, "")),
        ("HS256 header", encode(&hs, &claims, signature)),
        (
            "role raised, signature kept",
            encode(&header, &admin, signature),
        ),
        (
            "expired, signature kept",
            encode(&header, &expired, signature),
        ),
        (
            "internal audience",
            encode(&header, &other_audience, signature),
        ),
        ("a key auth never published", foreign.sign(&foreign_claims)),
        ("garbage", "not.a.token".to_owned()),
    ];
    for (what, token) in &forged {
        for (method, path) in READS {
            let (status, body) = api.call(method.clone(), path, Some(token), None).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED, "{what} on {path}: {body}");
        }
    }

    // Logout ends the token in every service at once.
    let res = api
        .http
        .post(stack.url("/api/auth/logout"))
        .bearer_auth(&me.token)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "logout: {}", res.status());
    for (method, path) in READS {
        let (status, body) = api.call(method.clone(), path, Some(&me.token), None).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{path} after logout: {body}"
        );
    }
}

async fn the_cookie_and_refresh_paths_through_the_gateway_rotate_and_detect_reuse(stack: &Stack) {
    let browser = stack.browser();
    let me = stack.register(&browser).await;
    let res = browser
        .post(stack.url("/api/auth/login"))
        .json(&json!({ "email": me.email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    for name in ["access_token=", "refresh_token="] {
        let cookie = cookies
            .iter()
            .find(|c| c.starts_with(name))
            .unwrap_or_else(|| panic!("no {name} cookie: {cookies:?}"));
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(
            cookie.contains("SameSite=Lax") || cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
    }
    let first: Value = res.json().await.unwrap();

    // The cookie alone authenticates, through the gateway, on another service.
    let res = browser
        .get(stack.url("/api/player/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "cookie-only request");

    // Refresh with the cookie: a new pair; the old refresh token is spent.
    let res = browser
        .post(stack.url("/api/auth/refresh"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "refresh by cookie");
    let second: Value = res.json().await.unwrap();
    assert_ne!(first["refresh_token"], second["refresh_token"]);

    // Someone replays the first refresh token (stolen): refused, and the whole session with it.
    let thief = reqwest::Client::new();
    let res = thief
        .post(stack.url("/api/auth/refresh"))
        .json(&json!({ "refresh_token": first["refresh_token"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "a replayed refresh token"
    );
    let res = thief
        .post(stack.url("/api/auth/refresh"))
        .json(&json!({ "refresh_token": second["refresh_token"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "the family survived a reuse"
    );
    let res = thief
        .get(stack.url("/api/player/me"))
        .bearer_auth(second["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNAUTHORIZED,
        "the session's access token survived a reuse"
    );
}

async fn password_guessing_through_the_gateway_is_throttled(stack: &Stack) {
    let api = Api::new(stack);
    let me = stack.register(&api.http).await;
    let mut throttled = None;
    for attempt in 0..40 {
        let (status, body) = api
            .call(
                Method::POST,
                "/api/auth/login",
                None,
                Some(json!({ "email": me.email, "password": format!("guess {attempt}") })),
            )
            .await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            throttled = Some(attempt);
            break;
        }
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    let attempt = throttled.expect("40 wrong passwords in a row were never throttled");
    assert!(attempt <= 20, "throttled only after {attempt} guesses");
    // Refused even with the right password now: the guesser cannot tell when he found it.
    let (status, _) = api
        .call(
            Method::POST,
            "/api/auth/login",
            None,
            Some(json!({ "email": me.email, "password": PASSWORD })),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

/// One stack for the checks above; the credential rate limit is raised so that they do not trip
/// it (password guessing then meets auth's own throttle).
#[tokio::test]
async fn authentication_holds_through_the_gateway() {
    let stack = Stack::spawn_with(lean(StackOptions::default().env(
        common::ServiceName::Gateway,
        "RATE_LIMIT_AUTH_PER_IP",
        "1000",
    )))
    .await;
    every_route_needs_a_token_unless_it_is_declared_anonymous(&stack).await;
    forged_tampered_and_revoked_tokens_are_refused_by_every_service(&stack).await;
    the_cookie_and_refresh_paths_through_the_gateway_rotate_and_detect_reuse(&stack).await;
    password_guessing_through_the_gateway_is_throttled(&stack).await;
}
