//! API10:2023 Unsafe Consumption of APIs: our third parties (an OpenAI-compatible model API and
//! OAuth providers) answering garbage, huge, slow or hostile documents. Each job ends `failed`
//! (or with bounded, cleaned output) and each OAuth callback with a 4xx/502 problem; nothing
//! answers 5xx other than 502 at the gateway, no account is made from a bad answer, and no
//! provider text reaches a player unbounded.

use std::time::Duration;

use base64::Engine;
use reqwest::StatusCode;
use seed_clients::Stack;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::Api;
use crate::thirdparty::{chat, endless_provider, oauth_login, run_job, stack_with};

/// (model, job type, the provider's answer, whether a completed job is acceptable).
fn model_answers() -> Vec<(&'static str, &'static str, ResponseTemplate, bool)> {
    let not_png = base64::engine::general_purpose::STANDARD.encode(b"GIF89a not a png at all");
    vec![
        (
            "html",
            "item_description",
            ResponseTemplate::new(200).set_body_raw("<html>oops</html>", "text/html"),
            false,
        ),
        (
            "wrong_schema",
            "item_description",
            ResponseTemplate::new(200).set_body_json(json!({ "answer": 42 })),
            false,
        ),
        (
            "no_choices",
            "item_description",
            ResponseTemplate::new(200).set_body_json(json!({ "choices": [] })),
            false,
        ),
        (
            "null_content",
            "item_description",
            ResponseTemplate::new(200)
                .set_body_json(json!({ "choices": [{ "message": { "content": null } }] })),
            false,
        ),
        (
            "server_error",
            "item_description",
            ResponseTemplate::new(500).set_body_string("stack trace: secret"),
            false,
        ),
        (
            "slow",
            "item_description",
            ResponseTemplate::new(200)
                .set_body_json(chat("late"))
                .set_delay(Duration::from_secs(5)),
            false,
        ),
        (
            "huge",
            "item_description",
            ResponseTemplate::new(200)
                .set_body_raw(vec![b' '; 9 * 1024 * 1024], "application/json"),
            false,
        ),
        (
            "long_text",
            "character_bio",
            ResponseTemplate::new(200).set_body_json(chat(&"word ".repeat(50_000))),
            true,
        ),
        (
            "hostile_text",
            "character_bio",
            ResponseTemplate::new(200)
                .set_body_json(chat("Mira\u{0}\u{7}\u{1b}[31m <script>alert(1)</script>")),
            true,
        ),
        (
            "not_png",
            "character_art",
            ResponseTemplate::new(200).set_body_json(json!({ "data": [{ "b64_json": not_png }] })),
            false,
        ),
        (
            "bad_base64",
            "character_art",
            ResponseTemplate::new(200).set_body_json(json!({ "data": [{ "b64_json": "!!!" }] })),
            false,
        ),
        (
            "empty_images",
            "character_art",
            ResponseTemplate::new(200).set_body_json(json!({ "data": [] })),
            false,
        ),
    ]
}

/// One stack whose every model and OAuth provider misbehaves in its own way.
#[tokio::test]
async fn third_party_answers_are_not_trusted() {
    let mock = MockServer::start().await;
    let answers = model_answers();
    for (model, _, answer, _) in &answers {
        Mock::given(method("POST"))
            .and(body_partial_json(json!({ "model": model })))
            .respond_with(answer.clone())
            .mount(&mock)
            .await;
    }
    let models: Vec<(&str, &str)> = answers.iter().map(|(m, t, _, _)| (*m, *t)).collect();
    let providers = mount_providers(&mock).await;
    let (endless, sent) = endless_provider().await;
    let extra = vec![json!({
        "id": "endless", "job_types": ["character_bio"], "provider": "openai", "base_url": endless,
        "model": "endless", "fallback": false, "timeout_ms": 3000,
    })];
    let stack = stack_with(&mock, &models, &providers, extra).await;
    malformed_model_answers_fail_jobs_cleanly(&stack, &answers).await;
    an_endless_answer_is_cut_off_early(&stack, &sent).await;
    malformed_oauth_provider_answers_make_no_account(&stack).await;
}

async fn malformed_model_answers_fail_jobs_cleanly(
    stack: &Stack,
    answers: &[(&'static str, &'static str, ResponseTemplate, bool)],
) {
    let api = Api::new(stack);
    let me = stack.register(&api.http).await;

    let jobs = futures_util::future::join_all(
        answers
            .iter()
            .map(|(model, job_type, _, _)| run_job(&api, &me.token, model, job_type)),
    )
    .await;
    for ((model, _, _, may_complete), job) in answers.iter().zip(&jobs) {
        let status = job["status"].as_str().unwrap_or_default();
        if *may_complete && status == "completed" {
            let text = job["result"]["text"].as_str().unwrap_or_default();
            assert!(
                text.chars().count() <= 4000,
                "{model}: {} chars kept",
                text.chars().count()
            );
            assert!(
                !text.chars().any(|c| c.is_control()),
                "{model}: control characters kept: {text:?}"
            );
        } else {
            assert_eq!(status, "failed", "{model}: {job}");
        }
        let shown = job.to_string();
        assert!(
            !shown.contains("stack trace"),
            "{model}: the provider's body reached the player: {job}"
        );
    }
}

/// A model API streaming an endless answer: the job fails, and we stopped reading near the
/// 8 MiB answer limit rather than buffering until the deadline.
async fn an_endless_answer_is_cut_off_early(stack: &Stack, sent: &std::sync::atomic::AtomicU64) {
    let api = Api::new(stack);
    let me = stack.register(&api.http).await;
    let job = run_job(&api, &me.token, "endless", "character_bio").await;
    assert_eq!(job["status"], "failed", "{job}");
    let sent = sent.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        sent < 32 * 1024 * 1024,
        "read {} MiB of an endless answer",
        sent / (1024 * 1024)
    );
}

/// (provider, token answer, userinfo answer).
fn provider_answers() -> Vec<(&'static str, ResponseTemplate, ResponseTemplate)> {
    let token = || {
        ResponseTemplate::new(200).set_body_json(json!({ "access_token": "provider-access-token", "token_type": "Bearer", "expires_in": 3600 }))
    };
    let user = |v: Value| ResponseTemplate::new(200).set_body_json(v);
    vec![
        (
            "htmltoken",
            ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html"),
            user(json!({ "sub": "1" })),
        ),
        (
            "errtoken",
            ResponseTemplate::new(500),
            user(json!({ "sub": "2" })),
        ),
        (
            "notoken",
            ResponseTemplate::new(200).set_body_json(json!({ "token_type": "Bearer" })),
            user(json!({ "sub": "3" })),
        ),
        (
            "slowtoken",
            token().set_delay(Duration::from_secs(15)),
            user(json!({ "sub": "4" })),
        ),
        (
            "nosub",
            token(),
            user(json!({ "email": "nosub@game.test" })),
        ),
        (
            "longsub",
            token(),
            user(json!({ "sub": "s".repeat(10_000) })),
        ),
        ("objsub", token(), user(json!({ "sub": { "$ne": null } }))),
        (
            "htmluser",
            token(),
            ResponseTemplate::new(200).set_body_raw("<html/>", "text/html"),
        ),
        ("erruser", token(), ResponseTemplate::new(503)),
        (
            "hugeuser",
            token(),
            ResponseTemplate::new(200)
                .set_body_json(json!({ "sub": "huge", "pad": "x".repeat(8 * 1024 * 1024) })),
        ),
    ]
}

/// Mounts every provider's answers; their names.
async fn mount_providers(mock: &MockServer) -> Vec<&'static str> {
    let answers = provider_answers();
    for (name, token, userinfo) in &answers {
        Mock::given(method("POST"))
            .and(path(format!("/{name}/token")))
            .respond_with(token.clone())
            .mount(mock)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/{name}/userinfo")))
            .respond_with(userinfo.clone())
            .mount(mock)
            .await;
    }
    // A well-behaved provider whose picture is not a URL: the account is made without it.
    Mock::given(method("POST"))
        .and(path("/good/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "t", "token_type": "Bearer" })),
        )
        .mount(mock)
        .await;
    Mock::given(method("GET"))
        .and(path("/good/userinfo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({ "sub": "good-1", "name": "Good", "picture": "javascript:alert(1)" }),
        ))
        .mount(mock)
        .await;
    answers.iter().map(|(n, _, _)| *n).chain(["good"]).collect()
}

async fn malformed_oauth_provider_answers_make_no_account(stack: &Stack) {
    let api = Api::new(stack);
    let answers = provider_answers();

    // All at once: the slow provider's deadline is the only wait.
    let logins = futures_util::future::join_all(answers.iter().map(|(name, _, _)| async move {
        let browser = stack.browser();
        let started = std::time::Instant::now();
        let (status, body) = oauth_login(stack, &browser, name).await;
        let took = started.elapsed();
        let me = browser
            .get(stack.url("/api/auth/me"))
            .send()
            .await
            .unwrap()
            .status();
        (*name, status, body, took, me)
    }))
    .await;
    for (name, status, body, took, me) in logins {
        // 504 is the gateway's own deadline for a provider that never answers.
        assert!(
            status.is_client_error()
                || status == StatusCode::BAD_GATEWAY
                || status == StatusCode::GATEWAY_TIMEOUT,
            "{name}: {status} {body}"
        );
        assert_eq!(
            body["status"],
            status.as_u16(),
            "{name}: not a problem body: {body}"
        );
        assert!(took < Duration::from_secs(13), "{name}: took {took:?}");
        assert_eq!(
            me,
            StatusCode::UNAUTHORIZED,
            "{name}: signed in from a bad answer"
        );
    }

    let browser = stack.browser();
    let (status, body) = oauth_login(stack, &browser, "good").await;
    assert!(status.is_success(), "good provider: {status} {body}");
    let token = body["access_token"].as_str().unwrap();
    let me = api.get("/api/auth/me", token).await;
    assert!(
        !me["avatar_url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("javascript"),
        "{me}"
    );
}
