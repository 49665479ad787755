//! The game's state machine: start, answers, votes and the phase changes the host asks for
//! or a passed deadline causes. Each change is one transaction around a conditional UPDATE;
//! only the writer that won it publishes, so every event goes out once. Results do not advance
//! by themselves: the host starts the next round, as in the seed (a departing host hands over).

use chrono::{Duration as ChronoDuration, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db::models::Room;
use crate::db::queries;
use crate::domain::{RoomCode, RoomKind};
use crate::error::RoomError;
use crate::game::db::{self as gdb, Answer, Round, Vote, VotingGame};
use crate::game::questions;
use crate::game::rules::{self, AnswerContent, CountedVote, Phase, RoundStatus, ScoreEntry};
use crate::game::views::{
    AnswerView, GameStateResponse, LeaderboardResponse, RoundEndedResponse, RoundResponse,
    RoundView, VoteResponse,
};
use crate::game::{bank, settings::MAX_WINDOW_SECS};
use crate::ops::rooms::{load, publish};
use crate::ops::views::RoomView;
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
        return Err(RoomError::WrongKind.into());
    }
    Ok(())
}

fn host_of(view: &RoomView, user: Uuid) -> Result<(), RoomError> {
    voting_room(view)?;
    if view.member(user).is_none() {
        return Err(RoomError::NotAMember.into());
    }
    if view.room.host_id != user {
        return Err(RoomError::NotHost.into());
    }
    Ok(())
}

fn member_of(view: &RoomView, user: Uuid) -> Result<(), RoomError> {
    voting_room(view)?;
    if view.member(user).is_none() {
        return Err(RoomError::NotAMember.into());
    }
    Ok(())
}

fn round_event(round: &Round, timing: Timing, room: &Room) -> Value {
    let r = RoundView::new(round, timing.window(round.status()));
    json!({
        "round_number": r.round_number,
        "question": r.question,
        "round_id": r.round_id,
        "time_limit": r.time_limit,
        "status": r.status,
        "ends_at": r.ends_at,
        "total_rounds": room.total_rounds,
        "room_code": room.code,
    })
}

/// `start_game`: host only, once; questions are chosen (ai, else our bank) and round 1 opens
/// for answers with its deadline.
pub async fn start(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
) -> Result<RoundResponse, RoomError> {
    let count = {
        let mut conn = state.conn().await?;
        let view = load(&mut conn, code).await?;
        host_of(&view, user)?;
        if view.room.status != "waiting" {
            return Err(RoomError::AlreadyStarted);
        }
        usize::try_from(view.room.total_rounds).unwrap_or(1).max(1)
    };
    // Asked outside the transaction: no lock is held while the ai service thinks.
    let chosen = questions::for_game(&state.internal, &state.settings.game, count).await;
    let mut conn = state.conn().await?;
    let (room, round, timing) = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let room = queries::lock_room(conn, code.as_str())
                .await?
                .ok_or(RoomError::RoomNotFound)?;
            if room.host_id != user {
                return Err(RoomError::NotHost.into());
            }
            if room.status != "waiting" {
                return Err(RoomError::AlreadyStarted);
            }
            let existing = gdb::game(conn, room.id).await?;
            let timing = Timing::of(state, existing.as_ref());
            let game = gdb::set_questions(
                conn,
                &VotingGame {
                    room_id: room.id,
                    answer_seconds: timing.answer_seconds,
                    vote_seconds: timing.vote_seconds,
                    questions: json!(chosen.questions),
                    question_source: chosen.source.to_owned(),
                    created_at: Utc::now(),
                },
            )
            .await?;
            let round = gdb::insert_round(
                conn,
                &Round {
                    id: Uuid::now_v7(),
                    room_id: room.id,
                    round_number: 1,
                    question: question_at(&game, 1)
                        .unwrap_or_else(|| bank::QUESTIONS[0].to_owned()),
                    status: RoundStatus::Answering.as_str().to_owned(),
                    started_at: Utc::now(),
                    ends_at: Some(deadline(timing.answer_seconds)),
                },
            )
            .await?;
            gdb::set_room_progress(conn, room.id, "active", 1).await?;
            Ok((room, round, timing))
        })
        .await?;
    tracing::info!(room = %room.code, source = chosen.source, "voting game started");
    publish(
        state,
        &room.code,
        "game_started",
        &round_event(&round, timing, &room),
    )
    .await;
    Ok(RoundResponse {
        message: "Game started".to_owned(),
        room_code: room.code.clone(),
        round: RoundView::new(&round, timing.answer_seconds),
        answers: None,
    })
}

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

/// `submit_answer`: one per player per round, inside the answer window.
pub async fn submit_answer(
    state: &AppState,
    user: Uuid,
    round_id: Uuid,
    content: &str,
) -> Result<AnswerView, RoomError> {
    let content = AnswerContent::parse(content)
        .ok_or_else(|| RoomError::field("content", "must be 1..=500 characters"))?;
    let mut conn = state.conn().await?;
    let (answer, room, round, submitted, players) = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let (round, room, name) = round_for_member(conn, user, round_id, true).await?;
            if !open_until_deadline(conn, &round, RoundStatus::Answering).await? {
                return Err(RoomError::NotAcceptingAnswers);
            }
            let answer = gdb::insert_answer(
                conn,
                &Answer {
                    // Random, not time-ordered: the listing order must not hint at authors.
                    id: Uuid::new_v4(),
                    round_id,
                    user_id: user,
                    author_name: name,
                    content: content.as_str().to_owned(),
                    submitted_at: Utc::now(),
                },
            )
            .await
            .map_err(RoomError::on_constraint)?;
            let submitted = gdb::answer_count(conn, round_id).await?;
            let players = queries::members(conn, room.id).await?.len();
            Ok((answer, room, round, submitted, players))
        })
        .await?;
    publish(
        state,
        &room.code,
        "answer_submitted",
        &json!({
            "submitted_count": submitted,
            "round_id": round.id,
            "round_number": round.round_number,
            "player_count": players,
        }),
    )
    .await;
    Ok(AnswerView::new(&answer, &[], Some(user), false))
}

/// `GET .../answers`: anonymous until the round ended, then with authors.
pub async fn list_answers(
    state: &AppState,
    user: Uuid,
    round_id: Uuid,
) -> Result<Vec<AnswerView>, RoomError> {
    let mut conn = state.conn().await?;
    let (round, _, _) = round_for_member(&mut conn, user, round_id, false).await?;
    answers_of(&mut conn, &round, Some(user)).await
}

async fn answers_of(
    conn: &mut AsyncPgConnection,
    round: &Round,
    viewer: Option<Uuid>,
) -> Result<Vec<AnswerView>, RoomError> {
    let answers = gdb::answers(conn, round.id).await?;
    let votes = gdb::votes(conn, round.id).await?;
    let reveal = round.status() == RoundStatus::Results;
    Ok(answers
        .iter()
        .map(|a| AnswerView::new(a, &votes, viewer, reveal))
        .collect())
}

/// `submit_vote`: one per player per round, inside the vote window, never for one's own
/// answer (checked here and by the database).
pub async fn vote(
    state: &AppState,
    user: Uuid,
    round_id: Uuid,
    answer_id: Uuid,
) -> Result<VoteResponse, RoomError> {
    let mut conn = state.conn().await?;
    let (vote, room, counts) = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let (round, room, _) = round_for_member(conn, user, round_id, true).await?;
            if !open_until_deadline(conn, &round, RoundStatus::Voting).await? {
                return Err(RoomError::NotAcceptingVotes);
            }
            let answer = gdb::answer_in_round(conn, round_id, answer_id)
                .await?
                .ok_or(RoomError::AnswerNotFound)?;
            if answer.user_id == user {
                return Err(RoomError::OwnAnswer);
            }
            let vote = gdb::insert_vote(
                conn,
                &Vote {
                    id: Uuid::now_v7(),
                    round_id,
                    voter_id: user,
                    answer_id,
                    author_id: answer.user_id,
                    created_at: Utc::now(),
                },
            )
            .await
            .map_err(RoomError::on_constraint)?;
            let counts = gdb::vote_counts(conn, round_id, answer_id).await?;
            Ok((vote, room, counts))
        })
        .await?;
    publish(
        state,
        &room.code,
        "vote_update",
        &json!({
            "answer_id": answer_id,
            "vote_count": counts.0,
            "round_id": round_id,
            "votes_cast": counts.1,
        }),
    )
    .await;
    Ok(VoteResponse {
        message: "Vote submitted".to_owned(),
        vote_id: vote.id,
        answer_id,
        vote_count: counts.0,
    })
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

/// `start_voting`: the host closes the answers early.
pub async fn open_voting(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    named: Option<Uuid>,
) -> Result<RoundResponse, RoomError> {
    let mut conn = state.conn().await?;
    let view = load(&mut conn, code).await?;
    host_of(&view, user)?;
    let round = current_round(&mut conn, &view, named).await?;
    let timing = Timing::of(state, gdb::game(&mut conn, view.room.id).await?.as_ref());
    let moved = gdb::transition(
        &mut conn,
        round.id,
        &[RoundStatus::Answering],
        RoundStatus::Voting,
        Some(deadline(timing.vote_seconds)),
        false,
    )
    .await?
    .ok_or_else(|| RoomError::WrongPhase(round.status.clone()))?;
    let answers = voting_opened(state, &mut conn, &view.room, &moved, timing, Cause::Host).await?;
    Ok(RoundResponse {
        message: "Voting started".to_owned(),
        room_code: view.room.code.clone(),
        round: RoundView::new(&moved, timing.vote_seconds),
        answers: Some(answers),
    })
}

async fn voting_opened(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    room: &Room,
    round: &Round,
    timing: Timing,
    cause: Cause,
) -> Result<Vec<AnswerView>, RoomError> {
    let answers = answers_of(conn, round, None).await?;
    let listed: Vec<Value> = answers
        .iter()
        .map(|a| json!({ "id": a.id, "content": a.content }))
        .collect();
    publish(
        state,
        &room.code,
        "voting_started",
        &json!({
            "round_id": round.id,
            "round_number": round.round_number,
            "answers": listed,
            "time_limit": timing.vote_seconds,
            "ends_at": round.ends_at,
            "status": "voting",
            "reason": cause.as_str(),
        }),
    )
    .await;
    Ok(answers)
}

/// Ends a round (from `from`), finishing the game after the last one, in one transaction.
async fn close_round(
    conn: &mut AsyncPgConnection,
    round_id: Uuid,
    from: &[RoundStatus],
    only_if_due: bool,
) -> Result<Option<(Round, Room, bool)>, RoomError> {
    conn.transaction::<_, RoomError, _>(async |conn| {
        let Some(round) = gdb::transition(
            conn,
            round_id,
            from,
            RoundStatus::Results,
            None,
            only_if_due,
        )
        .await?
        else {
            return Ok(None);
        };
        let room = gdb::room_by_id(conn, round.room_id)
            .await?
            .ok_or(RoomError::RoundNotFound)?;
        let last = round.round_number >= room.total_rounds;
        if last {
            gdb::finish_room(conn, room.id).await?;
        }
        Ok(Some((round, room, last)))
    })
    .await
}

async fn round_closed(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    room: &Room,
    round: &Round,
    last: bool,
    cause: Cause,
) -> Result<RoundEndedResponse, RoomError> {
    let results = answers_of(conn, round, None).await?;
    let board = scores(conn, room.id).await?;
    publish(
        state,
        &room.code,
        "round_ended",
        &json!({
            "round_number": round.round_number,
            "round_id": round.id,
            "question": round.question,
            "leaderboard": board,
            "results": results,
            "is_final": last,
            "total_rounds": room.total_rounds,
            "reason": cause.as_str(),
        }),
    )
    .await;
    if last {
        publish(
            state,
            &room.code,
            "game_ended",
            &json!({
                "final_leaderboard": board,
                "room_code": room.code,
                "total_rounds": room.total_rounds,
            }),
        )
        .await;
    }
    Ok(RoundEndedResponse {
        message: "Round ended".to_owned(),
        room_code: room.code.clone(),
        round_id: round.id,
        round_number: round.round_number,
        results,
        leaderboard: board,
        is_final: last,
    })
}

/// `end_round`: the host ends the round (answering or voting) and the points are out.
pub async fn end_round(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    named: Option<Uuid>,
) -> Result<RoundEndedResponse, RoomError> {
    let mut conn = state.conn().await?;
    let view = load(&mut conn, code).await?;
    host_of(&view, user)?;
    let round = current_round(&mut conn, &view, named).await?;
    let (moved, room, last) = close_round(
        &mut conn,
        round.id,
        &[RoundStatus::Answering, RoundStatus::Voting],
        false,
    )
    .await?
    .ok_or_else(|| RoomError::WrongPhase(round.status.clone()))?;
    round_closed(state, &mut conn, &room, &moved, last, Cause::Host).await
}

/// `next_round`: after a round's results, the host opens the next question.
pub async fn next_round(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
) -> Result<RoundResponse, RoomError> {
    let mut conn = state.conn().await?;
    let view = load(&mut conn, code).await?;
    host_of(&view, user)?;
    let (room, round, timing) = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let room = queries::lock_room(conn, code.as_str())
                .await?
                .ok_or(RoomError::RoomNotFound)?;
            let view = RoomView {
                room,
                members: Vec::new(),
            };
            let latest = current_round(conn, &view, None).await?;
            if latest.status() != RoundStatus::Results {
                return Err(RoomError::WrongPhase(latest.status.clone()));
            }
            let room = view.room;
            let number = latest.round_number + 1;
            if number > room.total_rounds {
                return Err(RoomError::Finished);
            }
            let game = gdb::game(conn, room.id).await?;
            let timing = Timing::of(state, game.as_ref());
            let question = match game.as_ref().and_then(|g| question_at(g, number)) {
                Some(q) => q,
                None => unused_bank_question(conn, room.id).await?,
            };
            let round = gdb::insert_round(
                conn,
                &Round {
                    id: Uuid::now_v7(),
                    room_id: room.id,
                    round_number: number,
                    question,
                    status: RoundStatus::Answering.as_str().to_owned(),
                    started_at: Utc::now(),
                    ends_at: Some(deadline(timing.answer_seconds)),
                },
            )
            .await?;
            gdb::set_room_progress(conn, room.id, "active", number).await?;
            Ok((room, round, timing))
        })
        .await?;
    publish(
        state,
        &room.code,
        "round_started",
        &round_event(&round, timing, &room),
    )
    .await;
    Ok(RoundResponse {
        message: "Round started".to_owned(),
        room_code: room.code.clone(),
        round: RoundView::new(&round, timing.answer_seconds),
        answers: None,
    })
}

/// A bank question the room has not had (a game whose stored list ran short).
async fn unused_bank_question(
    conn: &mut AsyncPgConnection,
    room: Uuid,
) -> Result<String, RoomError> {
    let asked = gdb::asked_questions(conn, room).await?;
    let (picked, _) = rules::choose_questions(
        &[],
        bank::QUESTIONS,
        bank::QUESTIONS.len(),
        &mut rand::thread_rng(),
    );
    Ok(picked
        .into_iter()
        .find(|q| !asked.iter().any(|a| a.eq_ignore_ascii_case(q)))
        .unwrap_or_else(|| bank::QUESTIONS[0].to_owned()))
}

/// Scores of a room: its members and every author, from votes of ended rounds.
async fn scores(conn: &mut AsyncPgConnection, room: Uuid) -> Result<Vec<ScoreEntry>, RoomError> {
    let mut players: Vec<(Uuid, String)> = queries::members(conn, room)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m.display_name))
        .collect();
    for (id, name) in gdb::authors(conn, room).await? {
        if !players.iter().any(|(p, _)| *p == id) {
            players.push((id, name));
        }
    }
    let votes: Vec<CountedVote> = gdb::counted_votes(conn, room)
        .await?
        .into_iter()
        .map(|(round_id, author_id)| CountedVote {
            round_id,
            author_id,
        })
        .collect();
    let latest_ended = gdb::latest_ended_round(conn, room).await?;
    Ok(rules::leaderboard(&players, &votes, latest_ended))
}

/// `GET /api/game/{code}/leaderboard`: points of the ended rounds.
pub async fn leaderboard(
    state: &AppState,
    code: &RoomCode,
) -> Result<LeaderboardResponse, RoomError> {
    let mut conn = state.conn().await?;
    let view = load(&mut conn, code).await?;
    voting_room(&view)?;
    Ok(LeaderboardResponse {
        scores: scores(&mut conn, view.room.id).await?,
        room_code: view.room.code.clone(),
        is_final: view.room.status == "finished",
    })
}

/// `GET /api/game/{code}`: the game as a reconnecting member needs it.
pub async fn game_state(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
) -> Result<GameStateResponse, RoomError> {
    let mut conn = state.conn().await?;
    let view = load(&mut conn, code).await?;
    member_of(&view, user)?;
    let timing = Timing::of(state, gdb::game(&mut conn, view.room.id).await?.as_ref());
    let latest = gdb::latest_round(&mut conn, view.room.id).await?;
    let (answers, votes) = match &latest {
        Some(r) => (
            answers_of(&mut conn, r, Some(user)).await?,
            gdb::votes(&mut conn, r.id).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let phase = rules::phase(&view.room.status, latest.as_ref().map(Round::status));
    Ok(GameStateResponse {
        room_code: view.room.code.clone(),
        status: view.room.status.clone(),
        phase,
        host_id: view.room.host_id,
        total_rounds: view.room.total_rounds,
        current_round: latest.as_ref().map_or(0, |r| r.round_number),
        answer_seconds: timing.answer_seconds,
        vote_seconds: timing.vote_seconds,
        round: latest
            .as_ref()
            .map(|r| RoundView::new(r, timing.window(r.status()))),
        submitted_count: answers.len(),
        has_answered: answers.iter().any(|a| a.is_own_answer),
        has_voted: votes.iter().any(|v| v.voter_id == user),
        answers: if phase == Phase::Answering {
            Vec::new()
        } else {
            answers
        },
        leaderboard: scores(&mut conn, view.room.id).await?,
        server_time: Utc::now(),
    })
}

/// Advances every round whose deadline passed: answering -> voting, voting -> results (and
/// the game's end after the last round). Returns how many this replica moved.
pub async fn advance_due(state: &AppState) -> Result<usize, RoomError> {
    let mut conn = state.conn().await?;
    let due = gdb::due_rounds(&mut conn, 100).await?;
    let mut moved = 0;
    for round in due {
        let outcome = match round.status() {
            RoundStatus::Answering => {
                let timing = Timing::of(state, gdb::game(&mut conn, round.room_id).await?.as_ref());
                let Some(next) = gdb::transition(
                    &mut conn,
                    round.id,
                    &[RoundStatus::Answering],
                    RoundStatus::Voting,
                    Some(deadline(timing.vote_seconds)),
                    true,
                )
                .await?
                else {
                    continue;
                };
                let Some(room) = gdb::room_by_id(&mut conn, next.room_id).await? else {
                    continue;
                };
                voting_opened(state, &mut conn, &room, &next, timing, Cause::Deadline)
                    .await
                    .map(|_| ())
            }
            RoundStatus::Voting => {
                let Some((next, room, last)) =
                    close_round(&mut conn, round.id, &[RoundStatus::Voting], true).await?
                else {
                    continue;
                };
                round_closed(state, &mut conn, &room, &next, last, Cause::Deadline)
                    .await
                    .map(|_| ())
            }
            RoundStatus::Results => continue,
        };
        // The phase change is committed; a failed publish only loses its event (clients
        // resynchronise with `GET /api/game/{code}`), and must not hold up other rooms.
        if let Err(e) = outcome {
            tracing::warn!(error = %format!("{e:#}"), round = %round.id, "round advanced, event not sent");
        }
        moved += 1;
    }
    Ok(moved)
}
