//! Rate limits kept in Redis, so they hold across gateway replicas: fixed windows per client
//! IP, per authenticated user, and a stricter one per IP on credential endpoints.
//!
//! Each gateway leases requests from a window in small blocks and spends them locally, so a
//! busy key costs one Redis round trip per block instead of one per request. A block never
//! exceeds what is left of the limit, so one gateway enforces the limit exactly; with several,
//! requests leased by one replica but not yet spent can make another refuse up to
//! `(replicas - 1) * block` requests early, never let more than the limit through.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::redis::Redis;
use uuid::Uuid;

use crate::settings::GatewaySettings;

/// KEYS: the counters. ARGV: per key its limit and the block wanted, then the window in ms.
/// Reserves up to the block in each window (never past its limit) and returns per key the
/// requests granted and the window's remaining ms.
const SCRIPT: &str = r#"
local window = ARGV[#ARGV]
local out = {}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i - 1])
  local want = tonumber(ARGV[2 * i])
  local n = redis.call('INCRBY', key, want)
  local ttl
  if n == want then
    redis.call('PEXPIRE', key, window)
    ttl = tonumber(window)
  else
    ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, window)
      ttl = tonumber(window)
    end
  end
  local granted = limit - (n - want)
  if granted > want then granted = want end
  if granted < 0 then granted = 0 end
  out[#out + 1] = granted
  out[#out + 1] = ttl
end
return out
"#;

/// Blocks are this fraction of a limit (at least 1, so small limits stay exact per request).
const BLOCK_DIVISOR: u64 = 64;
/// The largest block leased at once.
const BLOCK_MAX: u64 = 64;
/// Leases remembered before expired ones are first swept; the next sweep waits until the map
/// doubles, so many active keys never make every lease pay a full sweep.
const SWEEP_AT: usize = 10_000;

/// What a request is counted as.
pub struct Caller {
    /// The client's address.
    pub ip: IpAddr,
    /// The verified user, when the request carries a valid access token.
    pub user: Option<Uuid>,
    /// Whether the path is a credential endpoint.
    pub credential: bool,
}

/// Requests of one window leased by this gateway and not spent yet.
struct Lease {
    left: u64,
    until: Instant,
}

/// The leases of this gateway, by counter key.
struct Leases {
    by_key: HashMap<String, Lease>,
    sweep_at: usize,
}

/// Shared limiter.
#[derive(Clone)]
pub struct RateLimiter {
    redis: Redis,
    script: Arc<redis::Script>,
    settings: Arc<GatewaySettings>,
    leases: Arc<Mutex<Leases>>,
}

/// The block leased for a `limit`.
fn block(limit: u64) -> u64 {
    (limit / BLOCK_DIVISOR).clamp(1, BLOCK_MAX)
}

impl RateLimiter {
    /// A limiter storing its windows in `redis`.
    pub fn new(redis: Redis, settings: Arc<GatewaySettings>) -> Self {
        RateLimiter {
            redis,
            script: Arc::new(redis::Script::new(SCRIPT)),
            settings,
            leases: Arc::new(Mutex::new(Leases {
                by_key: HashMap::new(),
                sweep_at: SWEEP_AT,
            })),
        }
    }

    /// `Ok` when the request may pass, else the seconds to wait. The request counts in every
    /// window it falls under. Fails open when Redis is unreachable: a Redis outage must not
    /// take the whole API down with it.
    pub async fn check(&self, caller: &Caller) -> Result<(), u64> {
        let keys = self.redis.keys();
        let mut windows = Vec::with_capacity(3);
        windows.push((
            keys.key(&format!("rl:ip:{}", caller.ip)),
            self.settings.rate_per_ip,
        ));
        if let Some(user) = caller.user {
            windows.push((
                keys.key(&format!("rl:user:{user}")),
                self.settings.rate_per_user,
            ));
        }
        if caller.credential {
            windows.push((
                keys.key(&format!("rl:cred:{}", caller.ip)),
                self.settings.rate_auth_per_ip,
            ));
        }
        let now = Instant::now();
        // Spend leased requests where there are some; the rest go to Redis.
        let missing: Vec<(String, u64)> = {
            let mut leases = self.leases.lock().unwrap_or_else(|p| p.into_inner());
            windows
                .into_iter()
                .filter(|(key, _)| match leases.by_key.get_mut(key) {
                    Some(lease) if lease.left > 0 && lease.until > now => {
                        lease.left -= 1;
                        false
                    }
                    _ => true,
                })
                .collect()
        };
        if missing.is_empty() {
            return Ok(());
        }
        let grants = self.lease(&missing).await;
        let mut leases = self.leases.lock().unwrap_or_else(|p| p.into_inner());
        if leases.by_key.len() >= leases.sweep_at {
            leases
                .by_key
                .retain(|_, lease| lease.until > now && lease.left > 0);
            leases.sweep_at = (leases.by_key.len() * 2).max(SWEEP_AT);
        }
        let mut wait_ms = 0;
        for ((key, _), (granted, ttl_ms)) in missing.into_iter().zip(grants) {
            if granted == 0 {
                wait_ms = wait_ms.max(ttl_ms.max(1));
                continue;
            }
            let until = now + Duration::from_millis(ttl_ms);
            let lease = leases.by_key.entry(key).or_insert(Lease { left: 0, until });
            if lease.until <= now {
                lease.left = 0;
            }
            // This request spends one of the requests granted.
            lease.left += granted - 1;
            lease.until = until;
        }
        if wait_ms == 0 {
            Ok(())
        } else {
            Err(wait_ms.div_ceil(1000).max(1))
        }
    }

    /// Leases a block of each window from Redis: per window, the requests granted and the ms
    /// its window has left. Every request passes when Redis fails.
    async fn lease(&self, windows: &[(String, u64)]) -> Vec<(u64, u64)> {
        let window_ms = u64::try_from(self.settings.rate_window.as_millis()).unwrap_or(u64::MAX);
        let mut invocation = self.script.prepare_invoke();
        for (key, limit) in windows {
            invocation.key(key).arg(*limit).arg(block(*limit));
        }
        invocation.arg(window_ms);
        // Every lease runs this: the shared multiplexed connection avoids a pool checkout and
        // its recycle PING.
        let answer: anyhow::Result<Vec<u64>> = match self.redis.shared().await {
            Ok(mut conn) => invocation
                .invoke_async(&mut conn)
                .await
                .map_err(anyhow::Error::from),
            Err(e) => Err(e),
        };
        match answer {
            Ok(flat) if flat.len() == windows.len() * 2 => {
                flat.chunks_exact(2).map(|c| (c[0], c[1])).collect()
            }
            Ok(_) => {
                tracing::warn!("rate limiter answered oddly; letting the request pass");
                vec![(1, 0); windows.len()]
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "rate limiter unavailable; letting the request pass");
                vec![(1, 0); windows.len()]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_exact_for_small_limits_and_bounded_for_large_ones() {
        assert_eq!(block(0), 1);
        assert_eq!(block(20), 1);
        assert_eq!(block(600), 9);
        assert_eq!(block(1_000_000_000), BLOCK_MAX);
    }
}
