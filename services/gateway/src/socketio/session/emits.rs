//! The Socket.IO layer of a session: CONNECT authenticated by `auth.token` or the handshake's
//! cookie, the seed's emits run as room actions (with acks and the seed's `error` event),
//! other emits relayed on the same rules as the native `send`, and the room subscriptions.

use std::sync::Arc;

use common::auth::TokenError;
use contracts::{ServiceName, Topic};
use serde_json::Value;

use super::{Session, new_sid};
use crate::socketio::packet::{self, MAIN, Packet};
use crate::socketio::voting::{self, Emit, Follow};
use crate::ws::dialects::bounds;
use crate::ws::dialects::link::run_action;
use crate::ws::socket::{CloseCode, End};

impl Session {
    /// One Socket.IO packet.
    pub(super) async fn on_message(&mut self, data: &str) -> Result<(), End> {
        if !self.bucket.take() {
            // Socket.IO has no "slow down" packet: the emit is dropped, as on the dialects.
            tracing::debug!(sid = %self.sid, "socket.io packet over the rate limit dropped");
            return Ok(());
        }
        match packet::decode(data) {
            Ok(Packet::Connect { namespace, auth }) => self.connect(&namespace, auth).await,
            Ok(Packet::Disconnect { namespace }) if namespace == MAIN => {
                Err(End::Close(CloseCode::Normal, "client disconnected"))
            }
            Ok(Packet::Event {
                namespace,
                name,
                data,
                ack,
            }) if namespace == MAIN && self.user.is_some() => self.on_event(&name, data, ack).await,
            // Packets for a namespace this client is not connected to are ignored, as
            // Socket.IO servers do.
            Ok(_) => Ok(()),
            Err(packet::PacketError::Binary) => {
                let error =
                    voting::error_packet("binary events are not supported", "binary_not_supported");
                self.send(error).await?;
                Err(End::Close(
                    CloseCode::Unsupported,
                    "binary events are not supported",
                ))
            }
            Err(packet::PacketError::Malformed) => Err(End::Close(
                CloseCode::Protocol,
                "malformed Socket.IO packet",
            )),
        }
    }

    /// CONNECT: authenticated by `auth.token`, else the handshake's token (cookie).
    async fn connect(&mut self, namespace: &str, auth: Option<Value>) -> Result<(), End> {
        let refuse = |message: &str| format!("4{}", packet::connect_error(namespace, message));
        if namespace != MAIN {
            return self.send(refuse("Invalid namespace")).await;
        }
        let token = auth
            .as_ref()
            .and_then(|a| a.get("token"))
            .and_then(Value::as_str)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .or_else(|| self.hint.clone());
        let Some(token) = token else {
            return self
                .send(refuse(
                    "authentication required: send auth.token or the access_token cookie",
                ))
                .await;
        };
        match self.state.ctx.auth.authenticate(&token).await {
            Ok(claims) => {
                self.user = Some(claims.sub);
                self.own_sender = format!("\"sender_id\":\"{}\"", claims.sub);
                self.connect_due = None;
                self.hint = None;
                self.send(format!("4{}", packet::connected(&new_sid())))
                    .await
            }
            Err(TokenError::Unavailable(_)) => {
                self.send(refuse("authentication is unavailable; retry later"))
                    .await
            }
            Err(_) => self.send(refuse("invalid or expired token")).await,
        }
    }

    async fn on_event(&mut self, name: &str, data: Value, ack: Option<u64>) -> Result<(), End> {
        let Some(user) = self.user else {
            return Ok(());
        };
        let (action, follow) = match voting::emit_of(name) {
            Emit::Action(action, follow) => (action, follow),
            Emit::Relay => return self.relay(name, data, ack).await,
            Emit::Unfollow => return self.unfollow(&data, ack).await,
        };
        let Some(data) = voting::action_data(data) else {
            return self
                .refuse(ack, "the payload must be an object", "invalid_payload")
                .await;
        };
        let topic = voting::room_of(&data);
        // A member already gets the events its own join causes.
        if let (Follow::Subscribe, Some(topic)) = (follow, &topic) {
            let _ = self.subscribe(topic).await;
        }
        let reply =
            match run_action(&self.state, user, ServiceName::Room, action.name(), data).await {
                Ok(reply) => reply,
                Err(refusal) => {
                    let message = if refusal.detail.is_empty() {
                        refusal.code.clone()
                    } else {
                        refusal.detail.clone()
                    };
                    return self.refuse(ack, &message, &refusal.code).await;
                }
            };
        if let (Follow::Subscribe, Some(topic)) = (follow, &topic)
            && !self.subscribe(topic).await
        {
            return self
                .refuse(ack, "could not follow the room's events", "unavailable")
                .await;
        }
        match ack {
            Some(id) => {
                let answer = packet::ack(id, &voting::ack_of(reply));
                self.send(format!("4{answer}")).await
            }
            None => Ok(()),
        }
    }

    /// The seed's `error {message}` event, and a failed ack when one was asked for.
    async fn refuse(&mut self, ack: Option<u64>, message: &str, code: &str) -> Result<(), End> {
        self.queue(voting::error_packet(message, code))?;
        if let Some(id) = ack {
            let answer = packet::ack(id, &voting::refused_ack(message));
            self.queue(format!("4{answer}"))?;
        }
        self.flush().await
    }

    /// An emit that is no room action: relayed on the socket's room (its `room_code`, or the
    /// one room it follows) when the room lists the type as relayable and a position lies in
    /// the room's bounds, as the native `send`.
    async fn relay(&mut self, name: &str, data: Value, ack: Option<u64>) -> Result<(), End> {
        let Some(user) = self.user else {
            return Ok(());
        };
        let unknown = format!("unknown event `{name}`");
        let Value::Object(mut fields) = data else {
            return self.refuse(ack, &unknown, "unknown_event").await;
        };
        let topic = voting::room_of(&Value::Object(fields.clone())).or_else(|| {
            let mut rooms = self.topics.iter();
            match (rooms.next(), rooms.next()) {
                (Some(only), None) => Topic::room(only.strip_prefix("room:")?).ok(),
                _ => None,
            }
        });
        let Some(topic) = topic.filter(|t| self.topics.contains(t.as_str())) else {
            return self.refuse(ack, &unknown, "unknown_event").await;
        };
        let ttl = self.state.settings.ws.membership_cache;
        let relayable = match self
            .access
            .check(&self.state.ctx.redis, &topic, user, ttl)
            .await
        {
            Ok(access) => access.member && access.relayable.contains(name),
            Err(_) => false,
        };
        if !relayable {
            return self.refuse(ack, &unknown, "unknown_event").await;
        }
        if !bounds::relay_within_bounds(&self.state.ctx.redis, &topic, name, &fields).await {
            return self
                .refuse(ack, "position outside the room", "out_of_bounds")
                .await;
        }
        fields.insert("sender_id".to_owned(), Value::String(user.to_string()));
        let published = self.state.ctx.events.publish(&topic, name, &fields).await;
        match (published, ack) {
            (Err(_), _) => {
                self.refuse(ack, "the event could not be sent", "unavailable")
                    .await
            }
            (Ok(_), Some(id)) => {
                let answer = packet::ack(id, &serde_json::json!({ "success": true }));
                self.send(format!("4{answer}")).await
            }
            (Ok(_), None) => Ok(()),
        }
    }

    /// Follows `topic` if this user may; `false` when it may not (or Redis failed).
    async fn subscribe(&mut self, topic: &Topic) -> bool {
        let Some(user) = self.user else {
            return false;
        };
        if self.topics.contains(topic.as_str()) {
            return true;
        }
        let limits = &self.state.settings.ws;
        if self.topics.len() >= limits.max_subscriptions {
            return false;
        }
        let member = self
            .access
            .check(&self.state.ctx.redis, topic, user, limits.membership_cache)
            .await
            .is_ok_and(|access| access.member);
        if !member {
            return false;
        }
        let name: Arc<str> = Arc::from(topic.as_str());
        let handle = self.inbox.handle(limits.outbound_queue);
        self.state.hub.subscribe(name.clone(), self.conn, handle);
        self.topics.insert(name);
        true
    }

    /// `leave_room`: stops following the named room (every room when none is named).
    async fn unfollow(&mut self, data: &Value, ack: Option<u64>) -> Result<(), End> {
        let rooms: Vec<Arc<str>> = match voting::room_of(data) {
            Some(topic) => self
                .topics
                .get(topic.as_str())
                .cloned()
                .into_iter()
                .collect(),
            None => self.topics.drain().collect(),
        };
        for topic in rooms {
            self.topics.remove(&topic);
            self.state.hub.unsubscribe(&topic, self.conn);
        }
        match ack {
            Some(id) => {
                let answer = packet::ack(id, &serde_json::json!({ "success": true }));
                self.send(format!("4{answer}")).await
            }
            None => Ok(()),
        }
    }
}
