//! What every gateway handler shares.

use std::sync::Arc;

use common::AppContext;
use common::http::PerThreadClient;
use uuid::Uuid;

use crate::proxy_client::ProxyClients;
use crate::ratelimit::RateLimiter;
use crate::settings::GatewaySettings;
use crate::ws::hub::Hub;

/// The gateway's state, built once per application and shared by every worker.
pub struct GatewayState {
    /// The common context (settings, Redis, verifier...).
    pub ctx: AppContext,
    /// Gateway-only settings.
    pub settings: Arc<GatewaySettings>,
    /// Clients for calls the gateway makes itself (docs, WebSocket actions), one per worker
    /// thread.
    clients: PerThreadClient,
    /// The proxy's upstream clients, one per worker thread.
    pub proxy: ProxyClients,
    /// Rate limiter.
    pub limiter: RateLimiter,
    /// WebSocket fan-out.
    pub hub: Arc<Hub>,
    /// Batched publishing of high-frequency relays (no replay stream, no wait).
    pub relay: common::relay::Relay,
    /// Socket.IO long-polling sessions held by this process.
    pub socketio: crate::socketio::Sessions,
}

impl GatewayState {
    /// Builds the state.
    pub fn new(ctx: AppContext, settings: Arc<GatewaySettings>) -> anyhow::Result<Self> {
        Ok(GatewayState {
            proxy: ProxyClients::new(&ctx.settings)?,
            limiter: RateLimiter::new(ctx.redis.clone(), settings.clone()),
            hub: Arc::new(Hub::default()),
            relay: common::relay::Relay::new(ctx.redis.clone()),
            socketio: crate::socketio::Sessions::default(),
            ctx,
            settings,
            clients: PerThreadClient::new(|| {
                reqwest::Client::builder()
                    .connect_timeout(std::time::Duration::from_secs(2))
                    .pool_max_idle_per_host(512)
                    .redirect(reqwest::redirect::Policy::none())
                    // Services are called directly, never through an environment proxy (which
                    // would also see the service tokens); the proxy lookup was per request.
                    .no_proxy()
                    .build()
            })?,
        })
    }

    /// The calling worker thread's client for the gateway's own calls: pooled connections to
    /// every service, no global timeout (see [`PerThreadClient`]).
    pub fn client(&self) -> reqwest::Client {
        self.clients.get()
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
