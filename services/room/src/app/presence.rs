//! The Redis side of membership: the member set the gateway authorises `room:{code}` with,
//! the relayable types and the space bounds. PostgreSQL is the truth; joins and leaves apply
//! deltas, and the sweeper rewrites every live room's sets atomically, so a flushed or
//! restarted Redis is rebuilt within one sweep.

use std::collections::{BTreeMap, BTreeSet};

use contracts::Topic;
use contracts::events::{members_key, relayable_key};
use contracts::room::{bounds_key, positions_key, states_key};
use uuid::Uuid;

use crate::domain::RoomKind;
use crate::error::RoomError;
use crate::state::AppState;

/// The topic of a room.
pub fn topic(code: &str) -> Result<Topic, RoomError> {
    Topic::room(code).map_err(RoomError::internal)
}

/// Adds `user` to the room's member set (and makes sure its relayable types are set).
pub async fn add_member(
    state: &AppState,
    code: &str,
    kind: RoomKind,
    user: Uuid,
) -> Result<(), RoomError> {
    let topic = topic(code)?;
    let keys = state.redis.keys();
    let mut pipe = redis::pipe();
    pipe.cmd("SADD")
        .arg(keys.key(&members_key(&topic)))
        .arg(user.to_string())
        .ignore();
    add_room_keys(&mut pipe, state, &topic, kind);
    let mut conn = state.redis_conn().await?;
    let () = pipe.query_async(&mut conn).await?;
    Ok(())
}

fn add_room_keys(pipe: &mut redis::Pipeline, state: &AppState, topic: &Topic, kind: RoomKind) {
    let keys = state.redis.keys();
    let relayable = kind.relayable();
    if !relayable.is_empty() {
        pipe.cmd("SADD")
            .arg(keys.key(&relayable_key(topic)))
            .arg(relayable)
            .ignore();
    }
    if kind == RoomKind::Space {
        let b = state.settings.bounds;
        pipe.cmd("HSET")
            .arg(keys.key(&bounds_key(topic)))
            .arg(&[
                ("min_x", b.min_x),
                ("min_y", b.min_y),
                ("max_x", b.max_x),
                ("max_y", b.max_y),
            ])
            .ignore();
    }
}

/// Starts a new room's keys from nothing (a removed room with the same code may have left
/// some behind when Redis failed) with `host` as the only member.
pub async fn reset_room(
    state: &AppState,
    code: &str,
    kind: RoomKind,
    host: Uuid,
) -> Result<(), RoomError> {
    let topic = topic(code)?;
    let keys = state.redis.keys();
    let mut names = vec![
        keys.key(&members_key(&topic)),
        keys.key(&relayable_key(&topic)),
        keys.key(&bounds_key(&topic)),
        keys.key(&positions_key(&topic)),
        keys.key(&states_key(&topic)),
    ];
    names.extend(coop_keys(state, code));
    let mut pipe = redis::pipe();
    pipe.atomic();
    pipe.cmd("DEL").arg(names).ignore();
    pipe.cmd("SADD")
        .arg(keys.key(&members_key(&topic)))
        .arg(host.to_string())
        .ignore();
    add_room_keys(&mut pipe, state, &topic, kind);
    let mut conn = state.redis_conn().await?;
    let () = pipe.query_async(&mut conn).await?;
    Ok(())
}

/// Removes `user` from the room's member set.
pub async fn remove_member(state: &AppState, code: &str, user: Uuid) -> Result<(), RoomError> {
    let topic = topic(code)?;
    let keys = state.redis.keys();
    let mut conn = state.redis_conn().await?;
    let () = redis::pipe()
        .cmd("SREM")
        .arg(keys.key(&members_key(&topic)))
        .arg(user.to_string())
        .ignore()
        .cmd("HDEL")
        .arg(keys.key(&positions_key(&topic)))
        .arg(user.to_string())
        .ignore()
        .query_async(&mut conn)
        .await?;
    Ok(())
}

/// Deletes every Redis key of a removed room.
pub async fn forget_room(state: &AppState, code: &str) -> Result<(), RoomError> {
    let topic = topic(code)?;
    let keys = state.redis.keys();
    let mut names = vec![
        keys.key(&members_key(&topic)),
        keys.key(&relayable_key(&topic)),
        keys.key(&bounds_key(&topic)),
        keys.key(&positions_key(&topic)),
        keys.key(&states_key(&topic)),
    ];
    names.extend(coop_keys(state, code));
    let mut conn = state.redis_conn().await?;
    let () = redis::cmd("DEL").arg(names).query_async(&mut conn).await?;
    Ok(())
}

/// The member sets of `codes` as Redis holds them now.
pub async fn member_sets(
    state: &AppState,
    codes: &[String],
) -> Result<BTreeMap<String, BTreeSet<String>>, RoomError> {
    let keys = state.redis.keys();
    let mut conn = state.redis_conn().await?;
    let mut sets = BTreeMap::new();
    for chunk in codes.chunks(100) {
        let mut pipe = redis::pipe();
        for code in chunk {
            pipe.cmd("SMEMBERS")
                .arg(keys.key(&members_key(&topic(code)?)));
        }
        let members: Vec<BTreeSet<String>> = pipe.query_async(&mut conn).await?;
        sets.extend(chunk.iter().cloned().zip(members));
    }
    Ok(sets)
}

/// Brings every live room's member set to PostgreSQL's `rows`, read *after* `seen` (the sets
/// as Redis held them before): it adds who is missing and removes only members `seen` had
/// that PostgreSQL no longer has. A join commits before it adds its member, and a leave
/// deletes before it removes one, so a join or leave racing this pass is never undone (a
/// rewrite of the whole set from an older snapshot dropped a member who joined meanwhile).
/// Rooms `seen` did not cover only gain members.
pub async fn rebuild(
    state: &AppState,
    rows: Vec<(String, String, Option<Uuid>)>,
    seen: &BTreeMap<String, BTreeSet<String>>,
) -> Result<usize, RoomError> {
    let mut rooms: BTreeMap<String, (RoomKind, BTreeSet<String>)> = BTreeMap::new();
    for (code, kind, user) in rows {
        let entry = rooms
            .entry(code)
            .or_insert_with(|| (kind.parse().unwrap_or(RoomKind::Voting), BTreeSet::new()));
        if let Some(user) = user {
            entry.1.insert(user.to_string());
        }
    }
    let keys = state.redis.keys();
    let mut conn = state.redis_conn().await?;
    let count = rooms.len();
    for chunk in rooms.into_iter().collect::<Vec<_>>().chunks(100) {
        let mut pipe = redis::pipe();
        pipe.atomic();
        for (code, (kind, members)) in chunk {
            let topic = topic(code)?;
            let key = keys.key(&members_key(&topic));
            let before = seen.get(code);
            let stale: Vec<&String> = before
                .map(|b| b.difference(members).collect())
                .unwrap_or_default();
            if !stale.is_empty() {
                pipe.cmd("SREM").arg(&key).arg(stale).ignore();
            }
            let missing: Vec<&String> = match before {
                Some(b) => members.difference(b).collect(),
                None => members.iter().collect(),
            };
            if !missing.is_empty() {
                pipe.cmd("SADD").arg(&key).arg(missing).ignore();
            }
            add_room_keys(&mut pipe, state, &topic, *kind);
        }
        let () = pipe.query_async(&mut conn).await?;
    }
    Ok(count)
}

/// Records `user`'s position in a space room as a relay would (what `room_state` shows).
pub async fn set_position(
    state: &AppState,
    code: &str,
    user: Uuid,
    (x, y): (i32, i32),
) -> Result<(), RoomError> {
    let topic = topic(code)?;
    let mut conn = state.redis_conn().await?;
    let () = redis::cmd("HSET")
        .arg(state.redis.keys().key(&positions_key(&topic)))
        .arg(user.to_string())
        .arg(format!("{x},{y}"))
        .query_async(&mut conn)
        .await?;
    Ok(())
}

/// The last relayed positions of a space room's players.
pub async fn relayed_positions(
    state: &AppState,
    code: &str,
) -> Result<BTreeMap<Uuid, (i32, i32)>, RoomError> {
    let topic = topic(code)?;
    let mut conn = state.redis_conn().await?;
    let raw: BTreeMap<String, String> = redis::cmd("HGETALL")
        .arg(state.redis.keys().key(&positions_key(&topic)))
        .query_async(&mut conn)
        .await?;
    Ok(raw
        .into_iter()
        .filter_map(|(user, pos)| {
            let (x, y) = pos.split_once(',')?;
            Some((user.parse().ok()?, (x.parse().ok()?, y.parse().ok()?)))
        })
        .collect())
}

/// The last relayed states of a co-op room's players (rounded `state` objects).
pub async fn relayed_states(
    state: &AppState,
    code: &str,
) -> Result<BTreeMap<Uuid, serde_json::Map<String, serde_json::Value>>, RoomError> {
    let topic = topic(code)?;
    let mut conn = state.redis_conn().await?;
    let raw: BTreeMap<String, String> = redis::cmd("HGETALL")
        .arg(state.redis.keys().key(&states_key(&topic)))
        .query_async(&mut conn)
        .await?;
    Ok(raw
        .into_iter()
        .filter_map(|(user, s)| Some((user.parse().ok()?, serde_json::from_str(&s).ok()?)))
        .collect())
}

/// The parts of a co-op room's live state in Redis, one key each.
const COOP_SUFFIXES: [&str; 8] = [
    "seq", "counter", "enemies", "coins", "powerups", "claimed", "killed", "stats",
];

/// The Redis key of one part (`COOP_SUFFIXES`) of a co-op room's live state.
pub fn coop_key(state: &AppState, code: &str, suffix: &str) -> String {
    state.redis.keys().key(&format!("coop:{code}:{suffix}"))
}

/// Every co-op key of a room (deleted with the room).
fn coop_keys(state: &AppState, code: &str) -> Vec<String> {
    COOP_SUFFIXES
        .iter()
        .map(|s| coop_key(state, code, s))
        .collect()
}
