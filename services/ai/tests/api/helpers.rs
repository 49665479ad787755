//! Spawning the ai service (alone, or with a real inventory sharing its Redis prefix and
//! keys), typed request helpers, and polling instead of sleeping.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ai::AiSettings;
use ai::domain::catalogue::{Catalogue, parse_catalogue};
use ai::state::AppState;
use common::ServiceName;
use common::auth::ServiceTokens;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app_with};
use uuid::Uuid;

/// Fast test settings: short visibility timeout, backoff and sweeper period.
pub fn settings() -> AiSettings {
    fast(AiSettings::default())
}

/// `settings()` with the catalogue `AI_MODELS` would give for `json`.
pub fn with_models(json: &str) -> AiSettings {
    let catalogue: Catalogue = parse_catalogue(json, |_| Some("sk-test".to_owned())).unwrap();
    fast(AiSettings::with_catalogue(catalogue))
}

fn fast(mut s: AiSettings) -> AiSettings {
    s.visibility_timeout = Duration::from_millis(1500);
    s.backoff_base = Duration::from_millis(50);
    s.backoff_max = Duration::from_millis(400);
    s.sweep_interval = Duration::from_millis(50);
    s
}

/// The ai service, maybe with inventory behind it, on one Redis prefix and one set of keys.
pub struct Stack {
    pub ai: TestApp,
    /// The asset service ai stores generated images in.
    pub asset: TestApp,
    pub inventory: Option<TestApp>,
    pub http: reqwest::Client,
    pub settings: Arc<AiSettings>,
}

/// The ai service alone with the default test settings.
pub async fn spawn() -> Stack {
    spawn_with(settings(), false).await
}

/// The ai service with `settings`, and a real inventory behind it when `with_inventory`.
pub async fn spawn_with(settings: AiSettings, with_inventory: bool) -> Stack {
    let inventory = if with_inventory {
        let inv = inventory::InventorySettings {
            fetch_usernames: false,
            ..inventory::InventorySettings::default()
        };
        Some(spawn_app_with(inventory::service(Some(inv)), |_| {}).await)
    } else {
        None
    };
    let asset = spawn_asset().await;
    let asset_url = url::Url::parse(&asset.address).unwrap();
    let shared = Arc::new(settings.clone());
    let ai = match &inventory {
        Some(inv) => {
            let prefix = inv.context.settings.redis.prefix.clone();
            let jwks = inv.context.settings.jwt.jwks_url.clone();
            let url = url::Url::parse(&inv.address).unwrap();
            spawn_app_with(ai::service(Some(settings)), move |s| {
                s.redis.prefix = prefix;
                s.jwt.jwks_url = jwks;
                s.peers[ServiceName::Inventory.index()] = url;
                s.peers[ServiceName::Asset.index()] = asset_url;
            })
            .await
        }
        None => {
            spawn_app_with(ai::service(Some(settings)), move |s| {
                s.peers[ServiceName::Asset.index()] = asset_url;
            })
            .await
        }
    };
    Stack {
        ai,
        asset,
        inventory,
        http: reqwest::Client::new(),
        settings: shared,
    }
}

/// A real asset service on local storage in a fresh directory.
async fn spawn_asset() -> TestApp {
    let dir = std::env::temp_dir().join(format!("ai-assets-{}", Uuid::new_v4()));
    let dir = dir.to_string_lossy().into_owned();
    let pairs = [
        ("ASSET_LOCAL_DIR", dir.as_str()),
        ("ASSET_PUBLIC_URL", "http://cdn.test.invalid"),
    ];
    let settings = asset::AssetSettings::load(&common::settings::env_map(&pairs)).unwrap();
    testkit::spawn_app(asset::service(Some(settings))).await
}

/// Polls `check` until it gives a value, failing after `within`.
pub async fn eventually<T, F, Fut>(within: Duration, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let began = Instant::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            began.elapsed() < within,
            "condition not met within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

impl Stack {
    /// A token the whole stack accepts.
    pub fn token(&self, user: Uuid) -> String {
        self.inventory
            .as_ref()
            .unwrap_or(&self.ai)
            .auth
            .token_for(user)
    }

    /// A second state over the service's database and Redis (no workers of its own): for
    /// playing a worker by hand.
    pub fn state(&self) -> AppState {
        AppState::build(&self.ai.context, self.settings.clone()).unwrap()
    }

    pub async fn get(&self, path: &str, user: Uuid) -> Response {
        self.ai.get_as(&self.token(user), path).await
    }

    pub async fn post(&self, path: &str, user: Uuid, body: &Value) -> Response {
        self.ai.post_as(&self.token(user), path, body).await
    }

    pub async fn delete(&self, path: &str, user: Uuid) -> Response {
        self.ai.delete_as(&self.token(user), path).await
    }

    /// Creates a job that must be accepted; its JSON.
    pub async fn create(&self, user: Uuid, body: Value) -> Value {
        let res = self.post("/api/ai/jobs", user, &body).await;
        let status = res.status();
        let json: Value = res.json().await.unwrap();
        assert_eq!(status, StatusCode::ACCEPTED, "{json}");
        json
    }

    /// The job as its owner sees it.
    pub async fn job(&self, user: Uuid, id: &str) -> Value {
        let res = self.get(&format!("/api/ai/jobs/{id}"), user).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }

    /// Waits until the job reaches `status`; its JSON then.
    pub async fn wait_for(&self, user: Uuid, id: &str, status: &str) -> Value {
        eventually(Duration::from_secs(15), || async {
            let job = self.job(user, id).await;
            (job["status"] == status).then_some(job)
        })
        .await
    }

    /// The event types published on `user:{id}` about job `id`, oldest first.
    pub async fn events(&self, user: Uuid, job: &str) -> Vec<String> {
        let topic = contracts::Topic::user(user);
        let raw = self
            .ai
            .context
            .events
            .replay(&topic, "0", 500)
            .await
            .unwrap();
        raw.iter()
            .map(|e| serde_json::from_str::<Value>(e).unwrap())
            .filter(|e| e["data"]["job_id"] == job)
            .map(|e| e["type"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The job's events once one of type `kind` was published (events follow the database
    /// change they announce by a moment).
    pub async fn events_once(&self, user: Uuid, job: &str, kind: &str) -> Vec<String> {
        eventually(Duration::from_secs(5), || async {
            let events = self.events(user, job).await;
            events.iter().any(|e| e == kind).then_some(events)
        })
        .await
    }

    /// Credits `gems` to `user` through inventory's transaction.
    pub async fn fund(&self, user: Uuid, gems: i64) {
        let inv = self.inventory.as_ref().unwrap();
        let tokens = ServiceTokens::new("gacha", &inv.context.settings.internal_token_secret);
        let res = self
            .http
            .post(inv.url("/internal/transactions"))
            .bearer_auth(tokens.sign().unwrap())
            .json(&json!({
                "idempotency_key": Uuid::new_v4().to_string(),
                "user_id": user,
                "reason": "test",
                "credits": [{ "currency": "gems", "amount": gems }],
            }))
            .send()
            .await
            .unwrap();
        assert!(
            res.status().is_success(),
            "fund: {}",
            res.text().await.unwrap()
        );
    }

    /// `user`'s gems as inventory has them.
    pub async fn gems(&self, user: Uuid) -> i64 {
        let inv = self.inventory.as_ref().unwrap();
        let res = self
            .http
            .get(inv.url("/api/wallet"))
            .bearer_auth(self.token(user))
            .send()
            .await
            .unwrap();
        let body: Value = res.json().await.unwrap();
        body["gems"].as_i64().unwrap()
    }
}

/// Asserts a problem+json answer with `status` and `code`.
pub async fn assert_problem(res: Response, status: StatusCode, code: &str) -> Value {
    testkit::conformance::assert_problem(res, status, code).await
}

/// Another replica of the same ai service (same database, Redis prefix, keys and peers).
pub async fn replica(of: &TestApp, settings: AiSettings) -> TestApp {
    let db_url = of.db.as_ref().unwrap().url().to_owned();
    let prefix = of.context.settings.redis.prefix.clone();
    let jwks = of.context.settings.jwt.jwks_url.clone();
    let peers = of.context.settings.peers.clone();
    spawn_app_with(ai::service(Some(settings)), move |s| {
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers = peers;
        if let Some(db) = s.database.as_mut() {
            db.url = db_url.into();
        }
    })
    .await
}

impl Stack {
    /// Waits until the job's gems came back.
    pub async fn wait_for_refund(&self, user: Uuid, id: &str) -> Value {
        eventually(Duration::from_secs(10), || async {
            let job = self.job(user, id).await;
            (job["refunded"] == true).then_some(job)
        })
        .await
    }
}
