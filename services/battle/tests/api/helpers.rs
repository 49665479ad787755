//! Spawning battle with a real inventory behind it (sharing Redis prefix and signing keys),
//! a switchable TCP forwarder to take inventory "down", and typed request helpers.

use std::time::Duration;

use battle::BattleSettings;
use common::ServiceName;
use common::auth::ServiceTokens;
use contracts::events::ActionRequest;
use diesel_async::RunQueryDsl;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::faults::FaultyLink;
use testkit::{TestApp, TestUser, spawn_app_with};
use uuid::Uuid;

/// Test settings: no pool (tests make their own battles), raids that do not strike.
pub fn settings() -> BattleSettings {
    BattleSettings {
        pool_standard: 0,
        pool_raids: 0,
        pool_interval: Duration::from_millis(100),
        raid_strike: Duration::from_secs(3600),
        strike_sweep: Duration::from_millis(50),
        stats_cache: Duration::from_secs(5),
        ..BattleSettings::default()
    }
}

/// Battle, the inventory it calls, and a forwarder between them.
pub struct Stack {
    pub battle: TestApp,
    pub inventory: TestApp,
    pub forwarder: FaultyLink,
    pub http: reqwest::Client,
}

/// Battle with `settings` and a real inventory (stamina does not regenerate during a test).
pub async fn spawn_with(settings: BattleSettings) -> Stack {
    spawn_custom(settings, |_| {}).await
}

/// Battle with `settings`, adjusted further by `customize`.
pub async fn spawn_custom(
    settings: BattleSettings,
    customize: impl FnOnce(&mut common::Settings),
) -> Stack {
    let inv_settings = inventory::InventorySettings {
        fetch_usernames: false,
        stamina_regen_secs: 1_000_000,
        ..inventory::InventorySettings::default()
    };
    let inventory = spawn_app_with(inventory::service(Some(inv_settings)), |_| {}).await;
    let forwarder = FaultyLink::start(([127, 0, 0, 1], inventory.port).into()).await;
    let prefix = inventory.context.settings.redis.prefix.clone();
    let jwks = inventory.context.settings.jwt.jwks_url.clone();
    let url = forwarder.url();
    let battle = spawn_app_with(battle::service(Some(settings)), move |s| {
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers[ServiceName::Inventory.index()] = url;
        customize(s);
    })
    .await;
    Stack {
        battle,
        inventory,
        forwarder,
        http: reqwest::Client::new(),
    }
}

/// Battle with the test settings.
pub async fn spawn() -> Stack {
    spawn_with(settings()).await
}

impl Stack {
    /// A new player.
    pub fn user(&self) -> TestUser {
        self.inventory.user()
    }

    /// A new admin.
    pub fn admin(&self) -> TestUser {
        self.inventory.admin()
    }

    pub async fn get(&self, user: &TestUser, path: &str) -> Response {
        self.battle.get_as(&user.token, path).await
    }

    pub async fn post(&self, user: &TestUser, path: &str, body: &Value) -> Response {
        self.battle.post_as(&user.token, path, body).await
    }

    /// A JSON answer that must have `status`.
    pub async fn json(res: Response, status: StatusCode) -> Value {
        let got = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        assert_eq!(got, status, "{body}");
        body
    }

    /// Pretty JSON for assertion messages.
    pub fn json_text(v: &Value) -> String {
        serde_json::to_string_pretty(v).unwrap_or_default()
    }

    /// A battle made from a new admin template; returns its id.
    pub async fn battle_from(&self, template: Value) -> i64 {
        let admin = self.admin();
        let t = Self::json(
            self.post(&admin, "/api/battles/admin/templates", &template)
                .await,
            StatusCode::CREATED,
        )
        .await;
        let path = format!("/api/battles/admin/templates/{}/spawn", t["id"]);
        let b = Self::json(
            self.post(&admin, &path, &json!({})).await,
            StatusCode::CREATED,
        )
        .await;
        b["id"].as_i64().unwrap()
    }

    /// An easy standard battle (wave 1: three enemies) for level 1.
    pub async fn standard_battle(&self) -> i64 {
        self.battle_from(json!({
            "name": format!("t-{}", Uuid::new_v4()),
            "difficulty": "easy",
            "wave_number": 1,
        }))
        .await
    }

    /// A boss raid open to level 1 for up to 50 players.
    pub async fn raid(&self) -> i64 {
        self.battle_from(json!({
            "name": format!("r-{}", Uuid::new_v4()),
            "is_boss_raid": true,
            "difficulty": "easy",
            "max_players": 50,
            "boss_index": 3,
        }))
        .await
    }

    /// Runs SQL on battle's database (to arrange enemies' HP and attack).
    pub async fn sql(&self, sql: &str) {
        let mut conn = self.battle.db.as_ref().unwrap().conn().await;
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }

    /// Sets every enemy of a battle to `hp`, defense 0 and `attack`.
    pub async fn set_enemies(&self, battle: i64, hp: i64, attack: i64) {
        self.sql(&format!(
            "UPDATE battle_enemies SET hp_max = {hp}, hp_current = {hp}, defense = 0, \
             attack = {attack} WHERE battle_id = {battle}"
        ))
        .await;
    }

    /// The battle as `GET /api/battles/{id}` shows it.
    pub async fn info(&self, user: &TestUser, battle: i64) -> Value {
        Self::json(
            self.get(user, &format!("/api/battles/{battle}")).await,
            StatusCode::OK,
        )
        .await
    }

    /// Joins; must succeed.
    pub async fn join(&self, user: &TestUser, battle: i64) -> Value {
        Self::json(
            self.post(user, &format!("/api/battles/join/{battle}"), &json!({}))
                .await,
            StatusCode::OK,
        )
        .await
    }

    /// Attacks.
    pub async fn attack(&self, user: &TestUser, battle: i64, enemy: i64, kind: &str) -> Response {
        self.post(
            user,
            &format!("/api/battles/{battle}/attack"),
            &json!({ "enemy_id": enemy, "attack_type": kind }),
        )
        .await
    }

    /// The player's wallet in inventory.
    pub async fn wallet(&self, user: &TestUser) -> Value {
        Self::json(
            self.inventory.get_as(&user.token, "/api/wallet").await,
            StatusCode::OK,
        )
        .await
    }

    /// Gives a player gems through inventory's transaction.
    pub async fn give_gems(&self, user: &TestUser, gems: i64) {
        let tokens = ServiceTokens::new(
            "test",
            &self.inventory.context.settings.internal_token_secret,
        );
        let res = self
            .http
            .post(self.inventory.url("/internal/transactions"))
            .bearer_auth(tokens.sign().unwrap())
            .json(&json!({
                "idempotency_key": Uuid::new_v4().to_string(),
                "user_id": user.id,
                "reason": "test",
                "credits": [{ "currency": "gems", "amount": gems }],
            }))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
    }

    /// Runs a WebSocket action as the gateway would.
    pub async fn action(&self, user: &TestUser, kind: &str, data: Value) -> Response {
        let tokens = ServiceTokens::new(
            "gateway",
            &self.battle.context.settings.internal_token_secret,
        );
        self.http
            .post(self.battle.url("/internal/actions"))
            .bearer_auth(tokens.sign().unwrap())
            .header("x-user-id", user.id.to_string())
            .json(&ActionRequest {
                kind: kind.to_owned(),
                data,
            })
            .send()
            .await
            .unwrap()
    }

    /// Every event published on `battle:{id}` so far, as (type, data).
    pub async fn events(&self, battle: i64) -> Vec<(String, Value)> {
        let topic = contracts::Topic::battle(battle).unwrap();
        self.battle
            .context
            .events
            .replay(&topic, "0", 500)
            .await
            .unwrap()
            .into_iter()
            .map(|raw| {
                let v: Value = serde_json::from_str(&raw).unwrap();
                (v["type"].as_str().unwrap().to_owned(), v["data"].clone())
            })
            .collect()
    }
}

/// Asserts a problem+json answer with `status` and `code`.
pub async fn assert_problem(res: Response, status: StatusCode, code: &str) -> Value {
    testkit::conformance::assert_problem(res, status, code).await
}
