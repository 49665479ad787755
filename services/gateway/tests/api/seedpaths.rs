//! The gacha seed's deployment prefixes: rewritten to our paths, everything else refused.

use actix_web::{HttpRequest, HttpResponse, web};
use common::{ServiceDef, ServiceName};
use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use testkit::spawn_app;

use crate::helpers::{gateway_to, raw_status};

async fn echo(req: HttpRequest) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "method": req.method().as_str(),
        "path": req.path(),
        "query": req.query_string(),
        "authorization": req.headers().get("authorization").and_then(|v| v.to_str().ok()),
    }))
}

/// One upstream standing in for every service: it echoes any `/api/...` request.
fn echo_api() -> ServiceDef {
    ServiceDef::new(ServiceName::Gacha, "echo").routes(|cfg, _| {
        cfg.route("/api/{tail:.*}", web::route().to(echo));
    })
}

#[tokio::test]
async fn seed_paths_reach_our_paths_with_query_and_token() {
    let upstream = spawn_app(echo_api()).await;
    let gw = gateway_to(&upstream.address, &[]).await;
    let client = reqwest::Client::new();
    for (method, seed, path, query) in [
        (
            "POST",
            "/gacha/pull?count=10",
            "/api/gacha/pull",
            "count=10",
        ),
        (
            "GET",
            "/inventory?rarity=4-star",
            "/api/inventory/",
            "rarity=4-star",
        ),
        (
            "POST",
            "/auth/verify?token=t",
            "/api/auth/verify",
            "token=t",
        ),
        (
            "GET",
            "/asset/assets/abc/versions",
            "/api/assets/abc/versions",
            "",
        ),
        ("DELETE", "/asset/assets/abc", "/api/assets/abc", ""),
    ] {
        let res = client
            .request(method.parse().unwrap(), gw.url(seed))
            .bearer_auth("tok")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{seed}");
        let echoed: Value = res.json().await.unwrap();
        assert_eq!(
            (
                echoed["method"].as_str(),
                echoed["path"].as_str(),
                echoed["query"].as_str()
            ),
            (Some(method), Some(path), Some(query)),
            "{seed}"
        );
        assert_eq!(echoed["authorization"], "Bearer tok");
    }
}

#[tokio::test]
async fn other_paths_methods_and_escapes_under_the_prefixes_are_refused() {
    let upstream = spawn_app(echo_api()).await;
    let gw = gateway_to(&upstream.address, &[]).await;
    assert_problem(
        gw.get("/gacha/history").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_problem(
        gw.get("/auth/register").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let res = gw.get("/gacha/pull").await;
    assert_eq!(res.headers()["allow"], "POST");
    assert_problem(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    assert_eq!(
        raw_status(gw.port, "/inventory/../internal/transactions"),
        400
    );
    assert_eq!(
        raw_status(gw.port, "/inventory/%2e%2e/%2e%2e/internal/x"),
        400
    );
    assert_eq!(raw_status(gw.port, "/ai/jobs/x%2F..%2F..%2Finternal"), 400);
}
