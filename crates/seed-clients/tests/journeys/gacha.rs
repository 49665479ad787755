//! The gacha seed's documented calls (CLIENTS.md "Gacha"; it has no real client) replayed
//! through the gateway under its deployment prefixes `/auth`, `/gacha`, `/inventory`, `/ai`
//! and `/asset`, asserting the seed's response fields (SEED_SPEC.md (c)) as subsets of ours.

use common::ServiceName;
use reqwest::{Method, StatusCode};
use seed_clients::reads;
use seed_clients::{Stack, StackOptions};
use serde_json::{Value, json};

/// A 1x1 PNG: the asset service checks the magic bytes and makes a thumbnail of it.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x64, 0x60, 0xf8, 0x5f,
    0x0f, 0x00, 0x02, 0x87, 0x01, 0x80, 0xeb, 0x47, 0xba, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The seed's scripts: plain HTTP with `Authorization: Bearer` and no body unless one is
/// documented; every answer read as JSON.
struct SeedClient<'s> {
    stack: &'s Stack,
    http: reqwest::Client,
    token: String,
}

impl SeedClient<'_> {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method.clone(), self.stack.url(path))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{method} {path}: {status}, not JSON ({e}): {text:?}"));
        (status, value)
    }

    async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, value) = self.call(method.clone(), path, body).await;
        assert!(status.is_success(), "{method} {path}: {status} {value}");
        value
    }
}

#[tokio::test]
async fn the_gacha_seeds_calls_answer_under_its_deployment_prefixes() {
    let stack = Stack::spawn().await;
    let browser = stack.browser();
    // The seed only had OAuth sign-in; an email account stands in for the provider's.
    let account = stack.register(&browser).await;
    stack.grant(account.id, 100_000, 10_000).await;
    let seed = SeedClient {
        stack: &stack,
        http: browser,
        token: account.token.clone(),
    };

    // auth: verify takes the token in the query, as the seed's did.
    let verified = seed
        .ok(
            Method::POST,
            &format!("/auth/verify?token={}", account.token),
            None,
        )
        .await;
    assert_eq!(verified["valid"], true);
    assert_eq!(verified["user_id"], account.id.to_string());
    assert_eq!(verified["email"], account.email.as_str());

    // gacha: the current banner, its rates, and pulls with no body.
    let banner = seed.ok(Method::GET, "/gacha/banner", None).await;
    reads(
        &banner,
        &[
            "banner_id",
            "name",
            "start_date",
            "end_date",
            "featured_items",
        ],
    );
    for item in banner["featured_items"].as_array().unwrap() {
        reads(item, &["item_id", "name", "rarity", "type"]);
    }
    let rates = seed.ok(Method::GET, "/gacha/rates", None).await;
    for tier in ["5-star", "4-star", "3-star"] {
        assert!(rates["rates"][tier].is_string(), "{rates}");
    }
    reads(
        &rates["pity"],
        &["threshold", "guaranteed_5_star", "description"],
    );

    let mut pulled = Vec::new();
    for count in [1, 10] {
        let res = seed
            .ok(Method::POST, &format!("/gacha/pull?count={count}"), None)
            .await;
        reads(&res, &["pulls", "pity_counter", "next_pity_at"]);
        let pulls = res["pulls"].as_array().unwrap();
        assert_eq!(pulls.len(), count);
        for p in pulls {
            reads(p, &["item_id", "item_name", "rarity", "is_pity"]);
            assert!(p["rarity"].as_str().unwrap().ends_with("-star"), "{p}");
        }
        assert_eq!(res["banner_id"], banner["banner_id"], "the current banner");
        pulled.extend(pulls.iter().cloned());
    }
    let (status, problem) = seed.call(Method::POST, "/gacha/pull?count=5", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert!(problem["detail"].is_string(), "{problem}");
    // Only the seed's methods and paths: the rest of the prefix is not routed.
    let (status, _) = seed.call(Method::GET, "/gacha/pull", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let (status, _) = seed.call(Method::GET, "/gacha/history", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // (An HTTP client resolves `%2e%2e` itself; an encoded slash reaches the gateway.)
    let (status, _) = seed.call(Method::GET, "/inventory/a%2Fb", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // inventory: what the pulls granted, one item's detail, and an enhancement.
    let listing = seed.ok(Method::GET, "/inventory", None).await;
    reads(&listing, &["user_id", "items", "total_items"]);
    assert_eq!(listing["user_id"], account.id.to_string());
    let items = listing["items"].as_array().unwrap();
    assert!(!items.is_empty(), "the pulls granted nothing: {listing}");
    for item in items {
        reads(
            item,
            &[
                "item_id",
                "item_name",
                "item_type",
                "rarity",
                "quantity",
                "acquired_at",
            ],
        );
    }
    let item = items
        .iter()
        .find(|i| i["item_type"] == "weapon" || i["item_type"] == "character")
        .unwrap_or_else(|| panic!("no weapon or character pulled: {listing}"));
    let id = item["item_id"].as_str().unwrap();
    let detail = seed
        .ok(Method::GET, &format!("/inventory/{id}"), None)
        .await;
    reads(
        &detail,
        &[
            "item_id",
            "item_name",
            "item_type",
            "rarity",
            "quantity",
            "level",
            "max_level",
            "stats",
            "acquired_at",
        ],
    );
    reads(&detail["stats"], &["attack", "defense"]);
    let enhanced = seed
        .ok(Method::POST, &format!("/inventory/{id}/enhance"), None)
        .await;
    reads(
        &enhanced,
        &[
            "item_id",
            "previous_level",
            "new_level",
            "stats_increased",
            "success",
        ],
    );
    reads(&enhanced["stats_increased"], &["attack", "defense"]);
    assert_eq!(
        enhanced["new_level"].as_i64(),
        enhanced["previous_level"].as_i64().map(|l| l + 1)
    );
    let filtered = seed
        .ok(Method::GET, "/inventory?item_type=no_such_type", None)
        .await;
    assert_eq!(filtered["total_items"], 0);

    // ai: a job, its status, the list and the models.
    let job = seed
        .ok(
            Method::POST,
            "/ai/jobs",
            Some(json!({ "job_type": "item_description", "parameters": { "item_name": "Starter Sword" } })),
        )
        .await;
    reads(
        &job,
        &[
            "job_id",
            "job_type",
            "status",
            "created_at",
            "completed_at",
            "result",
        ],
    );
    assert_eq!(job["status"], "queued");
    let job_id = job["job_id"].as_str().unwrap();
    let again = seed
        .ok(Method::GET, &format!("/ai/jobs/{job_id}"), None)
        .await;
    reads(
        &again,
        &[
            "job_id",
            "job_type",
            "status",
            "created_at",
            "completed_at",
            "result",
        ],
    );
    let jobs = seed
        .ok(Method::GET, "/ai/jobs?job_type=item_description", None)
        .await;
    reads(&jobs, &["jobs", "total"]);
    assert!(
        jobs["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|j| j["job_id"] == job_id)
    );
    let models = seed.ok(Method::GET, "/ai/models", None).await;
    assert!(!models["models"].as_array().unwrap().is_empty(), "{models}");
    for model in models["models"].as_array().unwrap() {
        reads(model, &["id", "name", "cost"]);
    }

    // asset: an upload as the seed asked for it (query, no body), then the bytes, then reads.
    let upload = seed
        .ok(
            Method::POST,
            "/asset/assets/upload?asset_type=image&category=character",
            None,
        )
        .await;
    reads(
        &upload,
        &["asset_id", "upload_url", "expires_at", "method", "headers"],
    );
    assert_eq!(upload["method"], "PUT");
    let asset_id = upload["asset_id"].as_str().unwrap().to_owned();
    let put = seed
        .http
        .put(upload["upload_url"].as_str().unwrap())
        .header("Content-Type", "image/png")
        .body(PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert!(put.status().is_success(), "{}", put.text().await.unwrap());
    seed.ok(Method::POST, upload["complete_url"].as_str().unwrap(), None)
        .await;
    let asset = seed
        .ok(Method::GET, &format!("/asset/assets/{asset_id}"), None)
        .await;
    reads(
        &asset,
        &["asset_id", "asset_type", "url", "cdn_url", "thumbnail_url"],
    );
    let assets = seed
        .ok(
            Method::GET,
            "/asset/assets?asset_type=image&limit=100",
            None,
        )
        .await;
    reads(&assets, &["assets", "total"]);
    assert!(
        assets["assets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["asset_id"] == asset_id.as_str())
    );
    let versions = seed
        .ok(
            Method::GET,
            &format!("/asset/assets/{asset_id}/versions"),
            None,
        )
        .await;
    assert!(
        !versions["versions"].as_array().unwrap().is_empty(),
        "{versions}"
    );
    let deleted = seed
        .ok(Method::DELETE, &format!("/asset/assets/{asset_id}"), None)
        .await;
    assert_eq!(deleted["deleted"], true);
    assert_eq!(deleted["message"], "Asset marked for deletion");
    let (status, _) = seed
        .call(Method::GET, &format!("/asset/assets/{asset_id}"), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // OAuth without a provider configured: a clear problem, not the seed's bare 500.
    let (status, problem) = seed.call(Method::GET, "/auth/login", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
    assert_eq!(problem["code"], "unknown_provider");
    assert!(problem["detail"].is_string(), "{problem}");
}

#[tokio::test]
async fn the_seeds_oauth_login_goes_as_far_as_it_can_without_a_provider() {
    // A configured provider nobody answers for: the login's first leg needs no network.
    let stack = Stack::spawn_with(
        StackOptions::default()
            .env(ServiceName::Auth, "AUTH_OAUTH_PROVIDERS", "example")
            .env(
                ServiceName::Auth,
                "AUTH_OAUTH_EXAMPLE_CLIENT_ID",
                "seed-client",
            )
            .env(
                ServiceName::Auth,
                "AUTH_OAUTH_EXAMPLE_CLIENT_SECRET",
                "seed-secret",
            )
            .env(
                ServiceName::Auth,
                "AUTH_OAUTH_EXAMPLE_AUTHORIZE_URL",
                "https://id.example.test/authorize",
            )
            .env(
                ServiceName::Auth,
                "AUTH_OAUTH_EXAMPLE_TOKEN_URL",
                "https://id.example.test/token",
            )
            .env(
                ServiceName::Auth,
                "AUTH_OAUTH_EXAMPLE_USERINFO_URL",
                "https://id.example.test/userinfo",
            )
            .env(
                ServiceName::Auth,
                "AUTH_OAUTH_EXAMPLE_REDIRECT_URI",
                "http://127.0.0.1/auth/callback",
            ),
    )
    .await;
    let browser = stack.browser();

    let res = browser.get(stack.url("/auth/login")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let login: Value = res.json().await.unwrap();
    reads(&login, &["auth_url", "message"]);
    let auth_url = url::Url::parse(login["auth_url"].as_str().unwrap()).unwrap();
    assert_eq!(auth_url.host_str(), Some("id.example.test"));
    let query: std::collections::HashMap<_, _> = auth_url.query_pairs().into_owned().collect();
    assert_eq!(
        query.get("client_id").map(String::as_str),
        Some("seed-client")
    );
    assert_eq!(query.get("response_type").map(String::as_str), Some("code"));
    assert!(
        query.contains_key("state") && query.contains_key("code_challenge"),
        "{auth_url}"
    );

    // The seed's callback carried only `code`: refused clearly (state and PKCE are required).
    let res = browser
        .get(stack.url("/auth/callback?code=anything"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "invalid_oauth_state");
    assert!(problem["detail"].is_string(), "{problem}");
}
