//! The leaderboard service's one error enum and its problem+json mapping.

use actix_web::http::StatusCode;
use common::error::FieldError;
use common::{Infra, Problem};

/// Everything a leaderboard endpoint can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum LeaderboardError {
    /// Some fields of the body are invalid.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// A query parameter is out of range or names no board.
    #[error("invalid query parameter")]
    InvalidQuery(Vec<FieldError>),
    /// No score under this player name.
    #[error("player not found")]
    PlayerNotFound,
    /// The caller has no entry on this board in this period.
    #[error("no score on this board")]
    NoScore,
    /// Auth does not know the caller (deleted account), so there is no username to default to.
    #[error("unknown user")]
    UnknownUser,
    /// Auth could not be asked for the caller's username.
    #[error("auth unavailable: {0:#}")]
    AuthUnavailable(anyhow::Error),
    /// Too many ranked answers are already being computed by PostgreSQL while the Redis ranks
    /// are rebuilt.
    #[error("ranks are being rebuilt")]
    RanksRebuilding,
    /// The `Idempotency-Key` stored a different score before.
    #[error("this idempotency key was already used for a different score")]
    IdempotencyKeyReused,
    /// The database, Redis or a peer failed.
    #[error(transparent)]
    Infra(#[from] Infra),
}

common::infra_from!(LeaderboardError);

impl LeaderboardError {
    /// A failure that is our fault, not the client's.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        LeaderboardError::Infra(Infra::internal(cause))
    }

    /// The database could not be reached.
    pub fn database_down(cause: impl Into<anyhow::Error>) -> Self {
        LeaderboardError::Infra(Infra::database_down(cause))
    }

    /// One invalid query parameter.
    pub fn query(field: &str, message: impl Into<String>) -> Self {
        LeaderboardError::InvalidQuery(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The HTTP status of each variant.
    pub fn status_code(&self) -> StatusCode {
        match self {
            LeaderboardError::Validation(_) | LeaderboardError::IdempotencyKeyReused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            LeaderboardError::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            LeaderboardError::PlayerNotFound | LeaderboardError::NoScore => StatusCode::NOT_FOUND,
            LeaderboardError::UnknownUser => StatusCode::FORBIDDEN,
            LeaderboardError::AuthUnavailable(_) | LeaderboardError::RanksRebuilding => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            LeaderboardError::Infra(infra) => infra.status_code(),
        }
    }
}

impl From<LeaderboardError> for Problem {
    fn from(err: LeaderboardError) -> Self {
        let status = err.status_code();
        let client = |code: &'static str, detail: &str| Problem::new(status, code).detail(detail);
        match err {
            LeaderboardError::Validation(errors) => Problem::validation(errors),
            LeaderboardError::InvalidQuery(errors) => {
                client("invalid_query", "a query parameter is invalid").errors(errors)
            }
            LeaderboardError::PlayerNotFound => client("player_not_found", "Player not found"),
            LeaderboardError::NoScore => {
                client("no_score", "you have no score on this board in this period")
            }
            LeaderboardError::UnknownUser => client(
                "unknown_user",
                "your account is unknown to auth; send a player_name",
            ),
            LeaderboardError::AuthUnavailable(e) => Problem::unavailable("username_unavailable", e)
                .public_detail(
                    "your username could not be looked up; retry, or send a player_name",
                ),
            LeaderboardError::RanksRebuilding => Problem::unavailable(
                "ranks_rebuilding",
                anyhow::anyhow!("too many ranked answers waiting for PostgreSQL"),
            )
            .public_detail("the ranks are being rebuilt; retry in a moment"),
            LeaderboardError::IdempotencyKeyReused => client(
                "idempotency_key_reused",
                "this Idempotency-Key stored a different score; use a new key for a new score",
            ),
            LeaderboardError::Infra(infra) => infra.into(),
        }
    }
}
