//! What battle publishes on `battle:{id}` (the seed's event names and fields), and the
//! member set the gateway authorises subscriptions to that topic with.

use common::outbox::{self, NewEvent};
use contracts::Topic;
use contracts::battle::BattleCompletedEvent;
use contracts::events::members_key;
use serde_json::Value;
use uuid::Uuid;

use crate::error::BattleError;
use crate::state::AppState;

/// How long a battle's member set lives after its last join (battles end long before).
const MEMBERS_TTL_SECS: i64 = 7 * 24 * 3600;

/// The topic of a battle.
pub fn topic(battle_id: i64) -> Result<Topic, BattleError> {
    Topic::battle(battle_id).map_err(BattleError::internal)
}

/// One event to publish after the transaction that caused it committed.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// `attack`, `enemy_defeated`...
    pub kind: &'static str,
    /// Its payload.
    pub data: Value,
}

impl Event {
    /// An event of `kind`.
    pub fn new(kind: &'static str, data: Value) -> Self {
        Event { kind, data }
    }

    /// An event of `kind` with a typed payload from `contracts::battle`.
    pub fn of<T: serde::Serialize>(kind: &'static str, payload: &T) -> Self {
        Event {
            kind,
            data: serde_json::to_value(payload).unwrap_or(Value::Null),
        }
    }
}

/// How long an answer waits for its committed events to be published (so it does not overtake
/// them) before it goes out anyway; the events follow when the relay can publish them.
const FLUSH_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Writes `events` of battle `battle_id` to the outbox, in order, in one insert: call it inside
/// the transaction that made them.
pub async fn enqueue_all(
    conn: &mut diesel_async::AsyncPgConnection,
    battle_id: i64,
    events: &[Event],
) -> Result<(), BattleError> {
    let topic = topic(battle_id)?;
    let rows = events
        .iter()
        .map(|e| NewEvent::new(&topic, e.kind, &e.data))
        .collect::<diesel::QueryResult<Vec<_>>>()?;
    outbox::enqueue_all(conn, &rows).await?;
    Ok(())
}

/// After a commit that enqueued events: waits (briefly) until the relay published them, so the
/// caller's answer is not ahead of its event.
pub async fn published(state: &AppState) {
    if !state.outbox.flush(FLUSH_WAIT).await {
        tracing::debug!("answering before the outbox relay caught up");
    }
}

/// Publishes events that change no stored state (chat, presence) straight to Redis, in
/// order. A lost event is logged, not failed: the state change it
/// reports is committed and readable (`GET /api/battles/{id}`, the logs).
pub async fn publish_all(state: &AppState, battle_id: i64, events: &[Event]) {
    let Ok(topic) = topic(battle_id) else { return };
    for event in events {
        if let Err(e) = state.events.publish(&topic, event.kind, &event.data).await {
            tracing::warn!(
                battle.id = battle_id,
                kind = event.kind,
                "event not published: {e:#}"
            );
        }
    }
}

/// Adds a player to the battle's member set, so the gateway lets them subscribe.
pub async fn add_member(state: &AppState, battle_id: i64, user: Uuid) -> Result<(), BattleError> {
    let key = state.redis.keys().key(&members_key(&topic(battle_id)?));
    let mut conn = state
        .redis
        .conn()
        .await
        .map_err(|e| BattleError::Infra(common::error::Infra::redis(e)))?;
    let () = redis::pipe()
        .cmd("SADD")
        .arg(&key)
        .arg(user.to_string())
        .ignore()
        .cmd("EXPIRE")
        .arg(&key)
        .arg(MEMBERS_TTL_SECS)
        .ignore()
        .query_async(&mut conn)
        .await?;
    Ok(())
}

/// KEYS[1] the presence hash (username -> open connections); ARGV[1] username, ARGV[2] +1
/// or -1, ARGV[3] ttl. Returns the connected usernames.
const PRESENCE_SCRIPT: &str = r#"
local n = redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return redis.call('HKEYS', KEYS[1])
"#;

/// Counts one more (`delta` 1) or one fewer (-1) `/ws/battle` connection of `username`;
/// returns who is connected, across every gateway instance.
pub async fn presence(
    state: &AppState,
    battle_id: i64,
    username: &str,
    delta: i64,
) -> Result<Vec<String>, BattleError> {
    let key = state
        .redis
        .keys()
        .key(&format!("battle:presence:{battle_id}"));
    let mut conn = state
        .redis
        .conn()
        .await
        .map_err(|e| BattleError::Infra(common::error::Infra::redis(e)))?;
    let mut players: Vec<String> = redis::Script::new(PRESENCE_SCRIPT)
        .key(key)
        .arg(username)
        .arg(delta)
        .arg(MEMBERS_TTL_SECS)
        .invoke_async(&mut conn)
        .await?;
    players.sort();
    Ok(players)
}

/// Removes the member sets of trimmed battles.
pub async fn drop_members(state: &AppState, battle_ids: &[i64]) -> Result<(), BattleError> {
    if battle_ids.is_empty() {
        return Ok(());
    }
    let mut keys = Vec::with_capacity(battle_ids.len());
    for id in battle_ids {
        keys.push(state.redis.keys().key(&members_key(&topic(*id)?)));
    }
    let mut conn = state
        .redis
        .conn()
        .await
        .map_err(|e| BattleError::Infra(common::error::Infra::redis(e)))?;
    let () = redis::cmd("DEL").arg(keys).query_async(&mut conn).await?;
    Ok(())
}

/// `battle_completed`.
pub fn battle_completed(battle_id: i64) -> Event {
    Event::of(
        "battle_completed",
        &BattleCompletedEvent {
            battle_id,
            message: "All enemies defeated! Claim your loot!".to_owned(),
        },
    )
}
