//! Rows and queries of the voting game's tables. Phase changes are conditional UPDATEs on
//! the round's status, so of two racing writers (host, deadline, replicas) exactly one wins.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use crate::db::schema::{game_answers, game_rounds, game_votes, rooms, voting_games};
use crate::domain::game::RoundStatus;

/// A room's game timing and questions.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = voting_games)]
pub struct VotingGame {
    /// The room.
    pub room_id: Uuid,
    /// Answer window.
    pub answer_seconds: i32,
    /// Vote window.
    pub vote_seconds: i32,
    /// One distinct question per round.
    pub questions: Value,
    /// `ai`, `bank` or `mixed`.
    pub question_source: String,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A round.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = game_rounds)]
pub struct Round {
    /// Id.
    pub id: Uuid,
    /// Its room.
    pub room_id: Uuid,
    /// 1-based.
    pub round_number: i32,
    /// The prompt.
    pub question: String,
    /// `answering`, `voting` or `results`.
    pub status: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// The current phase's deadline.
    pub ends_at: Option<DateTime<Utc>>,
}

impl Round {
    /// The stored status.
    pub fn status(&self) -> RoundStatus {
        RoundStatus::parse(&self.status).unwrap_or(RoundStatus::Results)
    }
}

/// An answer.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = game_answers)]
pub struct Answer {
    /// Id (random, so the order by id says nothing about who answered first).
    pub id: Uuid,
    /// Its round.
    pub round_id: Uuid,
    /// The author (never sent before the results).
    pub user_id: Uuid,
    /// The author's name.
    pub author_name: String,
    /// The text.
    pub content: String,
    /// When.
    pub submitted_at: DateTime<Utc>,
}

/// A vote.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = game_votes)]
pub struct Vote {
    /// Id.
    pub id: Uuid,
    /// Its round.
    pub round_id: Uuid,
    /// Who voted.
    pub voter_id: Uuid,
    /// For which answer.
    pub answer_id: Uuid,
    /// The answer's author (pinned to the answer by a foreign key; never the voter, by a CHECK).
    pub author_id: Uuid,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// The game row of a room.
pub async fn game(conn: &mut AsyncPgConnection, room: Uuid) -> QueryResult<Option<VotingGame>> {
    voting_games::table
        .find(room)
        .select(VotingGame::as_select())
        .first(conn)
        .await
        .optional()
}

/// Writes a room's timing (at creation), keeping questions already chosen.
pub async fn upsert_timing(
    conn: &mut AsyncPgConnection,
    room: Uuid,
    answer_seconds: i32,
    vote_seconds: i32,
) -> QueryResult<usize> {
    diesel::insert_into(voting_games::table)
        .values((
            voting_games::room_id.eq(room),
            voting_games::answer_seconds.eq(answer_seconds),
            voting_games::vote_seconds.eq(vote_seconds),
        ))
        .on_conflict(voting_games::room_id)
        .do_update()
        .set((
            voting_games::answer_seconds.eq(answer_seconds),
            voting_games::vote_seconds.eq(vote_seconds),
        ))
        .execute(conn)
        .await
}

/// Stores the questions chosen at the start (the timing row may not exist yet).
pub async fn set_questions(
    conn: &mut AsyncPgConnection,
    game: &VotingGame,
) -> QueryResult<VotingGame> {
    diesel::insert_into(voting_games::table)
        .values(game)
        .on_conflict(voting_games::room_id)
        .do_update()
        .set((
            voting_games::questions.eq(&game.questions),
            voting_games::question_source.eq(&game.question_source),
        ))
        .returning(VotingGame::as_returning())
        .get_result(conn)
        .await
}

/// Sets a room's status and current round.
pub async fn set_room_progress(
    conn: &mut AsyncPgConnection,
    room: Uuid,
    status: &str,
    round: i32,
) -> QueryResult<usize> {
    diesel::update(rooms::table.find(room))
        .set((rooms::status.eq(status), rooms::current_round.eq(round)))
        .execute(conn)
        .await
}

/// Marks a room's game as over.
pub async fn finish_room(conn: &mut AsyncPgConnection, room: Uuid) -> QueryResult<usize> {
    diesel::update(rooms::table.find(room))
        .set(rooms::status.eq("finished"))
        .execute(conn)
        .await
}

/// Inserts a round.
pub async fn insert_round(conn: &mut AsyncPgConnection, round: &Round) -> QueryResult<Round> {
    diesel::insert_into(game_rounds::table)
        .values(round)
        .returning(Round::as_returning())
        .get_result(conn)
        .await
}

/// A round by id.
pub async fn round(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Round>> {
    game_rounds::table
        .find(id)
        .select(Round::as_select())
        .first(conn)
        .await
        .optional()
}

/// A round by id, share-locked until the transaction ends: answers and votes hold it while a
/// phase change (an UPDATE of the row) waits for them, so none lands after its window closed.
pub async fn round_for_share(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Round>> {
    game_rounds::table
        .find(id)
        .select(Round::as_select())
        .for_share()
        .first(conn)
        .await
        .optional()
}

/// The room's latest round.
pub async fn latest_round(conn: &mut AsyncPgConnection, room: Uuid) -> QueryResult<Option<Round>> {
    game_rounds::table
        .filter(game_rounds::room_id.eq(room))
        .order(game_rounds::round_number.desc())
        .select(Round::as_select())
        .first(conn)
        .await
        .optional()
}

/// Moves a round from `from` to `to` with a new deadline, only if it still is in `from` (and,
/// for a deadline-driven change, only if its deadline passed). `None`: someone else moved it.
pub async fn transition(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    from: &[RoundStatus],
    to: RoundStatus,
    ends_at: Option<DateTime<Utc>>,
    only_if_due: bool,
) -> QueryResult<Option<Round>> {
    let from: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let target = game_rounds::table
        .filter(game_rounds::id.eq(id))
        .filter(game_rounds::status.eq_any(from));
    let set = (
        game_rounds::status.eq(to.as_str()),
        game_rounds::ends_at.eq(ends_at),
    );
    if only_if_due {
        diesel::update(target.filter(game_rounds::ends_at.le(diesel::dsl::now)))
            .set(set)
            .returning(Round::as_returning())
            .get_result(conn)
            .await
            .optional()
    } else {
        diesel::update(target)
            .set(set)
            .returning(Round::as_returning())
            .get_result(conn)
            .await
            .optional()
    }
}

/// Rounds whose answer or vote deadline passed, oldest first.
pub async fn due_rounds(conn: &mut AsyncPgConnection, limit: i64) -> QueryResult<Vec<Round>> {
    game_rounds::table
        .filter(game_rounds::status.eq_any(["answering", "voting"]))
        .filter(game_rounds::ends_at.le(diesel::dsl::now))
        .order(game_rounds::ends_at.asc())
        .limit(limit)
        .select(Round::as_select())
        .load(conn)
        .await
}

/// Inserts an answer.
pub async fn insert_answer(conn: &mut AsyncPgConnection, answer: &Answer) -> QueryResult<Answer> {
    diesel::insert_into(game_answers::table)
        .values(answer)
        .returning(Answer::as_returning())
        .get_result(conn)
        .await
}

/// A round's answers, in id order.
pub async fn answers(conn: &mut AsyncPgConnection, round: Uuid) -> QueryResult<Vec<Answer>> {
    game_answers::table
        .filter(game_answers::round_id.eq(round))
        .order(game_answers::id.asc())
        .select(Answer::as_select())
        .load(conn)
        .await
}

/// One answer of a round.
pub async fn answer_in_round(
    conn: &mut AsyncPgConnection,
    round: Uuid,
    answer: Uuid,
) -> QueryResult<Option<Answer>> {
    game_answers::table
        .filter(game_answers::round_id.eq(round))
        .filter(game_answers::id.eq(answer))
        .select(Answer::as_select())
        .first(conn)
        .await
        .optional()
}

/// Inserts a vote.
pub async fn insert_vote(conn: &mut AsyncPgConnection, vote: &Vote) -> QueryResult<Vote> {
    diesel::insert_into(game_votes::table)
        .values(vote)
        .returning(Vote::as_returning())
        .get_result(conn)
        .await
}

/// A round's votes.
pub async fn votes(conn: &mut AsyncPgConnection, round: Uuid) -> QueryResult<Vec<Vote>> {
    game_votes::table
        .filter(game_votes::round_id.eq(round))
        .select(Vote::as_select())
        .load(conn)
        .await
}

/// Votes of a room's ended rounds (the points that count), with their round.
pub async fn counted_votes(
    conn: &mut AsyncPgConnection,
    room: Uuid,
) -> QueryResult<Vec<(Uuid, Uuid)>> {
    game_votes::table
        .inner_join(game_rounds::table)
        .filter(game_rounds::room_id.eq(room))
        .filter(game_rounds::status.eq("results"))
        .select((game_votes::round_id, game_votes::author_id))
        .load(conn)
        .await
}

/// Authors (id, name) of a room's answers, so departed players keep their line.
pub async fn authors(conn: &mut AsyncPgConnection, room: Uuid) -> QueryResult<Vec<(Uuid, String)>> {
    game_answers::table
        .inner_join(game_rounds::table)
        .filter(game_rounds::room_id.eq(room))
        .select((game_answers::user_id, game_answers::author_name))
        .distinct()
        .load(conn)
        .await
}

/// A room by id.
pub async fn room_by_id(
    conn: &mut AsyncPgConnection,
    id: Uuid,
) -> QueryResult<Option<crate::db::models::Room>> {
    rooms::table
        .find(id)
        .select(crate::db::models::Room::as_select())
        .first(conn)
        .await
        .optional()
}

/// Questions already asked in a room.
pub async fn asked_questions(conn: &mut AsyncPgConnection, room: Uuid) -> QueryResult<Vec<String>> {
    game_rounds::table
        .filter(game_rounds::room_id.eq(room))
        .select(game_rounds::question)
        .load(conn)
        .await
}

/// How many answers a round has.
pub async fn answer_count(conn: &mut AsyncPgConnection, round: Uuid) -> QueryResult<i64> {
    game_answers::table
        .filter(game_answers::round_id.eq(round))
        .count()
        .get_result(conn)
        .await
}

/// How many votes an answer has, and how many the round has.
pub async fn vote_counts(
    conn: &mut AsyncPgConnection,
    round: Uuid,
    answer: Uuid,
) -> QueryResult<(i64, i64)> {
    let for_answer = game_votes::table
        .filter(game_votes::answer_id.eq(answer))
        .count()
        .get_result(conn)
        .await?;
    let in_round = game_votes::table
        .filter(game_votes::round_id.eq(round))
        .count()
        .get_result(conn)
        .await?;
    Ok((for_answer, in_round))
}

/// The id of the room's latest ended round.
pub async fn latest_ended_round(
    conn: &mut AsyncPgConnection,
    room: Uuid,
) -> QueryResult<Option<Uuid>> {
    game_rounds::table
        .filter(game_rounds::room_id.eq(room))
        .filter(game_rounds::status.eq("results"))
        .order(game_rounds::round_number.desc())
        .select(game_rounds::id)
        .first(conn)
        .await
        .optional()
}

/// Whether a round's deadline is still ahead by the database's clock, the clock the sweeper
/// closes windows by, so a replica's skewed clock cannot let a late answer or vote in.
pub async fn before_deadline(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        game_rounds::table
            .filter(game_rounds::id.eq(id))
            .filter(game_rounds::ends_at.gt(diesel::dsl::now)),
    ))
    .get_result(conn)
    .await
}
