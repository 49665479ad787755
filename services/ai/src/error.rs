//! The ai service's one error enum and its problem+json mapping.

use actix_web::http::StatusCode;
use common::error::FieldError;
use common::{Infra, Problem};

/// Everything an ai endpoint can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum AiError {
    /// Some fields of the request are invalid.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// No job with this id belongs to the caller.
    #[error("job not found")]
    JobNotFound,
    /// No image with this id.
    #[error("image not found")]
    ImageNotFound,
    /// The job already finished.
    #[error("job is {0}")]
    NotCancellable(String),
    /// The caller has too many jobs queued or running.
    #[error("too many jobs in flight")]
    TooManyInFlight {
        /// The limit.
        limit: i64,
    },
    /// The caller used up their jobs for the day.
    #[error("daily job limit reached")]
    DailyLimit {
        /// The limit.
        limit: i64,
        /// Seconds until a slot frees up.
        retry_after: u64,
    },
    /// The debit's outcome is unknown (inventory unreachable); the sweeper settles it.
    #[error("payment pending: {0:#}")]
    PaymentPending(anyhow::Error),
    /// The database, Redis or a peer failed (a peer's 4xx, e.g. inventory's
    /// `insufficient_funds`, passes through).
    #[error(transparent)]
    Infra(#[from] Infra),
}

common::infra_from!(AiError);

impl AiError {
    /// One invalid field.
    pub fn field(field: &str, message: &str) -> Self {
        AiError::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }])
    }

    /// The HTTP status of each variant.
    pub fn status_code(&self) -> StatusCode {
        match self {
            AiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AiError::JobNotFound | AiError::ImageNotFound => StatusCode::NOT_FOUND,
            AiError::NotCancellable(_) => StatusCode::CONFLICT,
            AiError::TooManyInFlight { .. } | AiError::DailyLimit { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AiError::PaymentPending(_) => StatusCode::SERVICE_UNAVAILABLE,
            AiError::Infra(e) => e.status_code(),
        }
    }
}

impl From<AiError> for Problem {
    fn from(err: AiError) -> Self {
        let status = err.status_code();
        let client = |code: &'static str, detail: String| Problem::new(status, code).detail(detail);
        match err {
            AiError::Validation(errors) => Problem::validation(errors),
            AiError::JobNotFound => client("job_not_found", "no such job".to_owned()),
            AiError::ImageNotFound => client("image_not_found", "no such image".to_owned()),
            AiError::NotCancellable(status) => client(
                "job_not_cancellable",
                format!("the job is {status}; only queued or processing jobs can be cancelled"),
            ),
            AiError::TooManyInFlight { limit } => client(
                "too_many_jobs_in_flight",
                format!("at most {limit} jobs may be queued or processing at once"),
            )
            .retry_after(5),
            AiError::DailyLimit { limit, retry_after } => client(
                "daily_job_limit",
                format!("at most {limit} jobs may be created per 24 hours"),
            )
            .retry_after(retry_after.max(1)),
            AiError::PaymentPending(e) => {
                tracing::warn!(error = %format!("{e:#}"), "debit outcome unknown");
                Problem::new(status, "payment_pending")
                    .public_detail(
                        "the payment could not be confirmed yet; the job runs if it went through, \
                         and nothing is charged otherwise",
                    )
                    .retry_after(5)
            }
            AiError::Infra(e) => e.into(),
        }
    }
}
