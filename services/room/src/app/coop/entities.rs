//! Host-only spawns, kills with the seed's coin drops (first kill wins), the host's entity
//! sync and game actions (the host's `assist`).

use chrono::Utc;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{
    DEAD_ENEMY_MS, conn, coop_member, hgetall_json, host_member, hset_json, key, next_counter,
    next_sequence, object, private, short_string,
};
use crate::app::base::publish;
use crate::domain::RoomCode;
use crate::domain::coop::{self as rules, coin_drops, position_of};
use crate::error::RoomError;
use crate::events::{EnemyKilled, EntitiesSync, EntitySpawned, GameAction, PlayerStateUpdate};
use crate::state::AppState;

/// What the host may spawn: where its id and record live, and how the seed shapes it.
struct Spawnable {
    /// The field of `data` holding the entity (`enemy`, `coin`, `powerup`).
    field: &'static str,
    /// Its id field (`enemy_id`...), also the prefix of generated ids.
    id_field: &'static str,
    /// The room hash the entities are kept in.
    hash: &'static str,
    /// The event broadcast to the room.
    event: &'static str,
    /// The seed's normalisation.
    normalise: fn(&Map<String, Value>, String) -> Value,
    /// The event's payload around the normalised entity.
    payload: fn(Value) -> EntitySpawned,
}

/// `enemy_spawn` (host): normalises and broadcasts `enemy_spawned`.
pub async fn enemy_spawn(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    data: &Value,
) -> Result<Value, RoomError> {
    let kind = Spawnable {
        field: "enemy",
        id_field: "enemy_id",
        hash: "enemies",
        event: "enemy_spawned",
        payload: |enemy| EntitySpawned::Enemy { enemy },
        normalise: rules::normalise_enemy,
    };
    spawn(state, user, code, data, &kind).await
}

/// `coin_spawn` (host).
pub async fn coin_spawn(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    data: &Value,
) -> Result<Value, RoomError> {
    let kind = Spawnable {
        field: "coin",
        id_field: "coin_id",
        hash: "coins",
        event: "coin_spawned",
        payload: |coin| EntitySpawned::Coin { coin },
        normalise: rules::normalise_coin,
    };
    spawn(state, user, code, data, &kind).await
}

/// `powerup_spawn` (host).
pub async fn powerup_spawn(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    data: &Value,
) -> Result<Value, RoomError> {
    let kind = Spawnable {
        field: "powerup",
        id_field: "powerup_id",
        hash: "powerups",
        event: "powerup_spawned",
        payload: |powerup| EntitySpawned::Powerup { powerup },
        normalise: rules::normalise_powerup,
    };
    spawn(state, user, code, data, &kind).await
}

/// A host's spawn: the given id (or `<field>_<counter>`), normalised, stored and broadcast.
async fn spawn(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    data: &Value,
    kind: &Spawnable,
) -> Result<Value, RoomError> {
    host_member(state, code, user).await?;
    let input = object(data, kind.field)?;
    let id = match input.get(kind.id_field) {
        Some(_) => rules::entity_id(&input, kind.id_field, String::new),
        None => format!(
            "{}_{}",
            kind.field,
            next_counter(state, code.as_str()).await?
        ),
    };
    if id.is_empty() {
        return Err(RoomError::field(
            &format!("{}.{}", kind.field, kind.id_field),
            "must be an id of at most 64 characters",
        ));
    }
    let entity = (kind.normalise)(&input, id.clone());
    hset_json(state, code.as_str(), kind.hash, &id, &entity).await?;
    publish(state, code.as_str(), kind.event, &(kind.payload)(entity)).await;
    Ok(private(Vec::new()))
}

/// `enemy_killed`: the first kill of a live enemy wins, broadcasts `enemy_killed` and drops
/// its coins; a dead or unknown enemy answers the killer only.
pub async fn enemy_killed(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    data: &Value,
) -> Result<Value, RoomError> {
    coop_member(state, code, user).await?;
    let enemy_id = short_string(data, "enemy_id")?;
    let dead = || {
        Ok(private(vec![
            json!({ "type": "enemy_already_dead", "enemy_id": enemy_id }),
            json!({ "type": "enemy_state_update", "enemy_id": enemy_id, "state": { "is_alive": false, "state": "dead" } }),
        ]))
    };
    let e_key = key(state, code.as_str(), "enemies");
    let k_key = key(state, code.as_str(), "killed");
    let mut c = conn(state).await?;
    let stored: Option<String> = redis::cmd("HGET")
        .arg(&e_key)
        .arg(&enemy_id)
        .query_async(&mut c)
        .await?;
    let Some(mut enemy) = stored.and_then(|s| serde_json::from_str::<Value>(&s).ok()) else {
        return dead();
    };
    if enemy["is_alive"] != true {
        return dead();
    }
    let (won,): (bool,) = redis::pipe()
        .cmd("HSETNX")
        .arg(&k_key)
        .arg(&enemy_id)
        .arg(user.to_string())
        .cmd("EXPIRE")
        .arg(&k_key)
        .arg(state.settings.coop_state_ttl.as_secs())
        .ignore()
        .query_async(&mut c)
        .await?;
    if !won {
        return dead();
    }
    if let Some(obj) = enemy.as_object_mut() {
        obj.insert("is_alive".into(), json!(false));
        obj.insert("killed_by".into(), json!(user));
        obj.insert("state".into(), json!("dead"));
        obj.insert(
            "death_timestamp".into(),
            json!(Utc::now().timestamp_millis()),
        );
    }
    hset_json(state, code.as_str(), "enemies", &enemy_id, &enemy).await?;
    publish(
        state,
        code.as_str(),
        "enemy_killed",
        &EnemyKilled {
            enemy_id: enemy_id.clone(),
            killed_by: user,
        },
    )
    .await;
    let (x, y) = position_of(&enemy);
    let reward = enemy["coin_reward"].as_i64().unwrap_or(0);
    for coin in coin_drops(x, y, reward) {
        let id = coin["coin_id"].as_str().unwrap_or_default().to_owned();
        hset_json(state, code.as_str(), "coins", &id, &coin).await?;
        publish(
            state,
            code.as_str(),
            "coin_spawned",
            &EntitySpawned::Coin { coin },
        )
        .await;
    }
    Ok(private(Vec::new()))
}

/// `sync_entities` (host): stores the host's enemies (never resurrecting a dead one) and
/// uncollected coins, and sends everyone else `entities_sync`.
pub async fn sync_entities(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    data: &Value,
) -> Result<Value, RoomError> {
    host_member(state, code, user).await?;
    let list = |field: &str| -> Result<Vec<Map<String, Value>>, RoomError> {
        match data.get(field) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) if items.len() <= 500 => Ok(items
                .iter()
                .filter_map(|v| v.as_object().cloned())
                .collect()),
            _ => Err(RoomError::field(
                field,
                "must be a list of at most 500 objects",
            )),
        }
    };
    let mut c = conn(state).await?;
    let killed: Vec<String> = redis::cmd("HKEYS")
        .arg(key(state, code.as_str(), "killed"))
        .query_async(&mut c)
        .await?;
    let claimed: Vec<String> = redis::cmd("HKEYS")
        .arg(key(state, code.as_str(), "claimed"))
        .query_async(&mut c)
        .await?;
    for mut enemy in list("enemies")? {
        let id = rules::entity_id(&enemy, "enemy_id", String::new);
        if id.is_empty() || killed.contains(&id) {
            continue;
        }
        enemy.insert("enemy_id".into(), json!(id));
        let mut value = Value::Object(enemy);
        rules::round_floats(&mut value);
        hset_json(state, code.as_str(), "enemies", &id, &value).await?;
    }
    for coin in list("coins")? {
        let id = rules::entity_id(&coin, "coin_id", String::new);
        if id.is_empty() || claimed.contains(&format!("coin:{id}")) {
            continue;
        }
        hset_json(
            state,
            code.as_str(),
            "coins",
            &id,
            &rules::normalise_coin(&coin, id.clone()),
        )
        .await?;
    }
    let now = Utc::now().timestamp_millis();
    let enemies: Vec<Value> = hgetall_json(state, code.as_str(), "enemies")
        .await?
        .into_iter()
        .filter(|e| {
            e["is_alive"] == true
                || e["death_timestamp"]
                    .as_i64()
                    .is_some_and(|t| now - t < DEAD_ENEMY_MS)
        })
        .collect();
    let coins = hgetall_json(state, code.as_str(), "coins").await?;
    let sequence_id = next_sequence(state, code.as_str()).await?;
    publish(
        state,
        code.as_str(),
        "entities_sync",
        &EntitiesSync {
            coins,
            enemies,
            exclude_user: user,
            sequence_id,
        },
    )
    .await;
    Ok(private(Vec::new()))
}

/// `game_action`: the host's `assist` moves a player (broadcast as a state update); every
/// action is then relayed to the others.
pub async fn game_action(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    data: &Value,
) -> Result<Value, RoomError> {
    let view = coop_member(state, code, user).await?;
    let action = data
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if action.is_empty() || action.len() > rules::MAX_ENTITY_ID {
        return Err(RoomError::field(
            "action",
            "must be a non-empty name of at most 64 characters",
        ));
    }
    let mut args = data.get("data").cloned().unwrap_or_else(|| json!({}));
    rules::round_floats(&mut args);
    if action == "assist" && view.room.host_id == user {
        let target = args
            .get("target_player_id")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<Uuid>().ok());
        if let Some(target) = target.filter(|t| view.member(*t).is_some()) {
            let mut moved = Map::new();
            for axis in ["x", "y"] {
                if let Some(v) = args
                    .get(axis)
                    .and_then(Value::as_f64)
                    .filter(|v| v.is_finite())
                {
                    moved.insert(axis.into(), json!(v));
                }
            }
            publish(
                state,
                code.as_str(),
                "player_state_update",
                &PlayerStateUpdate {
                    player_id: target,
                    state: moved,
                },
            )
            .await;
        }
    }
    publish(
        state,
        code.as_str(),
        "game_action",
        &GameAction {
            action: action.to_owned(),
            data: args,
            exclude_user: user,
            player_id: user,
        },
    )
    .await;
    Ok(private(Vec::new()))
}
