//! HTTP routing: every public path is forwarded to the service that owns it, bodies streamed
//! both ways, with the request id, forwarding headers, a deadline per route class and rate
//! limits. A service that is down answers 502, a slow one 504, both as problem+json.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap, HeaderName};
use actix_web::{HttpRequest, HttpResponse, web};
use common::Problem;
use common::auth::token_from_request;
use common::telemetry::{REQUEST_ID_HEADER, current_request_id};
use futures_util::StreamExt;
use tokio::sync::mpsc;

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
    let route = upstream::route(req.path()).map_err(|e| match e {
        RouteError::Unknown => {
            Problem::not_found("not_found", format!("no route for {}", req.path()))
        }
        RouteError::Unsafe => Problem::bad_request(
            "invalid_path",
            "paths may not contain dot segments or encoded separators",
        ),
    })?;

    let ip = client_ip(&req, state.settings.trust_forwarded_for);
    let user = match token_from_request(&req) {
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

    let max_body = state.ctx.settings.http.max_body_bytes;
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

    let mut url = state.ctx.settings.peer(route.service).clone();
    url.set_path(req.path());
    url.set_query(Some(req.query_string()).filter(|q| !q.is_empty()));

    let method = reqwest::Method::from_bytes(req.method().as_str().as_bytes())
        .map_err(|_| Problem::bad_request("invalid_method", "unsupported HTTP method"))?;
    let deadline = match route.timeout {
        TimeoutClass::Normal => state.settings.timeout,
        TimeoutClass::Slow => state.settings.slow_timeout,
    };
    let mut upstream_req = state
        .client()
        .request(method, url)
        .timeout(deadline)
        .headers(forwarded_headers(req.headers(), ip, &req));

    let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
    let overflow = Arc::new(AtomicBool::new(false));
    match declared_len {
        Some(0) if !chunked => {}
        Some(len) if !chunked && len <= BUFFERED_BODY => {
            upstream_req = upstream_req.body(read_small_body(payload, len).await?);
        }
        _ if chunked || declared_len.is_some_and(|len| len > 0) => {
            upstream_req = upstream_req.body(reqwest::Body::wrap_stream(pump(
                payload,
                max_body,
                overflow.clone(),
            )));
        }
        _ => {}
    }

    let res = upstream_req.send().await.map_err(|e| {
        if overflow.load(Ordering::Relaxed) {
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
                .detail(format!("request bodies are limited to {max_body} bytes"))
        } else if e.is_timeout() {
            Problem::new(StatusCode::GATEWAY_TIMEOUT, "upstream_timeout").public_detail(format!(
                "the {} service did not answer in time",
                route.service
            ))
        } else {
            tracing::warn!(service = %route.service, error = %e, "upstream unreachable");
            Problem::new(StatusCode::BAD_GATEWAY, "upstream_unavailable")
                .retry_after(1)
                .public_detail(format!("the {} service is unavailable", route.service))
        }
    })?;

    let status = StatusCode::from_u16(res.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut out = HttpResponse::build(status);
    for (name, value) in res.headers() {
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
    let service = route.service;
    let interrupted = move |e: reqwest::Error| {
        tracing::warn!(service = %service, error = %e, "upstream body interrupted");
        actix_web::error::ErrorBadGateway("upstream body interrupted")
    };
    if res.content_length().is_some_and(|len| len <= BUFFERED_BODY) {
        // A small answer goes out in one write with its length, not as a chunked stream.
        let body = res.bytes().await.map_err(|e| {
            if e.is_timeout() {
                Problem::new(StatusCode::GATEWAY_TIMEOUT, "upstream_timeout")
                    .public_detail(format!("the {service} service did not answer in time"))
            } else {
                tracing::warn!(service = %service, error = %e, "upstream body interrupted");
                Problem::new(StatusCode::BAD_GATEWAY, "upstream_unavailable")
                    .public_detail(format!("the {service} service is unavailable"))
            }
        })?;
        return Ok(out.body(body));
    }
    Ok(out.streaming(
        res.bytes_stream()
            .map(move |chunk| chunk.map_err(interrupted)),
    ))
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
fn forwarded_headers(
    incoming: &HeaderMap,
    ip: IpAddr,
    req: &HttpRequest,
) -> reqwest::header::HeaderMap {
    let mut out = reqwest::header::HeaderMap::with_capacity(incoming.len() + 4);
    for (name, value) in incoming {
        let lower = name.as_str();
        if !forwardable(lower) || lower == "x-forwarded-for" || lower == REQUEST_ID_HEADER.as_str()
        {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            reqwest::header::HeaderName::from_bytes(lower.as_bytes()),
            reqwest::header::HeaderValue::from_bytes(value.as_bytes()),
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
        if let Ok(value) = reqwest::header::HeaderValue::from_str(&value) {
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
