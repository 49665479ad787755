//! API8:2023 Security Misconfiguration: production refuses every service's development
//! secrets and implicit local addresses; CORS through the gateway answers only allowed
//! origins and never pairs a wildcard with credentials; answers carry the headers that stop
//! sniffing and framing, token answers are not cached, and errors are problem bodies without
//! internals.

use common::ServiceName;
use common::settings::{Settings, env_map};
use reqwest::{Method, StatusCode};
use seed_clients::{Stack, StackOptions};
use serde_json::json;

use crate::support::{Api, lean};

const STRONG: &str = "a-real-secret-of-at-least-thirty-two-bytes-0123456789";

#[test]
fn production_refuses_development_secrets_and_implicit_addresses() {
    let explicit = [
        ("APP_ENV", "production"),
        ("DATABASE_URL", "postgres://db.internal/x"),
        ("REDIS_URL", "redis://redis.internal"),
        (
            "AUTH_JWKS_URL",
            "http://auth.internal/.well-known/jwks.json",
        ),
    ];
    for service in ServiceName::ALL {
        let err = Settings::load(service, &env_map(&[("APP_ENV", "production")]));
        assert!(
            err.is_err(),
            "{service} started in production on development defaults"
        );
        let err = Settings::load(service, &env_map(&explicit));
        assert!(
            err.is_err(),
            "{service} accepted the development INTERNAL_TOKEN_SECRET"
        );
        let mut good = explicit.to_vec();
        good.push(("INTERNAL_TOKEN_SECRET", STRONG));
        Settings::load(service, &env_map(&good))
            .unwrap_or_else(|e| panic!("{service} refused a proper production setup: {e:#}"));
    }

    let prod = env_map(&[("APP_ENV", "production")]);
    let auth = auth::AuthSettings::load(&prod).unwrap();
    assert!(
        auth.check(true).is_err(),
        "auth accepted its development key secret in production"
    );
    let dev_auth = auth::AuthSettings::load(&env_map(&[
        ("AUTH_KEY_ENCRYPTION_SECRET", STRONG),
        ("AUTH_COOKIE_SECURE", "false"),
        ("AUTH_MAIL_TRANSPORT", "log"),
    ]))
    .unwrap();
    assert!(
        dev_auth.check(true).is_err(),
        "auth accepted insecure cookies and logged mail in production"
    );
    assert!(
        asset::AssetSettings::load(&prod).is_err(),
        "asset accepted its development signing secret"
    );
    assert!(
        gateway::settings::GatewaySettings::load(&env_map(&[
            ("APP_ENV", "production"),
            ("JJJ_API_KEYS", "jumpjumpjump-dev-key"),
        ]))
        .is_err(),
        "the gateway accepted the development JumpJumpJump key"
    );
}

#[tokio::test]
async fn cors_headers_and_errors_are_locked_down() {
    let stack = Stack::spawn_with(lean(StackOptions::default())).await;
    let api = Api::new(&stack);
    let me = stack.register(&api.http).await;

    // CORS: an allowed origin gets its own origin back with credentials; another gets nothing.
    for path in ["/api/player/me", "/api/auth/login", "/api/gacha/banners"] {
        let preflight = |origin: &'static str| {
            api.http
                .request(Method::OPTIONS, stack.url(path))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization,content-type",
                )
                .send()
        };
        let res = preflight("https://evil.example.test").await.unwrap();
        let allowed = res.headers().get("access-control-allow-origin");
        assert!(
            allowed.is_none(),
            "{path}: evil origin allowed: {allowed:?}"
        );
        let res = preflight("http://localhost:3000").await.unwrap();
        let headers = res.headers();
        assert_eq!(
            headers
                .get("access-control-allow-origin")
                .and_then(|v| v.to_str().ok()),
            Some("http://localhost:3000"),
            "{path}: {headers:?}"
        );
        assert_eq!(
            headers
                .get("access-control-allow-credentials")
                .and_then(|v| v.to_str().ok()),
            Some("true"),
            "{path}"
        );
        let res = api
            .http
            .get(stack.url(path))
            .header("origin", "https://evil.example.test")
            .bearer_auth(&me.token)
            .send()
            .await
            .unwrap();
        assert!(
            res.headers().get("access-control-allow-origin").is_none(),
            "{path}: simple request from evil origin"
        );
    }

    // Headers on answers of every service, successes and errors alike.
    let reads = [
        "/api/auth/me",
        "/api/player/me",
        "/api/gacha/banners",
        "/api/battles/available",
        "/api/rooms",
        "/api/scores/leaderboard",
        "/api/ai/models",
        "/api/assets",
        "/api/no/such/route",
        "/api/rooms/ZZZZZZ",
    ];
    for path in reads {
        let res = api
            .http
            .get(stack.url(path))
            .bearer_auth(&me.token)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let nosniff = headers
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok());
        assert_eq!(nosniff, Some("nosniff"), "{path} ({status}): {headers:?}");
        let frame = headers.get("x-frame-options").and_then(|v| v.to_str().ok());
        assert_eq!(frame, Some("DENY"), "{path} ({status}): {headers:?}");
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(content_type.contains("json"), "{path}: {content_type}");
        if let Some(server) = headers.get("server") {
            let server = server.to_str().unwrap_or_default();
            assert!(
                !server.chars().any(|c| c.is_ascii_digit()),
                "{path} names its server version: {server}"
            );
        }
        let body = res.text().await.unwrap();
        if status.is_client_error() {
            let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert_eq!(problem["status"], status.as_u16(), "{path}: {problem}");
        }
    }

    // Answers carrying tokens are not stored by caches.
    let res = api
        .http
        .post(stack.url("/api/auth/login"))
        .json(&json!({ "email": me.email, "password": seed_clients::PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cache = res
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        cache.contains("no-store"),
        "a token answer may be cached: {cache:?}"
    );

    // Malformed input: a 4xx problem that does not echo internals.
    let res = api
        .http
        .post(stack.url("/api/rooms"))
        .bearer_auth(&me.token)
        .header("content-type", "application/json")
        .body("{\"kind\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let text = res.text().await.unwrap();
    for leak in ["src/", ".rs:", "panicked", "diesel", "postgres", "redis://"] {
        assert!(
            !text.contains(leak),
            "malformed JSON answer leaks {leak}: {text}"
        );
    }
    let res = api
        .http
        .request(Method::TRACE, stack.url("/api/player/me"))
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_client_error(),
        "TRACE answered {}",
        res.status()
    );
}
