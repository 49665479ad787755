//! HTTP routing through the gateway.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use testkit::conformance::{assert_common_endpoints, assert_problem};
use testkit::{spawn_app, spawn_app_with};
use uuid::Uuid;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{echo_service, gateway_settings, gateway_to, raw_status};

#[tokio::test]
async fn serves_health_readiness_docs_metrics_and_problem_errors() {
    let app = spawn_app(gateway::service(Some(gateway_settings(&[])))).await;
    assert_common_endpoints(&app, "gateway").await;
}

#[tokio::test]
async fn requests_reach_the_owning_service_with_body_query_and_request_id() {
    let upstream = spawn_app(echo_service()).await;
    let gw = gateway_to(&upstream.address, &[]).await;
    let res = gw
        .client
        .post(gw.url("/api/rooms/ABC123/chat?limit=5"))
        .header("x-request-id", "trace-42")
        .header("authorization", "Bearer not-checked-here")
        .json(&serde_json::json!({ "message": "hello" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["x-request-id"], "trace-42");
    assert_eq!(
        res.headers()["set-cookie"],
        "seen=1; HttpOnly",
        "response headers pass through"
    );
    let echo: Value = res.json().await.unwrap();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["path"], "/api/rooms/ABC123/chat");
    assert_eq!(echo["query"], "limit=5");
    assert_eq!(echo["body"], r#"{"message":"hello"}"#);
    assert_eq!(echo["headers"]["x-request-id"], "trace-42");
    assert_eq!(echo["headers"]["authorization"], "Bearer not-checked-here");
    assert_eq!(echo["headers"]["x-forwarded-for"], "127.0.0.1");
    assert!(
        echo["headers"]
            .get("connection")
            .is_none_or(|c| c != "keep-alive, upgrade")
    );

    // Without a request id the gateway makes one and passes the same one on.
    let res = gw.get("/api/rooms").await;
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let echo: Value = res.json().await.unwrap();
    assert_eq!(echo["headers"]["x-request-id"], id);
}

#[tokio::test]
async fn internal_and_unknown_paths_are_never_routed() {
    let upstream = spawn_app(echo_service()).await;
    let gw = gateway_to(&upstream.address, &[]).await;
    assert_problem(
        gw.get("/internal/transactions").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        gw.get("/api/unknown/thing").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(raw_status(gw.port, "/api/rooms/../../internal/x"), 400);
    assert_eq!(
        raw_status(gw.port, "/api/rooms/%2e%2e/%2e%2e/internal/x"),
        400
    );
    assert_eq!(
        raw_status(gw.port, "/api/rooms/x%2F..%2F..%2Finternal"),
        400
    );
}

#[tokio::test]
async fn a_service_that_is_down_answers_502_problem() {
    let gw = gateway_to("http://127.0.0.1:1", &[]).await;
    let res = gw.get("/api/scores/leaderboard").await;
    let body = assert_problem(res, StatusCode::BAD_GATEWAY, "upstream_unavailable").await;
    assert!(
        body["detail"].as_str().unwrap().contains("leaderboard"),
        "{body}"
    );
}

#[tokio::test]
async fn a_slow_service_answers_504_problem() {
    let slow = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&slow)
        .await;
    let gw = gateway_to(&slow.uri(), &[("GATEWAY_TIMEOUT_MS", "300")]).await;
    assert_problem(
        gw.get("/api/gacha/banners").await,
        StatusCode::GATEWAY_TIMEOUT,
        "upstream_timeout",
    )
    .await;
}

#[tokio::test]
async fn large_and_chunked_bodies_pass_through_whole() {
    // Above the 64 KiB the proxy buffers, so both directions stream.
    let big: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let files = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(big.clone(), "application/octet-stream"),
        )
        .mount(&files)
        .await;
    let gw = gateway_to(&files.uri(), &[]).await;
    let res = gw.get("/cdn/assets/big.bin").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().as_ref(), big.as_slice());

    let upstream = spawn_app(echo_service()).await;
    let gw = gateway_to(&upstream.address, &[]).await;
    let chunks = futures_util::stream::iter(
        (0..10).map(|i| Ok::<_, std::io::Error>(format!("{i:0>20000}").into_bytes())),
    );
    let res = gw
        .client
        .post(gw.url("/api/rooms/upload"))
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let echo: Value = res.json().await.unwrap();
    let expected: String = (0..10).map(|i| format!("{i:0>20000}")).collect();
    assert_eq!(echo["body"].as_str().map(str::len), Some(200_000));
    assert_eq!(echo["body"], expected);
}

/// An upstream that sends a 200 head declaring `len` body bytes, ten of them, then stalls.
async fn stalling_upstream(len: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {len}\r\n\r\n0123456789");
                let _ = socket.write_all(head.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(30)).await;
            });
        }
    });
    address
}

#[tokio::test]
async fn an_answer_whose_body_stalls_is_cut_at_the_deadline() {
    // A small answer is buffered: the client gets a 504 problem.
    let gw = gateway_to(
        &stalling_upstream(1_000).await,
        &[("GATEWAY_TIMEOUT_MS", "300")],
    )
    .await;
    assert_problem(
        gw.get("/api/gacha/banners").await,
        StatusCode::GATEWAY_TIMEOUT,
        "upstream_timeout",
    )
    .await;

    // A large one is already streaming: it ends early, and never hangs the client.
    let gw = gateway_to(
        &stalling_upstream(1_000_000).await,
        &[("GATEWAY_TIMEOUT_MS", "300")],
    )
    .await;
    let res = gw.get("/api/gacha/banners").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = tokio::time::timeout(Duration::from_secs(5), res.bytes())
        .await
        .expect("the gateway ends the answer at its deadline");
    assert!(body.is_err(), "a cut answer must not look complete");
}

#[tokio::test]
async fn credential_rate_limits_hold_across_two_gateway_instances() {
    let auth = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&auth)
        .await;
    let limits = [("RATE_LIMIT_AUTH_PER_IP", "3")];
    let first = gateway_to(&auth.uri(), &limits).await;
    let prefix = first.redis.prefix().to_owned();
    let url = url::Url::parse(&auth.uri()).unwrap();
    let second = spawn_app_with(gateway::service(Some(gateway_settings(&limits))), |s| {
        s.redis.prefix = prefix.clone();
        for peer in &mut s.peers {
            *peer = url.clone();
        }
    })
    .await;
    let login = |gw: &testkit::TestApp| {
        gw.client
            .post(gw.url("/api/auth/login"))
            .json(&serde_json::json!({}))
            .send()
    };
    assert_eq!(
        login(&first).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&second).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&first).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    let res = login(&second).await.unwrap();
    let retry_after: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    assert_problem(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // Other routes are not under the credential limit.
    assert_ne!(
        first.get("/api/auth/me").await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn per_user_limits_follow_the_verified_token_not_the_ip() {
    let upstream = spawn_app(echo_service()).await;
    let gw = gateway_to(&upstream.address, &[("RATE_LIMIT_PER_USER", "2")]).await;
    let alice = gw.auth.token_for(Uuid::new_v4());
    let bob = gw.auth.token_for(Uuid::new_v4());
    let call = |token: &str| {
        gw.client
            .get(gw.url("/api/rooms"))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(call(&alice).await.unwrap().status(), StatusCode::OK);
    assert_eq!(call(&alice).await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        call(&alice).await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        call(&bob).await.unwrap().status(),
        StatusCode::OK,
        "another user from the same IP"
    );
    // A forged token is not a user: it only counts against the IP.
    assert_eq!(
        call("forged.token.value").await.unwrap().status(),
        StatusCode::OK
    );
}

/// Sends `n` authenticated GETs through `gw`, returning how many were not refused.
async fn passed(gw: &testkit::TestApp, token: &str, n: usize) -> usize {
    let mut ok = 0;
    for _ in 0..n {
        let res = gw
            .client
            .get(gw.url("/api/rooms"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        if res.status() != StatusCode::TOO_MANY_REQUESTS {
            ok += 1;
        }
    }
    ok
}

#[tokio::test]
async fn leased_limits_stay_exact_on_one_gateway_and_never_exceeded_on_two() {
    let upstream = spawn_app(echo_service()).await;
    // 200 per user: leased in blocks of 3.
    let limits = [("RATE_LIMIT_PER_USER", "200")];
    let first = gateway_to(&upstream.address, &limits).await;
    let alice = first.auth.token_for(Uuid::new_v4());
    assert_eq!(passed(&first, &alice, 201).await, 200);

    let prefix = first.redis.prefix().to_owned();
    let url = url::Url::parse(&upstream.address).unwrap();
    let jwks = url::Url::parse(&first.auth.jwks_url()).unwrap();
    let second = spawn_app_with(gateway::service(Some(gateway_settings(&limits))), |s| {
        s.redis.prefix = prefix.clone();
        s.jwt.jwks_url = jwks.clone();
        for peer in &mut s.peers {
            *peer = url.clone();
        }
    })
    .await;
    let bob = first.auth.token_for(Uuid::new_v4());
    let mut ok = 0;
    for _ in 0..105 {
        ok += passed(&first, &bob, 1).await;
        ok += passed(&second, &bob, 1).await;
    }
    // Blocks leased by one gateway and unspent may refuse up to one block early elsewhere.
    assert!((197..=200).contains(&ok), "{ok} of 210 passed");
    assert_eq!(
        passed(&first, &bob, 1).await + passed(&second, &bob, 1).await,
        0
    );
}

#[tokio::test]
async fn cors_allows_configured_origins_only() {
    let upstream = spawn_app(echo_service()).await;
    let gw = gateway_to(
        &upstream.address,
        &[("CORS_ALLOWED_ORIGINS", "https://game.example")],
    )
    .await;
    let preflight = |origin: &'static str| {
        gw.client
            .request(reqwest::Method::OPTIONS, gw.url("/api/rooms"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,authorization",
            )
            .send()
    };
    let ok = preflight("https://game.example").await.unwrap();
    assert!(ok.status().is_success());
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://game.example"
    );
    assert_eq!(ok.headers()["access-control-allow-credentials"], "true");
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413_problem() {
    let upstream = spawn_app(echo_service()).await;
    let url = url::Url::parse(&upstream.address).unwrap();
    let gw = spawn_app_with(gateway::service(Some(gateway_settings(&[]))), |s| {
        s.http.max_body_bytes = 100;
        for peer in &mut s.peers {
            *peer = url.clone();
        }
    })
    .await;
    let res = gw
        .client
        .post(gw.url("/api/rooms"))
        .header("content-type", "application/json")
        .body("x".repeat(1000))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    // A chunked body without a length is cut off at the limit too.
    let chunks =
        futures_util::stream::iter((0..20).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 50])));
    let res = gw
        .client
        .post(gw.url("/api/rooms"))
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn the_docs_portal_offers_every_services_spec() {
    let upstream = spawn_app(echo_service()).await;
    let gw = gateway_to(&upstream.address, &[]).await;
    let init = gw
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap();
    for name in [
        "gateway",
        "auth",
        "inventory",
        "gacha",
        "battle",
        "room",
        "leaderboard",
        "ai",
        "asset",
    ] {
        assert!(
            init.contains(&format!("\"{name}\"")),
            "{name} missing in {init}"
        );
    }
    let spec: Value = gw.get("/openapi/room.json").await.json().await.unwrap();
    assert_eq!(spec["info"]["title"], "room service");
    assert_problem(
        gw.get("/openapi/nope.json").await,
        StatusCode::NOT_FOUND,
        "unknown_service",
    )
    .await;
}
