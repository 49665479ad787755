//! What a voting game operation can answer besides success: the game's own refusals, and
//! everything a room operation can answer (wrapped, so the room's enum stays as it is).

use actix_web::http::StatusCode;
use common::Problem;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::pooled_connection::deadpool::PoolError;

use crate::error::RoomError;

/// A game refusal or a room error.
#[derive(Debug, thiserror::Error)]
pub enum GameError {
    /// Not found, not a member, not the host, invalid fields, infrastructure...
    #[error(transparent)]
    Room(#[from] RoomError),
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
}

impl From<DieselError> for GameError {
    fn from(e: DieselError) -> Self {
        GameError::Room(RoomError::Database(e))
    }
}

impl From<PoolError> for GameError {
    fn from(e: PoolError) -> Self {
        GameError::Room(RoomError::DatabaseUnavailable(e))
    }
}

impl GameError {
    /// Maps a named constraint violation to its refusal; other errors pass through.
    pub fn on_constraint(e: DieselError) -> Self {
        if let DieselError::DatabaseError(kind, info) = &e {
            match (kind, info.constraint_name()) {
                (DatabaseErrorKind::UniqueViolation, Some("game_answers_round_user_key")) => {
                    return GameError::AlreadyAnswered;
                }
                (DatabaseErrorKind::UniqueViolation, Some("game_votes_round_voter_key")) => {
                    return GameError::AlreadyVoted;
                }
                (DatabaseErrorKind::CheckViolation, Some("game_votes_not_own_answer")) => {
                    return GameError::OwnAnswer;
                }
                (DatabaseErrorKind::ForeignKeyViolation, Some("game_votes_answer_fkey")) => {
                    return GameError::AnswerNotFound;
                }
                _ => {}
            }
        }
        e.into()
    }

    /// The HTTP status of each variant.
    pub fn status_code(&self) -> StatusCode {
        match self {
            GameError::Room(e) => e.status_code(),
            GameError::RoundNotFound | GameError::AnswerNotFound => StatusCode::NOT_FOUND,
            // The seed answered 400 for a self-vote; the shape is kept.
            GameError::OwnAnswer => StatusCode::BAD_REQUEST,
            GameError::AlreadyStarted
            | GameError::NotStarted
            | GameError::Finished
            | GameError::NotAcceptingAnswers
            | GameError::NotAcceptingVotes
            | GameError::WrongPhase(_)
            | GameError::AlreadyAnswered
            | GameError::AlreadyVoted => StatusCode::CONFLICT,
        }
    }

    /// The problem code and detail (the seed's messages where it had one).
    pub fn code_and_detail(&self) -> (&'static str, String) {
        let (code, detail) = match self {
            GameError::Room(_) => ("", ""),
            GameError::AlreadyStarted => {
                ("game_already_started", "Game already started or finished")
            }
            GameError::NotStarted => ("game_not_started", "The game has not started"),
            GameError::Finished => ("game_finished", "The game is over"),
            GameError::RoundNotFound => ("round_not_found", "Round not found"),
            GameError::AnswerNotFound => ("answer_not_found", "Answer not found in this round"),
            GameError::NotAcceptingAnswers => (
                "not_accepting_answers",
                "Not accepting answers at this time",
            ),
            GameError::NotAcceptingVotes => {
                ("not_accepting_votes", "Not accepting votes at this time")
            }
            GameError::WrongPhase(phase) => {
                return (
                    "wrong_phase",
                    format!("Not possible while the round is {phase}"),
                );
            }
            GameError::AlreadyAnswered => (
                "already_answered",
                "Already submitted an answer for this round",
            ),
            GameError::AlreadyVoted => ("already_voted", "Already voted in this round"),
            GameError::OwnAnswer => ("cannot_vote_own_answer", "Cannot vote for your own answer"),
        };
        (code, detail.to_owned())
    }
}

impl From<GameError> for Problem {
    fn from(err: GameError) -> Self {
        let status = err.status_code();
        match err {
            GameError::Room(e) => e.into(),
            other => {
                let (code, detail) = other.code_and_detail();
                Problem::new(status, code).detail(detail)
            }
        }
    }
}
