//! Engine.IO's long-polling transport: `GET /socket.io/?EIO=4&transport=polling` opens a
//! session (the body is the `open` packet); then `GET ...&sid=` waits for the server's packets
//! (joined with `\x1e`) and `POST ...&sid=` carries the client's.
//!
//! A session's state lives in this process: a map from sid to its [`Polling`] mailbox, owned
//! by the session's task, which removes it when the session ends (closed, upgraded to
//! WebSocket, or no pong within the ping timeout, so an abandoned session expires by itself).
//! With several gateway replicas, every request of one polling session must reach the replica
//! that holds it: sticky sessions (by `sid` or client address) at the load balancer; sessions
//! that start with, or upgrade to, WebSocket need nothing, as the socket itself stays put.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use common::auth::token_from_request;
use common::telemetry::ProtocolBody;
use futures_util::StreamExt;
use tokio::sync::{Notify, mpsc};

use super::engine::{self, HttpError, Kind, Query, SEPARATOR, TransportKind};
use super::session;
use crate::proxy::client_ip;
use crate::ratelimit::Caller;
use crate::state::GatewayState;
use crate::ws::socket::Socket;

/// Client packets one POST may carry; the mailbox holds as many.
pub const MAX_PACKETS_PER_POST: usize = 64;

/// The live polling sessions of this gateway, by sid.
#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<Arc<str>, Arc<Polling>>>,
}

impl Sessions {
    /// The session `sid`, if it is live and still polling.
    pub fn get(&self, sid: &str) -> Option<Arc<Polling>> {
        self.lock().get(sid).cloned()
    }

    /// Registers a new session unless `max` are already held.
    fn insert(&self, sid: Arc<str>, polling: Arc<Polling>, max: usize) -> bool {
        let mut map = self.lock();
        if map.len() >= max {
            return false;
        }
        map.insert(sid, polling);
        true
    }

    /// Forgets `sid` (its task ended or left polling).
    pub fn remove(&self, sid: &str) {
        self.lock().remove(sid);
    }

    /// Sessions held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether none are held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Arc<str>, Arc<Polling>>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Server packets waiting for the next GET.
#[derive(Default)]
struct Outbox {
    packets: VecDeque<String>,
    closed: bool,
}

/// A polling session's mailbox, shared by its task and the HTTP requests that carry it.
pub struct Polling {
    outbox: Mutex<Outbox>,
    /// Rung when the outbox gets a packet (or closes).
    ready: Notify,
    /// A GET is waiting (Engine.IO allows one at a time).
    polling: AtomicBool,
    /// Client packets, to the session's task.
    posted: mpsc::Sender<String>,
    /// A WebSocket opened with this session's sid, to the session's task (the upgrade).
    upgrades: mpsc::Sender<Socket>,
    /// Outbox bound: a client that stops polling is a slow consumer.
    capacity: usize,
}

/// The task's side of a [`Polling`] mailbox.
pub struct PollingInbound {
    /// Client packets, in order.
    pub posted: mpsc::Receiver<String>,
    /// Upgrade sockets.
    pub upgrades: mpsc::Receiver<Socket>,
}

/// The outbox is full: the client is not polling fast enough.
#[derive(Debug)]
pub struct Overflow;

impl Polling {
    /// A mailbox holding at most `capacity` server packets, with its task's side.
    pub fn new(capacity: usize) -> (Arc<Self>, PollingInbound) {
        let (posted_tx, posted) = mpsc::channel(MAX_PACKETS_PER_POST);
        let (upgrades_tx, upgrades) = mpsc::channel(1);
        let polling = Arc::new(Polling {
            outbox: Mutex::new(Outbox::default()),
            ready: Notify::new(),
            polling: AtomicBool::new(false),
            posted: posted_tx,
            upgrades: upgrades_tx,
            capacity,
        });
        (polling, PollingInbound { posted, upgrades })
    }

    fn outbox(&self) -> std::sync::MutexGuard<'_, Outbox> {
        self.outbox.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues a packet for the next GET.
    pub fn push(&self, packet: String) -> Result<(), Overflow> {
        {
            let mut outbox = self.outbox();
            if outbox.packets.len() >= self.capacity {
                return Err(Overflow);
            }
            outbox.packets.push_back(packet);
        }
        self.ready.notify_one();
        Ok(())
    }

    /// Takes every queued packet (when the session leaves polling for WebSocket).
    pub fn drain(&self) -> Vec<String> {
        self.outbox().packets.drain(..).collect()
    }

    /// Ends the mailbox: a waiting GET answers the Engine.IO `close` packet.
    pub fn close(&self) {
        self.outbox().closed = true;
        self.ready.notify_one();
    }

    /// Hands an upgrade socket to the session's task; `false` if one is already pending.
    pub fn offer_upgrade(&self, socket: Socket) -> bool {
        self.upgrades.try_send(socket).is_ok()
    }

    /// Waits up to `limit` for packets and answers them as one payload (`6`, a no-op, when
    /// none came, `1` once the session closed).
    async fn take(&self, limit: Duration) -> String {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            {
                let mut outbox = self.outbox();
                if !outbox.packets.is_empty() {
                    let packets: Vec<String> = outbox.packets.drain(..).collect();
                    return packets.join(&SEPARATOR.to_string());
                }
                if outbox.closed {
                    return engine::encode(Kind::Close, "");
                }
            }
            if tokio::time::timeout_at(deadline, self.ready.notified())
                .await
                .is_err()
            {
                return engine::encode(Kind::Noop, "");
            }
        }
    }
}

/// Clears the one-GET-at-a-time flag however the request ends (the client may go away).
struct PollGuard<'a>(&'a AtomicBool);

impl Drop for PollGuard<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// An Engine.IO error answer (`{code, message}`, kept as it is by the problem+json middleware).
pub fn refuse(status: StatusCode, error: HttpError) -> HttpResponse {
    let mut response = HttpResponse::build(status)
        .content_type(ContentType::json())
        .body(error.body());
    response.extensions_mut().insert(ProtocolBody);
    response
}

fn text(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::plaintext())
        .body(body)
}

/// `GET /socket.io/`: a polling handshake, or a poll of a session.
pub async fn get(req: HttpRequest, state: web::Data<GatewayState>) -> HttpResponse {
    let query = match Query::parse(req.query_string()) {
        Ok(query) => query,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e),
    };
    if query.transport != TransportKind::Polling {
        // A WebSocket transport request that did not ask for the upgrade.
        return refuse(StatusCode::BAD_REQUEST, HttpError::BadRequest);
    }
    let Some(sid) = query.sid else {
        return handshake(&req, state.into_inner()).await;
    };
    let Some(polling) = state.socketio.get(&sid) else {
        return refuse(StatusCode::BAD_REQUEST, HttpError::UnknownSid);
    };
    if polling.polling.swap(true, Ordering::AcqRel) {
        // Two polls at once is a broken client (Engine.IO closes the session too).
        let _ = polling.posted.try_send(engine::encode(Kind::Close, ""));
        return refuse(StatusCode::BAD_REQUEST, HttpError::BadRequest);
    }
    let _guard = PollGuard(&polling.polling);
    let limits = &state.settings.socketio;
    text(
        polling
            .take(limits.ping_interval + limits.ping_timeout)
            .await,
    )
}

/// Opens a polling session: the per-IP request limit applies (a session costs a task until it
/// expires), then its task starts and the body is the `open` packet.
async fn handshake(req: &HttpRequest, state: std::sync::Arc<GatewayState>) -> HttpResponse {
    let caller = Caller {
        ip: client_ip(req, state.settings.trust_forwarded_for),
        user: None,
        credential: false,
    };
    if state.limiter.check(&caller).await.is_err() {
        return refuse(StatusCode::TOO_MANY_REQUESTS, HttpError::BadRequest);
    }
    let sid: Arc<str> = Arc::from(session::new_sid());
    let (polling, inbound) = Polling::new(state.settings.ws.outbound_queue);
    let max = state.settings.socketio.max_polling_sessions;
    if !state.socketio.insert(sid.clone(), polling.clone(), max) {
        return refuse(StatusCode::SERVICE_UNAVAILABLE, HttpError::BadRequest);
    }
    let open = session::open_packet(&state, &sid, true);
    let hint = token_from_request(req);
    actix_web::rt::spawn(session::run_polling(state, sid, hint, polling, inbound));
    text(open)
}

/// `POST /socket.io/?sid=`: the client's packets, at most `maxPayload` bytes (the WebSocket
/// frame limit); a malformed or oversized body closes the session.
pub async fn post(
    req: HttpRequest,
    mut payload: web::Payload,
    state: web::Data<GatewayState>,
) -> HttpResponse {
    let query = match Query::parse(req.query_string()) {
        Ok(query) => query,
        Err(e) => return refuse(StatusCode::BAD_REQUEST, e),
    };
    let Some(sid) = query
        .sid
        .filter(|_| query.transport == TransportKind::Polling)
    else {
        return refuse(StatusCode::BAD_REQUEST, HttpError::BadHandshakeMethod);
    };
    let Some(polling) = state.socketio.get(&sid) else {
        return refuse(StatusCode::BAD_REQUEST, HttpError::UnknownSid);
    };
    let max = state.settings.ws.max_frame_bytes;
    let close = || {
        let _ = polling.posted.try_send(engine::encode(Kind::Close, ""));
    };
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let Ok(chunk) = chunk else {
            close();
            return refuse(StatusCode::BAD_REQUEST, HttpError::BadRequest);
        };
        if body.len() + chunk.len() > max {
            close();
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, HttpError::BadRequest);
        }
        body.extend_from_slice(&chunk);
    }
    let packets = std::str::from_utf8(&body)
        .ok()
        .and_then(|text| engine::decode_payload(text, max, MAX_PACKETS_PER_POST).ok());
    let Some(packets) = packets else {
        close();
        return refuse(StatusCode::BAD_REQUEST, HttpError::BadRequest);
    };
    for packet in packets {
        let raw = engine::encode(packet.kind, packet.data);
        if polling.posted.send(raw).await.is_err() {
            return refuse(StatusCode::BAD_REQUEST, HttpError::UnknownSid);
        }
    }
    HttpResponse::Ok()
        .content_type(ContentType::html())
        .body("ok")
}
