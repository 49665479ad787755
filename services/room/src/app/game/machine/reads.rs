//! What a game looks like: scores and the state a reconnecting member needs.

use super::*;

/// Scores of a room: its members and every author, from votes of ended rounds.
pub(super) async fn scores(
    conn: &mut AsyncPgConnection,
    room: Uuid,
) -> Result<Vec<ScoreEntry>, RoomError> {
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
