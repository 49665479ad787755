//! One dialect connection's plumbing: hub subscriptions with replay (the same register-then-
//! replay cursor as the native protocol), relays checked against the owner's member and
//! relayable sets, room actions forwarded to the room service, per-user messages, frame and
//! rate limits, and heartbeats. A dialect only translates frames.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use common::events::MAX_REPLAY;
use common::http::{CallError, Retry};
use contracts::events::TRANSIENT_RELAYS;
use contracts::events::{ACTIONS_PATH, ActionRequest, members_key};
use contracts::room::GUEST_ACTIONS_PATH;
use contracts::{ServiceName, Topic};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::state::GatewayState;
use crate::ws::access::AccessCache;
use crate::ws::hub::{Delivery, Inbound, Inbox};
use crate::ws::protocol::{self, StreamId};
use crate::ws::session::{BURST_FRAMES, Bucket, is_fresh};
use crate::ws::socket::{CloseCode, Message, Socket};

pub use super::types::{Dialect, End, Event, Refusal, RelayError};

/// One dialect connection.
pub struct Link {
    id: u64,
    /// The authenticated user.
    pub user: Uuid,
    /// The access token it connected with (forwarded to services' public routes); empty for
    /// a guest.
    pub token: String,
    /// A token-less JumpJumpJump connection: its room actions go to the room service's guest
    /// endpoint, which allows co-op play only.
    pub guest: bool,
    /// The gateway's state.
    pub state: Arc<GatewayState>,
    socket: Socket,
    inbox: Inbox,
    topics: HashMap<Arc<str>, Option<StreamId>>,
    access: AccessCache,
    bucket: Bucket,
    last_seen: Instant,
}

impl Link {
    /// A link for `user` over `socket`.
    pub fn new(state: Arc<GatewayState>, user: Uuid, token: String, socket: Socket) -> Self {
        let limits = &state.settings.ws;
        Link {
            id: state.hub.next_conn_id(),
            user,
            token,
            guest: false,
            socket,
            inbox: Inbox::default(),
            topics: HashMap::new(),
            access: AccessCache::default(),
            bucket: Bucket::new(limits.messages_per_second),
            last_seen: Instant::now(),
            state,
        }
    }

    /// Sends a text frame.
    pub async fn send(&mut self, text: String) -> Result<(), End> {
        self.socket.text(text).await
    }

    /// Runs a room action for this user; `Err` carries the service's refusal.
    pub async fn action(&self, kind: &str, data: Value) -> Result<Value, Refusal> {
        self.action_on(ServiceName::Room, kind, data).await
    }

    /// Runs an action of `service` for this user; `Err` carries the service's refusal.
    pub async fn action_on(
        &self,
        service: ServiceName,
        kind: &str,
        data: Value,
    ) -> Result<Value, Refusal> {
        let path = match (self.guest, service) {
            (false, _) => ACTIONS_PATH,
            (true, ServiceName::Room) => GUEST_ACTIONS_PATH,
            (true, _) => {
                return Err(Refusal {
                    code: "guest_not_allowed".to_owned(),
                    detail: "guests play in co-op rooms only".to_owned(),
                });
            }
        };
        run_action_at(&self.state, self.user, service, path, kind, data).await
    }

    /// Subscribes to `topic` if this user may, replaying what came after `since`; returns
    /// the replayed events (oldest first) for the dialect to translate.
    pub async fn subscribe(
        &mut self,
        topic: &Topic,
        since: Option<&str>,
    ) -> Result<Vec<Event>, RelayError> {
        let ttl = self.state.settings.ws.membership_cache;
        let access = self
            .access
            .check(&self.state.ctx.redis, topic, self.user, ttl)
            .await
            .map_err(|_| RelayError::Unavailable)?;
        if !access.member {
            return Err(RelayError::Forbidden);
        }
        let name: Arc<str> = Arc::from(topic.as_str());
        if self.topics.contains_key(&name) {
            return Ok(Vec::new());
        }
        self.topics.insert(name.clone(), None);
        let handle = self.inbox.handle(self.state.settings.ws.outbound_queue);
        self.state.hub.subscribe(name.clone(), self.id, handle);
        let replayed = match since {
            Some(since) => self
                .state
                .ctx
                .events
                .replay(topic, since, MAX_REPLAY)
                .await
                .unwrap_or_default(),
            None => Vec::new(),
        };
        // Live copies of everything up to the cursor are dropped: what was replayed, and
        // `since` itself (a fan-out still in flight may deliver it after we registered).
        let cursor = replayed
            .last()
            .and_then(|env| protocol::envelope_id(env.as_bytes()))
            .or_else(|| since.and_then(StreamId::parse));
        self.topics.insert(name, cursor);
        Ok(replayed
            .iter()
            .filter_map(|env| serde_json::from_str(env).ok())
            .collect())
    }

    /// Stops receiving `topic`.
    pub fn unsubscribe(&mut self, topic: &str) {
        if let Some((name, _)) = self.topics.remove_entry(topic) {
            self.state.hub.unsubscribe(&name, self.id);
        }
    }

    /// Keeps `value` as the latest of `field` in the room-owned hash `key` (a
    /// [`contracts::room`] key of a topic this link follows), for the owning service to read
    /// later: written with the relay batches at most every [`common::relay::REMEMBER_EVERY`],
    /// the latest value always. Best effort: the live relay already went out.
    pub fn remember(&self, topic: &Topic, key: &str, field: &str, value: String) {
        if self.topics.contains_key(topic.as_str()) {
            let _ = self.state.relay.remember(key, field, value);
        }
    }

    /// Relays `data` as `kind` on a subscribed topic whose owner marked `kind` relayable,
    /// stamped with the sender.
    pub async fn relay(
        &mut self,
        topic: &Topic,
        kind: &str,
        mut data: Map<String, Value>,
    ) -> Result<(), RelayError> {
        self.check_relay(topic, kind).await?;
        let sender = self.user.to_string();
        if TRANSIENT_RELAYS.contains(&kind) {
            data.insert("sender_id".to_owned(), Value::String(sender.clone()));
            let data = Value::Object(data).to_string();
            return self.queue_relay(topic, kind, &sender, &data);
        }
        data.insert("sender_id".to_owned(), Value::String(sender));
        self.publish_stored(topic, kind, &data).await
    }

    /// Publishes a stored (replayable) event, after this connection's queued transient relays
    /// so that one sender's order holds.
    async fn publish_stored(
        &self,
        topic: &Topic,
        kind: &str,
        data: &Map<String, Value>,
    ) -> Result<(), RelayError> {
        self.state.relay.flushed().await;
        self.state
            .ctx
            .events
            .publish(topic, kind, data)
            .await
            .map_err(|_| RelayError::Unavailable)?;
        Ok(())
    }

    /// [`Link::relay`] of a transient type whose payload the dialect serialised itself:
    /// `fields` is the JSON object's inside (`"a":1,"b":2`), to which the sender is added.
    pub async fn relay_fields(
        &mut self,
        topic: &Topic,
        kind: &str,
        fields: &str,
    ) -> Result<(), RelayError> {
        self.check_relay(topic, kind).await?;
        let sender = self.user.to_string();
        let mut data = String::with_capacity(fields.len() + sender.len() + 16);
        data.push('{');
        if !fields.is_empty() {
            data.push_str(fields);
            data.push(',');
        }
        data.push_str("\"sender_id\":\"");
        data.push_str(&sender);
        data.push_str("\"}");
        self.queue_relay(topic, kind, &sender, &data)
    }

    /// Queues a transient relay for batched publishing (`common::relay`): not stored for
    /// replay, and not awaited, so the client's next frame is read at once.
    fn queue_relay(
        &self,
        topic: &Topic,
        kind: &str,
        sender: &str,
        data_json: &str,
    ) -> Result<(), RelayError> {
        let envelope = common::relay::envelope(topic.as_str(), kind, data_json);
        self.state
            .relay
            .send(topic.as_str(), sender, &envelope)
            .map_err(|_| RelayError::Unavailable)
    }

    /// Whether this user may relay `kind` on `topic`: subscribed, a member, and the type
    /// relayable there.
    async fn check_relay(&mut self, topic: &Topic, kind: &str) -> Result<(), RelayError> {
        if !self.topics.contains_key(topic.as_str()) {
            return Err(RelayError::Forbidden);
        }
        let ttl = self.state.settings.ws.membership_cache;
        let access = self
            .access
            .check(&self.state.ctx.redis, topic, self.user, ttl)
            .await
            .map_err(|_| RelayError::Unavailable)?;
        if !access.member || !access.relayable.contains(kind) {
            return Err(RelayError::Forbidden);
        }
        Ok(())
    }

    /// Publishes `data` on this user's own subscribed room topic without a relayable check:
    /// for dialect messages whose rule the dialect itself enforces (WebRTC presence).
    pub async fn announce(
        &mut self,
        topic: &Topic,
        kind: &str,
        mut data: Map<String, Value>,
    ) -> Result<(), RelayError> {
        if !self.topics.contains_key(topic.as_str()) {
            return Err(RelayError::Forbidden);
        }
        data.insert("sender_id".to_owned(), Value::String(self.user.to_string()));
        self.publish_stored(topic, kind, &data).await
    }

    /// Sends `data` to one other user, only if both are members of `room`.
    pub async fn direct(
        &mut self,
        room: &Topic,
        to: Uuid,
        kind: &str,
        mut data: Map<String, Value>,
    ) -> Result<(), RelayError> {
        if !self.topics.contains_key(room.as_str()) {
            return Err(RelayError::Forbidden);
        }
        let keys = self.state.ctx.redis.keys();
        let mut conn = self
            .state
            .ctx
            .redis
            .conn()
            .await
            .map_err(|_| RelayError::Unavailable)?;
        let (me, them): (bool, bool) = redis::pipe()
            .cmd("SISMEMBER")
            .arg(keys.key(&members_key(room)))
            .arg(self.user.to_string())
            .cmd("SISMEMBER")
            .arg(keys.key(&members_key(room)))
            .arg(to.to_string())
            .query_async(&mut conn)
            .await
            .map_err(|_| RelayError::Unavailable)?;
        if !(me && them) {
            return Err(RelayError::Forbidden);
        }
        data.insert("sender_id".to_owned(), Value::String(self.user.to_string()));
        self.state
            .ctx
            .events
            .publish(&Topic::user(to), kind, &data)
            .await
            .map_err(|_| RelayError::Unavailable)?;
        Ok(())
    }

    /// Runs the connection until it ends, then unregisters it and tells the dialect.
    pub async fn run<D: Dialect>(mut self, mut dialect: D) {
        let end = self.serve(&mut dialect).await;
        dialect.on_close(&mut self).await;
        for topic in self.topics.keys() {
            self.state.hub.unsubscribe(topic, self.id);
        }
        self.socket.finish(end).await;
    }

    /// Closes the socket with an application close code (e.g. the cafe's 4001).
    pub async fn close_with(self, code: u16, why: &'static str) {
        for topic in self.topics.keys() {
            self.state.hub.unsubscribe(topic, self.id);
        }
        self.socket
            .finish(End::Close(CloseCode::Other(code), why))
            .await;
    }

    async fn serve<D: Dialect>(&mut self, dialect: &mut D) -> End {
        let every = self.state.settings.ws.heartbeat;
        let mut heartbeat = tokio::time::interval(every);
        heartbeat.tick().await;
        loop {
            let step = tokio::select! {
                biased;
                inbound = self.inbox.next() => match inbound {
                    Inbound::Delivery(delivery) => self.deliver(dialect, delivery).await,
                    Inbound::Overflowed => Err(End::Close(CloseCode::Again, "slow consumer: outbound queue full")),
                },
                ready = self.socket.ready() => match ready {
                    // Boxed: a dialect's frame handling (room actions, Redis calls) is by far
                    // the largest state, and keeping it out of the connection's future keeps
                    // an idle connection small.
                    Ok(()) => Box::pin(self.on_readable(dialect)).await,
                    Err(_) => Err(End::Gone),
                },
                _ = heartbeat.tick() => self.beat(every).await,
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

    async fn deliver<D: Dialect>(
        &mut self,
        dialect: &mut D,
        first: Arc<Delivery>,
    ) -> Result<(), End> {
        let mut next = Some(first);
        while let Some(delivery) = next {
            if is_fresh(self.topics.get(&delivery.topic), delivery.id) {
                let out = match dialect.on_raw(self, &delivery) {
                    Some(out) => out,
                    None => serde_json::from_slice::<Event>(&delivery.frame)
                        .ok()
                        .and_then(|event| dialect.on_event(self, &event))
                        .map(Bytes::from),
                };
                if let Some(frame) = out {
                    self.socket.queue_text(frame);
                    if self.socket.queued() >= BURST_FRAMES {
                        self.socket.flush().await?;
                    }
                }
            }
            next = self.inbox.try_next();
        }
        self.socket.flush().await
    }

    /// Handles the next message the socket has, if any.
    async fn on_readable<D: Dialect>(&mut self, dialect: &mut D) -> Result<(), End> {
        let Some(msg) = self.socket.try_next()? else {
            return Ok(());
        };
        self.last_seen = Instant::now();
        match msg {
            Message::Text(text) => {
                if !self.bucket.take() {
                    // The seeds' protocols have no "slow down" message: drop the frame.
                    tracing::debug!(user = %self.user, "dialect frame over the rate limit dropped");
                    return Ok(());
                }
                dialect.on_text(self, &text).await
            }
            Message::Binary(_) => Err(End::Close(CloseCode::Unsupported, "send JSON text frames")),
            Message::Ping(bytes) => self.socket.pong(bytes).await,
            Message::Pong => Ok(()),
            Message::Close => Err(End::Gone),
        }
    }
}

/// Runs an action of `service` for `user` through its `/internal/actions` (every dialect's and
/// Socket.IO's way to act); `Err` carries the service's refusal, or `unavailable`.
pub async fn run_action(
    state: &GatewayState,
    user: Uuid,
    service: ServiceName,
    kind: &str,
    data: Value,
) -> Result<Value, Refusal> {
    run_action_at(state, user, service, ACTIONS_PATH, kind, data).await
}

/// [`run_action`] at `path`: `/internal/actions`, or room's guest actions for a token-less
/// JumpJumpJump connection.
async fn run_action_at(
    state: &GatewayState,
    user: Uuid,
    service: ServiceName,
    path: &str,
    kind: &str,
    data: Value,
) -> Result<Value, Refusal> {
    let request = ActionRequest {
        kind: kind.to_owned(),
        data,
    };
    let result: Result<Value, CallError> = state
        .ctx
        .internal
        .post(service, path, &request, Some(user), Retry::Never)
        .await;
    result.map_err(|e| match e {
        CallError::Status {
            problem: Some(p), ..
        } => Refusal {
            code: p.code,
            detail: p.detail.unwrap_or_default(),
        },
        other => {
            tracing::warn!(error = %other, "dialect action failed");
            Refusal {
                code: "unavailable".to_owned(),
                detail: format!("the {} service could not be reached", service.as_str()),
            }
        }
    })
}
