//! JumpJumpJump co-op live state in Redis (shared by every replica): sequence ids, enemies,
//! coins and power-ups, first-claim-wins collection (HSETNX) and kills (HSETNX), per-player
//! coins and score. Broadcasts go on `room:{code}`; messages only for the actor come back in
//! the action's `self` list. Spawns, kills, sync and game actions are in [`entities`].

use std::collections::HashMap;

use chrono::Utc;
use contracts::room::events::{ChatLine, ItemCollected};
use serde_json::{Map, Value, json};
use uuid::Uuid;

mod entities;

pub use entities::{
    coin_spawn, enemy_killed, enemy_spawn, game_action, powerup_spawn, sync_entities,
};

use crate::app::base::{self, publish};
use crate::app::chat::chat_json;
use crate::app::lifecycle;
use crate::app::presence::coop_key as key;
use crate::app::views::RoomView;
use crate::db::queries;
use crate::domain::coop as rules;
use crate::domain::{RoomCode, RoomKind};
use crate::error::RoomError;
use crate::state::AppState;

/// Killed enemies are still sent in `entities_sync` for this long.
pub(super) const DEAD_ENEMY_MS: i64 = 10_000;
/// Player state fields a relayed `player_state` may set in `game_state` (SEED_SPEC.md (a)).
const RELAYED_FIELDS: [&str; 12] = [
    "x",
    "y",
    "velocity_x",
    "velocity_y",
    "health",
    "lives",
    "is_alive",
    "facing_right",
    "is_jumping",
    "is_shooting",
    "checkpoint",
    "weapon",
];

/// Chat lines in a `game_state`.
const CHAT_HISTORY: i64 = 20;

/// Messages for the actor only (`{"self": [...]}`), plus any extra fields.
pub fn private(messages: Vec<Value>) -> Value {
    json!({ "self": messages })
}

pub(super) async fn conn(state: &AppState) -> Result<deadpool_redis::Connection, RoomError> {
    state.redis_conn().await
}

/// Loads a co-op room the caller is in.
pub(super) async fn coop_member(
    state: &AppState,
    code: &RoomCode,
    user: Uuid,
) -> Result<RoomView, RoomError> {
    let view = base::load_as_member(state, code, user).await?;
    if view.kind() != RoomKind::Coop {
        return Err(RoomError::WrongKind);
    }
    Ok(view)
}

pub(super) async fn host_member(
    state: &AppState,
    code: &RoomCode,
    user: Uuid,
) -> Result<RoomView, RoomError> {
    let view = coop_member(state, code, user).await?;
    if view.room.host_id != user {
        return Err(RoomError::NotHost);
    }
    Ok(view)
}

/// The next sequence id of a room.
pub async fn next_sequence(state: &AppState, code: &str) -> Result<i64, RoomError> {
    let mut c = conn(state).await?;
    let k = key(state, code, "seq");
    let (seq,): (i64,) = redis::pipe()
        .cmd("INCR")
        .arg(&k)
        .cmd("EXPIRE")
        .arg(&k)
        .arg(state.settings.coop_state_ttl.as_secs())
        .ignore()
        .query_async(&mut c)
        .await?;
    Ok(seq)
}

pub(super) async fn next_counter(state: &AppState, code: &str) -> Result<i64, RoomError> {
    let mut c = conn(state).await?;
    let k = key(state, code, "counter");
    let (n,): (i64,) = redis::pipe()
        .cmd("INCR")
        .arg(&k)
        .cmd("EXPIRE")
        .arg(&k)
        .arg(state.settings.coop_state_ttl.as_secs())
        .ignore()
        .query_async(&mut c)
        .await?;
    Ok(n)
}

pub(super) async fn hset_json(
    state: &AppState,
    code: &str,
    suffix: &str,
    field: &str,
    value: &Value,
) -> Result<(), RoomError> {
    let mut c = conn(state).await?;
    let k = key(state, code, suffix);
    let () = redis::pipe()
        .cmd("HSET")
        .arg(&k)
        .arg(field)
        .arg(value.to_string())
        .ignore()
        .cmd("EXPIRE")
        .arg(&k)
        .arg(state.settings.coop_state_ttl.as_secs())
        .ignore()
        .query_async(&mut c)
        .await?;
    Ok(())
}

pub(super) async fn hgetall_json(
    state: &AppState,
    code: &str,
    suffix: &str,
) -> Result<Vec<Value>, RoomError> {
    let mut c = conn(state).await?;
    let raw: std::collections::BTreeMap<String, String> = redis::cmd("HGETALL")
        .arg(key(state, code, suffix))
        .query_async(&mut c)
        .await?;
    Ok(raw
        .values()
        .filter_map(|v| serde_json::from_str(v).ok())
        .collect())
}

pub(super) fn object(data: &Value, field: &str) -> Result<Map<String, Value>, RoomError> {
    match data.get(field) {
        Some(Value::Object(o)) => Ok(o.clone()),
        None | Some(Value::Null) => Ok(Map::new()),
        _ => Err(RoomError::field(field, "must be an object")),
    }
}

pub(super) fn short_string(data: &Value, field: &str) -> Result<String, RoomError> {
    match data.get(field) {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= rules::MAX_ENTITY_ID => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(RoomError::field(
            field,
            "must be a non-empty id of at most 64 characters",
        )),
    }
}

/// The full `game_state` (for `game_starting` and `reconnected`).
pub async fn game_state(
    state: &AppState,
    view: &RoomView,
    sequence_id: i64,
) -> Result<Value, RoomError> {
    let code = view.room.code.as_str();
    let stats = player_stats(state, code).await?;
    let relayed = crate::app::presence::relayed_states(state, code).await?;
    let players: Map<String, Value> = view
        .members
        .iter()
        .map(|m| {
            let (coins, score) = stats.get(&m.user_id).copied().unwrap_or((0, 0));
            let first = m.player_number == 1;
            let mut player = json!({
                    "player_id": m.user_id,
                    "player_name": m.display_name,
                    "player_number": m.player_number,
                    "x": if first { 400.0 } else { 500.0 },
                    "y": 550.0,
                    "velocity_x": 0.0,
                    "velocity_y": 0.0,
                    "health": 100,
                    "lives": 3,
                    "score": score,
                    "skin": if first { "alienGreen" } else { "alienPink" },
                    "weapon": "raygun",
                    "is_alive": true,
                    "facing_right": true,
                    "is_jumping": false,
                    "is_shooting": false,
                    "checkpoint": 0,
                    "coins": coins,
                    "connected": m.disconnected_at.is_none(),
            });
            // The seed kept the known fields of each relayed state; coins and score stay the
            // server's, which claims decide.
            if let (Some(last), Some(obj)) = (relayed.get(&m.user_id), player.as_object_mut()) {
                for field in RELAYED_FIELDS {
                    if let Some(v) = last.get(field) {
                        obj.insert(field.to_owned(), v.clone());
                    }
                }
            }
            (m.user_id.to_string(), player)
        })
        .collect();
    let enemies: Vec<Value> = hgetall_json(state, code, "enemies")
        .await?
        .into_iter()
        .filter(|e| e["is_alive"] == true)
        .collect();
    let mut c = conn(state).await?;
    let claimed: Vec<String> = redis::cmd("HKEYS")
        .arg(key(state, code, "claimed"))
        .query_async(&mut c)
        .await?;
    let collected = |prefix: &str| -> Vec<String> {
        claimed
            .iter()
            .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
            .collect()
    };
    let mut db = state.conn().await?;
    let mut chat: Vec<ChatLine> = queries::list_chat(&mut db, view.room.id, None, CHAT_HISTORY)
        .await?
        .iter()
        .map(chat_json)
        .collect();
    chat.reverse();
    Ok(json!({
        "seed": view.room.seed,
        "level": 1,
        "game_mode": "online_coop",
        "server_timestamp": now_ms_f64(),
        "game_start_timestamp": view.room.game_start_ms,
        "sequence_id": sequence_id,
        "players": players,
        "enemies": enemies,
        "coins": hgetall_json(state, code, "coins").await?,
        "powerups": hgetall_json(state, code, "powerups").await?,
        "projectiles": [],
        "collected_coins": collected("coin:"),
        "collected_powerups": collected("powerup:"),
        "chat_history": chat,
    }))
}

fn now_ms_f64() -> f64 {
    Utc::now().timestamp_micros() as f64 / 1000.0
}

async fn player_stats(
    state: &AppState,
    code: &str,
) -> Result<HashMap<Uuid, (i64, i64)>, RoomError> {
    let mut c = conn(state).await?;
    let raw: HashMap<String, i64> = redis::cmd("HGETALL")
        .arg(key(state, code, "stats"))
        .query_async(&mut c)
        .await?;
    let mut out: HashMap<Uuid, (i64, i64)> = HashMap::new();
    for (field, value) in raw {
        let Some((user, stat)) = field.split_once(':') else {
            continue;
        };
        let Ok(user) = user.parse() else { continue };
        let entry = out.entry(user).or_default();
        match stat {
            "coins" => entry.0 = value,
            "score" => entry.1 = value,
            _ => {}
        }
    }
    Ok(out)
}

/// `start_game`: host, everyone ready, at least two players; broadcasts `game_starting`.
pub async fn start_game(state: &AppState, user: Uuid, code: &RoomCode) -> Result<Value, RoomError> {
    coop_member(state, code, user).await?;
    lifecycle::start(state, user, code, 2).await?;
    Ok(private(Vec::new()))
}

/// `collect_item`: the first claim of a coin or power-up wins; anything else is "already
/// collected" for the claimer only.
pub async fn collect_item(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    data: &Value,
) -> Result<Value, RoomError> {
    coop_member(state, code, user).await?;
    let item_type = data
        .get("item_type")
        .and_then(Value::as_str)
        .unwrap_or("coin");
    let item_id = match data.get("item_id") {
        Some(Value::String(s)) if s.len() <= rules::MAX_ENTITY_ID => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        None => String::new(),
        _ => {
            return Err(RoomError::field(
                "item_id",
                "must be an id of at most 64 characters",
            ));
        }
    };
    let already = || {
        Ok(private(vec![
            json!({ "type": "item_already_collected", "item_id": item_id }),
        ]))
    };
    if !matches!(item_type, "coin" | "powerup") {
        return already();
    }
    let c_key = key(state, code.as_str(), "claimed");
    let s_key = key(state, code.as_str(), "stats");
    let ttl = state.settings.coop_state_ttl.as_secs();
    let mut c = conn(state).await?;
    let won: bool = redis::cmd("HSETNX")
        .arg(&c_key)
        .arg(format!("{item_type}:{item_id}"))
        .arg(user.to_string())
        .query_async(&mut c)
        .await?;
    if !won {
        return already();
    }
    let (coins, score): (i64, i64) = if item_type == "coin" {
        let (coins, score): (i64, i64) = redis::pipe()
            .cmd("HINCRBY")
            .arg(&s_key)
            .arg(format!("{user}:coins"))
            .arg(1)
            .cmd("HINCRBY")
            .arg(&s_key)
            .arg(format!("{user}:score"))
            .arg(10)
            .cmd("HDEL")
            .arg(key(state, code.as_str(), "coins"))
            .arg(&item_id)
            .ignore()
            .cmd("EXPIRE")
            .arg(&s_key)
            .arg(ttl)
            .ignore()
            .cmd("EXPIRE")
            .arg(&c_key)
            .arg(ttl)
            .ignore()
            .query_async(&mut c)
            .await?;
        (coins, score)
    } else {
        let (coins, score): (Option<i64>, Option<i64>) = redis::pipe()
            .cmd("HGET")
            .arg(&s_key)
            .arg(format!("{user}:coins"))
            .cmd("HGET")
            .arg(&s_key)
            .arg(format!("{user}:score"))
            .cmd("HDEL")
            .arg(key(state, code.as_str(), "powerups"))
            .arg(&item_id)
            .ignore()
            .cmd("EXPIRE")
            .arg(&c_key)
            .arg(ttl)
            .ignore()
            .query_async(&mut c)
            .await?;
        (coins.unwrap_or(0), score.unwrap_or(0))
    };
    publish(
        state,
        code.as_str(),
        "item_collected",
        &ItemCollected {
            item_id,
            item_type: item_type.to_owned(),
            player_coins: coins,
            player_id: user,
            player_score: score,
        },
    )
    .await;
    Ok(json!({ "self": [], "collected": true }))
}

/// `time_sync`: the server clock and the room's next sequence id (0 outside a room).
pub async fn time_sync(
    state: &AppState,
    user: Uuid,
    code: Option<&RoomCode>,
    data: &Value,
) -> Result<Value, RoomError> {
    let sequence_id = match code {
        Some(code) => {
            coop_member(state, code, user).await?;
            next_sequence(state, code.as_str()).await?
        }
        None => 0,
    };
    Ok(private(vec![json!({
        "type": "time_sync_response",
        "client_time": data.get("client_time").cloned().unwrap_or(Value::Null),
        "server_time": now_ms_f64(),
        "sequence_id": sequence_id,
    })]))
}

/// `reconnect`: back into a room within the window, with the full `game_state`.
pub async fn reconnect(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    token: &str,
) -> Result<Value, RoomError> {
    let view = lifecycle::reconnect(state, user, code, token).await?;
    let sequence_id = next_sequence(state, code.as_str()).await?;
    let game_state = game_state(state, &view, sequence_id).await?;
    let number = view.member(user).map_or(0, |m| m.player_number);
    Ok(json!({
        "self": [{
            "type": "reconnected",
            "room_id": view.room.code,
            "player_id": user,
            "player_number": number,
            "game_state": game_state,
        }],
        "room_id": view.room.code,
        "reconnect_token": token,
    }))
}
