//! WebSocket handshakes, taken over before routing (`common::server::Routes::upgrade`): every
//! HTTP/1 request asking for an upgrade lands here with its socket. It is routed by path
//! (`/ws`, `/ws/room/{room_id}`, `/ws/battle/{battle_id}`, `/api/v1/ws`; `/socket.io/` goes to
//! [`crate::socketio::upgrade`]), authenticated and answered (101, or
//! problem+json as the routes would), and the connection then runs on its own task over a
//! [`Socket`], with none of the HTTP dispatcher's per-connection buffers left behind.
//!
//! Plain GETs of those paths (no upgrade asked) still reach the routes, which refuse them.

use std::sync::Arc;
use std::time::Instant;

use actix_codec::{Encoder, Framed};
use actix_http::body::{BodySize, MessageBody};
use actix_http::h1::{self, Message};
use actix_http::{ConnectionType, Method, Request, Response, ws};
use actix_web::http::header::HeaderValue;
use actix_web::rt::net::TcpStream;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use common::Problem;
use common::auth::{AccessClaims, TokenError, token_from_head, token_from_request};
use common::telemetry::{REQUEST_ID_HEADER, RequestId, with_request_id};
use tokio::io::AsyncWriteExt;
use tracing::Instrument;

use super::socket::{Socket, WRITE_TIMEOUT};
use super::{dialects, session};
use crate::state::GatewayState;

/// The WebSocket endpoints.
#[derive(Debug, PartialEq, Eq)]
enum Endpoint {
    /// `/ws`: the native protocol.
    Native,
    /// `/ws/room/{room_id}`: JumpJumpJump.
    Jjj(String),
    /// `/api/v1/ws`: the cafe.
    Cafe,
    /// `/ws/battle/{battle_id}`: the web game's battles.
    Battle(String),
}

impl Endpoint {
    fn of(path: &str) -> Option<Self> {
        match path {
            "/ws" => Some(Endpoint::Native),
            "/api/v1/ws" => Some(Endpoint::Cafe),
            _ => {
                let tail = |prefix: &str| {
                    path.strip_prefix(prefix)
                        .filter(|id| !id.is_empty() && !id.contains('/'))
                        .map(str::to_owned)
                };
                tail("/ws/room/")
                    .map(Endpoint::Jjj)
                    .or_else(|| tail("/ws/battle/").map(Endpoint::Battle))
            }
        }
    }
}

/// Who is connecting, as the endpoint requires.
enum Caller {
    /// A verified user, with the token it came with.
    User(AccessClaims, String),
    /// The cafe accepts anyone and closes bad tokens with 4001 after the handshake.
    Cafe(Option<AccessClaims>, String),
    /// A token-less JumpJumpJump connection (`JJJ_GUEST_ROOMS`): a guest with an id of its
    /// own for this connection, co-op rooms only.
    Guest,
}

/// Takes over one upgrade request: answers it and, after a 101, runs the connection.
pub async fn take_over(
    state: Arc<GatewayState>,
    req: Request,
    framed: Framed<TcpStream, h1::Codec>,
) {
    if crate::socketio::upgrade::is_endpoint(req.path()) {
        return crate::socketio::upgrade::take_over(state, req, framed).await;
    }
    let started = Instant::now();
    // The request id, span and access log the `request_context` middleware gives routed
    // requests.
    let id = req
        .head()
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(RequestId::from_header)
        .unwrap_or_default();
    let span = tracing::info_span!(
        "http",
        request_id = %id,
        method = %req.method(),
        path = %req.path(),
    );
    let parts = framed.into_parts();
    let (mut io, mut codec, received) = (parts.io, parts.codec, parts.read_buf);
    let accepted = with_request_id(id.clone(), accept(&state, &req))
        .instrument(span.clone())
        .await;
    let _entered = span.enter();
    let elapsed_ms = || started.elapsed().as_secs_f64() * 1000.0;
    let (endpoint, caller) = match accepted {
        Ok(accepted) => accepted,
        Err(problem) => {
            let status = problem.status_code();
            let response = with_request_id(id.clone(), async { problem.error_response() }).await;
            let _ = respond(&mut io, &mut codec, response.into(), &id).await;
            if status.is_server_error() {
                tracing::error!(status = status.as_u16(), error = %problem, "request failed");
            } else {
                tracing::info!(
                    status = status.as_u16(),
                    elapsed_ms = elapsed_ms(),
                    "request refused"
                );
            }
            return;
        }
    };
    let switching = match ws::handshake(req.head()) {
        Ok(mut builder) => builder.finish().map_into_boxed_body(),
        Err(_) => return,
    };
    if respond(&mut io, &mut codec, switching, &id).await.is_err() {
        tracing::debug!("client left during the handshake");
        return;
    }
    tracing::debug!(status = 101, elapsed_ms = elapsed_ms(), "request handled");
    drop(codec);
    let socket = Socket::new(io, received, state.settings.ws.max_frame_bytes);
    // Its own task, so the HTTP dispatcher that called us finishes and is freed; one spawn per
    // endpoint, so each task is only as large as its own protocol's future and keeps only
    // what that protocol needs (the native one neither the token nor the claims).
    match (endpoint, caller) {
        (Endpoint::Native, Caller::User(claims, _)) => {
            actix_web::rt::spawn(session::run(state, claims.sub, socket));
        }
        (Endpoint::Jjj(room), Caller::User(claims, token)) => {
            actix_web::rt::spawn(dialects::jjj::run(
                state, claims.sub, token, room, socket, false,
            ));
        }
        (Endpoint::Jjj(room), Caller::Guest) => {
            let guest = uuid::Uuid::new_v4();
            actix_web::rt::spawn(dialects::jjj::run(
                state,
                guest,
                String::new(),
                room,
                socket,
                true,
            ));
        }
        (Endpoint::Battle(id), Caller::User(claims, token)) => {
            actix_web::rt::spawn(dialects::battle::run(state, claims.sub, token, id, socket));
        }
        (Endpoint::Cafe, Caller::Cafe(claims, token)) => {
            actix_web::rt::spawn(dialects::cafe::run(state, claims, token, socket));
        }
        // `accept` pairs each endpoint with its caller.
        _ => {}
    }
}

/// Routes and authenticates an upgrade request; `Err` is the answer to give instead of a 101.
async fn accept(state: &GatewayState, req: &Request) -> Result<(Endpoint, Caller), Problem> {
    let detail = || format!("no route for {} {}", req.method(), req.path());
    let endpoint =
        Endpoint::of(req.path()).ok_or_else(|| Problem::not_found("not_found", detail()))?;
    if req.method() != Method::GET {
        return Err(Problem::new(
            actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        )
        .detail(detail()));
    }
    let token = token_from_head(req.head());
    let caller = match endpoint {
        Endpoint::Cafe => {
            let token = token.unwrap_or_default();
            let claims = state.ctx.auth.authenticate(&token).await.ok();
            Caller::Cafe(claims, token)
        }
        Endpoint::Jjj(_) if token.is_none() && state.settings.jjj_guest_rooms => Caller::Guest,
        Endpoint::Native | Endpoint::Jjj(_) | Endpoint::Battle(_) => {
            let token = token.ok_or(TokenError::Missing)?;
            let claims = state.ctx.auth.authenticate(&token).await?;
            Caller::User(claims, token)
        }
    };
    ws::handshake(req.head()).map_err(upgrade_required)?;
    Ok((endpoint, caller))
}

/// Writes a whole response (with the request id) through the HTTP/1 codec, within
/// [`WRITE_TIMEOUT`]; anything but a 101 closes the connection after it.
pub(crate) async fn respond(
    io: &mut TcpStream,
    codec: &mut h1::Codec,
    response: Response<actix_http::body::BoxBody>,
    id: &RequestId,
) -> std::io::Result<()> {
    let (mut head, body) = response.into_parts();
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        head.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    let upgraded = head.status() == actix_http::StatusCode::SWITCHING_PROTOCOLS;
    if !upgraded {
        head.head_mut().set_connection_type(ConnectionType::Close);
    }
    let body = body.try_into_bytes().unwrap_or_else(|_| Bytes::new());
    let size = if upgraded {
        BodySize::None
    } else {
        BodySize::Sized(body.len() as u64)
    };
    let mut out = BytesMut::new();
    codec.encode(Message::Item((head, size)), &mut out)?;
    if !body.is_empty() {
        codec.encode(Message::Chunk(Some(body)), &mut out)?;
    }
    let write = async {
        io.write_all(&out).await?;
        if !upgraded {
            io.shutdown().await?;
        }
        Ok(())
    };
    tokio::time::timeout(WRITE_TIMEOUT, write)
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))?
}

fn upgrade_required(err: ws::HandshakeError) -> Problem {
    Problem::bad_request("websocket_upgrade_required", err.to_string())
}

/// `GET /ws` and `GET /ws/room/{room_id}` without an upgrade: 401 without a valid token, else
/// 400 (the handshake is taken over before routing, so a request here never asked for one).
pub async fn refuse_plain_get(
    req: HttpRequest,
    state: web::Data<GatewayState>,
) -> Result<HttpResponse, Problem> {
    let token = token_from_request(&req).ok_or(TokenError::Missing)?;
    state.ctx.auth.authenticate(&token).await?;
    refuse_plain_get_anonymous(req).await
}

/// `GET /api/v1/ws` without an upgrade: 400 (the cafe checks its token after the handshake).
pub async fn refuse_plain_get_anonymous(req: HttpRequest) -> Result<HttpResponse, Problem> {
    Err(match ws::handshake(req.head()) {
        Err(err) => upgrade_required(err),
        Ok(_) => Problem::bad_request(
            "websocket_upgrade_required",
            "send the WebSocket handshake with `Connection: upgrade`",
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upgrade_paths_route_to_their_endpoint() {
        assert_eq!(Endpoint::of("/ws"), Some(Endpoint::Native));
        assert_eq!(Endpoint::of("/api/v1/ws"), Some(Endpoint::Cafe));
        assert_eq!(
            Endpoint::of("/ws/room/ABC123"),
            Some(Endpoint::Jjj("ABC123".to_owned()))
        );
        assert_eq!(
            Endpoint::of("/ws/battle/42"),
            Some(Endpoint::Battle("42".to_owned()))
        );
        for path in [
            "/ws/",
            "/ws/room/",
            "/ws/room/a/b",
            "/ws/battle/",
            "/healthz",
            "/api/rooms",
        ] {
            assert_eq!(Endpoint::of(path), None, "{path}");
        }
    }
}
