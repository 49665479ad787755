//! Spawning battle with a real inventory and a real asset service behind it (sharing Redis
//! prefix and signing keys), switchable TCP forwarders to take either "down", and typed
//! request helpers.

use std::time::Duration;

use battle::BattleSettings;
use common::ServiceName;
use common::auth::ServiceTokens;
use contracts::events::ActionRequest;
use diesel_async::RunQueryDsl;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::faults::{FaultyLink, LinkMode};
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
        gallery_retry: Duration::from_millis(100),
        ..BattleSettings::default()
    }
}

/// Battle, the inventory and asset service it calls, and a forwarder to each.
pub struct Stack {
    pub battle: TestApp,
    pub inventory: TestApp,
    pub forwarder: FaultyLink,
    pub asset: TestApp,
    pub asset_link: FaultyLink,
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
    spawn_linked(settings, LinkMode::Up, customize).await
}

/// Battle with the test settings, started while the asset service is unreachable.
pub async fn spawn_with_asset_down() -> Stack {
    spawn_linked(settings(), LinkMode::Refuse, |_| {}).await
}

/// Battle with `settings`, the asset link in `asset_mode` from before battle starts.
async fn spawn_linked(
    settings: BattleSettings,
    asset_mode: LinkMode,
    customize: impl FnOnce(&mut common::Settings),
) -> Stack {
    let inv_settings = inventory::InventorySettings {
        fetch_usernames: false,
        stamina_regen_secs: 1_000_000,
        ..inventory::InventorySettings::default()
    };
    let inventory = spawn_app_with(inventory::service(Some(inv_settings)), |_| {}).await;
    let forwarder = FaultyLink::start(([127, 0, 0, 1], inventory.port).into()).await;
    let asset = spawn_asset().await;
    let asset_link = FaultyLink::start(([127, 0, 0, 1], asset.port).into()).await;
    asset_link.set(asset_mode);
    let battle = spawn_battle(settings, &inventory, &forwarder, &asset_link, customize).await;
    Stack {
        battle,
        inventory,
        forwarder,
        asset,
        asset_link,
        http: reqwest::Client::new(),
    }
}

/// A battle instance sharing inventory's Redis prefix and keys, calling inventory and the
/// asset service through their forwarders.
pub async fn spawn_battle(
    settings: BattleSettings,
    inventory: &TestApp,
    forwarder: &FaultyLink,
    asset_link: &FaultyLink,
    customize: impl FnOnce(&mut common::Settings),
) -> TestApp {
    let prefix = inventory.context.settings.redis.prefix.clone();
    let jwks = inventory.context.settings.jwt.jwks_url.clone();
    let url = forwarder.url();
    let assets = asset_link.url();
    spawn_app_with(battle::service(Some(settings)), move |s| {
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers[ServiceName::Inventory.index()] = url;
        s.peers[ServiceName::Asset.index()] = assets;
        customize(s);
    })
    .await
}

/// The public origin the asset service writes into its CDN URLs (fake: tests fetch the path
/// from the asset service itself).
pub const CDN_ORIGIN: &str = "http://cdn.test.invalid";

/// A real asset service on local storage in a fresh directory.
async fn spawn_asset() -> TestApp {
    let dir = std::env::temp_dir().join(format!("battle-assets-{}", Uuid::new_v4()));
    let dir = dir.to_string_lossy().into_owned();
    let pairs = [
        ("ASSET_LOCAL_DIR", dir.as_str()),
        ("ASSET_PUBLIC_URL", CDN_ORIGIN),
    ];
    let settings = asset::AssetSettings::load(&common::settings::env_map(&pairs)).unwrap();
    testkit::spawn_app(asset::service(Some(settings))).await
}

/// Battle whose reconciler settles intents after 1.5 s, sweeping every 50 ms, with inventory
/// calls never retried and timed out after 300 ms: for answers lost on the way back.
pub async fn spawn_settling() -> Stack {
    let mut s = settings();
    s.attack_settle_after = std::time::Duration::from_millis(1500);
    s.settle_sweep = std::time::Duration::from_millis(50);
    spawn_custom(s, |s| {
        s.http.internal_retries = 0;
        s.http.internal_timeout = std::time::Duration::from_millis(300);
    })
    .await
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

    /// Follows nothing: the `Location` of a gallery image's redirect, which must be a 302.
    pub async fn image_location(&self, path: &str) -> String {
        let res = self.battle.get(path).await;
        assert_eq!(res.status(), StatusCode::FOUND, "{path}");
        res.headers()["location"].to_str().unwrap().to_owned()
    }

    /// The bytes the asset service serves at a CDN URL (its public origin is fake, so the
    /// path is asked of the asset service itself); must be a PNG answer.
    pub async fn fetch_cdn(&self, url: &str) -> Vec<u8> {
        let path = reqwest::Url::parse(url).unwrap().path().to_owned();
        let res = self
            .http
            .get(format!("{}{path}", self.asset.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        assert_eq!(res.headers()["content-type"], "image/png");
        res.bytes().await.unwrap().to_vec()
    }

    /// The live boss images in the asset service's database, ids ordered by key.
    pub async fn boss_assets(&self) -> Vec<String> {
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            id: String,
        }
        let mut conn = self.asset.db.as_ref().unwrap().conn().await;
        let rows: Vec<Row> = diesel::sql_query(
            "SELECT id::text AS id FROM assets WHERE category = 'bosses' \
             AND deleted_at IS NULL AND current_version IS NOT NULL ORDER BY service_key",
        )
        .load(&mut conn)
        .await
        .unwrap();
        rows.into_iter().map(|r| r.id).collect()
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

    /// A standard battle with one joined player and enemies of 10^6 HP that strike for 0:
    /// the player, the battle and its first enemy.
    pub async fn arena(&self) -> (TestUser, i64, i64) {
        let id = self.standard_battle().await;
        self.set_enemies(id, 1_000_000, 0).await;
        let player = self.user();
        self.join(&player, id).await;
        let enemy = self.info(&player, id).await["enemies"][0]["id"]
            .as_i64()
            .unwrap();
        (player, id, enemy)
    }

    /// [`Stack::arena`] after one good attack, so the combat stats are cached and the next
    /// call to inventory is an attack's stamina debit.
    pub async fn warm_arena(&self) -> (TestUser, i64, i64) {
        let (player, id, enemy) = self.arena().await;
        Self::json(
            self.attack(&player, id, enemy, "normal").await,
            StatusCode::OK,
        )
        .await;
        (player, id, enemy)
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
        self.give(user, "gems", gems).await;
    }

    /// Credits a player `amount` of `currency` through inventory's transaction.
    pub async fn give(&self, user: &TestUser, currency: &str, amount: i64) {
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
                "credits": [{ "currency": currency, "amount": amount }],
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
