//! The game's state machine: start, answers, votes and the phase changes the host asks for
//! or a passed deadline causes. Each change is one transaction around a conditional UPDATE;
//! only the writer that won it publishes, so every event goes out once. Results do not advance
//! by themselves: the host starts the next round, as in the seed (a departing host hands over).
//!
//! `phases` moves rounds (start, voting, results, next round, deadlines), `play` takes answers
//! and votes, `reads` answers scores and the state of a game; what they share is here.

use chrono::{Duration as ChronoDuration, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use crate::app::base::{enqueue, flushed, load};
use crate::app::game::questions;
use crate::app::game::views::{
    AnswerView, GameStateResponse, LeaderboardResponse, RoundEndedResponse, RoundResponse,
    RoundView, VoteResponse,
};
use crate::app::views::RoomView;
use crate::db::game::{self as gdb, Answer, Round, Vote, VotingGame};
use crate::db::models::Room;
use crate::db::queries;
use crate::domain::game::{
    self as rules, AnswerContent, CountedVote, Phase, RoundStatus, ScoreEntry,
};
use crate::domain::question_bank as bank;
use crate::domain::{RoomCode, RoomKind};
use crate::error::RoomError;
use crate::events::{
    AnswerSubmitted, GameEnded, RoundEnded, RoundOpened, VoteUpdate, VotingAnswer, VotingStarted,
};
use crate::settings::game::MAX_WINDOW_SECS;
use crate::state::AppState;

/// Who caused a phase change (sent in events as `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The host's control.
    Host,
    /// The stored deadline passed.
    Deadline,
}

impl Cause {
    fn as_str(self) -> &'static str {
        match self {
            Cause::Host => "host",
            Cause::Deadline => "deadline",
        }
    }
}

/// A room's windows: its own (chosen at creation) or the settings' defaults.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Answer window, seconds.
    pub answer_seconds: i32,
    /// Vote window, seconds.
    pub vote_seconds: i32,
}

impl Timing {
    /// Checks windows a room creator asked for, filling in the defaults.
    pub fn requested(
        state: &AppState,
        answer_seconds: Option<i32>,
        vote_seconds: Option<i32>,
    ) -> Result<Self, RoomError> {
        let check = |field: &str, v: Option<i32>, default: i32| match v {
            None => Ok(default),
            Some(v) if (1..=MAX_WINDOW_SECS).contains(&v) => Ok(v),
            Some(_) => Err(RoomError::field(field, "must be 1..=600 seconds")),
        };
        Ok(Timing {
            answer_seconds: check(
                "answer_seconds",
                answer_seconds,
                state.settings.game.answer_seconds,
            )?,
            vote_seconds: check(
                "vote_seconds",
                vote_seconds,
                state.settings.game.vote_seconds,
            )?,
        })
    }

    fn of(state: &AppState, game: Option<&VotingGame>) -> Self {
        match game {
            Some(g) => Timing {
                answer_seconds: g.answer_seconds,
                vote_seconds: g.vote_seconds,
            },
            None => Timing {
                answer_seconds: state.settings.game.answer_seconds,
                vote_seconds: state.settings.game.vote_seconds,
            },
        }
    }

    fn window(self, status: RoundStatus) -> i32 {
        match status {
            RoundStatus::Answering => self.answer_seconds,
            RoundStatus::Voting => self.vote_seconds,
            RoundStatus::Results => 0,
        }
    }
}

/// Stores the windows a creator chose for a new voting room.
pub async fn configure(state: &AppState, room: Uuid, timing: Timing) -> Result<(), RoomError> {
    let mut conn = state.conn().await?;
    gdb::upsert_timing(&mut conn, room, timing.answer_seconds, timing.vote_seconds).await?;
    Ok(())
}

fn deadline(seconds: i32) -> chrono::DateTime<Utc> {
    Utc::now() + ChronoDuration::seconds(i64::from(seconds))
}

fn voting_room(view: &RoomView) -> Result<(), RoomError> {
    if view.kind() != RoomKind::Voting {
        return Err(RoomError::WrongKind);
    }
    Ok(())
}

fn host_of(view: &RoomView, user: Uuid) -> Result<(), RoomError> {
    voting_room(view)?;
    if view.member(user).is_none() {
        return Err(RoomError::NotAMember);
    }
    if view.room.host_id != user {
        return Err(RoomError::NotHost);
    }
    Ok(())
}

fn member_of(view: &RoomView, user: Uuid) -> Result<(), RoomError> {
    voting_room(view)?;
    if view.member(user).is_none() {
        return Err(RoomError::NotAMember);
    }
    Ok(())
}

fn round_event(round: &Round, timing: Timing, room: &Room) -> RoundOpened {
    let r = RoundView::new(round, timing.window(round.status()));
    RoundOpened {
        ends_at: r.ends_at,
        question: r.question,
        room_code: room.code.clone(),
        round_id: r.round_id,
        round_number: r.round_number,
        status: r.status,
        time_limit: r.time_limit,
        total_rounds: room.total_rounds,
    }
}

mod phases;
mod play;
mod reads;

pub use phases::{advance_due, end_round, next_round, open_voting, start};
use play::answers_of;
pub use play::{list_answers, submit_answer, vote};
use reads::scores;
pub use reads::{game_state, leaderboard};

fn question_at(game: &VotingGame, number: i32) -> Option<String> {
    let index = usize::try_from(number).ok()?.checked_sub(1)?;
    game.questions.get(index)?.as_str().map(str::to_owned)
}

/// The round, its room (a voting room the caller is in) and the caller's name.
async fn round_for_member(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    round_id: Uuid,
    lock: bool,
) -> Result<(Round, Room, String), RoomError> {
    let round = if lock {
        gdb::round_for_share(conn, round_id).await?
    } else {
        gdb::round(conn, round_id).await?
    }
    .ok_or(RoomError::RoundNotFound)?;
    let room = gdb::room_by_id(conn, round.room_id)
        .await?
        .ok_or(RoomError::RoundNotFound)?;
    let members = queries::members(conn, room.id).await?;
    let name = members
        .iter()
        .find(|m| m.user_id == user)
        .map(|m| m.display_name.clone())
        .ok_or(RoomError::NotAMember)?;
    Ok((round, room, name))
}

async fn open_until_deadline(
    conn: &mut AsyncPgConnection,
    round: &Round,
    status: RoundStatus,
) -> Result<bool, RoomError> {
    Ok(round.status() == status && gdb::before_deadline(conn, round.id).await?)
}

/// The room's latest round, checked against the round a client named (if any).
async fn current_round(
    conn: &mut AsyncPgConnection,
    view: &RoomView,
    named: Option<Uuid>,
) -> Result<Round, RoomError> {
    match view.room.status.as_str() {
        "waiting" => return Err(RoomError::NotStarted),
        "finished" => return Err(RoomError::Finished),
        _ => {}
    }
    let round = gdb::latest_round(conn, view.room.id)
        .await?
        .ok_or(RoomError::NotStarted)?;
    if named.is_some_and(|id| id != round.id) {
        return Err(RoomError::WrongPhase("over".to_owned()));
    }
    Ok(round)
}
