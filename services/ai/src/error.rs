//! The ai service's one error enum and its problem+json mapping.

use actix_web::http::StatusCode;
use common::Problem;
use common::error::FieldError;
use common::http::CallError;
use diesel::result::Error as DieselError;
use diesel_async::pooled_connection::deadpool::PoolError;

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
    /// Inventory refused the debit (its problem is passed on, e.g. 409 insufficient_funds).
    #[error("inventory refused: {code}")]
    Inventory {
        /// Inventory's status.
        status: StatusCode,
        /// Its problem code.
        code: String,
        /// Its detail.
        detail: String,
    },
    /// The debit's outcome is unknown (inventory unreachable); the sweeper settles it.
    #[error("payment pending: {0:#}")]
    PaymentPending(anyhow::Error),
    /// A peer service could not be reached.
    #[error("dependency unavailable: {0:#}")]
    Dependency(anyhow::Error),
    /// No pooled database connection.
    #[error("database unavailable: {0}")]
    DatabaseUnavailable(#[from] PoolError),
    /// A query failed.
    #[error("database error: {0}")]
    Database(#[from] DieselError),
    /// Redis could not be reached or failed.
    #[error("redis unavailable: {0:#}")]
    Redis(anyhow::Error),
    /// Anything else that is our fault.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl From<redis::RedisError> for AiError {
    fn from(e: redis::RedisError) -> Self {
        AiError::Redis(e.into())
    }
}

impl From<CallError> for AiError {
    fn from(err: CallError) -> Self {
        match err {
            CallError::Status {
                status,
                problem: Some(p),
                ..
            } if status.is_client_error() => AiError::Inventory {
                status: StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::CONFLICT),
                code: p.code,
                detail: p.detail.unwrap_or_default(),
            },
            CallError::Unreachable { .. } => AiError::Dependency(err.into()),
            CallError::Status { status, .. } if status.is_server_error() => {
                AiError::Dependency(err.into())
            }
            other => AiError::Internal(other.into()),
        }
    }
}

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
            AiError::Inventory { status, .. } => *status,
            AiError::PaymentPending(_)
            | AiError::Dependency(_)
            | AiError::DatabaseUnavailable(_)
            | AiError::Redis(_) => StatusCode::SERVICE_UNAVAILABLE,
            AiError::Database(_) | AiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
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
            AiError::Inventory { code, detail, .. } => Problem::new(status, code).detail(detail),
            AiError::PaymentPending(e) => {
                tracing::warn!(error = %format!("{e:#}"), "debit outcome unknown");
                Problem::new(status, "payment_pending")
                    .public_detail(
                        "the payment could not be confirmed yet; the job runs if it went through, \
                         and nothing is charged otherwise",
                    )
                    .retry_after(5)
            }
            AiError::Dependency(e) => Problem::unavailable("dependency_unavailable", e),
            AiError::DatabaseUnavailable(e) => Problem::unavailable("database_unavailable", e),
            AiError::Redis(e) => Problem::unavailable("redis_unavailable", e),
            AiError::Database(e) => Problem::internal(e),
            AiError::Internal(e) => Problem::internal(e),
        }
    }
}
