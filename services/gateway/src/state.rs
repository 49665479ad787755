//! What every gateway handler shares.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use common::AppContext;
use uuid::Uuid;

use crate::ratelimit::RateLimiter;
use crate::settings::GatewaySettings;
use crate::ws::hub::Hub;

/// The gateway's state, built once per application and shared by every worker.
pub struct GatewayState {
    /// The common context (settings, Redis, verifier...).
    pub ctx: AppContext,
    /// Gateway-only settings.
    pub settings: Arc<GatewaySettings>,
    /// Upstream clients by thread: see [`GatewayState::client`].
    clients: UpstreamClients,
    /// Rate limiter.
    pub limiter: RateLimiter,
    /// WebSocket fan-out.
    pub hub: Arc<Hub>,
}

impl GatewayState {
    /// Builds the state.
    pub fn new(ctx: AppContext, settings: GatewaySettings) -> anyhow::Result<Self> {
        common::http::init_crypto();
        // Fails here, at start-up, rather than on a worker thread's first request.
        build_client()?;
        let settings = Arc::new(settings);
        Ok(GatewayState {
            limiter: RateLimiter::new(ctx.redis.clone(), settings.clone()),
            hub: Arc::new(Hub::default()),
            ctx,
            settings,
            clients: UpstreamClients {
                id: CLIENT_IDS.fetch_add(1, Ordering::Relaxed),
            },
        })
    }

    /// The upstream client of the calling thread: pooled connections to every service, no
    /// global timeout. One per worker thread, because a pooled connection is driven by a task
    /// on the runtime that opened it: shared between workers, most requests would cross to
    /// another thread and back (an eventfd write and a wake-up each way, measured as 1.3
    /// `write` syscalls per proxied request).
    pub fn client(&self) -> reqwest::Client {
        CLIENTS.with(|clients| {
            let mut clients = clients.borrow_mut();
            if let Some(client) = clients.get(&self.clients.id) {
                return client.clone();
            }
            // Checked by `new`; a failure now would be a resource limit of this thread, and a
            // default client still reaches the services.
            let client = build_client().unwrap_or_else(|e| {
                tracing::error!(error = %e, "upstream client not built; using defaults");
                reqwest::Client::new()
            });
            clients.insert(self.clients.id, client.clone());
            client
        })
    }

    /// The user of a valid access token (signature and expiry checked, remembered by the
    /// verifier; revocation is the owning service's business), used for per-user limits.
    /// `None` for anything invalid.
    pub async fn verified_user(&self, token: &str) -> Option<Uuid> {
        self.ctx
            .auth
            .verifier
            .verify(token)
            .await
            .ok()
            .map(|c| c.sub)
    }
}

/// Names this state's clients in each thread's map (several gateways run in one test process).
struct UpstreamClients {
    id: usize,
}

static CLIENT_IDS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's upstream clients, per gateway state.
    static CLIENTS: RefCell<HashMap<usize, reqwest::Client>> = RefCell::new(HashMap::new());
}

fn build_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(2))
        .pool_max_idle_per_host(512)
        .redirect(reqwest::redirect::Policy::none())
        .build()
}
