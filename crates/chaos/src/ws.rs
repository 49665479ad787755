//! A player's WebSocket: subscribed to its `user:` topic (and its coop room's), relaying a
//! numbered `player_state` now and then, recording every event it sees. When a gateway dies
//! it reconnects to another and subscribes again with `since` = the last id it saw, as a real
//! client does; at the end one more pass with `since` fetches what is still replayable.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

use crate::client::Stats;

/// What one player's sockets saw.
#[derive(Default, Debug)]
pub struct Seen {
    /// Last event id per topic.
    pub last: BTreeMap<String, String>,
    /// `gacha_pull` events' pull ids.
    pub pulls: BTreeSet<Uuid>,
    /// `items_granted` events' transaction ids.
    pub grants: BTreeSet<Uuid>,
    /// Relays seen: (sender, seq) -> the number of the connection that received it.
    pub relays: BTreeMap<(Uuid, u64), u64>,
    /// Connections opened.
    pub connects: u64,
}

/// One player's socket task.
pub struct Socket {
    /// The player.
    pub user: Uuid,
    /// Its token.
    pub token: String,
    /// The coop room it relays in, if any.
    pub room: Option<String>,
    /// What it saw.
    pub seen: Arc<Mutex<Seen>>,
    /// Relays it sent that came back to it (acknowledged), by seq.
    pub echoed: Arc<Mutex<BTreeSet<u64>>>,
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

impl Socket {
    fn topics(&self) -> Vec<String> {
        let mut topics = vec![format!("user:{}", self.user)];
        if let Some(room) = &self.room {
            topics.push(format!("room:{room}"));
        }
        topics
    }

    fn record(&self, frame: &Value) {
        if frame["op"] != "event" {
            return;
        }
        let (Some(topic), Some(id)) = (frame["topic"].as_str(), frame["id"].as_str()) else {
            return;
        };
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.last.insert(topic.to_owned(), id.to_owned());
        match frame["type"].as_str() {
            Some("gacha_pull") => {
                if let Some(pull) = frame["data"]["pull_id"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                {
                    seen.pulls.insert(pull);
                }
            }
            Some("items_granted") => {
                if let Some(tx) = frame["data"]["transaction_id"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                {
                    seen.grants.insert(tx);
                }
            }
            Some("player_state") => {
                let sender = frame["data"]["sender_id"]
                    .as_str()
                    .and_then(|s| s.parse().ok());
                let seq = frame["data"]["chaos_seq"].as_u64();
                if let (Some(sender), Some(seq)) = (sender, seq) {
                    let conn = seen.connects;
                    seen.relays.insert((sender, seq), conn);
                    if sender == self.user {
                        self.echoed
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .insert(seq);
                    }
                }
            }
            _ => {}
        }
    }

    async fn connect(&self, gateway: &str) -> Option<Ws> {
        let url = format!(
            "{}/ws?token={}",
            gateway.replace("http://", "ws://"),
            self.token
        );
        let (mut ws, _) = tokio::time::timeout(
            Duration::from_secs(5),
            tokio_tungstenite::connect_async(url),
        )
        .await
        .ok()?
        .ok()?;
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).connects += 1;
        for topic in self.topics() {
            let since = self
                .seen
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .last
                .get(&topic)
                .cloned();
            // The first subscription replays from the topic's start too: a relay sent before
            // this socket subscribed is still one it must get.
            let since = since.unwrap_or_else(|| "0-0".to_owned());
            let frame = json!({ "op": "subscribe", "topic": topic, "since": since });
            ws.send(Message::text(frame.to_string())).await.ok()?;
        }
        Some(ws)
    }

    /// Runs until `stop` turns true, reconnecting through `gateways` in turn.
    pub async fn run(
        self: Arc<Self>,
        gateways: Vec<String>,
        stats: Arc<Stats>,
        relay_every: Duration,
        mut stop: watch::Receiver<bool>,
    ) {
        let mut seq = 0u64;
        let mut turn = (self.user.as_u128() % gateways.len() as u128) as usize;
        let mut pending: BTreeMap<u64, Instant> = BTreeMap::new();
        while !*stop.borrow() {
            let gateway = &gateways[turn % gateways.len()];
            turn += 1;
            let Some(mut ws) = self.connect(gateway).await else {
                tokio::time::sleep(Duration::from_millis(300)).await;
                continue;
            };
            let mut tick = tokio::time::interval(relay_every);
            // Relays start once the subscriptions are answered.
            let mut subscribed = 0usize;
            loop {
                tokio::select! {
                    _ = stop.changed() => break,
                    _ = tick.tick(), if self.room.is_some() && subscribed >= self.topics().len() => {
                        seq += 1;
                        stats.attempted("relay");
                        pending.insert(seq, Instant::now());
                        let frame = json!({ "op": "send", "topic": format!("room:{}", self.room.clone().unwrap_or_default()),
                            "type": "player_state", "data": { "chaos_seq": seq, "x": seq % 100, "y": 1 } });
                        if ws.send(Message::text(frame.to_string())).await.is_err() {
                            break;
                        }
                    }
                    msg = ws.next() => {
                        let Some(Ok(msg)) = msg else { break };
                        let Message::Text(text) = msg else { continue };
                        let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
                        if frame["op"] == "subscribed" {
                            subscribed += 1;
                        }
                        self.record(&frame);
                        let echoed: Vec<u64> = self.echoed.lock().unwrap_or_else(|e| e.into_inner()).iter().copied().collect();
                        for s in echoed {
                            if let Some(sent) = pending.remove(&s) {
                                stats.acknowledged("relay", sent);
                            }
                        }
                    }
                }
            }
            let _ = ws.close(None).await;
        }
    }

    /// One last connection that subscribes with `since` and takes what is replayable.
    pub async fn catch_up(&self, gateway: &str) {
        for _ in 0..4 {
            let Some(mut ws) = self.connect(gateway).await else {
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            };
            let mut full = false;
            let quiet = Duration::from_millis(800);
            while let Ok(Some(Ok(msg))) = tokio::time::timeout(quiet, ws.next()).await {
                let Message::Text(text) = msg else { continue };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if frame["op"] == "subscribed" && frame["replayed"].as_u64() >= Some(500) {
                    full = true;
                }
                self.record(&frame);
            }
            let _ = ws.close(None).await;
            if !full {
                return;
            }
        }
    }
}
