//! API4:2023 Unrestricted Resource Consumption, through the gateway: body size limits, every
//! documented paging parameter given absurd values, the per-user rate limit, WebSocket frame
//! size, and the AI per-user job quota. The limits' own mechanics are tested in the gateway's
//! and services' suites; this checks a client meets them, with a problem body, never a 5xx.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::{Method, StatusCode};
use seed_clients::{Stack, StackOptions};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use crate::support::{Api, lean, placeholder, public_operations};

const PER_USER: u64 = 40;

#[tokio::test]
async fn bodies_pages_frames_rates_and_quotas_are_bounded() {
    let stack = Stack::spawn_with(lean(
        StackOptions::default()
            .env(
                common::ServiceName::Gateway,
                "RATE_LIMIT_PER_USER",
                &PER_USER.to_string(),
            )
            .env(common::ServiceName::Gateway, "RATE_LIMIT_PER_IP", "100000")
            .env(common::ServiceName::Ai, "AI_WORKERS", "0")
            .env(common::ServiceName::Ai, "AI_MAX_IN_FLIGHT", "2"),
    ))
    .await;
    let api = Api::new(&stack);

    let bodies = stack.register(&api.http).await;
    for path in [
        "/api/rooms",
        "/api/auth/login",
        "/api/scores",
        "/api/ai/jobs",
    ] {
        let huge = json!({ "name": "x".repeat(2 * 1024 * 1024) });
        let (status, body) = api
            .call(Method::POST, path, Some(&bodies.token), Some(huge))
            .await;
        assert_eq!(
            status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "2 MiB to {path}: {body}"
        );
        assert_eq!(body["status"], 413, "{path}: not a problem body: {body}");
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let res = api
        .http
        .post(stack.url("/api/rooms"))
        .bearer_auth(&bodies.token)
        .header("content-type", "application/json")
        .body(deep)
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_client_error(),
        "100k nested arrays: {}",
        res.status()
    );

    let pager = stack.register(&stack.browser()).await;
    let mut paged = 0;
    for op in public_operations(&stack).await {
        let names: Vec<String> = op.spec["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query")
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .filter(|n| matches!(n.as_str(), "limit" | "offset" | "radius" | "count" | "page"))
            .collect();
        for name in &names {
            for value in ["1000000000", "-1", "9223372036854775807", "abc"] {
                let path = format!("{}?{name}={value}", op.concrete(placeholder));
                let body = (op.method == Method::POST).then(|| json!({}));
                let (status, answer) = api
                    .call(op.method.clone(), &path, Some(&pager.token), body)
                    .await;
                assert!(
                    !status.is_server_error(),
                    "{} {path}: {status} {answer}",
                    op.method
                );
                if status.is_success() {
                    let longest = answer
                        .as_object()
                        .into_iter()
                        .flat_map(|o| o.values())
                        .chain(std::iter::once(&answer))
                        .filter_map(|v| v.as_array().map(Vec::len))
                        .max()
                        .unwrap_or(0);
                    assert!(
                        longest <= 200,
                        "{} {path} answered {longest} entries",
                        op.method
                    );
                }
            }
            paged += 1;
        }
    }
    assert!(paged >= 15, "only {paged} paging parameters found");

    // One player's flood is cut off with 429 and Retry-After; another player is unaffected.
    let flooder = stack.register(&stack.browser()).await;
    let mut limited = None;
    for i in 0..PER_USER * 2 {
        let res = api
            .http
            .get(stack.url("/api/wallet"))
            .bearer_auth(&flooder.token)
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(
                res.headers().contains_key("retry-after"),
                "429 without Retry-After"
            );
            limited = Some(i);
            break;
        }
        assert_eq!(res.status(), StatusCode::OK);
    }
    let at = limited.expect("the per-user rate limit never answered 429");
    assert!(at <= PER_USER, "limited only after {at} requests");
    let calm = stack.register(&stack.browser()).await;
    api.get("/api/wallet", &calm.token).await;

    // WebSocket: a frame past the limit closes the socket with 1009.
    let ws = stack.register(&stack.browser()).await;
    let (mut socket, _) =
        tokio_tungstenite::connect_async(stack.ws_url(&format!("/ws?token={}", ws.token)))
            .await
            .unwrap();
    socket
        .send(Message::text(
            json!({ "op": "ping", "pad": "x".repeat(64 * 1024) }).to_string(),
        ))
        .await
        .unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(msg) = socket.next().await {
            match msg {
                Ok(Message::Close(frame)) => return frame.map(|f| u16::from(f.code)),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
        None
    })
    .await
    .expect("the socket stayed open after an oversized frame");
    assert_eq!(closed, Some(1009));

    // Per-user quota: jobs in flight are bounded (AI_MAX_IN_FLIGHT=2, no workers).
    let quota = stack.register(&stack.browser()).await;
    stack.grant(quota.id, 1, 1_000).await;
    let job = json!({ "job_type": "item_description", "parameters": { "item_name": "Edge" } });
    for _ in 0..2 {
        api.post("/api/ai/jobs", &quota.token, job.clone()).await;
    }
    let (status, body) = api
        .call(Method::POST, "/api/ai/jobs", Some(&quota.token), Some(job))
        .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "a third job in flight: {body}"
    );
}
