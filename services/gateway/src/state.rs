//! What every gateway handler shares.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use common::AppContext;
use uuid::Uuid;

use crate::ratelimit::RateLimiter;
use crate::settings::GatewaySettings;
use crate::ws::hub::Hub;

/// Verified tokens remembered, so per-user rate limiting does not verify a signature on every
/// request. Cleared when it grows past this many entries.
const TOKEN_CACHE_MAX: usize = 10_000;

/// The gateway's state, built once per application and shared by every worker.
pub struct GatewayState {
    /// The common context (settings, Redis, verifier...).
    pub ctx: AppContext,
    /// Gateway-only settings.
    pub settings: Arc<GatewaySettings>,
    /// Upstream client: pooled connections to every service, no global timeout.
    pub client: reqwest::Client,
    /// Rate limiter.
    pub limiter: RateLimiter,
    /// WebSocket fan-out.
    pub hub: Arc<Hub>,
    tokens: Mutex<HashMap<String, (Uuid, i64)>>,
}

impl GatewayState {
    /// Builds the state.
    pub fn new(ctx: AppContext, settings: GatewaySettings) -> anyhow::Result<Self> {
        common::http::init_crypto();
        let client = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(2))
            .pool_max_idle_per_host(512)
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let settings = Arc::new(settings);
        Ok(GatewayState {
            limiter: RateLimiter::new(ctx.redis.clone(), settings.clone()),
            hub: Arc::new(Hub::default()),
            ctx,
            settings,
            client,
            tokens: Mutex::new(HashMap::new()),
        })
    }

    /// The user of a valid access token (signature and expiry checked; revocation is the
    /// owning service's business), used for per-user limits. `None` for anything invalid.
    pub async fn verified_user(&self, token: &str) -> Option<Uuid> {
        let now = chrono_now();
        if let Ok(cache) = self.tokens.lock()
            && let Some((user, exp)) = cache.get(token)
            && *exp > now
        {
            return Some(*user);
        }
        let claims = self.ctx.auth.verifier.verify(token).await.ok()?;
        if let Ok(mut cache) = self.tokens.lock() {
            if cache.len() >= TOKEN_CACHE_MAX {
                cache.clear();
            }
            cache.insert(token.to_owned(), (claims.sub, claims.exp));
        }
        Some(claims.sub)
    }
}

fn chrono_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
