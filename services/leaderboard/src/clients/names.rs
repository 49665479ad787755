//! Usernames for submissions without a `player_name`: the access token carries no username, so
//! it is fetched from auth's public profile (`GET /api/users/{id}`) and cached in this process
//! and in Redis. A renamed player's new name shows on new scores after the cache TTL.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::ServiceName;
use common::http::{CallError, InternalClient};
use common::redis::Redis;
use contracts::auth::PublicUser;
use reqwest::StatusCode;
use uuid::Uuid;

use crate::error::LeaderboardError;

/// Cleared when it grows past this many entries, so memory stays bounded.
const LOCAL_MAX: usize = 100_000;

/// Looks usernames up, cached.
pub struct Usernames {
    internal: InternalClient,
    redis: Redis,
    ttl: Duration,
    local: Mutex<HashMap<Uuid, (String, Instant)>>,
}

impl Usernames {
    /// A resolver calling auth through `internal`, caching for `ttl`.
    pub fn new(internal: InternalClient, redis: Redis, ttl: Duration) -> Self {
        Usernames {
            internal,
            redis,
            ttl,
            local: Mutex::new(HashMap::new()),
        }
    }

    /// The username of `user`: 403-worthy when auth does not know it, 503-worthy when auth
    /// cannot be reached (the client may retry or send a `player_name`).
    pub async fn get(&self, user: Uuid) -> Result<String, LeaderboardError> {
        if let Ok(local) = self.local.lock()
            && let Some((name, at)) = local.get(&user)
            && at.elapsed() < self.ttl
        {
            return Ok(name.clone());
        }
        let key = self.redis.keys().key(&format!("lb:uname:{user}"));
        if let Ok(mut conn) = self.redis.conn().await {
            let cached: Result<Option<String>, _> =
                redis::cmd("GET").arg(&key).query_async(&mut conn).await;
            if let Ok(Some(name)) = cached {
                self.remember(user, &name);
                return Ok(name);
            }
        }
        let profile: PublicUser = self
            .internal
            .get(ServiceName::Auth, &format!("/api/users/{user}"), None)
            .await
            .map_err(|e| match e {
                CallError::Status {
                    status: StatusCode::NOT_FOUND,
                    ..
                } => LeaderboardError::UnknownUser,
                other => LeaderboardError::AuthUnavailable(other.into()),
            })?;
        self.remember(user, &profile.username);
        if let Ok(mut conn) = self.redis.conn().await {
            // Losing the shared copy only costs another call to auth.
            let stored: redis::RedisResult<()> = redis::cmd("SET")
                .arg(&key)
                .arg(&profile.username)
                .arg("EX")
                .arg(self.ttl.as_secs().max(1))
                .query_async(&mut conn)
                .await;
            if let Err(e) = stored {
                tracing::debug!(error = %e, "username not cached in Redis");
            }
        }
        Ok(profile.username)
    }

    fn remember(&self, user: Uuid, name: &str) {
        if let Ok(mut local) = self.local.lock() {
            if local.len() >= LOCAL_MAX {
                local.clear();
            }
            local.insert(user, (name.to_owned(), Instant::now()));
        }
    }
}
