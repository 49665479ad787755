//! Rate limits kept in Redis, so they hold across gateway replicas: fixed windows per client
//! IP, per authenticated user, and a stricter one per IP on credential endpoints.

use std::net::IpAddr;
use std::sync::Arc;

use common::redis::Redis;
use uuid::Uuid;

use crate::settings::GatewaySettings;

/// KEYS: the counters; ARGV[i]: the limit of KEYS[i]; ARGV[#KEYS+1]: window in ms.
/// Counts the request in every window; returns the ms until the most exhausted one resets
/// (0 when every limit holds).
const SCRIPT: &str = r#"
local window = ARGV[#KEYS + 1]
local wait = 0
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, window) end
  if n > tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', key)
    if ttl > wait then wait = ttl end
  end
end
return wait
"#;

/// What a request is counted as.
pub struct Caller {
    /// The client's address.
    pub ip: IpAddr,
    /// The verified user, when the request carries a valid access token.
    pub user: Option<Uuid>,
    /// Whether the path is a credential endpoint.
    pub credential: bool,
}

/// Shared limiter.
#[derive(Clone)]
pub struct RateLimiter {
    redis: Redis,
    script: Arc<redis::Script>,
    settings: Arc<GatewaySettings>,
}

impl RateLimiter {
    /// A limiter storing its windows in `redis`.
    pub fn new(redis: Redis, settings: Arc<GatewaySettings>) -> Self {
        RateLimiter {
            redis,
            script: Arc::new(redis::Script::new(SCRIPT)),
            settings,
        }
    }

    /// `Ok` when the request may pass, else the seconds to wait. Fails open when Redis is
    /// unreachable: a Redis outage must not take the whole API down with it.
    pub async fn check(&self, caller: &Caller) -> Result<(), u64> {
        let keys = self.redis.keys();
        let mut invocation = self.script.prepare_invoke();
        let mut limits = Vec::with_capacity(3);
        invocation.key(keys.key(&format!("rl:ip:{}", caller.ip)));
        limits.push(self.settings.rate_per_ip);
        if let Some(user) = caller.user {
            invocation.key(keys.key(&format!("rl:user:{user}")));
            limits.push(self.settings.rate_per_user);
        }
        if caller.credential {
            invocation.key(keys.key(&format!("rl:cred:{}", caller.ip)));
            limits.push(self.settings.rate_auth_per_ip);
        }
        for limit in limits {
            invocation.arg(limit);
        }
        invocation.arg(u64::try_from(self.settings.rate_window.as_millis()).unwrap_or(u64::MAX));
        // Every routed request runs this: the shared multiplexed connection avoids a pool
        // checkout and its recycle PING, halving the Redis round trips per request.
        let wait_ms: u64 = match self.redis.shared().await {
            Ok(mut conn) => match invocation.invoke_async(&mut conn).await {
                Ok(wait) => wait,
                Err(e) => {
                    tracing::warn!(error = %e, "rate limiter unavailable; letting the request pass");
                    0
                }
            },
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "rate limiter unavailable; letting the request pass");
                0
            }
        };
        if wait_ms == 0 {
            Ok(())
        } else {
            Err(wait_ms.div_ceil(1000).max(1))
        }
    }
}
