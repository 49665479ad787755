//! A stack whose third parties are wiremock servers: OpenAI-compatible models and OAuth
//! providers, one per misbehaviour, all served by one mock that tells them apart by the
//! model name or the path prefix.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use common::ServiceName;
use reqwest::{Method, StatusCode};
use seed_clients::{Stack, StackOptions};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::MockServer;

use crate::support::{Api, lean};

/// A stack with AI models `models` (id = upstream model name, served at `mock`) and OAuth
/// providers `providers` (token and userinfo under `/{name}/` on `mock`).
pub async fn stack(mock: &MockServer, models: &[(&str, &str)], providers: &[&str]) -> Stack {
    stack_with(mock, models, providers, Vec::new()).await
}

/// [`stack`] with more catalogue entries (models served elsewhere).
pub async fn stack_with(
    mock: &MockServer,
    models: &[(&str, &str)],
    providers: &[&str],
    extra: Vec<Value>,
) -> Stack {
    let mut catalogue = vec![json!({
        "id": "offline_text_v1", "job_types": ["question_set", "item_description", "character_bio"]
    })];
    catalogue.extend(extra);
    for (id, job_type) in models {
        catalogue.push(json!({
            "id": id, "job_types": [job_type], "provider": "openai", "base_url": format!("{}/v1/", mock.uri()),
            "model": id, "fallback": false, "timeout_ms": 1500,
        }));
    }
    let mut options = StackOptions::default()
        .env(
            ServiceName::Ai,
            "AI_MODELS",
            &Value::Array(catalogue).to_string(),
        )
        .env(ServiceName::Ai, "AI_MAX_ATTEMPTS", "1")
        .env(ServiceName::Ai, "AI_SWEEP_INTERVAL_MS", "50")
        .env(ServiceName::Ai, "AI_MAX_IN_FLIGHT", "64")
        // Logins are what these stacks do: the per-IP credential limit is API4's business.
        .env(ServiceName::Gateway, "RATE_LIMIT_AUTH_PER_IP", "1000");
    if !providers.is_empty() {
        options = options.env(
            ServiceName::Auth,
            "AUTH_OAUTH_PROVIDERS",
            &providers.join(","),
        );
    }
    for name in providers {
        let upper = name.to_ascii_uppercase();
        let uri = mock.uri();
        for (key, value) in [
            ("CLIENT_ID", "game-client".to_owned()),
            ("CLIENT_SECRET", "provider-secret".to_owned()),
            (
                "AUTHORIZE_URL",
                "https://idp.example.test/authorize".to_owned(),
            ),
            ("TOKEN_URL", format!("{uri}/{name}/token")),
            ("USERINFO_URL", format!("{uri}/{name}/userinfo")),
            (
                "REDIRECT_URI",
                "http://127.0.0.1:3000/api/auth/callback".to_owned(),
            ),
        ] {
            options = options.env(
                ServiceName::Auth,
                &format!("AUTH_OAUTH_{upper}_{key}"),
                &value,
            );
        }
    }
    Stack::spawn_with(lean(options)).await
}

/// An OpenAI chat completion saying `content`.
pub fn chat(content: &str) -> Value {
    json!({ "choices": [{ "index": 0, "message": { "role": "assistant", "content": content } }] })
}

/// Runs a job on `model` and waits for it to leave `queued`/`processing`; its final view.
pub async fn run_job(api: &Api<'_>, token: &str, model: &str, job_type: &str) -> Value {
    let parameters = match job_type {
        "character_art" => json!({ "prompt": "a knight", "size": 64 }),
        "character_bio" => json!({ "name": "Mira" }),
        _ => json!({ "item_name": "Edge" }),
    };
    let job = api
        .post(
            "/api/ai/jobs",
            token,
            json!({ "job_type": job_type, "model": model, "parameters": parameters }),
        )
        .await;
    let id = job["job_id"].as_str().unwrap().to_owned();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let (status, view) = api
            .call(
                Method::GET,
                &format!("/api/ai/jobs/{id}"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{model}: {view}");
        if !matches!(view["status"].as_str(), Some("queued" | "processing")) {
            return view;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{model}: job never finished: {view}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Starts an OAuth login with `provider` in `browser` and comes back with `code`: the
/// callback's status and body.
pub async fn oauth_login(
    stack: &Stack,
    browser: &reqwest::Client,
    provider: &str,
) -> (StatusCode, Value) {
    let res = browser
        .get(stack.url(&format!("/api/auth/login?provider={provider}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{provider} login");
    let body: Value = res.json().await.unwrap();
    let auth_url = url::Url::parse(body["auth_url"].as_str().unwrap()).unwrap();
    let state = auth_url
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let res = browser
        .get(stack.url(&format!("/api/auth/callback?code=the-code&state={state}")))
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A model API that answers every request with an endless chunked body; its base URL and the
/// bytes it managed to send before the reader hung up.
pub async fn endless_provider() -> (String, Arc<AtomicU64>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1/", listener.local_addr().unwrap());
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
                while socket.write_all(chunk.as_bytes()).await.is_ok() {
                    counter.fetch_add(64 * 1024, Ordering::Relaxed);
                }
            });
        }
    });
    (base, sent)
}
