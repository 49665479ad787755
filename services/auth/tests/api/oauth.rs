//! OAuth2 login against a wiremock provider: the authorization URL, the code exchange with the
//! PKCE verifier, userinfo, account creation and linking, and every way the callback fails.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use testkit::conformance::assert_problem;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Auth, PASSWORD, spawn_auth_with};

const REDIRECT_URI: &str = "http://localhost:3000/api/auth/callback";
const CLIENT_ID: &str = "game-client";
const CLIENT_SECRET: &str = "provider-secret";

pub(crate) struct Provider {
    pub(crate) server: MockServer,
}

impl Provider {
    pub(crate) async fn start() -> Self {
        Provider {
            server: MockServer::start().await,
        }
    }

    /// The token endpoint answers `status` with `body`; userinfo answers `userinfo`.
    async fn answer(&self, token: (u16, Value), userinfo: (u16, Value)) {
        Mock::given(method("POST"))
            .and(path("/token"))
            .respond_with(ResponseTemplate::new(token.0).set_body_json(token.1))
            .mount(&self.server)
            .await;
        Mock::given(method("GET"))
            .and(path("/userinfo"))
            .and(header("authorization", "Bearer provider-access-token"))
            .respond_with(ResponseTemplate::new(userinfo.0).set_body_json(userinfo.1))
            .mount(&self.server)
            .await;
    }

    pub(crate) async fn user(&self, userinfo: Value) {
        self.answer(
            (
                200,
                json!({ "access_token": "provider-access-token", "token_type": "Bearer", "expires_in": 3600 }),
            ),
            (200, userinfo),
        )
        .await;
    }

    /// The form fields of every request the token endpoint received.
    pub(crate) async fn token_requests(&self) -> Vec<(HashMap<String, String>, Option<String>)> {
        self.server
            .received_requests()
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.url.path() == "/token")
            .map(|r| {
                let form = url::form_urlencoded::parse(&r.body).into_owned().collect();
                let authorization = r
                    .headers
                    .get("authorization")
                    .map(|v| v.to_str().unwrap().to_owned());
                (form, authorization)
            })
            .collect()
    }
}

pub(crate) async fn spawn_with_provider(provider: &Provider) -> Auth {
    let uri = provider.server.uri();
    let token_url = format!("{uri}/token");
    let userinfo_url = format!("{uri}/userinfo");
    spawn_auth_with(
        &[
            ("AUTH_OAUTH_PROVIDERS", "mockidp"),
            ("AUTH_OAUTH_MOCKIDP_CLIENT_ID", CLIENT_ID),
            ("AUTH_OAUTH_MOCKIDP_CLIENT_SECRET", CLIENT_SECRET),
            (
                "AUTH_OAUTH_MOCKIDP_AUTHORIZE_URL",
                "https://idp.example/authorize",
            ),
            ("AUTH_OAUTH_MOCKIDP_TOKEN_URL", &token_url),
            ("AUTH_OAUTH_MOCKIDP_USERINFO_URL", &userinfo_url),
            ("AUTH_OAUTH_MOCKIDP_REDIRECT_URI", REDIRECT_URI),
        ],
        |_| {},
    )
    .await
}

/// The `oauth_binding` cookie each started login set, by state: the browser that started a
/// login sends it back with the callback (`callback_with` does).
pub(crate) static BINDINGS: LazyLock<Mutex<HashMap<String, String>>> =
    LazyLock::new(Default::default);

/// The value of the `oauth_binding` cookie a response sets.
fn binding_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find_map(|c| c.strip_prefix("oauth_binding="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("an oauth_binding cookie")
}

/// Starts a login; returns the authorization URL's query parameters (and remembers the
/// browser's binding cookie for the callback).
pub(crate) async fn start_login(auth: &Auth) -> HashMap<String, String> {
    let res = auth
        .http
        .get(auth.url("/api/auth/login?provider=mockidp"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let binding = binding_cookie(&res);
    let body: Value = res.json().await.unwrap();
    let url = url::Url::parse(body["auth_url"].as_str().unwrap()).unwrap();
    assert_eq!(
        format!(
            "{}://{}{}",
            url.scheme(),
            url.host_str().unwrap(),
            url.path()
        ),
        "https://idp.example/authorize"
    );
    let params: HashMap<String, String> = url.query_pairs().into_owned().collect();
    BINDINGS
        .lock()
        .unwrap()
        .insert(params["state"].clone(), binding);
    params
}

pub(crate) async fn callback(auth: &Auth, code: &str, state: &str) -> reqwest::Response {
    callback_with(auth, &[("code", code), ("state", state)]).await
}

/// The callback as the browser that started the login sends it (with its binding cookie).
async fn callback_with(auth: &Auth, params: &[(&str, &str)]) -> reqwest::Response {
    let state = params.iter().find(|(k, _)| *k == "state").map(|(_, v)| *v);
    let binding = state.and_then(|s| BINDINGS.lock().unwrap().get(s).cloned());
    callback_from(auth, params, binding.as_deref()).await
}

/// The callback from a browser holding `binding` (or no binding cookie).
pub(crate) async fn callback_from(
    auth: &Auth,
    params: &[(&str, &str)],
    binding: Option<&str>,
) -> reqwest::Response {
    let url = url::Url::parse_with_params(&auth.url("/api/auth/callback"), params).unwrap();
    let req = auth.http.get(url);
    let req = match binding {
        Some(b) => req.header("cookie", format!("oauth_binding={b}")),
        None => req,
    };
    req.send().await.unwrap()
}

#[tokio::test]
async fn the_providers_endpoint_lists_the_configured_providers() {
    let provider = Provider::start().await;
    let auth = spawn_with_provider(&provider).await;
    let body: Value = auth
        .http
        .get(auth.url("/api/auth/providers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["providers"][0]["name"], "mockidp");
    assert_eq!(body["providers"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_authorization_url_carries_state_a_pkce_s256_challenge_and_the_exact_redirect_uri() {
    let provider = Provider::start().await;
    let auth = spawn_with_provider(&provider).await;
    let params = start_login(&auth).await;
    assert_eq!(params["response_type"], "code");
    assert_eq!(params["client_id"], CLIENT_ID);
    assert_eq!(params["redirect_uri"], REDIRECT_URI);
    assert_eq!(params["code_challenge_method"], "S256");
    assert_eq!(params["code_challenge"].len(), 43, "base64url SHA-256");
    assert!(params["state"].len() >= 16);
    assert_eq!(params["scope"], "openid email profile");
    // Each login gets its own state and challenge.
    let again = start_login(&auth).await;
    assert_ne!(again["state"], params["state"]);
    assert_ne!(again["code_challenge"], params["code_challenge"]);
    // Without ?provider= the only provider is used.
    let res = auth
        .http
        .get(auth.url("/api/auth/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = auth
        .http
        .get(auth.url("/api/auth/login?provider=nope"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "unknown_provider").await;
}

#[tokio::test]
async fn the_callback_exchanges_the_code_with_the_verifier_and_creates_an_account() {
    let provider = Provider::start().await;
    provider
        .user(json!({
            "sub": "idp-user-1", "email": "Nina@Example.com", "email_verified": true,
            "name": "Nina Simone", "picture": "https://idp.example/nina.png"
        }))
        .await;
    let auth = spawn_with_provider(&provider).await;
    let params = start_login(&auth).await;

    let res = callback(&auth, "the-code", &params["state"]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["user"]["email"], "nina@example.com");
    assert_eq!(body["user"]["role"], "player");
    assert_eq!(body["user"]["avatar_url"], "https://idp.example/nina.png");
    assert!(
        body["user"]["username"]
            .as_str()
            .unwrap()
            .starts_with("Nina_Simone_")
    );
    assert_eq!(body["user_info"]["sub"], "idp-user-1");
    assert_eq!(body["token_type"], "bearer");
    let me = auth
        .get_with("/api/auth/me", body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(me.status(), StatusCode::OK);

    let requests = provider.token_requests().await;
    assert_eq!(requests.len(), 1);
    let (form, authorization) = &requests[0];
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["code"], "the-code");
    assert_eq!(form["redirect_uri"], REDIRECT_URI);
    let verifier = &form["code_verifier"];
    assert_eq!(
        URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())),
        params["code_challenge"],
        "the verifier matches the challenge"
    );
    let basic = format!(
        "Basic {}",
        STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}"))
    );
    assert_eq!(authorization.as_deref(), Some(basic.as_str()));

    // The same provider identity logs into the same account next time.
    let params = start_login(&auth).await;
    let again: Value = callback(&auth, "second-code", &params["state"])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["user"]["id"], body["user"]["id"]);
}

#[tokio::test]
async fn a_verified_email_links_the_existing_account() {
    let provider = Provider::start().await;
    provider
        .user(json!({ "sub": "idp-olga", "email": "olga@example.com", "email_verified": true }))
        .await;
    let auth = spawn_with_provider(&provider).await;
    let reg = auth.register("olga@example.com", "olga").await;
    // Olga proved her address (the mailed link; see email.rs for that flow).
    mark_verified(&auth, "olga@example.com").await;
    let params = start_login(&auth).await;
    let body: Value = callback(&auth, "c", &params["state"])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["user"]["id"], reg["user"]["id"]);
    assert_eq!(body["user"]["username"], "olga");
    // The password still works too.
    assert_eq!(
        auth.login("olga@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_unverified_email_never_links_an_existing_account() {
    let provider = Provider::start().await;
    provider
        .user(json!({ "sub": "idp-mallory", "email": "pat@example.com", "email_verified": false }))
        .await;
    let auth = spawn_with_provider(&provider).await;
    let reg = auth.register("pat@example.com", "pat").await;
    let params = start_login(&auth).await;
    let res = callback(&auth, "c", &params["state"]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_ne!(body["user"]["id"], reg["user"]["id"], "a separate account");
    assert!(
        body["user"]["email"].is_null(),
        "the unverified email is not taken"
    );
}

#[tokio::test]
async fn a_bad_state_is_refused() {
    let provider = Provider::start().await;
    provider.user(json!({ "sub": "s" })).await;
    let auth = spawn_with_provider(&provider).await;
    start_login(&auth).await;
    for state in ["made-up-state", "bad state!", ""] {
        let res = callback(&auth, "c", state).await;
        assert_problem(res, StatusCode::BAD_REQUEST, "invalid_oauth_state").await;
    }
    let res = auth
        .http
        .get(auth.url("/api/auth/callback?code=c"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_oauth_state").await;
    assert!(
        provider.token_requests().await.is_empty(),
        "no code was exchanged"
    );
}

#[tokio::test]
async fn a_replayed_state_is_refused() {
    let provider = Provider::start().await;
    provider
        .user(json!({ "sub": "s", "email_verified": false }))
        .await;
    let auth = spawn_with_provider(&provider).await;
    let params = start_login(&auth).await;
    assert_eq!(
        callback(&auth, "c", &params["state"]).await.status(),
        StatusCode::OK
    );
    let res = callback(&auth, "c", &params["state"]).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_oauth_state").await;
    assert_eq!(provider.token_requests().await.len(), 1);
}

#[tokio::test]
async fn a_code_the_provider_rejects_answers_400_and_a_broken_provider_502() {
    let provider = Provider::start().await;
    provider
        .answer(
            (
                400,
                json!({ "error": "invalid_grant", "error_description": "expired code" }),
            ),
            (200, json!({})),
        )
        .await;
    let auth = spawn_with_provider(&provider).await;
    let params = start_login(&auth).await;
    let res = callback(&auth, "expired", &params["state"]).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "oauth_code_rejected").await;

    let broken = Provider::start().await;
    broken
        .answer(
            (
                200,
                json!({ "access_token": "provider-access-token", "token_type": "Bearer" }),
            ),
            (500, json!({ "oops": true })),
        )
        .await;
    let auth = spawn_with_provider(&broken).await;
    let params = start_login(&auth).await;
    let res = callback(&auth, "c", &params["state"]).await;
    assert_problem(res, StatusCode::BAD_GATEWAY, "oauth_provider_error").await;
}

#[tokio::test]
async fn a_refusal_sent_back_by_the_provider_answers_400_and_burns_the_state() {
    let provider = Provider::start().await;
    provider.user(json!({ "sub": "s" })).await;
    let auth = spawn_with_provider(&provider).await;
    let params = start_login(&auth).await;
    let res = callback_with(
        &auth,
        &[
            ("error", "access_denied"),
            ("state", params["state"].as_str()),
        ],
    )
    .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "oauth_denied").await;
    let res = callback(&auth, "c", &params["state"]).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_oauth_state").await;
}

#[tokio::test]
async fn a_missing_code_answers_422() {
    let provider = Provider::start().await;
    let auth = spawn_with_provider(&provider).await;
    let params = start_login(&auth).await;
    let res = callback_with(&auth, &[("state", params["state"].as_str())]).await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn without_providers_oauth_login_answers_404() {
    let auth = crate::helpers::spawn_auth().await;
    let res = auth
        .http
        .get(auth.url("/api/auth/login"))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "unknown_provider").await;
    let body: Value = auth
        .http
        .get(auth.url("/api/auth/providers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["providers"], json!([]));
}

/// Marks an account's email verified in the database (the mailed-link flow is tested in
/// email.rs).
async fn mark_verified(auth: &Auth, email: &str) {
    use diesel_async::RunQueryDsl;
    let n = diesel::sql_query("UPDATE users SET email_verified_at = now() WHERE email = $1")
        .bind::<diesel::sql_types::Text, _>(email)
        .execute(&mut auth.db().await)
        .await
        .unwrap();
    assert_eq!(n, 1);
}
