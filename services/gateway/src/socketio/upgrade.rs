//! Engine.IO's WebSocket transport, taken over with the gateway's other WebSocket handshakes
//! (`ws::upgrade::take_over` hands `/socket.io/` here): without a `sid` it opens a session
//! directly over WebSocket; with one it is the upgrade of that polling session, handed to the
//! session's task to be probed. Refusals are Engine.IO's `{code, message}` bodies.

use std::net::IpAddr;
use std::sync::Arc;

use actix_codec::Framed;
use actix_http::h1;
use actix_http::{Method, Request, ws};
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::rt::net::TcpStream;
use common::auth::token_from_head;
use common::telemetry::{REQUEST_ID_HEADER, RequestId};

use super::engine::{HttpError, Query, TransportKind};
use super::polling::{Polling, refuse};
use super::session;
use crate::ratelimit::Caller;
use crate::state::GatewayState;
use crate::ws::socket::Socket;
use crate::ws::upgrade::respond;

/// Whether an upgrade request is Socket.IO's.
pub fn is_endpoint(path: &str) -> bool {
    matches!(path, "/socket.io/" | "/socket.io")
}

/// What an accepted upgrade becomes.
enum Target {
    /// A new session, with the handshake's token (cookie) for a CONNECT without `auth`.
    Open(Option<String>),
    /// The upgrade of a polling session.
    Upgrade(Arc<Polling>),
}

/// Answers a `/socket.io/` upgrade request and, after the 101, runs or hands over the socket.
pub async fn take_over(
    state: Arc<GatewayState>,
    req: Request,
    framed: Framed<TcpStream, h1::Codec>,
) {
    let id = req
        .head()
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(RequestId::from_header)
        .unwrap_or_default();
    let parts = framed.into_parts();
    let (mut io, mut codec, received) = (parts.io, parts.codec, parts.read_buf);
    let peer = io.peer_addr().ok().map(|a| a.ip());
    let target = match accept(&state, &req, peer).await {
        Ok(target) => target,
        Err(response) => {
            tracing::debug!(
                status = response.status().as_u16(),
                "socket.io upgrade refused"
            );
            let _ = respond(&mut io, &mut codec, response.into(), &id).await;
            return;
        }
    };
    let switching = match ws::handshake(req.head()) {
        Ok(mut builder) => builder.finish().map_into_boxed_body(),
        Err(_) => return,
    };
    if respond(&mut io, &mut codec, switching, &id).await.is_err() {
        return;
    }
    drop(codec);
    let socket = Socket::new(io, received, state.settings.ws.max_frame_bytes);
    match target {
        Target::Open(hint) => {
            actix_web::rt::spawn(session::run_websocket(state, hint, socket));
        }
        Target::Upgrade(polling) => {
            // A second upgrade while one is being probed is dropped (its socket closes).
            let _ = polling.offer_upgrade(socket);
        }
    }
}

async fn accept(
    state: &GatewayState,
    req: &Request,
    peer: Option<IpAddr>,
) -> Result<Target, HttpResponse> {
    if req.method() != Method::GET {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            HttpError::BadHandshakeMethod,
        ));
    }
    let query = Query::parse(req.uri().query().unwrap_or_default())
        .map_err(|e| refuse(StatusCode::BAD_REQUEST, e))?;
    if query.transport != TransportKind::WebSocket || ws::handshake(req.head()).is_err() {
        return Err(refuse(StatusCode::BAD_REQUEST, HttpError::BadRequest));
    }
    if let Some(sid) = query.sid {
        return state
            .socketio
            .get(&sid)
            .map(Target::Upgrade)
            .ok_or_else(|| refuse(StatusCode::BAD_REQUEST, HttpError::UnknownSid));
    }
    // A session costs a task until it connects or times out: new ones count against the
    // client address's request limit, as polling handshakes do.
    let ip = client_ip(req, peer, state.settings.trust_forwarded_for);
    let caller = Caller {
        ip,
        user: None,
        credential: false,
    };
    if state.limiter.check(&caller).await.is_err() {
        return Err(refuse(StatusCode::TOO_MANY_REQUESTS, HttpError::BadRequest));
    }
    Ok(Target::Open(token_from_head(req.head())))
}

/// The peer, or the first `X-Forwarded-For` hop behind a trusted proxy (as `proxy::client_ip`).
fn client_ip(req: &Request, peer: Option<IpAddr>, trust_forwarded_for: bool) -> IpAddr {
    let forwarded = trust_forwarded_for
        .then(|| req.head().headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.trim().parse().ok());
    forwarded
        .or(peer)
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_socket_io_path_is_taken() {
        assert!(is_endpoint("/socket.io/") && is_endpoint("/socket.io"));
        assert!(!is_endpoint("/socket.io/x") && !is_endpoint("/ws"));
    }
}
