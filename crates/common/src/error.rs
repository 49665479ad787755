//! Problem details (RFC 9457): the one error body every service answers with.
//!
//! Each service keeps its own error enum and converts it into a [`Problem`]; extractor errors
//! (bad JSON, path, query) are mapped here so they share the same body.

use std::borrow::Cow;
use std::fmt;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, error as actix_error, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::telemetry;

pub use crate::infra::Infra;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field's name (dotted path for nested fields).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// The JSON body of an error response.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProblemBody {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short human-readable summary of the problem type.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// Explanation specific to this occurrence; always sent (the title when nothing more
    /// specific applies), optional only when reading another service's body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable snake_case machine-readable code, e.g. `insufficient_funds`.
    pub code: String,
    /// The request id, for support and log correlation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Invalid fields, for validation errors.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub errors: Vec<FieldError>,
}

/// An error on its way to becoming a problem+json response.
pub struct Problem {
    status: StatusCode,
    code: Cow<'static, str>,
    detail: Option<String>,
    errors: Vec<FieldError>,
    retry_after: Option<u64>,
    /// A 5xx detail that is safe to show (e.g. which dependency is down).
    public: bool,
    /// Logged, never sent: the cause behind a 5xx.
    source: Option<anyhow::Error>,
}

impl Problem {
    /// A problem with a status and a stable code.
    pub fn new(status: StatusCode, code: impl Into<Cow<'static, str>>) -> Self {
        Problem {
            status,
            code: code.into(),
            detail: None,
            errors: Vec::new(),
            retry_after: None,
            public: false,
            source: None,
        }
    }

    /// Sets a detail that is shown even on a 5xx, because it reveals nothing internal.
    pub fn public_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self.public = true;
        self
    }

    /// Adds the human-readable detail (never for 5xx: those say only that something failed).
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Adds invalid fields.
    pub fn errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors;
        self
    }

    /// Adds a `Retry-After` header (seconds).
    pub fn retry_after(mut self, secs: u64) -> Self {
        self.retry_after = Some(secs);
        self
    }

    /// A 500 whose cause goes to the log only.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        let mut p = Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error");
        p.source = Some(cause.into());
        p
    }

    /// A 503: a dependency (database, Redis, a peer) is unreachable; the cause is logged.
    pub fn unavailable(code: &'static str, cause: impl Into<anyhow::Error>) -> Self {
        let mut p = Problem::new(StatusCode::SERVICE_UNAVAILABLE, code).retry_after(1);
        p.source = Some(cause.into());
        p
    }

    /// 400 with a code and detail.
    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, code).detail(detail)
    }

    /// 422 listing the invalid fields.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")
            .detail("the request has invalid fields")
            .errors(errors)
    }

    /// 401 with a code and detail.
    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::UNAUTHORIZED, code).detail(detail)
    }

    /// 403 with a code and detail.
    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::FORBIDDEN, code).detail(detail)
    }

    /// 404 with a code and detail.
    pub fn not_found(code: &'static str, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, code).detail(detail)
    }

    /// 409 with a code and detail.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Problem::new(StatusCode::CONFLICT, code).detail(detail)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable code.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The body as it will be sent, with the current request id.
    pub fn body(&self) -> ProblemBody {
        let detail = if self.status.is_server_error() && !self.public {
            // 5xx bodies never carry internals; the cause is logged with the request id.
            Some(
                "the server could not complete the request; quote the request id when reporting it"
                    .to_owned(),
            )
        } else {
            // Always a string a client can show as is (the web-game seed's client shows
            // `detail`): the status's title when nothing more specific was said.
            Some(
                self.detail
                    .clone()
                    .unwrap_or_else(|| title_of(self.status).to_owned()),
            )
        };
        ProblemBody {
            kind: format!("urn:gameplatform:problem:{}", self.code),
            title: title_of(self.status).to_owned(),
            status: self.status.as_u16(),
            detail,
            code: self.code.to_string(),
            request_id: telemetry::current_request_id().map(|id| id.to_string()),
            errors: self.errors.clone(),
        }
    }
}

/// The canonical reason phrase of a status, e.g. `Not Found`.
pub fn title_of(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

/// A problem response for a status alone, e.g. actix's own 404/405.
pub fn response_for_status(status: StatusCode, detail: Option<String>) -> HttpResponse {
    let code = title_of(status)
        .to_ascii_lowercase()
        .replace([' ', '-'], "_");
    let mut p = Problem::new(status, code);
    p.detail = detail;
    p.error_response()
}

impl fmt::Debug for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        if let Some(source) = &self.source {
            write!(f, ": {source:#}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        if let Some(secs) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        match serde_json::to_vec(&self.body()) {
            Ok(bytes) => res.body(bytes),
            Err(_) => res.finish(),
        }
    }
}

/// Maps a JSON body error to problem+json: 415 wrong content type, 413 too large, 400 malformed,
/// 422 well-formed JSON of the wrong shape.
pub fn json_error(err: actix_error::JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    use actix_error::JsonPayloadError as E;
    let problem = match &err {
        E::ContentType => {
            Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
                .detail("expected a body with Content-Type: application/json")
        }
        E::OverflowKnownLength { .. } | E::Overflow { .. } => {
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").detail(err.to_string())
        }
        E::Deserialize(inner) if inner.is_data() => {
            Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").detail(inner.to_string())
        }
        E::Deserialize(inner) => Problem::bad_request("malformed_json", inner.to_string()),
        _ => Problem::bad_request("invalid_body", err.to_string()),
    };
    problem.into()
}

/// Maps a path-parameter error (e.g. a malformed id) to a 400 problem.
pub fn path_error(err: actix_error::PathError, _req: &HttpRequest) -> actix_web::Error {
    Problem::bad_request("invalid_path_parameter", err.to_string()).into()
}

/// Maps a query-string error to a 400 problem.
pub fn query_error(err: actix_error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    Problem::bad_request("invalid_query", err.to_string()).into()
}

/// Maps a form-body error to a 400 problem.
pub fn form_error(err: actix_error::UrlencodedError, _req: &HttpRequest) -> actix_web::Error {
    Problem::bad_request("invalid_form", err.to_string()).into()
}

/// Extractor configurations that answer with problem+json; every service registers them.
pub fn extractor_configs(
    max_body_bytes: usize,
) -> (
    web::JsonConfig,
    web::PathConfig,
    web::QueryConfig,
    web::FormConfig,
) {
    (
        web::JsonConfig::default()
            .limit(max_body_bytes)
            .error_handler(json_error),
        web::PathConfig::default().error_handler(path_error),
        web::QueryConfig::default().error_handler(query_error),
        web::FormConfig::default()
            .limit(max_body_bytes)
            .error_handler(form_error),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_errors_hide_their_cause() {
        let p = Problem::internal(anyhow::anyhow!("password=hunter2 leaked"));
        let body = serde_json::to_string(&p.body()).unwrap();
        assert!(!body.contains("hunter2"));
        assert!(
            p.to_string().contains("hunter2"),
            "the log line keeps the cause"
        );
    }

    #[test]
    fn every_body_carries_a_string_detail_a_client_can_show() {
        let bare = Problem::new(StatusCode::CONFLICT, "room_full").body();
        assert_eq!(bare.detail.as_deref(), Some("Conflict"));
        let said = Problem::conflict("room_full", "the room is full").body();
        assert_eq!(said.detail.as_deref(), Some("the room is full"));
        let json = serde_json::to_value(Problem::new(StatusCode::NOT_FOUND, "x").body()).unwrap();
        assert!(json["detail"].is_string(), "{json}");
    }

    #[test]
    fn status_only_responses_get_a_snake_case_code() {
        let res = response_for_status(StatusCode::METHOD_NOT_ALLOWED, None);
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
    }
}
