//! What the voting party game publishes on `room:{code}` (re-exported by [`super::events`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `answer_submitted` (voting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerSubmitted {
    /// Members of the room.
    pub player_count: usize,
    /// The round.
    pub round_id: Uuid,
    /// Its number.
    pub round_number: i32,
    /// Answers so far.
    pub submitted_count: i64,
}

/// `vote_update` (voting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteUpdate {
    /// The answer voted for.
    pub answer_id: Uuid,
    /// The round.
    pub round_id: Uuid,
    /// Votes for the answer.
    pub vote_count: i64,
    /// Votes in the round.
    pub votes_cast: i64,
}

/// `game_started` and `round_started` (voting): the new round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundOpened {
    /// The answering deadline.
    pub ends_at: Option<DateTime<Utc>>,
    /// The prompt.
    pub question: String,
    /// The room's code.
    pub room_code: String,
    /// The round.
    pub round_id: Uuid,
    /// Its number.
    pub round_number: i32,
    /// `answering`.
    pub status: String,
    /// The answering window in seconds.
    pub time_limit: i32,
    /// Rounds in the game.
    pub total_rounds: i32,
}

/// One answer as `voting_started` lists it (anonymous).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VotingAnswer {
    /// The text.
    pub content: String,
    /// Vote with it.
    pub id: Uuid,
}

/// `voting_started` (voting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VotingStarted {
    /// The answers to vote on.
    pub answers: Vec<VotingAnswer>,
    /// The voting deadline.
    pub ends_at: Option<DateTime<Utc>>,
    /// `host` or `deadline`.
    pub reason: String,
    /// The round.
    pub round_id: Uuid,
    /// Its number.
    pub round_number: i32,
    /// `voting`.
    pub status: String,
    /// The voting window in seconds.
    pub time_limit: i32,
}

/// `round_ended` (voting).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RoundEnded<Score, Answer> {
    /// Whether it was the last round.
    pub is_final: bool,
    /// Scores so far.
    pub leaderboard: Vec<Score>,
    /// The prompt.
    pub question: String,
    /// `host` or `deadline`.
    pub reason: String,
    /// The answers with their authors and votes.
    pub results: Vec<Answer>,
    /// The round.
    pub round_id: Uuid,
    /// Its number.
    pub round_number: i32,
    /// Rounds in the game.
    pub total_rounds: i32,
}

/// `game_ended` (voting).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GameEnded<Score> {
    /// Final scores.
    pub final_leaderboard: Vec<Score>,
    /// The room's code.
    pub room_code: String,
    /// Rounds played.
    pub total_rounds: i32,
}
