//! The internal HTTP client: service token, request id and acting user on every call,
//! timeouts, and bounded retries for calls that are safe to repeat.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::Duration;

use actix_web::web::Bytes;
use anyhow::Context;
use contracts::ServiceName;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::auth::{ACTING_USER_HEADER, ServiceTokens};
use crate::error::{Problem, ProblemBody};
use crate::settings::Settings;
use crate::telemetry::{self, REQUEST_ID_HEADER};

static CRYPTO: Once = Once::new();

/// Installs rustls' ring provider once per process; reqwest is built without a default one.
pub fn init_crypto() {
    CRYPTO.call_once(|| {
        // Err means another part of the process installed one first, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A shared reqwest client with sane timeouts and connection pooling.
pub fn build_reqwest(timeout: Duration) -> anyhow::Result<reqwest::Client> {
    init_crypto();
    client_builder(timeout)
        .build()
        .context("building the HTTP client")
}

fn client_builder(timeout: Duration) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(2))
        .pool_idle_timeout(Duration::from_secs(60))
        // Internal calls carry service tokens: never through an environment proxy.
        .no_proxy()
}

/// One value per thread, each built alike the first time its thread asks: for HTTP clients,
/// whose pooled connections are driven by a task on the runtime that opened them. Each actix
/// worker thread runs its own runtime: with one client shared by the workers, most requests
/// cross to another thread and back (an eventfd write and a wake-up each way). Each thread
/// keeping its own pool keeps calls on their thread.
pub struct PerThread<T> {
    id: usize,
    build: Arc<dyn Fn() -> T + Send + Sync>,
}

impl<T> Clone for PerThread<T> {
    fn clone(&self) -> Self {
        PerThread {
            id: self.id,
            build: self.build.clone(),
        }
    }
}

static PER_THREAD_IDS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's values, per [`PerThread`].
    static PER_THREAD: RefCell<HashMap<usize, Box<dyn Any>>> = RefCell::new(HashMap::new());
}

impl<T: Clone + 'static> PerThread<T> {
    /// Values made by `build`.
    pub fn new(build: impl Fn() -> T + Send + Sync + 'static) -> Self {
        PerThread {
            id: PER_THREAD_IDS.fetch_add(1, Ordering::Relaxed),
            build: Arc::new(build),
        }
    }

    /// The calling thread's value (a clone: for clients, a cheap handle to the thread's pool).
    pub fn get(&self) -> T {
        PER_THREAD.with(|values| {
            let mut values = values.borrow_mut();
            if let Some(value) = values.get(&self.id).and_then(|v| v.downcast_ref::<T>()) {
                return value.clone();
            }
            let value = (self.build)();
            values.insert(self.id, Box::new(value.clone()));
            value
        })
    }
}

/// A reqwest client per thread (see [`PerThread`]), all built alike.
#[derive(Clone)]
pub struct PerThreadClient(PerThread<reqwest::Client>);

impl PerThreadClient {
    /// Clients made by `build`, which is tried once now so a bad configuration fails at start.
    pub fn new(
        build: impl Fn() -> reqwest::Result<reqwest::Client> + Send + Sync + 'static,
    ) -> anyhow::Result<Self> {
        init_crypto();
        build().context("building the HTTP client")?;
        Ok(PerThreadClient(PerThread::new(move || {
            // `new` built one already: failing now would be a resource limit of this thread,
            // and a default client still reaches the peers.
            build().unwrap_or_else(|e| {
                tracing::error!(error = %e, "HTTP client not built; using defaults");
                reqwest::Client::new()
            })
        })))
    }

    /// The calling thread's client (a cheap handle to its pool).
    pub fn get(&self) -> reqwest::Client {
        self.0.get()
    }
}

/// What went wrong with an internal call.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The peer answered with an error status (its problem body when it sent one).
    #[error("{service} answered {status}")]
    Status {
        /// The peer.
        service: ServiceName,
        /// Its status.
        status: StatusCode,
        /// Its problem body, when it was problem+json.
        problem: Option<Box<ProblemBody>>,
    },
    /// The peer could not be reached or did not answer in time.
    #[error("{service} unreachable: {source:#}")]
    Unreachable {
        /// The peer.
        service: ServiceName,
        /// The transport error.
        source: anyhow::Error,
    },
    /// The peer's answer did not parse.
    #[error("{service} sent an unexpected body: {source:#}")]
    BadBody {
        /// The peer.
        service: ServiceName,
        /// The parse error.
        source: anyhow::Error,
    },
}

impl CallError {
    /// The peer's problem code, when it answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            CallError::Status { problem, .. } => problem.as_deref().map(|p| p.code.as_str()),
            _ => None,
        }
    }
}

impl From<CallError> for Problem {
    fn from(err: CallError) -> Self {
        match &err {
            CallError::Unreachable { .. } => Problem::unavailable("dependency_unavailable", err),
            _ => Problem::internal(err),
        }
    }
}

/// How a call may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Safe to repeat (GET, or a POST carrying an idempotency key the peer honours).
    Idempotent,
    /// Sent once.
    Never,
}

/// A request body sent as-is.
struct RawBody {
    content_type: String,
    bytes: Bytes,
}

/// Calls other services of the platform.
#[derive(Clone)]
pub struct InternalClient {
    http: PerThreadClient,
    tokens: ServiceTokens,
    peers: Vec<url::Url>,
    retries: u32,
}

impl InternalClient {
    /// A client for the service described by `settings`.
    pub fn new(settings: &Settings, tokens: ServiceTokens) -> anyhow::Result<Self> {
        Ok(InternalClient {
            http: {
                let timeout = settings.http.internal_timeout;
                PerThreadClient::new(move || client_builder(timeout).build())?
            },
            tokens,
            peers: settings.peers.clone(),
            retries: settings.http.internal_retries,
        })
    }

    /// The calling thread's reqwest client (see [`PerThreadClient`]).
    pub fn reqwest(&self) -> reqwest::Client {
        self.http.get()
    }

    /// `GET {peer}{path}`, retried on transport errors and 502/503/504.
    pub async fn get<T: DeserializeOwned>(
        &self,
        service: ServiceName,
        path: &str,
        acting_user: Option<Uuid>,
    ) -> Result<T, CallError> {
        self.call::<(), T>(
            Method::GET,
            service,
            path,
            None,
            acting_user,
            Retry::Idempotent,
        )
        .await
    }

    /// `POST {peer}{path}` with a JSON body.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        service: ServiceName,
        path: &str,
        body: &B,
        acting_user: Option<Uuid>,
        retry: Retry,
    ) -> Result<T, CallError> {
        self.call(Method::POST, service, path, Some(body), acting_user, retry)
            .await
    }

    /// The username auth's public profile (`GET /api/users/{id}`) has for `user_id`, asked
    /// once within `timeout`; `None` when auth is unreachable, slower, or does not know the
    /// user (callers keep a placeholder and ask again later).
    pub async fn username(&self, user_id: Uuid, timeout: Duration) -> Option<String> {
        let path = format!("/api/users/{user_id}");
        let call = self.call::<(), contracts::auth::PublicUser>(
            Method::GET,
            ServiceName::Auth,
            &path,
            None,
            None,
            Retry::Never,
        );
        match tokio::time::timeout(timeout, call).await {
            Ok(Ok(user)) => Some(user.username),
            Ok(Err(e)) => {
                tracing::debug!(error = %e, "username lookup failed");
                None
            }
            Err(_) => {
                tracing::debug!("username lookup timed out");
                None
            }
        }
    }

    /// Any call; the body is serialised once and resent as-is on retries.
    pub async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        service: ServiceName,
        path: &str,
        body: Option<&B>,
        acting_user: Option<Uuid>,
        retry: Retry,
    ) -> Result<T, CallError> {
        let body = body
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| CallError::BadBody {
                service,
                source: e.into(),
            })?
            .map(|json| RawBody {
                content_type: "application/json".to_owned(),
                bytes: Bytes::from(json),
            });
        self.exchange(method, service, path, body, acting_user, retry)
            .await
    }

    /// `POST {peer}{path}` with `body` sent as-is under `content_type` (bytes, not JSON).
    pub async fn post_bytes<T: DeserializeOwned>(
        &self,
        service: ServiceName,
        path: &str,
        content_type: &str,
        body: Bytes,
        acting_user: Option<Uuid>,
        retry: Retry,
    ) -> Result<T, CallError> {
        let body = RawBody {
            content_type: content_type.to_owned(),
            bytes: body,
        };
        self.exchange(Method::POST, service, path, Some(body), acting_user, retry)
            .await
    }

    async fn exchange<T: DeserializeOwned>(
        &self,
        method: Method,
        service: ServiceName,
        path: &str,
        body: Option<RawBody>,
        acting_user: Option<Uuid>,
        retry: Retry,
    ) -> Result<T, CallError> {
        let url = self.peers[service.index()]
            .join(path.trim_start_matches('/'))
            .map_err(|e| CallError::Unreachable {
                service,
                source: anyhow::anyhow!("bad path {path}: {e}"),
            })?;
        let attempts = match retry {
            Retry::Idempotent => 1 + self.retries,
            Retry::Never => 1,
        };
        let request_id = telemetry::current_request_id().unwrap_or_default();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let token = self
                .tokens
                .sign()
                .map_err(|e| CallError::Unreachable { service, source: e })?;
            let mut req = self
                .http
                .get()
                .request(method.clone(), url.clone())
                .bearer_auth(token)
                .header(REQUEST_ID_HEADER.as_str(), request_id.as_str());
            if let Some(user) = acting_user {
                req = req.header(ACTING_USER_HEADER, user.to_string());
            }
            if let Some(body) = &body {
                // `Bytes` clones share the buffer: a retry resends without copying.
                req = req
                    .header(reqwest::header::CONTENT_TYPE, body.content_type.as_str())
                    .body(body.bytes.clone());
            }
            let outcome = req.send().await;
            let retryable = match &outcome {
                Err(e) => e.is_connect() || e.is_timeout(),
                Ok(res) => matches!(
                    res.status(),
                    StatusCode::BAD_GATEWAY
                        | StatusCode::SERVICE_UNAVAILABLE
                        | StatusCode::GATEWAY_TIMEOUT
                ),
            };
            if retryable && attempt < attempts {
                // 50 ms, 100 ms, 200 ms, ...: short, because a caller is waiting.
                tokio::time::sleep(Duration::from_millis(50 << (attempt - 1).min(5))).await;
                continue;
            }
            return Self::finish(service, outcome).await;
        }
    }

    async fn finish<T: DeserializeOwned>(
        service: ServiceName,
        outcome: reqwest::Result<reqwest::Response>,
    ) -> Result<T, CallError> {
        let res = outcome.map_err(|e| CallError::Unreachable {
            service,
            source: e.into(),
        })?;
        let status = res.status();
        let bytes = res.bytes().await.map_err(|e| CallError::Unreachable {
            service,
            source: e.into(),
        })?;
        if !status.is_success() {
            let problem = serde_json::from_slice::<ProblemBody>(&bytes)
                .ok()
                .map(Box::new);
            return Err(CallError::Status {
                service,
                status,
                problem,
            });
        }
        // An empty success body (204) reads as JSON `null`, so `T = ()` works.
        let bytes: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
        serde_json::from_slice(bytes).map_err(|e| CallError::BadBody {
            service,
            source: e.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU32;

    use super::*;

    #[test]
    fn each_thread_builds_its_own_value_once() {
        let builds = Arc::new(AtomicU32::new(0));
        let counter = builds.clone();
        let values = PerThread::new(move || counter.fetch_add(1, Ordering::Relaxed));
        let others = PerThread::new(|| "another type, same thread");
        assert_eq!(values.get(), 0);
        assert_eq!(values.get(), 0, "the thread's value is reused");
        assert_eq!(others.get(), "another type, same thread");
        let elsewhere = values.clone();
        let there = std::thread::spawn(move || (elsewhere.get(), elsewhere.get()))
            .join()
            .unwrap_or_default();
        assert_eq!(there, (1, 1), "another thread builds its own");
        assert_eq!(values.get(), 0);
        assert_eq!(builds.load(Ordering::Relaxed), 2);
    }
}
