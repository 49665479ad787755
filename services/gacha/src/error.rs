//! The gacha service's one error enum and its problem+json mapping.

use actix_web::http::StatusCode;
use common::Infra;
use common::Problem;
use common::error::FieldError;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

/// Everything a gacha endpoint can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum GachaError {
    /// Some fields of the request are invalid.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// `count` is not 1 or 10 (the seed's 400).
    #[error("Count must be 1 or 10")]
    InvalidCount,
    /// A query parameter is malformed.
    #[error("{0}")]
    InvalidQuery(String),
    /// No such banner (or no current banner of the type asked for).
    #[error("banner not found")]
    BannerNotFound,
    /// The banner exists but is not open now (retired, not started or ended).
    #[error("the banner is not open for pulls")]
    BannerClosed,
    /// No such pull.
    #[error("pull not found")]
    PullNotFound,
    /// The player has fewer gems than the pull costs; nothing was spent.
    #[error("{0}")]
    InsufficientFunds(String),
    /// Another pull of the player's on this banner type is still being paid.
    #[error("another pull on this banner type is still in progress")]
    PullInProgress,
    /// The pull is recorded but inventory could not be reached: it will be completed or
    /// refunded; retrying with the same Idempotency-Key returns its outcome.
    #[error("pull {0} is recorded and waiting for inventory")]
    PullPending(Uuid),
    /// The key was used for a different pull.
    #[error("this idempotency key was already used for a different request")]
    IdempotencyKeyReused,
    /// The database, its pool, Redis or a peer failed.
    #[error(transparent)]
    Infra(#[from] Infra),
}

common::infra_from!(GachaError);

impl GachaError {
    /// One invalid field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        GachaError::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// An internal (500) failure.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        GachaError::Infra(Infra::internal(cause))
    }

    /// Whether this is a unique-constraint violation.
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            GachaError::Infra(Infra::Database(DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation,
                _
            )))
        )
    }

    /// The HTTP status of each variant.
    pub fn status_code(&self) -> StatusCode {
        use GachaError as E;
        match self {
            E::Validation(_) | E::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            E::InvalidCount | E::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            E::BannerNotFound | E::PullNotFound => StatusCode::NOT_FOUND,
            E::BannerClosed | E::InsufficientFunds(_) | E::PullInProgress => StatusCode::CONFLICT,
            E::PullPending(_) => StatusCode::SERVICE_UNAVAILABLE,
            E::Infra(infra) => infra.status_code(),
        }
    }

    /// The stable problem code of each client variant.
    pub fn code(&self) -> &'static str {
        use GachaError as E;
        match self {
            E::Validation(_) => "validation_failed",
            E::InvalidCount => "invalid_count",
            E::InvalidQuery(_) => "invalid_query",
            E::BannerNotFound => "banner_not_found",
            E::BannerClosed => "banner_closed",
            E::PullNotFound => "pull_not_found",
            E::InsufficientFunds(_) => "insufficient_funds",
            E::PullInProgress => "pull_in_progress",
            E::PullPending(_) => "pull_pending",
            E::IdempotencyKeyReused => "idempotency_key_reused",
            E::Infra(_) => "internal_error",
        }
    }
}

impl From<GachaError> for Problem {
    fn from(err: GachaError) -> Self {
        let status = err.status_code();
        match err {
            GachaError::Validation(errors) => Problem::validation(errors),
            GachaError::Infra(infra) => infra.into(),
            pending @ GachaError::PullPending(_) => Problem::new(status, pending.code())
                .public_detail(format!(
                    "{pending}; it will be completed or refunded, and a retry with the same Idempotency-Key returns its outcome"
                ))
                .retry_after(5),
            other => Problem::new(status, other.code()).detail(other.to_string()),
        }
    }
}
