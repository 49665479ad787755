//! Spawning inventory against a fresh database and Redis prefix, and typed request helpers
//! for players (access tokens) and other services (service tokens).

use common::auth::ServiceTokens;
use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};
use inventory::InventorySettings;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app_with};
use uuid::Uuid;

/// A running inventory service.
pub struct Inv {
    pub app: TestApp,
    pub http: reqwest::Client,
    gacha: ServiceTokens,
}

/// Settings that do not look usernames up (no auth running).
pub fn no_usernames() -> InventorySettings {
    InventorySettings {
        fetch_usernames: false,
        ..InventorySettings::default()
    }
}

/// Inventory with usernames not looked up.
pub async fn spawn() -> Inv {
    spawn_with(no_usernames(), |_| {}).await
}

pub async fn spawn_with(
    settings: InventorySettings,
    customize: impl FnOnce(&mut common::Settings),
) -> Inv {
    let app = spawn_app_with(inventory::service(Some(settings)), customize).await;
    let gacha = ServiceTokens::new("gacha", &app.context.settings.internal_token_secret);
    Inv {
        app,
        http: reqwest::Client::new(),
        gacha,
    }
}

impl Inv {
    pub fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    pub fn token(&self, user: Uuid) -> String {
        self.app.auth.token_for(user)
    }

    pub async fn get(&self, path: &str, user: Uuid) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(self.token(user))
            .send()
            .await
            .unwrap()
    }

    pub async fn get_json(&self, path: &str, user: Uuid) -> Value {
        let res = self.get(path, user).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.unwrap()
    }

    pub async fn post(&self, path: &str, user: Uuid, body: Option<&Value>) -> Response {
        self.post_keyed(path, user, body, None).await
    }

    pub async fn post_keyed(
        &self,
        path: &str,
        user: Uuid,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Response {
        let mut req = self.http.post(self.url(path)).bearer_auth(self.token(user));
        if let Some(body) = body {
            req = req.json(body);
        }
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        req.send().await.unwrap()
    }

    pub async fn post_ok(&self, path: &str, user: Uuid, body: Option<&Value>) -> Value {
        let res = self.post(path, user, body).await;
        let status = res.status();
        let text = res.text().await.unwrap();
        assert_eq!(status, StatusCode::OK, "POST {path}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    pub async fn delete(&self, path: &str, user: Uuid) -> Response {
        self.http
            .delete(self.url(path))
            .bearer_auth(self.token(user))
            .send()
            .await
            .unwrap()
    }

    /// A service token of "gacha".
    pub fn service_token(&self) -> String {
        self.gacha.sign().unwrap()
    }

    /// `POST /internal/...` as gacha.
    pub async fn internal(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .bearer_auth(self.service_token())
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn transaction(&self, body: &Value) -> Response {
        self.internal("/internal/transactions", body).await
    }

    /// A direct connection to the service's database.
    pub async fn db(&self) -> AsyncPgConnection {
        self.app.db.as_ref().unwrap().conn().await
    }

    /// Runs raw SQL against the service's database.
    pub async fn sql(&self, sql: &str) {
        self.db().await.batch_execute(sql).await.unwrap();
    }

    /// Makes the profile and sets its balances.
    pub async fn set_wallet(&self, user: Uuid, gold: i64, gems: i64) {
        self.get_json("/api/player/me", user).await;
        self.sql(&format!(
            "UPDATE players SET gold = {gold}, gems = {gems} WHERE user_id = '{user}'"
        ))
        .await;
    }

    /// Buys `item` and returns the new item's id.
    pub async fn buy(&self, user: Uuid, item: &str) -> Uuid {
        let body = self
            .post_ok(
                "/api/shop/purchase",
                user,
                Some(&json!({ "item_id": item })),
            )
            .await;
        body["item_id"].as_str().unwrap().parse().unwrap()
    }

    pub async fn wallet(&self, user: Uuid) -> Value {
        self.get_json("/api/wallet", user).await
    }

    /// Every ledger row of `user` (following cursors).
    pub async fn ledger(&self, user: Uuid) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/wallet/ledger?limit=100&cursor={c}"),
                None => "/api/wallet/ledger?limit=100".to_owned(),
            };
            let page = self.get_json(&path, user).await;
            out.extend(page["entries"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return out,
            }
        }
    }
}

/// The sum of a user's ledger deltas for `asset`.
pub fn ledger_sum(rows: &[Value], asset: &str) -> i64 {
    rows.iter()
        .filter(|r| r["asset"] == asset)
        .map(|r| r["delta"].as_i64().unwrap())
        .sum()
}
