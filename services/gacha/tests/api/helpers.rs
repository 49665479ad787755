//! Spawning gacha with a real inventory behind a switchable TCP proxy (so a test can cut
//! inventory off, or let requests through and lose the answers), and request helpers.

use std::net::SocketAddr;
use std::time::Duration;

use common::ServiceName;
use gacha::GachaSettings;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app_with};
use uuid::Uuid;

pub use testkit::faults::{FaultyLink as Proxy, LinkMode as Mode};

/// Test settings: no name lookups, a fast reconciler that leaves fresh pulls alone.
pub fn settings() -> GachaSettings {
    GachaSettings {
        announce_names: false,
        reconcile_interval: Duration::from_millis(200),
        reconcile_after: Duration::from_millis(1500),
        pull_wait: Duration::from_secs(30),
        ..GachaSettings::default()
    }
}

/// Gacha, inventory and the proxy between them.
pub struct Stack {
    pub gacha: TestApp,
    pub inventory: TestApp,
    pub proxy: Proxy,
    pub http: reqwest::Client,
}

pub async fn spawn() -> Stack {
    spawn_with(settings()).await
}

pub async fn spawn_with(settings: GachaSettings) -> Stack {
    let inv_settings = inventory::InventorySettings {
        fetch_usernames: false,
        ..inventory::InventorySettings::default()
    };
    let inventory = spawn_app_with(inventory::service(Some(inv_settings)), |_| {}).await;
    let proxy = Proxy::start(SocketAddr::from(([127, 0, 0, 1], inventory.port))).await;
    let gacha = spawn_gacha(&inventory, &proxy, settings, None).await;
    Stack {
        gacha,
        inventory,
        proxy,
        http: reqwest::Client::new(),
    }
}

/// A gacha service behind `proxy`, sharing inventory's Redis prefix and keys; on `db_url`
/// when given (a restart).
pub async fn spawn_gacha(
    inventory: &TestApp,
    proxy: &Proxy,
    settings: GachaSettings,
    db_url: Option<String>,
) -> TestApp {
    let prefix = inventory.context.settings.redis.prefix.clone();
    let jwks = inventory.context.settings.jwt.jwks_url.clone();
    let url = proxy.url();
    spawn_app_with(gacha::service(Some(settings)), move |s| {
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers[ServiceName::Inventory.index()] = url;
        s.http.internal_timeout = Duration::from_millis(1000);
        s.http.internal_retries = 0;
        if let (Some(url), Some(db)) = (db_url, s.database.as_mut()) {
            db.url = url.into();
        }
    })
    .await
}

impl Stack {
    pub fn token(&self, user: Uuid) -> String {
        self.inventory.auth.token_for(user)
    }

    pub fn admin_token(&self) -> String {
        self.inventory.auth.token_with_role(Uuid::new_v4(), "admin")
    }

    pub async fn get(&self, path: &str, user: Uuid) -> Response {
        self.http
            .get(self.gacha.url(path))
            .bearer_auth(self.token(user))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, path: &str, user: Uuid) -> Value {
        let res = self.get(path, user).await;
        let status = res.status();
        let text = res.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "GET {path}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// `POST /api/gacha/pull?count=` with an optional key and body.
    pub async fn pull(
        &self,
        user: Uuid,
        query: &str,
        key: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut req = self
            .http
            .post(self.gacha.url(&format!("/api/gacha/pull{query}")))
            .bearer_auth(self.token(user));
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            req = req.json(body);
        }
        req.send().await.unwrap()
    }

    pub async fn pull_ok(&self, user: Uuid, query: &str) -> Value {
        let res = self.pull(user, query, None, None).await;
        let status = res.status();
        let text = res.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "pull: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// Credits gems through inventory's admin grant.
    pub async fn grant_gems(&self, user: Uuid, gems: i64) {
        let res = self
            .http
            .post(self.inventory.url("/api/wallet/admin/grant"))
            .bearer_auth(self.admin_token())
            .header("Idempotency-Key", Uuid::new_v4().to_string())
            .json(&json!({ "user_id": user, "gems": gems, "reason": "test" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }

    pub async fn gems(&self, user: Uuid) -> i64 {
        let res = self
            .http
            .get(self.inventory.url("/api/wallet"))
            .bearer_auth(self.token(user))
            .send()
            .await
            .unwrap();
        let wallet: Value = res.json().await.unwrap();
        wallet["gems"].as_i64().unwrap()
    }

    /// The catalog ids of the player's gacha items (one per owned row).
    pub async fn gacha_items(&self, user: Uuid) -> Vec<String> {
        let res = self
            .http
            .get(self.inventory.url("/api/inventory/"))
            .bearer_auth(self.token(user))
            .send()
            .await
            .unwrap();
        let body: Value = res.json().await.unwrap();
        let items = body
            .get("items")
            .and_then(Value::as_array)
            .or_else(|| body.as_array())
            .cloned()
            .unwrap_or_default();
        items
            .iter()
            .filter(|i| {
                i["item_type"] == "character"
                    || i["catalog_id"]
                        .as_str()
                        .is_some_and(|c| c.starts_with("weapon_"))
            })
            .map(|i| i["catalog_id"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Every completed pull of the player, newest first.
    pub async fn history(&self, user: Uuid) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor = String::new();
        loop {
            let page = self
                .get_json(&format!("/api/gacha/history?limit=100{cursor}"), user)
                .await;
            out.extend(page["pulls"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => return out,
            }
        }
    }

    /// The caller's pity on the current character banner.
    pub async fn pity(&self, user: Uuid) -> Value {
        self.get_json("/api/gacha/rates", user).await["your_pity"].clone()
    }

    /// The id of the default banner of `banner_type`.
    pub async fn banner_of(&self, banner_type: &str) -> String {
        let banners = self.get_json("/api/gacha/banners", Uuid::new_v4()).await;
        banners
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["banner_type"] == banner_type)
            .unwrap()["banner_id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// Asserts a problem+json answer with `status` and `code`.
pub async fn assert_problem(res: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(res.status(), status);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    body
}

/// Polls `check` until it gives `Some`, failing after `within`.
pub async fn eventually<T, F, Fut>(within: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not met in {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
