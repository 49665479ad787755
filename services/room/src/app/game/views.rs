//! How the game looks on the wire: the seed's response and event fields, plus deadlines.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::game::{Answer, Round, Vote};
use crate::domain::game::{Phase, ScoreEntry};

/// An answer as players see it: anonymous until the round's results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerView {
    /// Id (vote with it).
    pub id: Uuid,
    /// The text.
    pub content: String,
    /// Votes so far.
    pub vote_count: i64,
    /// Whether the caller wrote it.
    pub is_own_answer: bool,
    /// The author, only once the round ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_id: Option<Uuid>,
    /// The author's name, only once the round ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

impl AnswerView {
    /// `answer` for `viewer`, revealing the author when `reveal`.
    pub fn new(answer: &Answer, votes: &[Vote], viewer: Option<Uuid>, reveal: bool) -> Self {
        AnswerView {
            id: answer.id,
            content: answer.content.clone(),
            vote_count: i64::try_from(votes.iter().filter(|v| v.answer_id == answer.id).count())
                .unwrap_or(i64::MAX),
            is_own_answer: viewer == Some(answer.user_id),
            author_id: reveal.then_some(answer.user_id),
            username: reveal.then(|| answer.author_name.clone()),
        }
    }
}

/// A round's state.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoundView {
    /// Id (`/api/game/rounds/{id}/...`).
    pub round_id: Uuid,
    /// Same as `round_id`.
    pub id: Uuid,
    /// 1-based.
    pub round_number: i32,
    /// The prompt.
    pub question: String,
    /// `answering`, `voting` or `results`.
    pub status: String,
    /// The window of the current phase in seconds (0 in results).
    pub time_limit: i32,
    /// The current phase's deadline (none in results).
    pub ends_at: Option<DateTime<Utc>>,
    /// When the round started.
    pub started_at: DateTime<Utc>,
}

impl RoundView {
    /// `round` with its current window length.
    pub fn new(round: &Round, time_limit: i32) -> Self {
        RoundView {
            round_id: round.id,
            id: round.id,
            round_number: round.round_number,
            question: round.question.clone(),
            status: round.status.clone(),
            time_limit: if round.ends_at.is_some() {
                time_limit
            } else {
                0
            },
            ends_at: round.ends_at,
            started_at: round.started_at,
        }
    }
}

/// `GET /api/game/{code}`: everything a reconnecting client needs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GameStateResponse {
    /// The join code.
    pub room_code: String,
    /// `waiting`, `active` or `finished` (the room's status).
    pub status: String,
    /// Where the game is.
    pub phase: Phase,
    /// The host, who drives the phases.
    pub host_id: Uuid,
    /// Rounds in the game.
    pub total_rounds: i32,
    /// The latest round's number (0 before the start).
    pub current_round: i32,
    /// Answer window of this room, in seconds.
    pub answer_seconds: i32,
    /// Vote window of this room, in seconds.
    pub vote_seconds: i32,
    /// The latest round.
    pub round: Option<RoundView>,
    /// Its answers (anonymous until its results).
    pub answers: Vec<AnswerView>,
    /// How many answers the latest round has.
    pub submitted_count: usize,
    /// Whether the caller answered the latest round.
    pub has_answered: bool,
    /// Whether the caller voted in the latest round.
    pub has_voted: bool,
    /// Points of ended rounds.
    pub leaderboard: Vec<ScoreEntry>,
    /// The server's clock, to turn `ends_at` into a countdown.
    pub server_time: DateTime<Utc>,
}

/// `GET /api/game/{code}/leaderboard`
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeaderboardResponse {
    /// Highest first.
    pub scores: Vec<ScoreEntry>,
    /// The join code.
    pub room_code: String,
    /// Whether these are the final scores.
    pub is_final: bool,
}

/// A host control's or start's answer: the seed's message plus the round.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoundResponse {
    /// `Game started`, `Voting started` or `Round started`.
    pub message: String,
    /// The join code.
    pub room_code: String,
    /// The round.
    #[serde(flatten)]
    pub round: RoundView,
    /// The answers to vote on (when voting opened).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<AnswerView>>,
}

/// `end-round`'s answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoundEndedResponse {
    /// `Round ended`.
    pub message: String,
    /// The join code.
    pub room_code: String,
    /// The ended round.
    pub round_id: Uuid,
    /// Its number.
    pub round_number: i32,
    /// Its answers with their authors and votes.
    pub results: Vec<AnswerView>,
    /// Scores after it.
    pub leaderboard: Vec<ScoreEntry>,
    /// Whether it was the last round.
    pub is_final: bool,
}

/// `vote`'s answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VoteResponse {
    /// `Vote submitted`.
    pub message: String,
    /// The vote.
    pub vote_id: Uuid,
    /// The answer voted for.
    pub answer_id: Uuid,
    /// Its votes now.
    pub vote_count: i64,
}
