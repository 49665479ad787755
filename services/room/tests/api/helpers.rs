//! Spawning the room service (alone, or with inventory and gateways sharing its Redis prefix
//! and keys) and typed request helpers.

use std::time::Duration;

use common::ServiceName;
use common::auth::ServiceTokens;
use contracts::events::ActionRequest;
use reqwest::{Response, StatusCode};
use room::RoomSettings;
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app_with};
use uuid::Uuid;

/// Test settings: no username lookups, a short grace period and a fast sweeper.
pub fn settings() -> RoomSettings {
    RoomSettings {
        fetch_usernames: false,
        empty_grace: Duration::from_millis(300),
        sweep_interval: Duration::from_millis(100),
        reconnect_window: Duration::from_secs(60),
        ..RoomSettings::default()
    }
}

/// Test settings with another reconnect window.
pub fn with_reconnect_window(window: Duration) -> RoomSettings {
    RoomSettings {
        reconnect_window: window,
        ..settings()
    }
}

/// A room service, maybe with inventory and gateways in front, all on one Redis prefix and
/// one set of signing keys.
pub struct Stack {
    pub room: TestApp,
    pub inventory: Option<TestApp>,
    pub http: reqwest::Client,
}

/// Just the room service.
pub async fn spawn() -> Stack {
    spawn_with(settings(), false).await
}

/// The room service with `settings`, and a real inventory behind it when `with_inventory`.
pub async fn spawn_with(settings: RoomSettings, with_inventory: bool) -> Stack {
    let inventory = if with_inventory {
        let inv_settings = inventory::InventorySettings {
            fetch_usernames: false,
            ..inventory::InventorySettings::default()
        };
        Some(spawn_app_with(inventory::service(Some(inv_settings)), |_| {}).await)
    } else {
        None
    };
    let room = match &inventory {
        Some(inv) => {
            let (prefix, jwks, url) = shared(inv);
            spawn_app_with(room::service(Some(settings)), move |s| {
                s.redis.prefix = prefix;
                s.jwt.jwks_url = jwks;
                s.peers[ServiceName::Inventory.index()] = url;
            })
            .await
        }
        None => spawn_app_with(room::service(Some(settings)), |_| {}).await,
    };
    Stack {
        room,
        inventory,
        http: reqwest::Client::new(),
    }
}

fn shared(app: &TestApp) -> (String, url::Url, url::Url) {
    (
        app.context.settings.redis.prefix.clone(),
        app.context.settings.jwt.jwks_url.clone(),
        url::Url::parse(&app.address).unwrap(),
    )
}

/// Another replica of the same room service (same database, prefix, keys, peers).
pub async fn replica(of: &TestApp, settings: RoomSettings) -> TestApp {
    let db_url = of.db.as_ref().unwrap().url().to_owned();
    let prefix = of.context.settings.redis.prefix.clone();
    let jwks = of.context.settings.jwt.jwks_url.clone();
    let peers = of.context.settings.peers.clone();
    spawn_app_with(room::service(Some(settings)), move |s| {
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers = peers;
        if let Some(db) = s.database.as_mut() {
            db.url = db_url.into();
        }
    })
    .await
}

/// A gateway in front of `room` (and inventory when given), sharing their prefix and keys.
pub async fn gateway(room: &TestApp, inventory: Option<&TestApp>) -> TestApp {
    let (prefix, jwks, room_url) = shared(room);
    let inv_url = inventory.map(|i| url::Url::parse(&i.address).unwrap());
    let settings =
        gateway::settings::GatewaySettings::load(&common::settings::env_map(&[])).unwrap();
    spawn_app_with(gateway::service(Some(settings)), move |s| {
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers[ServiceName::Room.index()] = room_url;
        if let Some(inv) = inv_url {
            s.peers[ServiceName::Inventory.index()] = inv;
        }
    })
    .await
}

impl Stack {
    /// An access token the whole stack accepts (signed by the first service's test keys).
    pub fn token(&self, user: Uuid) -> String {
        self.inventory
            .as_ref()
            .unwrap_or(&self.room)
            .auth
            .token_for(user)
    }

    pub async fn get(&self, path: &str, user: Uuid) -> Response {
        self.room.get_as(&self.token(user), path).await
    }

    pub async fn post(&self, path: &str, user: Uuid, body: &Value) -> Response {
        self.room.post_as(&self.token(user), path, body).await
    }

    pub async fn delete(&self, path: &str, user: Uuid) -> Response {
        self.room.delete_as(&self.token(user), path).await
    }

    /// Creates a room and returns its JSON.
    pub async fn create(&self, user: Uuid, body: Value) -> Value {
        let res = self.post("/api/rooms", user, &body).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.unwrap()
    }

    /// Joins a room by code.
    pub async fn join(&self, user: Uuid, code: &str) -> Value {
        let res = self
            .post("/api/rooms/join", user, &json!({ "code": code }))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "join {code}");
        res.json().await.unwrap()
    }

    /// Runs a WebSocket action as the gateway would.
    pub async fn action(&self, user: Uuid, kind: &str, data: Value) -> Response {
        let tokens =
            ServiceTokens::new("gateway", &self.room.context.settings.internal_token_secret);
        self.http
            .post(self.room.url("/internal/actions"))
            .bearer_auth(tokens.sign().unwrap())
            .header("x-user-id", user.to_string())
            .json(&ActionRequest {
                kind: kind.to_owned(),
                data,
            })
            .send()
            .await
            .unwrap()
    }

    /// An action that must succeed; its reply data.
    pub async fn act(&self, user: Uuid, kind: &str, data: Value) -> Value {
        let res = self.action(user, kind, data).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, StatusCode::OK, "{kind}: {body}");
        body
    }

    /// The Redis member set of a room.
    pub async fn members_in_redis(&self, code: &str) -> Vec<String> {
        let topic = contracts::Topic::room(code).unwrap();
        let key = self
            .room
            .context
            .redis
            .keys()
            .key(&contracts::events::members_key(&topic));
        let mut conn = self.room.redis.conn().await;
        let mut members: Vec<String> = redis::cmd("SMEMBERS")
            .arg(key)
            .query_async(&mut conn)
            .await
            .unwrap();
        members.sort();
        members
    }

    /// Grants `quantity` of a furniture catalog entry to `user`; returns the owned item id.
    pub async fn grant_furniture(&self, user: Uuid, catalog_id: &str, quantity: i32) -> Uuid {
        let inv = self.inventory.as_ref().unwrap();
        let tokens = ServiceTokens::new("room", &inv.context.settings.internal_token_secret);
        let res = self
            .http
            .post(inv.url("/internal/transactions"))
            .bearer_auth(tokens.sign().unwrap())
            .json(&json!({
                "idempotency_key": Uuid::new_v4().to_string(),
                "user_id": user,
                "reason": "test",
                "grants": [{ "catalog_id": catalog_id, "quantity": quantity }],
            }))
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert!(status.is_success(), "grant: {body}");
        body["granted"][0]["item_id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// How many of `item` the player holds (0 when the row is gone).
    pub async fn quantity(&self, user: Uuid, catalog_id: &str) -> i64 {
        let inv = self.inventory.as_ref().unwrap();
        let res = self
            .http
            .get(inv.url("/api/inventory/"))
            .bearer_auth(inv.auth.token_for(user))
            .send()
            .await
            .unwrap();
        let body: Value = res.json().await.unwrap();
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["catalog_id"] == catalog_id)
            .map(|i| i["quantity"].as_i64().unwrap_or(1))
            .sum()
    }
}

/// Asserts a problem+json answer with `status` and `code`.
pub async fn assert_problem(res: Response, status: StatusCode, code: &str) -> Value {
    testkit::conformance::assert_problem(res, status, code).await
}
