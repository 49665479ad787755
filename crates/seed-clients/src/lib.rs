//! The whole platform in one process for replaying the seeds' real clients: every service on
//! its own test database, one Redis prefix, the real auth service as the token issuer, and a
//! gateway in front that the journeys talk to as a browser or game client would.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use common::ServiceName;
use common::settings::{Settings, env_map};
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app_with};
use url::Url;
use uuid::Uuid;

mod links;
pub mod resubscribe;
pub use links::DependencyLinks;

/// Password every account registered through [`Stack::register`] uses.
pub const PASSWORD: &str = "correct horse battery";

/// Adjusts one service's common settings after the stack has wired it.
type Customize = Box<dyn Fn(&mut Settings) + Send + Sync>;

/// Per-service environment overrides and settings adjustments for [`Stack::spawn_with`].
#[derive(Default)]
pub struct StackOptions {
    env: BTreeMap<ServiceName, Vec<(String, String)>>,
    customize: Vec<(ServiceName, Customize)>,
    faulty_links: bool,
}

impl StackOptions {
    /// Sets `key=value` in `service`'s own settings (`AUTH_*`, `GATEWAY_*`, `JJJ_*`, ...).
    pub fn env(mut self, service: ServiceName, key: &str, value: &str) -> Self {
        self.env
            .entry(service)
            .or_default()
            .push((key.to_owned(), value.to_owned()));
        self
    }

    /// Adjusts `service`'s common settings (environment, limits) after the stack wired it.
    pub fn customize(
        mut self,
        service: ServiceName,
        f: impl Fn(&mut Settings) + Send + Sync + 'static,
    ) -> Self {
        self.customize.push((service, Box::new(f)));
        self
    }

    /// Routes every service's PostgreSQL and Redis connections through links of its own
    /// ([`Stack::links`]) that a test can cut and restore.
    pub fn faulty_links(mut self) -> Self {
        self.faulty_links = true;
        self
    }

    fn map(&self, service: ServiceName, defaults: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut map = env_map(defaults);
        for (k, v) in self.env.get(&service).into_iter().flatten() {
            map.insert(k.clone(), v.clone());
        }
        map
    }

    fn apply(&self, service: ServiceName, settings: &mut Settings) {
        for (s, f) in &self.customize {
            if *s == service {
                f(settings);
            }
        }
    }
}

/// Every service and the gateway in front of them.
pub struct Stack {
    /// The gateway every journey talks to.
    pub gateway: TestApp,
    pub auth: TestApp,
    pub inventory: TestApp,
    pub leaderboard: TestApp,
    pub asset: TestApp,
    pub gacha: TestApp,
    pub ai: TestApp,
    pub battle: TestApp,
    pub room: TestApp,
    /// Each service's links to PostgreSQL and Redis, with [`StackOptions::faulty_links`].
    pub links: BTreeMap<ServiceName, DependencyLinks>,
    asset_dir: PathBuf,
}

/// An account registered through the gateway.
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub username: String,
    pub token: String,
}

impl Stack {
    /// The stack with default settings.
    pub async fn spawn() -> Stack {
        Stack::spawn_with(StackOptions::default()).await
    }

    /// The stack with `options` applied; services start in dependency order, each told where
    /// the ones it calls are, all checking tokens against the real auth service's JWKS.
    pub async fn spawn_with(options: StackOptions) -> Stack {
        let options = Arc::new(options);
        // The gateway's port is chosen first: the asset service hands out URLs on it.
        let gateway_port = free_port();
        let public = format!("http://127.0.0.1:{gateway_port}");
        let asset_dir = std::env::temp_dir().join(format!("seed-assets-{}", Uuid::new_v4()));
        let asset_dir_str = asset_dir.to_string_lossy().into_owned();

        let auth_env = options.map(
            ServiceName::Auth,
            &[
                ("AUTH_ARGON2_MEMORY_KIB", "256"),
                ("AUTH_ARGON2_ITERATIONS", "1"),
                ("AUTH_COOKIE_SECURE", "false"),
            ],
        );
        let auth_settings =
            auth::AuthSettings::load(&auth_env).unwrap_or_else(|e| panic!("auth settings: {e:#}"));
        let opts = options.clone();
        let mut links = BTreeMap::new();
        let auth_links = start_links(&options, ServiceName::Auth).await;
        let auth = spawn_app_with(auth::service(Some(auth_settings)), |s| {
            if let Some(l) = &auth_links {
                l.rewire(s);
            }
            opts.apply(ServiceName::Auth, s)
        })
        .await;
        if let Some(l) = auth_links {
            links.insert(ServiceName::Auth, l);
        }
        let wiring = Wiring {
            prefix: auth.context.settings.redis.prefix.clone(),
            jwks: parse(&auth.url("/.well-known/jwks.json")),
            peers: vec![(ServiceName::Auth, parse(&auth.address))],
            links,
        };

        let env = options.map(
            ServiceName::Asset,
            &[
                ("ASSET_LOCAL_DIR", asset_dir_str.as_str()),
                ("ASSET_PUBLIC_URL", public.as_str()),
            ],
        );
        let settings = asset::AssetSettings::load(&env).unwrap_or_else(|e| panic!("{e:#}"));
        let (asset, wiring) = wiring
            .start(asset::service(Some(settings)), &options, None)
            .await;

        let env = options.map(ServiceName::Inventory, &[]);
        let settings = inventory::InventorySettings::load(&env).unwrap_or_else(|e| panic!("{e:#}"));
        let (inventory, wiring) = wiring
            .start(inventory::service(Some(settings)), &options, None)
            .await;

        let env = options.map(ServiceName::Leaderboard, &[]);
        let settings =
            leaderboard::LeaderboardSettings::load(&env).unwrap_or_else(|e| panic!("{e:#}"));
        let clock: Arc<dyn leaderboard::Clock> = Arc::new(leaderboard::SystemClock);
        let (leaderboard, wiring) = wiring
            .start(leaderboard::service(Some(settings), clock), &options, None)
            .await;

        let env = options.map(ServiceName::Gacha, &[]);
        let settings = gacha::GachaSettings::load(&env).unwrap_or_else(|e| panic!("{e:#}"));
        let (gacha, wiring) = wiring
            .start(gacha::service(Some(settings)), &options, None)
            .await;

        let env = options.map(ServiceName::Ai, &[]);
        let settings = ai::AiSettings::load(&env).unwrap_or_else(|e| panic!("{e:#}"));
        let (ai, wiring) = wiring
            .start(ai::service(Some(settings)), &options, None)
            .await;

        let env = options.map(ServiceName::Battle, &[]);
        let settings = battle::BattleSettings::load(&env).unwrap_or_else(|e| panic!("{e:#}"));
        let (battle, wiring) = wiring
            .start(battle::service(Some(settings)), &options, None)
            .await;

        let env = options.map(ServiceName::Room, &[]);
        let settings = room::RoomSettings::load(&env).unwrap_or_else(|e| panic!("{e:#}"));
        let (room, wiring) = wiring
            .start(room::service(Some(settings)), &options, None)
            .await;

        let env = options.map(ServiceName::Gateway, &[]);
        let settings = gateway::settings::GatewaySettings::load(&env)
            .unwrap_or_else(|e| panic!("gateway settings: {e:#}"));
        let (gateway, wiring) = wiring
            .start(
                gateway::service(Some(settings)),
                &options,
                Some(gateway_port),
            )
            .await;

        Stack {
            gateway,
            auth,
            inventory,
            leaderboard,
            asset,
            gacha,
            ai,
            battle,
            room,
            links: wiring.links,
            asset_dir,
        }
    }

    /// The gateway's URL for `path` (`/api/...`).
    pub fn url(&self, path: &str) -> String {
        self.gateway.url(path)
    }

    /// The gateway's WebSocket URL for `path` (`/ws`, `/ws/room/new`, ...).
    pub fn ws_url(&self, path: &str) -> String {
        format!("ws://127.0.0.1:{}{path}", self.gateway.port)
    }

    /// A fresh client with its own cookie jar that does not follow redirects, as a browser tab.
    pub fn browser(&self) -> reqwest::Client {
        common::http::init_crypto();
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    }

    /// Registers a new account through the gateway (`POST /api/auth/register`) and returns
    /// it with its access token.
    pub async fn register(&self, client: &reqwest::Client) -> Account {
        let n = Uuid::new_v4().simple().to_string();
        let email = format!("p{}@game.test", &n[..12]);
        let username = format!("p{}", &n[..12]);
        let res = client
            .post(self.url("/api/auth/register"))
            .json(&json!({ "email": email, "password": PASSWORD, "username": username }))
            .send()
            .await
            .unwrap_or_else(|e| panic!("register: {e}"));
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "register: {status} {body}");
        let token = body["access_token"].as_str().unwrap_or_default().to_owned();
        assert!(!token.is_empty(), "register gave no access_token: {body}");
        let id = body["user"]["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("register gave no user.id: {body}"));
        Account {
            id,
            email,
            username,
            token,
        }
    }

    /// A new account promoted to `admin` (as `auth users promote` does) and signed in again,
    /// so its token carries the role.
    pub async fn admin(&self) -> Account {
        let client = self.browser();
        let mut account = self.register(&client).await;
        auth::admin::promote(&self.auth.context.settings, &account.email)
            .await
            .unwrap_or_else(|e| panic!("promote: {e:#}"));
        let res = client
            .post(self.url("/api/auth/login"))
            .json(&json!({ "email": account.email, "password": PASSWORD }))
            .send()
            .await
            .unwrap_or_else(|e| panic!("login: {e}"));
        let body: Value = res.json().await.unwrap_or(Value::Null);
        account.token = body["access_token"]
            .as_str()
            .unwrap_or_else(|| panic!("admin login: {body}"))
            .to_owned();
        account
    }

    /// Credits `gold` and `gems` to `user` through the operators' grant (idempotent by a fresh
    /// key), as tests and compensation do.
    pub async fn grant(&self, user: Uuid, gold: i64, gems: i64) {
        let admin = self.admin().await;
        let res = self
            .browser()
            .post(self.url("/api/wallet/admin/grant"))
            .bearer_auth(&admin.token)
            .header("Idempotency-Key", Uuid::new_v4().to_string())
            .json(&json!({ "user_id": user, "gold": gold, "gems": gems, "reason": "test grant" }))
            .send()
            .await
            .unwrap_or_else(|e| panic!("grant: {e}"));
        let status = res.status();
        let body = res.text().await.unwrap_or_default();
        assert!(status.is_success(), "grant: {status} {body}");
    }
}

impl Drop for Stack {
    /// Drops the nine databases side by side: each `DROP DATABASE` waits for a checkpoint,
    /// and concurrent ones share it (one after another they took about 20 s).
    fn drop(&mut self) {
        let dbs = [
            &mut self.gateway,
            &mut self.auth,
            &mut self.inventory,
            &mut self.leaderboard,
            &mut self.asset,
            &mut self.gacha,
            &mut self.ai,
            &mut self.battle,
            &mut self.room,
        ]
        .into_iter()
        .filter_map(|app| app.db.take());
        let threads: Vec<_> = dbs.map(|db| std::thread::spawn(move || drop(db))).collect();
        for t in threads {
            let _ = t.join();
        }
        let _ = std::fs::remove_dir_all(&self.asset_dir);
    }
}

/// What each next service is told: the shared Redis prefix, auth's JWKS and the services
/// started so far.
struct Wiring {
    prefix: String,
    jwks: Url,
    peers: Vec<(ServiceName, Url)>,
    links: BTreeMap<ServiceName, DependencyLinks>,
}

impl Wiring {
    async fn start(
        mut self,
        def: common::ServiceDef,
        options: &Arc<StackOptions>,
        port: Option<u16>,
    ) -> (TestApp, Wiring) {
        let name = def.name();
        let (prefix, jwks, peers) = (self.prefix.clone(), self.jwks.clone(), self.peers.clone());
        let opts = options.clone();
        let links = start_links(options, name).await;
        let app = spawn_app_with(def, |s| {
            if let Some(l) = &links {
                l.rewire(s);
            }
            s.redis.prefix = prefix;
            s.jwt.jwks_url = jwks;
            for (peer, url) in peers {
                s.peers[peer.index()] = url;
            }
            if let Some(port) = port {
                s.http.bind_addr = format!("127.0.0.1:{port}");
            }
            opts.apply(name, s);
        })
        .await;
        self.peers.push((name, parse(&app.address)));
        if let Some(l) = links {
            self.links.insert(name, l);
        }
        (app, self)
    }
}

/// `service`'s dependency links when the options ask for them.
async fn start_links(options: &StackOptions, service: ServiceName) -> Option<DependencyLinks> {
    if options.faulty_links {
        Some(DependencyLinks::start(service.has_database()).await)
    } else {
        None
    }
}

fn parse(url: &str) -> Url {
    Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"))
}

/// A port nobody listens on right now, chosen below Linux's default ephemeral range
/// (32768-60999): the gateway binds it only after eight services have bound port 0, and a port
/// from the ephemeral range could be handed to one of them (or to a parallel test) meanwhile.
fn free_port() -> u16 {
    const LOW: u32 = 20_000;
    const SPAN: u32 = 12_000;
    let start = std::process::id() % SPAN;
    for step in 0..SPAN {
        // 7 is coprime to SPAN, so the walk visits every port of the span once.
        let Ok(port) = u16::try_from(LOW + (start + step * 7) % SPAN) else {
            continue;
        };
        let Ok(listener) = std::net::TcpListener::bind(("127.0.0.1", port)) else {
            continue;
        };
        drop(listener);
        if TAKEN.lock().unwrap_or_else(|e| e.into_inner()).insert(port) {
            return port;
        }
    }
    panic!("no free port in {LOW}..{}", LOW + SPAN)
}

/// Ports this process already handed out (parallel stacks of one test binary).
static TAKEN: std::sync::LazyLock<std::sync::Mutex<std::collections::BTreeSet<u16>>> =
    std::sync::LazyLock::new(Default::default);

/// Fails unless `value` has every one of `fields` (a `null` counts: the client handles it).
#[track_caller]
pub fn reads(value: &Value, fields: &[&str]) {
    for field in fields {
        assert!(value.get(field).is_some(), "`{field}` missing from {value}");
    }
}
