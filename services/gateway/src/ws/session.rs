//! One client connection: authenticated at connect, then subscribe / unsubscribe / send /
//! action / ping, with frame-size, rate and subscription limits and server heartbeats.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::events::MAX_REPLAY;
use common::http::{CallError, Retry};
use contracts::events::{ACTIONS_PATH, ActionRequest, TRANSIENT_RELAYS};
use contracts::{ServiceName, Topic};
use serde_json::Value;
use tokio::sync::mpsc;
use uuid::Uuid;

use super::access::AccessCache;
use super::hub::{Delivery, Inbound, Inbox};
use super::protocol::{self, ClientFrame, StreamId};
use super::socket::{CloseCode, End, Message, Socket};
use crate::state::GatewayState;

/// Queued event frames written at once at most, while draining a burst.
pub(crate) const BURST_FRAMES: usize = 32;
/// Actions one connection may have in flight.
const MAX_ACTIONS_IN_FLIGHT: usize = 16;

/// Runs an upgraded `/ws` connection of `user` until it ends.
pub async fn run(state: Arc<GatewayState>, user: Uuid, socket: Socket) {
    Connection::new(state, user, socket).run().await;
}

/// A token bucket: `rate` per second, bursts up to twice that (every protocol's message limit).
pub(crate) struct Bucket {
    tokens: f64,
    rate: f64,
    last: Instant,
}

impl Bucket {
    /// A full bucket refilling `rate` tokens per second.
    pub(crate) fn new(rate: u32) -> Self {
        let rate = f64::from(rate);
        Bucket {
            tokens: rate * 2.0,
            rate,
            last: Instant::now(),
        }
    }

    /// Takes a token; `false` when the client is over its rate.
    pub(crate) fn take(&mut self) -> bool {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * self.rate)
            .min(self.rate * 2.0);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Whether a delivery on a topic whose replay cursor is `cursor` (outer `None`: not
/// subscribed) is new to the connection: relays (`id` `None`) are never replayed, so always.
pub(crate) fn is_fresh(cursor: Option<&Option<StreamId>>, id: Option<StreamId>) -> bool {
    match (cursor, id) {
        (Some(Some(replayed_up_to)), Some(id)) => id > *replayed_up_to,
        (Some(_), _) => true,
        (None, _) => false,
    }
}

struct Connection {
    id: u64,
    user: Uuid,
    state: Arc<GatewayState>,
    socket: Socket,
    inbox: Inbox,
    /// Subscribed topics and the last id a replay sent (live events up to it are skipped).
    topics: HashMap<Arc<str>, Option<StreamId>>,
    access: AccessCache,
    bucket: Bucket,
    /// Action replies; made at the first action, since most connections never send one.
    replies: Option<(mpsc::Sender<String>, mpsc::Receiver<String>)>,
    last_seen: Instant,
}

impl Connection {
    fn new(state: Arc<GatewayState>, user: Uuid, socket: Socket) -> Self {
        let limits = &state.settings.ws;
        Connection {
            id: state.hub.next_conn_id(),
            user,
            bucket: Bucket::new(limits.messages_per_second),
            inbox: Inbox::default(),
            topics: HashMap::new(),
            access: AccessCache::default(),
            replies: None,
            last_seen: Instant::now(),
            socket,
            state,
        }
    }

    async fn run(mut self) {
        let end = self.serve().await;
        for topic in self.topics.keys() {
            self.state.hub.unsubscribe(topic, self.id);
        }
        self.socket.finish(end).await;
    }

    /// An `error` frame about `topic`.
    async fn refuse(&mut self, code: &str, detail: &str, topic: &str) -> Result<(), End> {
        let about = Value::String(topic.to_owned());
        self.send(protocol::error(code, detail, Some(("topic", &about))))
            .await
    }

    async fn send(&mut self, text: String) -> Result<(), End> {
        self.socket.text(text).await
    }

    async fn serve(&mut self) -> End {
        let welcome = protocol::welcome(self.user, &self.state.settings.ws);
        if let Err(end) = self.send(welcome).await {
            return end;
        }
        let heartbeat_every = self.state.settings.ws.heartbeat;
        let mut heartbeat = tokio::time::interval(heartbeat_every);
        heartbeat.tick().await;
        loop {
            let step = tokio::select! {
                biased;
                inbound = self.inbox.next() => match inbound {
                    Inbound::Delivery(delivery) => self.deliver(delivery).await,
                    Inbound::Overflowed => Err(End::Close(CloseCode::Again, "slow consumer: outbound queue full")),
                },
                Some(reply) = next_reply(&mut self.replies) => self.send(reply).await,
                // Boxed: handling a frame (Redis calls, replay, actions) is by far the largest
                // state, and keeping it out of the connection's future keeps an idle
                // connection small (about 9 KB less each).
                ready = self.socket.ready() => match ready {
                    Ok(()) => Box::pin(self.on_readable()).await,
                    Err(_) => Err(End::Gone),
                },
                _ = heartbeat.tick() => self.beat(heartbeat_every).await,
            };
            if let Err(end) = step {
                return end;
            }
        }
    }

    async fn beat(&mut self, every: Duration) -> Result<(), End> {
        if self.last_seen.elapsed() > every * 3 {
            return Err(End::Close(CloseCode::Away, "no heartbeat from client"));
        }
        self.socket.ping().await
    }

    async fn deliver(&mut self, first: Arc<Delivery>) -> Result<(), End> {
        // Drain what is already queued so a burst costs one wake-up.
        let mut next = Some(first);
        while let Some(delivery) = next {
            let fresh = is_fresh(self.topics.get(&delivery.topic), delivery.id);
            if fresh {
                // The hub's shared bytes go out as they are: no copy per subscriber, and one
                // write for the burst.
                self.socket.queue_text(delivery.frame.clone());
                if self.socket.queued() >= BURST_FRAMES {
                    self.socket.flush().await?;
                }
            }
            next = self.inbox.try_next();
        }
        self.socket.flush().await
    }

    /// Handles the next message the socket has, if any.
    async fn on_readable(&mut self) -> Result<(), End> {
        let Some(msg) = self.socket.try_next()? else {
            return Ok(());
        };
        self.last_seen = Instant::now();
        match msg {
            Message::Text(text) => {
                if !self.bucket.take() {
                    return self
                        .send(protocol::error(
                            "rate_limited",
                            "too many messages; slow down",
                            None,
                        ))
                        .await;
                }
                match serde_json::from_str::<ClientFrame>(&text) {
                    Ok(frame) => self.on_frame(frame).await,
                    Err(e) => {
                        self.send(protocol::error("invalid_frame", &e.to_string(), None))
                            .await
                    }
                }
            }
            Message::Binary(_) => {
                self.send(protocol::error(
                    "invalid_frame",
                    "send JSON text frames",
                    None,
                ))
                .await
            }
            Message::Ping(bytes) => self.socket.pong(bytes).await,
            Message::Pong => Ok(()),
            Message::Close => Err(End::Gone),
        }
    }

    async fn on_frame(&mut self, frame: ClientFrame) -> Result<(), End> {
        match frame {
            ClientFrame::Ping => self.send(protocol::PONG.to_owned()).await,
            ClientFrame::Subscribe { topic, since } => {
                self.subscribe(&topic, since.as_deref()).await
            }
            ClientFrame::Unsubscribe { topic } => {
                if let Some((name, _)) = self.topics.remove_entry(topic.as_str()) {
                    self.state.hub.unsubscribe(&name, self.id);
                }
                self.send(protocol::unsubscribed(&topic)).await
            }
            ClientFrame::Send { topic, kind, data } => self.relay(&topic, &kind, data).await,
            ClientFrame::Action {
                service,
                kind,
                data,
                reference,
            } => self.action(&service, kind, data, reference).await,
        }
    }

    async fn subscribe(&mut self, raw: &str, since: Option<&str>) -> Result<(), End> {
        let topic = match Topic::parse(raw) {
            Ok(t) => t,
            Err(e) => {
                return self.refuse("invalid_topic", &e.to_string(), raw).await;
            }
        };
        if !self.topics.contains_key(raw)
            && self.topics.len() >= self.state.settings.ws.max_subscriptions
        {
            return self
                .refuse(
                    "too_many_subscriptions",
                    "unsubscribe from a topic first",
                    raw,
                )
                .await;
        }
        let ttl = self.state.settings.ws.membership_cache;
        match self
            .access
            .check(&self.state.ctx.redis, &topic, self.user, ttl)
            .await
        {
            Ok(access) if access.member => {}
            Ok(_) => {
                return self
                    .refuse("forbidden_topic", "you are not a member of this topic", raw)
                    .await;
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "membership check failed");
                return self
                    .refuse("unavailable", "could not check membership; retry", raw)
                    .await;
            }
        }
        let name: Arc<str> = Arc::from(raw);
        // Register first, then replay: anything published in between is either replayed or
        // delivered live, and the cursor drops the live copy of what the replay already sent.
        self.topics.insert(name.clone(), None);
        let handle = self.inbox.handle(self.state.settings.ws.outbound_queue);
        self.state.hub.subscribe(name.clone(), self.id, handle);
        let mut replayed = Vec::new();
        if let Some(since) = since {
            match self
                .state
                .ctx
                .events
                .replay(&topic, since, MAX_REPLAY)
                .await
            {
                Ok(events) => replayed = events,
                Err(e) => {
                    return self.refuse("invalid_since", &format!("{e:#}"), raw).await;
                }
            }
        }
        // `since` itself is a floor too: a fan-out still in flight may deliver it after we
        // registered, and the client already has it.
        let cursor = replayed
            .last()
            .and_then(|env| protocol::envelope_id(env.as_bytes()))
            .or_else(|| since.and_then(StreamId::parse));
        self.topics.insert(name, cursor);
        self.send(protocol::subscribed(raw, replayed.len())).await?;
        for env in replayed {
            if let Some(frame) = protocol::event_frame(env.as_bytes()) {
                self.send(frame).await?;
            }
        }
        Ok(())
    }

    async fn relay(&mut self, raw: &str, kind: &str, data: Value) -> Result<(), End> {
        let topic = match Topic::parse(raw) {
            Ok(t) if self.topics.contains_key(raw) => t,
            Ok(_) => {
                return self
                    .refuse("not_subscribed", "subscribe before sending", raw)
                    .await;
            }
            Err(e) => {
                return self.refuse("invalid_topic", &e.to_string(), raw).await;
            }
        };
        let Value::Object(mut data) = data else {
            return self
                .refuse("invalid_frame", "`data` must be an object", raw)
                .await;
        };
        let ttl = self.state.settings.ws.membership_cache;
        let allowed = match self
            .access
            .check(&self.state.ctx.redis, &topic, self.user, ttl)
            .await
        {
            Ok(access) => access.member && access.relayable.contains(kind),
            Err(_) => false,
        };
        if !allowed {
            return self
                .refuse(
                    "not_relayable",
                    "this event type cannot be relayed on this topic",
                    raw,
                )
                .await;
        }
        if !super::dialects::bounds::relay_within_bounds(&self.state.ctx.redis, &topic, kind, &data)
            .await
        {
            return self
                .refuse(
                    "out_of_bounds",
                    "x and y must be integers within the room",
                    raw,
                )
                .await;
        }
        // The sender is stamped by the gateway; a client cannot speak for someone else.
        let sender = self.user.to_string();
        data.insert("sender_id".to_owned(), Value::String(sender.clone()));
        if TRANSIENT_RELAYS.contains(&kind) {
            // Queued, not awaited: the next frame is read at once (see `common::relay`).
            let data = Value::Object(data).to_string();
            let envelope = common::relay::envelope(raw, kind, &data);
            if self.state.relay.send(raw, &sender, &envelope).is_err() {
                return self
                    .refuse("unavailable", "could not relay; retry", raw)
                    .await;
            }
            return Ok(());
        }
        // Not before this connection's queued transient relays: one sender's order holds.
        self.state.relay.flushed().await;
        if let Err(e) = self.state.ctx.events.publish(&topic, kind, &data).await {
            tracing::warn!(error = %format!("{e:#}"), "relay publish failed");
            return self
                .refuse("unavailable", "could not relay; retry", raw)
                .await;
        }
        Ok(())
    }

    async fn action(
        &mut self,
        service: &str,
        kind: String,
        data: Value,
        reference: Value,
    ) -> Result<(), End> {
        let target = match service.parse::<ServiceName>() {
            Ok(s) if !matches!(s, ServiceName::Gateway | ServiceName::Auth) => s,
            _ => {
                return self
                    .send(protocol::reply_err(
                        &reference,
                        "unknown_service",
                        "no such service for actions",
                    ))
                    .await;
            }
        };
        let replies = self
            .replies
            .get_or_insert_with(|| mpsc::channel(MAX_ACTIONS_IN_FLIGHT));
        let Ok(permit) = replies.0.clone().try_reserve_owned() else {
            return self
                .send(protocol::reply_err(
                    &reference,
                    "too_many_actions",
                    "wait for earlier actions to finish",
                ))
                .await;
        };
        let internal = self.state.ctx.internal.clone();
        let user = self.user;
        actix_web::rt::spawn(async move {
            let request = ActionRequest { kind, data };
            let result: Result<Value, CallError> = internal
                .post(target, ACTIONS_PATH, &request, Some(user), Retry::Never)
                .await;
            let frame = match result {
                Ok(data) => protocol::reply_ok(&reference, data),
                Err(CallError::Status {
                    problem: Some(p), ..
                }) => protocol::reply_err(
                    &reference,
                    &p.code,
                    p.detail.as_deref().unwrap_or_default(),
                ),
                Err(CallError::Status { status, .. })
                    if status == reqwest::StatusCode::NOT_FOUND =>
                {
                    protocol::reply_err(
                        &reference,
                        "unknown_action",
                        "the service has no such action",
                    )
                }
                Err(e) => {
                    tracing::warn!(error = %e, "action failed");
                    protocol::reply_err(
                        &reference,
                        "unavailable",
                        "the service could not be reached",
                    )
                }
            };
            permit.send(frame);
        });
        Ok(())
    }
}

/// The next action reply, or never when no action was sent yet.
async fn next_reply(
    replies: &mut Option<(mpsc::Sender<String>, mpsc::Receiver<String>)>,
) -> Option<String> {
    match replies {
        Some((_, rx)) => rx.recv().await,
        None => std::future::pending().await,
    }
}
