//! API7:2023 Server Side Request Forgery: every URL a player or a provider can hand us is
//! pointed at a loopback "internal" server that must never be called: an avatar URL (profile
//! and cafe sign-up), an image URL a model returns instead of bytes, a model API or OAuth token
//! endpoint redirecting to it, and an OAuth userinfo picture. The OAuth `redirect_uri` cannot be
//! chosen by the caller, and no documented GET redirects to a target named in its query.

use reqwest::{Method, StatusCode};
use seed_clients::Stack;
use serde_json::json;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{Api, placeholder, public_operations};
use crate::thirdparty::{oauth_login, run_job, stack};

/// One stack whose models and OAuth providers point us at `internal`, a loopback server
/// standing for cloud metadata or an internal service.
#[tokio::test]
async fn server_side_requests_go_only_where_we_configured_them() {
    let internal = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "secret": "metadata" })))
        .mount(&internal)
        .await;
    let target = format!("{}/latest/meta-data/secret.png", internal.uri());

    let mock = MockServer::start().await;
    for (model, answer) in [
        (
            "url_image",
            ResponseTemplate::new(200).set_body_json(json!({ "data": [{ "url": target }] })),
        ),
        (
            "redirect_art",
            ResponseTemplate::new(302).insert_header("location", target.as_str()),
        ),
        (
            "redirect_text",
            ResponseTemplate::new(307).insert_header("location", target.as_str()),
        ),
    ] {
        Mock::given(method("POST"))
            .and(body_partial_json(json!({ "model": model })))
            .respond_with(answer)
            .mount(&mock)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/redir/token"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", target.as_str()))
        .mount(&mock)
        .await;
    Mock::given(method("POST"))
        .and(path("/pic/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "access_token": "t", "token_type": "Bearer" })),
        )
        .mount(&mock)
        .await;
    Mock::given(method("GET"))
        .and(path("/pic/userinfo"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "sub": "pic-1", "name": "Pic", "picture": target })),
        )
        .mount(&mock)
        .await;
    let stack = stack(
        &mock,
        &[
            ("url_image", "character_art"),
            ("redirect_art", "character_art"),
            ("redirect_text", "item_description"),
        ],
        &["redir", "pic", "idp"],
    )
    .await;
    no_url_from_a_player_or_a_provider_is_ever_fetched(&stack, &internal, &target).await;
    the_oauth_redirect_uri_and_every_redirect_stay_ours(&stack).await;
}

async fn no_url_from_a_player_or_a_provider_is_ever_fetched(
    stack: &Stack,
    internal: &MockServer,
    target: &str,
) {
    let api = Api::new(stack);
    let me = stack.register(&api.http).await;

    // Avatar URLs are stored for clients to show, never fetched by us.
    for url in [
        target,
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:6379/",
    ] {
        let (status, body) = api
            .call(
                Method::PATCH,
                "/api/auth/me",
                Some(&me.token),
                Some(json!({ "avatar_url": url })),
            )
            .await;
        assert!(
            status.is_success() || status.is_client_error(),
            "{url}: {status} {body}"
        );
    }
    let (status, body) = api
        .call(
            Method::POST,
            "/api/v1/auth/register",
            None,
            Some(json!({ "username": "ssrf", "avatar_url": target })),
        )
        .await;
    assert!(!status.is_server_error(), "cafe sign-up: {status} {body}");
    api.get(&format!("/api/users/{}", me.id), &me.token).await;
    api.post(
        "/api/rooms",
        &me.token,
        json!({ "kind": "voting", "max_players": 4 }),
    )
    .await;

    // Models pointing us elsewhere: the job fails, nothing is fetched.
    for (model, job_type) in [
        ("url_image", "character_art"),
        ("redirect_art", "character_art"),
        ("redirect_text", "item_description"),
    ] {
        let job = run_job(&api, &me.token, model, job_type).await;
        assert_eq!(job["status"], "failed", "{model}: {job}");
    }

    // OAuth: a token endpoint redirecting is not followed; a picture URL is not fetched.
    let (status, body) = oauth_login(stack, &stack.browser(), "redir").await;
    assert!(
        status.is_client_error() || status == StatusCode::BAD_GATEWAY,
        "redir: {status} {body}"
    );
    let (status, body) = oauth_login(stack, &stack.browser(), "pic").await;
    assert!(status.is_success(), "pic: {status} {body}");

    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let calls = internal.received_requests().await.unwrap();
    assert!(
        calls.is_empty(),
        "the internal server was called: {:?}",
        calls.iter().map(|r| r.url.to_string()).collect::<Vec<_>>()
    );
}

async fn the_oauth_redirect_uri_and_every_redirect_stay_ours(stack: &Stack) {
    let api = Api::new(stack);
    let me = stack.register(&api.http).await;
    let evil = "https://evil.example.test/steal";

    let res = api
        .http
        .get(stack.url(&format!(
            "/api/auth/login?provider=idp&redirect_uri={evil}&redirect_url={evil}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    let auth_url = url::Url::parse(body["auth_url"].as_str().unwrap()).unwrap();
    let redirect = auth_url
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| v.into_owned());
    assert_eq!(
        redirect.as_deref(),
        Some("http://127.0.0.1:3000/api/auth/callback"),
        "{auth_url}"
    );

    let query = [
        "redirect",
        "redirect_uri",
        "next",
        "url",
        "return_to",
        "returnTo",
        "continue",
    ]
    .iter()
    .map(|k| format!("{k}={evil}"))
    .collect::<Vec<_>>()
    .join("&");
    let mut paths: Vec<String> = public_operations(stack)
        .await
        .into_iter()
        .filter(|op| op.method == Method::GET)
        .map(|op| op.concrete(placeholder))
        .collect();
    paths.extend(["/docs", "/play", "/", "/auth/login", "/gacha/banners"].map(str::to_owned));
    for path in paths {
        let full = format!("{path}?{query}");
        for token in [None, Some(me.token.as_str())] {
            let mut req = api.http.get(stack.url(&full));
            if let Some(token) = token {
                req = req.bearer_auth(token);
            }
            let res = req.send().await.unwrap();
            if let Some(location) = res.headers().get("location") {
                let location = location.to_str().unwrap_or_default();
                assert!(
                    !location.contains("evil.example.test"),
                    "{full} redirects to {location}"
                );
            }
        }
    }
}
