//! Logging and request ids.
//!
//! Every request gets an id (the caller's `x-request-id` when it is sane, else a new UUID) that
//! is put on the request's span, echoed in the response, quoted in error bodies and forwarded on
//! internal calls. The same middleware turns any error response that is not problem+json yet
//! (actix's own 404/405, errors from extractors we do not configure) into problem+json, and
//! logs the cause of every 5xx once.

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use tracing::Instrument;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::error::{self, PROBLEM_JSON};
use crate::settings::LogFormat;

/// The header that carries the request id across services.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// Longest request id accepted from a caller; longer ones are replaced.
const MAX_REQUEST_ID_LEN: usize = 128;

/// Installs the global tracing subscriber: pretty lines in development, JSON in production.
///
/// Calling it twice is harmless (the second call does nothing), so tests may call it freely.
pub fn init(service: &str, format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn,h2=warn,hyper=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Json => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init(),
        LogFormat::Pretty => registry
            .with(tracing_subscriber::fmt::layer().compact())
            .try_init(),
    };
    if result.is_ok() {
        tracing::info!(service, "logging initialised");
    }
}

/// A request id, cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(Arc<str>);

impl RequestId {
    /// A fresh random id.
    pub fn new() -> Self {
        RequestId(Arc::from(uuid::Uuid::new_v4().to_string()))
    }

    /// Accepts a caller's id only when it is short and printable, so it cannot forge log lines.
    pub fn from_header(value: &HeaderValue) -> Option<Self> {
        let raw = value.to_str().ok()?;
        let sane = !raw.is_empty()
            && raw.len() <= MAX_REQUEST_ID_LEN
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
        sane.then(|| RequestId(Arc::from(raw)))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for RequestId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

tokio::task_local! {
    static CURRENT_REQUEST_ID: RequestId;
}

/// The id of the request being handled on this task, if any.
pub fn current_request_id() -> Option<RequestId> {
    CURRENT_REQUEST_ID.try_with(Clone::clone).ok()
}

/// Runs `fut` with `id` as the current request id (for work spawned outside a request).
pub async fn with_request_id<F: Future>(id: RequestId, fut: F) -> F::Output {
    CURRENT_REQUEST_ID.scope(id, fut).await
}

/// Marks an error response whose body a wire protocol defines (Engine.IO's `{code, message}`):
/// insert it in the response's extensions and [`request_context`] leaves the body as it is.
#[derive(Debug, Clone, Copy)]
pub struct ProtocolBody;

/// The outermost middleware of every service: request id, request span, access log, and
/// problem+json for every error response (except [`ProtocolBody`] ones).
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(&REQUEST_ID_HEADER)
        .and_then(RequestId::from_header)
        .unwrap_or_default();
    req.extensions_mut().insert(id.clone());
    let span = tracing::info_span!(
        "http",
        request_id = %id,
        method = %req.method(),
        path = %req.path(),
    );
    // Holding a clone of the request here would make actix panic (routing needs it unshared),
    // so an inner middleware's `Err` is rendered by actix itself; handler and extractor
    // errors arrive as `Ok` responses and are normalised below.
    let result = CURRENT_REQUEST_ID
        .scope(id.clone(), next.call(req).instrument(span.clone()))
        .await;
    let mut res = result?.map_into_boxed_body();

    let status = res.status();
    let _guard = span.enter();
    if status.is_server_error() {
        match res.response().error() {
            Some(err) => tracing::error!(status = status.as_u16(), error = %err, "request failed"),
            None => tracing::error!(status = status.as_u16(), "request failed"),
        }
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|ct| ct.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    let protocol = res.response().extensions().get::<ProtocolBody>().is_some();
    if (status.is_client_error() || status.is_server_error()) && !is_problem && !protocol {
        let detail = res
            .response()
            .error()
            .filter(|_| status.is_client_error())
            .map(|e| e.to_string())
            .filter(|d| !d.is_empty());
        let replacement = CURRENT_REQUEST_ID
            .sync_scope(id.clone(), || error::response_for_status(status, detail));
        res = res.into_response(replacement);
    }
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        res.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    // Successful requests log at debug so the hot path stays cheap at info level.
    if status.is_client_error() {
        tracing::info!(status = status.as_u16(), elapsed_ms, "request refused");
    } else if !status.is_server_error() {
        tracing::debug!(status = status.as_u16(), elapsed_ms, "request handled");
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_from_callers_are_checked() {
        let ok = HeaderValue::from_static("abc-123_x.y:z");
        assert_eq!(
            RequestId::from_header(&ok).unwrap().as_str(),
            "abc-123_x.y:z"
        );
        assert!(RequestId::from_header(&HeaderValue::from_static("has space")).is_none());
        let long = HeaderValue::from_str(&"a".repeat(129)).unwrap();
        assert!(RequestId::from_header(&long).is_none());
    }
}
