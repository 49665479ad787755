//! Players' moves: one answer and one vote per round, inside their windows.

use super::*;

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
    let answer = conn
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
            let data = AnswerSubmitted {
                player_count: players,
                round_id: round.id,
                round_number: round.round_number,
                submitted_count: submitted,
            };
            enqueue(conn, &room.code, "answer_submitted", &data).await?;
            Ok(answer)
        })
        .await?;
    drop(conn);
    flushed(state).await;
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

pub(super) async fn answers_of(
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
    let (vote, counts) = conn
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
            let data = VoteUpdate {
                answer_id,
                round_id,
                vote_count: counts.0,
                votes_cast: counts.1,
            };
            enqueue(conn, &room.code, "vote_update", &data).await?;
            Ok((vote, counts))
        })
        .await?;
    drop(conn);
    flushed(state).await;
    Ok(VoteResponse {
        message: "Vote submitted".to_owned(),
        vote_id: vote.id,
        answer_id,
        vote_count: counts.0,
    })
}
