//! Bounds of positional relays: a space room's owner keeps the floor's rectangle in Redis
//! (`contracts::room::bounds_key`), and relayed positions (`update_position`) outside it are
//! refused, whether they come through the cafe dialect or the native `send`.

use common::redis::Redis;
use contracts::Topic;
use contracts::room::bounds_key;
use serde_json::{Map, Value};

/// Relay types that carry an `x`/`y` position.
pub const POSITIONAL: &[&str] = &["update_position"];

/// An inclusive rectangle: `(min_x, min_y, max_x, max_y)`.
pub type Rect = (i64, i64, i64, i64);

/// The topic's bounds, `None` when it has none (or Redis did not answer).
pub async fn load(redis: &Redis, topic: &Topic) -> Result<Option<Rect>, ()> {
    let mut conn = redis.conn().await.map_err(|_| ())?;
    let b: std::collections::HashMap<String, i64> = redis::cmd("HGETALL")
        .arg(redis.keys().key(&bounds_key(topic)))
        .query_async(&mut conn)
        .await
        .map_err(|_| ())?;
    Ok((|| {
        Some((
            *b.get("min_x")?,
            *b.get("min_y")?,
            *b.get("max_x")?,
            *b.get("max_y")?,
        ))
    })())
}

/// The integer `x`, `y` of a payload.
pub fn position(data: &Map<String, Value>) -> Option<(i64, i64)> {
    Some((data.get("x")?.as_i64()?, data.get("y")?.as_i64()?))
}

/// Whether `(x, y)` lies in `rect`.
pub fn inside(rect: Rect, (x, y): (i64, i64)) -> bool {
    (rect.0..=rect.2).contains(&x) && (rect.1..=rect.3).contains(&y)
}

/// For the native relay: a positional type on a topic with bounds must carry integer `x`/`y`
/// inside them. Other types and topics without bounds pass; a Redis failure refuses.
pub async fn relay_within_bounds(
    redis: &Redis,
    topic: &Topic,
    kind: &str,
    data: &Map<String, Value>,
) -> bool {
    if !POSITIONAL.contains(&kind) {
        return true;
    }
    match load(redis, topic).await {
        Ok(Some(rect)) => position(data).is_some_and(|p| inside(rect, p)),
        Ok(None) => true,
        Err(()) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_must_be_integers_inside_the_rectangle() {
        let rect = (0, 0, 10, 5);
        assert!(inside(rect, (10, 5)) && !inside(rect, (11, 0)) && !inside(rect, (0, -1)));
        let data = serde_json::json!({ "x": 1, "y": 2.5 });
        assert_eq!(position(data.as_object().unwrap()), None);
    }
}
