//! The room service's one error enum and its problem+json mapping.

use actix_web::http::StatusCode;
use common::Problem;
use common::error::FieldError;
use common::http::CallError;
use diesel::result::Error as DieselError;
use diesel_async::pooled_connection::deadpool::PoolError;

/// Everything a room endpoint or action can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    /// Some fields of the request are invalid.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// No live room has this code.
    #[error("room not found")]
    RoomNotFound,
    /// The caller is not in the room.
    #[error("not a member of the room")]
    NotAMember,
    /// The room has no free slot.
    #[error("room is full")]
    RoomFull,
    /// The game started (or ended): the room takes no new players.
    #[error("room is not accepting new players")]
    RoomClosed,
    /// Only the host may do this.
    #[error("only the host may do this")]
    NotHost,
    /// The game cannot start yet.
    #[error("cannot start the game")]
    CannotStart,
    /// The action does not apply to this kind of room.
    #[error("wrong kind of room")]
    WrongKind,
    /// No such object in the room.
    #[error("object not found")]
    ObjectNotFound,
    /// Only the object's owner or the room host may do this.
    #[error("not your object")]
    NotYourObject,
    /// The inventory item cannot be placed (not furniture).
    #[error("item is not placeable")]
    NotPlaceable,
    /// Reconnect token unknown, or the window closed.
    #[error("reconnection failed")]
    ReconnectFailed,
    /// The gateway forwarded an action this service does not have.
    #[error("unknown action")]
    UnknownAction,
    /// Inventory refused (its problem is passed on).
    #[error("inventory refused: {code}")]
    Inventory {
        /// Inventory's status.
        status: StatusCode,
        /// Its problem code.
        code: String,
        /// Its detail.
        detail: String,
    },
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

impl From<redis::RedisError> for RoomError {
    fn from(e: redis::RedisError) -> Self {
        RoomError::Redis(e.into())
    }
}

impl From<CallError> for RoomError {
    fn from(err: CallError) -> Self {
        match err {
            CallError::Status {
                status,
                problem: Some(p),
                ..
            } if status.is_client_error() => RoomError::Inventory {
                status: StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::CONFLICT),
                code: p.code,
                detail: p.detail.unwrap_or_default(),
            },
            CallError::Unreachable { .. } => RoomError::Dependency(err.into()),
            CallError::Status { status, .. } if status.is_server_error() => {
                RoomError::Dependency(err.into())
            }
            other => RoomError::Internal(other.into()),
        }
    }
}

impl RoomError {
    /// One invalid field.
    pub fn field(field: &str, message: &str) -> Self {
        RoomError::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }])
    }

    /// The HTTP status of each variant.
    pub fn status_code(&self) -> StatusCode {
        match self {
            RoomError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            RoomError::RoomNotFound | RoomError::ObjectNotFound | RoomError::UnknownAction => {
                StatusCode::NOT_FOUND
            }
            RoomError::NotAMember | RoomError::NotHost | RoomError::NotYourObject => {
                StatusCode::FORBIDDEN
            }
            RoomError::RoomFull | RoomError::RoomClosed | RoomError::CannotStart => {
                StatusCode::CONFLICT
            }
            RoomError::WrongKind | RoomError::NotPlaceable | RoomError::ReconnectFailed => {
                StatusCode::BAD_REQUEST
            }
            RoomError::Inventory { status, .. } => *status,
            RoomError::Dependency(_) | RoomError::DatabaseUnavailable(_) | RoomError::Redis(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            RoomError::Database(_) | RoomError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<RoomError> for Problem {
    fn from(err: RoomError) -> Self {
        let status = err.status_code();
        let client = |code: &'static str, detail: &str| Problem::new(status, code).detail(detail);
        match err {
            RoomError::Validation(errors) => Problem::validation(errors),
            RoomError::RoomNotFound => client("room_not_found", "no room has this code"),
            RoomError::NotAMember => client("not_a_member", "you are not in this room"),
            RoomError::RoomFull => client("room_full", "Room is full"),
            RoomError::RoomClosed => client("room_closed", "Room is not accepting new players"),
            RoomError::NotHost => client("not_host", "only the host may do this"),
            RoomError::CannotStart => client(
                "cannot_start",
                "Cannot start game. All players must be ready and at least 2 players needed.",
            ),
            RoomError::WrongKind => client(
                "wrong_room_kind",
                "this does not apply to this kind of room",
            ),
            RoomError::ObjectNotFound => client("object_not_found", "no such object in this room"),
            RoomError::NotYourObject => client(
                "not_your_object",
                "only the object's owner or the room host may do this",
            ),
            RoomError::NotPlaceable => {
                client("not_placeable", "only furniture can be placed in a room")
            }
            RoomError::ReconnectFailed => client(
                "reconnect_failed",
                "Reconnection failed. Token invalid or session expired.",
            ),
            RoomError::UnknownAction => {
                client("unknown_action", "the room service has no such action")
            }
            RoomError::Inventory { code, detail, .. } => Problem::new(status, code).detail(detail),
            RoomError::Dependency(e) => Problem::unavailable("dependency_unavailable", e),
            RoomError::DatabaseUnavailable(e) => Problem::unavailable("database_unavailable", e),
            RoomError::Redis(e) => Problem::unavailable("redis_unavailable", e),
            RoomError::Database(e) => Problem::internal(e),
            RoomError::Internal(e) => Problem::internal(e),
        }
    }
}
