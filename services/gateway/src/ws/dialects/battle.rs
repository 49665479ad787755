//! `/ws/battle/{battle_id}?token=`: the web game's battle socket (SEED_SPEC.md (b)) over the
//! hub. The battle service owns every rule: on connect it answers the last 100 logs and
//! publishes `player_joined`; a client `attack` becomes a server-side attack (its `damage`
//! is never read) and `chat` a chat event, both through battle's `/internal/actions`; the
//! events of `battle:{id}` reach the client as `{type, ...fields}`. Closing publishes
//! `player_left`.

use std::sync::Arc;

use contracts::{ServiceName, Topic};
use serde_json::{Value, json};

use super::jjj::frame;
use super::link::{Dialect, End, Event, Link};
use crate::state::GatewayState;
use crate::ws::socket::Socket;

/// Close code for a connection that may not follow the battle (not a participant, no such
/// battle): the seed closed with 1011; 1008 says why.
const POLICY: u16 = 1008;

/// Speaks the battle dialect on an upgraded `/ws/battle/{battle_id}` connection of `user`.
pub async fn run(
    state: Arc<GatewayState>,
    user: uuid::Uuid,
    token: String,
    battle_id: String,
    socket: Socket,
) {
    let mut link = Link::new(state, user, token, socket);
    let Some((id, topic)) = battle_id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .and_then(|id| Topic::battle(id).ok().map(|t| (id, t)))
    else {
        let _ = link
            .send(error("Battle not found", "battle_not_found"))
            .await;
        link.close_with(POLICY, "no such battle").await;
        return;
    };
    // Subscribed before `connect`, so this connection gets its own `player_joined` too.
    if link.subscribe(&topic, None).await.is_err() {
        let _ = link
            .send(error("Not in this battle", "not_in_battle"))
            .await;
        link.close_with(POLICY, "not in this battle").await;
        return;
    }
    let greeting = match link
        .action_on(ServiceName::Battle, "connect", json!({ "battle_id": id }))
        .await
    {
        Ok(greeting) => greeting,
        Err(refusal) => {
            let _ = link.send(error(&refusal.detail, &refusal.code)).await;
            link.close_with(POLICY, "refused").await;
            return;
        }
    };
    let logs = greeting["logs"].as_array().cloned().unwrap_or_default();
    for log in logs {
        if link.send(log.to_string()).await.is_err() {
            return;
        }
    }
    let connected = json!({
        "type": "connected",
        "message": format!("Connected to battle {id}"),
        "battle_id": id,
        "player_count": greeting["player_count"],
    });
    if link.send(connected.to_string()).await.is_err() {
        return;
    }
    link.run(BattleSocket { id, topic }).await;
}

fn error(message: &str, code: &str) -> String {
    json!({ "type": "error", "message": message, "code": code }).to_string()
}

/// One battle connection.
pub struct BattleSocket {
    id: i64,
    topic: Topic,
}

impl Dialect for BattleSocket {
    async fn on_text(&mut self, link: &mut Link, text: &str) -> Result<(), End> {
        let Ok(Value::Object(msg)) = serde_json::from_str::<Value>(text) else {
            return link.send(error("Invalid JSON", "invalid_frame")).await;
        };
        let kind = msg.get("type").and_then(Value::as_str).unwrap_or_default();
        let data = match kind {
            // The client's `damage` is dropped here; battle rolls its own.
            "attack" => json!({
                "battle_id": self.id,
                "enemy_id": msg.get("enemy_id").cloned().unwrap_or(Value::Null),
                "attack_type": msg.get("attack_type").cloned().unwrap_or(Value::Null),
            }),
            "chat" => json!({
                "battle_id": self.id,
                "message": msg.get("message").cloned().unwrap_or(Value::Null),
            }),
            "ping" => return link.send(json!({ "type": "pong" }).to_string()).await,
            // Defeats are decided by the server; other types are ignored, as the seed did.
            _ => return Ok(()),
        };
        match link.action_on(ServiceName::Battle, kind, data).await {
            Ok(_) => Ok(()),
            Err(refusal) => link.send(error(&refusal.detail, &refusal.code)).await,
        }
    }

    fn on_event(&mut self, _link: &Link, event: &Event) -> Option<String> {
        (event.topic == self.topic.as_str()).then(|| frame(&event.kind, event.fields()))
    }

    async fn on_close(&mut self, link: &mut Link) {
        let _ = link
            .action_on(
                ServiceName::Battle,
                "disconnect",
                json!({ "battle_id": self.id }),
            )
            .await;
    }
}
