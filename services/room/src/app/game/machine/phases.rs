//! Phase changes: the start, voting opened early, a round ended, the next round, and the
//! deadlines every replica advances.

use super::*;
use serde_json::json;

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
                return Err(RoomError::NotHost);
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
            let data = round_event(&round, timing, &room);
            enqueue(conn, &room.code, "game_started", &data).await?;
            Ok((room, round, timing))
        })
        .await?;
    drop(conn);
    tracing::info!(room = %room.code, source = chosen.source, "voting game started");
    flushed(state).await;
    Ok(RoundResponse {
        message: "Game started".to_owned(),
        room_code: room.code.clone(),
        round: RoundView::new(&round, timing.answer_seconds),
        answers: None,
    })
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
    let (moved, answers) = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let moved = gdb::transition(
                conn,
                round.id,
                &[RoundStatus::Answering],
                RoundStatus::Voting,
                Some(deadline(timing.vote_seconds)),
                false,
            )
            .await?
            .ok_or_else(|| RoomError::WrongPhase(round.status.clone()))?;
            let answers = voting_opened(conn, &view.room, &moved, timing, Cause::Host).await?;
            Ok((moved, answers))
        })
        .await?;
    drop(conn);
    flushed(state).await;
    Ok(RoundResponse {
        message: "Voting started".to_owned(),
        room_code: view.room.code.clone(),
        round: RoundView::new(&moved, timing.vote_seconds),
        answers: Some(answers),
    })
}

/// Enqueues `voting_started`; call it in the transaction that opened the voting.
async fn voting_opened(
    conn: &mut AsyncPgConnection,
    room: &Room,
    round: &Round,
    timing: Timing,
    cause: Cause,
) -> Result<Vec<AnswerView>, RoomError> {
    let answers = answers_of(conn, round, None).await?;
    let listed: Vec<VotingAnswer> = answers
        .iter()
        .map(|a| VotingAnswer {
            content: a.content.clone(),
            id: a.id,
        })
        .collect();
    let data = VotingStarted {
        answers: listed,
        ends_at: round.ends_at,
        reason: cause.as_str().to_owned(),
        round_id: round.id,
        round_number: round.round_number,
        status: "voting".to_owned(),
        time_limit: timing.vote_seconds,
    };
    enqueue(conn, &room.code, "voting_started", &data).await?;
    Ok(answers)
}

/// Ends a round (from `from`), finishing the game after the last one, in one transaction
/// with its events; `None` when the round was not in `from` (or not due).
async fn close_round(
    conn: &mut AsyncPgConnection,
    round_id: Uuid,
    from: &[RoundStatus],
    only_if_due: bool,
    cause: Cause,
) -> Result<Option<RoundEndedResponse>, RoomError> {
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
        round_closed(conn, &room, &round, last, cause)
            .await
            .map(Some)
    })
    .await
}

/// Enqueues `round_ended` (and `game_ended`) and makes the answer; inside `close_round`.
async fn round_closed(
    conn: &mut AsyncPgConnection,
    room: &Room,
    round: &Round,
    last: bool,
    cause: Cause,
) -> Result<RoundEndedResponse, RoomError> {
    let results = answers_of(conn, round, None).await?;
    let board = scores(conn, room.id).await?;
    let ended = RoundEnded {
        is_final: last,
        leaderboard: board.iter().collect(),
        question: round.question.clone(),
        reason: cause.as_str().to_owned(),
        results: results.iter().collect(),
        round_id: round.id,
        round_number: round.round_number,
        total_rounds: room.total_rounds,
    };
    enqueue(conn, &room.code, "round_ended", &ended).await?;
    if last {
        let data = GameEnded {
            final_leaderboard: board.iter().collect(),
            room_code: room.code.clone(),
            total_rounds: room.total_rounds,
        };
        enqueue(conn, &room.code, "game_ended", &data).await?;
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
    let ended = close_round(
        &mut conn,
        round.id,
        &[RoundStatus::Answering, RoundStatus::Voting],
        false,
        Cause::Host,
    )
    .await?
    .ok_or_else(|| RoomError::WrongPhase(round.status.clone()))?;
    drop(conn);
    flushed(state).await;
    Ok(ended)
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
            let data = round_event(&round, timing, &room);
            enqueue(conn, &room.code, "round_started", &data).await?;
            Ok((room, round, timing))
        })
        .await?;
    drop(conn);
    flushed(state).await;
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

/// Advances every round whose deadline passed: answering -> voting, voting -> results (and
/// the game's end after the last round), each in one transaction with its events. Returns how
/// many this replica moved.
pub async fn advance_due(state: &AppState) -> Result<usize, RoomError> {
    let mut conn = state.conn().await?;
    let due = gdb::due_rounds(&mut conn, 100).await?;
    let mut moved = 0;
    for round in due {
        let advanced = match round.status() {
            RoundStatus::Answering => {
                let timing = Timing::of(state, gdb::game(&mut conn, round.room_id).await?.as_ref());
                conn.transaction::<_, RoomError, _>(async |conn| {
                    let Some(next) = gdb::transition(
                        conn,
                        round.id,
                        &[RoundStatus::Answering],
                        RoundStatus::Voting,
                        Some(deadline(timing.vote_seconds)),
                        true,
                    )
                    .await?
                    else {
                        return Ok(false);
                    };
                    let Some(room) = gdb::room_by_id(conn, next.room_id).await? else {
                        return Ok(true);
                    };
                    voting_opened(conn, &room, &next, timing, Cause::Deadline).await?;
                    Ok(true)
                })
                .await?
            }
            RoundStatus::Voting => close_round(
                &mut conn,
                round.id,
                &[RoundStatus::Voting],
                true,
                Cause::Deadline,
            )
            .await?
            .is_some(),
            RoundStatus::Results => false,
        };
        if advanced {
            moved += 1;
        }
    }
    if moved > 0 {
        state.outbox.wake();
    }
    Ok(moved)
}
