//! Who may subscribe to and relay on a topic: `user:{id}` only its user; `room:`/`battle:`
//! only members, read from the member set the owning service keeps in Redis (cached briefly
//! per connection); `leaderboard:` and `global` anyone signed in.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use common::redis::Redis;
use contracts::Topic;
use contracts::events::{TopicKind, members_key, relayable_key};
use uuid::Uuid;

/// Cached answers for one connection.
#[derive(Default)]
pub struct AccessCache {
    entries: HashMap<String, (Instant, bool, Arc<HashSet<String>>)>,
}

/// The answer for one topic.
pub struct Access {
    /// May subscribe and relay.
    pub member: bool,
    /// Event types the owner marked relayable (shared with the cache: a relay's check
    /// allocates nothing).
    pub relayable: Arc<HashSet<String>>,
}

impl AccessCache {
    /// Membership and relayable types of `topic` for `user`, from cache when fresh.
    pub async fn check(
        &mut self,
        redis: &Redis,
        topic: &Topic,
        user: Uuid,
        ttl: std::time::Duration,
    ) -> anyhow::Result<Access> {
        match topic.kind() {
            TopicKind::User => {
                return Ok(Access {
                    member: topic.id() == user.to_string(),
                    relayable: Arc::default(),
                });
            }
            TopicKind::Leaderboard | TopicKind::Global => {
                return Ok(Access {
                    member: true,
                    relayable: Arc::default(),
                });
            }
            TopicKind::Room | TopicKind::Battle => {}
        }
        if let Some((at, member, relayable)) = self.entries.get(topic.as_str())
            && at.elapsed() < ttl
        {
            return Ok(Access {
                member: *member,
                relayable: relayable.clone(),
            });
        }
        let keys = redis.keys();
        let mut conn = redis.conn().await?;
        let (member, relayable): (bool, HashSet<String>) = redis::pipe()
            .cmd("SISMEMBER")
            .arg(keys.key(&members_key(topic)))
            .arg(user.to_string())
            .cmd("SMEMBERS")
            .arg(keys.key(&relayable_key(topic)))
            .query_async(&mut conn)
            .await?;
        let relayable = Arc::new(relayable);
        // Only "member" is cached: a player who has just joined must not wait out a refusal.
        if member {
            if self.entries.len() > 256 {
                self.entries.clear();
            }
            self.entries.insert(
                topic.as_str().to_owned(),
                (Instant::now(), member, relayable.clone()),
            );
        }
        Ok(Access { member, relayable })
    }
}
