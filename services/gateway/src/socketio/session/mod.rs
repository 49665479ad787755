//! One Engine.IO session and its Socket.IO connection, on one task whatever the transport:
//! heartbeats (the server pings, a late pong closes), the polling-to-WebSocket upgrade
//! (`2probe`/`3probe`, a `6` to release the pending poll, `5` to switch), authentication at the
//! Socket.IO CONNECT, and the voting seed's emits and events over the hub, with the limits
//! every gateway socket has (packet size, rate, subscriptions, outbound queue). The Socket.IO
//! layer itself is [`emits`].

mod emits;

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::mpsc;
use tokio::time::Instant;
use uuid::Uuid;

use super::engine::{self, Handshake, Kind};
use super::polling::{Polling, PollingInbound};
use super::voting;
use crate::state::GatewayState;
use crate::ws::access::AccessCache;
use crate::ws::hub::{Delivery, Inbound, Inbox};
use crate::ws::session::{BURST_FRAMES, Bucket};
use crate::ws::socket::{CloseCode, End, Message, Socket};

/// A fresh, unguessable session id (Engine.IO's and Socket.IO's).
pub fn new_sid() -> String {
    Uuid::new_v4().simple().to_string()
}

/// The `open` packet of session `sid`; a polling session may upgrade to WebSocket.
pub fn open_packet(state: &GatewayState, sid: &str, polling: bool) -> String {
    let limits = &state.settings.socketio;
    Handshake {
        sid,
        upgrades: if polling { &["websocket"] } else { &[] },
        ping_interval: u64::try_from(limits.ping_interval.as_millis()).unwrap_or(u64::MAX),
        ping_timeout: u64::try_from(limits.ping_timeout.as_millis()).unwrap_or(u64::MAX),
        max_payload: state.settings.ws.max_frame_bytes,
    }
    .packet()
}

/// Runs a session opened directly over WebSocket (`transport=websocket`, no sid).
pub async fn run_websocket(state: Arc<GatewayState>, hint: Option<String>, socket: Socket) {
    let sid: Arc<str> = Arc::from(new_sid());
    let open = open_packet(&state, &sid, false);
    let mut session = Session::new(state, sid, hint, Transport::WebSocket(socket), None);
    match session.send(open).await {
        Ok(()) => session.run().await,
        Err(end) => session.finish(end).await,
    }
}

/// Runs a session opened by a polling handshake (its `open` packet already answered).
pub async fn run_polling(
    state: Arc<GatewayState>,
    sid: Arc<str>,
    hint: Option<String>,
    polling: Arc<Polling>,
    inbound: PollingInbound,
) {
    Session::new(state, sid, hint, Transport::Polling(polling), Some(inbound))
        .run()
        .await;
}

/// Where the session's packets go.
enum Transport {
    WebSocket(Socket),
    Polling(Arc<Polling>),
}

struct Session {
    state: Arc<GatewayState>,
    sid: Arc<str>,
    /// The token of the handshake request (the `access_token` cookie, mostly), used when the
    /// CONNECT carries no `auth.token`.
    hint: Option<String>,
    /// Set by a successful CONNECT.
    user: Option<Uuid>,
    /// `"sender_id":"<user>"`, how this user's own relays are recognised.
    own_sender: String,
    conn: u64,
    transport: Transport,
    /// While polling: POSTed packets and upgrade sockets.
    posted: Option<mpsc::Receiver<String>>,
    upgrades: Option<mpsc::Receiver<Socket>>,
    /// A WebSocket being probed for the upgrade.
    probe: Option<Socket>,
    inbox: Inbox,
    topics: HashSet<Arc<str>>,
    access: AccessCache,
    bucket: Bucket,
    next_ping: Instant,
    pong_due: Option<Instant>,
    connect_due: Option<Instant>,
}

impl Session {
    fn new(
        state: Arc<GatewayState>,
        sid: Arc<str>,
        hint: Option<String>,
        transport: Transport,
        inbound: Option<PollingInbound>,
    ) -> Self {
        let now = Instant::now();
        let (posted, upgrades) = inbound.map(|i| (i.posted, i.upgrades)).unzip();
        Session {
            conn: state.hub.next_conn_id(),
            bucket: Bucket::new(state.settings.ws.messages_per_second),
            next_ping: now + state.settings.socketio.ping_interval,
            connect_due: Some(now + state.settings.socketio.connect_timeout),
            pong_due: None,
            sid,
            hint,
            user: None,
            own_sender: String::new(),
            transport,
            posted,
            upgrades,
            probe: None,
            inbox: Inbox::default(),
            topics: HashSet::new(),
            access: AccessCache::default(),
            state,
        }
    }

    async fn run(mut self) {
        let end = self.serve().await;
        self.finish(end).await;
    }

    async fn finish(mut self, end: End) {
        for topic in &self.topics {
            self.state.hub.unsubscribe(topic, self.conn);
        }
        self.state.socketio.remove(&self.sid);
        self.probe = None;
        tracing::debug!(sid = %self.sid, end = ?end, "socket.io session ended");
        match self.transport {
            Transport::WebSocket(socket) => socket.finish(end).await,
            Transport::Polling(polling) => polling.close(),
        }
    }

    async fn serve(&mut self) -> End {
        loop {
            let timer = self.next_timer();
            let step = tokio::select! {
                biased;
                inbound = self.inbox.next() => match inbound {
                    Inbound::Delivery(delivery) => self.deliver(delivery).await,
                    Inbound::Overflowed => Err(End::Close(CloseCode::Again, "slow consumer: outbound queue full")),
                },
                ready = websocket_ready(&self.transport) => match ready {
                    Ok(()) => Box::pin(self.on_readable()).await,
                    Err(_) => Err(End::Gone),
                },
                posted = recv(&mut self.posted) => match posted {
                    Some(text) => Box::pin(self.on_packet(&text)).await,
                    None => Err(End::Gone),
                },
                socket = recv(&mut self.upgrades), if self.probe.is_none() => {
                    match socket {
                        Some(socket) => self.probe = Some(socket),
                        None => self.upgrades = None,
                    }
                    Ok(())
                },
                ready = probe_ready(&self.probe) => match ready {
                    Ok(()) => self.on_probe().await,
                    Err(_) => {
                        self.probe = None;
                        Ok(())
                    }
                },
                () = tokio::time::sleep_until(timer) => self.on_timer().await,
            };
            if let Err(end) = step {
                return end;
            }
        }
    }

    fn next_timer(&self) -> Instant {
        [self.pong_due, self.connect_due]
            .into_iter()
            .flatten()
            .fold(self.next_ping, Instant::min)
    }

    async fn on_timer(&mut self) -> Result<(), End> {
        let now = Instant::now();
        if self.connect_due.is_some_and(|due| now >= due) {
            return Err(End::Close(CloseCode::Policy, "no Socket.IO connection"));
        }
        if self.pong_due.is_some_and(|due| now >= due) {
            return Err(End::Close(CloseCode::Away, "ping timeout"));
        }
        if now >= self.next_ping {
            let limits = &self.state.settings.socketio;
            self.next_ping = now + limits.ping_interval;
            self.pong_due.get_or_insert(now + limits.ping_timeout);
            self.send(engine::encode(Kind::Ping, "")).await?;
        }
        Ok(())
    }

    /// Queues a packet without writing it yet (see [`Session::flush`]).
    fn queue(&mut self, packet: String) -> Result<(), End> {
        match &mut self.transport {
            Transport::WebSocket(socket) => {
                socket.queue_text(packet);
                Ok(())
            }
            Transport::Polling(polling) => polling
                .push(packet)
                .map_err(|_| End::Close(CloseCode::Again, "slow consumer: polling queue full")),
        }
    }

    async fn flush(&mut self) -> Result<(), End> {
        match &mut self.transport {
            Transport::WebSocket(socket) => socket.flush().await,
            Transport::Polling(_) => Ok(()),
        }
    }

    async fn send(&mut self, packet: String) -> Result<(), End> {
        self.queue(packet)?;
        self.flush().await
    }

    async fn deliver(&mut self, first: Arc<Delivery>) -> Result<(), End> {
        let mut next = Some(first);
        while let Some(delivery) = next {
            if let Some(packet) = self.translate(&delivery) {
                self.queue(packet)?;
                if let Transport::WebSocket(socket) = &mut self.transport
                    && socket.queued() >= BURST_FRAMES
                {
                    socket.flush().await?;
                }
            }
            next = self.inbox.try_next();
        }
        self.flush().await
    }

    /// A hub event as the packet this client gets, if any: events of the rooms it follows,
    /// except its own relays.
    fn translate(&self, delivery: &Delivery) -> Option<String> {
        let user = self.user?;
        if !self.topics.contains(&delivery.topic) {
            return None;
        }
        voting::packet_for(&delivery.frame, &self.own_sender, user)
    }

    async fn on_readable(&mut self) -> Result<(), End> {
        let Transport::WebSocket(socket) = &mut self.transport else {
            return Ok(());
        };
        let Some(message) = socket.try_next()? else {
            return Ok(());
        };
        match message {
            Message::Text(text) => self.on_packet(&text).await,
            Message::Binary(_) => Err(End::Close(
                CloseCode::Unsupported,
                "binary packets are not supported",
            )),
            Message::Ping(bytes) => socket.pong(bytes).await,
            Message::Pong => Ok(()),
            Message::Close => Err(End::Gone),
        }
    }

    /// One Engine.IO packet from the client, whatever carried it.
    async fn on_packet(&mut self, text: &str) -> Result<(), End> {
        let packet = match engine::decode(text) {
            Ok(packet) => packet,
            Err(engine::PacketError::Binary) => {
                return Err(End::Close(
                    CloseCode::Unsupported,
                    "binary packets are not supported",
                ));
            }
            Err(_) => {
                return Err(End::Close(
                    CloseCode::Protocol,
                    "malformed Engine.IO packet",
                ));
            }
        };
        match packet.kind {
            Kind::Pong => {
                self.pong_due = None;
                Ok(())
            }
            Kind::Ping => self.send(engine::encode(Kind::Pong, packet.data)).await,
            Kind::Message => self.on_message(packet.data).await,
            Kind::Close => Err(End::Gone),
            Kind::Noop | Kind::Upgrade => Ok(()),
            Kind::Open => Err(End::Close(
                CloseCode::Protocol,
                "unexpected Engine.IO open packet",
            )),
        }
    }

    /// The upgrade probe: `2probe` is answered `3probe` (and a `6` releases the pending
    /// poll); `5` switches the session to the probed socket.
    async fn on_probe(&mut self) -> Result<(), End> {
        let Some(socket) = self.probe.as_mut() else {
            return Ok(());
        };
        let message = match socket.try_next() {
            Ok(Some(message)) => message,
            Ok(None) => return Ok(()),
            Err(_) => {
                self.probe = None;
                return Ok(());
            }
        };
        match message {
            Message::Text(text) if &*text == "2probe" => {
                if socket.text("3probe").await.is_err() {
                    self.probe = None;
                } else if let Transport::Polling(polling) = &self.transport {
                    polling.push(engine::encode(Kind::Noop, "")).map_err(|_| {
                        End::Close(CloseCode::Again, "slow consumer: polling queue full")
                    })?;
                }
                Ok(())
            }
            Message::Text(text) if &*text == "5" => self.complete_upgrade().await,
            Message::Ping(bytes) => {
                if socket.pong(bytes).await.is_err() {
                    self.probe = None;
                }
                Ok(())
            }
            _ => {
                self.probe = None;
                Ok(())
            }
        }
    }

    async fn complete_upgrade(&mut self) -> Result<(), End> {
        let Some(socket) = self.probe.take() else {
            return Ok(());
        };
        let old = std::mem::replace(&mut self.transport, Transport::WebSocket(socket));
        self.upgrades = None;
        if let Transport::Polling(polling) = old {
            self.state.socketio.remove(&self.sid);
            // Packets still waiting for a poll go first, in order.
            for packet in polling.drain() {
                self.queue(packet)?;
            }
            polling.close();
        }
        self.flush().await?;
        // Whatever the client POSTed before it switched is handled before its WebSocket
        // packets.
        if let Some(mut posted) = self.posted.take() {
            while let Ok(text) = posted.try_recv() {
                Box::pin(self.on_packet(&text)).await?;
            }
        }
        tracing::debug!(sid = %self.sid, "socket.io session upgraded to websocket");
        Ok(())
    }
}

async fn websocket_ready(transport: &Transport) -> std::io::Result<()> {
    match transport {
        Transport::WebSocket(socket) => socket.ready().await,
        Transport::Polling(_) => std::future::pending().await,
    }
}

async fn probe_ready(probe: &Option<Socket>) -> std::io::Result<()> {
    match probe {
        Some(socket) => socket.ready().await,
        None => std::future::pending().await,
    }
}

async fn recv<T>(rx: &mut Option<mpsc::Receiver<T>>) -> Option<T> {
    match rx {
        Some(rx) => rx.recv().await,
        None => std::future::pending().await,
    }
}
