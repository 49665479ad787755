//! The room service's one error enum (rooms, the space, co-op and the voting game) and its
//! problem+json mapping.

use actix_web::http::StatusCode;
use common::Infra;
use common::Problem;
use common::error::FieldError;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

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
    /// A guest (a token-less JumpJumpJump connection) asked for more than co-op play.
    #[error("guests play co-op rooms only")]
    GuestNotAllowed,
    /// The gateway forwarded an action this service does not have.
    #[error("unknown action")]
    UnknownAction,
    /// `start` on a game that is running or over.
    #[error("game already started or finished")]
    AlreadyStarted,
    /// A round control before the start.
    #[error("game not started")]
    NotStarted,
    /// `next-round` after the last round.
    #[error("game finished")]
    Finished,
    /// No round with this id.
    #[error("round not found")]
    RoundNotFound,
    /// The voted answer is not one of the round's.
    #[error("answer not found")]
    AnswerNotFound,
    /// An answer outside the answer window.
    #[error("not accepting answers")]
    NotAcceptingAnswers,
    /// A vote outside the vote window.
    #[error("not accepting votes")]
    NotAcceptingVotes,
    /// A host control that does not apply to the round's phase.
    #[error("the round is {0}")]
    WrongPhase(String),
    /// A second answer in a round.
    #[error("already answered")]
    AlreadyAnswered,
    /// A second vote in a round.
    #[error("already voted")]
    AlreadyVoted,
    /// A vote for the voter's own answer.
    #[error("own answer")]
    OwnAnswer,
    /// The database, Redis or a peer failed, or a peer (inventory) refused on the player's
    /// behalf (its problem is passed on).
    #[error(transparent)]
    Infra(#[from] Infra),
}

common::infra_from!(RoomError);

impl RoomError {
    /// A failure that is our fault, not the client's.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        RoomError::Infra(Infra::internal(cause))
    }

    /// Whether a peer (inventory) refused the operation with a 4xx.
    pub fn is_peer_refusal(&self) -> bool {
        matches!(self, RoomError::Infra(infra) if infra.peer_refusal().is_some())
    }

    /// Whether a query hit a unique constraint (a concurrent insert won).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            RoomError::Infra(Infra::Database(DieselError::DatabaseError(
                DatabaseErrorKind::UniqueViolation,
                _
            )))
        )
    }

    /// Maps a named constraint violation of the voting game to its refusal; other errors pass
    /// through.
    pub fn on_constraint(e: DieselError) -> Self {
        if let DieselError::DatabaseError(kind, info) = &e {
            match (kind, info.constraint_name()) {
                (DatabaseErrorKind::UniqueViolation, Some("game_answers_round_user_key")) => {
                    return RoomError::AlreadyAnswered;
                }
                (DatabaseErrorKind::UniqueViolation, Some("game_votes_round_voter_key")) => {
                    return RoomError::AlreadyVoted;
                }
                (DatabaseErrorKind::CheckViolation, Some("game_votes_not_own_answer")) => {
                    return RoomError::OwnAnswer;
                }
                (DatabaseErrorKind::ForeignKeyViolation, Some("game_votes_answer_fkey")) => {
                    return RoomError::AnswerNotFound;
                }
                _ => {}
            }
        }
        e.into()
    }

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
            RoomError::NotAMember
            | RoomError::NotHost
            | RoomError::NotYourObject
            | RoomError::GuestNotAllowed => StatusCode::FORBIDDEN,
            RoomError::RoomFull | RoomError::RoomClosed | RoomError::CannotStart => {
                StatusCode::CONFLICT
            }
            RoomError::WrongKind | RoomError::NotPlaceable | RoomError::ReconnectFailed => {
                StatusCode::BAD_REQUEST
            }
            RoomError::RoundNotFound | RoomError::AnswerNotFound => StatusCode::NOT_FOUND,
            // The seed answered 400 for a self-vote; the shape is kept.
            RoomError::OwnAnswer => StatusCode::BAD_REQUEST,
            RoomError::AlreadyStarted
            | RoomError::NotStarted
            | RoomError::Finished
            | RoomError::NotAcceptingAnswers
            | RoomError::NotAcceptingVotes
            | RoomError::WrongPhase(_)
            | RoomError::AlreadyAnswered
            | RoomError::AlreadyVoted => StatusCode::CONFLICT,
            RoomError::Infra(infra) => infra.status_code(),
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
            RoomError::GuestNotAllowed => client(
                "guest_not_allowed",
                "guests play in co-op rooms only; sign in for anything else",
            ),
            RoomError::AlreadyStarted => {
                client("game_already_started", "Game already started or finished")
            }
            RoomError::NotStarted => client("game_not_started", "The game has not started"),
            RoomError::Finished => client("game_finished", "The game is over"),
            RoomError::RoundNotFound => client("round_not_found", "Round not found"),
            RoomError::AnswerNotFound => {
                client("answer_not_found", "Answer not found in this round")
            }
            RoomError::NotAcceptingAnswers => client(
                "not_accepting_answers",
                "Not accepting answers at this time",
            ),
            RoomError::NotAcceptingVotes => {
                client("not_accepting_votes", "Not accepting votes at this time")
            }
            RoomError::WrongPhase(phase) => Problem::new(status, "wrong_phase")
                .detail(format!("Not possible while the round is {phase}")),
            RoomError::AlreadyAnswered => client(
                "already_answered",
                "Already submitted an answer for this round",
            ),
            RoomError::AlreadyVoted => client("already_voted", "Already voted in this round"),
            RoomError::OwnAnswer => {
                client("cannot_vote_own_answer", "Cannot vote for your own answer")
            }
            RoomError::Infra(infra) => infra.into(),
        }
    }
}
