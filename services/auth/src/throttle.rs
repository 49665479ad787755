//! Login throttling: attempts are counted in Redis per account (a hash of the email) and per
//! client address within a window. The counter is taken before the password is checked, so
//! parallel guesses cannot slip past the limit; a successful login clears the account's count
//! and gives its attempt back to the address.

use actix_web::HttpRequest;
use common::redis::Redis;
use sha2::{Digest, Sha256};

use crate::domain::Email;
use crate::error::AuthError;
use crate::settings::ThrottleSettings;

/// Counts login attempts.
#[derive(Clone)]
pub struct Throttle {
    redis: Redis,
    settings: ThrottleSettings,
}

/// The two counters of one attempt.
pub struct Attempt {
    account_key: String,
    ip_key: String,
}

impl Throttle {
    /// Counters kept in `redis`.
    pub fn new(redis: Redis, settings: ThrottleSettings) -> Self {
        Throttle { redis, settings }
    }

    /// Counts an attempt for `email` from `ip`; 429 when either is over its limit.
    pub async fn attempt(&self, email: &Email, ip: &str) -> Result<Attempt, AuthError> {
        let digest = Sha256::digest(email.as_str().as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let attempt = Attempt {
            // Hashed so Redis never holds email addresses.
            account_key: self
                .redis
                .keys()
                .key(&format!("auth:login-attempts:account:{hex}")),
            ip_key: self
                .redis
                .keys()
                .key(&format!("auth:login-attempts:ip:{ip}")),
        };
        let window = self.settings.window.as_secs().max(1);
        let mut conn = self.redis.conn().await.map_err(AuthError::Redis)?;
        let (account, _, ip_count, _, account_ttl, ip_ttl): (u64, i64, u64, i64, i64, i64) =
            redis::pipe()
                .atomic()
                .incr(&attempt.account_key, 1)
                .cmd("EXPIRE")
                .arg(&attempt.account_key)
                .arg(window)
                .arg("NX")
                .incr(&attempt.ip_key, 1)
                .cmd("EXPIRE")
                .arg(&attempt.ip_key)
                .arg(window)
                .arg("NX")
                .ttl(&attempt.account_key)
                .ttl(&attempt.ip_key)
                .query_async(&mut conn)
                .await
                .map_err(|e| AuthError::Redis(e.into()))?;
        let over_account = account > u64::from(self.settings.max_failures_per_account);
        let over_ip = ip_count > u64::from(self.settings.max_failures_per_ip);
        if over_account || over_ip {
            let ttl = match (over_account, over_ip) {
                (true, true) => account_ttl.max(ip_ttl),
                (true, false) => account_ttl,
                _ => ip_ttl,
            };
            return Err(AuthError::TooManyAttempts {
                retry_after: u64::try_from(ttl).unwrap_or(window).max(1),
            });
        }
        Ok(attempt)
    }

    /// A successful login: forget the account's failures, give the address its attempt back.
    pub async fn succeeded(&self, attempt: Attempt) -> Result<(), AuthError> {
        let mut conn = self.redis.conn().await.map_err(AuthError::Redis)?;
        let (_, left): ((), i64) = redis::pipe()
            .del(&attempt.account_key)
            .decr(&attempt.ip_key, 1)
            .query_async(&mut conn)
            .await
            .map_err(|e| AuthError::Redis(e.into()))?;
        if left <= 0 {
            let _: () = redis::cmd("DEL")
                .arg(&attempt.ip_key)
                .query_async(&mut conn)
                .await
                .map_err(|e| AuthError::Redis(e.into()))?;
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
