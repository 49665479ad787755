//! Start any service of the workspace on port 0 with its own database, Redis prefix and keys.

use std::collections::BTreeMap;
use std::sync::Arc;

use common::server::{AppContext, Application, ServiceDef};
use common::settings::Settings;

use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;
use uuid::Uuid;

use crate::db::TestDb;
use crate::keys::TestAuth;
use crate::redis::TestRedis;

/// A running service and everything it owns for one test.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// The bound port.
    pub port: u16,
    /// A client for calling it (no redirects followed, cookies kept).
    pub client: reqwest::Client,
    /// Its database (`None` for the gateway).
    pub db: Option<TestDb>,
    /// Its Redis prefix.
    pub redis: TestRedis,
    /// The keys and JWKS server its tokens are checked against.
    pub auth: Arc<TestAuth>,
    /// The service's shared context (pools, publisher, internal client).
    pub context: AppContext,
    handle: actix_web::dev::ServerHandle,
}

impl TestApp {
    /// `address` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// A new player with a token this app (and every app sharing its keys) accepts.
    pub fn user(&self) -> TestUser {
        let id = Uuid::new_v4();
        TestUser {
            id,
            token: self.auth.token_for(id),
        }
    }

    /// A new player with `role = admin`.
    pub fn admin(&self) -> TestUser {
        let id = Uuid::new_v4();
        TestUser {
            id,
            token: self.auth.token_with_role(id, "admin"),
        }
    }

    /// A request to `path` with `token` as its bearer credentials.
    pub fn request_as(&self, method: Method, token: &str, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
    }

    /// `GET path` as the holder of `token`.
    pub async fn get_as(&self, token: &str, path: &str) -> Response {
        send(self.request_as(Method::GET, token, path), "GET", path).await
    }

    /// `POST path` with a JSON body as the holder of `token`.
    pub async fn post_as(&self, token: &str, path: &str, body: &Value) -> Response {
        send(
            self.request_as(Method::POST, token, path).json(body),
            "POST",
            path,
        )
        .await
    }

    /// `PUT path` with a JSON body as the holder of `token`.
    pub async fn put_as(&self, token: &str, path: &str, body: &Value) -> Response {
        send(
            self.request_as(Method::PUT, token, path).json(body),
            "PUT",
            path,
        )
        .await
    }

    /// `PATCH path` with a JSON body as the holder of `token`.
    pub async fn patch_as(&self, token: &str, path: &str, body: &Value) -> Response {
        send(
            self.request_as(Method::PATCH, token, path).json(body),
            "PATCH",
            path,
        )
        .await
    }

    /// `DELETE path` as the holder of `token`.
    pub async fn delete_as(&self, token: &str, path: &str) -> Response {
        send(self.request_as(Method::DELETE, token, path), "DELETE", path).await
    }

    /// Stops the server, letting in-flight requests finish.
    pub async fn stop(&self) {
        self.handle.stop(true).await;
    }
}

/// A player of a test: its id and an access token for it.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// The user id (`sub`).
    pub id: Uuid,
    /// A valid access token.
    pub token: String,
}

async fn send(request: RequestBuilder, method: &str, path: &str) -> Response {
    request
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

/// Test settings: port 0, one worker, the test's database, prefix and JWKS.
pub fn test_settings(
    def: &ServiceDef,
    db: Option<&TestDb>,
    redis: &TestRedis,
    auth: &TestAuth,
) -> Settings {
    let mut env = BTreeMap::from([
        ("BIND_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        ("HTTP_WORKERS".to_owned(), "1".to_owned()),
        ("SHUTDOWN_TIMEOUT_SECS".to_owned(), "1".to_owned()),
        ("REDIS_URL".to_owned(), redis.url().to_owned()),
        ("REDIS_PREFIX".to_owned(), redis.prefix().to_owned()),
        ("AUTH_JWKS_URL".to_owned(), auth.jwks_url()),
        ("DATABASE_CREATE_IF_MISSING".to_owned(), "false".to_owned()),
    ]);
    if let Some(db) = db {
        env.insert("DATABASE_URL".to_owned(), db.url().to_owned());
    }
    Settings::load(def.name(), &env).unwrap_or_else(|e| panic!("test settings: {e:#}"))
}

/// Starts `def` with fresh test resources.
pub async fn spawn_app(def: ServiceDef) -> TestApp {
    spawn_app_with(def, |_| {}).await
}

/// Starts `def` with fresh test resources, after `customize` has adjusted the settings.
pub async fn spawn_app_with(def: ServiceDef, customize: impl FnOnce(&mut Settings)) -> TestApp {
    let db = if def.name().has_database() {
        Some(TestDb::new(def.name().as_str(), def.embedded_migrations()).await)
    } else {
        None
    };
    let redis = TestRedis::new();
    let auth = Arc::new(TestAuth::start().await);
    let mut settings = test_settings(&def, db.as_ref(), &redis, &auth);
    customize(&mut settings);
    let app = Application::build(def, settings)
        .await
        .unwrap_or_else(|e| panic!("building app: {e:#}"));
    let port = app.port();
    let context = app.context().clone();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    common::http::init_crypto();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap_or_else(|e| panic!("test client: {e}"));
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        client,
        db,
        redis,
        auth,
        context,
        handle,
    }
}
