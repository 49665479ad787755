//! HTTP routing: every public path is forwarded to the service that owns it, bodies streamed
//! both ways, with the request id, forwarding headers, a deadline per route class and rate
//! limits. A service that is down answers 502, a slow one 504, both as problem+json.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName};
use actix_web::{HttpRequest, HttpResponse, web};
use common::auth::token_from_request;
use common::telemetry::{REQUEST_ID_HEADER, current_request_id};
use common::{Problem, ServiceName};
use futures_util::{StreamExt, TryStreamExt};
use http_body_util::{BodyDataStream, BodyExt, Empty, Full, StreamBody};
use hyper::body::{Body as _, Frame};
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout_at};

use crate::proxy_client::UpstreamBody;
use crate::ratelimit::Caller;
use crate::state::GatewayState;
use crate::upstream::{self, RouteError, TimeoutClass};

/// Headers that describe one hop and must not be forwarded (RFC 9110 §7.6.1), plus `host`.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
];

/// Bodies of at most this many bytes with a declared length are read whole and forwarded with
/// their length (one write, no chunked stream fed by a task); larger or unsized ones stream.
const BUFFERED_BODY: u64 = 64 * 1024;

fn forwardable(name: &str) -> bool {
    !HOP_BY_HOP.contains(&name)
}

/// The client's address: the peer, or the first `X-Forwarded-For` hop behind a trusted proxy.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> IpAddr {
    let forwarded = trust_forwarded_for
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|ip| ip.trim().parse().ok());
    forwarded
        .or_else(|| req.peer_addr().map(|a| a.ip()))
        .unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// Forwards any request under a routed prefix.
pub async fn forward(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<GatewayState>,
) -> Result<HttpResponse, Problem> {
    let target = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
    forward_to(&req, payload, state, target).await
}

/// Forwards `req` to `target` (a path and query) on the service that owns the target's path;
/// the seed path rewrites send a path other than the client's.
pub async fn forward_to(
    req: &HttpRequest,
    payload: web::Payload,
    state: web::Data<GatewayState>,
    target: &str,
) -> Result<HttpResponse, Problem> {
    let path = target.split_once('?').map_or(target, |(path, _)| path);
    let route = upstream::route(path).map_err(|e| match e {
        RouteError::Unknown => {
            Problem::not_found("not_found", format!("no route for {}", req.path()))
        }
        RouteError::Unsafe => Problem::bad_request(
            "invalid_path",
            "paths may not contain dot segments or encoded separators",
        ),
    })?;

    let key_identity = crate::seedkey::assess(req, &state)?;
    let ip = client_ip(req, state.settings.trust_forwarded_for);
    let user = match token_from_request(req) {
        Some(token) => state.verified_user(&token).await,
        None => None,
    };
    let caller = Caller {
        ip,
        user,
        credential: route.credential,
    };
    if let Err(retry_after) = state.limiter.check(&caller).await {
        return Err(Problem::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited")
            .detail("too many requests; retry later")
            .retry_after(retry_after));
    }

    let max_body = if route.upload {
        state.settings.max_upload_bytes
    } else {
        state.ctx.settings.http.max_body_bytes
    };
    let declared_len = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_len.is_some_and(|len| len > max_body as u64) {
        return Err(
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                .detail(format!("request bodies are limited to {max_body} bytes")),
        );
    }

    let uri = state
        .proxy
        .uri(route.service, target)
        .map_err(|_| Problem::bad_request("invalid_path", "the path cannot be forwarded"))?;
    let method = hyper::Method::from_bytes(req.method().as_str().as_bytes())
        .map_err(|_| Problem::bad_request("invalid_method", "unsupported HTTP method"))?;

    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    let overflow = Arc::new(AtomicBool::new(false));
    let body: UpstreamBody = match declared_len {
        Some(len) if !chunked && len > 0 && len <= BUFFERED_BODY => {
            Full::new(read_small_body(payload, len).await?)
                .map_err(|never| match never {})
                .boxed_unsync()
        }
        _ if chunked || declared_len.is_some_and(|len| len > 0) => {
            StreamBody::new(pump(payload, max_body, overflow.clone()).map_ok(Frame::data))
                .boxed_unsync()
        }
        _ => Empty::new().map_err(|never| match never {}).boxed_unsync(),
    };
    // Counted from the send, as before: a client's slow upload of a small body is not the
    // upstream's time.
    let deadline = Instant::now()
        + match route.timeout {
            TimeoutClass::Normal => state.settings.timeout,
            TimeoutClass::Slow => state.settings.slow_timeout,
        };
    let mut upstream_req = hyper::Request::new(body);
    *upstream_req.method_mut() = method;
    *upstream_req.uri_mut() = uri;
    *upstream_req.headers_mut() = forwarded_headers(req.headers(), ip, req);
    crate::seedkey::apply(upstream_req.headers_mut(), key_identity);

    let service = route.service;
    let res = match timeout_at(deadline, state.proxy.get().request(upstream_req)).await {
        Err(_) => return Err(timed_out(service)),
        Ok(Err(_)) if overflow.load(Ordering::Relaxed) => {
            return Err(
                Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                    .detail(format!("request bodies are limited to {max_body} bytes")),
            );
        }
        Ok(Err(e)) => {
            tracing::warn!(service = %service, error = %format!("{e:#}"), "upstream unreachable");
            return Err(unavailable(service));
        }
        Ok(Ok(res)) => res,
    };
    relay_answer(res, service, deadline).await
}

/// The upstream's answer for the client: its status and end-to-end headers, the body buffered
/// when small, else streamed; all of it by `deadline`.
async fn relay_answer(
    res: hyper::Response<hyper::body::Incoming>,
    service: ServiceName,
    deadline: Instant,
) -> Result<HttpResponse, Problem> {
    let (head, body) = res.into_parts();
    let status = StatusCode::from_u16(head.status.as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut out = HttpResponse::build(status);
    for (name, value) in &head.headers {
        if forwardable(name.as_str())
            && name.as_str() != "content-length"
            && let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_str().as_bytes()),
                header::HeaderValue::from_bytes(value.as_bytes()),
            )
        {
            out.append_header((name, value));
        }
    }
    if body
        .size_hint()
        .exact()
        .is_some_and(|len| len <= BUFFERED_BODY)
    {
        // A small answer goes out in one write with its length, not as a chunked stream.
        return match timeout_at(deadline, body.collect()).await {
            Err(_) => Err(timed_out(service)),
            Ok(Err(e)) => {
                tracing::warn!(service = %service, error = %e, "upstream body interrupted");
                Err(unavailable(service))
            }
            Ok(Ok(collected)) => Ok(out.body(collected.to_bytes())),
        };
    }
    // The deadline covers the whole answer, as it does a buffered one.
    let chunks = BodyDataStream::new(body);
    Ok(out.streaming(futures_util::stream::unfold(
        Some(chunks),
        move |chunks| async move {
            let mut chunks = chunks?;
            let failure = match timeout_at(deadline, chunks.next()).await {
                Ok(Some(Ok(chunk))) => return Some((Ok(chunk), Some(chunks))),
                Ok(None) => return None,
                Ok(Some(Err(e))) => e.to_string(),
                Err(_) => "deadline passed".to_owned(),
            };
            tracing::warn!(service = %service, error = %failure, "upstream body interrupted");
            // The error ends the answer; nothing is polled after it.
            Some((
                Err(actix_web::error::ErrorBadGateway(
                    "upstream body interrupted",
                )),
                None,
            ))
        },
    )))
}

/// 504: `service` did not answer by the route's deadline.
fn timed_out(service: ServiceName) -> Problem {
    Problem::new(StatusCode::GATEWAY_TIMEOUT, "upstream_timeout")
        .public_detail(format!("the {service} service did not answer in time"))
}

/// 502: `service` could not be reached or broke off its answer.
fn unavailable(service: ServiceName) -> Problem {
    Problem::new(StatusCode::BAD_GATEWAY, "upstream_unavailable")
        .retry_after(1)
        .public_detail(format!("the {service} service is unavailable"))
}

/// Reads a body of `len` declared bytes (at most [`BUFFERED_BODY`]) whole.
async fn read_small_body(mut payload: web::Payload, len: u64) -> Result<web::Bytes, Problem> {
    let mut body = web::BytesMut::with_capacity(usize::try_from(len).unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| Problem::bad_request("invalid_body", e.to_string()))?;
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The client's headers minus hop-by-hop ones, plus request id and forwarding headers.
fn forwarded_headers(incoming: &HeaderMap, ip: IpAddr, req: &HttpRequest) -> hyper::HeaderMap {
    let mut out = hyper::HeaderMap::with_capacity(incoming.len() + 4);
    for (name, value) in incoming {
        let lower = name.as_str();
        if !forwardable(lower) || lower == "x-forwarded-for" || lower == REQUEST_ID_HEADER.as_str()
        {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(lower.as_bytes()),
            hyper::header::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            out.append(name, value);
        }
    }
    let prior = incoming
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .filter(|_| req.peer_addr().is_none_or(|p| p.ip() != ip))
        .map(|v| format!("{v}, {ip}"))
        .unwrap_or_else(|| ip.to_string());
    let pairs = [
        ("x-forwarded-for", prior),
        (
            "x-forwarded-proto",
            req.connection_info().scheme().to_owned(),
        ),
        ("x-forwarded-host", req.connection_info().host().to_owned()),
        (
            "x-request-id",
            current_request_id()
                .map(|id| id.to_string())
                .unwrap_or_default(),
        ),
    ];
    for (name, value) in pairs {
        if let Ok(value) = hyper::header::HeaderValue::from_str(&value) {
            out.insert(name, value);
        }
    }
    out
}

/// Moves the client's body to the upstream request through a channel (actix's payload is tied
/// to its worker thread), stopping with an error once more than `limit` bytes arrived.
fn pump(
    mut payload: web::Payload,
    limit: usize,
    overflow: Arc<AtomicBool>,
) -> impl futures_util::Stream<Item = Result<web::Bytes, std::io::Error>> + Send + 'static {
    let (tx, rx) = mpsc::channel::<Result<web::Bytes, std::io::Error>>(8);
    actix_web::rt::spawn(async move {
        let mut seen = 0usize;
        while let Some(chunk) = payload.next().await {
            let item = match chunk {
                Ok(bytes) => {
                    seen += bytes.len();
                    if seen > limit {
                        overflow.store(true, Ordering::Relaxed);
                        Err(std::io::Error::other("request body too large"))
                    } else {
                        Ok(bytes)
                    }
                }
                Err(e) => Err(std::io::Error::other(e.to_string())),
            };
            let stop = item.is_err();
            if tx.send(item).await.is_err() || stop {
                return;
            }
        }
    });
    futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
}
