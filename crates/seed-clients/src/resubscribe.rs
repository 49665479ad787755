//! How long the gateway's event fan-out takes to deliver again after Redis comes back: a
//! WebSocket client subscribed to its own `user:` topic, the gateway's Redis link cut for a
//! while and restored, events published (on another service's link) every 20 ms until one
//! arrives. The outages test bounds it generously; `examples/resubscribe.rs` measures it.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use common::ServiceName;
use contracts::Topic;
use serde_json::{Value, json};
use testkit::faults::LinkMode;
use testkit::ws::{Socket, connect, send};

use crate::{Account, Stack};

/// One trial's figures.
#[derive(Debug, Clone)]
pub struct Trial {
    /// From the link being restored to the first live event on the client.
    pub resubscribed_after: Duration,
    /// Events a resubscription with `since` (the last one seen before the outage) replayed,
    /// the one published during the outage among them.
    pub replayed: u64,
    /// Whether the event published during the outage reached the still-open socket by itself
    /// (the gateway replays its gap on resubscribing), before the first later event.
    pub gap_delivered: bool,
}

/// A client of `player` subscribed to its `user:` topic through the gateway.
pub async fn subscribed_client(stack: &Stack, player: &Account) -> anyhow::Result<Socket> {
    let mut ws = connect(&stack.gateway, "/ws", &player.token).await;
    frame_where(&mut ws, Duration::from_secs(10), |f| f["op"] == "welcome").await?;
    let topic = Topic::user(player.id);
    send(
        &mut ws,
        json!({ "op": "subscribe", "topic": topic.as_str() }),
    )
    .await;
    frame_where(&mut ws, Duration::from_secs(10), |f| {
        f["op"] == "subscribed"
    })
    .await?;
    Ok(ws)
}

/// Cuts the gateway's Redis for `outage`, restores it and times the first delivered event;
/// then checks the events published during the outage replay on a resubscription by `since`.
/// Needs [`crate::StackOptions::faulty_links`].
pub async fn trial(
    stack: &Stack,
    player: &Account,
    ws: &mut Socket,
    outage: Duration,
) -> anyhow::Result<Trial> {
    let topic = Topic::user(player.id);
    let events = &stack.inventory.context.events;
    let link = &stack
        .links
        .get(&ServiceName::Gateway)
        .context("no faulty links")?
        .redis;
    let before = events
        .publish(&topic, "outage_probe", &json!({ "phase": "before" }))
        .await?;
    frame_where(ws, Duration::from_secs(10), |f| f["id"] == before.as_str()).await?;

    link.set(LinkMode::Refuse);
    tokio::time::sleep(outage / 2).await;
    let missed = events
        .publish(&topic, "outage_probe", &json!({ "phase": "during" }))
        .await?;
    tokio::time::sleep(outage / 2).await;
    link.set(LinkMode::Up);
    let back = Instant::now();

    let deadline = Duration::from_secs(30);
    let mut gap_delivered = false;
    let resubscribed_after = loop {
        if back.elapsed() > deadline {
            bail!("no event within {deadline:?} of Redis coming back");
        }
        events
            .publish(&topic, "outage_probe", &json!({ "phase": "after" }))
            .await?;
        match frame_where(ws, Duration::from_millis(20), |f| {
            f["data"]["phase"] == "after" || f["id"] == missed.as_str()
        })
        .await
        {
            Ok(f) if f["id"] == missed.as_str() => gap_delivered = true,
            Ok(_) => break back.elapsed(),
            Err(_) => continue,
        }
    };
    // The later "after" events still queued are skipped by the resubscription's filter below.
    send(ws, json!({ "op": "unsubscribe", "topic": topic.as_str() })).await;
    frame_where(ws, Duration::from_secs(10), |f| f["op"] == "unsubscribed").await?;
    send(
        ws,
        json!({ "op": "subscribe", "topic": topic.as_str(), "since": before }),
    )
    .await;
    // `subscribed` (with the count) comes first, then the replayed events, oldest first.
    let subscribed = frame_where(ws, Duration::from_secs(10), |f| f["op"] == "subscribed").await?;
    frame_where(ws, Duration::from_secs(10), |f| f["id"] == missed.as_str())
        .await
        .context("the event published during the outage was not replayed by `since`")?;
    let replayed = subscribed["replayed"].as_u64().unwrap_or_default();
    Ok(Trial {
        resubscribed_after,
        replayed,
        gap_delivered,
    })
}

/// The next frame satisfying `want` within `within` (other frames skipped).
async fn frame_where(
    ws: &mut Socket,
    within: Duration,
    want: impl Fn(&Value) -> bool,
) -> anyhow::Result<Value> {
    tokio::time::timeout(within, async {
        loop {
            let frame = testkit::ws::next(ws).await;
            if want(&frame) {
                return frame;
            }
        }
    })
    .await
    .map_err(|_| anyhow::anyhow!("no matching frame within {within:?}"))
}
