//! Login throttling that an attacker cannot turn into a lock-out of the account's owner.
//!
//! Every attempt is counted in Redis, before the password is checked (parallel guesses cannot
//! slip past a limit), against up to three counters of one window, in this order:
//!
//! 1. the **pair**: (account, client address), or (account, device) when the request carries
//!    the device cookie of an earlier successful login to this account;
//! 2. the **address** (unknown devices only): one address spraying many accounts;
//! 3. the **account** (unknown devices only): a ceiling for guesses spread over many addresses.
//!
//! The first counter over its limit answers 429 and the later ones are not counted, so one
//! address that keeps failing is stopped by its pair without using up the account's ceiling:
//! reaching the ceiling takes `account / pair` addresses. Even then, a browser that logged into
//! the account before is only ever limited by its own (account, device) pair, so the owner
//! keeps logging in while the account is under attack; only new devices wait for the window.
//! A successful login clears the counters it was counted in and gives the address its attempt
//! back; a known device's success leaves the account ceiling to run out, so the owner logging
//! in during an attack does not hand the attacker a fresh budget.

use actix_web::HttpRequest;
use common::redis::Redis;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::Email;
use crate::error::AuthError;
use crate::settings::ThrottleSettings;

/// Increments KEYS in order (each expiring `ARGV[1]` seconds after its first count) until one
/// passes its limit (`ARGV[i + 1]`); answers `{index over (0: none), its TTL}`.
const COUNT_SCRIPT: &str = r"
local window = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, window) end
  if n > tonumber(ARGV[i + 1]) then
    return {i, redis.call('TTL', key)}
  end
end
return {0, 0}
";

/// Counts login attempts.
#[derive(Clone)]
pub struct Throttle {
    redis: Redis,
    settings: ThrottleSettings,
    script: std::sync::Arc<redis::Script>,
}

/// The counters of one admitted attempt.
pub struct Attempt {
    pair_key: String,
    account_key: Option<String>,
    ip_key: Option<String>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Throttle {
    /// Counters kept in `redis`.
    pub fn new(redis: Redis, settings: ThrottleSettings) -> Self {
        Throttle {
            redis,
            settings,
            script: std::sync::Arc::new(redis::Script::new(COUNT_SCRIPT)),
        }
    }

    /// Counts an attempt for `email` from `ip`; `known_device` is the hash of a device cookie
    /// that logged into this account before. 429 when a counter is over its limit.
    pub async fn attempt(
        &self,
        email: &Email,
        ip: &str,
        known_device: Option<&[u8]>,
    ) -> Result<Attempt, AuthError> {
        self.attempt_for(email.as_str(), ip, known_device).await
    }

    /// Counts an attempt for the account named `account` (an email, or `username:<name>` for
    /// the cafe seed's username login, which cannot collide with one) from `ip`.
    pub async fn attempt_for(
        &self,
        account: &str,
        ip: &str,
        known_device: Option<&[u8]>,
    ) -> Result<Attempt, AuthError> {
        // Hashed so Redis never holds email addresses.
        let account = hex(&Sha256::digest(account.as_bytes()));
        let keys = self.redis.keys();
        let s = &self.settings;
        let (attempt, limits) = match known_device {
            Some(device) => (
                Attempt {
                    pair_key: keys.key(&format!(
                        "auth:login-attempts:device:{account}:{}",
                        hex(device.get(..16).unwrap_or(device))
                    )),
                    account_key: None,
                    ip_key: None,
                },
                vec![s.max_failures_per_account_ip],
            ),
            None => {
                let pair = hex(&Sha256::digest(format!("{account}|{ip}").as_bytes()));
                (
                    Attempt {
                        pair_key: keys.key(&format!("auth:login-attempts:pair:{pair}")),
                        account_key: Some(
                            keys.key(&format!("auth:login-attempts:account:{account}")),
                        ),
                        ip_key: Some(keys.key(&format!("auth:login-attempts:ip:{ip}"))),
                    },
                    vec![
                        s.max_failures_per_account_ip,
                        s.max_failures_per_ip,
                        s.max_failures_per_account,
                    ],
                )
            }
        };
        self.count(&attempt, &limits).await?;
        Ok(attempt)
    }

    /// Forgets the account-wide failures of `email` (a password reset proved the owner reads
    /// the inbox): the owner can then log in from a new device even after an attack filled the
    /// ceiling, and the attacker's guesses start over against a password they never saw.
    pub async fn forget_account(&self, email: &str) -> Result<(), AuthError> {
        let account = hex(&Sha256::digest(email.as_bytes()));
        let key = self
            .redis
            .keys()
            .key(&format!("auth:login-attempts:account:{account}"));
        let mut conn = self.redis.conn().await.map_err(AuthError::redis)?;
        let _: () = redis::cmd("DEL")
            .arg(key)
            .query_async(&mut conn)
            .await
            .map_err(AuthError::redis)?;
        Ok(())
    }

    /// Counts a check of `user`'s current password by a logged-in caller (password change), so
    /// a stolen session cannot guess it faster than a login could: one pair-sized budget.
    pub async fn password_check(&self, user: Uuid) -> Result<Attempt, AuthError> {
        let attempt = Attempt {
            pair_key: self
                .redis
                .keys()
                .key(&format!("auth:password-checks:{user}")),
            account_key: None,
            ip_key: None,
        };
        self.count(&attempt, &[self.settings.max_failures_per_account_ip])
            .await?;
        Ok(attempt)
    }

    /// Runs the counting script over the attempt's keys (pair, then address and account).
    async fn count(&self, attempt: &Attempt, limits: &[u32]) -> Result<(), AuthError> {
        let window = self.settings.window.as_secs().max(1);
        let mut invocation = self.script.prepare_invoke();
        invocation.key(&attempt.pair_key);
        if let (Some(ip_key), Some(account_key)) = (&attempt.ip_key, &attempt.account_key) {
            invocation.key(ip_key).key(account_key);
        }
        invocation.arg(window);
        for limit in limits {
            invocation.arg(*limit);
        }
        let mut conn = self.redis.conn().await.map_err(AuthError::redis)?;
        let (over, ttl): (i64, i64) = invocation
            .invoke_async(&mut conn)
            .await
            .map_err(AuthError::redis)?;
        if over > 0 {
            return Err(AuthError::TooManyAttempts {
                retry_after: u64::try_from(ttl).unwrap_or(window).max(1),
            });
        }
        Ok(())
    }

    /// A successful login: forget the failures of the windows it was counted in, give the
    /// address its attempt back.
    pub async fn succeeded(&self, attempt: Attempt) -> Result<(), AuthError> {
        let mut conn = self.redis.conn().await.map_err(AuthError::redis)?;
        let mut pipe = redis::pipe();
        pipe.del(&attempt.pair_key).ignore();
        if let Some(account_key) = &attempt.account_key {
            pipe.del(account_key).ignore();
        }
        let Some(ip_key) = &attempt.ip_key else {
            let _: () = pipe
                .query_async(&mut conn)
                .await
                .map_err(AuthError::redis)?;
            return Ok(());
        };
        pipe.decr(ip_key, 1);
        let (left,): (i64,) = pipe
            .query_async(&mut conn)
            .await
            .map_err(AuthError::redis)?;
        if left <= 0 {
            let _: () = redis::cmd("DEL")
                .arg(ip_key)
                .query_async(&mut conn)
                .await
                .map_err(AuthError::redis)?;
        }
        Ok(())
    }
}

/// The client's address: the last `x-forwarded-for` hop when the gateway in front is trusted
/// to set it (it is the address the gateway saw, which a client cannot forge), else the peer.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for
        && let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').map(str::trim).find(|s| !s.is_empty()))
            .and_then(|s| s.parse::<std::net::IpAddr>().ok())
    {
        return ip.to_string();
    }
    req.peer_addr()
        .map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string())
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    #[test]
    fn the_forwarded_address_is_used_only_when_trusted() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.5:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", "6.6.6.6, 203.0.113.7"))
            .to_http_request();
        assert_eq!(client_ip(&req, false), "10.0.0.5");
        assert_eq!(client_ip(&req, true), "203.0.113.7");
        let junk = TestRequest::default()
            .peer_addr("10.0.0.5:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", "not-an-ip"))
            .to_http_request();
        assert_eq!(client_ip(&junk, true), "10.0.0.5");
    }
}
