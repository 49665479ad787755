//! Queries of the leaderboard database. Each takes a connection, so the caller owns the
//! transaction. The ranked queries answer while Redis is being rebuilt; each is served by an
//! index of the migration (board order, board + player, period window).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::models::{Count, InsertedScore, NewScore, Score};
use super::schema::scores;
use crate::domain::{BoardKind, PeriodWindow, RankKey};

/// Inserts a score and reads the player's previous best on the board, in one statement.
pub async fn insert_score(
    conn: &mut AsyncPgConnection,
    new: &NewScore<'_>,
) -> QueryResult<InsertedScore> {
    // The CTE's SELECT sees the table as it was before the INSERT, so `best` excludes the new row.
    diesel::sql_query(
        "WITH prev AS (SELECT max(score) AS best FROM scores WHERE game_mode = $1 AND user_id = $2), \
         ins AS (INSERT INTO scores (user_id, player_name, score, coins, enemies_defeated, distance, \
                 level, game_mode, created_at) VALUES ($2, $3, $4, $5, $6, $7, $8, $1, $9) RETURNING *) \
         SELECT ins.*, prev.best AS previous_best FROM ins, prev",
    )
    .bind::<Text, _>(new.game_mode)
    .bind::<SqlUuid, _>(new.user_id)
    .bind::<Text, _>(new.player_name)
    .bind::<BigInt, _>(new.score)
    .bind::<BigInt, _>(new.coins)
    .bind::<BigInt, _>(new.enemies_defeated)
    .bind::<BigInt, _>(new.distance)
    .bind::<BigInt, _>(new.level)
    .bind::<Timestamptz, _>(new.created_at)
    .get_result(conn)
    .await
}

/// The scores with these ids, in no particular order.
pub async fn scores_by_ids(conn: &mut AsyncPgConnection, ids: &[i64]) -> QueryResult<Vec<Score>> {
    scores::table
        .filter(scores::id.eq_any(ids))
        .select(Score::as_select())
        .load(conn)
        .await
}

/// The best score submitted under `player_name` (on `game_mode` when given).
pub async fn best_by_player_name(
    conn: &mut AsyncPgConnection,
    player_name: &str,
    game_mode: Option<&str>,
) -> QueryResult<Option<Score>> {
    let mut query = scores::table
        .filter(scores::player_name.eq(player_name))
        .into_boxed();
    if let Some(mode) = game_mode {
        query = query.filter(scores::game_mode.eq(mode));
    }
    query
        .order((
            scores::score.desc(),
            scores::created_at.asc(),
            scores::id.asc(),
        ))
        .select(Score::as_select())
        .first(conn)
        .await
        .optional()
}

/// A player's best entry on a board within a period.
pub async fn user_best(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    user_id: Uuid,
    window: &PeriodWindow,
) -> QueryResult<Option<Score>> {
    scores::table
        .filter(scores::game_mode.eq(game_mode))
        .filter(scores::user_id.eq(user_id))
        .filter(scores::created_at.ge(window.start))
        .filter(scores::created_at.lt(window.end_or_max()))
        .order((
            scores::score.desc(),
            scores::created_at.asc(),
            scores::id.asc(),
        ))
        .select(Score::as_select())
        .first(conn)
        .await
        .optional()
}

/// The entries of a board in a period as SQL: every score, or each player's best.
fn entries_sql(kind: BoardKind) -> &'static str {
    match kind {
        BoardKind::All => {
            "SELECT * FROM scores WHERE game_mode = $1 AND created_at >= $2 AND created_at < $3"
        }
        BoardKind::Best => {
            "SELECT DISTINCT ON (user_id) * FROM scores \
             WHERE game_mode = $1 AND created_at >= $2 AND created_at < $3 \
             ORDER BY user_id, score DESC, created_at, id"
        }
    }
}

/// Entries `offset..offset + limit` of a board in a period, in rank order.
pub async fn ranked_page(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    kind: BoardKind,
    window: &PeriodWindow,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Score>> {
    diesel::sql_query(format!(
        "SELECT * FROM ({}) e ORDER BY score DESC, created_at, id LIMIT $4 OFFSET $5",
        entries_sql(kind)
    ))
    .bind::<Text, _>(game_mode)
    .bind::<Timestamptz, _>(window.start)
    .bind::<Timestamptz, _>(window.end_or_max())
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(offset)
    .load(conn)
    .await
}

/// How many entries of a board in a period rank above the entry `key`.
pub async fn count_ahead(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    kind: BoardKind,
    window: &PeriodWindow,
    key: &RankKey,
) -> QueryResult<i64> {
    let created_at = DateTime::<Utc>::from_timestamp_millis(key.created_ms).unwrap_or_default();
    let count: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM ({}) e \
         WHERE e.score > $4 OR (e.score = $4 AND (e.created_at, e.id) < ($5, $6))",
        entries_sql(kind)
    ))
    .bind::<Text, _>(game_mode)
    .bind::<Timestamptz, _>(window.start)
    .bind::<Timestamptz, _>(window.end_or_max())
    .bind::<BigInt, _>(key.score)
    .bind::<Timestamptz, _>(created_at)
    .bind::<BigInt, _>(key.id)
    .get_result(conn)
    .await?;
    Ok(count.n)
}

/// How many entries of a board in a period have a score of at least `min_score`.
pub async fn count_at_least(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    kind: BoardKind,
    window: &PeriodWindow,
    min_score: i64,
) -> QueryResult<i64> {
    let count: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM ({}) e WHERE e.score >= $4",
        entries_sql(kind)
    ))
    .bind::<Text, _>(game_mode)
    .bind::<Timestamptz, _>(window.start)
    .bind::<Timestamptz, _>(window.end_or_max())
    .bind::<BigInt, _>(min_score)
    .get_result(conn)
    .await?;
    Ok(count.n)
}

/// The next rows of a board in a period after `after_id`, in id order, for a rebuild.
pub async fn rows_after(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    window: &PeriodWindow,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<Score>> {
    scores::table
        .filter(scores::game_mode.eq(game_mode))
        .filter(scores::created_at.ge(window.start))
        .filter(scores::created_at.lt(window.end_or_max()))
        .filter(scores::id.gt(after_id))
        .order(scores::id.asc())
        .limit(limit)
        .select(Score::as_select())
        .load(conn)
        .await
}
