//! What every module shares: a client that answers `(status, JSON)`, the services' live
//! OpenAPI documents (through the gateway's portal) and their operations.

use std::collections::BTreeMap;

use common::ServiceName;
use reqwest::{Method, StatusCode};
use seed_clients::{Stack, StackOptions};
use serde_json::{Value, json};

/// The services whose specs the gateway's portal serves (`/openapi/{name}.json`).
pub const SERVICES: &[&str] = &[
    "auth",
    "inventory",
    "gacha",
    "battle",
    "room",
    "leaderboard",
    "ai",
    "asset",
];

/// A client of the gateway that reads every answer as JSON (`null` when it is not).
pub struct Api<'s> {
    pub stack: &'s Stack,
    pub http: reqwest::Client,
}

impl<'s> Api<'s> {
    /// A client without a cookie jar: a call without a token carries no credentials at all.
    pub fn new(stack: &'s Stack) -> Self {
        common::http::init_crypto();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Api { stack, http }
    }

    /// `method path` with `token` (if any) and a JSON `body` (if any).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.http.request(method.clone(), self.stack.url(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A call that must succeed; its body.
    pub async fn ok(&self, method: Method, path: &str, token: &str, body: Option<Value>) -> Value {
        let (status, value) = self.call(method.clone(), path, Some(token), body).await;
        assert!(status.is_success(), "{method} {path}: {status} {value}");
        value
    }

    pub async fn get(&self, path: &str, token: &str) -> Value {
        self.ok(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Value {
        self.ok(Method::POST, path, token, Some(body)).await
    }
}

/// One documented operation.
#[derive(Debug, Clone)]
pub struct Operation {
    pub service: &'static str,
    pub method: Method,
    /// The path template (`/api/ai/jobs/{id}`).
    pub path: String,
    pub tags: Vec<String>,
    /// The whole operation object.
    pub spec: Value,
}

impl Operation {
    /// Names of its path parameters, in order.
    pub fn path_params(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect()
    }

    /// Whether the spec marks it an operator's route (tag `admin` or an `/admin/` segment).
    pub fn is_admin(&self) -> bool {
        self.tags.iter().any(|t| t == "admin") || self.path.split('/').any(|s| s == "admin")
    }

    /// Whether only services may call it (never routed from outside).
    pub fn is_internal(&self) -> bool {
        self.path.starts_with("/internal/")
    }

    /// `METHOD /path`, the key the modules' tables use.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The path with every parameter replaced by `fill(name)`.
    pub fn concrete(&self, mut fill: impl FnMut(&str) -> String) -> String {
        self.path
            .split('/')
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => fill(name),
                    None => s.to_owned(),
                },
            )
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Every service's live spec as the gateway's portal serves it.
pub async fn specs(stack: &Stack) -> BTreeMap<&'static str, Value> {
    let http = stack.browser();
    let mut specs = BTreeMap::new();
    for service in SERVICES {
        let res = http
            .get(stack.url(&format!("/openapi/{service}.json")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{service}'s spec");
        specs.insert(*service, res.json::<Value>().await.unwrap());
    }
    specs
}

/// Every operation of every service (health and internal routes included).
pub async fn operations(stack: &Stack) -> Vec<Operation> {
    let mut ops = Vec::new();
    for (service, spec) in specs(stack).await {
        for (path, item) in spec["paths"].as_object().into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let Ok(method) = method.to_ascii_uppercase().parse::<Method>() else {
                    continue;
                };
                if !matches!(
                    method,
                    Method::GET | Method::POST | Method::PUT | Method::PATCH | Method::DELETE
                ) {
                    continue;
                }
                let tags = op["tags"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect();
                ops.push(Operation {
                    service,
                    method,
                    path: path.clone(),
                    tags,
                    spec: op.clone(),
                });
            }
        }
    }
    assert!(ops.len() > 50, "too few operations found: {}", ops.len());
    ops
}

/// The operations a client can reach through the gateway (no health or internal routes).
pub async fn public_operations(stack: &Stack) -> Vec<Operation> {
    operations(stack)
        .await
        .into_iter()
        .filter(|op| !op.is_internal() && !op.tags.iter().any(|t| t == "health"))
        .collect()
}

/// A placeholder for a parameter the caller has no real value for.
pub fn placeholder(name: &str) -> String {
    match name {
        "code" => "ZZZZZZ".to_owned(),
        "index" | "version" | "score" => "1".to_owned(),
        "set_type" => "attack".to_owned(),
        "file" => format!("{}.png", uuid::Uuid::new_v4()),
        "filename" => "x.png".to_owned(),
        "player_name" => "Nobody".to_owned(),
        _ => uuid::Uuid::new_v4().to_string(),
    }
}

/// A body that is valid JSON for any operation (most refuse it, which is fine where only the
/// authorisation answer matters).
pub fn empty_body(op: &Operation) -> Option<Value> {
    matches!(op.method, Method::POST | Method::PUT | Method::PATCH).then(|| json!({}))
}

/// `options` with each service's PostgreSQL pool kept at two connections: the server is shared
/// with every other test run, and a stack of nine services with default pools holds dozens.
pub fn lean(mut options: StackOptions) -> StackOptions {
    for service in ServiceName::ALL {
        options = options.customize(service, |s| {
            if let Some(db) = s.database.as_mut() {
                db.pool_size = 2;
            }
        });
    }
    options
}
