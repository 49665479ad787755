//! JumpJumpJump co-op rules (SEED_SPEC.md (a)): float rounding, entity normalisation and the
//! coins an enemy drops.

use serde_json::{Map, Value, json};

/// Most coins one enemy may drop: the seed took any `coin_reward` from the host's client.
pub const MAX_COIN_REWARD: i64 = 20;
/// Longest entity id accepted from a client.
pub const MAX_ENTITY_ID: usize = 64;

/// Python's `round(v, 2)` applied to every float in `value`, recursively; integers untouched.
pub fn round_floats(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() => {
            if let Some(rounded) = n
                .as_f64()
                .and_then(round2)
                .and_then(serde_json::Number::from_f64)
            {
                *n = rounded;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(round_floats),
        Value::Object(map) => map.values_mut().for_each(round_floats),
        _ => {}
    }
}

/// Rounds to 2 decimals from the exact binary value, ties to even, as Python does
/// (`1.005 -> 1.0`, `0.125 -> 0.12`).
fn round2(v: f64) -> Option<f64> {
    if !v.is_finite() {
        return None;
    }
    // `{:.2}` rounds the exact decimal expansion of the double, ties to even.
    format!("{v:.2}").parse().ok()
}

/// A number field of `obj` (`default` when missing or not a finite number).
fn num(obj: &Map<String, Value>, key: &str, default: f64) -> f64 {
    obj.get(key)
        .and_then(Value::as_f64)
        .filter(|v| v.is_finite())
        .unwrap_or(default)
}

/// The number as JSON: an integer stays an integer (the seed kept the client's ints).
fn num_value(obj: &Map<String, Value>, key: &str, default: f64) -> Value {
    match obj.get(key) {
        Some(Value::Number(n)) if n.as_f64().is_some_and(f64::is_finite) => {
            Value::Number(n.clone())
        }
        _ => json!(default),
    }
}

/// A client-given id when it is a short string (or a number), else `fallback`.
pub fn entity_id(obj: &Map<String, Value>, key: &str, fallback: impl FnOnce() -> String) -> String {
    match obj.get(key) {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= MAX_ENTITY_ID => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => fallback(),
    }
}

/// The seed's normalised enemy from a host's `enemy_spawn`; `coin_reward` is capped.
pub fn normalise_enemy(input: &Map<String, Value>, enemy_id: String) -> Value {
    let reward = input
        .get("coin_reward")
        .or_else(|| input.get("coinReward"))
        .and_then(Value::as_i64)
        .unwrap_or(0)
        .clamp(0, MAX_COIN_REWARD);
    let enemy_type = input
        .get("enemy_type")
        .and_then(Value::as_str)
        .filter(|s| s.len() <= MAX_ENTITY_ID)
        .unwrap_or("fly");
    let mut enemy = json!({
        "enemy_id": enemy_id,
        "enemy_type": enemy_type,
        "x": num_value(input, "x", 0.0),
        "y": num_value(input, "y", 0.0),
        "velocity_x": num_value(input, "velocity_x", 0.0),
        "velocity_y": num_value(input, "velocity_y", 0.0),
        "health": num_value(input, "health", 10.0),
        "max_health": num_value(input, "max_health", 10.0),
        "coin_reward": reward,
        "scale": num_value(input, "scale", 1.0),
        "is_alive": true,
        "facing_right": input.get("facing_right").and_then(Value::as_bool).unwrap_or(true),
        "state": "idle",
    });
    round_floats(&mut enemy);
    enemy
}

/// The seed's coin from a host's `coin_spawn`.
pub fn normalise_coin(input: &Map<String, Value>, coin_id: String) -> Value {
    let mut coin = json!({
        "coin_id": coin_id,
        "x": num_value(input, "x", 0.0),
        "y": num_value(input, "y", 0.0),
        "is_collected": false,
        "collected_by": null,
        "value": 1,
        "velocity_x": num_value(input, "velocity_x", 0.0),
        "velocity_y": num_value(input, "velocity_y", 0.0),
    });
    round_floats(&mut coin);
    coin
}

/// The seed's power-up from a host's `powerup_spawn`.
pub fn normalise_powerup(input: &Map<String, Value>, powerup_id: String) -> Value {
    let kind = input
        .get("type")
        .and_then(Value::as_str)
        .filter(|s| s.len() <= MAX_ENTITY_ID)
        .unwrap_or("unknown");
    let mut powerup = json!({
        "powerup_id": powerup_id,
        "type": kind,
        "x": num_value(input, "x", 0.0),
        "y": num_value(input, "y", 0.0),
        "is_collected": false,
        "collected_by": null,
    });
    round_floats(&mut powerup);
    powerup
}

/// The coins a killed enemy at `(x, y)` drops (SEED_SPEC.md (a) `enemy_killed`): positions
/// and velocities derived from the truncated coordinates with floor modulo.
pub fn coin_drops(x: f64, y: f64, reward: i64) -> Vec<Value> {
    // `as` saturates, and the seed's int() truncates toward zero.
    let (xi, yi) = (x.trunc() as i64, y.trunc() as i64);
    (0..reward.clamp(0, MAX_COIN_REWARD))
        .map(|i| {
            let dx = (xi * 7 + i * 13).rem_euclid(61) - 30;
            let dy = (yi * 11 + i * 17).rem_euclid(21) - 20;
            let mut coin = json!({
                "coin_id": format!("coin_drop_{xi}_{yi}_{i}"),
                "x": x + dx as f64,
                "y": y + dy as f64,
                "is_collected": false,
                "collected_by": null,
                "value": 1,
                "velocity_x": (xi * 3 + i * 19).rem_euclid(201) - 100,
                "velocity_y": -200 + (yi * 5 + i * 23).rem_euclid(101),
            });
            round_floats(&mut coin);
            coin
        })
        .collect()
}

/// Position of an entity stored as JSON.
pub fn position_of(entity: &Value) -> (f64, f64) {
    let obj = entity.as_object();
    let get = |k| obj.map_or(0.0, |o| num(o, k, 0.0));
    (get("x"), get("y"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_round_like_python_and_ints_stay_ints() {
        let mut v = json!({"a": 1.23456, "b": 1.005, "c": [5.55555, 7], "d": {"e": 2}, "f": 0.125});
        round_floats(&mut v);
        assert_eq!(
            v,
            json!({"a": 1.23, "b": 1.0, "c": [5.56, 7], "d": {"e": 2}, "f": 0.12})
        );
        assert!(v["c"][1].is_i64());
    }

    #[test]
    fn coin_drops_match_the_seed_example() {
        let coins = coin_drops(123.9, -45.5, 2);
        assert_eq!(coins.len(), 2);
        assert_eq!(coins[0]["coin_id"], "coin_drop_123_-45_0");
        assert_eq!(
            (coins[0]["x"].as_f64(), coins[0]["y"].as_f64()),
            (Some(100.9), Some(-56.5))
        );
        assert_eq!(
            (
                coins[0]["velocity_x"].as_i64(),
                coins[0]["velocity_y"].as_i64()
            ),
            (Some(68), Some(-122))
        );
        assert_eq!(coins[1]["coin_id"], "coin_drop_123_-45_1");
        assert_eq!(
            (coins[1]["x"].as_f64(), coins[1]["y"].as_f64()),
            (Some(113.9), Some(-60.5))
        );
        assert_eq!(
            (
                coins[1]["velocity_x"].as_i64(),
                coins[1]["velocity_y"].as_i64()
            ),
            (Some(87), Some(-200))
        );
    }

    #[test]
    fn enemies_get_the_seed_defaults_and_a_capped_reward() {
        let input = json!({"x": 1.234, "coinReward": 500});
        let enemy = normalise_enemy(input.as_object().unwrap(), "enemy_1".into());
        assert_eq!(enemy["enemy_type"], "fly");
        assert_eq!(enemy["x"], 1.23);
        assert_eq!(enemy["health"], 10.0);
        assert_eq!(enemy["coin_reward"], MAX_COIN_REWARD);
        assert_eq!(enemy["is_alive"], true);
    }
}
